"""The counter's waiting list widget (Line API, issue 11) and the quiet updates: what is drawn, and when a
layout pass is skipped."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from counter_tui.tui.widgets.quiet import update_static
from counter_tui.tui.widgets.waiting_table import WaitingTable
from tests.tui.helpers import screen_text

COLUMNS = ("No.", "Tiket", "Prioritas")


def row(n: int, label: str, priority: str = "-") -> tuple[Text, ...]:
    return (Text(str(n), justify="right"), Text(label, style="bold"), Text(priority, style="dim"))


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield WaitingTable(COLUMNS, id="table")
        yield Static("", id="auto")
        yield Static("", id="fixed")


async def test_rows_are_drawn_under_the_header_with_auto_widths_and_right_justified_numbers() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(WaitingTable)
        assert table.set_rows([row(9, "A-009"), row(10, "A-010", "Lansia")]) is True
        await pilot.pause()
        lines = screen_text(pilot).splitlines()
        assert lines[0] == " No.  Tiket  Prioritas"
        assert lines[1] == "   9  A-009  -"
        assert lines[2] == "  10  A-010  Lansia"
        assert table.row_count == 2
        assert table.get_row_at(1)[1].plain == "A-010"
        # The second row is striped, the header bold; the label keeps its own style.
        strip = table.render_line(2)
        assert strip.cell_length == table.size.width
        backgrounds = {seg.style.bgcolor for seg in table.render_line(1) if seg.style}
        assert backgrounds != {seg.style.bgcolor for seg in strip if seg.style}
        assert any(seg.text.strip() == "A-010" and seg.style.bold for seg in strip)
        assert all(seg.style.bold for seg in table.render_line(0) if seg.text.strip())


async def test_equal_rows_do_not_redraw_and_a_short_page_leaves_blank_lines() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(WaitingTable)
        table.set_rows([row(1, "A-001"), row(2, "A-002")])
        assert table.set_rows([row(1, "A-001"), row(2, "A-002")]) is False
        assert table.set_rows([row(1, "A-002")]) is True
        await pilot.pause()
        lines = screen_text(pilot).splitlines()
        assert lines[1] == "   1  A-002  -"
        assert "A-001" not in screen_text(pilot)
        assert table.render_line(2).text.strip() == ""


async def test_a_cell_with_spans_keeps_its_text_and_a_wrong_row_is_refused() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(WaitingTable)
        mixed = Text("Ibu ")
        mixed.append("hamil", style="italic")
        table.set_rows([(Text("1"), Text("B-001"), mixed)])
        await pilot.pause()
        assert screen_text(pilot).splitlines()[1] == " 1    B-001  Ibu hamil"
        assert any(seg.text == "hamil" and seg.style.italic for seg in table.render_line(1))
        with pytest.raises(ValueError, match="2 cells for 3 columns"):
            table.set_rows([(Text("1"), Text("B-001"))])
        assert table.row_count == 1  # the refused rows changed nothing


async def test_rows_scroll_under_a_fixed_header_in_a_tiny_terminal() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 4)) as pilot:
        table = app.query_one(WaitingTable)
        table.styles.height = 3
        table.set_rows([row(n, f"A-{n:03d}") for n in range(1, 6)])
        await pilot.pause()
        table.scroll_to(y=3, animate=False)
        await pilot.pause()
        assert table.render_line(0).text.startswith(" No.")
        assert "A-004" in table.render_line(1).text


async def test_quiet_updates_skip_the_layout_only_when_the_size_cannot_change(monkeypatch) -> None:
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        widget = app.query_one("#auto", Static)
        layouts: list[bool] = []
        original = Static.update

        def spy(self, content="", *, layout=True):
            layouts.append(layout)
            original(self, content, layout=layout)

        monkeypatch.setattr(Static, "update", spy)
        assert update_static(widget, Text("Dilayani: 1\nSisa: 2 jam")) is True
        await pilot.pause()
        assert update_static(widget, Text("Dilayani: 1\nSisa: 2 jam")) is False  # equal: nothing at all
        assert update_static(widget, Text("Dilayani: 2\nSisa: 2 jam")) is True  # same shape
        assert update_static(widget, Text("Dilayani: 2\nSisa: 2 jam\nTutup")) is True  # one line more
        await pilot.pause()
        assert update_static(widget, Text("Dilayani: 20\nSisa: 2 jam\nTutup")) is True  # wider
        assert update_static(widget, Text("x" * 80)) is True  # would wrap
        assert update_static(app.query_one("#fixed", Static), Text("a"), layout=False) is True
        assert layouts == [True, False, True, True, True, False]
