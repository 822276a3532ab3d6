"""80x24 snapshots of the main screens (many counter PCs run an 80x24 console): front desk, counter, board,
home and the operators' list. Frozen clock; update deliberately with `--snapshot-update` and look at the SVGs."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from counter_tui.services import account_admin, accounts
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from counter_tui.tui.app import create_app
from counter_tui.tui.screens.board import Announcer
from counter_tui.tui.screens.counter import CounterScreen
from counter_tui.tui.screens.front_desk import FrontDeskScreen
from counter_tui.tui.screens.operators import OperatorsScreen
from tests.clock import FixedClock
from tests.conftest import (
    OPERATOR2_CODE,
    OPERATOR2_PIN,
    OPERATOR_CODE,
    OPERATOR_PIN,
    SUPERVISOR_CODE,
    SUPERVISOR_PIN,
)
from tests.snapshots.test_snapshots_queue import _prepare_queue
from tests.tui.helpers import settle

SIZE = (80, 24)


async def _steady(pilot: Pilot) -> None:
    await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def _enter(app, pilot: Pilot, code: str, pin: str, counter: int, screen=None) -> None:
    await settle(pilot)
    actor = await app.call(accounts.login, code, pin, counter)
    await app.login_done(actor)
    await settle(pilot)
    if screen is not None:
        await app.push_screen(screen)
    await _steady(pilot)


def test_front_desk_80x24(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    _prepare_queue(ready_db_path, clock, [])
    app = create_app(ready_db_path, clock=clock)

    async def issue(pilot: Pilot) -> None:
        await _enter(app, pilot, OPERATOR2_CODE, OPERATOR2_PIN, 0, FrontDeskScreen())
        await pilot.press("1", "a")  # a lansia ticket for service A
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=issue)


def test_counter_80x24(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    _prepare_queue(ready_db_path, clock, [(1, OPERATOR_CODE)])
    clock.advance(minutes=1, seconds=15)
    app = create_app(ready_db_path, clock=clock)

    async def open_counter(pilot: Pilot) -> None:
        await _enter(app, pilot, OPERATOR_CODE, OPERATOR_PIN, 1, CounterScreen())

    assert snap_compare(app, terminal_size=SIZE, run_before=open_counter)


def test_counter_finish_panel_80x24(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    """F8's outcome panel, inline on the counter screen: the current ticket stays in view above it."""
    _prepare_queue(ready_db_path, clock, [(1, OPERATOR_CODE)])
    clock.advance(minutes=1, seconds=15)
    app = create_app(ready_db_path, clock=clock)

    async def open_finish(pilot: Pilot) -> None:
        await _enter(app, pilot, OPERATOR_CODE, OPERATOR_PIN, 1, CounterScreen())
        await pilot.press("f8")
        await _steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_finish)


def test_board_80x24(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    _prepare_queue(ready_db_path, clock, [(1, OPERATOR_CODE), (12, OPERATOR2_CODE), (3, OPERATOR_CODE)])
    app = create_app(ready_db_path, clock=clock, mode="board")

    async def settle_board(pilot: Pilot) -> None:
        await settle(pilot)
        app.screen.announcer = Announcer(which=lambda name: None)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=settle_board)


def test_home_80x24(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    app = create_app(ready_db_path, clock=clock)

    async def home(pilot: Pilot) -> None:
        await _enter(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)

    assert snap_compare(app, terminal_size=SIZE, run_before=home)


def test_operators_80x24_with_a_long_name(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    db = open_database(ready_db_path)
    try:
        supervisor = accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        account_admin.add_operator(
            Session(db, supervisor, clock),
            "ABCDEFGHIJKLMNOPQRST",
            "Raden Ajeng Siti Nurhaliza Kartika Dewi Purnamasari Wulandari",
            "operator",
            "736152",
            "736152",
        )
    finally:
        db.close()
    app = create_app(ready_db_path, clock=clock)

    async def operators(pilot: Pilot) -> None:
        await _enter(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, 0, OperatorsScreen())

    assert snap_compare(app, terminal_size=SIZE, run_before=operators)
