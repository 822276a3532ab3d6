"""The Jemput Bola screen at 80x24, by keyboard: from the home screen (ctrl+j), start a school session, record a
pupil through the case form (which shows the "Jemput bola: <place>" banner), see the count, end the session."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Input

from counter_tui.services import accounts
from counter_tui.tui.app import create_app
from counter_tui.tui.screens.case_form import CaseFormScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.outreach import OutreachScreen
from tests.clock import FixedClock
from tests.conftest import OPERATOR_CODE, OPERATOR_PIN
from tests.tui.helpers import screen_text, settle, table_rows, type_text
from tests.tui.test_cases_tui import PEMULA_NIK, SIZE, Keys, fill_person


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()


async def test_a_school_session_by_keyboard(ready_db_path: Path, clock: FixedClock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        actor = await app.call(accounts.login, OPERATOR_CODE, OPERATOR_PIN, 0)
        await app.login_done(actor)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Ctrl+J" in screen_text(pilot)
        assert "Jemput Bola" in screen_text(pilot)
        keys = Keys(pilot)
        await keys.press("ctrl+j")
        assert isinstance(app.screen, OutreachScreen)
        assert "Tidak ada kegiatan jemput bola" in screen_text(pilot)
        assert "jangan nama orang atau alamat rumah" in screen_text(pilot)
        await keys.press("f4")  # nothing open yet: says so
        assert "Mulai kegiatan jemput bola dahulu" in screen_text(pilot)

        await type_text(pilot, "Jl. Mawar No. 3")  # a house address is refused, nothing written
        await keys.press("enter")
        assert "alamat rumah" in screen_text(pilot)
        assert rows(ready_db_path, "SELECT count(*) FROM outreach_sessions") == [(0,)]
        app.screen.query_one("#outreach-place", Input).value = ""
        await type_text(pilot, "SMAN 1 Sampit")
        await keys.press("tab")
        await type_text(pilot, "05")
        await keys.press("enter")
        text = screen_text(pilot)
        assert "Berjalan sejak 08:00: 0 perekaman, 0 berkas · SMAN 1 Sampit (sekolah)" in text
        assert table_rows(pilot, "#outreach-table") == [
            ["sekolah", "SMAN 1 Sampit", "08:00", "berjalan", "0", "0"]
        ]

        await keys.press("f4")  # record a pupil: the case form, no ticket, with the banner
        assert isinstance(app.screen, CaseFormScreen)
        assert "Jemput bola: SMAN 1 Sampit" in screen_text(pilot)
        await fill_person(keys, PEMULA_NIK, "Siti Aminah", "05-05-2008", "P")
        await keys.press("f5")
        await keys.press("enter")
        assert isinstance(app.screen, OutreachScreen)
        assert "1 perekaman, 1 berkas" in screen_text(pilot)
        assert table_rows(pilot, "#outreach-table")[0][-2:] == ["1", "1"]

        clock.advance(hours=2)
        await keys.press("f3")
        text = screen_text(pilot)
        assert "Tidak ada kegiatan jemput bola" in text
        assert table_rows(pilot, "#outreach-table") == [
            ["sekolah", "SMAN 1 Sampit", "08:00", "10:00", "1", "1"]
        ]
        await keys.press("escape")
        assert isinstance(app.screen, HomeScreen)
    assert rows(
        ready_db_path,
        "SELECT s.kind, s.place, s.kecamatan_code, s.ended_at IS NOT NULL, c.ticket_id, c.route FROM outreach_sessions s"
        " JOIN outreach_cases oc ON oc.session_id = s.id JOIN cases c ON c.id = oc.case_id",
    ) == [("sekolah", "SMAN 1 Sampit", "62.02.05", 1, None, "rekam")]


async def test_a_field_that_is_full_says_so(ready_db_path: Path, clock: FixedClock) -> None:
    """No silent truncation: a key past the kecamatan field's 8 characters is refused with a message."""
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        actor = await app.call(accounts.login, OPERATOR_CODE, OPERATOR_PIN, 0)
        await app.login_done(actor)
        await settle(pilot)
        keys = Keys(pilot)
        await keys.press("ctrl+j")
        assert isinstance(app.screen, OutreachScreen)
        app.screen.query_one("#outreach-kecamatan", Input).focus()
        await settle(pilot)
        await type_text(pilot, "62.02.05")
        await type_text(pilot, "1")  # the ninth character
        await settle(pilot)
        assert app.screen.query_one("#outreach-kecamatan", Input).value == "62.02.05"
        assert "Kecamatan maksimal 8 karakter" in screen_text(pilot)
