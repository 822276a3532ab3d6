"""Counter actions: the services a counter serves, calling the next ticket, and every action on the ticket a
counter is serving (recall, start, no-show, park, resume, transfer, finish, requeue of a no-show)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from counter_tui.domain.accounts import Actor
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.day_close import check_day_takes_tickets
from counter_tui.domain.errors import Conflict, EmptyQueue, NotFound, PermissionDenied, ValidationError
from counter_tui.domain.leases import LEASE_TTL, lease_lost_message
from counter_tui.domain.queue import (
    Action,
    Outcome,
    Ticket,
    TicketStatus,
    check_counter_free,
    check_outcome_note,
    check_transfer_target,
    default_counter_services,
    next_status,
    normalize_service_code,
    parse_outcome,
    parse_ticket_label,
    service_started_at,
)
from counter_tui.domain.queue import park_or_resume as choose_park_or_resume
from counter_tui.domain.text import quoted_input
from counter_tui.services._queue_common import now_and_day, require_counter
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import day_close as day_store
from counter_tui.storage import leases as lease_store
from counter_tui.storage import queue as store
from counter_tui.storage.connection import Connection


def set_counter_services(session: Session, services: Sequence[str]) -> tuple[str, ...]:
    actor = session.actor
    counter = require_counter(actor)
    codes = sorted({normalize_service_code(c) for c in services})
    if not codes:
        raise ValidationError("Pilih minimal satu layanan untuk loket ini.")
    now = session.now()
    with session.write() as conn:
        for code in codes:
            if store.get_service(conn, code) is None:
                raise NotFound(f"Layanan {code} tidak dikenal.")
        store.save_counter(conn, counter, codes, actor.operator_id, to_utc_text(now))
        audit.append(conn, actor, "counter.services", f"counter:{counter}", {"services": "".join(codes)}, now)
    return tuple(codes)


def counter_heartbeat(session: Session) -> None:
    """Keeps the counter counted as open for the estimated wait, and renews this session's lease of the counter.
    Raises PermissionDenied when another session took the counter over (the screen then logs out)."""
    actor = session.actor
    if actor.counter < 1:
        return
    now = session.now()
    lost: str | None = None
    with session.write(recheck=False) as conn:  # a heartbeat, not a change of state
        store.touch_counter(conn, actor.counter, to_utc_text(now))
        if (
            actor.session_id
            and actor.operator_id is not None
            and not lease_store.renew(conn, actor.counter, actor.session_id, now + LEASE_TTL)
        ):
            holder = lease_store.lease_of_counter(conn, actor.counter)
            if holder is None or holder.expired(now):
                # Expired and nobody took it: this session still is the counter's only one.
                lease_store.take(
                    conn, actor.counter, actor.operator_id, actor.session_id, now, now + LEASE_TTL
                )
            else:
                lost = lease_lost_message(actor.counter, holder)
    if lost is not None:
        raise PermissionDenied(lost)


def open_counter_services(session: Session) -> tuple[str, ...]:
    """The services this counter serves when its screen opens: the ones it chose before (and the counter is
    marked as seen), or, for a counter that never chose, every active service, registered at once so that it
    counts in the estimated wait from the first minute."""
    counter = require_counter(session.actor)
    saved = saved_counter_services(session, counter)
    if saved:
        counter_heartbeat(session)
        return saved
    with session.read() as conn:
        services = store.list_services(conn)
    return set_counter_services(session, default_counter_services(services))


def saved_counter_services(session: Session, counter: int) -> tuple[str, ...]:
    with session.read() as conn:
        text = store.counter_services(conn, counter)
    return tuple(text) if text else ()


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


def _current(conn: Connection, actor: Actor, today: str) -> Ticket:
    counter = require_counter(actor)
    ticket = store.current_at_counter(conn, today, counter)
    if ticket is None:
        raise Conflict("Tidak ada tiket yang sedang dipanggil atau dilayani di loket ini.")
    return ticket


def current_ticket(session: Session) -> Ticket | None:
    _, today = now_and_day(session)
    with session.read() as conn:
        return store.current_at_counter(conn, today, require_counter(session.actor))


def requeue_no_show(session: Session, label: str) -> Ticket:
    """A no-show who turns up after all goes back in the queue, once, behind those waiting now."""
    letter, number = parse_ticket_label(label)
    now, today = now_and_day(session)
    with session.write() as conn:
        ticket = store.find_ticket(conn, today, letter, number)
        if ticket is None:
            raise NotFound(f"Tiket {letter}-{number:03d} tidak ada hari ini.")
        check_day_takes_tickets(day_store.get_closure(conn, today))
        status = next_status(Action.REQUEUE, ticket)
        store.update_ticket(
            conn,
            ticket.id,
            status=status.value,
            requeued=1,
            queued_at=to_utc_text(now),
            counter=None,
            finished_at=None,
        )
        audit.append(conn, session.actor, "ticket.requeue", f"ticket:{today}:{ticket.label}", {}, now)
        updated = store.get_ticket(conn, ticket.id)
    assert updated is not None
    return updated


def transfer(session: Session, target_service: str) -> Ticket:
    """Send the current ticket to another service. It keeps its original place in time."""
    now, today = now_and_day(session)
    with session.write() as conn:
        ticket = _current(conn, session.actor, today)
        target = store.get_service(conn, normalize_service_code(target_service))
        if target is None:
            raise NotFound(f"Layanan {quoted_input(target_service.strip().upper())} tidak dikenal.")
        check_transfer_target(ticket, target)
        status = next_status(Action.TRANSFER, ticket)
        # call_count starts again: its first call at the new service is a first call, not "panggilan ke-2".
        store.update_ticket(
            conn,
            ticket.id,
            status=status.value,
            service_code=target.code,
            counter=None,
            called_at=None,
            served_at=None,
            call_count=0,
        )
        audit.append(
            conn,
            session.actor,
            "ticket.transfer",
            f"ticket:{today}:{ticket.label}",
            {"from": ticket.service_code, "to": target.code},
            now,
        )
        updated = store.get_ticket(conn, ticket.id)
    assert updated is not None
    return updated


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


def no_shows_today(session: Session) -> list[Ticket]:
    """Today's no-shows that may still go back in the queue, for the counter's requeue list."""
    _, today = now_and_day(session)
    with session.read() as conn:
        return store.no_shows(conn, today)
