"""Issuing tickets: the front desk (or a kiosk) takes a ticket for a service, within hours, quota and one
waiting ticket per NIK; a supervisor's override lifts those rules and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from counter_tui.domain.accounts import Actor, require_supervisor
from counter_tui.domain.clock import from_utc_text, office_date, to_utc_text
from counter_tui.domain.day_close import check_day_takes_tickets
from counter_tui.domain.errors import (
    Conflict,
    CounterError,
    DuplicateTicket,
    NotFound,
    QueueClosed,
    supervisor_may_override,
)
from counter_tui.domain.hours import check_can_issue, check_quota
from counter_tui.domain.queue import (
    Action,
    Outcome,
    Priority,
    Service,
    Ticket,
    TicketStatus,
    check_may_correct_ticket,
    estimate_wait,
    issue_moment,
    next_status,
    normalize_service_code,
    parse_priority,
    parse_ticket_label,
)
from counter_tui.services._acting import check_actor
from counter_tui.services._queue_common import now_and_day
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import day_close as day_store
from counter_tui.storage import queue as store
from counter_tui.storage.connection import Connection

COUNTER_SEEN_WINDOW = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class IssuedTicket:
    ticket: Ticket
    service: Service
    position: int
    estimated_wait: timedelta
    overridden: tuple[str, ...] = ()


def _active_service(conn: Connection, code: str) -> Service:
    code = normalize_service_code(code)
    service = store.get_service(conn, code)
    if service is None:
        raise NotFound(f"Layanan {code} tidak dikenal.")
    if not service.active:
        raise QueueClosed(f"Layanan {code} ({service.name}) sedang tidak aktif.", overridable=False)
    return service


def issue_ticket(
    session: Session,
    service_code: str,
    *,
    priority: str | Priority | None = None,
    nik: str | None = None,
    override_by: Actor | None = None,
) -> IssuedTicket:
    """The front desk (or a kiosk) takes a ticket. Hours, quota and one-waiting-ticket-per-NIK are enforced;
    a supervisor's override lifts them and is audited."""
    actor = session.actor
    prio = parse_priority(priority) if not isinstance(priority, Priority) else priority
    if override_by is not None:
        require_supervisor(
            override_by
        )  # the override's supervisor, not the session's actor: refuse before the lock
    key = masked = None
    now, today = now_and_day(session)
    if nik:
        # Imported here: a ticket without a NIK (most of them, and `ticket A`) never loads domain.nik.
        from counter_tui.domain.nik import mask_nik, nik_key, parse_nik_digits, validate_nik

        digits = parse_nik_digits(nik)
        # A mistyped NIK would slip past the one-ticket-per-NIK rule: its region code must exist and its date
        # part must be a real birth date.
        validate_nik(digits, today=office_date(now))
        key, masked = nik_key(digits, session.db.pepper), mask_nik(digits)
    overridden: list[str] = []
    with session.write() as conn:
        # The time is read again under the write lock, so issue order, number order and queued_at agree; a clock
        # set back a little takes the newest recorded time, one set back further is refused.
        newest = store.newest_recorded_time(conn)
        now = issue_moment(session.now(), from_utc_text(newest) if newest else None)
        today = office_date(now).isoformat()
        if override_by is not None:
            check_actor(conn, override_by, supervisor=True)
        service = _active_service(conn, service_code)
        # A closed day is closed for everyone: a supervisor reopens it (audited) rather than overriding it.
        check_day_takes_tickets(day_store.get_closure(conn, today))
        rules = (
            lambda: check_can_issue(now, store.hours_for_day(conn, office_date(now))),
            lambda: check_quota(
                service.name, store.count_issued(conn, today, service.code), service.daily_quota
            ),
            lambda: _check_nik_free(conn, today, service, key),
        )
        for rule in rules:
            try:
                rule()
            except CounterError as refusal:
                if override_by is None or not supervisor_may_override(refusal):
                    raise
                overridden.append(refusal.message)
        number = store.next_number(conn, today, service.code)
        new = store.NewTicket(today, service.code, number, prio, key, masked, now, actor.code)
        ticket_id = store.insert_ticket(conn, new)
        ticket = store.get_ticket(conn, ticket_id)
        assert ticket is not None
        details: dict[str, object] = {"priority": prio.value if prio else None}
        if masked:
            details["nik"] = masked
        audit.append(conn, actor, "ticket.issue", f"ticket:{today}:{ticket.label}", details, now)
        if overridden:
            assert override_by is not None
            audit.append(
                conn,
                override_by,
                "ticket.override",
                f"ticket:{today}:{ticket.label}",
                {"rules": overridden, "issued_by": actor.code},
                now,
            )
        position = store.position_of(conn, ticket)
        wait = _estimate(conn, today, service.code, position, now)
    return IssuedTicket(ticket, service, position, wait, tuple(overridden))


def _check_nik_free(conn: Connection, today: str, service: Service, key: str | None) -> None:
    if key and store.has_waiting_nik(conn, today, service.code, key):
        raise DuplicateTicket(
            f"NIK ini sudah memegang tiket aktif untuk layanan {service.code} hari ini. "
            "Satu orang satu tiket per layanan; supervisor dapat memberi izin khusus."
        )


def _estimate(conn: Connection, today: str, service_code: str, position: int, now: datetime) -> timedelta:
    average = store.avg_service_minutes(conn, today, service_code)
    counters = store.counters_serving(conn, service_code, to_utc_text(now - COUNTER_SEEN_WINDOW))
    return estimate_wait(position, average, counters)


def _issued_ticket(conn: Connection, actor: Actor, today: str, label: str) -> Ticket:
    """A ticket of today the actor may cancel or reprint: a supervisor, or the desk that issued it."""
    letter, number = parse_ticket_label(label)
    ticket = store.find_ticket(conn, today, letter, number)
    if ticket is None:
        raise NotFound(f"Tiket {letter}-{number:03d} tidak ada hari ini.")
    check_may_correct_ticket(actor, store.issued_by(conn, ticket.id) or "")
    return ticket


def cancel_ticket(session: Session, label: str) -> Ticket:
    """Cancel a wrongly issued ticket before it is called. It is closed with the outcome "dibatalkan", so no
    counter calls it; the audit row says who cancelled it."""
    now, today = now_and_day(session)
    with session.write() as conn:
        ticket = _issued_ticket(conn, session.actor, today, label)
        status = next_status(Action.CANCEL, ticket)
        store.update_ticket(
            conn,
            ticket.id,
            status=status.value,
            outcome=Outcome.DIBATALKAN.value,
            finished_at=to_utc_text(now),
        )
        audit.append(conn, session.actor, "ticket.cancel", f"ticket:{today}:{ticket.label}", {}, now)
        updated = store.get_ticket(conn, ticket.id)
    assert updated is not None
    return updated


def reprint_ticket(session: Session, label: str) -> IssuedTicket:
    """Show (print) a waiting ticket again, with its place in the queue now; audited."""
    now, today = now_and_day(session)
    with session.write() as conn:
        ticket = _issued_ticket(conn, session.actor, today, label)
        if ticket.status is not TicketStatus.WAITING:
            raise Conflict(
                f"Tiket {ticket.label} tidak sedang menunggu (status: {ticket.status.label.lower()}); "
                "tidak dicetak ulang."
            )
        service = store.get_service(conn, ticket.service_code)
        assert service is not None
        audit.append(conn, session.actor, "ticket.reprint", f"ticket:{today}:{ticket.label}", {}, now)
        position = store.position_of(conn, ticket)
        wait = _estimate(conn, today, service.code, position, now)
    return IssuedTicket(ticket, service, position, wait)
