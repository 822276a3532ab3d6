"""Operator accounts. Hashes never leave this module except for PIN verification."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from counter_tui.domain.accounts import Operator, Role

_COLUMNS = "id, code, full_name, role, active, locked, failed_attempts"


def _operator(row: sqlite3.Row) -> Operator:
    return Operator(
        id=row["id"],
        code=row["code"],
        full_name=row["full_name"],
        role=Role(row["role"]),
        active=bool(row["active"]),
        locked=bool(row["locked"]),
        failed_attempts=row["failed_attempts"],
    )


@dataclass(frozen=True, slots=True)
class Credentials:
    operator: Operator
    salt: bytes
    pin_hash: bytes


def list_operators(conn: sqlite3.Connection) -> list[Operator]:
    return [_operator(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM operators ORDER BY code")]


def get_by_code(conn: sqlite3.Connection, code: str) -> Operator | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM operators WHERE code = ?", (code,)).fetchone()
    return _operator(row) if row else None


def get_by_id(conn: sqlite3.Connection, operator_id: int) -> Operator | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM operators WHERE id = ?", (operator_id,)).fetchone()
    return _operator(row) if row else None


def credentials(conn: sqlite3.Connection, code: str) -> Credentials | None:
    row = conn.execute(
        f"SELECT {_COLUMNS}, pin_salt, pin_hash FROM operators WHERE code = ?", (code,)
    ).fetchone()
    return Credentials(_operator(row), bytes(row["pin_salt"]), bytes(row["pin_hash"])) if row else None


def count_supervisors(conn: sqlite3.Connection, *, active_only: bool = True) -> int:
    sql = "SELECT count(*) FROM operators WHERE role = 'supervisor'" + (
        " AND active = 1" if active_only else ""
    )
    return int(conn.execute(sql).fetchone()[0])


def insert(
    conn: sqlite3.Connection, code: str, full_name: str, role: Role, salt: bytes, pin_hash: bytes, now: str
) -> int:
    cursor = conn.execute(
        "INSERT INTO operators (code, full_name, role, pin_salt, pin_hash, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (code, full_name, role.value, salt, pin_hash, now, now),
    )
    return int(cursor.lastrowid or 0)


def set_failed(
    conn: sqlite3.Connection, operator_id: int, failed_attempts: int, locked: bool, now: str
) -> None:
    conn.execute(
        "UPDATE operators SET failed_attempts = ?, locked = ?, updated_at = ? WHERE id = ?",
        (failed_attempts, int(locked), now, operator_id),
    )


def set_active(conn: sqlite3.Connection, operator_id: int, active: bool, now: str) -> None:
    conn.execute(
        "UPDATE operators SET active = ?, updated_at = ? WHERE id = ?", (int(active), now, operator_id)
    )


def set_pin(conn: sqlite3.Connection, operator_id: int, salt: bytes, pin_hash: bytes, now: str) -> None:
    """A new PIN also clears the wrong-PIN counts, the delays and the lock."""
    conn.execute(
        "UPDATE operators SET pin_salt = ?, pin_hash = ?, failed_attempts = 0, locked = 0, delay_until = NULL,"
        " override_failed_attempts = 0, override_delay_until = NULL, updated_at = ? WHERE id = ?",
        (salt, pin_hash, now, operator_id),
    )


@dataclass(frozen=True, slots=True)
class AttemptState:
    """Wrong-PIN counts and delays: logins (which may lock) and supervisor overrides (which only delay)."""

    failed_attempts: int
    delay_until: str | None
    override_failed_attempts: int
    override_delay_until: str | None


def attempt_state(conn: sqlite3.Connection, operator_id: int) -> AttemptState:
    row = conn.execute(
        "SELECT failed_attempts, delay_until, override_failed_attempts, override_delay_until FROM operators"
        " WHERE id = ?",
        (operator_id,),
    ).fetchone()
    return AttemptState(int(row[0]), row[1], int(row[2]), row[3])


def record_failed_login(
    conn: sqlite3.Connection,
    operator_id: int,
    failed_attempts: int,
    locked: bool,
    delay_until: str | None,
    now: str,
) -> None:
    conn.execute(
        "UPDATE operators SET failed_attempts = ?, locked = max(locked, ?), delay_until = ?, updated_at = ?"
        " WHERE id = ?",
        (failed_attempts, int(locked), delay_until, now, operator_id),
    )


def record_failed_override(
    conn: sqlite3.Connection, operator_id: int, failed_attempts: int, delay_until: str | None, now: str
) -> None:
    conn.execute(
        "UPDATE operators SET override_failed_attempts = ?, override_delay_until = ?, updated_at = ? WHERE id = ?",
        (failed_attempts, delay_until, now, operator_id),
    )


def clear_failed(conn: sqlite3.Connection, operator_id: int, now: str, *, override: bool) -> None:
    """A right PIN clears the count and the delay of its kind (a login never clears the override count)."""
    if override:
        conn.execute(
            "UPDATE operators SET override_failed_attempts = 0, override_delay_until = NULL, updated_at = ?"
            " WHERE id = ?",
            (now, operator_id),
        )
    else:
        conn.execute(
            "UPDATE operators SET failed_attempts = 0, delay_until = NULL, updated_at = ? WHERE id = ?",
            (now, operator_id),
        )


def clear_all_attempts(conn: sqlite3.Connection, operator_id: int, now: str) -> None:
    """A supervisor's unlock (or the recovery command): counts, delays and the lock are all lifted."""
    conn.execute(
        "UPDATE operators SET failed_attempts = 0, locked = 0, delay_until = NULL, override_failed_attempts = 0,"
        " override_delay_until = NULL, updated_at = ? WHERE id = ?",
        (now, operator_id),
    )
