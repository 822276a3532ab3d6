"""Queue rules: services, tickets, priority, the order counters call in, status changes, estimated wait."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from counter_tui.domain.accounts import Actor
from counter_tui.domain.errors import ClockBehind, Conflict, PermissionDenied, ValidationError
from counter_tui.domain.text import quoted_input

DEFAULT_SERVICE_MINUTES = 5.0
SERVICE_NAME_MAX_LENGTH = 80
SPECIAL_DAY_REASON_MAX_LENGTH = 120
NOTE_MAX_LENGTH = 200


class Priority(StrEnum):
    """Priority groups by law (UU 25/2009 Pasal 29)."""

    LANSIA = "lansia"
    DISABILITAS = "disabilitas"
    HAMIL = "hamil"
    ANAK = "anak"
    BENCANA = "bencana"

    @property
    def label(self) -> str:
        return _PRIORITY_LABELS[self]


_PRIORITY_LABELS = {
    Priority.LANSIA: "Lansia (60+)",
    Priority.DISABILITAS: "Penyandang disabilitas",
    Priority.HAMIL: "Ibu hamil",
    Priority.ANAK: "Anak",
    Priority.BENCANA: "Korban bencana",
}


def parse_priority(value: str | None) -> Priority | None:
    if value is None or value == "":
        return None
    try:
        return Priority(value.strip().lower())
    except ValueError:
        names = ", ".join(p.value for p in Priority)
        raise ValidationError(
            f"Jenis prioritas tidak dikenal: {quoted_input(value)}. Pilih salah satu: {names}."
        ) from None


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    PARKED = "parked"
    DONE = "done"
    NO_SHOW = "no_show"
    CLOSED = "closed"  # closed unserved at the end of the day

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    TicketStatus.WAITING: "Menunggu",
    TicketStatus.CALLED: "Dipanggil",
    TicketStatus.SERVING: "Dilayani",
    TicketStatus.PARKED: "Ditunda",
    TicketStatus.DONE: "Selesai",
    TicketStatus.NO_SHOW: "Tidak hadir",
    TicketStatus.CLOSED: "Ditutup",
}

ACTIVE_AT_COUNTER = (TicketStatus.CALLED, TicketStatus.SERVING)


class Outcome(StrEnum):
    """How a service ended. Finishing a ticket requires one."""

    SELESAI = "selesai"
    BERKAS_KURANG = "berkas_kurang"
    TIDAK_MEMENUHI_SYARAT = "tidak_memenuhi_syarat"
    DIRUJUK_IKD = "dirujuk_ikd"
    DIBATALKAN = "dibatalkan"
    LAINNYA = "lainnya"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.SELESAI: "Selesai dilayani",
    Outcome.BERKAS_KURANG: "Berkas belum lengkap",
    Outcome.TIDAK_MEMENUHI_SYARAT: "Tidak memenuhi syarat",
    Outcome.DIRUJUK_IKD: "Dirujuk ke aktivasi IKD",
    Outcome.DIBATALKAN: "Dibatalkan pemohon",
    Outcome.LAINNYA: "Lainnya",
}


def parse_outcome(value: str | None) -> Outcome:
    if not value:
        raise ValidationError("Hasil layanan wajib dipilih sebelum menyelesaikan tiket.")
    try:
        return Outcome(value.strip().lower())
    except ValueError:
        names = ", ".join(o.value for o in Outcome)
        raise ValidationError(
            f"Hasil layanan tidak dikenal: {quoted_input(value)}. Pilih salah satu: {names}."
        ) from None


@dataclass(frozen=True, slots=True)
class Service:
    code: str
    name: str
    active: bool = True
    daily_quota: int | None = None
    sort_order: int = 0


DEFAULT_SERVICES = (
    Service("A", "Perekaman KTP-el (baru/pemula)", sort_order=1),
    Service("B", "KTP-el hilang/rusak", sort_order=2),
    Service("C", "Pencetakan/pengambilan KTP-el", sort_order=3),
    Service("D", "Aktivasi IKD", sort_order=4),
    Service("E", "Perubahan data dan lainnya", sort_order=5),
)

_SERVICE_CODE_RE = r"[A-Z]"


def normalize_service_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not re.fullmatch(_SERVICE_CODE_RE, code):
        raise ValidationError("Kode layanan harus satu huruf A-Z.")
    return code


def validate_quota(value: int | str | None) -> int | None:
    if value is None or str(value).strip() in ("", "0", "-"):
        return None
    try:
        quota = int(str(value).strip())
    except ValueError:
        raise ValidationError("Kuota harian harus berupa angka (kosongkan bila tanpa kuota).") from None
    if not 1 <= quota <= 9999:
        raise ValidationError("Kuota harian harus antara 1 dan 9999.")
    return quota


def ticket_label(service_letter: str, number: int) -> str:
    return f"{service_letter}-{number:03d}"


_LABEL_RE = r"([A-Za-z])-?(\d{1,5})"


def parse_ticket_label(text: str) -> tuple[str, int]:
    match = re.fullmatch(_LABEL_RE, (text or "").strip())
    if not match or int(match.group(2)) == 0:
        raise ValidationError("Nomor tiket harus berbentuk huruf dan angka, misalnya A-007.")
    return match.group(1).upper(), int(match.group(2))


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    service_date: str
    service_code: str  # the service it waits for now (changes on transfer)
    origin_service: str  # the letter of its number
    number: int
    priority: Priority | None
    status: TicketStatus
    queued_at: datetime  # UTC-aware, like every time below; its place in time, kept on transfer
    issued_at: datetime
    called_at: datetime | None = None
    served_at: datetime | None = None
    finished_at: datetime | None = None
    counter: int | None = None
    operator_id: int | None = None
    call_count: int = 0
    requeued: bool = False
    outcome: Outcome | None = None
    nik_masked: str | None = None

    @property
    def label(self) -> str:
        return ticket_label(self.origin_service, self.number)


@dataclass(frozen=True, slots=True)
class Call:
    """One call of a ticket to a counter (a recall is a new call): what the display board shows and says."""

    id: int
    label: str
    counter: int
    at: datetime  # UTC-aware


def call_order_key(ticket: Ticket) -> tuple[int, datetime, int]:
    """Priority first, then the oldest place in time. Storage's ORDER BY mirrors this exactly."""
    return (0 if ticket.priority else 1, ticket.queued_at, ticket.id)


