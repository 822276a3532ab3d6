"""Updates that cost nothing when nothing changed, and no layout when the size cannot change.

`Static.update` always re-renders and re-lays out, and the screens that follow the clock (the counter's elapsed
time, the board's clock) call it every second: over a day, with a dozen counters on one host, that was most of
the idle CPU and about 1 KB a second to every terminal. These helpers skip the update when the content is equal.

A layout pass of the whole screen (a few milliseconds at 120x40, several times per key on the counter) is only
needed when a widget's size may change. For plain `Text` the size of an auto-sized Static follows from its lines:
the same number of lines, each no wider than before and not wrapped, gives the same size, so `update_static`
then skips the layout.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Digits, Static

_LAST = "_counter_tui_last_content"


def _shape(content: object) -> tuple[int, int] | None:
    """(lines, widest line) of plain text, None for anything else (its size is not known here)."""
    if isinstance(content, Text):
        plain = content.plain
    elif isinstance(content, str):
        plain = content
    else:
        return None
    lines = plain.split("\n")
    return len(lines), max(cell_len(line) for line in lines)


def update_static(widget: Static, content, *, layout: bool | None = None) -> bool:
    """widget.update(content) unless it already shows equal content. Returns whether it updated.

    `layout`: None works it out (no layout when the text has the shape it had and fits unwrapped); False when
    the caller knows the size is fixed (CSS gives the height and width); True always lays out."""
    last = getattr(widget, _LAST, None)
    if last == content:
        return False
    if layout is None:
        old, new = _shape(last), _shape(content)
        width = widget.content_size.width
        layout = not (old is not None and old == new and width and new[1] <= width)
    setattr(widget, _LAST, content)
    widget.update(content, layout=layout)
    return True


def update_digits(widget: Digits, value: str) -> bool:
    if widget.value == value:
        return False
    widget.update(value)
    return True
