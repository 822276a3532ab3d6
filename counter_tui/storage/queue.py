"""Queue tables: services, hours, tickets, calls and counters."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from counter_tui.domain.clock import from_utc_text, from_utc_text_or_none, to_utc_text
from counter_tui.domain.hours import DEFAULT_SPECIAL_DAYS, DEFAULT_WEEKLY_HOURS, DayHours, hours_on
from counter_tui.domain.queue import (
    DEFAULT_SERVICES,
    Call,
    Outcome,
    Priority,
    Service,
    Ticket,
    TicketStatus,
    ticket_label,
)

_TICKET_COLUMNS = (
    "id, service_date, service_code, origin_service, number, priority, status, queued_at, issued_at, called_at,"
    " served_at, finished_at, counter, operator_id, call_count, requeued, outcome, nik_masked"
)

# Mirrors domain.queue.call_order_key: priority first, then the oldest place in time.
CALL_ORDER = "(priority IS NULL), queued_at, id"


def _ticket(row: sqlite3.Row | tuple) -> Ticket:
    return Ticket(
        id=row[0],
        service_date=row[1],
        service_code=row[2],
        origin_service=row[3],
        number=row[4],
        priority=Priority(row[5]) if row[5] else None,
        status=TicketStatus(row[6]),
        queued_at=from_utc_text(row[7]),
        issued_at=from_utc_text(row[8]),
        called_at=from_utc_text_or_none(row[9]),
        served_at=from_utc_text_or_none(row[10]),
        finished_at=from_utc_text_or_none(row[11]),
        counter=row[12],
        operator_id=row[13],
        call_count=row[14],
        requeued=bool(row[15]),
        outcome=Outcome(row[16]) if row[16] else None,
        nik_masked=row[17],
    )


def _placeholders(items: Sequence[object]) -> str:
    return ",".join("?" * len(items))


# -- services and hours ----------------------------------------------------------------------------
def seed_defaults(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO services (code, name, active, daily_quota, sort_order) VALUES (?, ?, ?, ?, ?)",
        [(s.code, s.name, int(s.active), s.daily_quota, s.sort_order) for s in DEFAULT_SERVICES],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO opening_hours (weekday, opens, closes) VALUES (?, ?, ?)",
        [(day, h.opens, h.closes) for day, h in DEFAULT_WEEKLY_HOURS.items()],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO special_days (day, opens, closes, reason) VALUES (?, ?, ?, ?)",
        [(d.isoformat(), h.opens, h.closes, h.reason) for d, h in DEFAULT_SPECIAL_DAYS.items()],
    )


def list_services(conn: sqlite3.Connection, *, active_only: bool = False) -> list[Service]:
    sql = "SELECT code, name, active, daily_quota, sort_order FROM services"
    if active_only:
        sql += " WHERE active = 1"
    return [
        Service(r[0], r[1], bool(r[2]), r[3], r[4]) for r in conn.execute(sql + " ORDER BY sort_order, code")
    ]


def get_service(conn: sqlite3.Connection, code: str) -> Service | None:
    r = conn.execute(
        "SELECT code, name, active, daily_quota, sort_order FROM services WHERE code = ?", (code,)
    ).fetchone()
    return Service(r[0], r[1], bool(r[2]), r[3], r[4]) if r else None


def save_service(conn: sqlite3.Connection, service: Service) -> None:
    conn.execute(
        "INSERT INTO services (code, name, active, daily_quota, sort_order) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(code) DO UPDATE SET name = excluded.name, active = excluded.active,"
        " daily_quota = excluded.daily_quota, sort_order = excluded.sort_order",
        (service.code, service.name, int(service.active), service.daily_quota, service.sort_order),
    )


def weekly_hours(conn: sqlite3.Connection) -> dict[int, DayHours]:
    return {
        r[0]: DayHours(r[1], r[2]) for r in conn.execute("SELECT weekday, opens, closes FROM opening_hours")
    }


def special_days(conn: sqlite3.Connection) -> dict[date, DayHours]:
    return {
        date.fromisoformat(r[0]): DayHours(r[1], r[2], r[3])
        for r in conn.execute("SELECT day, opens, closes, reason FROM special_days ORDER BY day")
    }


def hours_for_day(conn: sqlite3.Connection, day: date) -> DayHours:
    """The hours of one day. Reads only that day's two rows; which one wins is `domain.hours.hours_on`."""
    special = {
        date.fromisoformat(r[0]): DayHours(r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT day, opens, closes, reason FROM special_days WHERE day = ?", (day.isoformat(),)
        )
    }
    weekly = {
        r[0]: DayHours(r[1], r[2])
        for r in conn.execute(
            "SELECT weekday, opens, closes FROM opening_hours WHERE weekday = ?", (day.weekday(),)
        )
    }
    return hours_on(day, weekly, special)


