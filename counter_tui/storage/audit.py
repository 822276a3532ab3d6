"""The audit log table: append (inside the caller's transaction), verify the keyed hash chain, and the guards.

New rows are chained with HMAC-SHA256 under a key derived from the key file (chain_version 2). Rows written
before the chain was keyed (chain_version 1, plain SHA-256) stay valid only as a prefix: the first keyed row
commits to them, and a plain row after a keyed one, or a chain of only plain rows in a database that has the
chain_version column, is reported (someone recomputed the chain without the key).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_tui.domain.accounts import Actor
from counter_tui.domain.audit import (
    CHAIN_KEYED,
    CHAIN_PLAIN,
    GENESIS_HASH,
    AuditEntry,
    AuditRow,
    canonical_details,
    row_hash,
)
from counter_tui.domain.clock import from_utc_text, to_utc_text
from counter_tui.domain.nik_mask import redact_niks


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
    key = connection_key(conn)
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
    digest = row_hash(CHAIN_KEYED, key, prev_hash, entry)
    cursor = conn.execute(
        "INSERT INTO audit_log (at_utc, operator_id, operator_code, counter, action, object, details, prev_hash, hash,"
        " chain_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entry.at_utc,
            entry.operator_id,
            entry.operator_code,
            entry.counter,
            entry.action,
            entry.object,
            entry.details,
            prev_hash,
            digest,
            CHAIN_KEYED,
        ),
    )
    if hasattr(conn, "audit_appended"):
        conn.audit_appended = True  # the head file is updated after the commit
    return int(cursor.lastrowid or 0)


def connection_key(conn: sqlite3.Connection) -> bytes:
    """The audit-chain key of the Database this connection belongs to (derived from the key file)."""
    source = getattr(conn, "audit_key_source", None)
    if source is None:
        raise RuntimeError("this connection has no audit-chain key (open it with open_database)")
    return bytes(source())


def seal_plain_chain(db: Any) -> None:
    """Right after the migration that keys the chain: if the newest row is a plain one, append a keyed row, which
    commits to every plain row before it. Skipped when the key file is missing (writes say so later)."""
    from counter_tui.domain.errors import CounterError

    row = db.conn.execute("SELECT chain_version FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    if row is None or row[0] != CHAIN_PLAIN:
        return
    try:
        db.audit_key()
    except CounterError:
        return
    from datetime import UTC
    from datetime import datetime as _dt

    with db.transaction() as conn:
        again = conn.execute("SELECT chain_version FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        if again is not None and again[0] == CHAIN_PLAIN:
            plain = conn.execute("SELECT count(*) FROM audit_log WHERE chain_version = 1").fetchone()[0]
            append(conn, None, "audit.chain_keyed", "audit_log", {"plain_rows": plain}, _dt.now(UTC))


def has_chain_version(conn: sqlite3.Connection) -> bool:
    return any(r[1] == "chain_version" for r in conn.execute("PRAGMA table_info(audit_log)"))


def _rows(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    version = "chain_version" if has_chain_version(conn) else "1"
    yield from conn.execute(
        "SELECT id, at_utc, operator_id, operator_code, counter, action, object, details, prev_hash, hash,"
        f" {version} AS chain_version FROM audit_log ORDER BY id"
    )


def first_broken_row(conn: sqlite3.Connection, key: bytes | None = None) -> tuple[int, str] | None:
    """The first row whose chain does not verify, with the reason; None when the whole chain is intact.

    `key` is the audit-chain key; by default the one of the Database the connection belongs to."""
    key_known = key is not None or getattr(conn, "audit_key_source", None) is None
    keyed_schema = has_chain_version(conn)
    expected_prev = GENESIS_HASH
    seen_keyed = False
    last_id = None
    for row in _rows(conn):
        last_id = row["id"]
        version = row["chain_version"]
        if row["prev_hash"] != expected_prev:
            return row[
                "id"
            ], "hash baris sebelumnya tidak cocok (ada baris yang dihapus atau diubah sebelumnya)"
        if version == CHAIN_PLAIN and seen_keyed:
            return row[
                "id"
            ], "baris tanpa kunci sesudah baris berkunci (rantai dihitung ulang tanpa berkas kunci)"
        if version == CHAIN_KEYED:
            if not key_known:  # the key file is read only when a keyed row needs it
                key, key_known = connection_key(conn), True
            if key is None:
                return row["id"], "berkas kunci tidak tersedia, rantai berkunci tidak dapat diperiksa"
            seen_keyed = True
        entry = AuditEntry(
            row["at_utc"],
            row["operator_id"],
            row["operator_code"],
            row["counter"],
            row["action"],
            row["object"],
            row["details"],
        )
        if row_hash(version, key, row["prev_hash"], entry) != row["hash"]:
            return row["id"], "isi baris tidak cocok dengan hash-nya (baris diubah)"
        expected_prev = row["hash"]
    if keyed_schema and last_id is not None and not seen_keyed:
        return last_id, "tidak ada baris berkunci (rantai dihitung ulang tanpa berkas kunci)"
    return None


def times_going_back(conn: sqlite3.Connection, limit: int = 5) -> list[tuple[int, str, str]]:
    """Rows whose time is earlier than the row before them (the clock was set back): (id, previous, this)."""
    found: list[tuple[int, str, str]] = []
    previous = None
    for row_id, at_utc in conn.execute("SELECT id, at_utc FROM audit_log ORDER BY id"):
        if previous is not None and at_utc < previous:
            found.append((row_id, previous, at_utc))
            if len(found) >= limit:
                break
        previous = at_utc if previous is None or at_utc > previous else previous
    return found


GUARD_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def missing_guards(conn: sqlite3.Connection) -> list[str]:
    """The append-only triggers that are gone (someone dropped them to edit the log)."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return [name for name in GUARD_TRIGGERS if name not in present]


