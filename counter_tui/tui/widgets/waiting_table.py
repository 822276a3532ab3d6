"""The counter's waiting list: a read-only table drawn line by line (Textual's Line API).

It replaced a DataTable (issue 11). Every call moves each row of the page up by one and renumbers it, so the
whole page is new on every key; DataTable renders each cell through Rich's console (padding, wrapping,
cropping), which cost about 23 ms of the ~42 ms a call spent laying out and painting at 120x40. Here a line is
a handful of Segments, one per run of equal style, built when it is drawn (Textual keeps the drawn lines until
the rows change): well under a millisecond for a page.

Cells are single-style `Text` (the style, not spans, is drawn; a cell with spans is drawn through Rich instead,
so nothing is lost). The header row stays on top while the rows scroll, which only happens in a terminal too
small for the shortest page.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

Row = tuple[Text, ...]

_PADDING = 1  # blank cells on each side of a cell, as DataTable draws them


class WaitingTable(ScrollView, can_focus=True):
    """Columns of auto width, a header row, zebra stripes; `set_rows` redraws only when a row changed."""

    COMPONENT_CLASSES = {"waiting-table--header", "waiting-table--even-row"}

    DEFAULT_CSS = """
    WaitingTable {
        background: $surface;
        color: $foreground;
        overflow-x: auto;
        & > .waiting-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .waiting-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:focus > .waiting-table--header {
            background: $secondary-muted;
        }
    }
    """

    def __init__(self, columns: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = tuple(columns)
        self._rows: list[Row] = []
        self._widths: list[int] = [cell_len(c) for c in self.titles]
        self._cell_console: Console | None = None

    # -- data -------------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> Row:
        return self._rows[index]

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[Row]) -> bool:
        """Show these rows; nothing happens when they equal the rows shown. Returns whether it redrew."""
        rows = list(rows)
        if rows == self._rows:
            return False
        for row in rows:
            if len(row) != len(self.titles):
                raise ValueError(f"a row has {len(row)} cells for {len(self.titles)} columns")
        self._rows = rows
        self._widths = [
            max([cell_len(title)] + [cell_len(row[i].plain) for row in rows])
            for i, title in enumerate(self.titles)
        ]
        self.virtual_size = Size(sum(w + 2 * _PADDING for w in self._widths), len(rows) + 1)
        self.refresh()
        return True

    # -- drawing ----------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("waiting-table--header")
            segments = self._line([Text(title) for title in self.titles], style)
        else:
            index = scroll_y + y - 1
            if index >= len(self._rows):
                return Strip.blank(width, base)
            style = base
            if index % 2:
                style = base + self.get_component_rich_style("waiting-table--even-row")
            segments = self._line(self._rows[index], style)
        strip = Strip(segments).crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, style)

    def _line(self, cells: Sequence[Text], style: Style) -> list[Segment]:
        pad = " " * _PADDING
        segments: list[Segment] = []
        for text, width in zip(cells, self._widths, strict=True):
            segments.append(Segment(pad, style))
            if text.spans:
                segments.extend(self._rich_cell(text, width, style))
            else:
                plain = text.plain
                gap = width - cell_len(plain)
                if gap < 0:
                    plain, gap = set_cell_size(plain, width), 0  # never: widths are the longest cell
                if text.justify == "right":
                    plain = " " * gap + plain
                elif text.justify == "center":
                    plain = " " * (gap // 2) + plain + " " * (gap - gap // 2)
                else:
                    plain = plain + " " * gap
                cell_style = (
                    style + Style.parse(text.style) if isinstance(text.style, str) else style + text.style
                )
                segments.append(Segment(plain, cell_style))
            segments.append(Segment(pad, style))
        # One segment per run of equal style: each segment costs an escape sequence on the terminal.
        return list(Segment.simplify(segments))

    def _rich_cell(self, text: Text, width: int, style: Style) -> list[Segment]:
        if self._cell_console is None:
            self._cell_console = Console(width=width, color_system="truecolor", legacy_windows=False)
        line = text.copy()
        line.truncate(width, pad=True)
        return [
            Segment(s.text, style + s.style if s.style else style) for s in line.render(self._cell_console)
        ]
