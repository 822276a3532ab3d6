"""Cases on a real database file: one transaction per case (case, recording, stock, IKD checklist, waiting list,
ticket outcome, audit), printing against the blank stock and its reserve, the waiting list, 'siap cetak', the
search by NIK, and personal data that never reaches the file in clear."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from counter_tui.domain.accounts import Actor
from counter_tui.domain.cases import IkdOutcome, IkdResult, RecordingStatus
from counter_tui.domain.errors import Conflict, PermissionDenied, ValidationError
from counter_tui.domain.keys import DecryptionFailed
from counter_tui.domain.nik import build_nik
from counter_tui.domain.queue import Outcome, TicketStatus
from counter_tui.domain.routing import Route
from counter_tui.services import (
    _case_writes,
    _cases_common,
    case_finish,
    case_search,
    cases,
    counter_actions,
    recordings,
    stock,
    stock_target,
    tickets,
    waitlist,
)
from counter_tui.services.case_draft import CaseDraft
from counter_tui.services.session import Session
from counter_tui.storage import cases as case_store
from counter_tui.storage.db import Database, StorageError
from tests.clock import FixedClock

KOTIM_WOMAN = "6202054507060001"  # born 5 July 2006: 20 on 30 November 2026
NAME = "Siti Aminah Rahmawati"
PHONE = "0812-3456-7890"
ACTIVATED = IkdResult((True,) * 7, IkdOutcome.ACTIVATED)


@pytest.fixture
def spv(db: Database, supervisor: Actor, clock: FixedClock) -> Session:
    return Session(db, supervisor, clock)


@pytest.fixture
def opr(db: Database, operator: Actor, clock: FixedClock) -> Session:
    return Session(db, operator, clock)


def serve(session: Session, service: str) -> int:
    """Issue a ticket for the service and call it at the session's counter; returns the ticket id."""
    tickets.issue_ticket(session, service)
    return counter_actions.call_next(session, [service]).id


def hilang(ticket_id: int | None, nik: str = KOTIM_WOMAN, **changes: object) -> CaseDraft:
    values: dict = dict(
        nik=nik,
        name=NAME,
        birth_date="05-07-2006",
        sex="P",
        marital="belum_kawin",
        case_type="hilang",
        documents=["kk", "surat_kehilangan"],
        phone=PHONE,
        ticket_id=ticket_id,
    )
    values.update(changes)
    return CaseDraft(**values)


def pemula(ticket_id: int | None, born: date, serial: int = 1, sex: str = "L") -> CaseDraft:
    return CaseDraft(
        nik=build_nik("62.02.05", born, sex, serial),
        name=f"Pemula {serial}",
        birth_date=born,
        sex=sex,
        marital="belum_kawin",
        case_type="baru",
        documents=["kk"],
        ticket_id=ticket_id,
    )


def rows(db: Database, sql: str, *args: object) -> list[tuple]:
    return [tuple(r) for r in db.conn.execute(sql, args).fetchall()]


def actions(db: Database) -> list[str]:
    return [r[0] for r in rows(db, "SELECT action FROM audit_log ORDER BY id")]


def set_stock(spv: Session, balance: int, reserve: int) -> None:
    stock_target.set_reserve_policy(spv, mode="fixed", fixed=reserve)
    current = stock.stock_view(spv).balance
    if balance > current:
        stock.receive_stock(spv, balance - current, "BA-TEST")
    elif balance < current:
        stock.correct_stock(spv, balance, "stock opname")


# -- one transaction per case -----------------------------------------------------------------------
def test_a_pemula_is_recorded_and_the_ticket_finished_in_the_same_transaction(opr: Session) -> None:
    ticket_id = serve(opr, "A")
    before = len(actions(opr.db))
    result = case_finish.finish_case(opr, pemula(ticket_id, date(2008, 3, 1)))
    assert result.decision.route is Route.RECORD
    assert result.recording is not None
    assert result.recording.status is RecordingStatus.BIO_CAPTURED
    assert result.ticket is not None
    assert result.ticket.status is TicketStatus.DONE
    assert result.ticket.outcome is Outcome.SELESAI
    assert rows(opr.db, "SELECT status, outcome FROM tickets WHERE id = ?", ticket_id) == [
        ("done", "selesai")
    ]
    assert rows(opr.db, "SELECT status, route, outcome FROM cases") == [("finished", "rekam", "selesai")]
    assert rows(opr.db, "SELECT status, source FROM recordings") == [("BIO_CAPTURED", "app")]
    assert actions(opr.db)[before:] == ["case.finish", "recording.add", "ticket.finish"]
    # Every row the case wrote carries the device id and its own UUID.
    device = case_store.device_id(opr.db.conn)
    for table in ("cases", "recordings", "recording_status_history"):
        assert rows(opr.db, f"SELECT DISTINCT device_id FROM {table}") == [(device,)]
        assert rows(opr.db, f"SELECT count(*) = count(DISTINCT uuid) FROM {table}") == [(1,)]


