"""Counter leases (table counter_leases): who holds which counter, until when."""

from __future__ import annotations

import sqlite3

from counter_tui.domain.clock import from_utc_text, to_utc_text
from counter_tui.domain.leases import Lease

_SELECT = (
    "SELECT l.counter, l.operator_id, o.code, o.full_name, l.session_id, l.taken_at, l.expires_at"
    " FROM counter_leases l JOIN operators o ON o.id = l.operator_id"
)


def _lease(row: sqlite3.Row | tuple | None) -> Lease | None:
    if row is None:
        return None
    return Lease(
        int(row[0]), int(row[1]), row[2], row[3], row[4], from_utc_text(row[5]), from_utc_text(row[6])
    )


def lease_of_counter(conn: sqlite3.Connection, counter: int) -> Lease | None:
    return _lease(conn.execute(f"{_SELECT} WHERE l.counter = ?", (counter,)).fetchone())


def lease_of_operator(conn: sqlite3.Connection, operator_id: int) -> Lease | None:
    return _lease(conn.execute(f"{_SELECT} WHERE l.operator_id = ?", (operator_id,)).fetchone())


def take(
    conn: sqlite3.Connection, counter: int, operator_id: int, session_id: str, taken_at, expires_at
) -> None:
    """The counter's lease for this session; any other lease of the counter or of the operator ends."""
    conn.execute("DELETE FROM counter_leases WHERE counter = ? OR operator_id = ?", (counter, operator_id))
    conn.execute(
        "INSERT INTO counter_leases (counter, operator_id, session_id, taken_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        (counter, operator_id, session_id, to_utc_text(taken_at), to_utc_text(expires_at)),
    )


def renew(conn: sqlite3.Connection, counter: int, session_id: str, expires_at) -> bool:
    cursor = conn.execute(
        "UPDATE counter_leases SET expires_at = ? WHERE counter = ? AND session_id = ?",
        (to_utc_text(expires_at), counter, session_id),
    )
    return cursor.rowcount == 1


def release(conn: sqlite3.Connection, counter: int, session_id: str) -> bool:
    cursor = conn.execute(
        "DELETE FROM counter_leases WHERE counter = ? AND session_id = ?", (counter, session_id)
    )
    return cursor.rowcount == 1


def remove(conn: sqlite3.Connection, counter: int) -> bool:
    return conn.execute("DELETE FROM counter_leases WHERE counter = ?", (counter,)).rowcount == 1
