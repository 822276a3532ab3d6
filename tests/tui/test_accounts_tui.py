"""Pilot tests of the account screens: first-run setup, login, lockout, the supervisor's operator screen, the idle
lock, role checks, and the crash guard. Each test asserts on the screen and on the database rows."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Digits, Input, Label, Static

from counter_tui.domain.accounts import MAX_FAILED_LOGINS
from counter_tui.domain.errors import PermissionDenied
from counter_tui.services import account_admin, accounts, idle_lock
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import office as office_store
from counter_tui.storage import operators as operator_store
from counter_tui.storage.db import open_database
from counter_tui.tui.app import create_app
from counter_tui.tui.dialogs.accounts import AddOperatorDialog, ResetPinDialog
from counter_tui.tui.dialogs.confirm import ConfirmDialog
from counter_tui.tui.screens.base import BaseScreen
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.login import LockScreen, LoginScreen
from counter_tui.tui.screens.operators import AuditLogScreen, OperatorsScreen
from counter_tui.tui.screens.setup import SetupScreen
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

SIZE = (120, 40)
WRONG_PIN = "918273"  # strong, but nobody's PIN


# -- helpers ------------------------------------------------------------------------------------------------
def db_state(path: Path):
    """The rows the tests check, read through the storage layer on a connection of their own (a database whose
    setup screen has not finished yet included)."""
    db = open_database(path, allow_unfinished=True)
    try:
        conn = db.conn
        return {
            "office": office_store.get_office(conn),
            "operators": {op.code: op for op in operator_store.list_operators(conn)},
            "audit": list(reversed(audit.recent(conn, 1000))),  # oldest first
            "audit_broken": audit.first_broken_row(conn),
            "counts": office_store.table_counts(conn),
        }
    finally:
        db.close()


def actions(state) -> list[str]:
    return [row.action for row in state["audit"]]


async def fill_in(pilot, *values: str) -> None:
    """Type each value into the focused field and press Enter (which moves on to the next empty field)."""
    for value in values:
        await type_text(pilot, value)
        await pilot.press("enter")
    await settle(pilot)


async def log_in(pilot, code: str, pin: str, counter: str) -> None:
    assert isinstance(pilot.app.screen, LoginScreen)
    await fill_in(pilot, code, pin, counter)


async def move_cursor_to(pilot, table_selector: str, first_cell: str) -> None:
    """Move a DataTable's cursor to the row whose first cell reads `first_cell`, with the arrow keys."""
    table = pilot.app.screen.query_one(table_selector, DataTable)
    codes = [row[0] for row in table_rows(pilot, table_selector)]
    target = codes.index(first_cell)
    while table.cursor_row < target:
        await pilot.press("down")
    while table.cursor_row > target:
        await pilot.press("up")
    await settle(pilot)


def visible_row(pilot, selector: str, first_cell: str) -> list[str]:
    return next(row for row in table_rows(pilot, selector) if row[0] == first_cell)