def test_a_hilang_case_below_the_reserve_goes_to_ikd_and_the_waiting_list(opr: Session, spv: Session) -> None:
    set_stock(spv, 100, 100)
    ticket_id = serve(opr, "B")
    preview = cases.preview_case(opr, hilang(ticket_id))
    assert preview.decision.route is Route.IKD
    assert preview.decision.needs_ikd_checklist
    result = case_finish.finish_case(opr, hilang(ticket_id), ikd=ACTIVATED)
    assert result.ticket is not None
    assert result.ticket.outcome is Outcome.DIRUJUK_IKD
    assert result.waiting_entry_id is not None
    assert rows(opr.db, "SELECT steps_done, outcome FROM ikd_checklists") == [("1111111", "activated")]
    assert rows(opr.db, "SELECT status, first_time, added_on FROM card_waiting_list") == [
        ("waiting", 0, "2026-11-30")
    ]
    assert stock.stock_view(opr).balance == 100  # no blank used
    assert {"case.ikd_checklist", "waiting_list.add", "ticket.finish"} <= set(actions(opr.db))


def test_without_the_checklist_nothing_is_written(opr: Session, spv: Session) -> None:
    set_stock(spv, 10, 100)
    ticket_id = serve(opr, "B")
    before = rows(opr.db, "SELECT count(*) FROM audit_log")
    with pytest.raises(ValidationError, match="Checklist aktivasi IKD"):
        case_finish.finish_case(opr, hilang(ticket_id))
    assert rows(opr.db, "SELECT count(*) FROM cases") == [(0,)]
    assert rows(opr.db, "SELECT status FROM tickets WHERE id = ?", ticket_id) == [("called",)]
    assert rows(opr.db, "SELECT count(*) FROM audit_log") == before


def test_a_hilang_case_above_the_reserve_is_printed(opr: Session, spv: Session) -> None:
    set_stock(spv, 200, 100)
    result = case_finish.finish_case(opr, hilang(serve(opr, "B")))
    assert result.decision.route is Route.PRINT
    assert result.stock_balance == 199
    assert rows(opr.db, "SELECT kind, quantity FROM stock_movements ORDER BY id DESC LIMIT 1") == [
        ("used", -1)
    ]


def test_missing_documents_finish_the_ticket_as_berkas_kurang(opr: Session) -> None:
    result = case_finish.finish_case(opr, hilang(serve(opr, "B"), documents=["kk"]))
    assert result.decision.route is Route.MISSING_DOCUMENTS
    assert "Surat keterangan kehilangan" in result.decision.message
    assert result.ticket is not None
    assert result.ticket.outcome is Outcome.BERKAS_KURANG


def test_bad_input_writes_nothing_and_names_every_problem(opr: Session) -> None:
    ticket_id = serve(opr, "B")
    draft = hilang(ticket_id, birth_date="05-08-2006", sex="L", name="AHMAD\x1b[2J", phone="12")
    with pytest.raises(ValidationError) as caught:
        case_finish.finish_case(opr, draft)
    message = str(caught.value)
    for part in ("kode escape", "Nomor HP", "Tanggal lahir tidak cocok", "Jenis kelamin tidak cocok"):
        assert part in message
    assert KOTIM_WOMAN not in message
    assert rows(opr.db, "SELECT count(*) FROM cases") == [(0,)]
    assert rows(opr.db, "SELECT status FROM tickets WHERE id = ?", ticket_id) == [("called",)]


