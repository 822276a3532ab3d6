"""Tick boxes that differ in text as well as in colour: the counter's service list and a checkbox.

Textual's SelectionList and Checkbox draw the same "X" for ticked and unticked and tell them apart by colour
only, which a colour-blind operator or a monochrome console cannot see. Here ticked shows "X" and unticked a
blank box.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "X"
UNTICKED = " "


class ServiceTickList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 3:
            return strip
        inner = segments[1]
        mark = TICKED if selection.value in self._selected else UNTICKED
        segments[1] = Segment(mark * len(inner.text), inner.style, inner.control)
        return Strip(segments, strip.cell_length)


class TickBox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return TICKED if self.value else UNTICKED
