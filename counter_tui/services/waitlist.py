"""The card waiting list (printing from it, cancelling an entry) and the 'siap cetak' list."""

from __future__ import annotations

from dataclasses import dataclass, field

from counter_tui.domain.applicant import mask_phone
from counter_tui.domain.cases import CaseType, RecordingStatus
from counter_tui.domain.errors import Conflict, NotFound
from counter_tui.domain.stock import MovementKind, StockLevel
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
from counter_tui.services.stock import stock_level, stock_rule, take_blank
from counter_tui.storage import audit
from counter_tui.storage import cases as store

__all__ = [
    "WaitingEntry",
    "WaitingListView",
    "cancel_waiting_entry",
    "print_from_waiting_list",
    "siap_cetak",
    "waiting_list",
]


@dataclass(frozen=True, slots=True)
class WaitingEntry:
    id: int
    uuid: str
    case_uuid: str
    case_type: CaseType
    nik_masked: str
    name: str
    phone: str | None  # who to phone when the card can be printed
    phone_masked: str
    added_on: str
    first_time: bool
    can_print_now: bool  # by the stock rule for this entry (replacements keep the reserve)


@dataclass(frozen=True, slots=True)
class WaitingListView:
    entries: list[WaitingEntry]
    total: int
    stock: StockLevel
    printable_now: int = field(default=0)


def siap_cetak(session: Session, *, offset: int = 0, limit: int = 50) -> list[RecordingSummary]:
    """'Siap cetak': PRINT_READY_RECORD recordings whose person may get the card today (17 by today, or married),
    longest printable first. Someone recorded at 16 appears on their 17th birthday."""
    _require_operator(session)
    today = session.today().isoformat()
    offset = max(0, offset)
    _audit_list_view(session, "recordings:siap_cetak", offset)
    with session.read() as conn:
        rows = store.recordings_by_status(
            conn, RecordingStatus.PRINT_READY_RECORD, offset, max(1, min(limit, 500)), printable_by=today
        )
    return _list_view(session, rows)


# -- the card waiting list --------------------------------------------------------------------------
def _can_print_entry(first_time: bool, level: StockLevel) -> bool:
    rule = stock_rule(level)
    return rule.can_print_first_time() if first_time else rule.can_print_replacement()


def waiting_list(session: Session, *, offset: int = 0, limit: int = 50) -> WaitingListView:
    """The daftar tunggu cetak, oldest first, with who to phone (names and phones decrypted: audited) and whether
    the stock allows printing each entry now."""
    _require_operator(session)
    today = session.today()
    cipher = _cipher(session)
    offset = max(0, offset)
    _audit_list_view(session, "waiting_list", offset)
    with session.read() as conn:
        level = stock_level(conn, today)
        rows = store.waiting_page(conn, offset, max(1, min(limit, 500)))
        total = store.count_waiting(conn)
        entries = []
        for r in rows:
            phone = cipher.decrypt(r.phone_ct, _context("phone", r.case_uuid)) if r.phone_ct else None
            entries.append(
                WaitingEntry(
                    r.id,
                    r.uuid,
                    r.case_uuid,
                    r.case_type,
                    r.nik_masked,
                    cipher.decrypt(r.name_ct, _context("name", r.case_uuid)),
                    phone,
                    mask_phone(phone),
                    r.added_on,
                    r.first_time,
                    _can_print_entry(r.first_time, level),
                )
            )
    return WaitingListView(entries, total, level, sum(1 for e in entries if e.can_print_now))


def print_from_waiting_list(session: Session, entry_id: int) -> PrintResult:
    """Print the card for a waiting-list entry when the stock allows it (a replacement keeps the reserve):
    one blank, the entry marked printed, audited, one transaction."""
    _require_operator(session)
    today = session.today()
    with session.write() as conn:
        entry = store.get_waiting(conn, entry_id)
        if entry is None:
            raise NotFound("Entri daftar tunggu tidak ditemukan.")
        refuse_print_during_outreach(conn, entry.case_id)
        if entry.status != "waiting":
            raise Conflict("Entri ini sudah tidak menunggu (sudah dicetak atau dibatalkan).")
        level = stock_level(conn, today)
        if not _can_print_entry(entry.first_time, level):
            if level.balance < 1:
                raise Conflict("Stok blanko habis; kartu belum bisa dicetak.")
            if not level.replacements_allowed and not entry.first_time:
                raise Conflict("Kebijakan kantor: KTP-el pengganti belum dicetak saat ini.")
            raise Conflict(
                f"Stok blanko ({level.balance}) tidak boleh turun sampai cadangan ({level.reserve}) untuk "
                "pemula; kartu pengganti belum bisa dicetak."
            )
        row = store.get_case(conn, entry.case_id)
        assert row is not None
        recording = store.recording_for_nik(conn, entry.nik_key)
        if recording is not None and recording.status is RecordingStatus.DUPLICATE_RECORD:
            raise Conflict("Rekaman ganda (DUPLICATE_RECORD): KTP-el tidak dapat dicetak.")
        movement = take_blank(
            conn, session, MovementKind.USED, case_id=row.id, recording_id=recording.id if recording else None
        )
        if recording is not None and recording.status is RecordingStatus.PRINT_READY_RECORD:
            recording = _change_status(
                conn,
                session,
                store.device_id(conn),
                recording,
                RecordingStatus.CARD_PRINTED,
                "kartu dicetak dari daftar tunggu",
                by_print=True,
            )
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
        entry.case_uuid,
        movement.id,
        movement.kind,
        movement.balance_after,
        _recording_summary(recording) if recording else None,
    )


def cancel_waiting_entry(session: Session, entry_id: int, reason: str) -> None:
    """Take someone off the card waiting list (moved away, got the card elsewhere), with a reason. Audited."""
    _require_operator(session)
    why = clean_line(reason, what="Alasan", maximum=500)
    with session.write() as conn:
        entry = store.get_waiting(conn, entry_id)
        if entry is None:
            raise NotFound("Entri daftar tunggu tidak ditemukan.")
        if not store.cancel_waiting(conn, entry.id):
            raise Conflict("Entri ini sudah tidak menunggu (sudah dicetak atau dibatalkan).")
        audit.append(
            conn,
            session.actor,
            "waiting_list.cancel",
            f"case:{entry.case_uuid}",
            {"nik": entry.nik_masked, "entry": entry.id, "reason": why},
            session.now(),
        )