def test_one_ticket_holds_one_case(opr: Session) -> None:
    ticket_id = serve(opr, "B")
    case_finish.finish_case(opr, hilang(ticket_id, documents=["kk"]))
    with pytest.raises(Conflict, match="tidak sedang dilayani"):
        case_finish.finish_case(opr, hilang(ticket_id))
    case = case_store.get_case(opr.db.conn, 1)
    assert case is not None
    clone = case_store.NewCase(
        case_store.new_uuid(),
        ticket_id,
        case.service_date,
        case.case_type,
        case.nik_key,
        case.nik_masked,
        case.nik_ct,
        case.name_ct,
        case.birth_date_ct,
        None,
        case.sex,
        case.marital,
        (),
        case.opened_at,
        None,
        None,
    )
    with pytest.raises(StorageError), opr.db.transaction() as conn:
        case_store.insert_case(conn, clone, case_store.device_id(conn))


def test_a_saved_case_is_reopened_on_its_ticket(opr: Session) -> None:
    ticket_id = serve(opr, "B")
    saved = cases.save_case(opr, hilang(ticket_id, documents=["kk"]))
    context = cases.open_case_form(opr, ticket_id=ticket_id)
    assert context.suggested_type is not None
    assert context.suggested_type.value == "hilang"
    assert context.saved is not None
    assert context.saved.summary.uuid == saved.uuid
    assert (context.saved.nik, context.saved.name, context.saved.phone) == (
        KOTIM_WOMAN,
        NAME,
        "+6281234567890",
    )
    result = case_finish.finish_case(opr, hilang(ticket_id, documents=["kk"]))
    assert result.case.uuid == saved.uuid
    assert rows(opr.db, "SELECT count(*) FROM cases") == [(1,)]


