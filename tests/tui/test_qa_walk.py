"""Small bugs found walking the app as an operator (QA pass): each test failed before its fix."""

from __future__ import annotations

from counter_tui.domain.queue import Outcome
from counter_tui.domain.routing import CaseDecision, Route
from counter_tui.tui.widgets.case_widgets import decision_text


def test_decision_line_does_not_repeat_the_same_label() -> None:
    """Missing documents: the route and the outcome are both "Berkas belum lengkap"; the case form said
    "Berkas belum lengkap → Berkas belum lengkap"."""
    decision = CaseDecision(
        Route.MISSING_DOCUMENTS, Outcome.BERKAS_KURANG, "Berkas belum lengkap: Kartu Keluarga."
    )
    first_line = decision_text(decision).plain.splitlines()[0]
    assert first_line.count("Berkas belum lengkap") == 1
    assert "→" not in first_line


def test_decision_line_keeps_a_different_outcome() -> None:
    decision = CaseDecision(Route.RECORD, Outcome.SELESAI, "Perekaman dilakukan.")
    first_line = decision_text(decision).plain.splitlines()[0]
    assert "Perekaman" in first_line
    assert f"→ {Outcome.SELESAI.label}" in first_line


async def test_recordings_table_fits_80_columns_with_a_long_siak_status(ready_db_path, clock) -> None:
    """A recording in SENT_FOR_ENROLLMENT (or PRINT_READY_RECORD) widened the Status column: at 80x24 the table
    ran past the screen and "Bisa cetak", the column the operator looks for, was cut off."""
    from datetime import date

    from counter_tui.tui.app import create_app
    from counter_tui.tui.screens.recordings import RecordingsScreen
    from tests.tui.helpers import screen_text, settle
    from tests.tui.test_cases_tui import at_counter, prepare_office, recorded

    prepare_office(ready_db_path, clock, blanks=50)
    recorded(ready_db_path, clock, [("Sri Wahyuningsih", date(2000, 1, 1), ("SENT_FOR_ENROLLMENT",))])
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_counter(app, pilot)
        await app.push_screen(RecordingsScreen())
        await settle(pilot)
        text = screen_text(pilot)
        assert "SENT_FOR_ENROLLMENT" in text
        assert "Bisa cetak" in text, text


