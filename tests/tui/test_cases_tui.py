"""Pilot tests of the case screens (issue 7): the case form from the counter, the IKD checklist, the recordings
screen, the card waiting list, siap cetak and the stock screen.

Each test drives the real app on a tmp database by keyboard at 80x24 and checks the screen and the rows written.
`Keys` counts every key press that is not a character typed into a field: the budgets of issue 7.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from counter_tui.domain.nik import build_nik
from counter_tui.services import accounts, stock, stock_target, tickets
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from counter_tui.tui.app import CounterApp, create_app
from counter_tui.tui.dialogs.cases import IkdChecklistDialog
from counter_tui.tui.screens.case_form import CaseFormScreen
from counter_tui.tui.screens.counter import CounterScreen
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

# Every test here drives the app through several screens (about 3-7 s each on the shared 2-core machine).
pytestmark = pytest.mark.slow

SIZE = (80, 24)
HILANG_BUDGET = 12
PEMULA_BUDGET = 15

# A man born 3 March 1990 in Baamang (62.02.05); a woman born 5 May 2008 in Kota Besi (62.02.01).
HILANG_NIK = build_nik("62.02.05", date(1990, 3, 3), "L", 7)
PEMULA_NIK = build_nik("62.02.01", date(2008, 5, 5), "P", 12)


class Keys:
    """Presses keys through Pilot and counts them (typed field characters go through `type`, uncounted)."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            await self.pilot.press(key)
            await settle(self.pilot)

    async def type(self, text: str) -> None:
        await type_text(self.pilot, text)


