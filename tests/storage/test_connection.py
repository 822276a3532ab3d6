"""Connections: pragmas, STRICT tables, file and folder permissions, and the refusals when opening."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from counter_tui.cli import cli
from counter_tui.domain.accounts import KIOSK
from counter_tui.paths import default_db_path, pepper_path
from counter_tui.services import accounts, queue_views, tickets
from counter_tui.services.session import Session
from counter_tui.storage.db import BUSY_TIMEOUT_MS, DatabaseMissing, StorageError, open_database
from tests.conftest import make_ready_db

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX-only")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("journal_mode", "wal"), ("synchronous", 2), ("foreign_keys", 1)],
)
def test_pragmas_on_every_connection(db, pragma: str, expected: object) -> None:
    assert db.conn.execute(f"PRAGMA {pragma}").fetchone()[0] == expected


def test_busy_timeout_is_at_least_five_seconds(db) -> None:
    assert db.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert BUSY_TIMEOUT_MS >= 5000


def test_a_second_connection_gets_the_same_pragmas(ready_db_path: Path) -> None:
    first, second = open_database(ready_db_path), open_database(ready_db_path)
    try:
        for conn in (first.conn, second.conn):
            values = [
                conn.execute(f"PRAGMA {p}").fetchone()[0]
                for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            ]
            assert values[:3] == ["wal", 2, 1]
            assert values[3] >= 5000
    finally:
        first.close()
        second.close()


def test_every_table_is_strict(db) -> None:
    rows = db.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    assert len(rows) >= 11
    not_strict = [name for name, sql in rows if not sql.rstrip().upper().endswith("STRICT")]
    assert not_strict == []
    listed = {r[1]: r[5] for r in db.conn.execute("PRAGMA table_list") if not r[1].startswith("sqlite_")}
    assert all(listed.values()), listed  # PRAGMA table_list's 'strict' column


def test_foreign_keys_are_enforced(db) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.conn.execute(
            "INSERT INTO tickets (service_date, origin_service, number, service_code, status, issued_at, queued_at,"
            " issued_by) VALUES ('2026-11-30', 'Q', 1, 'Q', 'waiting', 'x', 'x', 'kiosk')"
        )


@posix_only
def test_database_sidecars_and_pepper_are_private(db_path: Path, clock) -> None:
    old_umask = os.umask(0o022)  # a usual umask would give 0644
    try:
        make_ready_db(db_path, clock)  # built by the app itself, not copied from the session template
        db = open_database(db_path)
        try:
            tickets.issue_ticket(Session(db, KIOSK, clock), "A")  # a write, so -wal and -shm exist
            for candidate in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), pepper_path(db_path)):
                assert candidate.exists(), candidate
                assert mode(candidate) == 0o600, (candidate, oct(mode(candidate)))
        finally:
            db.close()
    finally:
        os.umask(old_umask)


@posix_only
def test_default_data_dir_is_created_private() -> None:
    target = default_db_path()
    assert not target.parent.exists()
    old_umask = os.umask(0o022)
    try:
        result = CliRunner().invoke(
            cli,
            [
                "init",
                "--office-name",
                "Disdukcapil Kotim",
                "--region",
                "62.02",
                "--supervisor-code",
                "SPV1",
                "--supervisor-name",
                "Agus",
                "--pin-stdin",
            ],
            input="482913\n",
        )
    finally:
        os.umask(old_umask)
    assert result.exit_code == 0, result.output
    assert mode(target.parent) == 0o700
    assert mode(target) == 0o600
    assert mode(pepper_path(target)) == 0o600


def test_missing_database_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.db"
    with pytest.raises(DatabaseMissing, match="belum ada"):
        open_database(path)
    assert list(tmp_path.iterdir()) == []


def test_a_database_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no-such-dir" / "counter.db"
    with pytest.raises(StorageError, match="Folder basis data tidak ada"):
        open_database(path, create=True)
    assert not path.parent.exists()


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(StorageError, match="folder"):
        open_database(tmp_path / "dir.db", create=True)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("bukan basis data " * 100)
    with pytest.raises(StorageError, match="bukan basis data SQLite"):
        open_database(path)
    assert path.read_text().startswith("bukan basis data")


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_read_only_database_gives_a_clear_message_and_changes_nothing(ready_db_path: Path, clock) -> None:
    before = dump(ready_db_path)
    db = open_database(ready_db_path, read_only=True)
    try:
        assert queue_views.queue_snapshot(Session(db, clock=clock)).waiting == []  # reading works
        with pytest.raises(StorageError, match="hanya bisa dibaca") as refusal:
            tickets.issue_ticket(Session(db, KIOSK, clock), "A")
        assert "Tidak ada yang diubah" in str(refusal.value)
        with pytest.raises(StorageError, match="hanya bisa dibaca"):
            accounts.login(Session(db, clock=clock), "SPV1", "482913", 0)
        assert not db.conn.in_transaction
    finally:
        db.close()
    assert dump(ready_db_path) == before


def test_read_only_uri_connection_refuses_a_write(ready_db_path: Path) -> None:
    conn = sqlite3.connect(f"{ready_db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    finally:
        conn.close()


def test_missing_pepper_is_explained(ready_db_path: Path) -> None:
    pepper_path(ready_db_path).unlink()
    db = open_database(ready_db_path)
    try:
        with pytest.raises(StorageError, match="pepper"):
            accounts.login(Session(db), "SPV1", "482913", 0)
    finally:
        db.close()


@posix_only
def test_opening_tightens_a_too_open_file_but_never_makes_it_writable(ready_db_path: Path) -> None:
    """A copied 0644 database becomes 0600; a deliberately read-only 0444 one becomes 0400, not 0600."""
    os.chmod(ready_db_path, 0o644)
    open_database(ready_db_path).close()
    assert mode(ready_db_path) == 0o600
    os.chmod(ready_db_path, 0o444)
    try:
        open_database(ready_db_path, read_only=True).close()
        assert mode(ready_db_path) == 0o400
    finally:
        os.chmod(ready_db_path, 0o600)


def test_a_fault_in_a_read_snapshot_is_a_sentence_not_a_crash(db) -> None:
    """Screens catch CounterError only: a raw sqlite3 error from a read would close the app."""
    with pytest.raises(StorageError, match="Kesalahan basis data"), db.snapshot() as conn:
        conn.execute("SELECT * FROM no_such_table")
    assert not db.conn.in_transaction
    with db.snapshot() as conn:  # the connection is still usable
        assert conn.execute("SELECT count(*) FROM services").fetchone()[0] == 5