def order_waiting(tickets: Iterable[Ticket], services: Iterable[str] | None = None) -> list[Ticket]:
    wanted = set(services) if services is not None else None
    return sorted(
        (
            t
            for t in tickets
            if t.status is TicketStatus.WAITING and (wanted is None or t.service_code in wanted)
        ),
        key=call_order_key,
    )


class Action(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    NO_SHOW = "no_show"
    REQUEUE = "requeue"
    TRANSFER = "transfer"
    PARK = "park"
    RESUME = "resume"
    FINISH = "finish"
    CANCEL = "cancel"


_ALLOWED: dict[Action, tuple[tuple[TicketStatus, ...], TicketStatus]] = {
    Action.CALL: ((TicketStatus.WAITING,), TicketStatus.CALLED),
    Action.RECALL: ((TicketStatus.CALLED,), TicketStatus.CALLED),
    Action.START: ((TicketStatus.CALLED,), TicketStatus.SERVING),
    Action.NO_SHOW: ((TicketStatus.CALLED,), TicketStatus.NO_SHOW),
    Action.REQUEUE: ((TicketStatus.NO_SHOW,), TicketStatus.WAITING),
    Action.TRANSFER: ((TicketStatus.CALLED, TicketStatus.SERVING), TicketStatus.WAITING),
    Action.PARK: ((TicketStatus.CALLED, TicketStatus.SERVING), TicketStatus.PARKED),
    Action.RESUME: ((TicketStatus.PARKED,), TicketStatus.SERVING),
    Action.FINISH: ((TicketStatus.CALLED, TicketStatus.SERVING), TicketStatus.DONE),
    # A wrongly issued ticket is cancelled before any counter called it; it is closed with "dibatalkan".
    Action.CANCEL: ((TicketStatus.WAITING,), TicketStatus.CLOSED),
}

_REFUSALS = {
    Action.CALL: "Tiket {label} tidak sedang menunggu.",
    Action.RECALL: "Panggil ulang hanya untuk tiket yang sedang dipanggil; {label} berstatus {status}.",
    Action.START: "Tiket {label} belum dipanggil atau sudah dilayani (status: {status}).",
    Action.NO_SHOW: "Tiket {label} belum pernah dipanggil atau sudah dilayani (status: {status}); tidak bisa ditandai tidak hadir.",
    Action.REQUEUE: "Hanya tiket tidak hadir yang bisa dikembalikan ke antrian; {label} berstatus {status}.",
    Action.TRANSFER: "Hanya tiket yang sedang dipanggil atau dilayani yang bisa dialihkan; {label} berstatus {status}.",
    Action.PARK: "Hanya tiket yang sedang dipanggil atau dilayani yang bisa ditunda; {label} berstatus {status}.",
    Action.RESUME: "Tiket {label} tidak sedang ditunda (status: {status}).",
    Action.FINISH: "Hanya tiket yang sedang dipanggil atau dilayani yang bisa diselesaikan; {label} berstatus {status}.",
    Action.CANCEL: "Hanya tiket yang masih menunggu yang bisa dibatalkan; {label} berstatus {status}.",
}


def next_status(action: Action, ticket: Ticket) -> TicketStatus:
    """The status a ticket moves to, or Conflict when the action does not apply to it."""
    allowed_from, to = _ALLOWED[action]
    if ticket.status not in allowed_from:
        raise Conflict(_REFUSALS[action].format(label=ticket.label, status=ticket.status.label.lower()))
    if action is Action.REQUEUE and ticket.requeued:
        raise Conflict(f"Tiket {ticket.label} sudah pernah dikembalikan ke antrian; hanya boleh sekali.")
    return to


def check_transfer_target(ticket: Ticket, target: Service) -> None:
    if target.code == ticket.service_code:
        raise Conflict("Tidak bisa mengalihkan ke layanan yang sama.")
    if not target.active:
        raise Conflict(f"Layanan {target.code} ({target.name}) sedang tidak aktif.")


def check_outcome_note(note: str | None) -> str:
    """ "Lainnya" needs a short note saying what happened."""
    from counter_tui.domain.text import clean_text

    return clean_text(note, "Catatan untuk hasil 'Lainnya'", max_length=NOTE_MAX_LENGTH)


def check_may_correct_ticket(actor: Actor, issued_by: str) -> None:
    """A wrongly issued ticket may be cancelled or reprinted by a supervisor, or by the desk that issued it."""
    if actor.is_supervisor or actor.code == issued_by:
        return
    raise PermissionDenied(
        f"Tiket ini diterbitkan oleh {issued_by}. Hanya petugas itu atau supervisor yang boleh "
        "membatalkan atau mencetak ulang."
    )


def check_counter_free(current: Ticket | None) -> None:
    if current is not None:
        raise Conflict(
            f"Tiket {current.label} masih {current.status.label.lower()} di loket ini. "
            "Selesaikan, tunda, atau tandai tidak hadir dahulu."
        )


def default_counter_services(services: Iterable[Service]) -> list[str]:
    """A counter that never chose its services starts with every active one."""
    return [service.code for service in services if service.active]


def park_or_resume(current: Ticket | None, parked: Sequence[Ticket]) -> Action:
    """The one park key: with no ticket at the counter and one parked there, it resumes; otherwise it parks
    the current ticket (and refuses when there is none)."""
    return Action.RESUME if current is None and parked else Action.PARK


def service_started_at(ticket: Ticket) -> datetime | None:
    """When the service of a ticket began: when serving started, or, for a ticket finished straight from
    called, when it was called. The day's average service time (and so the estimated wait) counts from here."""
    return ticket.served_at or ticket.called_at


def estimate_wait(position: int, avg_service_minutes: float | None, counters: int) -> timedelta:
    """The day's average service time × the position ÷ the counters serving that service."""
    average = (
        avg_service_minutes if avg_service_minutes and avg_service_minutes > 0 else DEFAULT_SERVICE_MINUTES
    )
    return timedelta(minutes=average * max(position, 0) / max(counters, 1))


def format_duration(delta: timedelta) -> str:
    minutes = round(delta.total_seconds() / 60)
    if minutes < 1:
        return "< 1 menit"
    if minutes < 60:
        return f"± {minutes} menit"
    hours, rest = divmod(minutes, 60)
    return f"± {hours} jam {rest} menit" if rest else f"± {hours} jam"


# The clock may drift or be corrected back a little (NTP): within this, a ticket takes the newest recorded time,
# so the call order still follows the issue order. Further back, issuing is refused.
CLOCK_TOLERANCE = timedelta(minutes=5)


def issue_moment(now: datetime, newest_recorded: datetime | None) -> datetime:
    """The time a ticket is issued at: never before the newest row already recorded."""
    if newest_recorded is None or now >= newest_recorded:
        return now
    behind = newest_recorded - now
    if behind > CLOCK_TOLERANCE:
        from counter_tui.domain.clock import wib_text

        minutes = int(behind.total_seconds() // 60)
        raise ClockBehind(
            f"Jam komputer ini {minutes} menit di belakang catatan terakhir ({wib_text(newest_recorded)} WIB). "
            "Tiket tidak diterbitkan, agar urutan antrian tidak kacau: betulkan tanggal dan jam komputer, lalu ulangi."
        )
    return newest_recorded
