"""Close the day (tutup hari) and reopen it: the end-of-day use cases shared by the CLI and the supervisor screen.

Closing turns every ticket that was never served into 'closed' (the status it had is kept as the reason), seals
the day's audit chain with a `day.close` row, and stops the front desk issuing tickets for that day until a
supervisor reopens it. Closing again is safe: it closes only what is still open (a ticket transferred or put back
after the first close) and otherwise changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.day_close import (
    REASON_LABELS,
    DayClosure,
    check_can_reopen,
    normalize_reopen_reason,
    statuses_to_close,
)
from counter_tui.domain.errors import ValidationError
from counter_tui.domain.queue import Ticket, TicketStatus
from counter_tui.services.session import Session
from counter_tui.storage import audit, export_queries
from counter_tui.storage import day_close as store


def parse_date(text: str | date | None, default: date) -> date:
    if text is None or text == "":
        return default
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"Tanggal tidak sah: {text!r}. Gunakan format TTTT-BB-HH, misalnya 2024-02-14."
        ) from None


@dataclass(frozen=True, slots=True)
class OpenCase:
    """A case of the day that is not finished (listed by close-day; cases stay open across days)."""

    ref: str
    case_type: str
    status: str


@dataclass(frozen=True, slots=True)
class DayPreview:
    """What closing this day would do now, for the supervisor screen before they confirm."""

    day: str
    closure: DayClosure | None
    to_close: list[Ticket]
    still_serving: list[Ticket]
    open_cases: list[OpenCase]
    issued: int


@dataclass(frozen=True, slots=True)
class CloseDayResult:
    day: str
    closure: DayClosure
    closed: list[Ticket]  # as they were before closing (status = the reason)
    already_closed: bool  # the day was closed before this call
    still_serving: list[Ticket]
    open_cases: list[OpenCase]
    totals: dict[str, int] = field(default_factory=dict)  # the day's tickets by status, after closing

    @property
    def changed(self) -> bool:
        return bool(self.closed) or not self.already_closed

    def summary_lines(self) -> list[str]:
        lines = []
        if self.already_closed and not self.closed:
            lines.append(
                f"Hari {self.day} sudah ditutup sebelumnya ({self.closure.closed_by}); tidak ada yang diubah."
            )
        else:
            lines.append(
                f"Hari {self.day} ditutup. {len(self.closed)} tiket ditutup sebagai tidak terlayani."
            )
        by_reason: dict[TicketStatus, list[str]] = {}
        for ticket in self.closed:
            by_reason.setdefault(ticket.status, []).append(ticket.label)
        for status, labels in by_reason.items():
            lines.append(
                f"  {REASON_LABELS[status]}: {len(labels)} ({', '.join(labels[:20])}"
                f"{', ...' if len(labels) > 20 else ''})"
            )
        t = self.totals
        lines.append(
            f"Tiket hari ini: {sum(t.values())} diambil, {t.get('done', 0)} selesai, {t.get('no_show', 0)} tidak hadir,"
            f" {t.get('closed', 0)} tidak terlayani."
        )
        if self.still_serving:
            lines.append(
                "Masih dilayani di loket (selesaikan dari loket): "
                + ", ".join(f"{x.label} (loket {x.counter})" for x in self.still_serving)
            )
        if self.open_cases:
            lines.append(f"Berkas permohonan yang belum selesai: {len(self.open_cases)}")
            lines += [f"  {c.ref} · {c.case_type} · {c.status}" for c in self.open_cases[:50]]
        return lines


def preview_close(session: Session, day: str | date | None = None) -> DayPreview:
    the_day = parse_date(day, session.today())
    statuses = statuses_to_close(the_day, session.today())
    key = the_day.isoformat()
    with session.read() as conn:
        closure = store.get_closure(conn, key)
        to_close = store.tickets_in(conn, key, statuses)
        serving = (
            [] if TicketStatus.SERVING in statuses else store.tickets_in(conn, key, (TicketStatus.SERVING,))
        )
        cases = [OpenCase(*c) for c in export_queries.open_cases(conn, key)]
        issued = export_queries.issued_count(conn, key)
    return DayPreview(key, closure, to_close, serving, cases, issued)


def close_day(session: Session, day: str | date | None = None) -> CloseDayResult:
    """Close the day: supervisor only, audited, idempotent."""
    today = session.today()
    the_day = parse_date(day, today)
    statuses = statuses_to_close(the_day, today)
    key = the_day.isoformat()
    with session.write(supervisor=True) as conn:
        now = session.now()
        before = store.get_closure(conn, key)
        already = before is not None and before.is_closed
        to_close = store.tickets_in(conn, key, statuses)
        stamp = to_utc_text(now)
        if to_close:
            store.close_tickets(conn, to_close, stamp)
        if to_close or not already:
            reasons: dict[str, int] = {}
            for ticket in to_close:
                reasons[ticket.status.value] = reasons.get(ticket.status.value, 0) + 1
            audit_id = audit.append(
                conn,
                session.actor,
                "day.close",
                f"day:{key}",
                {"closed_tickets": len(to_close), "reasons": reasons, "again": already},
                now,
            )
            store.save_closed(conn, key, stamp, session.actor.code, audit_id)
        closure = store.get_closure(conn, key)
        assert closure is not None
        serving = (
            [] if TicketStatus.SERVING in statuses else store.tickets_in(conn, key, (TicketStatus.SERVING,))
        )
        cases = [OpenCase(*c) for c in export_queries.open_cases(conn, key)]
        totals = export_queries.status_totals(conn, key)
    return CloseDayResult(key, closure, to_close, already, serving, cases, totals)


def reopen_day(session: Session, reason: str, day: str | date | None = None) -> DayClosure:
    """Reopen today after a close (a late group of applicants, a mistake): supervisor only, with a reason, audited."""
    today = session.today()
    the_day = parse_date(day, today)
    text = normalize_reopen_reason(reason)
    key = the_day.isoformat()
    with session.write(supervisor=True) as conn:
        now = session.now()
        check_can_reopen(store.get_closure(conn, key), the_day, today)
        store.save_reopened(conn, key, to_utc_text(now), session.actor.code, text)
        audit.append(conn, session.actor, "day.reopen", f"day:{key}", {"reason": text}, now)
        closure = store.get_closure(conn, key)
    assert closure is not None
    return closure


def day_closure(session: Session, day: str | date | None = None) -> DayClosure | None:
    the_day = parse_date(day, session.today())
    with session.read() as conn:
        return store.get_closure(conn, the_day.isoformat())