def set_weekday_hours(conn: sqlite3.Connection, weekday: int, hours: DayHours) -> None:
    conn.execute(
        "INSERT INTO opening_hours (weekday, opens, closes) VALUES (?, ?, ?)"
        " ON CONFLICT(weekday) DO UPDATE SET opens = excluded.opens, closes = excluded.closes",
        (weekday, hours.opens, hours.closes),
    )


def set_special_day(conn: sqlite3.Connection, day: date, hours: DayHours) -> None:
    conn.execute(
        "INSERT INTO special_days (day, opens, closes, reason) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(day) DO UPDATE SET opens = excluded.opens, closes = excluded.closes, reason = excluded.reason",
        (day.isoformat(), hours.opens, hours.closes, hours.reason),
    )


def delete_special_day(conn: sqlite3.Connection, day: date) -> int:
    return conn.execute("DELETE FROM special_days WHERE day = ?", (day.isoformat(),)).rowcount


# -- tickets ---------------------------------------------------------------------------------------
def next_number(conn: sqlite3.Connection, service_date: str, letter: str) -> int:
    row = conn.execute(
        "SELECT coalesce(max(number), 0) + 1 FROM tickets WHERE service_date = ? AND origin_service = ?",
        (service_date, letter),
    ).fetchone()
    return int(row[0])


def count_issued(conn: sqlite3.Connection, service_date: str, letter: str) -> int:
    """Tickets issued today for a letter. Numbers run 1..n without gaps (each is taken under BEGIN IMMEDIATE and
    tickets are never deleted), so this is the highest number: one lookup in the UNIQUE index, not a count of
    the day's rows."""
    row = conn.execute(
        "SELECT coalesce(max(number), 0) FROM tickets WHERE service_date = ? AND origin_service = ?",
        (service_date, letter),
    ).fetchone()
    return int(row[0])


def has_waiting_nik(conn: sqlite3.Connection, service_date: str, service_code: str, key: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM tickets WHERE service_date = ? AND nik_key = ? AND service_code = ?"
        " AND status IN ('waiting', 'called', 'serving', 'parked') LIMIT 1",
        (service_date, key, service_code),
    ).fetchone()
    return row is not None


@dataclass(frozen=True, slots=True)
class NewTicket:
    service_date: str
    letter: str
    number: int
    priority: Priority | None
    nik_key: str | None
    nik_masked: str | None
    issued_at: datetime
    issued_by: str


def insert_ticket(conn: sqlite3.Connection, new: NewTicket) -> int:
    cursor = conn.execute(
        "INSERT INTO tickets (service_date, origin_service, number, service_code, priority, nik_key, nik_masked,"
        " status, issued_at, queued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?)",
        (
            new.service_date,
            new.letter,
            new.number,
            new.letter,
            new.priority.value if new.priority else None,
            new.nik_key,
            new.nik_masked,
            to_utc_text(new.issued_at),
            to_utc_text(new.issued_at),
            new.issued_by,
        ),
    )
    return int(cursor.lastrowid or 0)


