"""Files that are not ours, half-made files, leftover read-only sidecars, the key file's mode, and damage."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from counter_tui.cli import cli
from counter_tui.paths import damage_marker_path, pepper_path
from counter_tui.services import accounts, tickets
from counter_tui.services.session import Session
from counter_tui.storage.db import (
    APPLICATION_ID,
    DatabaseDamaged,
    NotOurDatabase,
    SetupIncomplete,
    StorageError,
    open_database,
)
from counter_tui.storage.migrations import known_migrations
from tests.conftest import SUPERVISOR_PIN

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX-only")


def invoke(*args: object, input: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def foreign_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("CREATE TABLE tags (name TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('milik program lain')")
    conn.commit()
    conn.close()


def file_state(path: Path) -> tuple[bytes, int, list[str]]:
    siblings = sorted(p.name for p in path.parent.iterdir())
    return path.read_bytes(), stat.S_IMODE(path.stat().st_mode), siblings


def test_init_sets_our_application_id(ready_db_path: Path) -> None:
    conn = sqlite3.connect(ready_db_path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()


@pytest.mark.parametrize(
    "command", [["queue"], ["operators"], ["ticket", "A"], ["check"], ["backup", "copy.db"]]
)
def test_a_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path: Path, command: list[str]) -> None:
    other = tmp_path / "other.db"
    foreign_db(other)
    os.chmod(other, 0o644)
    before = file_state(other)
    result = invoke(command[0], "--db", other, *command[1:])
    assert result.exit_code == 1
    assert "bukan basis data counter_tui" in result.stderr
    assert "2 tabel: notes, tags" in result.stderr  # says what it found
    assert file_state(other) == before  # no schema, no WAL switch, no chmod, no -wal/-shm left
    conn = sqlite3.connect(other)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


def test_a_foreign_file_is_refused_by_init_too(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    foreign_db(other)
    before = file_state(other)
    result = invoke(
        "init",
        "--db",
        other,
        "--office-name",
        "Kantor",
        "--region",
        "62.02",
        "--supervisor-code",
        "SPV1",
        "--supervisor-name",
        "Agus",
        "--pin-stdin",
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert result.exit_code == 1
    assert "bukan basis data counter_tui" in result.stderr
    assert file_state(other) == before


def test_an_application_id_of_another_program_is_named(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    foreign_db(other)
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA application_id = 1234")
    conn.commit()
    conn.close()
    with pytest.raises(NotOurDatabase, match="application_id 0x4d2"):
        open_database(other)


@pytest.mark.parametrize("command", [["queue"], ["ticket", "A"], ["check"]])
def test_a_zero_byte_file_is_refused_and_stays_empty(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = invoke(command[0], "--db", empty, *command[1:])
    assert result.exit_code == 1
    assert "kosong (0 byte)" in result.stderr
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_a_zero_byte_file_left_by_a_killed_init_can_be_initialised(tmp_path: Path) -> None:
    path = tmp_path / "counter.db"
    path.touch()
    result = invoke(
        "init",
        "--db",
        path,
        "--office-name",
        "Kantor",
        "--region",
        "62.02",
        "--supervisor-code",
        "SPV1",
        "--supervisor-name",
        "Agus",
        "--pin-stdin",
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert result.exit_code == 0, result.output
    assert invoke("queue", "--db", path).exit_code == 0


def test_a_non_sqlite_file_is_refused_with_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("catatan rapat\n" * 50)
    result = invoke("queue", "--db", path)
    assert result.exit_code == 1
    assert "bukan basis data SQLite" in result.stderr
    assert path.read_text() == "catatan rapat\n" * 50


def half_made(path: Path) -> None:
    """What a killed init leaves: the schema, no office (open_database(create=True) ran, setup did not)."""
    open_database(path, create=True).close()


@pytest.mark.parametrize("command", [["queue"], ["operators"], ["ticket", "A"]])
def test_a_half_made_database_is_refused_with_run_init_again(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "counter.db"
    half_made(path)
    result = invoke(command[0], "--db", path, *command[1:])
    assert result.exit_code == 1
    assert "belum selesai" in result.stderr
    assert "init" in result.stderr
    assert "Tutup" not in result.output


def test_check_reports_a_half_made_database(tmp_path: Path) -> None:
    path = tmp_path / "counter.db"
    half_made(path)
    result = invoke("check", "--db", path)
    assert result.exit_code == 1
    assert "Penyiapan awal belum selesai" in result.stderr


def test_init_again_finishes_a_half_made_database(tmp_path: Path) -> None:
    path = tmp_path / "counter.db"
    half_made(path)
    with pytest.raises(SetupIncomplete):
        open_database(path)
    result = invoke(
        "init",
        "--db",
        path,
        "--office-name",
        "Kantor",
        "--region",
        "62.02",
        "--supervisor-code",
        "SPV1",
        "--supervisor-name",
        "Agus",
        "--pin-stdin",
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert result.exit_code == 0, result.output
    assert invoke("queue", "--db", path).exit_code == 0


def test_a_database_from_before_the_application_id_is_adopted(ready_db_path: Path) -> None:
    """A counter_tui database made before migration 0003 has application_id 0: it is recognised by its
    schema_migrations and gets the id from the migration."""
    conn = sqlite3.connect(ready_db_path)
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    db = open_database(ready_db_path)
    try:
        assert db.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        db.close()
    assert known_migrations()[0].name == "foundation"


@posix_only
@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_a_leftover_read_only_sidecar_is_named(ready_db_path: Path, clock, suffix: str) -> None:
    db = open_database(ready_db_path)
    tickets.issue_ticket(Session(db, clock=clock), "A")
    # Keep the sidecars: another connection stays open while this one closes.
    keeper = sqlite3.connect(ready_db_path)
    keeper.execute("SELECT 1 FROM office").fetchall()
    db.close()
    sidecar = Path(f"{ready_db_path}{suffix}")
    assert sidecar.exists()
    os.chmod(sidecar, 0o400)
    try:
        with pytest.raises(StorageError, match=f"{suffix} hanya bisa dibaca") as caught:
            open_database(ready_db_path)
        assert str(sidecar) in caught.value.message
    finally:
        os.chmod(sidecar, 0o600)
        keeper.close()


@posix_only
def test_the_key_file_mode_is_tightened_like_the_database(ready_db_path: Path, clock) -> None:
    key = pepper_path(ready_db_path)
    os.chmod(key, 0o644)
    os.chmod(ready_db_path, 0o644)
    db = open_database(ready_db_path)
    try:
        accounts.login(Session(db, clock=clock), "SPV1", SUPERVISOR_PIN, 0)  # reads the key file
    finally:
        db.close()
    assert stat.S_IMODE(ready_db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


# -- damage -----------------------------------------------------------------------------------------
def corrupt_tickets(path: Path, clock) -> None:
    """Overwrite bytes in the middle of the tickets table's root page."""
    db = open_database(path)
    try:
        for _ in range(30):
            tickets.issue_ticket(Session(db, clock=clock), "A")
        root = db.conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tickets'").fetchone()[0]
        page_size = db.conn.execute("PRAGMA page_size").fetchone()[0]
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * 64)


