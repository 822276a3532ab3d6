"""Pilot tests of the queue screens: front desk, counter, display board, services and hours.

Each test drives the real app on a tmp database, by keyboard, and checks what the user sees and the rows the
use cases wrote. Changes made "by another counter" go through a second connection, as in the office.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Digits, Input, TabbedContent

from counter_tui.domain.accounts import KIOSK, Actor
from counter_tui.domain.queue import Outcome, TicketStatus
from counter_tui.services import accounts, counter_actions, counter_setup, queue_config, queue_views, tickets
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from counter_tui.tui.app import CounterApp, create_app
from counter_tui.tui.dialogs.counter import TransferDialog
from counter_tui.tui.dialogs.front_desk import SupervisorOverrideDialog
from counter_tui.tui.dialogs.queue_admin import ServiceEditDialog
from counter_tui.tui.screens.board import Announcer, BoardScreen
from counter_tui.tui.screens.counter import PAGE_SIZE, CounterScreen
from counter_tui.tui.screens.front_desk import FrontDeskScreen
from counter_tui.tui.screens.queue_admin import QueueAdminScreen
from counter_tui.tui.widgets.finish_panel import FinishPanel
from counter_tui.tui.widgets.waiting_table import WaitingTable
from tests.clock import FixedClock
from tests.conftest import (
    OPERATOR2_CODE,
    OPERATOR2_PIN,
    OPERATOR_CODE,
    OPERATOR_PIN,
    SUPERVISOR_CODE,
    SUPERVISOR_PIN,
)
from tests.tui.helpers import screen_text, settle, type_text

SIZE = (120, 40)
NIK = "6202014507060001"


# -- helpers ---------------------------------------------------------------------------------------
async def log_in(app: CounterApp, pilot, code: str, pin: str, counter: int) -> Actor:
    """Skip the login screen: log in through the use case and hand the actor to the app."""
    await settle(pilot)
    actor = await app.call(accounts.login, code, pin, counter)
    await app.login_done(actor)
    await settle(pilot)
    return actor


async def open_screen(app: CounterApp, pilot, screen) -> None:
    await app.push_screen(screen)
    await settle(pilot)


def digits(app: CounterApp, selector: str) -> str:
    return app.screen.query_one(selector, Digits).value


class Other:
    """Another counter process: its own connection to the same database file."""

    def __init__(self, path: Path, clock: FixedClock) -> None:
        self.db = open_database(path)
        self.clock = clock
        self.desk = accounts.login(Session(self.db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 0)

    def issue(self, service: str = "A", **kwargs):
        return tickets.issue_ticket(Session(self.db, self.desk, self.clock), service, **kwargs).ticket

    def ticket(self, label: str):
        return queue_views.find_ticket_today(Session(self.db, clock=self.clock), label)

    def calls(self):
        return queue_views.board_view(Session(self.db, clock=self.clock), limit=1000).calls

    def close(self) -> None:
        self.db.close()


@pytest.fixture
def other(ready_db_path: Path, clock: FixedClock):
    connection = Other(ready_db_path, clock)
    yield connection
    connection.close()


class FakePopen:
    """Records the speech commands instead of starting espeak-ng; the process 'ends' at once."""

    commands: list[list[str]]

    def __init__(self) -> None:
        self.commands = []

    def __call__(self, command, **kwargs):
        self.commands.append(command)
        assert kwargs["stdout"] is not None
        assert kwargs["stderr"] is not None
        return self

    def poll(self) -> int:
        return 0


# -- front desk ------------------------------------------------------------------------------------
async def test_front_desk_issues_a_priority_ticket_with_one_key(ready_db_path, clock, other) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, OPERATOR2_CODE, OPERATOR2_PIN, 0)
        await open_screen(app, pilot, FrontDeskScreen())
        assert "Perekaman KTP-el" in screen_text(pilot)
        await pilot.press("1")  # lansia
        assert "PRIORITAS · Lansia" in screen_text(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert digits(app, "#ticket-digits") == "A-001"
        text = screen_text(pilot)
        assert "Perekaman KTP-el (baru/pemula)" in text
        assert "Urutan dalam antrian: ke-1" in text
        assert "Perkiraan waktu tunggu: ± 5 menit" in text
        assert "Prioritas: Lansia (60+)" in text
        assert "menunggu 1" in text
        assert "Tiket berikut: antrian biasa" in text  # priority reset for the next visitor
    ticket = other.ticket("A-001")
    assert ticket.status is TicketStatus.WAITING
    assert ticket.priority is not None
    assert ticket.priority.value == "lansia"


async def test_front_desk_nik_is_masked_and_f_key_issues_while_typing(ready_db_path, clock, other) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, OPERATOR2_CODE, OPERATOR2_PIN, 0)
        await open_screen(app, pilot, FrontDeskScreen())
        await pilot.press("f8")
        assert isinstance(app.focused, Input)
        await type_text(pilot, NIK)
        await pilot.press("f3")  # service B, while the NIK field has the focus
        await settle(pilot)
        assert digits(app, "#ticket-digits") == "B-001"
        text = screen_text(pilot)
        assert NIK not in text
        assert app.screen.query_one("#frontdesk-nik", Input).value == ""
    ticket = other.ticket("B-001")
    assert ticket.nik_masked
    assert ticket.nik_masked != NIK
    assert ticket.nik_masked in text


async def test_duplicate_nik_needs_a_supervisor_not_an_operator(ready_db_path, clock, other) -> None:
    other.issue("A", nik=NIK)
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, OPERATOR2_CODE, OPERATOR2_PIN, 0)
        await open_screen(app, pilot, FrontDeskScreen())
        await pilot.press("f8")
        await type_text(pilot, NIK)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, SupervisorOverrideDialog)
        assert "sudah memegang tiket aktif" in screen_text(pilot)
        # An operator's valid PIN is not enough.
        await type_text(pilot, OPERATOR_CODE)
        await pilot.press("enter")
        await type_text(pilot, OPERATOR_PIN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SupervisorOverrideDialog)
        assert "bukan supervisor" in screen_text(pilot)
        with pytest.raises(Exception, match="tidak ada hari ini"):
            other.ticket("A-002")
        # The supervisor's code and PIN lift the refusal.
        code_input = app.screen.query_one("#override-code", Input)
        code_input.value = ""
        code_input.focus()
        await type_text(pilot, SUPERVISOR_CODE)
        await pilot.press("enter")
        await type_text(pilot, SUPERVISOR_PIN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FrontDeskScreen)
        assert digits(app, "#ticket-digits") == "A-002"
        assert "izin supervisor" in screen_text(pilot)
    assert other.ticket("A-002").status is TicketStatus.WAITING


async def test_outside_hours_is_refused_and_escape_issues_nothing(ready_db_path, clock, other) -> None:
    spv = accounts.login(Session(other.db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
    queue_config.set_weekday_hours(
        Session(other.db, spv, clock), clock.now().weekday(), "", ""
    )  # closed today
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, OPERATOR2_CODE, OPERATOR2_PIN, 0)
        await open_screen(app, pilot, FrontDeskScreen())
        assert "Loket tidak melayani saat ini" in screen_text(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, SupervisorOverrideDialog)
        assert "Kantor tutup hari ini" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FrontDeskScreen)
        assert "Tiket tidak diterbitkan" in screen_text(pilot)
        assert digits(app, "#ticket-digits") == ""
    snapshot = queue_views.queue_snapshot(Session(other.db, clock=clock))
    assert snapshot.waiting == []


async def test_inactive_service_is_refused_without_override(ready_db_path, clock, other) -> None:
    spv = accounts.login(Session(other.db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
    queue_config.update_service(Session(other.db, spv, clock), "D", active=False)
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, OPERATOR2_CODE, OPERATOR2_PIN, 0)
        await open_screen(app, pilot, FrontDeskScreen())
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, FrontDeskScreen)  # no override dialog for an inactive service
        text = screen_text(pilot)
        assert "Layanan D (Aktivasi IKD) sedang tidak" in text
        assert "Tiket tidak diterbitkan." in text
    assert queue_views.queue_snapshot(Session(other.db, clock=clock)).waiting == []


# -- counter ---------------------------------------------------------------------------------------
async def open_counter(app: CounterApp, pilot, counter: int = 1) -> CounterScreen:
    await log_in(app, pilot, OPERATOR_CODE, OPERATOR_PIN, counter)
    screen = CounterScreen()
    await open_screen(app, pilot, screen)
    return screen


async def test_counter_calls_priority_first_recalls_and_marks_no_show(ready_db_path, clock, other) -> None:
    other.issue("A")
    other.issue("B", priority="hamil")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        assert "total 2 menunggu" in screen_text(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert digits(app, "#current-digits") == "B-001"  # priority goes first
        assert "Dipanggil" in screen_text(pilot)
        assert other.ticket("B-001").status is TicketStatus.CALLED
        assert len(other.calls()) == 1
        await pilot.press("f3")
        await settle(pilot)
        assert len(other.calls()) == 2  # a recall is a new call for the board
        assert other.ticket("B-001").call_count == 2
        assert "panggilan ke-2" in screen_text(pilot)
        await pilot.press("f5")  # the no-show asks once; Escape keeps the ticket
        await settle(pilot)
        assert "Tandai B-001 tidak hadir?" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert other.ticket("B-001").status is TicketStatus.CALLED
        await pilot.press("f5", "enter")  # Enter confirms
        await settle(pilot)
        assert other.ticket("B-001").status is TicketStatus.NO_SHOW
        assert digits(app, "#current-digits") == ""
        await pilot.press("f2")
        await settle(pilot)
        assert digits(app, "#current-digits") == "A-001"
        assert "total 0 menunggu" in screen_text(pilot)


async def test_counter_transfer_keeps_the_place_in_time(ready_db_path, clock, other) -> None:
    before = other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert other.ticket("A-001").status is TicketStatus.SERVING
        assert "sejak mulai dilayani" in screen_text(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, TransferDialog)
        await pilot.press("a")  # the ticket's own service letter: refused inline, the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, TransferDialog)
        assert "Tiket sudah berada di layanan A" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert other.ticket("A-001").service_code == "A"
        assert other.ticket("A-001").status is TicketStatus.SERVING
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter")  # it opens on the first other service: B
        await settle(pilot)
        assert isinstance(app.screen, CounterScreen)
        moved = other.ticket("A-001")
        assert moved.service_code == "B"
        assert moved.status is TicketStatus.WAITING
        assert moved.queued_at == before.queued_at
        assert digits(app, "#current-digits") == ""
        table = app.screen.query_one("#waiting-table", WaitingTable)
        assert table.row_count == 1
        assert table.get_row_at(0)[1].plain == "A-001"
        assert table.get_row_at(0)[2].plain == "B"


async def test_counter_parks_and_resumes(ready_db_path, clock, other) -> None:
    other.issue("A")
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert other.ticket("A-001").status is TicketStatus.PARKED
        assert "Ditunda: A-001" in screen_text(pilot)
        assert digits(app, "#current-digits") == ""
        await pilot.press("f2")  # the counter is free to call the next one meanwhile
        await settle(pilot)
        assert digits(app, "#current-digits") == "A-002"
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("f7")  # no current ticket now, one parked: resume it
        await settle(pilot)
        assert other.ticket("A-001").status is TicketStatus.SERVING
        assert digits(app, "#current-digits") == "A-001"
        assert "Ditunda" not in screen_text(pilot)


async def test_finish_requires_an_outcome_and_escape_changes_nothing(ready_db_path, clock, other) -> None:
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        clock.advance(minutes=3, seconds=7)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, CounterScreen)
        assert app.screen.query_one(FinishPanel).is_open
        assert "hasil layanan wajib dipilih" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CounterScreen)
        assert not app.screen.query_one(FinishPanel).is_open
        assert "hasil layanan wajib dipilih" not in screen_text(pilot)
        unchanged = other.ticket("A-001")
        assert unchanged.status is TicketStatus.SERVING
        assert unchanged.outcome is None
        await (
            app.screen.tick()
        )  # what the one-second timer runs; a loaded CI machine may not have fired it yet
        await pilot.pause()
        assert "03:07 sejak mulai dilayani" in screen_text(pilot)  # the elapsed time follows the clock
        await pilot.press("f8")
        await settle(pilot)
        assert app.screen.query_one(FinishPanel).is_open  # opened again, on the first outcome
        await pilot.press("down", "enter")  # the second outcome
        await settle(pilot)
        assert not app.screen.query_one(FinishPanel).is_open
        done = other.ticket("A-001")
        assert done.status is TicketStatus.DONE
        assert done.outcome is Outcome.BERKAS_KURANG
        assert "Dilayani hari ini oleh Anda: 1" in screen_text(pilot)
        assert digits(app, "#current-digits") == ""


async def test_counter_time_left_follows_the_clock_without_a_reload(ready_db_path, clock, other) -> None:
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_counter(app, pilot)
        assert "Sisa waktu: 16 jam 0 menit lagi" in screen_text(pilot)  # 08:00 WIB, open until 24:00
        assert "total 1 menunggu" in screen_text(pilot)
        clock.advance(hours=1, minutes=30)  # nothing changes in the database meanwhile
        await screen.tick()  # what the screen's one-second timer runs
        await settle(pilot)
        assert "Sisa waktu: 14 jam 30 menit lagi" in screen_text(pilot)
        clock.advance(hours=15)  # 00:30 WIB the next day: yesterday's waiting ticket leaves the screen
        await screen.tick()
        await settle(pilot)
        assert "Sisa waktu: 23 jam 30 menit lagi" in screen_text(pilot)
        assert "total 0 menunggu" in screen_text(pilot)


async def test_requeue_a_no_show_once(ready_db_path, clock, other) -> None:
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f5", "enter")
        await settle(pilot)
        for attempt in range(2):
            await pilot.press("f9")
            await settle(pilot)
            if attempt == 0:
                # Today's no-shows are offered as a list: Enter picks the highlighted one.
                assert "A-001  layanan A" in screen_text(pilot)
                await pilot.press("enter")
            else:
                # Requeued once already, it is no longer offered; typing its number is refused.
                assert "Belum ada tiket tidak hadir" in screen_text(pilot)
                await type_text(pilot, "A-001")
                await pilot.press("enter")
            await settle(pilot)
            if attempt == 0:
                assert isinstance(app.screen, CounterScreen)
                assert other.ticket("A-001").status is TicketStatus.WAITING
                assert "total 1 menunggu" in screen_text(pilot)
                await pilot.press("f2")
                await settle(pilot)
                await pilot.press("f5", "enter")
                await settle(pilot)
            else:
                assert "hanya boleh sekali" in screen_text(pilot)  # the dialog stays open with the refusal
                await pilot.press("escape")
                await settle(pilot)
        assert other.ticket("A-001").status is TicketStatus.NO_SHOW


async def test_counter_zero_is_the_front_desk_and_cannot_call(ready_db_path, clock, other) -> None:
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot, counter=0)
        assert "loket 0 (meja informasi)" in screen_text(pilot)
        await pilot.press("f2")
        await settle(pilot)
    assert other.ticket("A-001").status is TicketStatus.WAITING
    assert other.calls() == []


async def test_counter_services_choice_is_saved_and_limits_the_list(ready_db_path, clock, other) -> None:
    other.issue("A")
    other.issue("B")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        assert counter_setup.saved_counter_services(Session(other.db), 1) == ("A", "B", "C", "D", "E")
        app.screen.query_one("#counter-service-list").focus()
        await pilot.press("space")  # untick A (the highlighted first option)
        await settle(pilot)
        assert counter_setup.saved_counter_services(Session(other.db), 1) == ("B", "C", "D", "E")
        assert "total 1 menunggu" in screen_text(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert digits(app, "#current-digits") == "B-001"


async def test_counter_picks_up_another_counters_call(ready_db_path, clock, other) -> None:
    other.issue("A")
    other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        await app.poll_changes()
        assert "total 2 menunggu" in screen_text(pilot)
        counter2 = accounts.login(Session(other.db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 2)
        counter_actions.call_next(Session(other.db, counter2, clock), ["A"])
        await app.poll_changes()
        await settle(pilot)
        assert "total 1 menunggu" in screen_text(pilot)


@pytest.mark.slow
async def test_waiting_list_is_paged(ready_db_path, clock, other) -> None:
    for _ in range(2000):
        other.issue("A")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_counter(app, pilot)
        table = app.screen.query_one("#waiting-table", WaitingTable)
        n = app.screen.page_size
        pages = math.ceil(2000 / n)
        assert 0 < table.row_count == n <= PAGE_SIZE
        assert f"Halaman 1 dari {pages}, total 2000 menunggu" in screen_text(pilot)
        assert table.get_row_at(0)[1].plain == "A-001"
        await pilot.press("pagedown")
        await settle(pilot)
        assert f"Halaman 2 dari {pages}" in screen_text(pilot)
        assert table.row_count == n
        assert table.get_row_at(0)[1].plain == f"A-{n + 1:03d}"
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert f"Halaman 1 dari {pages}" in screen_text(pilot)
        await pilot.press("ctrl+p")  # there is no page 0
        await settle(pilot)
        assert f"Halaman 1 dari {pages}" in screen_text(pilot)


# -- board -----------------------------------------------------------------------------------------
async def test_board_shows_and_announces_a_call_from_another_connection(ready_db_path, clock, other) -> None:
    popen = FakePopen()
    announcer = Announcer(which=lambda name: f"/usr/bin/{name}", popen=popen)
    other.issue("A")
    other.issue("A")
    counter2 = accounts.login(Session(other.db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 2)
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        await open_screen(app, pilot, BoardScreen(announcer=announcer))
        await app.poll_changes()  # the change check's baseline
        assert "Belum ada panggilan hari ini" in screen_text(pilot)
        counter_actions.call_next(Session(other.db, counter2, clock), ["A"])
        await app.poll_changes()
        await settle(pilot)
        assert digits(app, "#board-ticket") == "A-001"
        assert digits(app, "#board-counter") == "2"
        assert "A-001  →  LOKET 2" in screen_text(pilot)
        assert "A    1 Perekaman KTP-el (baru/pemula)" in screen_text(pilot)  # the count before the name
        assert popen.commands == [
            ["/usr/bin/espeak-ng", "-v", "id", "Nomor antrian A nol nol satu, silakan ke loket dua"]
        ]
        counter_actions.recall(Session(other.db, counter2, clock))  # a recall is announced again
        await app.poll_changes()
        await settle(pilot)
        assert len(popen.commands) == 2
        await pilot.press("escape")  # opened from the menu: Escape goes back
        await settle(pilot)
        assert not isinstance(app.screen, BoardScreen)


async def test_board_without_espeak_is_silent(ready_db_path, clock, other) -> None:
    popen = FakePopen()
    announcer = Announcer(which=lambda name: None, popen=popen)
    other.issue("B")
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        await open_screen(app, pilot, BoardScreen(announcer=announcer))
        await app.poll_changes()
        counter3 = accounts.login(Session(other.db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 3)
        counter_actions.call_next(Session(other.db, counter3, clock), ["B"])
        await app.poll_changes()
        await settle(pilot)
        assert digits(app, "#board-ticket") == "B-001"
        assert digits(app, "#board-counter") == "3"
    assert popen.commands == []


async def test_board_mode_needs_no_login_and_q_quits(ready_db_path, clock, other) -> None:
    other.issue("A")
    counter2 = accounts.login(Session(other.db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 2)
    counter_actions.call_next(Session(other.db, counter2, clock), ["A"])
    app = create_app(ready_db_path, clock=clock, mode="board")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert digits(app, "#board-ticket") == "A-001"
        await pilot.press("escape")  # no way back from the TV board
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running


# -- services and hours ----------------------------------------------------------------------------
async def test_supervisor_edits_a_service_quota_and_a_special_day(ready_db_path, clock, other) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        await open_screen(app, pilot, QueueAdminScreen())
        await pilot.press("down", "enter")  # service B
        await settle(pilot)
        quota = app.screen.query_one("#service-quota", Input)
        quota.focus()
        await type_text(pilot, "40")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueAdminScreen)
        services = {s.code: s for s in queue_config.list_services(Session(other.db))}
        assert services["B"].daily_quota == 40
        await pilot.press("f2")
        await settle(pilot)
        await type_text(pilot, "2026-12-25")
        app.screen.query_one("#hours-closed").focus()
        await pilot.press("space")
        app.screen.query_one("#special-reason", Input).focus()
        await type_text(pilot, "Hari Natal")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueAdminScreen)
        text = screen_text(pilot)
        assert "2026-12-25" in text
        assert "Hari Natal" in text
    days = queue_config.special_days(Session(other.db))
    christmas = days[date(2026, 12, 25)]
    assert christmas.closed
    assert christmas.reason == "Hari Natal"


async def test_special_day_can_be_removed(ready_db_path, clock, other) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        await open_screen(app, pilot, QueueAdminScreen())
        app.screen.query_one("#admin-tabs", TabbedContent).active = "tab-special"
        app.screen.query_one("#special-table", DataTable).focus()
        await settle(pilot)
        assert "Hari pemungutan suara Pemilu 2024" in screen_text(pilot)  # the seeded election day
        await pilot.press("f8")
        await settle(pilot)
        assert "Hapus hari khusus 2024-02-14?" in screen_text(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Hari pemungutan suara" not in screen_text(pilot)
    assert date(2024, 2, 14) not in queue_config.special_days(Session(other.db))


async def test_operator_cannot_change_services(ready_db_path, clock, other) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(app, pilot, OPERATOR_CODE, OPERATOR_PIN, 0)
        await open_screen(app, pilot, QueueAdminScreen())
        assert "Hanya supervisor yang boleh mengubah layanan" in screen_text(pilot)
        await pilot.press("enter")  # service A
        await settle(pilot)
        app.screen.query_one("#service-active").focus()
        await pilot.press("space")  # untick "Aktif"
        app.screen.query_one("#service-name", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ServiceEditDialog)  # stays open, with the refusal inline
        assert "Hanya supervisor yang boleh melakukan tindakan ini." in screen_text(pilot)
    assert {s.code: s for s in queue_config.list_services(Session(other.db))}["A"].active


async def test_app_call_gives_the_use_case_a_session_of_the_current_actor_and_clock(
    ready_db_path, clock
) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before_login = await app.call(lambda session: session)
        assert before_login.actor is KIOSK
        assert before_login.clock is clock
        actor = await log_in(app, pilot, OPERATOR_CODE, OPERATOR_PIN, 1)
        during = await app.call(lambda session: session)
        assert during.actor == actor
        assert during.now() == clock.moment