def _normalized_sql(sql: str) -> str:
    return " ".join(sql.replace(";", " ; ").split()).rstrip(" ;").lower()


def expected_triggers() -> dict[str, str]:
    """Each trigger's SQL as the migrations create it (the last CREATE wins; a DROP removes it)."""
    import re

    from counter_tui.storage.migrations import known_migrations, split_statements

    found: dict[str, str] = {}
    for migration in known_migrations():
        for statement in split_statements(migration.sql):
            body = "\n".join(
                line for line in statement.splitlines() if not line.strip().startswith("--")
            ).strip()
            create = re.match(r"CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", body, re.IGNORECASE)
            drop = re.match(r"DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?(\w+)", body, re.IGNORECASE)
            if create:
                found[create.group(1)] = body
            elif drop:
                found.pop(drop.group(1), None)
    return found


def trigger_problems(conn: sqlite3.Connection) -> list[str]:
    """Triggers that differ from what the migrations create: missing, changed (a do-nothing trigger with the same
    name), or unknown."""
    present = {
        r[0]: r[1] or "" for r in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    problems = []
    for name, sql in expected_triggers().items():
        if name not in present:
            continue  # reported by missing_guards for the audit guards; others below
        if _normalized_sql(present[name]) != _normalized_sql(sql):
            problems.append(f"Trigger {name} berbeda dari yang dibuat migrasi (isinya diganti).")
    for name in sorted(set(expected_triggers()) - set(present) - set(GUARD_TRIGGERS)):
        problems.append(f"Trigger {name} hilang.")
    for name in sorted(set(present) - set(expected_triggers())):
        problems.append(f"Trigger {name} tidak dikenal (tidak dibuat oleh migrasi).")
    return problems


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The newest audit row and the number of rows: what the head file and the daily export manifest record."""

    last_id: int
    last_hash: str
    row_count: int


def audit_chain_head(conn: sqlite3.Connection, *, count_rows: bool = True) -> ChainHead:
    """The chain head (newest row's id and hash) and the row count, read in the caller's transaction.

    The daily export records this in its manifest. count_rows=False skips the count (row_count is then -1): the
    head file after every commit needs only the newest row, and counting a big log costs milliseconds."""
    row = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    total = int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]) if count_rows else -1
    if row is None:
        return ChainHead(0, GENESIS_HASH, total)
    return ChainHead(int(row[0]), str(row[1]), total)


def hash_of_row(conn: sqlite3.Connection, row_id: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (row_id,)).fetchone()
    return str(row[0]) if row else None


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def recent(conn: sqlite3.Connection, limit: int = 100) -> list[AuditRow]:
    return [
        AuditRow(
            r["id"],
            from_utc_text(r["at_utc"]),
            r["operator_code"],
            r["counter"],
            r["action"],
            r["object"],
            r["details"],
        )
        for r in conn.execute(
            "SELECT id, at_utc, operator_code, counter, action, object, details FROM audit_log ORDER BY id DESC LIMIT ?",
            (limit,),
        )
    ]
