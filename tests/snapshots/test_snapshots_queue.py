"""SVG snapshots of two key queue screens, with a frozen clock: the counter and the waiting-room board.

Update them deliberately: `pytest tests/snapshots --snapshot-update`, then look at the SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

from counter_tui.services import accounts, counter_actions, tickets
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from counter_tui.tui.app import create_app
from counter_tui.tui.screens.board import Announcer
from counter_tui.tui.screens.counter import CounterScreen
from tests.clock import FixedClock
from tests.conftest import OPERATOR2_CODE, OPERATOR2_PIN, OPERATOR_CODE, OPERATOR_PIN
from tests.tui.helpers import settle

SIZE = (120, 40)


def _prepare_queue(path: Path, clock: FixedClock, calls: list[tuple[int, str]]) -> None:
    """Issue a morning's tickets, then let counters call: calls is [(counter, operator code), ...]."""
    db = open_database(path)
    try:
        desk = accounts.login(Session(db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 0)
        for service, priority in [
            ("A", None),
            ("B", None),
            ("A", "lansia"),
            ("C", None),
            ("A", None),
            ("D", None),
            ("B", "disabilitas"),
            ("A", None),
        ]:
            tickets.issue_ticket(Session(db, desk, clock), service, priority=priority)
            clock.advance(minutes=2)
        pins = {OPERATOR_CODE: OPERATOR_PIN, OPERATOR2_CODE: OPERATOR2_PIN}
        for counter, code in calls:
            operator = accounts.login(Session(db, clock=clock), code, pins[code], counter)
            counter_actions.call_next(Session(db, operator, clock), ["A", "B", "C", "D", "E"])
            clock.advance(minutes=3)
    finally:
        db.close()


def test_counter_screen_with_a_called_ticket(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    _prepare_queue(ready_db_path, clock, [(1, OPERATOR_CODE)])
    clock.advance(minutes=1, seconds=15)  # the call is 4:15 old on screen
    app = create_app(ready_db_path, clock=clock)

    async def open_counter(pilot) -> None:
        await settle(pilot)
        actor = await app.call(accounts.login, OPERATOR_CODE, OPERATOR_PIN, 1)
        await app.login_done(actor)
        await settle(pilot)
        await app.push_screen(CounterScreen())
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_counter)


def test_board_with_a_few_calls(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    _prepare_queue(ready_db_path, clock, [(1, OPERATOR_CODE), (2, OPERATOR2_CODE)])
    db = open_database(ready_db_path)
    try:
        # Counter 1 finishes and calls again; counter 2 recalls its ticket: four calls on the board.
        first = accounts.login(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1)
        counter_actions.finish(Session(db, first, clock), "selesai")
        counter_actions.call_next(Session(db, first, clock), ["A"])
        clock.advance(minutes=1)
        second = accounts.login(Session(db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 2)
        counter_actions.recall(Session(db, second, clock))
    finally:
        db.close()
    app = create_app(ready_db_path, clock=clock, mode="board")

    async def settle_board(pilot) -> None:
        await settle(pilot)
        board = app.screen
        # The TV in the test has no speaker: replace the announcer so a machine with espeak-ng stays silent.
        board.announcer = Announcer(which=lambda name: None)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=settle_board)
