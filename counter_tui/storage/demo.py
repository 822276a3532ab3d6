"""The demo office's marks in its database: the 'demo' setting, and fast writes while it is being built."""

from __future__ import annotations

import sqlite3

from counter_tui.storage.db import Database

DEMO_SETTING = "demo"


def fast_writes(db: Database) -> None:
    """While the demo is built, commits skip fsync: a demo database is thrown away and rebuilt, never trusted."""
    db.conn.execute("PRAGMA synchronous = OFF")


def safe_writes(db: Database) -> None:
    db.conn.execute("PRAGMA synchronous = FULL")


def mark_demo(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = '1'",
        (DEMO_SETTING,),
    )


def is_demo(conn: sqlite3.Connection) -> bool:
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (DEMO_SETTING,)).fetchone()
    except sqlite3.Error:
        return False
    return bool(row and row[0] == "1")