# -- 1. first run --------------------------------------------------------------------------------------------
async def test_first_run_setup_then_supervisor_logs_in(db_path: Path, clock: FixedClock) -> None:
    assert not db_path.exists()
    app = create_app(db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "Penyiapan awal kantor" in screen_text(pilot)

        await fill_in(pilot, "Disdukcapil Kab. Kotawaringin Timur")
        await type_text(pilot, "62.02")
        await settle(pilot)
        assert "Kabupaten Kotawaringin Timur" in screen_text(pilot)

        await pilot.press("enter")
        await fill_in(pilot, "spv1", "Agus Supervisor", SUPERVISOR_PIN)
        assert SUPERVISOR_PIN not in screen_text(pilot)  # the PIN field shows bullets only
        await fill_in(pilot, SUPERVISOR_PIN)

        assert isinstance(app.screen, LoginScreen)
        text = screen_text(pilot)
        assert "Masuk petugas" in text
        assert "Disdukcapil Kab. Kotawaringin Timur" in text
        assert "Kabupaten Kotawaringin Timur (62.02)" in text

        await log_in(pilot, "spv1", SUPERVISOR_PIN, "0")
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(pilot)
        assert "Selamat bertugas, Agus Supervisor" in text
        assert "Petugas" in text
        assert "F10" in text
        assert app.actor is not None
        assert app.actor.code == SUPERVISOR_CODE

    state = db_state(db_path)
    office = state["office"]
    assert office is not None
    assert (office.name, office.region_code, office.region_name) == (
        "Disdukcapil Kab. Kotawaringin Timur",
        "62.02",
        "Kabupaten Kotawaringin Timur",
    )
    assert list(state["operators"]) == [SUPERVISOR_CODE]
    supervisor = state["operators"][SUPERVISOR_CODE]
    assert (supervisor.full_name, supervisor.role.value, supervisor.active) == (
        "Agus Supervisor",
        "supervisor",
        True,
    )
    assert actions(state) == ["office.setup", "operator.add", "login"]
    assert state["audit"][2].counter == 0
    assert state["audit_broken"] is None


async def test_setup_refusal_is_visible_at_80x24(db_path: Path, clock: FixedClock) -> None:
    """The setup form is taller than 80x24: a refusal (here: the region left empty, its placeholder looks like a
    value) is scrolled into view instead of being written below the fold."""
    app = create_app(db_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "Disdukcapil Uji")
        await pilot.press("tab", "tab")
        await type_text(pilot, "SPV1")
        await pilot.press("tab")
        await type_text(pilot, "Agus Supervisor")
        await pilot.press("tab")
        await type_text(pilot, SUPERVISOR_PIN)
        await pilot.press("tab")
        await type_text(pilot, SUPERVISOR_PIN)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "Kode wilayah harus berbentuk" in screen_text(pilot)
    assert db_state(db_path)["office"] is None


async def test_setup_refuses_unknown_region_and_mismatched_pins(db_path: Path, clock: FixedClock) -> None:
    app = create_app(db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill_in(pilot, "Disdukcapil Uji")
        await type_text(pilot, "99.99")
        await settle(pilot)
        assert "Kode wilayah 99.99 tidak dikenal" in screen_text(pilot)

        await pilot.press("enter")
        await fill_in(pilot, "SPV1", "Agus Supervisor", SUPERVISOR_PIN, SUPERVISOR_PIN)
        assert isinstance(app.screen, SetupScreen)
        assert "Kode wilayah 99.99 tidak dikenal" in str(
            app.screen.query_one("#setup-error", Static).render()
        )
        # The region was refused, not the PINs: they stay as typed.
        assert app.screen.query_one("#pin", Input).value == SUPERVISOR_PIN
        assert app.screen.query_one("#pin-again", Input).value == SUPERVISOR_PIN

        region = app.screen.query_one("#region-code", Input)
        region.value = "62.02"
        await settle(pilot)
        app.screen.query_one("#pin-again", Input).value = ""
        app.screen.query_one("#pin-again", Input).focus()
        await fill_in(pilot, "482914")
        assert isinstance(app.screen, SetupScreen)
        assert "PIN dan ulangan PIN tidak sama" in screen_text(pilot)
        # Refused PINs are cleared: Enter now leads to them.
        assert app.screen.query_one("#pin", Input).value == ""
        assert app.screen.query_one("#pin-again", Input).value == ""

    state = db_state(db_path)
    assert state["office"] is None
    assert state["operators"] == {}
    assert state["audit"] == []


# -- 2. lockout and unlock -----------------------------------------------------------------------------------
async def test_wrong_pins_delay_then_lock_the_account_until_a_supervisor_unlocks_it(
    ready_db_path: Path, clock: FixedClock
) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, OPERATOR_CODE, WRONG_PIN, "1")
        assert "Kode petugas atau PIN salah" in screen_text(pilot)
        assert "Sisa percobaan" not in screen_text(pilot)  # nothing tells a guesser the code exists
        assert app.screen.query_one("#login-pin", Input).value == ""  # cleared after a failure
        for _ in range(MAX_FAILED_LOGINS - 1):
            clock.advance(minutes=16)  # past the growing delay, so each wrong PIN counts
            await fill_in(pilot, WRONG_PIN)  # code and counter are kept; Enter lands on the PIN
            assert "Kode petugas atau PIN salah" in screen_text(pilot)
        assert isinstance(app.screen, LoginScreen)

        locked = db_state(ready_db_path)
        opr1 = locked["operators"][OPERATOR_CODE]
        assert (opr1.locked, opr1.failed_attempts) == (True, MAX_FAILED_LOGINS)
        assert actions(locked).count("account.locked") == 1

        # Even the right PIN is refused now, after the delay too; only the right PIN learns why.
        clock.advance(minutes=16)
        await fill_in(pilot, OPERATOR_PIN)
        assert isinstance(app.screen, LoginScreen)
        assert "Akun terkunci" in screen_text(pilot)

        # The supervisor logs in on the same PC and unlocks OPR1 on the operators screen.
        await pilot.press("shift+tab", "end", "ctrl+u")
        await fill_in(pilot, SUPERVISOR_CODE, SUPERVISOR_PIN)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, OperatorsScreen)
        assert visible_row(pilot, "#operators-table", OPERATOR_CODE)[3:5] == [
            "Terkunci",
            str(MAX_FAILED_LOGINS),
        ]
        await move_cursor_to(pilot, "#operators-table", OPERATOR_CODE)
        await pilot.press("f5")
        await settle(pilot)
        assert visible_row(pilot, "#operators-table", OPERATOR_CODE)[3:5] == ["-", "0"]

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        await log_in(pilot, OPERATOR_CODE, OPERATOR_PIN, "1")
        assert isinstance(app.screen, HomeScreen)
        assert "Selamat bertugas, Siti Petugas" in screen_text(pilot)

    state = db_state(ready_db_path)
    opr1 = state["operators"][OPERATOR_CODE]
    assert (opr1.locked, opr1.failed_attempts) == (False, 0)
    unlock = next(row for row in state["audit"] if row.action == "operator.unlock")
    assert (unlock.operator_code, unlock.object) == (SUPERVISOR_CODE, "operator:OPR1")
    assert actions(state)[-3:] == ["operator.unlock", "logout", "login"]
    assert state["audit_broken"] is None


