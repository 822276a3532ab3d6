"""Bulk inserts with sqlite-utils inside our own BEGIN IMMEDIATE: its atomic() is a SAVEPOINT there, so it never
commits our transaction, and a failure rolls the whole transaction back."""

from __future__ import annotations

import pytest

from counter_tui.storage.bulk import insert_rows
from counter_tui.storage.errors import StorageError

COLUMNS = (
    "service_date",
    "origin_service",
    "number",
    "service_code",
    "status",
    "issued_at",
    "queued_at",
    "issued_by",
)


def ticket_rows(count: int, *, bad_at: int | None = None):
    for n in range(1, count + 1):
        status = "nonsense" if n == bad_at else "waiting"  # the CHECK constraint refuses an unknown status
        at = f"2026-11-30T01:{n // 60 % 60:02d}:{n % 60:02d}.000000Z"
        yield ("2026-11-30", "A", n, "A", status, at, at, "test")


def ticket_count(db) -> int:
    return db.conn.execute("SELECT count(*) FROM tickets").fetchone()[0]


def test_rows_land_inside_the_open_transaction_and_commit_with_it(db) -> None:
    with db.transaction() as conn:
        insert_rows(conn, "tickets", COLUMNS, ticket_rows(1234), batch_size=100)
        assert conn.in_transaction  # sqlite-utils did not commit or end our transaction
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1234
    assert ticket_count(db) == 1234
    numbers = [r[0] for r in db.conn.execute("SELECT number FROM tickets ORDER BY id")]
    assert numbers == list(range(1, 1235))


def test_a_failure_after_the_bulk_insert_rolls_it_back(db) -> None:
    def fill_then_fail() -> None:
        with db.transaction() as conn:
            insert_rows(conn, "tickets", COLUMNS, ticket_rows(300))
            raise RuntimeError("a later step fails")

    with pytest.raises(RuntimeError, match="later"):
        fill_then_fail()
    assert ticket_count(db) == 0


def test_a_bad_row_in_a_later_batch_leaves_nothing(db) -> None:
    with pytest.raises(StorageError), db.transaction() as conn:  # the CHECK failure, as a sentence
        insert_rows(conn, "tickets", COLUMNS, ticket_rows(450, bad_at=420), batch_size=100)
    assert ticket_count(db) == 0


def test_it_refuses_to_run_outside_a_transaction_and_never_changes_the_schema(db) -> None:
    with pytest.raises(RuntimeError, match="inside"):
        insert_rows(db.conn, "tickets", COLUMNS, ticket_rows(1))
    schema = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'tickets'").fetchone()[0]
    with pytest.raises(StorageError), db.transaction() as conn:
        insert_rows(conn, "tickets", (*COLUMNS[:-1], "no_such_column"), ticket_rows(1))
    assert db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'tickets'").fetchone()[0] == schema
    assert ticket_count(db) == 0
    assert db.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 0
