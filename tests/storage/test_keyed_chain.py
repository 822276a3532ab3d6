"""The audit chain cannot be rewritten from a copy of the database alone: HMAC rows, trigger SQL compared with
the migrations, the head file beside the database, and audit times going back."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from counter_tui.domain.accounts import KIOSK
from counter_tui.domain.audit import GENESIS_HASH, AuditEntry, chain_hash
from counter_tui.paths import head_path, pepper_path
from counter_tui.services import counter_setup, idle_lock, tickets
from counter_tui.services.db_check import audit_chain_head, check
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage.chain_head import read_head_file
from counter_tui.storage.db import open_database


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def run_check(path: Path):
    db = open_database(path, migrate=False, allow_damaged=True)
    try:
        return check(db)
    finally:
        db.close()


def recompute_plain(path: Path, *, version: int | None) -> None:
    """What a forger with the database alone can do: edit a row, drop the guards, and recompute every hash with
    plain SHA-256 (optionally also claiming the rows are of the plain, pre-key version)."""
    conn = raw(path)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        rows = conn.execute(
            "SELECT id, at_utc, operator_id, operator_code, counter, action, object, details"
            " FROM audit_log ORDER BY id"
        ).fetchall()
        prev = GENESIS_HASH
        for index, row in enumerate(rows):
            details = '{"forged":true}' if index == 2 else row[7]
            digest = chain_hash(prev, AuditEntry(row[1], row[2], row[3], row[4], row[5], row[6], details))
            sets = "details = ?, prev_hash = ?, hash = ?" + (", chain_version = ?" if version else "")
            params = [details, prev, digest] + ([version] if version else []) + [row[0]]
            conn.execute(f"UPDATE audit_log SET {sets} WHERE id = ?", params)
            prev = digest
        conn.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\nBEGIN\n"
            "    SELECT RAISE(ABORT, 'audit_log is append-only');\nEND"
        )
    finally:
        conn.close()


def test_new_rows_are_keyed(db) -> None:
    versions = {r[0] for r in db.conn.execute("SELECT chain_version FROM audit_log")}
    assert versions == {2}


@pytest.mark.parametrize("version", [None, 1], ids=["keep-version", "claim-plain"])
def test_a_chain_recomputed_with_plain_sha256_fails_check(ready_db_path: Path, version: int | None) -> None:
    assert run_check(ready_db_path).ok
    recompute_plain(ready_db_path, version=version)
    report = run_check(ready_db_path)
    assert not report.ok
    assert report.broken_audit_row is not None
    assert not report.missing_triggers  # the guards are back: only the key gives the forgery away


def test_the_chain_does_not_verify_under_another_key(ready_db_path: Path) -> None:
    db = open_database(ready_db_path)
    try:
        assert audit.first_broken_row(db.conn) is None
        assert audit.first_broken_row(db.conn, b"\x00" * 32) is not None
    finally:
        db.close()


def test_a_plain_chain_from_before_the_key_is_accepted_and_sealed(
    tmp_path: Path, ready_db_path: Path, clock
) -> None:
    """A database from before migration 0003: its plain rows stay valid, and the first keyed row commits to them."""
    legacy = tmp_path / "legacy.db"
    conn = raw(legacy)
    from counter_tui.storage.migrations import known_migrations, split_statements

    for migration in known_migrations()[:2]:
        for statement in split_statements(migration.sql):
            conn.execute(statement)
    conn.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT"
        " NOT NULL, applied_at TEXT NOT NULL) STRICT"
    )
    for migration in known_migrations()[:2]:
        conn.execute(
            "INSERT INTO schema_migrations VALUES (?, ?, ?, 'x')",
            (migration.version, migration.name, migration.checksum),
        )
    conn.execute("INSERT INTO office VALUES (1, 'Kantor', '62.02', 'Kab', 'x')")
    prev = GENESIS_HASH
    for n in range(3):
        entry = AuditEntry(f"2026-11-2{n}T01:00:00.000000Z", None, "kiosk", 0, "old.action", None, "{}")
        digest = chain_hash(prev, entry)
        conn.execute(
            "INSERT INTO audit_log (at_utc, operator_code, counter, action, details, prev_hash, hash)"
            " VALUES (?, 'kiosk', 0, 'old.action', '{}', ?, ?)",
            (entry.at_utc, prev, digest),
        )
        prev = digest
    conn.close()
    shutil.copy(pepper_path(ready_db_path), pepper_path(legacy))
    db = open_database(legacy)  # migrates and seals
    try:
        rows = db.conn.execute("SELECT chain_version, action FROM audit_log ORDER BY id").fetchall()
        assert [tuple(r) for r in rows] == [(1, "old.action")] * 3 + [(2, "audit.chain_keyed")]
        assert check(db).ok
        from counter_tui.services import idle_lock

        idle_lock.record_session_lock(Session(db, KIOSK, clock))
        assert audit.first_broken_row(db.conn) is None
    finally:
        db.close()
    # A plain row after the keyed ones is a forgery.
    conn = raw(legacy)
    last = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    entry = AuditEntry("2026-11-30T02:00:00.000000Z", None, "kiosk", 0, "forged", None, "{}")
    conn.execute(
        "INSERT INTO audit_log (at_utc, operator_code, counter, action, details, prev_hash, hash,"
        " chain_version) VALUES (?, 'kiosk', 0, 'forged', '{}', ?, ?, 1)",
        (entry.at_utc, last, chain_hash(last, entry)),
    )
    conn.close()
    report = run_check(legacy)
    assert report.broken_audit_row is not None
    assert "tanpa kunci" in report.broken_audit_row[1]


def test_do_nothing_triggers_with_the_guard_names_are_reported(ready_db_path: Path) -> None:
    conn = raw(ready_db_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END")
    conn.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END")
    conn.close()
    report = run_check(ready_db_path)
    assert not report.ok
    assert report.missing_triggers == []
    assert len(report.changed_triggers) == 2
    assert any("audit_log_no_delete berbeda" in line for line in report.lines())


def test_an_unknown_trigger_is_reported(ready_db_path: Path) -> None:
    conn = raw(ready_db_path)
    conn.execute("CREATE TRIGGER sneaky AFTER INSERT ON tickets BEGIN SELECT 1; END")
    conn.close()
    report = run_check(ready_db_path)
    assert any("sneaky tidak dikenal" in p for p in report.changed_triggers)


def test_the_guard_triggers_as_created_match(ready_db_path: Path) -> None:
    assert audit.expected_triggers().keys() >= {"audit_log_no_update", "audit_log_no_delete"}
    assert run_check(ready_db_path).changed_triggers == []


# -- the head file ----------------------------------------------------------------------------------
def test_the_head_file_follows_every_commit_that_appends(db, clock) -> None:
    key = db.audit_key()
    tickets.issue_ticket(Session(db, clock=clock), "A")
    recorded = read_head_file(db.path, key)
    assert recorded is not None
    assert recorded.head is not None
    newest = audit_chain_head(db)
    assert (recorded.head.last_id, recorded.head.last_hash) == (newest.last_id, newest.last_hash)
    assert newest.row_count == audit.count(db.conn)
    assert oct(head_path(db.path).stat().st_mode & 0o777) == "0o600"


def test_the_head_file_never_goes_back(db, clock) -> None:
    from counter_tui.storage.chain_head import write_head_file

    tickets.issue_ticket(Session(db, clock=clock), "A")
    newest = audit_chain_head(db)
    older = audit.ChainHead(1, audit.hash_of_row(db.conn, 1) or "", 1)
    write_head_file(db.path, db.audit_key(), older)  # a slower process writing an older head
    recorded = read_head_file(db.path, db.audit_key())
    assert recorded is not None
    assert recorded.head is not None
    assert recorded.head.last_id == newest.last_id


def test_a_deleted_tail_with_triggers_recreated_is_noticed(ready_db_path: Path, clock) -> None:
    db = open_database(ready_db_path)
    try:
        for _ in range(3):
            tickets.issue_ticket(Session(db, clock=clock), "A")
        last = audit_chain_head(db).last_id
    finally:
        db.close()
    assert run_check(ready_db_path).ok
    conn = raw(ready_db_path)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id > ?", (last - 2,))
    conn.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\nBEGIN\n"
        "    SELECT RAISE(ABORT, 'audit_log is append-only');\nEND"
    )
    conn.close()
    report = run_check(ready_db_path)
    assert report.broken_audit_row is None  # the shortened chain verifies by itself
    assert not report.missing_triggers
    assert not report.changed_triggers
    assert not report.ok
    assert any(f"baris {last - 1}-{last} hilang" in line for line in report.lines())


def test_a_forged_head_file_is_reported(db, clock) -> None:
    tickets.issue_ticket(Session(db, clock=clock), "A")
    path = head_path(db.path)
    text = path.read_text()
    path.write_text(text.replace(text.split()[2], f"{1:020d}"))
    report = check(db)
    assert not report.ok
    assert any("tidak cocok dengan berkas kunci" in line for line in report.lines())


def test_a_missing_head_file_is_a_warning(db, clock) -> None:
    tickets.issue_ticket(Session(db, clock=clock), "A")
    head_path(db.path).unlink()
    report = check(db)
    assert report.ok
    assert any("kepala rantai" in w and "tidak ada" in w for w in report.warnings)
    tickets.issue_ticket(Session(db, clock=clock), "A")
    assert head_path(db.path).exists()


def test_a_damaged_wal_that_drops_commits_is_noticed(ready_db_path: Path, tmp_path: Path, clock) -> None:
    """SQLite ignores a bad -wal frame and every frame after it; the head file remembers the lost commits."""
    keeper = raw(ready_db_path)  # an open connection keeps the -wal from being checkpointed away
    keeper.execute("PRAGMA wal_autocheckpoint = 0")
    keeper.execute("SELECT 1 FROM office").fetchall()
    db = open_database(ready_db_path)
    try:
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for _ in range(5):
            tickets.issue_ticket(Session(db, clock=clock), "A")
    finally:
        db.close()
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    copy = copy_dir / "counter.db"
    for suffix in ("", "-wal"):
        shutil.copy(f"{ready_db_path}{suffix}", f"{copy}{suffix}")
    shutil.copy(pepper_path(ready_db_path), pepper_path(copy))
    shutil.copy(head_path(ready_db_path), head_path(copy))
    keeper.close()
    wal = Path(f"{copy}-wal").read_bytes()
    page_size = int.from_bytes(wal[8:12], "big")
    frame = 24 + page_size
    # Damage the checksum of the third frame: the frames from there on are ignored.
    damaged = bytearray(wal)
    damaged[32 + 2 * frame + 16] ^= 0xFF
    Path(f"{copy}-wal").write_bytes(bytes(damaged))
    report = run_check(copy)
    assert report.integrity == []
    assert report.broken_audit_row is None
    assert not report.ok
    assert any("hilang" in line and "-wal" in line for line in report.lines())


# -- time ---------------------------------------------------------------------------------------------
def test_check_reports_audit_times_going_back(db, clock) -> None:
    tickets.issue_ticket(Session(db, clock=clock), "A")
    clock.moment -= timedelta(minutes=30)
    counter_setup.counter_heartbeat(Session(db, clock=clock))  # no audit row

    idle_lock.record_session_lock(Session(db, KIOSK, clock))
    report = check(db)
    assert report.ok  # a warning, not damage
    assert any("mundur" in w for w in report.warnings)


def test_audit_chain_head_for_the_export_manifest(db, clock) -> None:
    head = audit_chain_head(db)
    rows = db.conn.execute("SELECT id, hash FROM audit_log ORDER BY id").fetchall()
    assert (head.last_id, head.last_hash, head.row_count) == (rows[-1][0], rows[-1][1], len(rows))
    assert json.dumps(head.last_hash)  # plain text, fit for a manifest
    assert hashlib.sha256(b"").hexdigest() != head.last_hash
