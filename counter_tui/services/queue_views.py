"""Read views of the queue: what the front desk, a counter screen, the board and the CLI show."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from counter_tui.domain.clock import office_date, to_utc_text
from counter_tui.domain.errors import NotFound
from counter_tui.domain.hours import DayHours, time_to_close
from counter_tui.domain.queue import Call, Service, Ticket, parse_ticket_label
from counter_tui.services._queue_common import now_and_day
from counter_tui.services.session import Session
from counter_tui.storage import queue as store
from counter_tui.storage.connection import Connection


@dataclass(frozen=True, slots=True)
class ServiceCount:
    service: Service
    waiting: int = 0
    called: int = 0
    serving: int = 0
    parked: int = 0
    done: int = 0
    no_show: int = 0
    closed: int = 0


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    date: str
    services: list[ServiceCount]
    waiting: list[Ticket]
    hours: DayHours
    time_left: timedelta | None

    def as_json(self) -> dict:
        return {
            "date": self.date,
            "hours": {"opens": self.hours.opens, "closes": self.hours.closes, "reason": self.hours.reason},
            "services": [
                {
                    "code": c.service.code,
                    "name": c.service.name,
                    "active": c.service.active,
                    "waiting": c.waiting,
                    "called": c.called,
                    "serving": c.serving,
                    "parked": c.parked,
                    "done": c.done,
                    "no_show": c.no_show,
                }
                for c in self.services
            ],
            "waiting": [waiting_json(t) for t in self.waiting],
        }


def waiting_json(t: Ticket) -> dict:
    """One entry of `queue --json`'s waiting list."""
    return {
        "ticket": t.label,
        "service": t.service_code,
        "priority": t.priority.value if t.priority else None,
        "issued_at": to_utc_text(t.issued_at),
    }


def waiting_line_json(line: store.WaitingLine) -> dict:
    """waiting_json's keys and values, from a row read for streaming."""
    return {
        "ticket": line.label,
        "service": line.service_code,
        "priority": line.priority,
        "issued_at": line.issued_at,
    }


STREAM_CHUNK = 500


@contextlib.contextmanager
def streamed_queue(
    session: Session,
    *,
    limit: int | None = None,
) -> Iterator[tuple[QueueSnapshot, Iterator[store.WaitingLine]]]:
    """Today's counts (the snapshot's `waiting` is empty) and an iterator over the waiting list in call order,
    read in keyset pages of STREAM_CHUNK inside one read snapshot: `queue --json` writes each ticket as it comes
    instead of building every object first, and `limit` stops it early."""
    now, today = now_and_day(session)
    with session.read() as conn:
        services = _service_counts(conn, today)
        hours = store.hours_for_day(conn, office_date(now))
        snapshot = QueueSnapshot(today, services, [], hours, time_to_close(now, hours))

        def tickets() -> Iterator[store.WaitingLine]:
            after = None
            left = limit
            while left is None or left > 0:
                size = STREAM_CHUNK if left is None else min(STREAM_CHUNK, left)
                page = store.waiting_lines_after(conn, today, after, size)
                yield from page
                if len(page) < size:
                    return
                after = page[-1].key
                if left is not None:
                    left -= len(page)

        yield snapshot, tickets()


def _service_counts(conn: Connection, today: str) -> list[ServiceCount]:
    counts = store.status_counts(conn, today)
    return [ServiceCount(s, **counts.get(s.code, {})) for s in store.list_services(conn)]


def queue_snapshot(session: Session, *, waiting_limit: int | None = None) -> QueueSnapshot:
    """Today's queue: counts per service and the waiting list in the order counters will call it."""
    now, today = now_and_day(session)
    with session.read() as conn:
        services = _service_counts(conn, today)
        limit = waiting_limit if waiting_limit is not None else -1
        waiting = store.waiting_page(conn, today, None, 0, limit)
        hours = store.hours_for_day(conn, office_date(now))
    return QueueSnapshot(today, services, waiting, hours, time_to_close(now, hours))


@dataclass(frozen=True, slots=True)
class CounterView:
    date: str
    counter: int
    current: Ticket | None
    parked: list[Ticket]
    services: list[ServiceCount]
    served_today: int
    waiting: list[Ticket]
    waiting_total: int
    time_left: timedelta | None
    hours: DayHours
    waiting_before: int = 0
    """How many of this counter's waiting tickets come before the page (the first row is number this + 1)."""
    next_after: PageKey | None = None
    """Where the next page starts (the call-order key of this page's last row); None when this page is the last."""


PageKey = tuple[int, str, int]
"""A place in call order: the keyset key of a waiting ticket (storage.queue.call_order_key)."""


def counter_view(
    session: Session, services: Sequence[str], *, after: PageKey | None = None, limit: int = 50
) -> CounterView:
    """What a counter screen shows. The waiting list is one page, never the whole day: the `limit` tickets that
    come after `after` in call order (from the start when None). Keyset, not OFFSET: a page starts right after
    the ticket the previous page ended with, however many tickets were called or issued ahead of it since."""
    actor = session.actor
    now, today = now_and_day(session)
    codes = list(services)
    with session.read() as conn:
        current = store.current_at_counter(conn, today, actor.counter) if actor.counter else None
        parked = store.parked_at_counter(conn, today, actor.counter) if actor.counter else []
        counts = _service_counts(conn, today)
        served = store.served_count(conn, today, actor.operator_id)
        waiting = store.waiting_after(conn, today, codes, after, limit)
        total = store.count_waiting(conn, today, codes)
        before = store.count_waiting_through(conn, today, codes, after) if after is not None else 0
        hours = store.hours_for_day(conn, office_date(now))
    more = len(waiting) == limit and before + len(waiting) < total
    return CounterView(
        today,
        actor.counter,
        current,
        parked,
        counts,
        served,
        waiting,
        total,
        time_to_close(now, hours),
        hours,
        before,
        store.call_order_key(waiting[-1]) if more else None,
    )


@dataclass(frozen=True, slots=True)
class BoardView:
    date: str
    calls: list[Call]
    services: list[ServiceCount] = field(default_factory=list)


def board_view(session: Session, *, limit: int = 6) -> BoardView:
    _, today = now_and_day(session)
    with session.read() as conn:
        calls = store.recent_calls(conn, today, limit)
        counts = [c for c in _service_counts(conn, today) if c.service.active]
    return BoardView(today, calls, counts)


def find_ticket_today(session: Session, label: str) -> Ticket:
    letter, number = parse_ticket_label(label)
    _, today = now_and_day(session)
    with session.read() as conn:
        ticket = store.find_ticket(conn, today, letter, number)
    if ticket is None:
        raise NotFound(f"Tiket {letter}-{number:03d} tidak ada hari ini.")
    return ticket
