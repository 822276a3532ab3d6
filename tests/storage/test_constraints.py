"""The schema's own CHECK and UNIQUE constraints: a bug in the code still cannot write a bad row."""

from __future__ import annotations

import sqlite3

import pytest

from counter_tui.domain.accounts import KIOSK
from counter_tui.services import tickets
from counter_tui.services.session import Session

INSERT = (
    "INSERT INTO tickets (service_date, origin_service, number, service_code, priority, status, issued_at, queued_at,"
    " issued_by, outcome, counter) VALUES (:day, :letter, :number, :letter, :priority, :status, :at, :at, 'test',"
    " :outcome, :counter)"
)

GOOD = {
    "day": "2026-11-30",
    "letter": "A",
    "number": 1,
    "priority": None,
    "status": "waiting",
    "at": "2026-11-30T01:00:00.000000Z",
    "outcome": None,
    "counter": None,
}


def test_a_good_row_is_accepted(db) -> None:
    db.conn.execute(INSERT, GOOD)
    assert db.conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1


def test_duplicate_ticket_number_is_refused(db, clock) -> None:
    issued = tickets.issue_ticket(Session(db, KIOSK, clock), "A").ticket
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        db.conn.execute(INSERT, {**GOOD, "day": issued.service_date, "number": issued.number})
    db.conn.execute(INSERT, {**GOOD, "day": "2026-12-01", "number": issued.number})  # another day is fine
    db.conn.execute(INSERT, {**GOOD, "letter": "B", "number": issued.number})  # another letter too


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "done"},  # done without an outcome
        {"status": "done", "outcome": "beres"},
        {"status": "finished"},
        {"priority": "vip"},
        {"number": 0},
        {"number": -1},
        {"status": "called"},  # called without a counter
        {"status": "serving", "counter": None},
        {"status": "parked"},
        {"counter": 100},
        {"letter": "Q"},  # unknown service (foreign key)
        {"number": "x"},  # STRICT: text that is not a number in an INTEGER column
    ],
)
def test_bad_ticket_rows_are_refused(db, changes: dict) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(INSERT, {**GOOD, **changes})
    assert db.conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 0


def test_done_with_an_outcome_is_accepted(db) -> None:
    db.conn.execute(INSERT, {**GOOD, "status": "done", "outcome": "selesai", "counter": 1})


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        (
            "INSERT INTO operators (code, full_name, role, pin_salt, pin_hash, created_at, updated_at)"
            " VALUES ('SPV1', 'Dup', 'operator', zeroblob(16), zeroblob(32), 'x', 'x')",
            (),
        ),
        (
            "INSERT INTO operators (code, full_name, role, pin_salt, pin_hash, created_at, updated_at)"
            " VALUES ('opr9', 'Lower', 'operator', zeroblob(16), zeroblob(32), 'x', 'x')",
            (),
        ),
        (
            "INSERT INTO operators (code, full_name, role, pin_salt, pin_hash, created_at, updated_at)"
            " VALUES ('OPR9', 'Bad role', 'admin', zeroblob(16), zeroblob(32), 'x', 'x')",
            (),
        ),
        (
            "INSERT INTO operators (code, full_name, role, pin_salt, pin_hash, created_at, updated_at)"
            " VALUES ('OPR9', 'Short hash', 'operator', zeroblob(16), zeroblob(8), 'x', 'x')",
            (),
        ),
        (
            "INSERT INTO office (id, name, region_code, region_name, created_at) VALUES (2, 'x', '62.02', 'x', 'x')",
            (),
        ),
        ("INSERT INTO services (code, name) VALUES ('AA', 'two letters')", ()),
        ("INSERT INTO opening_hours (weekday, opens, closes) VALUES (7, '08:00', '15:00')", ()),
        ("UPDATE opening_hours SET opens = '15:00', closes = '08:00' WHERE weekday = 0", ()),
        ("UPDATE opening_hours SET opens = NULL WHERE weekday = 0", ()),
        ("INSERT INTO counters (counter, services, last_seen) VALUES (1, 'a1', 'x')", ()),
        (
            "INSERT INTO audit_log (at_utc, action, details, prev_hash, hash) VALUES ('x', 'a', 'not json', ?, ?)",
            ("0" * 64, "1" * 64),
        ),
    ],
)
def test_other_constraints(db, sql: str, params: tuple) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(sql, params)
