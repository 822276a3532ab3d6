"""The day_closures table and the tickets a close turns into 'closed'."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from counter_tui.domain.day_close import DayClosure, DayState
from counter_tui.domain.queue import Ticket, TicketStatus
from counter_tui.storage import queue as queue_store

_COLUMNS = (
    "service_date, state, closed_at, closed_by, close_audit_id, reopened_at, reopened_by, reopen_reason"
)


def get_closure(conn: sqlite3.Connection, service_date: str) -> DayClosure | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM day_closures WHERE service_date = ?", (service_date,)
    ).fetchone()
    return DayClosure(*row) if row else None


def tickets_in(conn: sqlite3.Connection, service_date: str, statuses: Sequence[TicketStatus]) -> list[Ticket]:
    marks = ",".join("?" * len(statuses))
    rows = conn.execute(
        f"SELECT {queue_store._TICKET_COLUMNS} FROM tickets WHERE service_date = ? AND status IN ({marks})"
        f" ORDER BY {queue_store.CALL_ORDER}",
        (service_date, *(s.value for s in statuses)),
    )
    return [queue_store._ticket(r) for r in rows]


def close_tickets(conn: sqlite3.Connection, tickets: Sequence[Ticket], finished_at: str) -> None:
    conn.executemany(
        "UPDATE tickets SET status = 'closed', close_reason = ?, finished_at = ? WHERE id = ? AND status = ?",
        [(t.status.value, finished_at, t.id, t.status.value) for t in tickets],
    )


def save_closed(
    conn: sqlite3.Connection, service_date: str, closed_at: str, closed_by: str, audit_id: int
) -> None:
    conn.execute(
        "INSERT INTO day_closures (service_date, state, closed_at, closed_by, close_audit_id) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(service_date) DO UPDATE SET state = excluded.state, closed_at = excluded.closed_at,"
        " closed_by = excluded.closed_by, close_audit_id = excluded.close_audit_id",
        (service_date, DayState.CLOSED, closed_at, closed_by, audit_id),
    )


def save_reopened(conn: sqlite3.Connection, service_date: str, at: str, by: str, reason: str) -> None:
    conn.execute(
        "UPDATE day_closures SET state = ?, reopened_at = ?, reopened_by = ?, reopen_reason = ?"
        " WHERE service_date = ?",
        (DayState.REOPENED, at, by, reason, service_date),
    )


def closed_counts(conn: sqlite3.Connection, service_date: str) -> dict[str, int]:
    """{status it had: count} of the day's tickets that close-day closed."""
    return {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT close_reason, count(*) FROM tickets WHERE service_date = ? AND status = 'closed'"
            " GROUP BY close_reason",
            (service_date,),
        )
    }


def latest_day_with_tickets(conn: sqlite3.Connection, before: str) -> str | None:
    row = conn.execute("SELECT max(service_date) FROM tickets WHERE service_date < ?", (before,)).fetchone()
    return row[0] if row else None
