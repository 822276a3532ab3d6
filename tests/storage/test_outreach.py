"""Jemput bola on a real database file: one open session per device (the partial UNIQUE index), foreign keys,
the tagging of cases recorded during a session, no printing during one, and the audit rows."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from counter_tui.domain.accounts import Actor
from counter_tui.domain.cases import IkdOutcome, IkdResult
from counter_tui.domain.errors import Conflict, PermissionDenied, ValidationError
from counter_tui.domain.nik import build_nik
from counter_tui.domain.routing import Route
from counter_tui.services import case_finish, cases, outreach, recordings
from counter_tui.services.case_draft import CaseDraft
from counter_tui.services.session import Session
from counter_tui.storage.db import Database
from tests.clock import FixedClock

ACTIVATED = IkdResult((True,) * 7, IkdOutcome.ACTIVATED)


@pytest.fixture
def opr(db: Database, operator: Actor, clock: FixedClock) -> Session:
    return Session(db, operator, clock)


def pemula(serial: int, born: date = date(2008, 3, 1)) -> CaseDraft:
    return CaseDraft(
        nik=build_nik("62.02.05", born, "L", serial),
        name=f"Pelajar {serial}",
        birth_date=born,
        sex="L",
        marital="belum_kawin",
        case_type="baru",
        documents=["kk"],
    )


def rows(db: Database, sql: str, *args: object) -> list[tuple]:
    return [tuple(r) for r in db.conn.execute(sql, args).fetchall()]


def test_start_end_and_the_audit_rows(opr: Session, clock: FixedClock) -> None:
    started = outreach.start_session(opr, "sekolah", "  SMAN 1   Sampit ", "05")
    assert (started.place, started.kecamatan_code, started.is_open) == ("SMAN 1 Sampit", "62.02.05", True)
    assert outreach.current_session(opr) == started
    clock.advance(hours=2)
    ended = outreach.end_session(opr)
    assert not ended.is_open
    assert ended.ended_by == opr.actor.code
    assert outreach.current_session(opr) is None
    assert rows(
        opr.db, "SELECT action, object FROM audit_log WHERE action LIKE 'outreach.%' ORDER BY id"
    ) == [
        ("outreach.start", f"outreach:{started.uuid}"),
        ("outreach.end", f"outreach:{started.uuid}"),
    ]


def test_one_open_session_per_device(opr: Session) -> None:
    outreach.start_session(opr, "rumah", "Desa Bagendang")
    with pytest.raises(Conflict, match="masih berjalan"):
        outreach.start_session(opr, "sekolah", "SMAN 2 Sampit")
    # The index holds even when the use case is bypassed.
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        opr.db.conn.execute(
            "INSERT INTO outreach_sessions (uuid, device_id, kind, place, service_date, started_at, started_by)"
            " SELECT ?, device_id, 'lainnya', 'Pasar Sampit', '2026-11-30', '2026-11-30T01:00:00.000000Z', 1"
            " FROM device",
            ("0" * 36,),
        )
    assert rows(opr.db, "SELECT count(*) FROM outreach_sessions") == [(1,)]


def test_the_schema_refuses_bad_rows(opr: Session) -> None:
    conn = opr.db.conn
    base = (
        "INSERT INTO outreach_sessions (uuid, device_id, kind, place, service_date, started_at, started_by)"
        " VALUES (?, ?, ?, ?, '2026-11-30', '2026-11-30T01:00:00.000000Z', ?)"
    )
    device = "1" * 36
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute(base, ("a" * 36, device, "pasar", "Pasar Sampit", 1))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute(base, ("b" * 36, device, "rumah", "ab", 1))
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        conn.execute(base, ("c" * 36, device, "rumah", "Desa Bagendang", 999))
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        conn.execute("INSERT INTO outreach_cases (case_id, session_id, uuid, device_id) VALUES (1, 1, ?, ?)",
                     ("d" * 36, device))  # fmt: skip
    conn.rollback()


@pytest.mark.parametrize(
    ("kind", "place", "kecamatan", "message"),
    [
        ("pasar", "Pasar Sampit", None, "tidak dikenal"),
        ("rumah", "Jl. Cilik Riwut No. 12", None, "alamat rumah"),
        ("rumah", "Bu\x1b[31mdi", None, "karakter kendali"),
        ("sekolah", "SMA", "63.01.01", "bukan bagian"),
        ("sekolah", "SMAN 1 Sampit", "99", "tidak dikenal"),
        ("sekolah", "x" * 81, None, "terlalu panjang"),
    ],
)
def test_bad_input_writes_nothing(
    opr: Session, kind: str, place: str, kecamatan: str | None, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        outreach.start_session(opr, kind, place, kecamatan)
    assert rows(opr.db, "SELECT count(*) FROM outreach_sessions") == [(0,)]


def test_the_kiosk_cannot_start_a_session(db: Database, clock: FixedClock) -> None:
    with pytest.raises(PermissionDenied):
        outreach.start_session(Session(db, clock=clock), "sekolah", "SMAN 1 Sampit")


def test_a_case_recorded_in_a_session_is_tagged_and_has_no_ticket(opr: Session, clock: FixedClock) -> None:
    before = case_finish.finish_case(opr, pemula(1))
    started = outreach.start_session(opr, "sekolah", "SMAN 1 Sampit")
    first = case_finish.finish_case(opr, pemula(2))
    second = case_finish.finish_case(opr, pemula(3))
    outreach.end_session(opr)
    after = case_finish.finish_case(opr, pemula(4))
    tagged = rows(
        opr.db,
        "SELECT c.uuid, c.ticket_id FROM outreach_cases oc JOIN cases c ON c.id = oc.case_id ORDER BY c.id",
    )
    assert tagged == [(first.case.uuid, None), (second.case.uuid, None)]
    assert before.case.uuid not in {t[0] for t in tagged}
    assert after.case.uuid not in {t[0] for t in tagged}
    day = outreach.sessions_on(opr)
    assert [(s.uuid, s.cases, s.recorded, s.pemula) for s in day.sessions] == [(started.uuid, 2, 2, 2)]
    assert day.recorded == 2


def test_no_card_is_printed_during_a_session(opr: Session, db: Database, supervisor: Actor) -> None:
    from counter_tui.domain.cases import RecordingStatus
    from counter_tui.services import stock

    spv = Session(db, supervisor, opr.clock)
    stock.receive_stock(spv, 50, "BA-1")
    outreach.start_session(opr, "sekolah", "SMAN 1 Sampit")
    recorded = case_finish.finish_case(opr, pemula(5))
    assert recorded.recording is not None
    for status in (RecordingStatus.SENT_FOR_ENROLLMENT, RecordingStatus.PRINT_READY_RECORD):
        recordings.set_recording_status(opr, recorded.recording.id, status)
    with pytest.raises(Conflict, match="tidak dicetak"):
        recordings.print_card(opr, recorded.recording.id)
    # A "cetak" case at outreach is routed to IKD guidance and the waiting list: no blank is used.
    draft = CaseDraft(
        nik=build_nik("62.02.05", date(2008, 3, 1), "L", 5),
        name="Pelajar 5",
        birth_date=date(2008, 3, 1),
        sex="L",
        marital="belum_kawin",
        case_type="cetak",
        documents=["kk"],
    )
    assert cases.preview_case(opr, draft).decision.route is Route.IKD
    result = case_finish.finish_case(opr, draft, ikd=ACTIVATED)
    assert result.decision.route is Route.IKD
    assert result.waiting_entry_id is not None
    assert rows(db, "SELECT count(*) FROM stock_movements WHERE kind = 'used'") == [(0,)]
    outreach.end_session(opr)
    printed = recordings.print_card(opr, recorded.recording.id)  # back at the office: prints
    assert printed.balance_after == 49


def test_a_ticket_served_at_a_counter_meanwhile_is_not_outreach(
    opr: Session, db: Database, supervisor: Actor
) -> None:
    """One office host, many counters: a session open on the host does not take the counters' ticket cases."""
    from counter_tui.services import counter_actions, tickets

    outreach.start_session(Session(db, supervisor, opr.clock), "rumah", "Desa Bagendang")
    tickets.issue_ticket(opr, "A")
    ticket = counter_actions.call_next(opr, ["A"])
    draft = pemula(9)
    result = case_finish.finish_case(opr, CaseDraft(**{**draft.__dict__, "ticket_id": ticket.id}))
    assert result.ticket is not None
    assert rows(db, "SELECT count(*) FROM outreach_cases") == [(0,)]
