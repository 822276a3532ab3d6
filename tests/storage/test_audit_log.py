"""The audit log: append-only triggers, the hash chain, and `check` finding tampering done behind our back."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_tui.domain.accounts import KIOSK
from counter_tui.domain.audit import GENESIS_HASH
from counter_tui.services import accounts, counter_actions, tickets
from counter_tui.services.db_check import check
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage.db import open_database


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def audit_rows(path: Path) -> list[tuple]:
    conn = raw(path)
    try:
        return conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET details = '{\"x\":1}' WHERE id = 1",
        "UPDATE audit_log SET action = 'login'",
        "DELETE FROM audit_log WHERE id = 1",
        "DELETE FROM audit_log",
    ],
)
def test_triggers_block_update_and_delete(ready_db_path: Path, statement: str) -> None:
    before = audit_rows(ready_db_path)
    conn = raw(ready_db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(statement)
    finally:
        conn.close()
    assert audit_rows(ready_db_path) == before
    assert len(before) > 3


def test_append_outside_a_transaction_is_refused(db) -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        audit.append(db.conn, KIOSK, "x", None, {}, datetime(2026, 11, 30, tzinfo=UTC))


def test_the_chain_links_every_row(db, clock) -> None:
    tickets.issue_ticket(Session(db, KIOSK, clock), "A", nik="6202054507060001")
    rows = db.conn.execute(
        "SELECT id, prev_hash, hash, details, at_utc FROM audit_log ORDER BY id"
    ).fetchall()
    assert rows[0]["prev_hash"] == GENESIS_HASH
    for earlier, later in zip(rows, rows[1:], strict=False):
        assert later["prev_hash"] == earlier["hash"]
    assert audit.first_broken_row(db.conn) is None
    assert "6202**********01" in rows[-1]["details"]
    assert "6202054507060001" not in rows[-1]["details"]
    assert rows[-1]["at_utc"] == "2026-11-30T01:00:00.000000Z"


def test_a_nik_given_as_a_number_is_masked_and_stored(db, clock) -> None:
    with db.transaction() as conn:
        audit.append(conn, KIOSK, "note", None, {"nik": 6202054507060001}, clock.now())
    details = db.conn.execute("SELECT details FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert json.loads(details) == {"nik": "6202**********01"}
    assert audit.first_broken_row(db.conn) is None


def test_a_nik_typed_as_the_operator_code_never_reaches_the_log(db, clock) -> None:
    """A failed login stores the code as typed, in operator_code and object: a NIK typed there is masked."""
    nik = "6202054507060001"
    with pytest.raises(Exception, match="salah"):
        accounts.login(Session(db, clock=clock), nik, "482913", 0)
    row = db.conn.execute(
        "SELECT action, operator_code, object, details FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row["action"] == "login.failed"
    stored = " ".join(str(row[k]) for k in ("operator_code", "object", "details"))
    assert nik not in stored
    assert row["operator_code"] == "6202**********01"
    assert row["object"] == "operator:6202**********01"
    assert audit.first_broken_row(db.conn) is None


def test_every_state_change_is_audited(db, supervisor, operator, clock) -> None:
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    counter_actions.call_next(Session(db, operator, clock), ["A"])
    counter_actions.finish(Session(db, operator, clock), "selesai")
    accounts.logout(Session(db, operator, clock))
    with pytest.raises(Exception, match="salah"):
        accounts.login(Session(db, clock=clock), "OPR1", "000001", 1)
    rows = db.conn.execute("SELECT action, operator_code, counter FROM audit_log ORDER BY id").fetchall()
    actions = [r["action"] for r in rows]
    for expected in (
        "office.setup",
        "operator.add",
        "login",
        "ticket.issue",
        "ticket.call",
        "ticket.finish",
        "logout",
        "login.failed",
    ):
        assert expected in actions
    call = next(r for r in rows if r["action"] == "ticket.call")
    assert (call["operator_code"], call["counter"]) == ("OPR1", 1)


def tamper(path: Path, sql: str, params: tuple = ()) -> None:
    """What an attacker with the file does: drop the triggers, change the log."""
    conn = raw(path)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute(sql, params)
    finally:
        conn.close()


def run_check(path: Path):
    db = open_database(path, migrate=False)
    try:
        return check(db)
    finally:
        db.close()


def test_check_is_clean_on_a_good_database(ready_db_path: Path) -> None:
    report = run_check(ready_db_path)
    assert report.ok
    assert report.audit_rows == len(audit_rows(ready_db_path))
    assert any("utuh" in line for line in report.lines())


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("details", '{"role":"operator"}'),
        ("action", "operator.remove"),
        ("operator_code", "OPR9"),
        ("at_utc", "2020-01-01T00:00:00.000000Z"),
    ],
)
def test_check_finds_an_edited_row(ready_db_path: Path, column: str, value: str) -> None:
    target = audit_rows(ready_db_path)[2][0]
    tamper(ready_db_path, f"UPDATE audit_log SET {column} = ? WHERE id = ?", (value, target))
    report = run_check(ready_db_path)
    assert not report.ok
    assert report.broken_audit_row is not None
    assert report.broken_audit_row[0] == target
    assert any(f"baris {target}" in line for line in report.lines())


def test_check_finds_a_row_edited_together_with_its_own_hash(ready_db_path: Path) -> None:
    """Recomputing one row's hash with plain SHA-256 is not enough: the chain is keyed (HMAC), so the row
    itself no longer verifies."""
    from counter_tui.domain.audit import AuditEntry, chain_hash

    rows = audit_rows(ready_db_path)
    target = rows[2]
    entry = AuditEntry(target[1], target[2], target[3], target[4], target[5], target[6], '{"forged":true}')
    forged = chain_hash(target[8], entry)
    tamper(
        ready_db_path,
        "UPDATE audit_log SET details = ?, hash = ? WHERE id = ?",
        ('{"forged":true}', forged, target[0]),
    )
    report = run_check(ready_db_path)
    assert report.broken_audit_row is not None
    assert report.broken_audit_row[0] == target[0]


def test_check_finds_a_deleted_row(ready_db_path: Path) -> None:
    rows = audit_rows(ready_db_path)
    deleted, following = rows[2][0], rows[3][0]
    tamper(ready_db_path, "DELETE FROM audit_log WHERE id = ?", (deleted,))
    report = run_check(ready_db_path)
    assert not report.ok
    assert report.broken_audit_row is not None
    assert report.broken_audit_row[0] == following
    assert "dihapus" in report.broken_audit_row[1]


def test_check_reports_dropped_guard_triggers_even_without_an_edit(ready_db_path: Path) -> None:
    """Deleting the newest rows leaves a valid chain; the dropped triggers still give it away."""
    conn = raw(ready_db_path)
    try:
        conn.execute("DROP TRIGGER audit_log_no_delete")
    finally:
        conn.close()
    report = run_check(ready_db_path)
    assert not report.ok
    assert report.broken_audit_row is None
    assert report.missing_triggers == ["audit_log_no_delete"]
    assert any("trigger" in line for line in report.lines())
