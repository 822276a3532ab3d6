"""Pilot tests of the supervisor's end-of-day screens: Tutup Hari (close, refuse, reopen, export) and the Dasbor
(live figures that follow another counter's changes)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Sparkline

from counter_tui.services import accounts, tickets
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from counter_tui.tui.app import create_app
from counter_tui.tui.screens.dashboard import DashboardScreen
from counter_tui.tui.screens.end_of_day import CloseDayScreen
from tests.clock import FixedClock
from tests.conftest import (
    OPERATOR2_CODE,
    OPERATOR2_PIN,
    OPERATOR_CODE,
    OPERATOR_PIN,
    SUPERVISOR_CODE,
    SUPERVISOR_PIN,
)
from tests.tui.helpers import screen_text, settle, table_rows, type_text

SIZE = (80, 24)


async def _log_in(app, pilot, code: str, pin: str, counter: int = 0) -> None:
    await settle(pilot)
    actor = await app.call(accounts.login, code, pin, counter)
    await app.login_done(actor)
    await settle(pilot)


def _issue(path: Path, clock: FixedClock, services: str) -> None:
    db = open_database(path)
    try:
        desk = accounts.login(Session(db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 0)
        for service in services:
            tickets.issue_ticket(Session(db, desk, clock), service)
    finally:
        db.close()


def _statuses(path: Path) -> dict[str, str]:
    db = open_database(path)
    try:
        return {
            f"{r[0]}-{r[1]:03d}": r[2]
            for r in db.conn.execute("SELECT origin_service, number, status FROM tickets")
        }
    finally:
        db.close()


async def test_an_operator_sees_neither_screen(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await _log_in(app, pilot, OPERATOR_CODE, OPERATOR_PIN, 1)
        assert "Tutup Hari" not in screen_text(pilot)
        await pilot.press("f12")
        await pilot.press("f11")
        await settle(pilot)
        assert not isinstance(app.screen, CloseDayScreen | DashboardScreen)


async def test_close_day_screen_closes_refuses_reopens_and_exports(ready_db_path, clock) -> None:
    _issue(ready_db_path, clock, "AAB")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await _log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN)
        assert "Tutup Hari" in screen_text(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, CloseDayScreen)
        assert [row[0] for row in table_rows(pilot, "#eod-tickets")] == ["A-001", "A-002", "B-001"]
        assert "Hari masih buka" in screen_text(pilot)
        assert set(_statuses(ready_db_path).values()) == {"waiting"}

        await pilot.press("f2")
        await settle(pilot)
        assert "Tutup hari ini? 3 tiket" in screen_text(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert set(_statuses(ready_db_path).values()) == {"closed"}
        text = screen_text(pilot)
        assert "DITUTUP" in text
        assert table_rows(pilot, "#eod-tickets") == []

        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("enter")  # no reason: refused inline, the dialog stays
        await settle(pilot)
        assert "Alasan membuka kembali hari wajib diisi" in screen_text(pilot)
        await type_text(pilot, "Rombongan SMA datang")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CloseDayScreen)
        assert "Dibuka kembali oleh SPV1: Rombongan SMA datang" in screen_text(pilot)

        await pilot.press("f4")
        await settle(pilot)
        exports = ready_db_path.parent / "exports"
        bundles = list(exports.iterdir())
        assert [b.name for b in bundles] == ["62.02-2026-11-30"]
        assert (bundles[0] / "manifest.json").is_file()
        assert "Bundel ekspor" in screen_text(pilot)
        first = (bundles[0] / "manifest.json").read_text()

        clock.advance(minutes=5)
        await pilot.press("f4")  # again: the screen asks before it overwrites
        await settle(pilot)
        assert "sudah ada. Timpa" in screen_text(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [b.name for b in exports.iterdir()] == ["62.02-2026-11-30"]
        assert (bundles[0] / "manifest.json").read_text() != first  # a new bundle (generated later)


async def test_dashboard_follows_another_counter(ready_db_path, clock) -> None:
    _issue(ready_db_path, clock, "AB")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await _log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN)
        await pilot.press("f11")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        rows = {row[0][0]: row for row in table_rows(pilot, "#dash-services")}
        assert rows["A"][1] == "1"
        assert "Menunggu sekarang: 2" in screen_text(pilot)
        sparkline = app.screen.query_one("#dash-hourly", Sparkline)
        assert sum(sparkline.data) == 2
        await app.poll_changes()  # the change check's baseline

        _issue(ready_db_path, clock, "AAA")  # the front desk, in another process
        await app.poll_changes()  # what the 0.5 s timer does
        await settle(pilot)
        rows = {row[0][0]: row for row in table_rows(pilot, "#dash-services")}
        assert rows["A"][1] == "4"
        assert "Menunggu sekarang: 5" in screen_text(pilot)
        assert sum(app.screen.query_one("#dash-hourly", Sparkline).data) == 5
        assert "tersibuk 08:00 (5 tiket)" in screen_text(pilot)

        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, CloseDayScreen)


async def test_the_demo_office_says_demo_on_every_screen(tmp_path: Path) -> None:
    from counter_tui.services.demo import build_demo
    from counter_tui.services.demo_data import OPERATORS
    from counter_tui.tui.screens.board import BoardScreen

    path = tmp_path / "demo.db"
    build_demo(path)
    boss = OPERATORS[0]
    app = create_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "DEMO" in screen_text(pilot).splitlines()[0]  # the login screen
        actor = await app.call(accounts.login, boss.code, boss.pin, 0)
        await app.login_done(actor)
        await settle(pilot)
        for key, screen_type in (("f11", DashboardScreen), ("f12", CloseDayScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            assert "DEMO" in screen_text(pilot).splitlines()[0]
            if screen_type is DashboardScreen:
                assert "Stok blanko: " in screen_text(pilot)
                assert "Target perekaman: 99,2 %" in screen_text(pilot)
            await pilot.press("escape")
            await settle(pilot)
        await app.push_screen(BoardScreen())  # the display board has no header: the badge still shows
        await settle(pilot)
        assert "DEMO" in screen_text(pilot).splitlines()[0]


async def test_a_real_office_shows_no_demo_badge(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await _log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN)
        assert "DEMO" not in screen_text(pilot)


async def test_a_busy_day_previews_one_page_and_closes_every_ticket(ready_db_path, clock) -> None:
    """Thousands may wait at closing: the preview table lists PREVIEW_ROWS and says how many there are."""
    from counter_tui.tui.screens.end_of_day import PREVIEW_ROWS

    _issue(ready_db_path, clock, "A" * (PREVIEW_ROWS + 5))
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await _log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, CloseDayScreen)
        assert len(table_rows(pilot, "#eod-tickets")) == PREVIEW_ROWS
        assert f"{PREVIEW_ROWS + 5} tiket akan ditutup" in screen_text(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert set(_statuses(ready_db_path).values()) == {"closed"}
        assert len(_statuses(ready_db_path)) == PREVIEW_ROWS + 5