def audit_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        conn.close()


def test_after_check_reports_corruption_every_write_stops(ready_db_path: Path, clock) -> None:
    corrupt_tickets(ready_db_path, clock)
    result = invoke("check", "--db", ready_db_path)
    assert result.exit_code == 1
    assert "Integritas basis data bermasalah" in result.stderr
    assert damage_marker_path(ready_db_path).exists()
    before = audit_count(ready_db_path)
    for _ in range(4):
        refused = invoke("ticket", "--db", ready_db_path, "B")
        assert refused.exit_code == 1
        assert "rusak" in refused.stderr
        assert "counter-tui check" in refused.stderr
        assert "counter-tui restore" in refused.stderr
    assert audit_count(ready_db_path) == before


def test_a_write_that_meets_corruption_stops_the_writes_after_it(ready_db_path: Path, clock) -> None:
    corrupt_tickets(ready_db_path, clock)
    db = open_database(ready_db_path)
    try:
        with pytest.raises(DatabaseDamaged, match="counter-tui restore"):
            tickets.issue_ticket(Session(db, clock=clock), "A")  # touches the damaged page
        assert damage_marker_path(ready_db_path).exists()
        before = audit_count(ready_db_path)
        with pytest.raises(DatabaseDamaged):
            accounts.login(
                Session(db, clock=clock), "SPV1", SUPERVISOR_PIN, 0
            )  # would not touch the tickets page
        assert audit_count(ready_db_path) == before
    finally:
        db.close()
    with pytest.raises(DatabaseDamaged):
        open_database(ready_db_path)  # a new process is stopped at the door


def test_backup_of_a_corrupt_database_says_so(ready_db_path: Path, clock, tmp_path: Path) -> None:
    corrupt_tickets(ready_db_path, clock)
    dest = tmp_path / "copy.db"
    result = invoke("backup", "--db", ready_db_path, dest)
    assert result.exit_code == 1
    assert "sumber rusak" in result.stderr
    assert not dest.exists()
    assert not Path(f"{dest}-wal").exists()


def test_a_clean_check_removes_a_stale_damage_marker(ready_db_path: Path) -> None:
    damage_marker_path(ready_db_path).write_text("2026-11-30T01:00:00Z disk I/O error\n")
    with pytest.raises(DatabaseDamaged):
        open_database(ready_db_path)
    result = invoke("check", "--db", ready_db_path)
    assert result.exit_code == 0, result.output
    assert "Tanda kerusakan dari sebelumnya dihapus" in result.stdout
    assert not damage_marker_path(ready_db_path).exists()
    open_database(ready_db_path).close()