def test_a_case_and_its_stock_movement_are_all_or_nothing(
    opr: Session, spv: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_stock(spv, 200, 100)
    ticket_id = serve(opr, "B")
    counts = {t: rows(opr.db, f"SELECT count(*) FROM {t}") for t in ("cases", "stock_movements", "audit_log")}

    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(_case_writes.queue_store, "update_ticket", broken)  # fails after the blank was taken
    with pytest.raises(StorageError):
        case_finish.finish_case(opr, hilang(ticket_id))
    for table, count in counts.items():
        assert rows(opr.db, f"SELECT count(*) FROM {table}") == count, table
    assert stock.stock_view(opr).balance == 200
    assert rows(opr.db, "SELECT status FROM tickets WHERE id = ?", ticket_id) == [("called",)]


# -- recording, printing, misprint ------------------------------------------------------------------
def test_pemula_recorded_set_print_ready_and_printed_uses_one_blank(opr: Session, spv: Session) -> None:
    set_stock(spv, 50, 40)
    recording = case_finish.finish_case(opr, pemula(serve(opr, "A"), date(2008, 3, 1))).recording
    assert recording is not None
    with pytest.raises(ValidationError, match="BIO_CAPTURED ke PRINT_READY_RECORD"):
        recordings.set_recording_status(opr, recording.id, "PRINT_READY_RECORD")
    recordings.set_recording_status(opr, recording.id, "SENT_FOR_ENROLLMENT", note="dikirim sore")
    recordings.set_recording_status(opr, recording.id, "PRINT_READY_RECORD")
    printed = recordings.print_card(opr, recording.id)
    assert printed.balance_after == 49  # the reserve is kept for first-time cards like this one
    assert printed.recording is not None
    assert printed.recording.status is RecordingStatus.CARD_PRINTED
    assert [r[0] for r in rows(opr.db, "SELECT to_status FROM recording_status_history ORDER BY id")] == [
        "BIO_CAPTURED",
        "SENT_FOR_ENROLLMENT",
        "PRINT_READY_RECORD",
        "CARD_PRINTED",
    ]
    with pytest.raises(Conflict, match="sudah dicetak"):
        recordings.print_card(opr, recording.id)
    misprint = recordings.report_misprint(opr, printed.case_uuid)
    assert misprint.balance_after == 48
    assert rows(opr.db, "SELECT kind, quantity FROM stock_movements ORDER BY id DESC LIMIT 2") == [
        ("misprint", -1),
        ("used", -1),
    ]


def test_duplicate_record_blocks_printing_with_the_reason(opr: Session, spv: Session) -> None:
    set_stock(spv, 50, 0)
    recording = case_finish.finish_case(opr, pemula(serve(opr, "A"), date(2000, 3, 1))).recording
    assert recording is not None
    recordings.set_recording_status(opr, recording.id, "SENT_FOR_ENROLLMENT")
    recordings.set_recording_status(opr, recording.id, "DUPLICATE_RECORD")
    with pytest.raises(Conflict, match="DUPLICATE_RECORD"):
        recordings.print_card(opr, recording.id)
    assert stock.stock_view(opr).balance == 50


def test_recorded_at_16_appears_in_siap_cetak_on_the_17th_birthday(
    opr: Session, spv: Session, clock: FixedClock
) -> None:
    born = date(2009, 12, 2)  # 16 on 30 November 2026, 17 on 2 December 2026
    recording = case_finish.finish_case(opr, pemula(serve(opr, "A"), born)).recording
    assert recording is not None
    assert recording.printable_from == "2026-12-02"
    recordings.set_recording_status(opr, recording.id, "SENT_FOR_ENROLLMENT")
    recordings.set_recording_status(opr, recording.id, "PRINT_READY_RECORD")
    set_stock(spv, 10, 0)
    assert waitlist.siap_cetak(opr) == []
    with pytest.raises(Conflict, match="2 Desember 2026"):
        recordings.print_card(opr, recording.id)
    clock.advance(days=1)
    assert waitlist.siap_cetak(opr) == []
    clock.advance(days=1)
    ready = waitlist.siap_cetak(opr)
    assert [(r.id, r.name) for r in ready] == [(recording.id, "Pemula 1")]
    assert recordings.print_card(opr, recording.id).balance_after == 9


def test_printing_with_no_stock_is_refused(opr: Session) -> None:
    recording = case_finish.finish_case(opr, pemula(serve(opr, "A"), date(2000, 3, 1))).recording
    assert recording is not None
    recordings.set_recording_status(opr, recording.id, "SENT_FOR_ENROLLMENT")
    recordings.set_recording_status(opr, recording.id, "PRINT_READY_RECORD")
    with pytest.raises(ValidationError, match="habis"):
        recordings.print_card(opr, recording.id)
    assert rows(opr.db, "SELECT status FROM recordings") == [("PRINT_READY_RECORD",)]


# -- the waiting list -------------------------------------------------------------------------------
def test_waiting_list_oldest_first_and_printed_when_stock_allows(
    opr: Session, spv: Session, clock: FixedClock
) -> None:
    set_stock(spv, 101, 100)  # at the reserve line: after one card the stock would be at the reserve
    niks = [build_nik("62.02.05", date(1990, 1, i + 1), "L", i + 1) for i in range(3)]
    for i, nik in enumerate(niks):
        born = date(1990, 1, i + 1)
        case_finish.finish_case(
            opr,
            hilang(serve(opr, "B"), nik=nik, birth_date=born, sex="L", name=f"Warga {i}"),
            ikd=IkdResult((True, True) + (False,) * 5, IkdOutcome.GUIDED_HOME),
        )
        clock.advance(minutes=5)
    view = waitlist.waiting_list(opr)
    assert [e.name for e in view.entries] == ["Warga 0", "Warga 1", "Warga 2"]
    assert view.total == 3
    assert view.printable_now == 0
    assert view.entries[0].phone == "+6281234567890"
    with pytest.raises(Conflict, match="cadangan"):
        waitlist.print_from_waiting_list(opr, view.entries[0].id)
    stock.receive_stock(spv, 2, "BA-2")
    view = waitlist.waiting_list(opr)
    assert [e.can_print_now for e in view.entries] == [True, True, True]
    printed = waitlist.print_from_waiting_list(opr, view.entries[0].id)
    assert printed.balance_after == 102
    assert [e.name for e in waitlist.waiting_list(opr).entries] == ["Warga 1", "Warga 2"]
    with pytest.raises(Conflict, match="sudah tidak menunggu"):
        waitlist.print_from_waiting_list(opr, view.entries[0].id)
    assert "waiting_list.printed" in actions(opr.db)


def test_the_same_person_waits_once(opr: Session, spv: Session) -> None:
    set_stock(spv, 10, 100)
    case_finish.finish_case(opr, hilang(serve(opr, "B")), ikd=ACTIVATED)
    again = case_finish.finish_case(
        opr, hilang(serve(opr, "B"), case_type="rusak", documents=["kk", "ktp_rusak"]), ikd=ACTIVATED
    )
    assert again.waiting_entry_id is None
    assert "Sudah ada di daftar tunggu" in again.decision.message
    assert rows(opr.db, "SELECT count(*) FROM card_waiting_list") == [(1,)]


# -- search, the open form, personal data -----------------------------------------------------------
def test_search_by_nik_and_the_audited_open_form(opr: Session) -> None:
    case_finish.finish_case(opr, hilang(serve(opr, "B"), documents=["kk"]))
    earlier, recording = case_search.case_history(opr, "6202 0545 0706 0001")
    assert [c.nik_masked for c in earlier] == ["6202**********01"]
    assert recording is None
    detail = case_search.open_case(opr, earlier[0].uuid)
    assert (detail.nik, detail.name, detail.birth_date) == (KOTIM_WOMAN, NAME, date(2006, 7, 5))
    audit_text = json.dumps(rows(opr.db, "SELECT action, object, details FROM audit_log"))
    assert "case.search" in audit_text
    assert "case.view" in audit_text
    assert KOTIM_WOMAN not in audit_text
    assert NAME not in audit_text
    preview = cases.preview_case(opr, hilang(None))
    assert [c.uuid for c in preview.earlier_cases] == [earlier[0].uuid]


def test_no_plaintext_nik_name_or_phone_in_the_database_files(
    opr: Session, spv: Session, db_path: Path
) -> None:
    set_stock(spv, 10, 100)
    case_finish.finish_case(opr, hilang(serve(opr, "B")), ikd=ACTIVATED)
    waitlist.waiting_list(opr)
    files = [Path(f"{db_path}{suffix}") for suffix in ("", "-wal") if Path(f"{db_path}{suffix}").exists()]
    assert Path(f"{db_path}-wal") in files
    content = b"".join(f.read_bytes() for f in files)
    assert b"6202**********01" in content  # the masked form is there: the search works on real bytes
    for secret in (
        KOTIM_WOMAN,
        NAME,
        "Siti Aminah",
        "Rahmawati",
        "6281234567890",
        "81234567890",
        "2006-07-05",
    ):
        assert secret.encode() not in content, secret
        assert secret.encode("utf-16-le") not in content, secret


def test_a_ciphertext_copied_to_another_row_does_not_decrypt(opr: Session) -> None:
    case_finish.finish_case(opr, hilang(serve(opr, "B"), documents=["kk"]))
    case_finish.finish_case(
        opr,
        hilang(
            serve(opr, "B"),
            nik="6202050101900001",
            birth_date="01-01-1990",
            sex="L",
            name="Budi",
            documents=["kk"],
        ),
    )
    first, second = case_store.get_case(opr.db.conn, 1), case_store.get_case(opr.db.conn, 2)
    assert first is not None
    assert second is not None
    cipher = _cases_common._cipher(opr)
    assert cipher.decrypt(first.name_ct, f"case.name:{first.uuid}") == NAME
    with pytest.raises(DecryptionFailed):
        cipher.decrypt(first.name_ct, f"case.name:{second.uuid}")


def test_plaintext_personal_data_is_refused_by_the_schema(opr: Session) -> None:
    case_finish.finish_case(opr, hilang(serve(opr, "B"), documents=["kk"]))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        opr.db.conn.execute("UPDATE cases SET nik_ct = ? WHERE id = 1", (KOTIM_WOMAN.encode(),))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        opr.db.conn.execute("UPDATE cases SET nik_masked = ? WHERE id = 1", (KOTIM_WOMAN,))


# -- the stock ledger -------------------------------------------------------------------------------
def test_stock_changes_are_supervisor_only_and_audited(opr: Session, spv: Session) -> None:
    for change in (
        lambda s: stock.receive_stock(s, 10, "BA"),
        lambda s: stock.record_damaged(s, 1, "rusak"),
        lambda s: stock.correct_stock(s, 5, "opname"),
    ):
        with pytest.raises(PermissionDenied):
            change(opr)
    stock.receive_stock(spv, "5.000", "BA 01/XI/2026")
    stock.record_damaged(spv, 3, "rusak saat pengiriman")
    stock.correct_stock(spv, 4990, "stock opname November")
    view = stock.stock_view(spv)
    assert view.balance == 4990
    assert [(m.kind.value, m.quantity) for m in view.movements_today] == [
        ("receipt", 5000),
        ("damaged", -3),
        ("correction", -7),
    ]
    assert {"stock.receipt", "stock.damaged", "stock.correction"} <= set(actions(spv.db))
    with pytest.raises(ValidationError, match="hanya 4.990"):
        stock.record_damaged(spv, 5000, "x")
    assert stock.stock_view(spv).balance == 4990


def test_the_schema_refuses_a_negative_balance_and_a_forged_one(db: Database) -> None:
    device = case_store.device_id(db.conn)
    insert = (
        "INSERT INTO stock_movements (uuid, device_id, kind, quantity, balance_after, reason, service_date,"
        " at_utc, operator_code) VALUES (?, ?, ?, ?, ?, 'x', '2026-11-30', 't', 'X')"
    )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.conn.execute(insert, (case_store.new_uuid(), device, "damaged", -1, -1))
    with pytest.raises(sqlite3.IntegrityError, match="previous balance"):
        db.conn.execute(insert, (case_store.new_uuid(), device, "correction", 5, 50))
    db.conn.execute(insert, (case_store.new_uuid(), device, "correction", 5, 5))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.conn.execute("UPDATE stock_movements SET quantity = 500")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.conn.execute("DELETE FROM stock_movements")


def test_target_counts_recordings_made_in_the_app(opr: Session, spv: Session) -> None:
    stock_target.set_target(spv, 313_281, 310_785, "2024-02-14")
    with pytest.raises(PermissionDenied):
        stock_target.set_target(opr, 1, 0)
    case_finish.finish_case(opr, pemula(serve(opr, "A"), date(2000, 3, 1)))
    view = stock_target.target_view(opr)
    assert view.target.recorded_in_app == 1
    assert view.target.progress_text() == "99,2 % — 2.495 belum rekam"
    assert view.as_json()["target_date"] == "2024-02-14"
    stock_target.set_reserve_policy(spv, mode="target", buffer_percent=10)
    assert stock.stock_view(opr).reserve == 2745  # ceil(2,495 × 1.1)


def test_every_case_table_carries_device_id_and_uuid(db: Database) -> None:
    for table in (
        "cases",
        "recordings",
        "recording_status_history",
        "stock_movements",
        "card_waiting_list",
        "ikd_checklists",
    ):
        columns = {r[1] for r in db.conn.execute(f"PRAGMA table_info({table})")}
        assert {"uuid", "device_id"} <= columns, table
    device = case_store.device_id(db.conn)
    assert len(device) == 36
    assert device[14] == "4"
    with pytest.raises(sqlite3.IntegrityError, match="never changes"):
        db.conn.execute("UPDATE device SET device_id = 'x'")


def test_the_app_recording_count_follows_the_recordings_table(opr: Session) -> None:
    for i in range(3):
        case_finish.finish_case(opr, pemula(serve(opr, "A"), date(2000, 3, 1 + i), serial=i + 1))
    born = date(1990, 5, 5)
    cetak = CaseDraft(
        nik=build_nik("62.02.05", born, "L", 9),
        name="Lama",
        birth_date=born,
        sex="L",
        marital="kawin",
        case_type="cetak",
        siak_status="SENT_FOR_ENROLLMENT",
        ticket_id=serve(opr, "C"),
    )
    assert (
        case_finish.finish_case(opr, cetak).decision.route is Route.PENDING
    )  # entered from SIAK: not counted
    count = rows(opr.db, "SELECT count(*) FROM recordings WHERE source = 'app'")[0][0]
    assert count == 3
    assert case_store.count_app_recordings(opr.db.conn) == count
    assert rows(opr.db, "SELECT count(*) FROM recordings") == [(4,)]


def test_an_existing_database_gets_a_device_id_from_the_migration(tmp_path: Path) -> None:
    """A file made before the cases migration (queue data in it) gets its device id and case tables on open."""
    from counter_tui.storage.db import open_database
    from counter_tui.storage.migrations import known_migrations, split_statements

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    cases_version = next(m.version for m in known_migrations() if m.name == "cases")
    conn.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT"
    )
    for migration in known_migrations():
        if migration.version >= cases_version:
            break
        for statement in split_statements(migration.sql):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO schema_migrations VALUES (?, ?, ?, 'x')",
            (migration.version, migration.name, migration.checksum),
        )
    conn.close()
    db = open_database(path, allow_unfinished=True)  # no office in this bare file; the schema is what counts
    try:
        device = case_store.device_id(db.conn)
        assert len(device) == 36
        assert case_store.get_settings(db.conn).policy.replacements_allowed is True
    finally:
        db.close()
    other = tmp_path / "other.db"
    db = open_database(other, create=True, allow_unfinished=True)
    try:
        assert case_store.device_id(db.conn) != device  # each database its own
    finally:
        db.close()


