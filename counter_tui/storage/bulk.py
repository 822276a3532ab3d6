"""Bulk inserts with sqlite-utils, inside the caller's own transaction: data builders (the benchmarks' history of
a million tickets, test fixtures with many rows) and, later, the demo office and imports.

sqlite-utils' `insert_all` wraps each call in `Database.atomic()`, which, when the connection is already in a
transaction, is a SAVEPOINT (sqlite-utils 4.2, `Database.atomic`): it never commits or ends our BEGIN IMMEDIATE,
and a failing batch rolls back to its savepoint and re-raises, so the caller's transaction rolls back whole.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import sqlite_utils

from counter_tui.storage.connection import Connection

DEFAULT_BATCH = 500


def insert_rows(
    conn: Connection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    batch_size: int = DEFAULT_BATCH,
) -> None:
    """Insert every row (values in the order of `columns`) into an existing table, in the open write transaction.

    The table's schema is never changed (no new columns, no new table): an unknown column fails."""
    if not conn.in_transaction:
        raise RuntimeError("insert_rows must run inside the caller's write transaction (BEGIN IMMEDIATE)")
    # No plugins and no PRAGMA recursive_triggers: the connection keeps exactly the settings open_database gave it.
    database = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    if not database[table].exists():
        raise ValueError(f"no such table: {table}")
    # sqlite-utils' list mode: the first item names the columns, the rest are plain tuples (no dict per row).
    records = itertools.chain([tuple(columns)], rows)
    database.table(table).insert_all(records, batch_size=batch_size, alter=False)
