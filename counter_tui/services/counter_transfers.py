"""Moving tickets between queues: a no-show put back in the queue, a transfer to another service, and the day's
no-shows.
"""

from __future__ import annotations

from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.day_close import check_day_takes_tickets
from counter_tui.domain.errors import NotFound
from counter_tui.domain.queue import (
    Action,
    Ticket,
    check_transfer_target,
    next_status,
    normalize_service_code,
    parse_ticket_label,
)
from counter_tui.domain.text import quoted_input
from counter_tui.services._counter_common import _current
from counter_tui.services._queue_common import now_and_day
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import day_close as day_store
from counter_tui.storage import queue as store


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


def no_shows_today(session: Session) -> list[Ticket]:
    """Today's no-shows that may still go back in the queue, for the counter's requeue list."""
    _, today = now_and_day(session)
    with session.read() as conn:
        return store.no_shows(conn, today)
