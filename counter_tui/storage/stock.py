"""The blank-stock ledger (append-only; balance_after is the running sum, checked by a trigger)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from counter_tui.domain.stock import MovementKind
from counter_tui.storage.cases import new_uuid


@dataclass(frozen=True, slots=True)
class Movement:
    id: int
    uuid: str
    kind: MovementKind
    quantity: int
    balance_after: int
    reference: str | None
    reason: str | None
    case_id: int | None
    recording_id: int | None
    service_date: str
    at_utc: str
    operator_code: str


_COLUMNS = (
    "id, uuid, kind, quantity, balance_after, reference, reason, case_id, recording_id, service_date, at_utc,"
    " operator_code"
)


def _movement(r: sqlite3.Row | tuple) -> Movement:
    return Movement(r[0], r[1], MovementKind(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11])


def balance(conn: sqlite3.Connection) -> int:
    """The sum of the ledger, read from the last row's running balance (the trigger keeps the two equal)."""
    row = conn.execute("SELECT balance_after FROM stock_movements ORDER BY id DESC LIMIT 1").fetchone()
    return int(row[0]) if row else 0


def ledger_sum(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(sum(quantity), 0) FROM stock_movements").fetchone()[0])


@dataclass(frozen=True, slots=True)
class NewMovement:
    kind: MovementKind
    quantity: int
    balance_after: int
    service_date: str
    at_utc: str
    operator_id: int | None
    operator_code: str
    reference: str | None = None
    reason: str | None = None
    case_id: int | None = None
    recording_id: int | None = None


def insert_movement(conn: sqlite3.Connection, device: str, new: NewMovement) -> int:
    cursor = conn.execute(
        "INSERT INTO stock_movements (uuid, device_id, kind, quantity, balance_after, reference, reason, case_id,"
        " recording_id, service_date, at_utc, operator_id, operator_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new_uuid(),
            device,
            new.kind.value,
            new.quantity,
            new.balance_after,
            new.reference,
            new.reason,
            new.case_id,
            new.recording_id,
            new.service_date,
            new.at_utc,
            new.operator_id,
            new.operator_code,
        ),
    )
    return int(cursor.lastrowid or 0)


def consumed_between(conn: sqlite3.Connection, first_day: str, last_day: str) -> int:
    """Blanks used, misprinted or written off as damaged between two office days (inclusive)."""
    row = conn.execute(
        "SELECT coalesce(-sum(quantity), 0) FROM stock_movements WHERE service_date BETWEEN ? AND ?"
        " AND kind IN ('used', 'misprint', 'damaged')",
        (first_day, last_day),
    ).fetchone()
    return int(row[0])


def movements_on(conn: sqlite3.Connection, service_date: str) -> list[Movement]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM stock_movements WHERE service_date = ? ORDER BY id", (service_date,)
    )
    return [_movement(r) for r in rows]


def recent_movements(conn: sqlite3.Connection, limit: int = 50) -> list[Movement]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM stock_movements ORDER BY id DESC LIMIT ?", (limit,))
    return [_movement(r) for r in rows]


def get_movement(conn: sqlite3.Connection, movement_id: int) -> Movement | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM stock_movements WHERE id = ?", (movement_id,)).fetchone()
    return _movement(row) if row else None


def last_print_movement(conn: sqlite3.Connection, case_id: int) -> Movement | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM stock_movements WHERE case_id = ? AND kind IN ('used', 'misprint')"
        " ORDER BY id DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    return _movement(row) if row else None
