"""The office row and key/value settings."""

from __future__ import annotations

import sqlite3

from counter_tui.domain.office import Office


def get_office(conn: sqlite3.Connection) -> Office | None:
    row = conn.execute("SELECT name, region_code, region_name FROM office WHERE id = 1").fetchone()
    return Office(row[0], row[1], row[2]) if row else None


def insert_office(conn: sqlite3.Connection, office: Office, created_at: str) -> None:
    conn.execute(
        "INSERT INTO office (id, name, region_code, region_name, created_at) VALUES (1, ?, ?, ?, ?)",
        (office.name, office.region_code, office.region_name, created_at),
    )


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names}


def integrity_errors(conn: sqlite3.Connection) -> list[str]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    problems = [] if rows == ["ok"] else rows
    problems += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")]
    return problems


def backup_to(conn: sqlite3.Connection, dest: str) -> None:
    target = sqlite3.connect(dest)
    try:
        conn.backup(target)
    finally:
        target.close()


def inspect_copy(path: str) -> tuple[list[str], dict[str, int]]:
    """Open a backup copy on its own connection: its integrity problems and its row counts."""
    copy = sqlite3.connect(path)
    try:
        return integrity_errors(copy), table_counts(copy)
    finally:
        copy.close()