def prepare_office(
    path: Path,
    clock: FixedClock,
    *,
    blanks: int,
    target: tuple[int, int] | None = (313_281, 310_785),
    services: tuple[str, ...] = (),
) -> None:
    """Blanks received, the target of the news report (reserve = 2.496 + 10 % = 2.746), tickets issued."""
    db = open_database(path)
    try:
        spv = accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        as_spv = Session(db, spv, clock)
        if blanks:
            stock.receive_stock(as_spv, blanks, "BA-2026/11/001")
        if target:
            stock_target.set_target(as_spv, *target)
        desk = accounts.login(Session(db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 0)
        for service in services:
            tickets.issue_ticket(Session(db, desk, clock), service)
    finally:
        db.close()


def rows(path: Path, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


async def at_counter(app: CounterApp, pilot) -> None:
    await settle(pilot)
    actor = await app.call(accounts.login, OPERATOR_CODE, OPERATOR_PIN, 1)
    await app.login_done(actor)
    await settle(pilot)
    await app.push_screen(CounterScreen())
    await settle(pilot)


async def fill_person(
    keys: Keys, nik: str, name: str, birth: str, sex: str, phone: str | None = None
) -> None:
    """From the NIK field: NIK, Enter, name, Enter, birth date, Enter, sex (and Tab, phone)."""
    await keys.type(nik)
    await keys.press("enter")
    await keys.type(name)
    await keys.press("enter")
    await keys.type(birth)
    await keys.press("enter")
    await keys.type(sex)
    if phone is not None:
        await keys.press("tab")
        await keys.type(phone)


# -- hilang: routed to IKD, checklist done, on the waiting list ---------------------------------------
async def test_hilang_case_routed_to_ikd_within_the_key_budget(
    ready_db_path: Path, clock: FixedClock
) -> None:
    prepare_office(ready_db_path, clock, blanks=2_700, services=("B",))
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await at_counter(app, pilot)
        keys = Keys(pilot)
        await keys.press("f2")
        await keys.press("f10")
        assert isinstance(app.screen, CaseFormScreen)
        text = screen_text(pilot)
        assert "B-001" in text
        assert "Hilang" in text  # suggested by service B
        await fill_person(keys, HILANG_NIK, "AHMAD [/]", "03-03-1990", "L", "0812-3456-7890")
        assert "Baamang" in screen_text(pilot)  # the live decode
        await keys.press("f5")  # every document brought
        await keys.press("enter")  # finish -> the stock is below the reserve: the IKD checklist
        assert isinstance(app.screen, IkdChecklistDialog)
        assert "Unduh aplikasi Identitas Kependudukan Digital" in screen_text(pilot)
        await keys.press("f5")  # every step ticked
        await keys.press("enter")  # activated: the case is written, the ticket finished
        assert isinstance(app.screen, CounterScreen)
        text = screen_text(pilot)
        assert "B-001 selesai" in text
        assert "daftar tunggu cetak" in text
        assert "F10 Berkas Blanko 2.700 (cad. 2.746, pengganti 0) · 99,2 % — 2.496 belum rekam" in text
    assert keys.count <= HILANG_BUDGET, f"{keys.count} key presses for a hilang case"
    assert rows(ready_db_path, "SELECT case_type, status, route, outcome FROM cases") == [
        ("hilang", "finished", "ikd", "dirujuk_ikd")
    ]
    assert rows(ready_db_path, "SELECT steps_done, outcome FROM ikd_checklists") == [("1111111", "activated")]
    assert rows(ready_db_path, "SELECT status, first_time FROM card_waiting_list") == [("waiting", 0)]
    assert rows(ready_db_path, "SELECT origin_service, number, status, outcome FROM tickets") == [
        ("B", 1, "done", "dirujuk_ikd")
    ]
    assert rows(ready_db_path, "SELECT count(*) FROM stock_movements WHERE kind = 'used'") == [(0,)]


# -- pemula: recorded, PRINT_READY_RECORD from SIAK, printed ------------------------------------------
async def test_pemula_recorded_then_print_ready_then_printed(ready_db_path: Path, clock: FixedClock) -> None:
    prepare_office(ready_db_path, clock, blanks=5_000, services=("A",))
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await at_counter(app, pilot)
        keys = Keys(pilot)
        await keys.press("f2")
        await keys.press("f10")
        await fill_person(keys, PEMULA_NIK, "Siti Aminah", "05-05-2008", "P")
        await keys.press("f5")
        await keys.press("enter")
        assert isinstance(app.screen, CounterScreen)
        assert "Perekaman" in screen_text(pilot)
        assert keys.count <= PEMULA_BUDGET, f"{keys.count} key presses for a pemula recording"
        assert rows(ready_db_path, "SELECT status, source FROM recordings") == [("BIO_CAPTURED", "app")]
        assert rows(ready_db_path, "SELECT outcome FROM tickets") == [("selesai",)]

        from counter_tui.tui.screens.recordings import RecordingsScreen

        await app.push_screen(RecordingsScreen())
        await settle(pilot)
        app.clear_notifications()
        await settle(pilot)
        assert "Siti Aminah" in screen_text(pilot)
        assert "6202**********12" in screen_text(pilot)
        assert PEMULA_NIK not in screen_text(pilot)
        for status in ("SENT_FOR_ENROLLMENT", "PRINT_READY_RECORD"):
            await pilot.press("f2")  # the status read from SIAK
            await settle(pilot)
            assert status in screen_text(pilot)
            number = re.search(rf"(\d)\s+{status}", screen_text(pilot))
            assert number is not None
            await pilot.press(number.group(1))
            await settle(pilot)
            assert rows(ready_db_path, "SELECT status FROM recordings") == [(status,)]
        await pilot.press("f3")  # print the card
        await settle(pilot)
        assert table_rows(pilot, "#rec-table")[0][3] == "CARD_PRINTED"
        app.clear_notifications()
        await settle(pilot)
        assert "KTP-el sudah dicetak. F4 bila gagal cetak" in screen_text(pilot)
    assert rows(ready_db_path, "SELECT status FROM recordings") == [("CARD_PRINTED",)]
    assert rows(ready_db_path, "SELECT kind, quantity, balance_after FROM stock_movements ORDER BY id") == [
        ("receipt", 5000, 5000),
        ("used", -1, 4999),
    ]
    audited = rows(ready_db_path, "SELECT count(*) FROM audit_log WHERE action = 'recording.status'")
    assert audited[0][0] >= 3  # two SIAK statuses entered, and the print


# -- bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("620205450706000", "16 digit"),
        ("6202053002900001", "30 Februari"),
        ("6202050703900000", "0000"),
    ],
)
async def test_bad_nik_shows_the_message_and_writes_nothing(
    ready_db_path: Path, clock: FixedClock, nik: str, message: str
) -> None:
    prepare_office(ready_db_path, clock, blanks=10, services=("A",))
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await at_counter(app, pilot)
        keys = Keys(pilot)
        await keys.press("f2", "f10")
        await fill_person(keys, nik, "Budi", "30-02-1990", "L")
        assert message in screen_text(pilot)
        await keys.press("f5", "f8")
        assert isinstance(app.screen, CaseFormScreen)  # still open, the message shown
        assert message in screen_text(pilot)
    assert rows(ready_db_path, "SELECT count(*) FROM cases") == [(0,)]
    assert rows(ready_db_path, "SELECT count(*) FROM recordings") == [(0,)]
    assert rows(ready_db_path, "SELECT status FROM tickets") == [("called",)]