# -- 3. idle lock ---------------------------------------------------------------------------------------------
class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def idle_until_locked(pilot, monotonic: FakeMonotonic) -> None:
    monotonic.now += pilot.app.idle_minutes * 60 + 1
    await pilot.app.check_idle_lock()
    await settle(pilot)


async def test_idle_lock_keeps_the_work_and_asks_for_the_pin(ready_db_path: Path, clock: FixedClock) -> None:
    monotonic = FakeMonotonic()
    app = create_app(ready_db_path, clock=clock, monotonic=monotonic)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, OPERATOR_CODE, OPERATOR_PIN, "1")
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert app.idle_minutes == 10

        monotonic.now += 9 * 60  # not yet
        await app.check_idle_lock()
        await settle(pilot)
        assert app.screen is home

        await idle_until_locked(pilot, monotonic)
        assert isinstance(app.screen, LockScreen)
        assert app.screen_stack[-2] is home  # the work is kept underneath
        text = screen_text(pilot)
        assert "Layar terkunci" in text
        assert "Siti Petugas (OPR1) · Loket 1" in text
        assert "Ambil Antrian" not in text  # ...but not readable while locked

        await fill_in(pilot, WRONG_PIN)
        assert isinstance(app.screen, LockScreen)
        assert app.locked
        assert "Kode petugas atau PIN salah" in screen_text(pilot)

        await fill_in(pilot, OPERATOR_PIN)
        assert app.screen is home
        assert not app.locked
        assert "Ambil Antrian" in screen_text(pilot)

    state = db_state(ready_db_path)
    assert actions(state)[-4:] == ["login", "session.lock", "login.failed", "session.unlock"]
    opr1 = state["operators"][OPERATOR_CODE]
    assert opr1.failed_attempts == 0  # the right PIN resets the count


