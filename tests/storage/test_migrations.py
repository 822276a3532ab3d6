"""Migrations: applied in order, recorded with checksums, idempotent, and refused from a newer schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from counter_tui.storage.db import StorageError, open_database
from counter_tui.storage.migrations import (
    apply_migrations,
    known_migrations,
    migration_problems,
    migrations_dir,
    split_statements,
)


def schema(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_migration_files_are_numbered_without_gaps() -> None:
    files = sorted(p.name for p in migrations_dir().glob("*.sql"))
    assert files[:2] == ["0001_foundation.sql", "0002_queue.sql"]
    assert [m.version for m in known_migrations()] == list(range(1, len(files) + 1))


def test_fresh_database_records_every_migration_in_order(db_path: Path) -> None:
    db = open_database(db_path, create=True)
    try:
        rows = db.conn.execute(
            "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"
        )
        recorded = [tuple(r) for r in rows]
    finally:
        db.close()
    expected = [(m.version, m.name, m.checksum) for m in known_migrations()]
    assert [r[:3] for r in recorded] == expected
    assert all(r[3].endswith("Z") for r in recorded)
    tables = {r[1] for r in schema(db_path) if r[0] == "table"}
    assert {
        "office",
        "settings",
        "operators",
        "audit_log",
        "services",
        "opening_hours",
        "special_days",
        "tickets",
        "calls",
        "counters",
        "schema_migrations",
    } <= tables


def test_applying_twice_changes_nothing(ready_db_path: Path) -> None:
    schema_before, data_before = schema(ready_db_path), dump(ready_db_path)
    conn = sqlite3.connect(ready_db_path, isolation_level=None)
    try:
        assert apply_migrations(conn) == []
        assert apply_migrations(conn) == []
    finally:
        conn.close()
    db = open_database(ready_db_path)  # opening migrates again: a no-op
    db.close()
    assert schema(ready_db_path) == schema_before
    assert dump(ready_db_path) == data_before


def test_a_half_migrated_database_gets_the_rest(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    first = known_migrations()[0]
    conn.execute("BEGIN")
    conn.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL,"
        " applied_at TEXT NOT NULL) STRICT"
    )
    for statement in split_statements(first.sql):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO schema_migrations VALUES (?, ?, ?, 'x')", (first.version, first.name, first.checksum)
    )
    conn.execute("COMMIT")
    assert apply_migrations(conn) == [m.version for m in known_migrations()[1:]]
    assert migration_problems(conn) == []
    conn.close()


def test_migration_problems_names_an_edited_migration(ready_db_path: Path) -> None:
    conn = sqlite3.connect(ready_db_path, isolation_level=None)
    try:
        assert migration_problems(conn) == []
        conn.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
        problems = migration_problems(conn)
    finally:
        conn.close()
    assert len(problems) == 1
    assert "0001_foundation" in problems[0]


def test_a_database_from_a_newer_version_is_refused_and_not_changed(ready_db_path: Path) -> None:
    conn = sqlite3.connect(ready_db_path)
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x', '2030-01-01T00:00:00.000000Z')")
    conn.commit()
    conn.close()
    before = dump(ready_db_path)
    with pytest.raises(StorageError, match="lebih baru") as refusal:
        open_database(ready_db_path)
    assert "999" in str(refusal.value)
    assert "tidak diubah" in str(refusal.value)
    assert dump(ready_db_path) == before


def test_split_statements_keeps_trigger_bodies_whole() -> None:
    sql = (
        "-- a comment\nCREATE TABLE t (x INTEGER);\n"
        "CREATE TRIGGER tr BEFORE DELETE ON t\nBEGIN\n    SELECT RAISE(ABORT, 'no; never');\nEND;\n"
        "-- trailing comment\n"
    )
    statements = split_statements(sql)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER")
    assert statements[1].endswith("END;")


def test_split_statements_refuses_an_unfinished_statement() -> None:
    with pytest.raises(ValueError, match="incomplete"):
        split_statements("CREATE TABLE t (x INTEGER)")
