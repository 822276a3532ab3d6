"""F8's outcome panel on the counter screen (issue 11): it is chosen inline, and opening or closing it repaints
only the rows it covers, never the whole terminal (a modal screen did: ~50 KB per key over SSH).

The repaint is measured as the cells the compositor marks dirty for each frame (what the terminal is sent),
not as time; benchmarks/bench_counter_day.py measures the bytes in a real terminal.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from textual._compositor import Compositor

from counter_tui.domain.queue import Outcome, TicketStatus
from counter_tui.tui.app import create_app
from counter_tui.tui.widgets.finish_panel import FinishPanel
from tests.tui.helpers import screen_text, settle
from tests.tui.test_queue_tui import digits, open_counter
from tests.tui.test_queue_tui import other as other  # noqa: F401 (the fixture)

SIZE = (120, 40)


@contextmanager
def painted_cells(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, object]]:
    """Record every frame the compositor renders: the set of dirty cells, and whether any frame was full."""
    seen: dict[str, object] = {"cells": set(), "full": False}
    render_update = Compositor.render_update

    def spy(self, full: bool = False, screen_stack=None):
        cells = seen["cells"]
        assert isinstance(cells, set)
        if full or self._dirty_regions and self.size.region in self._dirty_regions:
            seen["full"] = True
        for region in self._dirty_regions:
            cells.update(
                (x, y) for y in range(region.y, region.bottom) for x in range(region.x, region.right)
            )
        return render_update(self, full=full, screen_stack=screen_stack)

    with monkeypatch.context() as patch:
        patch.setattr(Compositor, "render_update", spy)
        yield seen


def panel(app) -> FinishPanel:
    return app.screen.query_one(FinishPanel)


async def test_opening_and_choosing_repaints_only_a_part_of_the_screen(
    ready_db_path, clock, other, monkeypatch
) -> None:
    other.issue("A")
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    screen_cells = SIZE[0] * SIZE[1]
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        with painted_cells(monkeypatch) as opened:
            await pilot.press("f8")
            await settle(pilot)
        assert panel(app).is_open
        assert "Selesaikan tiket: pilih hasil layanan" in screen_text(pilot)
        with painted_cells(monkeypatch) as chosen:
            await pilot.press("1")
            await settle(pilot)
        assert not panel(app).is_open
    for seen in (opened, chosen):
        assert not seen["full"]
        cells = seen["cells"]
        assert isinstance(cells, set)
        # The panel is 72x11 at the bottom left; the footer, the focus leaving the services list, and (on the
        # outcome) the current ticket, the counts and the toast change too: about 1,300 and 2,000 cells.
        assert len(cells) < screen_cells // 2, len(cells)
    assert other.ticket("A-001").outcome is Outcome.SELESAI


async def test_the_other_counter_keys_wait_while_the_outcome_is_chosen(ready_db_path, clock, other) -> None:
    other.issue("A")
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        focused_before = app.screen.focused
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("f2", "f5")  # neither calls the next ticket nor asks about a no-show
        await settle(pilot)
        assert panel(app).is_open
        assert other.ticket("A-002").status is TicketStatus.WAITING
        assert other.ticket("A-001").status is TicketStatus.CALLED
        await pilot.press("down", "down", "enter")  # the third outcome, by the arrows
        await settle(pilot)
        assert not panel(app).is_open
        assert app.screen.focused is focused_before  # the keys go back where they were
        assert other.ticket("A-001").outcome is list(Outcome)[2]
        assert digits(app, "#current-digits") == ""
        await pilot.press("f2")  # the counter keys work again
        await settle(pilot)
        assert digits(app, "#current-digits") == "A-002"
