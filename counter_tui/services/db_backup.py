"""`backup`: the online backup API, verified, and the key file to a second place. Takes a Database (no actor)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from counter_tui.domain.accounts import KIOSK, Actor
from counter_tui.domain.text import quoted_input
from counter_tui.paths import pepper_path
from counter_tui.storage import audit
from counter_tui.storage import office as office_store
from counter_tui.storage import restore as restore_store
from counter_tui.storage.connection import DatabaseError
from counter_tui.storage.db import (
    Database,
    DatabaseDamaged,
    StorageError,
    is_marked_damaged,
    mark_damaged,
    os_error_message,
    shown_path,
)

KEY_BACKUP_SETTING = "key_file_backup_at"


# -- backup --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupReport:
    dest: Path
    table_counts: dict[str, int]
    key_copy: Path | None = None


def _same_dir(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        return a.resolve() == b.resolve()
    return False


def backup(
    db: Database, dest: Path, key_dest: Path | None = None, actor: Actor = KIOSK, now: datetime | None = None
) -> BackupReport:
    """Copy the live database with the online backup API, then verify the copy. Never overwrites a file.
    With key_dest, the key file is copied into that folder too (never beside the database copy)."""
    dest = Path(dest).expanduser()
    if is_marked_damaged(db.path):
        raise DatabaseDamaged(
            f"Basis data {shown_path(db.path)} ditandai rusak, jadi cadangan tidak dibuat (cadangan "
            "yang rusak tidak berguna). Jalankan 'counter-tui check'; pulihkan dengan "
            "'counter-tui restore' dari cadangan yang lebih lama."
        )
    if dest.is_dir():
        raise StorageError(
            f"Tujuan {shown_path(dest)} adalah folder. Berikan nama berkas cadangan di dalamnya, "
            f"misalnya {shown_path(dest / 'counter-cadangan.db')}."
        )
    try:
        exists = dest.exists() or dest.is_symlink()
    except OSError as error:
        raise StorageError(os_error_message(error, dest, "memeriksa")) from None
    if exists:
        raise StorageError(
            f"Berkas tujuan sudah ada: {shown_path(dest)}. Cadangan tidak menimpa berkas; pilih nama lain."
        )
    if not dest.parent.is_dir():
        raise StorageError(f"Folder tujuan tidak ada: {shown_path(dest.parent)}.")
    if dest.resolve() == db.path.resolve():
        raise StorageError("Tujuan cadangan tidak boleh sama dengan basis data yang dipakai.")
    if key_dest is not None:
        key_dest = Path(key_dest).expanduser()
        if not key_dest.is_dir():
            raise StorageError(f"Folder tujuan berkas kunci tidak ada: {shown_path(key_dest)}.")
        if _same_dir(key_dest, dest.parent) or _same_dir(key_dest, db.path.parent):
            raise StorageError(
                "Berkas kunci harus disimpan di tempat lain dari salinan basis data dan dari basis "
                "data itu sendiri (pencuri salinan tidak boleh mendapat kuncinya sekaligus)."
            )
        if (key_dest / f"{dest.name}.pepper").exists():
            raise StorageError(
                f"Berkas kunci tujuan sudah ada: {shown_path(key_dest / f'{dest.name}.pepper')}."
            )
    try:
        fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as error:
        raise StorageError(os_error_message(error, dest, "membuat berkas cadangan")) from None
    try:
        with db.snapshot() as conn:
            expected = office_store.table_counts(conn)
            try:
                office_store.backup_to(conn, str(dest))
            except DatabaseError as error:
                raise _backup_fault(db, dest, error) from None
        try:
            problems, actual = office_store.inspect_copy(str(dest))
        except DatabaseError as error:
            problems, actual = [str(error)], {}
        if problems:
            mark_damaged(db.path, problems[0])
            raise DatabaseDamaged(
                f"Basis data sumber rusak (pemeriksaan salinan: {quoted_input(problems[0], 120)}); "
                "cadangan tidak dibuat dan penulisan dihentikan. Cadangan lama tetap berlaku: "
                "pulihkan dengan 'counter-tui restore BERKAS_CADANGAN'."
            )
        if actual != expected:
            raise StorageError("Cadangan gagal diverifikasi: jumlah baris berbeda dari basis data asli.")
    except BaseException:
        restore_store.remove_copy(dest)
        raise
    key_copy = None
    if key_dest is not None:
        key_copy = key_dest / f"{dest.name}.pepper"
        try:
            restore_store.copy_private(pepper_path(db.path), key_copy)
        except OSError as error:
            raise StorageError(
                "Cadangan basis data selesai, tetapi berkas kunci gagal disalin: "
                + os_error_message(error, key_copy, "menulis")
            ) from None
        moment = now or datetime.now(UTC)
        with db.transaction() as conn:
            office_store.set_setting(conn, KEY_BACKUP_SETTING, moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
            audit.append(
                conn, actor, "keyfile.backup", "key_file", {"to": quoted_input(str(key_copy), 200)}, moment
            )
    return BackupReport(dest=dest, table_counts=actual, key_copy=key_copy)


def _backup_fault(db: Database, dest: Path, error: DatabaseError) -> StorageError:
    text = str(error).lower()
    if "full" in text:
        return StorageError(
            f"Disk tujuan penuh: {shown_path(dest)}. Cadangan tidak dibuat dan tidak ada sisa berkas "
            "di tujuan; basis data tidak berubah."
        )
    if "malformed" in text or "corrupt" in text:
        mark_damaged(db.path, str(error))
        return DatabaseDamaged(
            "Basis data sumber rusak, jadi cadangan tidak dibuat; penulisan dihentikan. "
            "Jalankan 'counter-tui check'; pulihkan dengan 'counter-tui restore BERKAS_CADANGAN'."
        )
    return StorageError(
        f"Cadangan ke {shown_path(dest)} gagal ({quoted_input(str(error), 80)}). Tidak ada sisa "
        "berkas di tujuan; basis data tidak berubah."
    )
