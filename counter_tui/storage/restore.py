"""Storage side of `backup` and `restore`: verifying a copy, telling whether another process has the database
open, and putting a file in place atomically with private modes."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from counter_tui.storage import audit
from counter_tui.storage import office as office_store
from counter_tui.storage.db import LEGACY, OURS, StorageError, identify, shown_path
from counter_tui.storage.migrations import applied_versions, known_migrations

# SQLite's unix VFS: every connection to a WAL database holds a shared fcntl lock on this byte of the -shm file
# (the "DMS" slot, UNIX_SHM_BASE + SQLITE_SHM_NLOCK = 120 + 8) for as long as it is open.
_SHM_DMS_BYTE = 128


def open_copy_read_only(path: Path) -> sqlite3.Connection:
    """A backup file, opened without writing anything beside it (immutable: no -wal/-shm is created)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def backup_problems(path: Path, key: bytes | None) -> list[str]:
    """Why a backup file may not be restored: not ours, damaged, from a newer version, edited migrations, or an
    audit chain that does not verify under the key."""
    try:
        conn = open_copy_read_only(path)
    except sqlite3.Error as error:
        return [f"cadangan tidak dapat dibuka ({error})"]
    try:
        try:
            kind, found = identify(conn)
        except sqlite3.DatabaseError:
            return ["berkas cadangan bukan basis data SQLite atau rusak"]
        if kind not in (OURS, LEGACY):
            return [f"berkas cadangan bukan basis data counter_tui: {found}"]
        problems = [f"integritas: {p}" for p in office_store.integrity_errors(conn)]
        if problems:
            return problems
        known = {m.version: m for m in known_migrations()}
        for version, (name, checksum) in sorted(applied_versions(conn).items()):
            if version not in known:
                problems.append(
                    f"migrasi {version:04d} tidak dikenal versi aplikasi ini (cadangan dari versi lebih baru)"
                )
            elif known[version].checksum != checksum:
                problems.append(f"migrasi {version:04d}_{name} berbeda dari milik aplikasi ini")
        if not office_store.get_office(conn):
            problems.append("cadangan tidak berisi data kantor (penyiapan belum selesai)")
        broken = audit.first_broken_row(conn, key)
        if broken is not None:
            problems.append(f"rantai log audit rusak mulai baris {broken[0]}: {broken[1]}")
        return problems
    except sqlite3.DatabaseError as error:
        return [f"cadangan rusak ({error})"]
    finally:
        conn.close()


@contextlib.contextmanager
def exclusive_use(db_path: Path) -> Iterator[None]:
    """Hold the database against every other process, or refuse: a WAL database that another process has open
    holds a shared lock on the -shm file's DMS byte; we take it exclusively (and keep it while we swap files, so
    no process opens the database meanwhile). POSIX only; elsewhere the operator's word is taken."""
    shm = Path(f"{db_path}-shm")
    if os.name != "posix" or not shm.exists():
        yield
        return
    import fcntl

    fd = os.open(shm, os.O_RDWR)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
        except OSError:
            raise StorageError(
                f"Basis data {shown_path(db_path)} sedang dibuka proses lain (loket, papan antrian, atau perintah "
                "lain). Tutup semuanya, lalu ulangi; tidak ada yang diubah."
            ) from None
        yield
    finally:
        os.close(fd)


def copy_private(source: Path, target: Path) -> None:
    """Copy to a new 0600 file (never overwrites), flushed to disk."""
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_copy(dest: Path) -> None:
    """A failed backup leaves nothing at the destination: the file, its -wal, -shm and -journal."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{dest}{suffix}").unlink()