async def test_idle_lock_locks_even_when_the_audit_row_cannot_be_written(
    ready_db_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another counter holds the write lock past the busy timeout: the screen must lock anyway, not crash."""
    from counter_tui.storage.db import StorageError

    def busy(*args, **kwargs) -> None:
        raise StorageError(
            "Basis data sedang sibuk dipakai loket lain. Coba lagi sebentar lagi. Tidak ada yang diubah."
        )

    monotonic = FakeMonotonic()
    app = create_app(ready_db_path, clock=clock, monotonic=monotonic)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, OPERATOR_CODE, OPERATOR_PIN, "1")
        assert isinstance(app.screen, HomeScreen)
        monkeypatch.setattr(idle_lock, "record_session_lock", busy)
        await idle_until_locked(pilot, monotonic)
        assert app.is_running
        assert isinstance(app.screen, LockScreen)
        assert app.locked
        assert "Ambil Antrian" not in screen_text(pilot)


async def test_idle_lock_wrong_pins_up_to_the_lock_end_the_session(
    ready_db_path: Path, clock: FixedClock
) -> None:
    monotonic = FakeMonotonic()
    app = create_app(ready_db_path, clock=clock, monotonic=monotonic)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, OPERATOR_CODE, OPERATOR_PIN, "1")
        await idle_until_locked(pilot, monotonic)
        for _ in range(MAX_FAILED_LOGINS - 1):
            await fill_in(pilot, WRONG_PIN)
            assert isinstance(app.screen, LockScreen)
            clock.advance(minutes=16)
        await fill_in(pilot, WRONG_PIN)
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None
        assert f"PIN salah {MAX_FAILED_LOGINS} kali" in screen_text(pilot)
        assert not any(isinstance(screen, HomeScreen) for screen in app.screen_stack)

    state = db_state(ready_db_path)
    assert state["operators"][OPERATOR_CODE].locked
    assert "account.locked" in actions(state)
    assert actions(state)[-1] == "logout"


async def test_idle_lock_switch_operator_logs_out(ready_db_path: Path, clock: FixedClock) -> None:
    monotonic = FakeMonotonic()
    app = create_app(ready_db_path, clock=clock, monotonic=monotonic)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, OPERATOR_CODE, OPERATOR_PIN, "1")
        await idle_until_locked(pilot, monotonic)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None
        await log_in(pilot, OPERATOR2_CODE, OPERATOR2_PIN, "2")
        assert "Selamat bertugas, Budi Petugas" in screen_text(pilot)

    assert actions(db_state(ready_db_path))[-3:] == ["session.lock", "logout", "login"]


# -- 4. roles -------------------------------------------------------------------------------------------------
async def test_operator_sees_no_supervisor_menu_and_is_refused_by_the_use_case(
    ready_db_path: Path, clock: FixedClock
) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, OPERATOR_CODE, OPERATOR_PIN, "1")
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(pilot)
        assert "Ambil Antrian" in text
        assert "Layanan & Jam" not in text
        assert "F10" not in text
        assert "f10" not in text
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

        before = db_state(ready_db_path)["counts"]
        with pytest.raises(PermissionDenied, match="Hanya supervisor"):
            await app.call(account_admin.add_operator, "HACK1", "Penyusup", "supervisor", "582937", "582937")
        with pytest.raises(PermissionDenied):
            await app.call(account_admin.unlock_operator, OPERATOR2_CODE)
        with pytest.raises(PermissionDenied):
            await app.call(account_admin.recent_audit)
        after = db_state(ready_db_path)["counts"]
        assert after == before
        assert after["operators"] == 3


# -- supervisor's operator screen ------------------------------------------------------------------------------
async def test_supervisor_adds_operator_with_markup_like_name(ready_db_path: Path, clock: FixedClock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, "0")
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, AddOperatorDialog)

        # A trivial PIN is refused inline and the dialog stays open with the other fields kept.
        await fill_in(pilot, "ahm1", "AHMAD [/]", "123456", "123456")
        assert isinstance(app.screen, AddOperatorDialog)
        assert "PIN terlalu mudah ditebak" in screen_text(pilot)
        assert db_state(ready_db_path)["counts"]["operators"] == 3

        await fill_in(pilot, "573918", "573918")
        assert isinstance(app.screen, OperatorsScreen)
        assert "AHMAD [/]" in screen_text(pilot)
        assert visible_row(pilot, "#operators-table", "AHM1") == [
            "AHM1",
            "Petugas",
            "Aktif",
            "-",
            "0",
            "AHMAD [/]",
        ]

    state = db_state(ready_db_path)
    assert state["operators"]["AHM1"].full_name == "AHMAD [/]"
    added = [row for row in state["audit"] if row.action == "operator.add" and row.object == "operator:AHM1"]
    assert len(added) == 1
    assert added[0].operator_code == SUPERVISOR_CODE


async def test_supervisor_deactivates_resets_pin_sets_idle_minutes_and_reads_the_log(
    ready_db_path: Path, clock: FixedClock
) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, "0")
        await pilot.press("f10")
        await settle(pilot)

        # Deactivate OPR2 (asks first).
        await move_cursor_to(pilot, "#operators-table", OPERATOR2_CODE)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Nonaktifkan petugas Budi Petugas (OPR2)?" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert visible_row(pilot, "#operators-table", OPERATOR2_CODE)[2] == "Nonaktif"

        # The supervisor cannot deactivate themself: the refusal is shown, nothing changes.
        await move_cursor_to(pilot, "#operators-table", SUPERVISOR_CODE)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "tidak bisa menonaktifkan akun Anda sendiri" in screen_text(pilot)
        assert visible_row(pilot, "#operators-table", SUPERVISOR_CODE)[2] == "Aktif"

        # Reset OPR1's PIN.
        await move_cursor_to(pilot, "#operators-table", OPERATOR_CODE)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, ResetPinDialog)
        assert "Siti Petugas (OPR1)" in screen_text(pilot)
        await fill_in(pilot, "864213", "864213")
        assert isinstance(app.screen, OperatorsScreen)

        # Idle-lock minutes.
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await fill_in(pilot, "15")
        assert "setelah 15 menit" in screen_text(pilot)
        assert app.idle_minutes == 15

        # The audit log, newest first.
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, AuditLogScreen)
        log_rows = table_rows(pilot, "#audit-table")
        assert [row[4] for row in log_rows[:3]] == [
            "Ubah pengaturan",
            "Atur ulang PIN",
            "Nonaktifkan petugas",
        ]
        assert log_rows[0][1] == "30-11-2026 08:00:00"  # stored in UTC, shown in WIB
        assert "Ubah pengaturan" in screen_text(pilot)
        assert "setting.change" not in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OperatorsScreen)

        await pilot.press("escape", "ctrl+l")
        await settle(pilot)
        await log_in(pilot, OPERATOR2_CODE, OPERATOR2_PIN, "2")
        assert isinstance(app.screen, LoginScreen)
        assert "Akun ini tidak aktif" in screen_text(pilot)
        await pilot.press("shift+tab", "end", "ctrl+u")
        await fill_in(pilot, OPERATOR_CODE, "864213")
        assert isinstance(app.screen, HomeScreen)

    state = db_state(ready_db_path)
    assert not state["operators"][OPERATOR2_CODE].active
    assert state["operators"][SUPERVISOR_CODE].active
    assert accounts_idle_minutes(ready_db_path) == 15
    assert "login.refused" in actions(state)


def accounts_idle_minutes(path: Path) -> int:
    db = open_database(path)
    try:
        return idle_lock.idle_lock_minutes(Session(db))
    finally:
        db.close()


async def test_operators_screen_shows_changes_made_at_another_counter(
    ready_db_path: Path, clock: FixedClock
) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, "0")
        await pilot.press("f10")
        await settle(pilot)
        await app.poll_changes()  # remember the current data_version
        assert "Rina Baru" not in screen_text(pilot)

        other = open_database(ready_db_path)  # another counter process
        try:
            supervisor = accounts.login(Session(other, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 3)
            account_admin.add_operator(
                Session(other, supervisor, clock), "RINA", "Rina Baru", "operator", "736152", "736152"
            )
        finally:
            other.close()
        await app.poll_changes()  # what the 0.5 s timer does
        await settle(pilot)
        assert visible_row(pilot, "#operators-table", "RINA")[:2] == ["RINA", "Petugas"]
        assert visible_row(pilot, "#operators-table", "RINA")[-1] == "Rina Baru"


async def test_home_menu_works_with_arrows_and_enter(ready_db_path: Path, clock: FixedClock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, "0")
        await pilot.press(*["down"] * 9, "enter")  # F1, F2, F3, F4-F8 (cases), F9 -> F10 Petugas
        await settle(pilot)
        assert isinstance(app.screen, OperatorsScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("end", "enter")  # the last entry: Keluar akun
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None


# -- 5. crash guard -------------------------------------------------------------------------------------------
FULL_NIK = "6202054107050001"


class ExplodingScreen(BaseScreen):
    """A screen with a bug: a NIK in its locals and in its error message."""

    def compose(self) -> ComposeResult:
        yield Static("meledak")

    def on_mount(self) -> None:
        applicant_nik = FULL_NIK
        raise RuntimeError(f"gagal memproses pemohon {applicant_nik}")


async def test_crash_report_never_shows_a_full_nik(ready_db_path: Path, clock: FixedClock) -> None:
    app = create_app(ready_db_path, clock=clock)
    # Textual prints the exit renderables (the crash report) on this console as the app closes, then clears them.
    printed = io.StringIO()
    app.error_console = Console(file=printed, width=200, color_system=None, markup=False, highlight=False)

    async def open_the_broken_screen() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.push_screen(ExplodingScreen())
            await pilot.pause()

    with pytest.raises(RuntimeError, match="gagal memproses pemohon"):
        await open_the_broken_screen()
    report = printed.getvalue()
    assert "counter_tui berhenti karena kesalahan tak terduga" in report
    assert "RuntimeError" in report
    assert "6202**********01" in report
    assert FULL_NIK not in report


# -- the test helper itself -------------------------------------------------------------------------------------
class HelperHarness(App):
    def compose(self) -> ComposeResult:
        yield Static("teks statis [tanpa markup]", markup=False)
        yield Label("label biasa")
        yield Input(value="isi input", id="plain")
        yield Input(value="482913", password=True, id="secret")
        table = DataTable(id="table")
        table.add_columns("Kode", "Nama")
        table.add_row(Text("X1"), Text("AHMAD [/]"))
        yield table
        yield Digits("A-007")


async def test_screen_text_reads_what_is_visible() -> None:
    app = HelperHarness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert "teks statis [tanpa markup]" in text
        assert "label biasa" in text
        assert "isi input" in text
        assert "482913" not in text  # a password shows as bullets
        assert "AHMAD [/]" in text
        assert "A-007" in text
        assert table_rows(pilot, "#table") == [["X1", "AHMAD [/]"]]
        app.query_one(Label).display = False
        await pilot.pause()
        assert "label biasa" not in screen_text(pilot)
