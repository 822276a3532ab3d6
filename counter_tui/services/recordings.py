"""Recording use cases: SIAK recording status, the lists by status, printing a card and reporting a misprint."""

from __future__ import annotations

from datetime import date

from counter_tui.domain.cases import RecordingStatus, parse_recording_status
from counter_tui.domain.eligibility import print_eligibility
from counter_tui.domain.errors import Conflict, NotFound
from counter_tui.domain.stock import MovementKind
from counter_tui.domain.text import clean_line
from counter_tui.services._case_writes import _change_status
from counter_tui.services._cases_common import (
    _audit_list_view,
    _cipher,
    _context,
    _list_view,
    _require_operator,
)
from counter_tui.services.case_views import PrintResult, RecordingSummary, _recording_summary
from counter_tui.services.outreach import refuse_print_during_outreach
from counter_tui.services.session import Session
from counter_tui.services.stock import take_blank
from counter_tui.storage import audit
from counter_tui.storage import cases as store
from counter_tui.storage.cases import CaseRow, RecordingRow

__all__ = [
    "print_card",
    "recordings_by_status",
    "report_misprint",
    "set_recording_status",
]


# -- recordings -------------------------------------------------------------------------------------
def set_recording_status(
    session: Session, recording_id: int, status: str | RecordingStatus, note: str | None = None
) -> RecordingSummary:
    """Enter the status read from SIAK (SENT_FOR_ENROLLMENT, PRINT_READY_RECORD, DUPLICATE_RECORD, ...).
    Only the transitions in domain.cases.RECORDING_TRANSITIONS are allowed. Audited, with a history row."""
    _require_operator(session)
    new = parse_recording_status(status)
    text = clean_line(note, what="Catatan", maximum=500, required=False) or None
    with session.write() as conn:
        recording = store.get_recording(conn, recording_id)
        if recording is None:
            raise NotFound("Rekaman tidak ditemukan.")
        updated = _change_status(conn, session, store.device_id(conn), recording, new, text)
    return _recording_summary(updated)


def recordings_by_status(
    session: Session, status: str | RecordingStatus | None = None, *, offset: int = 0, limit: int = 50
) -> list[RecordingSummary]:
    """The record-status screen: recordings with a status (None = all), oldest change first, with the name
    (decrypted; the view is audited)."""
    _require_operator(session)
    wanted = parse_recording_status(status) if status else None
    offset = max(0, offset)
    _audit_list_view(session, f"recordings:{wanted.value if wanted else 'all'}", offset)
    with session.read() as conn:
        rows = store.recordings_by_status(conn, wanted, offset, max(1, min(limit, 500)))
    return _list_view(session, rows)


def record_counts(session: Session) -> dict[RecordingStatus, int]:
    with session.read() as conn:
        return store.count_recordings_by_status(conn)


# -- printing ---------------------------------------------------------------------------------------
def print_card(session: Session, recording_id: int) -> PrintResult:
    """Print the card for a PRINT_READY_RECORD recording: one blank, status CARD_PRINTED, a waiting-list entry for
    the person marked printed; one transaction, audited. DUPLICATE_RECORD and the age rule block it, with the
    reason."""
    _require_operator(session)
    today = session.today()
    with session.write() as conn:
        device = store.device_id(conn)
        recording = store.get_recording(conn, recording_id)
        if recording is None:
            raise NotFound("Rekaman tidak ditemukan.")
        refuse_print_during_outreach(conn, recording.case_id)
        row = store.get_case(conn, recording.case_id)
        assert row is not None
        _check_printable(session, row, recording, today)
        movement = take_blank(conn, session, MovementKind.USED, case_id=row.id, recording_id=recording.id)
        updated = _change_status(
            conn, session, device, recording, RecordingStatus.CARD_PRINTED, "kartu dicetak", by_print=True
        )
        entry = store.waiting_entry_for_nik(conn, recording.nik_key)
        if entry is not None:
            store.mark_waiting_printed(conn, entry.id, movement.at_utc, movement.id)
            audit.append(
                conn,
                session.actor,
                "waiting_list.printed",
                f"case:{entry.case_uuid}",
                {"nik": entry.nik_masked, "entry": entry.id},
                session.now(),
            )
    return PrintResult(
        row.uuid, movement.id, movement.kind, movement.balance_after, _recording_summary(updated)
    )


def _check_printable(session: Session, row: CaseRow, recording: RecordingRow, today: date) -> None:
    if recording.status is RecordingStatus.DUPLICATE_RECORD:
        raise Conflict(
            "Rekaman ganda (DUPLICATE_RECORD): KTP-el tidak dapat dicetak sampai diselesaikan dengan "
            "Dukcapil pusat."
        )
    if recording.status is RecordingStatus.CARD_PRINTED:
        raise Conflict("KTP-el untuk rekaman ini sudah dicetak. Untuk gagal cetak, pilih 'gagal cetak'.")
    if recording.status is not RecordingStatus.PRINT_READY_RECORD:
        raise Conflict(
            f"Rekaman berstatus {recording.status.value} ({recording.status.label}): belum bisa dicetak."
        )
    birth = date.fromisoformat(_cipher(session).decrypt(row.birth_date_ct, _context("birth_date", row.uuid)))
    eligible = print_eligibility(birth, row.marital, today)
    if not eligible.allowed:
        raise Conflict(eligible.message)


def report_misprint(session: Session, case_uuid: str, reason: str = "gagal cetak") -> PrintResult:
    """The card came out spoiled (gagal cetak): that blank is recorded as a misprint and the card is printed on
    another one. One transaction, audited. Needs a case that printed a card."""
    _require_operator(session)
    why = clean_line(reason, what="Alasan", maximum=500)
    with session.write() as conn:
        row = store.get_case_by_uuid(conn, case_uuid)
        if row is None:
            raise NotFound("Berkas tidak ditemukan.")
        refuse_print_during_outreach(conn, row.id)
        from counter_tui.storage import stock as stock_store

        if stock_store.last_print_movement(conn, row.id) is None:
            raise Conflict("Berkas ini belum mencetak kartu; gagal cetak tidak bisa dicatat.")
        recording = store.recording_for_nik(conn, row.nik_key)
        movement = take_blank(
            conn,
            session,
            MovementKind.MISPRINT,
            case_id=row.id,
            recording_id=recording.id if recording else None,
            reason=why,
        )
    return PrintResult(
        row.uuid,
        movement.id,
        movement.kind,
        movement.balance_after,
        _recording_summary(recording) if recording else None,
    )
