"""Private write steps shared by the case use cases: build and upsert a case, record it, change a recording's
status, and close the serving ticket. Callers hold the BEGIN IMMEDIATE transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from counter_tui.domain.cases import RecordingStatus, check_recording_transition
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.eligibility import printable_from
from counter_tui.domain.errors import Conflict, NotFound
from counter_tui.domain.nik import NikFacts, mask_nik
from counter_tui.domain.queue import Action, Outcome, Ticket, TicketStatus, next_status
from counter_tui.domain.routing import CaseFacts
from counter_tui.domain.stock import StockLevel
from counter_tui.services._cases_common import _cipher, _context
from counter_tui.services.case_draft import CheckedDraft
from counter_tui.services.session import Session
from counter_tui.services.stock import stock_rule
from counter_tui.storage import audit
from counter_tui.storage import cases as store
from counter_tui.storage import queue as queue_store
from counter_tui.storage.cases import CaseRow, NewCase, RecordingRow
from counter_tui.storage.connection import Connection


# -- helpers ----------------------------------------------------------------------------------------
def _region_text(facts: NikFacts) -> str:
    return ", ".join(p for p in (facts.district, facts.regency, facts.province) if p)


def _recording_status_for(
    conn: Connection, nik_key: str, siak: RecordingStatus | None
) -> tuple[RecordingRow | None, RecordingStatus | None]:
    recording = store.recording_for_nik(conn, nik_key)
    if recording is not None:
        return recording, recording.status
    return None, siak


def _facts(
    checked: CheckedDraft,
    status: RecordingStatus | None,
    level: StockLevel,
    today: date,
    target_date: date | None,
) -> CaseFacts:
    return CaseFacts(
        checked.case_type,
        checked.birth_date,
        checked.marital,
        frozenset(checked.documents),
        status,
        stock_rule(level),
        today,
        target_date,
    )


def _new_case(
    session: Session, checked: CheckedDraft, case_uuid: str, key: str, stamp: str | None = None
) -> NewCase:
    cipher = _cipher(session)
    actor = session.actor
    return NewCase(
        uuid=case_uuid,
        ticket_id=checked.ticket_id,
        service_date=session.today().isoformat(),
        case_type=checked.case_type,
        nik_key=key,
        nik_masked=mask_nik(checked.facts.nik),
        nik_ct=cipher.encrypt(checked.facts.nik, _context("nik", case_uuid)),
        name_ct=cipher.encrypt(checked.name, _context("name", case_uuid)),
        birth_date_ct=cipher.encrypt(checked.birth_date.isoformat(), _context("birth_date", case_uuid)),
        phone_ct=cipher.encrypt(checked.phone, _context("phone", case_uuid)) if checked.phone else None,
        sex=checked.sex,
        marital=checked.marital,
        documents=checked.documents,
        opened_at=stamp or to_utc_text(session.now()),
        operator_id=actor.operator_id,
        counter=actor.counter,
    )


def _serving_ticket(conn: Connection, session: Session, ticket_id: int) -> Ticket:
    """The ticket must be the one this counter is calling or serving now."""
    ticket = queue_store.get_ticket(conn, ticket_id)
    if ticket is None:
        raise NotFound("Tiket untuk berkas ini tidak ditemukan.")
    if (
        ticket.status not in (TicketStatus.CALLED, TicketStatus.SERVING)
        or ticket.counter != session.actor.counter
    ):
        raise Conflict(f"Tiket {ticket.label} tidak sedang dilayani di loket ini; berkas tidak disimpan.")
    return ticket


def _finish_ticket(
    conn: Connection, session: Session, ticket: Ticket, outcome: Outcome, now: datetime, stamp: str
) -> Ticket:
    """The same change as services.counter_actions.finish, inside the case's transaction."""
    status = next_status(Action.FINISH, ticket)
    queue_store.update_ticket(
        conn,
        ticket.id,
        status=status.value,
        outcome=outcome.value,
        finished_at=stamp,
        served_at=ticket.served_at or ticket.called_at,
        operator_id=session.actor.operator_id,
    )
    audit.append(
        conn,
        session.actor,
        "ticket.finish",
        f"ticket:{ticket.service_date}:{ticket.label}",
        {"outcome": outcome.value},
        now,
    )
    finished = queue_store.get_ticket(conn, ticket.id)
    assert finished is not None
    return finished