def get_ticket(conn: sqlite3.Connection, ticket_id: int) -> Ticket | None:
    row = conn.execute(f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    return _ticket(row) if row else None


def find_ticket(conn: sqlite3.Connection, service_date: str, letter: str, number: int) -> Ticket | None:
    row = conn.execute(
        f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE service_date = ? AND origin_service = ? AND number = ?",
        (service_date, letter, number),
    ).fetchone()
    return _ticket(row) if row else None


def next_waiting(conn: sqlite3.Connection, service_date: str, services: Sequence[str]) -> Ticket | None:
    if not services:
        return None
    row = conn.execute(
        f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE service_date = ? AND status = 'waiting'"
        f" AND service_code IN ({_placeholders(services)}) ORDER BY {CALL_ORDER} LIMIT 1",
        (service_date, *services),
    ).fetchone()
    return _ticket(row) if row else None


def waiting_page(
    conn: sqlite3.Connection, service_date: str, services: Sequence[str] | None, offset: int, limit: int
) -> list[Ticket]:
    where, args = _waiting_filter(service_date, services)
    rows = conn.execute(
        f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE {where} ORDER BY {CALL_ORDER} LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )
    return [_ticket(r) for r in rows]


def count_waiting(conn: sqlite3.Connection, service_date: str, services: Sequence[str] | None) -> int:
    """From ticket_counts (kept by triggers), not a count of the waiting rows."""
    if services is not None and not services:
        return 0
    sql = "SELECT coalesce(sum(n), 0) FROM ticket_counts WHERE service_date = ? AND status = 'waiting'"
    args: tuple = (service_date,)
    if services is not None:
        sql += f" AND service_code IN ({_placeholders(services)})"
        args = (service_date, *services)
    return int(conn.execute(sql, args).fetchone()[0])


def _waiting_after_rows(
    conn: sqlite3.Connection,
    service_date: str,
    services: Sequence[str] | None,
    after: tuple[int, str, int] | None,
    limit: int,
    columns: str = _TICKET_COLUMNS,
) -> list:
    """Keyset pagination: the next `limit` waiting tickets in call order after the key
    ((priority IS NULL), queued_at text, id) of the last one seen (None = from the start).

    Two index ranges of tickets_call_order: the rest of the key's own group (priority tickets, or the others)
    from its queued_at on, then, after a priority ticket, the non-priority group from its start. The cost does
    not grow with how far down the list the page is (a row-value comparison would scan from the top)."""
    where, args = _waiting_filter(service_date, services)
    sql = f"SELECT {columns} FROM tickets INDEXED BY tickets_call_order WHERE {where}"
    if after is None:
        return conn.execute(f"{sql} ORDER BY {CALL_ORDER} LIMIT ?", (*args, limit)).fetchall()
    kind, queued, last_id = after
    rows = list(
        conn.execute(
            f"{sql} AND (priority IS NULL) = ? AND queued_at >= ? AND (queued_at > ? OR id > ?)"
            f" ORDER BY {CALL_ORDER} LIMIT ?",
            (*args, kind, queued, queued, last_id, limit),
        )
    )
    if kind == 0 and len(rows) < limit:
        rows += conn.execute(
            f"{sql} AND (priority IS NULL) = 1 ORDER BY {CALL_ORDER} LIMIT ?",
            (*args, limit - len(rows)),
        ).fetchall()
    return rows


def waiting_after(
    conn: sqlite3.Connection,
    service_date: str,
    services: Sequence[str] | None,
    after: tuple[int, str, int] | None,
    limit: int,
) -> list[Ticket]:
    return [_ticket(r) for r in _waiting_after_rows(conn, service_date, services, after, limit)]


@dataclass(frozen=True, slots=True)
class WaitingLine:
    """The columns `queue --json` prints, straight from the row: no Ticket, no datetime parsing."""

    label: str
    service_code: str
    priority: str | None
    issued_at: str  # UTC text as stored
    key: tuple[int, str, int]


def waiting_lines_after(
    conn: sqlite3.Connection,
    service_date: str,
    after: tuple[int, str, int] | None,
    limit: int,
) -> list[WaitingLine]:
    rows = _waiting_after_rows(
        conn,
        service_date,
        None,
        after,
        limit,
        columns="origin_service, number, service_code, priority, issued_at, queued_at, id",
    )
    return [
        WaitingLine(ticket_label(o, n), code, prio, issued, (0 if prio else 1, queued, i))
        for o, n, code, prio, issued, queued, i in rows
    ]


def count_waiting_through(
    conn: sqlite3.Connection, service_date: str, services: Sequence[str] | None, key: tuple[int, str, int]
) -> int:
    """How many waiting tickets come at or before `key` in call order (whether or not the key's own ticket still
    waits): the number of the rows before a keyset page that starts after `key`. Index range counts of
    tickets_call_order, as in _waiting_after_rows."""
    if services is not None and not services:
        return 0
    where, args = _waiting_filter(service_date, services)
    sql = f"SELECT count(*) FROM tickets INDEXED BY tickets_call_order WHERE {where}"
    kind, queued, last_id = key
    count = conn.execute(
        f"{sql} AND (priority IS NULL) = ? AND queued_at <= ? AND (queued_at < ? OR id <= ?)",
        (*args, kind, queued, queued, last_id),
    ).fetchone()[0]
    if kind == 1:  # every priority ticket comes first
        count += conn.execute(f"{sql} AND (priority IS NULL) = 0", args).fetchone()[0]
    return int(count)


def call_order_key(ticket: Ticket) -> tuple[int, str, int]:
    """The keyset key of a ticket for waiting_after."""
    return (0 if ticket.priority else 1, to_utc_text(ticket.queued_at), ticket.id)


def _waiting_filter(service_date: str, services: Sequence[str] | None) -> tuple[str, tuple]:
    if services is None:
        return "service_date = ? AND status = 'waiting'", (service_date,)
    if not services:
        return "0", ()
    return (
        f"service_date = ? AND status = 'waiting' AND service_code IN ({_placeholders(services)})",
        (service_date, *services),
    )


def position_of(conn: sqlite3.Connection, ticket: Ticket) -> int:
    """1-based place of a waiting ticket among its service's waiting tickets, in call order.

    The priority tickets of its service come first (few: an index range count). A ticket that is the last of
    its kind, as a just-issued one always is (one EXISTS probe), is placed from the kept counts; any other is
    counted by an index range of its own kind queued before it."""
    kind = 0 if ticket.priority else 1
    queued = to_utc_text(ticket.queued_at)
    base = (
        "SELECT {what} FROM tickets INDEXED BY tickets_queue WHERE service_date = ? AND status = 'waiting'"
        " AND service_code = ? AND (priority IS NULL) = ?"
    )
    key = (ticket.service_date, ticket.service_code)
    priority_waiting = int(conn.execute(base.format(what="count(*)"), (*key, 0)).fetchone()[0])
    later = conn.execute(
        base.format(what="1") + " AND queued_at >= ? AND (queued_at > ? OR id > ?) LIMIT 1",
        (*key, kind, queued, queued, ticket.id),
    ).fetchone()
    if later is None:
        if kind == 0:
            return priority_waiting
        return count_waiting(conn, ticket.service_date, [ticket.service_code])
    earlier = conn.execute(
        base.format(what="count(*)") + " AND queued_at <= ? AND (queued_at < ? OR id < ?)",
        (*key, kind, queued, queued, ticket.id),
    ).fetchone()[0]
    return (priority_waiting if kind == 1 else 0) + int(earlier) + 1


def current_at_counter(conn: sqlite3.Connection, service_date: str, counter: int) -> Ticket | None:
    row = conn.execute(
        f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE service_date = ? AND counter = ?"
        " AND status IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1",
        (service_date, counter),
    ).fetchone()
    return _ticket(row) if row else None


def parked_at_counter(conn: sqlite3.Connection, service_date: str, counter: int) -> list[Ticket]:
    rows = conn.execute(
        f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE service_date = ? AND counter = ? AND status = 'parked'"
        " ORDER BY called_at",
        (service_date, counter),
    )
    return [_ticket(r) for r in rows]


_UPDATABLE = frozenset(
    {
        "status",
        "service_code",
        "queued_at",
        "called_at",
        "served_at",
        "finished_at",
        "counter",
        "operator_id",
        "call_count",
        "requeued",
        "outcome",
    }
)


def update_ticket(conn: sqlite3.Connection, ticket_id: int, **fields: object) -> None:
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    # Times may come as UTC-aware datetimes (a ticket's own fields) or as UTC text: stored as UTC text.
    values = [to_utc_text(v) if isinstance(v, datetime) else v for v in fields.values()]
    conn.execute(f"UPDATE tickets SET {assignments} WHERE id = ?", (*values, ticket_id))


def insert_call(conn: sqlite3.Connection, ticket: Ticket, counter: int, at_utc: str) -> None:
    conn.execute(
        "INSERT INTO calls (ticket_id, label, counter, at_utc, service_date) VALUES (?, ?, ?, ?, ?)",
        (ticket.id, ticket.label, counter, at_utc, ticket.service_date),
    )


def recent_calls(conn: sqlite3.Connection, service_date: str, limit: int) -> list[Call]:
    """The day's latest calls, newest first. A call whose ticket was then marked no-show or cancelled is left
    out: the board must not keep showing it as the one being served."""
    rows = conn.execute(
        "SELECT c.id, c.label, c.counter, c.at_utc FROM calls c JOIN tickets t ON t.id = c.ticket_id"
        " WHERE c.service_date = ? AND t.status NOT IN ('no_show', 'closed') ORDER BY c.id DESC LIMIT ?",
        (service_date, limit),
    )
    return [Call(r[0], r[1], r[2], from_utc_text(r[3])) for r in rows]


def no_shows(conn: sqlite3.Connection, service_date: str) -> list[Ticket]:
    """Today's no-shows that may still go back in the queue (once), the latest first."""
    rows = conn.execute(
        f"SELECT {_TICKET_COLUMNS} FROM tickets WHERE service_date = ? AND status = 'no_show' AND requeued = 0"
        " ORDER BY finished_at DESC, id DESC",
        (service_date,),
    )
    return [_ticket(r) for r in rows]


def issued_by(conn: sqlite3.Connection, ticket_id: int) -> str | None:
    row = conn.execute("SELECT issued_by FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    return row[0] if row else None


def status_counts(conn: sqlite3.Connection, service_date: str) -> dict[str, dict[str, int]]:
    """{service_code: {status: count}} for the day, by the service each ticket is in now. Read from
    ticket_counts, which triggers keep (migration 0004_queue_indexes): a handful of rows whatever the day's size."""
    counts: dict[str, dict[str, int]] = {}
    for code, status, n in conn.execute(
        "SELECT service_code, status, n FROM ticket_counts WHERE service_date = ? AND n > 0",
        (service_date,),
    ):
        counts.setdefault(code, {})[status] = n
    return counts


def avg_service_minutes(conn: sqlite3.Connection, service_date: str, service_code: str) -> float | None:
    """The day's average time from the start of service (domain.queue.service_started_at, stored as served_at
    when a ticket is finished) to finish, for finished tickets of this service."""
    row = conn.execute(
        "SELECT avg((julianday(finished_at) - julianday(served_at)) * 1440.0)"
        " FROM tickets WHERE service_date = ? AND service_code = ? AND status = 'done'",
        (service_date, service_code),
    ).fetchone()
    return float(row[0]) if row and row[0] is not None else None


def served_count(conn: sqlite3.Connection, service_date: str, operator_id: int | None) -> int:
    row = conn.execute(
        "SELECT count(*) FROM tickets WHERE service_date = ? AND operator_id IS ? AND status = 'done'",
        (service_date, operator_id),
    ).fetchone()
    return int(row[0])


def save_counter(
    conn: sqlite3.Connection, counter: int, services: Iterable[str], operator_id: int | None, now: str
) -> None:
    conn.execute(
        "INSERT INTO counters (counter, services, operator_id, last_seen) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(counter) DO UPDATE SET services = excluded.services, operator_id = excluded.operator_id,"
        " last_seen = excluded.last_seen",
        (counter, "".join(sorted(set(services))), operator_id, now),
    )


def touch_counter(conn: sqlite3.Connection, counter: int, now: str) -> None:
    conn.execute("UPDATE counters SET last_seen = ? WHERE counter = ?", (now, counter))


def counter_services(conn: sqlite3.Connection, counter: int) -> str | None:
    row = conn.execute("SELECT services FROM counters WHERE counter = ?", (counter,)).fetchone()
    return row[0] if row else None


def counters_serving(conn: sqlite3.Connection, service_code: str, seen_since: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM counters WHERE instr(services, ?) > 0 AND last_seen >= ?",
        (service_code, seen_since),
    ).fetchone()
    return int(row[0])


def newest_recorded_time(conn: sqlite3.Connection) -> str | None:
    """The time of the newest ticket or audit row (UTC text), whichever is later: what a clock set back is
    compared with. Both are the last rows by id, so this costs two index lookups."""
    row = conn.execute(
        "SELECT max(t) FROM (SELECT (SELECT issued_at FROM tickets ORDER BY id DESC LIMIT 1) AS t"
        " UNION ALL SELECT (SELECT at_utc FROM audit_log ORDER BY id DESC LIMIT 1))"
    ).fetchone()
    return row[0] if row and row[0] else None