async def test_sex_that_disagrees_with_the_nik_says_which_part(
    ready_db_path: Path, clock: FixedClock
) -> None:
    prepare_office(ready_db_path, clock, blanks=10, services=("A",))
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await at_counter(app, pilot)
        keys = Keys(pilot)
        await keys.press("f2", "f10")
        await fill_person(keys, PEMULA_NIK, "Siti", "05-05-2008", "L")
        await keys.press("f5", "f8")
        assert "Jenis kelamin tidak cocok dengan NIK" in screen_text(pilot)
        assert isinstance(app.screen.query_one("#case-nik", Input), Input)
    assert rows(ready_db_path, "SELECT count(*) FROM cases") == [(0,)]


# -- the waiting list ------------------------------------------------------------------------------
def hilang_on_the_waiting_list(path: Path, clock: FixedClock, people: list[tuple[str, str | None]]) -> None:
    """Finished hilang cases routed to IKD (the stock is below the reserve): one waiting entry each."""
    from counter_tui.domain.cases import IkdOutcome, IkdResult
    from counter_tui.services import case_finish, counter_actions
    from counter_tui.services.case_draft import CaseDraft

    db = open_database(path)
    try:
        operator = accounts.login(Session(db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 2)
        session = Session(db, operator, clock)
        for n, (name, phone) in enumerate(people):
            tickets.issue_ticket(session, "B")
            ticket = counter_actions.call_next(session, ["B"])
            born = date(1985, 1, n + 1)
            draft = CaseDraft(
                build_nik("62.02.05", born, "L", n + 1),
                name,
                born,
                "L",
                "kawin",
                "hilang",
                ["kk", "surat_kehilangan"],
                phone=phone,
                ticket_id=ticket.id,
            )
            case_finish.finish_case(session, draft, ikd=IkdResult((True,) * 7, IkdOutcome.GUIDED_HOME))
            clock.advance(minutes=5)
    finally:
        db.close()


async def test_waiting_list_oldest_first_plain_names_masked_phones(
    ready_db_path: Path, clock: FixedClock
) -> None:
    prepare_office(ready_db_path, clock, blanks=2_700)
    hilang_on_the_waiting_list(
        ready_db_path, clock, [("AHMAD [/]", "0812-3456-7890"), ("[bold]Rina[/bold]", None)]
    )
    from counter_tui.tui.screens.waitlist import WaitlistScreen

    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await at_counter(app, pilot)
        await app.push_screen(WaitlistScreen())
        await settle(pilot)
        text = screen_text(pilot)
        assert [row[4] for row in table_rows(pilot, "#wait-table")] == ["AHMAD [/]", "[bold]Rina[/bold]"]
        assert "AHMAD [/]" in text  # markup shown as typed, not interpreted
        assert "+6281******890" in text, text
        assert "+6281234567890" not in text
        assert "belum" in text  # replacements keep the reserve
        assert re.search(r"menunggu sejak \d{2}-\d{2}-\d{4}\.", text), text  # the office's date form, not ISO
        views_before = rows(ready_db_path, "SELECT count(*) FROM audit_log WHERE action = 'case.phone_view'")
        await pilot.press("f4")  # the number, to phone the person: an audited read
        await settle(pilot)
        assert "Hubungi AHMAD [/]: +6281234567890" in screen_text(pilot)
        assert rows(ready_db_path, "SELECT count(*) FROM audit_log WHERE action = 'case.phone_view'") == [
            (views_before[0][0] + 1,)
        ]
        await pilot.press("f3")  # the stock does not allow a replacement: refused, with the reason
        await settle(pilot)
        assert "cadangan" in screen_text(pilot)
        assert rows(ready_db_path, "SELECT count(*) FROM stock_movements WHERE kind = 'used'") == [(0,)]
        await pilot.press("f5")  # take the first one off the list: a reason is required
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Alasan wajib diisi" in screen_text(pilot)
        await type_text(pilot, "pindah domisili")
        await pilot.press("enter")
        await settle(pilot)
        assert [row[4] for row in table_rows(pilot, "#wait-table")] == ["[bold]Rina[/bold]"]
    assert rows(ready_db_path, "SELECT status FROM card_waiting_list ORDER BY id") == [
        ("cancelled",),
        ("waiting",),
    ]


async def test_waiting_list_prints_when_the_stock_allows(ready_db_path: Path, clock: FixedClock) -> None:
    prepare_office(ready_db_path, clock, blanks=2_700)
    hilang_on_the_waiting_list(ready_db_path, clock, [("Budi", "081234567890"), ("Sari", None)])
    db = open_database(ready_db_path)
    try:
        spv = accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        stock.receive_stock(Session(db, spv, clock), 1_000, "BA-2026/11/002")
    finally:
        db.close()
    from counter_tui.tui.screens.waitlist import WaitlistScreen

    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await at_counter(app, pilot)
        await app.push_screen(WaitlistScreen())
        await settle(pilot)
        assert [row[6] for row in table_rows(pilot, "#wait-table")] == ["bisa", "bisa"]
        await pilot.press("f3")  # the oldest entry
        await settle(pilot)
        assert [row[4] for row in table_rows(pilot, "#wait-table")] == ["Sari"]
        assert "Blanko 3.699" in screen_text(pilot)
    assert rows(ready_db_path, "SELECT status FROM card_waiting_list ORDER BY id") == [
        ("printed",),
        ("waiting",),
    ]
    assert rows(
        ready_db_path, "SELECT kind, balance_after FROM stock_movements ORDER BY id DESC LIMIT 1"
    ) == [("used", 3_699)]


# -- stock -----------------------------------------------------------------------------------------
async def test_supervisor_receives_stock_operator_cannot(ready_db_path: Path, clock: FixedClock) -> None:
    prepare_office(ready_db_path, clock, blanks=100)
    from counter_tui.tui.screens.stock import StockScreen

    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await at_counter(app, pilot)  # an operator
        await app.push_screen(StockScreen())
        await settle(pilot)
        assert "Stok blanko      100" in screen_text(pilot)
        assert "f2 Terima" not in screen_text(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, StockScreen)  # no dialog for an operator

        actor = await app.call(accounts.login, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        await app.login_done(actor)
        await settle(pilot)
        await app.push_screen(StockScreen())
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        for bad, message in (
            ("-5", "negatif"),
            ("0", "lebih dari 0"),
            ("abc", "bilangan bulat"),
            ("9999999", "terlalu besar"),
        ):
            box = app.screen.query_one("#field-0", Input)
            box.value = bad
            app.screen.query_one("#field-1", Input).value = "BA-03"
            box.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert message in screen_text(pilot)
        app.screen.query_one("#field-0", Input).value = "500"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StockScreen)
        assert "Stok blanko      600" in screen_text(pilot)
        assert "BA-03" in screen_text(pilot)
    assert rows(ready_db_path, "SELECT kind, quantity, reference FROM stock_movements ORDER BY id") == [
        ("receipt", 100, "BA-2026/11/001"),
        ("receipt", 500, "BA-03"),
    ]


# -- search by NIK ---------------------------------------------------------------------------------
async def test_search_by_nik_opens_the_earlier_case_with_the_full_nik(
    ready_db_path: Path, clock: FixedClock
) -> None:
    prepare_office(ready_db_path, clock, blanks=2_700)
    hilang_on_the_waiting_list(ready_db_path, clock, [("Budi", None)])
    nik = build_nik("62.02.05", date(1985, 1, 1), "L", 1)
    from counter_tui.tui.screens.case_search import CaseSearchScreen

    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await at_counter(app, pilot)
        await app.push_screen(CaseSearchScreen())
        await settle(pilot)
        await type_text(pilot, nik)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Hilang" in text
        assert "6202**********01" in text
        assert table_rows(pilot, "#search-table")[0][4] == "6202**********01"  # masked in the list
        table = app.screen.query_one("#search-table", DataTable)
        assert [str(column.label) for column in table.ordered_columns] == [
            "Tanggal",
            "Layanan",
            "Jalur",
            "Hasil",
            "NIK",
        ]
        assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", table_rows(pilot, "#search-table")[0][0])  # not ISO
        await pilot.press("enter")  # open it
        await settle(pilot)
        assert isinstance(app.screen, CaseFormScreen)
        text = screen_text(pilot)
        assert nik in text  # the open case form shows the full NIK
        assert "Budi" in text
        assert "Dirujuk ke aktivasi IKD" in text
    audited = rows(ready_db_path, "SELECT action FROM audit_log WHERE action IN ('case.search', 'case.view')")
    assert ("case.search",) in audited
    assert ("case.view",) in audited


# -- recordings: duplicate blocks printing, misprint, siap cetak ----------------------------------------
def recorded(path: Path, clock: FixedClock, people: list[tuple[str, date, tuple[str, ...]]]) -> list[int]:
    """Pemula recorded through the use cases, then the SIAK statuses given; returns the recording ids."""
    from counter_tui.services import case_finish, counter_actions, recordings
    from counter_tui.services.case_draft import CaseDraft

    db = open_database(path)
    ids = []
    try:
        operator = accounts.login(Session(db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 2)
        session = Session(db, operator, clock)
        for n, (name, born, statuses) in enumerate(people):
            tickets.issue_ticket(session, "A")
            ticket = counter_actions.call_next(session, ["A"])
            draft = CaseDraft(
                build_nik("62.02.01", born, "P", n + 1),
                name,
                born,
                "P",
                "belum_kawin",
                "baru",
                ["kk"],
                ticket_id=ticket.id,
            )
            recording = case_finish.finish_case(session, draft).recording
            assert recording is not None
            for status in statuses:
                recordings.set_recording_status(session, recording.id, status)
            ids.append(recording.id)
    finally:
        db.close()
    return ids


async def test_duplicate_record_blocks_printing_with_the_reason_then_a_misprint(
    ready_db_path: Path, clock: FixedClock
) -> None:
    prepare_office(ready_db_path, clock, blanks=50)
    recorded(
        ready_db_path,
        clock,
        [
            ("Ganda Satu", date(2000, 1, 1), ("SENT_FOR_ENROLLMENT", "DUPLICATE_RECORD")),
            ("Tunggal Dua", date(2000, 1, 2), ("SENT_FOR_ENROLLMENT", "PRINT_READY_RECORD")),
        ],
    )
    from counter_tui.tui.screens.recordings import RecordingsScreen

    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await at_counter(app, pilot)
        await app.push_screen(RecordingsScreen())
        await settle(pilot)
        names = [row[2] for row in table_rows(pilot, "#rec-table")]
        await pilot.press(*["down"] * names.index("Ganda Satu"))
        await settle(pilot)
        assert "Tidak bisa dicetak: rekaman ganda" in screen_text(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert "tidak dapat dicetak sampai diselesaikan" in screen_text(pilot)
        assert rows(ready_db_path, "SELECT count(*) FROM stock_movements WHERE kind <> 'receipt'") == [(0,)]

        await pilot.press("home")
        await pilot.press(*["down"] * names.index("Tunggal Dua"))
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f4")  # gagal cetak: asks first
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert rows(ready_db_path, "SELECT kind, quantity, balance_after FROM stock_movements ORDER BY id") == [
        ("receipt", 50, 50),
        ("used", -1, 49),
        ("misprint", -1, 48),
    ]


async def test_siap_cetak_lists_a_person_recorded_at_16_on_the_17th_birthday(
    ready_db_path: Path, clock: FixedClock
) -> None:
    prepare_office(ready_db_path, clock, blanks=50)
    # 16 on 30 November 2026, 17 on 10 December 2026.
    recorded(
        ready_db_path,
        clock,
        [("Remaja Enambelas", date(2009, 12, 10), ("SENT_FOR_ENROLLMENT", "PRINT_READY_RECORD"))],
    )
    from counter_tui.tui.screens.siap_cetak import SiapCetakScreen

    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await at_counter(app, pilot)
        await app.push_screen(SiapCetakScreen())
        await settle(pilot)
        assert table_rows(pilot, "#rec-table") == []
        assert "Belum ada rekaman siap cetak hari ini" in screen_text(pilot)
        await pilot.press("escape")
        clock.advance(days=10)  # the 17th birthday
        await app.push_screen(SiapCetakScreen())
        await settle(pilot)
        assert [row[2] for row in table_rows(pilot, "#rec-table")] == ["Remaja Enambelas"]
        await pilot.press("f3")
        await settle(pilot)
        assert table_rows(pilot, "#rec-table") == []
    assert rows(ready_db_path, "SELECT status FROM recordings") == [("CARD_PRINTED",)]


async def test_aktivasi_ikd_for_someone_recorded_before_the_app(
    ready_db_path: Path, clock: FixedClock
) -> None:
    """Service D suggests aktivasi IKD; the operator picks the status read from SIAK by keyboard (Tab to the
    field, Enter, arrows, Enter), then the checklist: selesai, no waiting-list entry, the SIAK status recorded."""
    prepare_office(ready_db_path, clock, blanks=2_700, services=("D",))
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await at_counter(app, pilot)
        keys = Keys(pilot)
        await keys.press("f2", "f10")
        assert "Aktivasi IKD" in screen_text(pilot)
        await fill_person(keys, HILANG_NIK, "Rahmat", "03-03-1990", "L", "081234567890")
        await keys.press("tab", "tab", "tab")  # marital, case type, SIAK status
        assert app.focused is not None
        assert app.focused.id == "case-siak"
        await keys.press("enter", "down", "down", "down", "enter")
        assert "PRINT_READY_RECORD" in screen_text(pilot)
        await keys.press("f8")
        assert isinstance(app.screen, IkdChecklistDialog)
        await keys.press("f5", "enter")
        assert isinstance(app.screen, CounterScreen)
    assert rows(ready_db_path, "SELECT case_type, route, outcome FROM cases") == [
        ("aktivasi_ikd", "ikd", "selesai")
    ]
    assert rows(ready_db_path, "SELECT status, source FROM recordings") == [("PRINT_READY_RECORD", "siak")]
    assert rows(ready_db_path, "SELECT count(*) FROM card_waiting_list") == [(0,)]
    assert rows(ready_db_path, "SELECT outcome FROM tickets") == [("selesai",)]
