"""Issue 8 by keyboard: the front desk, the counter and every screen after login, driven with Pilot on a real
database. Each test checks what the operator sees and the rows written."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from counter_tui.domain.clock import WIB
from counter_tui.domain.queue import Outcome, TicketStatus
from counter_tui.services import account_admin
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from counter_tui.tui.app import create_app
from counter_tui.tui.dialogs.accounts import AddOperatorDialog
from counter_tui.tui.dialogs.confirm import ConfirmDialog
from counter_tui.tui.dialogs.counter import ResumeDialog
from counter_tui.tui.dialogs.front_desk import TicketCorrectionDialog
from counter_tui.tui.screens.counter import CounterScreen
from counter_tui.tui.screens.front_desk import FrontDeskScreen
from counter_tui.tui.screens.login import LoginScreen
from counter_tui.tui.screens.operators import OperatorsScreen
from counter_tui.tui.widgets.finish_panel import FinishPanel
from tests.conftest import (
    OPERATOR2_CODE,
    OPERATOR2_PIN,
    OPERATOR_CODE,
    OPERATOR_PIN,
    SUPERVISOR_CODE,
    SUPERVISOR_PIN,
)
from tests.tui.helpers import screen_text, settle, type_text
from tests.tui.test_queue_tui import Other, digits, log_in, open_counter, open_screen

SIZE = (120, 40)
NIK = "6202014507060001"
FULLWIDTH_NIK = "６２０２０１４５０７０６０００１"


@pytest.fixture
def other(ready_db_path: Path, clock):
    connection = Other(ready_db_path, clock)
    yield connection
    connection.close()


def audit(path: Path, action: str) -> list[tuple[str, str]]:
    db = open_database(path)
    try:
        rows = db.conn.execute(
            "SELECT operator_code, details FROM audit_log WHERE action = ? ORDER BY id", (action,)
        )
        return [(r[0], r[1]) for r in rows]
    finally:
        db.close()


async def open_front_desk(app, pilot) -> FrontDeskScreen:
    await log_in(app, pilot, OPERATOR2_CODE, OPERATOR2_PIN, 0)
    screen = FrontDeskScreen()
    await open_screen(app, pilot, screen)
    return screen


# -- front desk ------------------------------------------------------------------------------------
async def test_after_a_ticket_with_a_nik_the_desk_is_ready_for_the_next_visitor(
    ready_db_path, clock, other
) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_front_desk(app, pilot)
        await pilot.press("f8")
        await type_text(pilot, NIK)
        await pilot.press("f2")
        await settle(pilot)
        assert digits(app, "#ticket-digits") == "A-001"
        assert app.focused is None  # the NIK field let go
        await pilot.press("1", "b")  # the next visitor: lansia, service B
        await settle(pilot)
        assert digits(app, "#ticket-digits") == "B-001"
    assert other.ticket("A-001").nik_masked == "6202**********01"
    assert other.ticket("B-001").priority is not None
    assert other.ticket("B-001").nik_masked is None


async def test_fullwidth_digits_in_the_nik_are_normalised_not_dropped(ready_db_path, clock, other) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_front_desk(app, pilot)
        await pilot.press("f8")
        nik = app.screen.query_one("#frontdesk-nik", Input)
        nik.post_message(events.Paste(FULLWIDTH_NIK))  # pasted, as from a spreadsheet
        await settle(pilot)
        assert nik.value == NIK
        await pilot.press("f2")
        await settle(pilot)
        assert "NIK: 6202**********01" in screen_text(pilot)
    assert other.ticket("A-001").nik_masked == "6202**********01"


async def test_a_letter_in_the_nik_is_refused_with_a_message(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_front_desk(app, pilot)
        await pilot.press("f8", "6", "x")
        await settle(pilot)
        assert app.screen.query_one("#frontdesk-nik", Input).value == "6"
        assert "Kolom NIK hanya menerima angka" in screen_text(pilot)


async def test_a_refusal_clears_the_previous_big_number(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_front_desk(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        assert digits(app, "#ticket-digits") == "A-001"
        await pilot.press("f8")
        await type_text(pilot, "1234")  # not a NIK: refused, not overridable
        await pilot.press("f3")
        await settle(pilot)
        assert digits(app, "#ticket-digits") == ""
        text = screen_text(pilot)
        assert "Tiket tidak diterbitkan" in text
        assert "A-001" not in text


async def test_the_desk_cancels_and_reprints_a_wrongly_issued_ticket(ready_db_path, clock, other) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_front_desk(app, pilot)
        await pilot.press("a", "b")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, TicketCorrectionDialog)
        assert app.screen.query_one("#correction-label", Input).value == "B-001"  # the last one, filled in
        await pilot.press("f2")  # cancel it
        await settle(pilot)
        assert isinstance(app.screen, FrontDeskScreen)
        assert "Tiket B-001 dibatalkan." in screen_text(pilot)
        await pilot.press("f9")
        await settle(pilot)
        field = app.screen.query_one("#correction-label", Input)
        field.value = ""
        await type_text(pilot, "A-001")
        await pilot.press("f3")  # reprint
        await settle(pilot)
        assert digits(app, "#ticket-digits") == "A-001"
        assert "Cetak ulang." in screen_text(pilot)
    cancelled = other.ticket("B-001")
    assert cancelled.status is TicketStatus.CLOSED
    assert cancelled.outcome is Outcome.DIBATALKAN
    assert audit(ready_db_path, "ticket.cancel") == [(OPERATOR2_CODE, "{}")]
    assert audit(ready_db_path, "ticket.reprint") == [(OPERATOR2_CODE, "{}")]


# -- counter ---------------------------------------------------------------------------------------
async def test_the_operator_picks_which_parked_ticket_to_resume(ready_db_path, clock, other) -> None:
    for _ in range(2):
        other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        for _ in range(2):
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press("f7")
            await settle(pilot)
        assert "Ditunda: A-001, A-002" in screen_text(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, ResumeDialog)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert digits(app, "#current-digits") == "A-002"
    assert other.ticket("A-002").status is TicketStatus.SERVING
    assert other.ticket("A-001").status is TicketStatus.PARKED


async def test_f7_with_nothing_to_park_or_resume_says_so(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f7")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Tidak ada tiket untuk ditunda atau dilanjutkan." in text
        assert "sedang dipanggil atau dilayani" not in text


async def test_a_transferred_tickets_first_call_is_not_a_second_call(ready_db_path, clock, other) -> None:
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f6", "b")  # the letter picks service B at once
        await settle(pilot)
        assert other.ticket("A-001").service_code == "B"
        await pilot.press("f2")  # this counter serves B too
        await settle(pilot)
        assert digits(app, "#current-digits") == "A-001"
        assert "panggilan ke-" not in screen_text(pilot)


async def test_lainnya_asks_for_a_short_note(ready_db_path, clock, other) -> None:
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f8", "6")
        await settle(pilot)
        assert isinstance(app.screen, CounterScreen)
        assert app.screen.query_one(FinishPanel).is_open
        assert "Ketik catatan singkat" in screen_text(pilot)
        await pilot.press("enter")  # an empty note is refused inline
        await settle(pilot)
        assert "wajib diisi" in screen_text(pilot)
        await type_text(pilot, "pemohon kembali besok")
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query_one(FinishPanel).is_open
        assert "Ketik catatan singkat" not in screen_text(pilot)
    assert other.ticket("A-001").outcome is Outcome.LAINNYA
    [(_code, details)] = audit(ready_db_path, "ticket.finish")
    assert json.loads(details)["note"] == "pemohon kembali besok"


async def test_ticked_and_unticked_services_differ_in_text(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        app.screen.query_one("#counter-service-list").focus()
        await pilot.press("down", "space")  # untick B
        await settle(pilot)
        text = screen_text(pilot)
        assert "▐X▌ A Perekaman KTP-el (baru/pemula)" in text  # the whole name, at 120 columns too
        assert "▐ ▌ B KTP-el hilang/rusak" in text


async def test_confirmations_go_on_the_notice_line_and_leave_dialogs_clear(
    ready_db_path, clock, other
) -> None:
    """At 80x24 a call's confirmation is one line beside the stock line, with the time: no toast over the
    panels or the paging line. An error is still a toast (and clears the stale confirmation)."""
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert len(app._notifications) == 0
        rows = screen_text(pilot).splitlines()
        [notice_row] = [row for row in rows if "Memanggil A-001." in row]
        assert notice_row.index("F10 Berkas Blanko") < notice_row.index("Memanggil A-001.")
        assert clock.now().astimezone(WIB).strftime("%H:%M") + " Memanggil A-001." in notice_row
        assert any("Halaman 1 dari 1" in row for row in rows)
        await pilot.press("f5")  # the no-show question opens over the screen
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f4", "f2")  # F2 while serving: refused, as a toast
        await settle(pilot)
        assert [n.severity for n in app._notifications] == ["error"]
        assert "Memanggil A-001." not in screen_text(pilot)


async def test_at_80_columns_a_long_confirmation_drops_its_time_before_it_becomes_a_toast(
    ready_db_path, clock, other
) -> None:
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f8", "1")
        await settle(pilot)
        assert other.ticket("A-001").outcome is Outcome.SELESAI
        assert len(app._notifications) == 0
        [row] = [r for r in screen_text(pilot).splitlines() if "A-001 selesai: Selesai dilayani." in r]
        assert "F10 Berkas" in row
        assert clock.now().astimezone(WIB).strftime("%H:%M") not in row  # no room for it at 80 columns


# -- everywhere ------------------------------------------------------------------------------------
async def test_ctrl_l_logs_out_from_the_counter_screen(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None
    assert audit(ready_db_path, "logout") == [(OPERATOR_CODE, "{}")]


async def test_ctrl_q_asks_once_while_a_ticket_is_at_the_counter(ready_db_path, clock, other) -> None:
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Tiket A-001 masih dipanggil" in screen_text(pilot)
        await pilot.press("escape")  # stays
        await settle(pilot)
        assert isinstance(app.screen, CounterScreen)
        assert app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("ctrl+q")  # asked once: the second Ctrl+Q quits
        await settle(pilot)
    assert app.return_code == 0
    assert audit(ready_db_path, "logout") == [(OPERATOR_CODE, "{}")]


async def test_ctrl_q_on_a_free_counter_quits_at_once(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0


async def test_a_three_digit_counter_is_refused_and_an_empty_one_says_so(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.screen.query_one("#login-code", Input).value = OPERATOR_CODE
        app.screen.query_one("#login-pin", Input).value = OPERATOR_PIN
        app.screen.query_one("#login-counter", Input).focus()
        await pilot.press("enter")  # empty counter
        await settle(pilot)
        assert "Nomor loket wajib diisi" in screen_text(pilot)
        await pilot.press("1", "0", "0")
        await settle(pilot)
        assert app.screen.query_one("#login-counter", Input).value == "10"
        assert "Nomor loket hanya angka 0-99" in screen_text(pilot)
        assert isinstance(app.screen, LoginScreen)  # nothing logged in at Loket 10 behind the user's back


async def test_fast_typing_keeps_every_tab_and_enter_in_place(ready_db_path, clock) -> None:
    """Keys that arrive together (~50 ms apart on a loaded PC) are queued before the first is handled."""
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = [*OPERATOR_CODE, "tab", *OPERATOR_PIN, "enter", "1"]
        for key in keys:
            char = {"tab": "\t", "enter": "\r"}.get(key, key)
            app.post_message(events.Key(key, char))  # all queued at once, none handled yet
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#login-code", Input).value == OPERATOR_CODE
        assert screen.query_one("#login-pin", Input).value == OPERATOR_PIN
        assert screen.query_one("#login-counter", Input).value == "1"


@pytest.mark.parametrize("name", ["Budi\x1b[31mMerah", "Budi\x07"])
async def test_a_pasted_control_character_is_refused_in_a_name(ready_db_path, clock, name: str) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        await open_screen(app, pilot, OperatorsScreen())
        await pilot.press("f2")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AddOperatorDialog)
        dialog.query_one("#new-code", Input).value = "BUDI"
        dialog.query_one("#new-name", Input).post_message(events.Paste(name))
        dialog.query_one("#new-pin", Input).value = "736152"
        dialog.query_one("#new-pin-again", Input).value = "736152"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AddOperatorDialog)
        assert "Nama lengkap berisi karakter kendali" in screen_text(pilot)
        # The name was refused, not the PINs: they stay.
        assert dialog.query_one("#new-pin", Input).value == "736152"
    db = open_database(ready_db_path)
    try:
        codes = [op.code for op in account_admin.list_operators(Session(db, clock=clock))]
    finally:
        db.close()
    assert "BUDI" not in codes


async def test_the_audit_log_shows_labels_and_a_row_in_full_on_enter(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        await open_screen(app, pilot, OperatorsScreen())
        await pilot.press("f7")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Masuk" in text
        assert "Ubah jam mingguan" in text
        assert "hours.weekday" not in text
        await pilot.press("enter")  # the newest row: the supervisor's login
        await settle(pilot)
        text = screen_text(pilot)
        assert "Rincian log audit" in text
        assert "Tindakan: Masuk (login)" in text


async def test_a_dialog_submits_once_however_fast_enter_is_pressed(ready_db_path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        await open_screen(app, pilot, OperatorsScreen())
        await pilot.press("f2")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AddOperatorDialog)
        for field, value in (
            ("#new-code", "RINA"),
            ("#new-name", "Rina"),
            ("#new-pin", "736152"),
            ("#new-pin-again", "736152"),
        ):
            dialog.query_one(field, Input).value = value
        calls = []
        real_submit = dialog.submit

        async def counted_submit():
            calls.append(1)
            return await real_submit()

        dialog.submit = counted_submit  # type: ignore[method-assign]
        await asyncio.gather(dialog.action_submit(), dialog.action_submit(), dialog.action_submit())
        await settle(pilot)
        assert calls == [1]
        assert isinstance(app.screen, OperatorsScreen)
    db = open_database(ready_db_path)
    try:
        added = db.conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'operator.add' AND object = 'operator:RINA'"
        ).fetchone()[0]
    finally:
        db.close()
    assert added == 1


# -- the keymap ------------------------------------------------------------------------------------
async def test_an_office_remaps_a_counter_key_by_binding_id(ready_db_path, clock, other, tmp_path) -> None:
    other.issue("A")
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keymap]\ncall_next = "f12"\nno_show = "ctrl+t"\n', encoding="utf-8")
    app = create_app(ready_db_path, clock=clock, keymap_file=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")  # no longer "call next"
        await settle(pilot)
        assert other.ticket("A-001").status is TicketStatus.WAITING
        assert "f12 Panggil" in screen_text(pilot)  # the footer shows the office's key
        await pilot.press("f12")
        await settle(pilot)
        assert other.ticket("A-001").status is TicketStatus.CALLED
        await pilot.press("ctrl+t", "enter")
        await settle(pilot)
        assert other.ticket("A-001").status is TicketStatus.NO_SHOW


async def test_a_bad_keymap_is_reported_and_the_default_keys_stay(
    ready_db_path, clock, other, tmp_path
) -> None:
    other.issue("A")
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keymap]\npanggil = "f12"\nrecall = 5\n', encoding="utf-8")
    app = create_app(ready_db_path, clock=clock, keymap_file=keymap)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert "Peta tombol" in screen_text(pilot)  # shown as a warning
        [message] = [n.message for n in app._notifications]
        assert "id 'panggil' tidak dikenal" in message
        assert "tombol untuk 'recall' tidak sah" in message
        assert "Tombol lainnya tetap bawaan." in message
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert other.ticket("A-001").status is TicketStatus.CALLED


async def test_setup_says_the_office_is_ready_without_doubling_kantor(db_path: Path, clock) -> None:
    from tests.tui.test_accounts_tui import fill_in

    app = create_app(db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await fill_in(pilot, "Kantor Uji")
        await type_text(pilot, "62.02")
        await pilot.press("enter")
        await fill_in(pilot, "SPV1", "Agus Supervisor", SUPERVISOR_PIN, SUPERVISOR_PIN)
        assert isinstance(app.screen, LoginScreen)
        messages = [n.message for n in app._notifications]
        assert messages == ["Penyiapan selesai: Kantor Uji. Silakan masuk sebagai supervisor."]
        assert "Kantor Kantor" not in screen_text(pilot)


async def test_counter_notices_do_not_pile_up(ready_db_path, clock, other) -> None:
    for _ in range(3):
        other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_counter(app, pilot)
        for _ in range(3):
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press("f7")
            await settle(pilot)
        assert len(app._notifications) == 0  # no toast at all: the notice line says it
        text = screen_text(pilot)
        assert "A-003 ditunda." in text
        assert "A-002 ditunda." not in text
        assert "Memanggil A-003." not in text
