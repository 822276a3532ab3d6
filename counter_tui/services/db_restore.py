"""`restore`: a verified backup put back in place, the replaced file kept aside, audited. Takes a Database."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from counter_tui.domain.accounts import KIOSK, Actor
from counter_tui.domain.text import quoted_input
from counter_tui.paths import damage_marker_path, head_path, pepper_path
from counter_tui.services.db_backup import _same_dir
from counter_tui.storage import audit
from counter_tui.storage import restore as restore_store
from counter_tui.storage.db import (
    StorageError,
    check_path,
    open_database,
    os_error_message,
    shown_path,
)


# -- restore -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RestoreReport:
    database: Path
    kept_as: Path | None
    key_replaced: bool
    audit_rows: int


def restore(
    db_path: Path,
    backup_file: Path,
    key_file: Path | None = None,
    now: datetime | None = None,
    actor: Actor = KIOSK,
) -> RestoreReport:
    """Put a verified backup in place of the database. Refused while another process has the database open.
    The replaced database (and its -wal) is kept aside as `<db>.before-restore-<UTC time>`; the restore is
    audited in the restored database."""
    moment = now or datetime.now(UTC)
    stamp = moment.strftime("%Y%m%dT%H%M%SZ")
    backup_file = Path(backup_file).expanduser()
    db_path = Path(db_path)
    if check_path(backup_file) is None:
        raise StorageError(f"Berkas cadangan tidak ada: {shown_path(backup_file)}.")
    if _same_dir(backup_file, db_path):
        raise StorageError("Berkas cadangan adalah basis data itu sendiri; pilih berkas cadangan.")
    check_path(db_path)  # a folder, a FIFO, a too-long name: said before anything changes
    if key_file is not None:
        key_file = Path(key_file).expanduser()
        if check_path(key_file) is None:
            raise StorageError(f"Berkas kunci tidak ada: {shown_path(key_file)}.")
        key_bytes_source = key_file
    else:
        key_bytes_source = pepper_path(db_path)
        if not key_bytes_source.exists():
            raise StorageError(
                f"Berkas kunci {shown_path(key_bytes_source)} tidak ada. Beri berkas kunci yang "
                "dicadangkan bersama cadangan ini: --key-file BERKAS."
            )
    from counter_tui.domain.keys import PURPOSE_AUDIT_CHAIN, derive_key
    from counter_tui.storage.db import load_pepper

    if key_file is not None:
        try:
            key_bytes = bytes.fromhex(key_file.read_text(encoding="ascii").strip())
        except (ValueError, UnicodeDecodeError, OSError):
            raise StorageError(
                f"Berkas kunci {shown_path(key_file)} rusak atau tidak dapat dibaca."
            ) from None
        if len(key_bytes) < 16:
            raise StorageError(f"Berkas kunci {shown_path(key_file)} rusak.")
    else:
        key_bytes = load_pepper(db_path)
    problems = restore_store.backup_problems(backup_file, derive_key(key_bytes, PURPOSE_AUDIT_CHAIN))
    if problems:
        raise StorageError(
            f"Cadangan {shown_path(backup_file)} tidak dipulihkan: {problems[0]}. Basis data tidak diubah."
        )
    kept_as: Path | None = None
    key_replaced = False
    directory = db_path.parent
    incoming = directory / f".{db_path.name}.restore-{stamp}"
    try:
        restore_store.copy_private(backup_file, incoming)
    except OSError as error:
        raise StorageError(os_error_message(error, incoming, "menyalin cadangan ke")) from None
    try:
        with restore_store.exclusive_use(db_path):
            if db_path.exists():
                kept_as = directory / f"{db_path.name}.before-restore-{stamp}"
                os.rename(db_path, kept_as)
                wal = Path(f"{db_path}-wal")
                if wal.exists():
                    os.rename(wal, Path(f"{kept_as}-wal"))
            for leftover in (Path(f"{db_path}-shm"),):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            head = head_path(db_path)
            if head.exists():
                os.rename(head, directory / f"{head.name}.before-restore-{stamp}")
            with contextlib.suppress(FileNotFoundError):
                damage_marker_path(db_path).unlink()
            os.rename(incoming, db_path)
            if key_file is not None:
                current = pepper_path(db_path)
                if current.exists() and current.read_bytes().strip() != key_file.read_bytes().strip():
                    os.rename(current, directory / f"{current.name}.before-restore-{stamp}")
                    key_replaced = True
                if not current.exists():
                    restore_store.copy_private(key_file, current)
                    key_replaced = True
            restore_store.fsync_dir(directory)
    except OSError as error:
        with contextlib.suppress(OSError):
            incoming.unlink()
        raise StorageError(os_error_message(error, db_path, "memulihkan")) from None
    finally:
        with contextlib.suppress(OSError):
            incoming.unlink()
    db = open_database(db_path)
    try:
        with db.transaction() as conn:
            audit.append(
                conn,
                actor,
                "database.restore",
                "database",
                {
                    "backup": quoted_input(backup_file.name, 100),
                    "kept_as": kept_as.name if kept_as else None,
                    "key_file_replaced": key_replaced,
                },
                moment,
            )
        rows = audit.count(db.conn)
    finally:
        db.close()
    return RestoreReport(db_path, kept_as, key_replaced, rows)