def _upsert_open_case(
    conn: Connection,
    session: Session,
    checked: CheckedDraft,
    key: str,
    *,
    device: str | None = None,
    ticket_checked: bool = False,
    stamp: str | None = None,
) -> CaseRow:
    existing = None
    if checked.ticket_id is not None:
        if not ticket_checked:
            _serving_ticket(conn, session, checked.ticket_id)
        existing = store.case_for_ticket(conn, checked.ticket_id)
        if existing is not None and existing.status != "open":
            raise Conflict("Tiket ini sudah memegang berkas yang selesai; satu tiket satu berkas.")
    if existing is not None:
        store.update_open_case(conn, existing.id, _new_case(session, checked, existing.uuid, key, stamp))
        fresh = store.get_case(conn, existing.id)
        assert fresh is not None
        return fresh
    return store.insert_case(
        conn, _new_case(session, checked, store.new_uuid(), key, stamp), device or store.device_id(conn)
    )


def _insert_recording(
    conn: Connection,
    session: Session,
    device: str,
    row: CaseRow,
    key: str,
    source: str,
    status: RecordingStatus,
    today: date,
    checked: CheckedDraft,
) -> RecordingRow:
    start = printable_from(checked.birth_date, checked.marital, today).isoformat()
    stamp = to_utc_text(session.now())
    recording_id = store.insert_recording(
        conn, device, key, row.nik_masked, row.id, source, status, today.isoformat(), start, stamp
    )
    store.insert_status_history(
        conn, device, recording_id, None, status, source, stamp, session.actor.operator_id
    )
    audit.append(
        conn,
        session.actor,
        "recording.add",
        f"recording:{recording_id}",
        {"nik": row.nik_masked, "status": status.value, "source": source},
        session.now(),
    )
    found = store.get_recording(conn, recording_id)
    assert found is not None
    return found


def _record(
    conn: Connection,
    session: Session,
    device: str,
    row: CaseRow,
    key: str,
    recording: RecordingRow | None,
    today: date,
    checked: CheckedDraft,
) -> RecordingRow:
    """Perekaman: a new recording at BIO_CAPTURED, or a failed one captured again."""
    if recording is None:
        return _insert_recording(
            conn, session, device, row, key, "app", RecordingStatus.BIO_CAPTURED, today, checked
        )
    check_recording_transition(recording.status, RecordingStatus.BIO_CAPTURED)
    start = printable_from(checked.birth_date, checked.marital, today).isoformat()
    stamp = to_utc_text(session.now())
    store.rerecord(conn, recording.id, row.id, today.isoformat(), start, stamp)
    store.insert_status_history(
        conn,
        device,
        recording.id,
        recording.status,
        RecordingStatus.BIO_CAPTURED,
        "rekam ulang",
        stamp,
        session.actor.operator_id,
    )
    audit.append(
        conn,
        session.actor,
        "recording.status",
        f"recording:{recording.id}",
        {"nik": row.nik_masked, "from": recording.status.value, "to": "BIO_CAPTURED"},
        session.now(),
    )
    found = store.get_recording(conn, recording.id)
    assert found is not None
    return found


def _change_status(
    conn: Connection,
    session: Session,
    device: str,
    recording: RecordingRow,
    new: RecordingStatus,
    note: str | None,
    *,
    by_print: bool = False,
) -> RecordingRow:
    check_recording_transition(recording.status, new, by_print=by_print)
    stamp = to_utc_text(session.now())
    store.set_recording_status(conn, recording.id, new, stamp)
    store.insert_status_history(
        conn, device, recording.id, recording.status, new, note, stamp, session.actor.operator_id
    )
    audit.append(
        conn,
        session.actor,
        "recording.status",
        f"recording:{recording.id}",
        {"nik": recording.nik_masked, "from": recording.status.value, "to": new.value},
        session.now(),
    )
    found = store.get_recording(conn, recording.id)
    assert found is not None
    return found
