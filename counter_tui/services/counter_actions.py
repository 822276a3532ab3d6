"""Counter actions: calling the next ticket, and every action on the ticket a counter is serving (recall, start,
no-show, park, resume, finish). Its services and heartbeat are counter_setup.py; transfers counter_transfers.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import Conflict, EmptyQueue, ValidationError
from counter_tui.domain.queue import (
    Action,
    Outcome,
    Ticket,
    TicketStatus,
    check_counter_free,
    check_outcome_note,
    next_status,
    normalize_service_code,
    parse_outcome,
    parse_ticket_label,
    service_started_at,
)
from counter_tui.domain.queue import park_or_resume as choose_park_or_resume
from counter_tui.services._counter_common import _current
from counter_tui.services._queue_common import now_and_day, require_counter
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import queue as store
from counter_tui.storage.connection import Connection


def call_next(session: Session, services: Sequence[str]) -> Ticket:
    """Priority first, then the oldest, across this counter's services."""
    actor = session.actor
    counter = require_counter(actor)
    codes = [normalize_service_code(c) for c in services]
    if not codes:
        raise ValidationError("Loket ini belum memilih layanan. Pilih layanan dahulu.")
    now, today = now_and_day(session)
    with session.write() as conn:
        check_counter_free(store.current_at_counter(conn, today, counter))
        ticket = store.next_waiting(conn, today, codes)
        if ticket is None:
            raise EmptyQueue(f"Tidak ada antrian menunggu untuk layanan {', '.join(codes)}.")
        next_status(Action.CALL, ticket)
        stamp = to_utc_text(now)
        store.update_ticket(
            conn,
            ticket.id,
            status=TicketStatus.CALLED.value,
            called_at=stamp,
            counter=counter,
            operator_id=actor.operator_id,
            call_count=ticket.call_count + 1,
        )
        store.insert_call(conn, ticket, counter, stamp)
        audit.append(conn, actor, "ticket.call", f"ticket:{today}:{ticket.label}", {"counter": counter}, now)
        called = store.get_ticket(conn, ticket.id)
    assert called is not None
    return called


def current_ticket(session: Session) -> Ticket | None:
    _, today = now_and_day(session)
    with session.read() as conn:
        return store.current_at_counter(conn, today, require_counter(session.actor))


@dataclass(frozen=True, slots=True)
class ParkOrResume:
    action: Action  # Action.PARK or Action.RESUME
    ticket: Ticket


def park_or_resume(session: Session) -> ParkOrResume:
    """The counter's one park key: resume the ticket parked longest when the counter is free, otherwise park
    the current ticket (see domain.queue.park_or_resume)."""
    counter = require_counter(session.actor)
    _, today = now_and_day(session)
    with session.read() as conn:
        current = store.current_at_counter(conn, today, counter)
        parked = store.parked_at_counter(conn, today, counter)
    if current is None and not parked:
        # Not park's own refusal ("no ticket called or being served"): the key also resumes.
        raise Conflict("Tidak ada tiket untuk ditunda atau dilanjutkan.")
    action = choose_park_or_resume(current, parked)
    ticket = resume(session) if action is Action.RESUME else park(session)
    return ParkOrResume(action, ticket)


def ticket_for(session: Session, action: Action) -> Ticket:
    """This counter's current ticket, if `action` applies to it; the refusal otherwise. A screen asks before it
    opens the dialog of an action (the outcome of a finish, the target of a transfer)."""
    _, today = now_and_day(session)
    with session.read() as conn:
        ticket = _current(conn, session.actor, today)
    next_status(action, ticket)
    return ticket


def resume(session: Session, label: str | None = None) -> Ticket:
    """Resume a parked ticket of this counter: the named one, or the one parked longest."""
    actor = session.actor
    counter = require_counter(actor)
    now, today = now_and_day(session)
    with session.write() as conn:
        check_counter_free(store.current_at_counter(conn, today, counter))
        parked = store.parked_at_counter(conn, today, counter)
        if label:
            letter, number = parse_ticket_label(label)
            parked = [t for t in parked if (t.origin_service, t.number) == (letter, number)]
        if not parked:
            raise Conflict(
                "Tidak ada tiket yang ditunda di loket ini."
                if not label
                else f"Tiket {label.upper()} tidak sedang ditunda di loket ini."
            )
        ticket = parked[0]
        status = next_status(Action.RESUME, ticket)
        store.update_ticket(
            conn,
            ticket.id,
            status=status.value,
            served_at=ticket.served_at or now,
            operator_id=actor.operator_id,
        )
        audit.append(conn, actor, "ticket.resume", f"ticket:{today}:{ticket.label}", {}, now)
        updated = store.get_ticket(conn, ticket.id)
    assert updated is not None
    return updated


def _change_current(
    session: Session,
    action: Action,
    changes: Callable[[Ticket, TicketStatus, str], dict[str, object]],
    *,
    details: dict[str, object] | None = None,
    also: Callable[[Connection, Ticket, str], None] | None = None,
) -> Ticket:
    """One code path for the actions on this counter's current ticket: check the status change, write it,
    audit it as `ticket.<action>`, return the ticket as it is now."""
    now, today = now_and_day(session)
    with session.write() as conn:
        ticket = _current(conn, session.actor, today)
        status = next_status(action, ticket)
        stamp = to_utc_text(now)
        store.update_ticket(conn, ticket.id, **changes(ticket, status, stamp))
        if also is not None:
            also(conn, ticket, stamp)
        audit.append(
            conn,
            session.actor,
            f"ticket.{action.value}",
            f"ticket:{today}:{ticket.label}",
            details or {},
            now,
        )
        updated = store.get_ticket(conn, ticket.id)
    assert updated is not None
    return updated


def recall(session: Session) -> Ticket:
    """Call the current ticket again: the board shows it (and says it) once more."""
    counter = session.actor.counter
    return _change_current(
        session,
        Action.RECALL,
        lambda t, _s, _at: {"call_count": t.call_count + 1},
        also=lambda conn, t, at: store.insert_call(conn, t, counter, at),
    )


def start_serving(session: Session) -> Ticket:
    operator_id = session.actor.operator_id
    return _change_current(
        session,
        Action.START,
        lambda _t, s, at: {"status": s.value, "served_at": at, "operator_id": operator_id},
    )


def mark_no_show(session: Session) -> Ticket:
    return _change_current(session, Action.NO_SHOW, lambda _t, s, at: {"status": s.value, "finished_at": at})


def park(session: Session) -> Ticket:
    return _change_current(session, Action.PARK, lambda _t, s, _at: {"status": s.value})


def finish(session: Session, outcome: str | Outcome | None, *, note: str | None = None) -> Ticket:
    """Finish the current ticket. An outcome is required; "lainnya" (other) also needs a short note, which the
    audit row keeps."""
    result = outcome if isinstance(outcome, Outcome) else parse_outcome(outcome)
    details: dict[str, object] = {"outcome": result.value}
    if result is Outcome.LAINNYA:
        details["note"] = check_outcome_note(note)
    operator_id = session.actor.operator_id
    return _change_current(
        session,
        Action.FINISH,
        lambda t, s, at: {
            "status": s.value,
            "outcome": result.value,
            "finished_at": at,
            "served_at": service_started_at(t),
            "operator_id": operator_id,
        },
        details=details,
    )
