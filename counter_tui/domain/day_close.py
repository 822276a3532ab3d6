"""End of day (tutup hari): which tickets a close turns into 'closed' (not served), and who may take tickets on a
closed day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_tui.domain.errors import Conflict, QueueClosed, ValidationError
from counter_tui.domain.queue import TicketStatus

# A ticket still being served when the supervisor closes *today* stays with its counter: the applicant is at the
# desk, and the operator finishes it. A past day that was never closed has nobody left at any desk.
CLOSED_TODAY = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.PARKED)
CLOSED_PAST_DAY = (*CLOSED_TODAY, TicketStatus.SERVING)

REASON_LABELS = {
    TicketStatus.WAITING: "masih menunggu saat tutup hari",
    TicketStatus.CALLED: "dipanggil, belum dilayani saat tutup hari",
    TicketStatus.SERVING: "masih tercatat dilayani saat tutup hari",
    TicketStatus.PARKED: "ditunda, tidak dilanjutkan saat tutup hari",
}


def statuses_to_close(day: date, today: date) -> tuple[TicketStatus, ...]:
    """The statuses close-day turns into 'closed' for this day. A future day cannot be closed."""
    if day > today:
        raise ValidationError(
            f"Tanggal {day.isoformat()} belum tiba; hanya hari ini atau hari yang lalu yang bisa ditutup."
        )
    return CLOSED_TODAY if day == today else CLOSED_PAST_DAY


class DayState:
    CLOSED = "closed"
    REOPENED = "reopened"


@dataclass(frozen=True, slots=True)
class DayClosure:
    service_date: str
    state: str
    closed_at: str
    closed_by: str
    close_audit_id: int
    reopened_at: str | None = None
    reopened_by: str | None = None
    reopen_reason: str | None = None

    @property
    def is_closed(self) -> bool:
        return self.state == DayState.CLOSED


def check_day_takes_tickets(closure: DayClosure | None) -> None:
    """A closed day takes no new tickets (and puts no no-show back in the queue) until a supervisor reopens it."""
    if closure is not None and closure.is_closed:
        raise QueueClosed(
            f"Hari {closure.service_date} sudah ditutup (tutup hari). Tiket baru tidak dapat diambil; "
            "supervisor dapat membuka kembali hari ini.",
            overridable=False,
        )


def normalize_reopen_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError("Alasan membuka kembali hari wajib diisi.")
    if len(text) > 200:
        raise ValidationError("Alasan terlalu panjang (maksimal 200 karakter).")
    if any(ord(c) < 32 for c in text):
        raise ValidationError("Alasan berisi karakter yang tidak sah.")
    return text


def check_can_reopen(closure: DayClosure | None, day: date, today: date) -> None:
    if closure is None or not closure.is_closed:
        raise Conflict(f"Hari {day.isoformat()} belum ditutup; tidak ada yang perlu dibuka kembali.")
    if day != today:
        raise Conflict("Hanya hari ini yang dapat dibuka kembali; hari yang lalu tetap tertutup.")