def test_the_kiosk_actor_never_works_on_cases(db: Database, clock: FixedClock) -> None:
    from counter_tui.domain.accounts import KIOSK

    kiosk = Session(db, KIOSK, clock)
    for call in (
        lambda: case_search.case_history(kiosk, KOTIM_WOMAN),
        lambda: waitlist.waiting_list(kiosk),
        lambda: cases.preview_case(kiosk, hilang(None)),
        lambda: case_finish.finish_case(kiosk, hilang(None)),
        lambda: waitlist.siap_cetak(kiosk),
    ):
        with pytest.raises(PermissionDenied, match="Masuk sebagai petugas"):
            call()
    assert rows(db, "SELECT count(*) FROM cases") == [(0,)]


def test_an_age_refusal_shows_the_date_but_does_not_store_it(opr: Session, db_path: Path) -> None:
    born = date(2010, 3, 5)  # 16 on 30 November 2026: may record, may not print
    draft = CaseDraft(
        nik=build_nik("62.02.05", born, "P", 3),
        name="Remaja",
        birth_date=born,
        sex="P",
        marital="belum_kawin",
        case_type="hilang",
        documents=["kk", "surat_kehilangan"],
        ticket_id=serve(opr, "B"),
    )
    result = case_finish.finish_case(opr, draft)
    assert result.decision.route is Route.NOT_ELIGIBLE
    assert "5 Maret 2027" in result.decision.message
    assert result.decision.eligible_from == date(2027, 3, 5)
    assert result.ticket is not None
    assert result.ticket.outcome is Outcome.TIDAK_MEMENUHI_SYARAT
    (stored,) = rows(opr.db, "SELECT message FROM cases")
    assert "2027" not in stored[0]
    assert "Belum cukup umur" in stored[0]