async def test_ikd_checklist_clears_its_refusal_once_steps_are_ticked() -> None:
    """Enter with no step ticked says "langkah 1, 2, ... belum dicentang"; after F5 (every step) the line stayed,
    telling the operator the steps were still unticked."""
    from textual.app import App

    from counter_tui.tui.dialogs.cases import IkdChecklistDialog
    from tests.tui.helpers import screen_text

    decision = CaseDecision(
        Route.IKD, Outcome.DIRUJUK_IKD, "Pemohon dibimbing aktivasi IKD.", needs_ikd_checklist=True
    )
    results: list[object] = []
    app = App()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(IkdChecklistDialog(decision), results.append)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "belum dicentang" in screen_text(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert "belum dicentang" not in screen_text(pilot)
        await pilot.press("down", "space")  # untick step 2, Enter: refused again, then ticked again: cleared
        await pilot.press("enter")
        await pilot.pause()
        assert "langkah 2 belum dicentang" in screen_text(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert "belum dicentang" not in screen_text(pilot)
        await pilot.press("enter")
        await pilot.pause()
    assert len(results) == 1
    assert all(results[0].steps_done)


async def test_board_lists_each_previous_ticket_once(ready_db_path, clock) -> None:
    """A recall is a call of its own (announced again), but "Panggilan sebelumnya" listed a recalled ticket once per
    call, and the ticket just called too: A-001, A-001, A-001 for one person."""
    from textual.widgets import Digits

    from counter_tui.services import accounts, counter_actions
    from counter_tui.services.session import Session
    from counter_tui.tui.app import create_app
    from counter_tui.tui.screens.board import Announcer, BoardScreen
    from tests.conftest import OPERATOR2_CODE, OPERATOR2_PIN, SUPERVISOR_CODE, SUPERVISOR_PIN
    from tests.tui.helpers import settle
    from tests.tui.test_queue_tui import FakePopen, Other, log_in

    other = Other(ready_db_path, clock)
    try:
        for _ in range(3):
            other.issue("A")
        counter = Session(
            other.db, accounts.login(Session(other.db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 2), clock
        )
        counter_actions.call_next(counter, ["A"])  # A-001, recalled twice, then finished
        counter_actions.recall(counter)
        counter_actions.recall(counter)
        counter_actions.start_serving(counter)
        counter_actions.finish(counter, Outcome.SELESAI)
        counter_actions.call_next(counter, ["A"])  # A-002, recalled: the latest call
        counter_actions.recall(counter)
    finally:
        other.close()
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(app, pilot, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        await app.push_screen(BoardScreen(announcer=Announcer(which=lambda name: None, popen=FakePopen())))
        await settle(pilot)
        assert app.screen.query_one("#board-ticket", Digits).value == "A-002"
        shown = [
            row.query_one(".board-previous-ticket", Digits).value
            for row in app.screen.query(".board-previous-row")
            if row.display
        ]
        assert shown == ["A-001"]


async def test_an_override_given_for_the_hours_says_it_also_lifted_the_duplicate_nik(
    ready_db_path, clock
) -> None:
    """Outside hours, a second ticket for a NIK already waiting: the override dialog names the hours only, and the
    override silently lifted the one-ticket-per-NIK rule too. The desk is now told."""
    from textual.widgets import Input

    from counter_tui.services import accounts, queue_config, queue_views
    from counter_tui.services.session import Session
    from counter_tui.tui.app import create_app
    from counter_tui.tui.dialogs.front_desk import SupervisorOverrideDialog
    from counter_tui.tui.screens.front_desk import FrontDeskScreen
    from tests.conftest import OPERATOR2_CODE, OPERATOR2_PIN, SUPERVISOR_CODE, SUPERVISOR_PIN
    from tests.tui.helpers import screen_text, settle, type_text
    from tests.tui.test_queue_tui import NIK, Other, log_in, open_screen

    other = Other(ready_db_path, clock)
    try:
        other.issue("A", nik=NIK)
        spv = accounts.login(Session(other.db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        queue_config.set_weekday_hours(Session(other.db, spv, clock), clock.now().weekday(), "", "")  # closed
        app = create_app(ready_db_path, clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await log_in(app, pilot, OPERATOR2_CODE, OPERATOR2_PIN, 0)
            await open_screen(app, pilot, FrontDeskScreen())
            await pilot.press("f8")
            await type_text(pilot, NIK)
            await pilot.press("f2")
            await settle(pilot)
            assert isinstance(app.screen, SupervisorOverrideDialog)
            assert "Kantor tutup hari ini" in screen_text(pilot)
            assert "sudah memegang tiket aktif" not in screen_text(pilot)
            app.screen.query_one("#override-code", Input).focus()
            await type_text(pilot, SUPERVISOR_CODE)
            await pilot.press("enter")
            await type_text(pilot, SUPERVISOR_PIN)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, FrontDeskScreen)
            text = screen_text(pilot)
            assert "Izin supervisor juga melewati" in text, text
            message = str(app.screen.query_one("#frontdesk-message").render())
            assert "NIK ini sudah memegang tiket aktif untuk layanan A" in message, message
        waiting = queue_views.queue_snapshot(Session(other.db, clock=clock)).waiting
        assert len(waiting) == 2
    finally:
        other.close()


async def test_target_dialog_enter_moves_on_before_it_saves(ready_db_path, clock) -> None:
    """Enter after the population tried to save at once ("Jumlah yang sudah direkam harus berupa bilangan bulat")
    and the recorded count was then typed onto the population: 1000 and 1500 became 10001500."""
    import sqlite3

    from counter_tui.services import accounts
    from counter_tui.tui.app import create_app
    from counter_tui.tui.dialogs.cases import TargetDialog
    from counter_tui.tui.screens.stock import StockScreen
    from tests.conftest import SUPERVISOR_CODE, SUPERVISOR_PIN
    from tests.tui.helpers import screen_text, settle, type_text

    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        actor = await app.call(accounts.login, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        await app.login_done(actor)
        await settle(pilot)
        await app.push_screen(StockScreen())
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, TargetDialog)
        await type_text(pilot, "1000")
        await pilot.press("enter")
        await settle(pilot)
        assert "bilangan bulat" not in screen_text(pilot)
        await type_text(pilot, "500")
        await pilot.press("enter")  # on to the optional date
        await settle(pilot)
        assert isinstance(app.screen, TargetDialog)
        await pilot.press("enter")  # the empty date: save
        await settle(pilot)
        assert isinstance(app.screen, StockScreen)
    conn = sqlite3.connect(ready_db_path)
    try:
        audited = conn.execute("SELECT details FROM audit_log WHERE action = 'target.set'").fetchall()
    finally:
        conn.close()
    assert len(audited) == 1
    assert "1000" in audited[0][0]
    assert "500" in audited[0][0]
