"""The head file beside the database (`<db>.head`, 0600): the audit chain's newest row, outside the database.

A deleted tail of the audit log, or a damaged -wal file that makes SQLite drop committed transactions, leaves a
chain that still verifies; the head file remembers how long it was. It is updated after every commit that
appended audit rows (after the commit is durable), under an exclusive flock, and only ever forwards (processes commit in one order, but may
write the file in another). Its line carries an HMAC under the audit-chain key, so it cannot be rewritten to
match a shortened chain without the key file.

One fixed-length line, written with one pwrite at offset 0, so a killed process never leaves half a line:
    counter-tui-head v1 <last id, 20 digits> <hash, 64 hex> <mac, 64 hex>
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_tui.domain.errors import CounterError
from counter_tui.paths import head_path
from counter_tui.storage.audit import ChainHead, audit_chain_head

_LINE = re.compile(r"counter-tui-head v1 (\d{20}) ([0-9a-f]{64}) ([0-9a-f]{64})\n?")


@dataclass(frozen=True, slots=True)
class RecordedHead:
    last_id: int
    last_hash: str


def _mac(key: bytes, head: ChainHead | RecordedHead) -> str:
    message = f"head:{head.last_id}:{head.last_hash}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def format_head(key: bytes, head: ChainHead) -> bytes:
    return f"counter-tui-head v1 {head.last_id:020d} {head.last_hash} {_mac(key, head)}\n".encode("ascii")


@dataclass(frozen=True, slots=True)
class HeadFile:
    head: RecordedHead | None  # None: the file is unreadable or its MAC does not match the key
    problem: str | None = None


def read_head_file(db_path: Path, key: bytes) -> HeadFile | None:
    """None when there is no head file."""
    path = head_path(db_path)
    try:
        text = path.read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return None
    except OSError as error:
        return HeadFile(None, f"berkas kepala rantai tidak dapat dibaca ({error.strerror})")
    match = _LINE.fullmatch(text)
    if not match:
        return HeadFile(None, "berkas kepala rantai rusak atau diubah")
    head = RecordedHead(int(match.group(1)), match.group(2))
    if not hmac.compare_digest(_mac(key, head), match.group(3)):
        return HeadFile(
            None, "berkas kepala rantai tidak cocok dengan berkas kunci (diubah atau dari basis data lain)"
        )
    return HeadFile(head)


def _lock(fd: int) -> None:
    if os.name == "posix":
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def write_head_file(db_path: Path, key: bytes, head: ChainHead, *, force: bool = False) -> None:
    """Record `head` unless the file already records a later row (force: `restore` starts a new history)."""
    path = head_path(db_path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(fd)  # released by close
        if not force:
            current = os.pread(fd, 256, 0).decode("ascii", errors="replace")
            match = _LINE.fullmatch(current)
            if match and int(match.group(1)) >= head.last_id:
                return
        line = format_head(key, head)
        os.pwrite(fd, line, 0)
        if os.fstat(fd).st_size != len(line):
            os.ftruncate(fd, len(line))
        # No fsync: the database commit was made durable first, so after a power cut the head file can only be
        # behind the database (which check accepts), never ahead of it. An fsync would double each write's cost.
    finally:
        os.close(fd)


def update_head_file(db: Any) -> None:
    """After a commit that appended audit rows: record the newest committed row. A failure here does not undo the
    commit; `check` notices a head file that is behind only as a note, never as damage."""
    with contextlib.suppress(OSError, sqlite3.Error, CounterError):
        head = audit_chain_head(db.conn, count_rows=False)
        write_head_file(db.path, db.audit_key(), head)
