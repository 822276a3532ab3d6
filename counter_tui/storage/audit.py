"""The audit log table: append (inside the caller's transaction) and verify the hash chain."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from counter_tui.domain.accounts import Actor
from counter_tui.domain.audit import GENESIS_HASH, AuditEntry, AuditRow, canonical_details, chain_hash
from counter_tui.domain.clock import from_utc_text, to_utc_text
from counter_tui.domain.nik import redact_niks


def append(
    conn: sqlite3.Connection,
    actor: Actor | None,
    action: str,
    obj: str | None,
    details: dict[str, Any] | None,
    now: datetime,
) -> int:
    """Append one row. The caller holds the write transaction (BEGIN IMMEDIATE), so the chain cannot fork."""
    if not conn.in_transaction:
        raise RuntimeError("audit.append must run inside a write transaction")
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = row[0] if row else GENESIS_HASH
    # The operator code and the object come from what a person typed too (a failed login stores the code as
    # typed): a NIK typed there is masked like one in the details.
    entry = AuditEntry(
        at_utc=to_utc_text(now),
        operator_id=actor.operator_id if actor else None,
        operator_code=redact_niks(actor.code) if actor else None,
        counter=actor.counter if actor else None,
        action=action,
        object=redact_niks(obj) if obj is not None else None,
        details=canonical_details(details),
    )
    digest = chain_hash(prev_hash, entry)
    cursor = conn.execute(
        "INSERT INTO audit_log (at_utc, operator_id, operator_code, counter, action, object, details, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry.at_utc, entry.operator_id, entry.operator_code, entry.counter, entry.action, entry.object,
         entry.details, prev_hash, digest),
    )
    return int(cursor.lastrowid or 0)


def _rows(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    yield from conn.execute(
        "SELECT id, at_utc, operator_id, operator_code, counter, action, object, details, prev_hash, hash"
        " FROM audit_log ORDER BY id"
    )


def first_broken_row(conn: sqlite3.Connection) -> tuple[int, str] | None:
    """The first row whose chain does not verify, with the reason; None when the whole chain is intact."""
    expected_prev = GENESIS_HASH
    for row in _rows(conn):
        if row["prev_hash"] != expected_prev:
            return row["id"], "hash baris sebelumnya tidak cocok (ada baris yang dihapus atau diubah sebelumnya)"
        entry = AuditEntry(row["at_utc"], row["operator_id"], row["operator_code"], row["counter"], row["action"],
                           row["object"], row["details"])
        if chain_hash(row["prev_hash"], entry) != row["hash"]:
            return row["id"], "isi baris tidak cocok dengan hash-nya (baris diubah)"
        expected_prev = row["hash"]
    return None


GUARD_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def missing_guards(conn: sqlite3.Connection) -> list[str]:
    """The append-only triggers that are gone (someone dropped them to edit the log)."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return [name for name in GUARD_TRIGGERS if name not in present]


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def recent(conn: sqlite3.Connection, limit: int = 100) -> list[AuditRow]:
    return [
        AuditRow(r["id"], from_utc_text(r["at_utc"]), r["operator_code"], r["counter"], r["action"], r["object"], r["details"])
        for r in conn.execute(
            "SELECT id, at_utc, operator_code, counter, action, object, details FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        )
    ]
