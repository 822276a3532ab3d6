"""The counter's waiting list pages by keyset (issue 11): a page starts right after the ticket the previous page
ended with, so its boundary stays put while other counters call tickets ahead of it or priority tickets arrive.
With OFFSET paging the second page slid forward under the operator by one ticket per call elsewhere."""

from __future__ import annotations

import math

from counter_tui.services import accounts, counter_actions
from counter_tui.services.session import Session
from counter_tui.tui.app import create_app
from counter_tui.tui.screens.counter import MIN_PAGE_SIZE, PAGE_SIZE
from counter_tui.tui.widgets.waiting_table import WaitingTable
from tests.conftest import OPERATOR2_CODE, OPERATOR2_PIN
from tests.tui.helpers import screen_text, settle
from tests.tui.test_queue_tui import SIZE, open_counter
from tests.tui.test_queue_tui import other as other  # noqa: F401 (the fixture)


def first_row(app) -> tuple[str, str]:
    """(No., Tiket) of the first row shown."""
    row = app.screen.query_one("#waiting-table", WaitingTable).get_row_at(0)
    return row[0].plain, row[1].plain


async def test_a_page_boundary_stays_while_tickets_ahead_are_called_or_issued(
    ready_db_path, clock, other
) -> None:
    for _ in range(2 * PAGE_SIZE + 20):
        other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        n = app.screen.page_size  # the page fits the table's height
        assert MIN_PAGE_SIZE <= n < PAGE_SIZE
        await pilot.press("pagedown")
        await settle(pilot)
        assert first_row(app) == (str(n + 1), f"A-{n + 1:03d}")
        # Counter 2 calls three tickets of page 1.
        counter2 = accounts.login(Session(other.db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 2)
        for _ in range(3):
            counter_actions.call_next(Session(other.db, counter2, clock), ["A"])
            counter_actions.mark_no_show(Session(other.db, counter2, clock))
        await app.poll_changes()
        await settle(pilot)
        # The same ticket still opens page 2, three places further up the queue.
        assert first_row(app) == (str(n + 1 - 3), f"A-{n + 1:03d}")
        assert "total 117 menunggu" in screen_text(pilot)
        # A priority ticket goes to the head of the queue: one place further down, same boundary.
        other.issue("A", priority="lansia")
        await app.poll_changes()
        await settle(pilot)
        assert first_row(app) == (str(n + 1 - 3 + 1), f"A-{n + 1:03d}")
        # Page 1 is read from the head again: the priority ticket, then A-004 ...
        await pilot.press("pageup")
        await settle(pilot)
        assert first_row(app)[1] == f"A-{2 * PAGE_SIZE + 21:03d}"
        table = app.screen.query_one("#waiting-table", WaitingTable)
        assert table.get_row_at(1)[1].plain == "A-004"
        last_of_page_1 = table.get_row_at(n - 1)[1].plain
        assert last_of_page_1 == f"A-{n + 2:03d}"
        # ... and the next page starts right after the ticket it now ends with.
        await pilot.press("pagedown")
        await settle(pilot)
        assert first_row(app) == (str(n + 1), f"A-{n + 3:03d}")
        assert f"Halaman 2 dari {math.ceil(118 / n)}" in screen_text(pilot)


async def test_a_page_whose_tickets_are_all_gone_falls_back(ready_db_path, clock, other) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        n = app.screen.page_size  # the page fits the table's height
        assert MIN_PAGE_SIZE <= n < PAGE_SIZE
        for _ in range(n + 2):  # two pages: a full one and two tickets
            other.issue("A")
        await app.poll_changes()
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        assert first_row(app)[1] == f"A-{n + 1:03d}"
        await pilot.press("pagedown")  # the last page: nothing after it
        await settle(pilot)
        assert first_row(app)[1] == f"A-{n + 1:03d}"
        counter2 = accounts.login(Session(other.db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 2)
        for _ in range(n + 2):
            counter_actions.call_next(Session(other.db, counter2, clock), ["A"])
            counter_actions.mark_no_show(Session(other.db, counter2, clock))
        other.issue("A")
        await app.poll_changes()
        await settle(pilot)
        # Page 2's two tickets were called: page 1 again, with the one ticket that waits now.
        assert first_row(app) == ("1", f"A-{n + 3:03d}")
        assert "Halaman 1 dari 1, total 1 menunggu" in screen_text(pilot)


async def test_a_page_is_as_tall_as_the_table_and_follows_a_resize(ready_db_path, clock, other) -> None:
    """A page loads the rows the table shows without scrolling (never fewer than MIN_PAGE_SIZE, which is what
    80x24 leaves room for), and a resize loads a page of the new height."""
    for _ in range(PAGE_SIZE + 10):
        other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_counter(app, pilot)
        table = app.screen.query_one("#waiting-table", WaitingTable)
        small = app.screen.page_size
        assert small == max(MIN_PAGE_SIZE, table.size.height - 1) == table.row_count
        assert f"Halaman 1 dari {math.ceil((PAGE_SIZE + 10) / small)}" in screen_text(pilot)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        await settle(pilot)
        big = app.screen.page_size
        assert big == table.size.height - 1 == table.row_count
        assert big > small
        assert table.max_scroll_y == 0
        shown = screen_text(pilot)
        assert f"A-{big:03d}" in shown  # the whole page is on screen ...
        assert f"A-{big + 1:03d}" not in shown  # ... and no more was loaded
        assert first_row(app) == ("1", "A-001")
