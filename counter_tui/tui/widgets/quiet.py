"""Updates that cost nothing when nothing changed.

`Static.update` always re-renders and re-lays out, and the screens that follow the clock (the counter's elapsed
time, the board's clock) call it every second: over a day, with a dozen counters on one host, that was most of
the idle CPU and about 1 KB a second to every terminal. These helpers skip the update when the content is equal.
"""

from __future__ import annotations

from textual.widgets import Digits, Static

_LAST = "_counter_tui_last_content"


def update_static(widget: Static, content) -> bool:
    """widget.update(content) unless it already shows equal content. Returns whether it updated."""
    if getattr(widget, _LAST, None) == content:
        return False
    setattr(widget, _LAST, content)
    widget.update(content)
    return True


def update_digits(widget: Digits, value: str) -> bool:
    if widget.value == value:
        return False
    widget.update(value)
    return True