def test_list_views_are_audited_but_a_refresh_writes_nothing(
    opr: Session, spv: Session, clock: FixedClock
) -> None:
    set_stock(spv, 10, 100)
    case_finish.finish_case(opr, hilang(serve(opr, "B")), ikd=ACTIVATED)

    def views() -> int:
        return rows(opr.db, "SELECT count(*) FROM audit_log WHERE action = 'case.list_view'")[0][0]

    assert waitlist.waiting_list(opr).entries[0].name == NAME
    assert views() == 1
    from counter_tui.storage.db import open_database

    other = open_database(opr.db.path)  # another counter's connection sees every commit in data_version
    version = other.data_version()
    for _ in range(3):
        waitlist.waiting_list(opr)  # a screen refreshing after another counter's commit
        waitlist.siap_cetak(opr)
    assert views() == 2  # one more for the first siap cetak view
    assert other.data_version() == version + 1  # only that one write; refreshes wrote nothing
    clock.advance(minutes=11)
    waitlist.waiting_list(opr)
    assert views() == 3
    other.close()


def test_a_waiting_entry_can_be_cancelled_with_a_reason(opr: Session, spv: Session) -> None:
    set_stock(spv, 10, 100)
    entry_id = case_finish.finish_case(opr, hilang(serve(opr, "B")), ikd=ACTIVATED).waiting_entry_id
    assert entry_id is not None
    with pytest.raises(ValidationError, match="Alasan wajib"):
        waitlist.cancel_waiting_entry(opr, entry_id, "  ")
    waitlist.cancel_waiting_entry(opr, entry_id, "pindah ke luar daerah")
    assert waitlist.waiting_list(opr).total == 0
    with pytest.raises(Conflict, match="sudah tidak menunggu"):
        waitlist.cancel_waiting_entry(opr, entry_id, "lagi")
    assert "waiting_list.cancel" in actions(opr.db)
    # The same person may join the list again later.
    assert case_finish.finish_case(opr, hilang(serve(opr, "B")), ikd=ACTIVATED).waiting_entry_id is not None
