"""Schema migrations: `db/migrations/NNNN_name.sql`, applied in order and recorded with a checksum.

The files live at the top of the checkout and ship inside the wheel as `counter_tui/_migrations`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from counter_tui.domain.clock import to_utc_text
from counter_tui.storage.errors import StorageError

_NAME_RE = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")

_TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


@cache
def migrations_dir() -> Path:
    """The installed package's copy first; a source checkout's db/migrations otherwise. (A plain path beside the
    package, not importlib.resources: that import alone cost every CLI command several milliseconds.)"""
    packaged = Path(__file__).resolve().parents[1] / "_migrations"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "db" / "migrations"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("schema migrations not found (counter_tui/_migrations or db/migrations)")


@cache
def known_names() -> tuple[str, ...]:
    """The migration file names, without reading them."""
    return tuple(sorted(name for name in os.listdir(migrations_dir()) if _NAME_RE.fullmatch(name)))


def schema_fingerprint() -> int:
    """One number for "this database has exactly this app's migrations": a CRC of the migration file names,
    kept in PRAGMA user_version. Opening a database compares it instead of reading and checking every migration
    (`check` still verifies each one's checksum)."""
    return zlib.crc32(",".join(known_names()).encode("utf-8")) & 0x7FFFFFFF or 1


def is_current(conn: sqlite3.Connection) -> bool:
    """The fingerprint matches and the newest applied version is our newest (a primary-key lookup): a row a
    newer app added is still noticed."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != schema_fingerprint():
        return False
    newest = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    return newest == len(known_names())


def mark_current(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA user_version = {schema_fingerprint():d}")


@cache
def known_migrations() -> tuple[Migration, ...]:
    found = []
    for path in sorted(migrations_dir().iterdir()):
        match = _NAME_RE.fullmatch(path.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration versions must run 1..n without gaps, found {versions}")
    return tuple(found)


def split_statements(sql: str) -> list[str]:
    """Split a script into statements; sqlite3.complete_statement understands trigger bodies."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise ValueError("incomplete SQL statement at the end of a migration")
    return statements


def applied_versions(conn: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if not exists:
        return {}
    return {
        row[0]: (row[1], row[2])
        for row in conn.execute("SELECT version, name, checksum FROM schema_migrations")
    }


def check_not_newer(conn: sqlite3.Connection) -> None:
    applied = applied_versions(conn)
    newest_known = len(known_migrations())
    if applied and max(applied) > newest_known:
        raise StorageError(
            f"Basis data ini dibuat oleh versi counter_tui yang lebih baru (skema {max(applied)}, "
            f"versi ini mengenal sampai {newest_known}). Perbarui aplikasi; basis data tidak diubah."
        )


def apply_migrations(conn: sqlite3.Connection) -> list[int]:
    """Apply the missing migrations, each in its own BEGIN IMMEDIATE transaction. Returns what was applied."""
    done: list[int] = []
    for migration in known_migrations():
        if migration.version in applied_versions(conn):
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(_TABLE)
            # Another process may have applied it while we waited for the lock.
            if migration.version not in applied_versions(conn):
                for statement in split_statements(migration.sql):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                    (migration.version, migration.name, migration.checksum, to_utc_text(datetime.now(UTC))),
                )
                done.append(migration.version)
            conn.execute("COMMIT")
        except BaseException:
            # A failing ROLLBACK (disk full, I/O error) must not hide the error that made us roll back.
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    return done


def migration_problems(conn: sqlite3.Connection) -> list[str]:
    """For `check`: missing, unknown, or edited migrations."""
    problems = []
    applied = applied_versions(conn)
    for migration in known_migrations():
        if migration.version not in applied:
            problems.append(f"Migrasi {migration.version:04d}_{migration.name} belum diterapkan.")
        elif applied[migration.version][1] != migration.checksum:
            problems.append(
                f"Migrasi {migration.version:04d}_{migration.name} berbeda dari yang diterapkan (berkas diubah)."
            )
    for version in sorted(set(applied) - {m.version for m in known_migrations()}):
        problems.append(f"Migrasi {version:04d} tidak dikenal oleh versi aplikasi ini.")
    return problems
