"""Database health: `check`, `backup` (online backup API, verified; the key file to a second place) and
`restore` (a verified backup put back in place, the replaced file kept aside, audited)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from counter_tui.domain.accounts import KIOSK, Actor
from counter_tui.domain.errors import CounterError
from counter_tui.domain.text import quoted_input
from counter_tui.paths import damage_marker_path, head_path, pepper_path
from counter_tui.storage import audit
from counter_tui.storage import office as office_store
from counter_tui.storage import restore as restore_store
from counter_tui.storage.chain_head import read_head_file
from counter_tui.storage.connection import DatabaseError
from counter_tui.storage.db import (
    Database,
    DatabaseDamaged,
    StorageError,
    check_path,
    has_office,
    is_marked_damaged,
    mark_damaged,
    open_database,
    os_error_message,
    shown_path,
)
from counter_tui.storage.migrations import migration_problems

KEY_BACKUP_SETTING = "key_file_backup_at"


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)
    migrations: list[str] = field(default_factory=list)
    broken_audit_row: tuple[int, str] | None = None
    audit_rows: int = 0
    missing_triggers: list[str] = field(default_factory=list)
    changed_triggers: list[str] = field(default_factory=list)
    head: list[str] = field(default_factory=list)
    setup: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            not self.integrity
            and not self.migrations
            and self.broken_audit_row is None
            and not self.missing_triggers
            and not self.changed_triggers
            and not self.head
            and not self.setup
        )

    def lines(self) -> list[str]:
        if self.ok:
            out = [
                "Integritas basis data: baik.",
                "Migrasi skema: lengkap.",
                f"Rantai log audit: utuh ({self.audit_rows} baris).",
            ]
        else:
            out = [f"Integritas basis data bermasalah: {p}" for p in self.integrity]
            if self.integrity:
                out.append(
                    "Penulisan dihentikan. Pulihkan dari cadangan: 'counter-tui restore BERKAS_CADANGAN'."
                )
            out += self.setup
            out += self.migrations
            if self.broken_audit_row:
                row_id, reason = self.broken_audit_row
                out.append(f"Rantai log audit rusak mulai baris {row_id}: {reason}.")
            if self.missing_triggers:
                out.append(
                    "Pelindung log audit (trigger) hilang: "
                    + ", ".join(self.missing_triggers)
                    + ". Log audit mungkin telah diubah."
                )
            out += self.changed_triggers
            out += self.head
        out += [f"Peringatan: {w}" for w in self.warnings]
        out += self.notes
        return out


def _check_head_file(db: Database, key: bytes, report: CheckReport) -> None:
    recorded = read_head_file(db.path, key)
    if recorded is None:
        if report.audit_rows:
            report.warnings.append(
                f"Berkas kepala rantai {shown_path(head_path(db.path))} tidak ada, jadi ekor log "
                "audit yang hilang tidak dapat dikenali. Berkas itu dibuat lagi pada penulisan "
                "berikutnya."
            )
        return
    if recorded.head is None:
        report.head.append(f"Berkas kepala rantai {shown_path(head_path(db.path))}: {recorded.problem}.")
        return
    head = recorded.head
    newest = audit.audit_chain_head(db.conn, count_rows=False)
    stored_hash = audit.hash_of_row(db.conn, head.last_id)
    if stored_hash is None and newest.last_id < head.last_id:
        report.head.append(
            f"Log audit lebih pendek dari catatan berkas kepala rantai: baris {newest.last_id + 1}-{head.last_id} "
            "hilang (ekor log dihapus, atau transaksi yang sudah tersimpan hilang dari berkas -wal yang rusak)."
        )
    elif stored_hash != head.last_hash:
        report.head.append(
            f"Baris log audit {head.last_id} berbeda dari catatan berkas kepala rantai (log diganti)."
        )


def check(db: Database, key: bytes | None = None) -> CheckReport:
    """Integrity, setup, migrations, the keyed audit chain, its triggers (by SQL text), the head file, audit times
    going back, and whether the key file was ever backed up. Corruption leaves the marker that stops writes; a
    clean check removes a marker left earlier."""
    report = CheckReport()
    conn = db.conn
    try:
        report.integrity = office_store.integrity_errors(conn)
        if report.integrity:
            mark_damaged(db.path, report.integrity[0])
            return report
        if not has_office(conn):
            report.setup.append(
                "Penyiapan awal belum selesai (tidak ada data kantor). Jalankan 'counter-tui init' lagi."
            )
        report.migrations = migration_problems(conn)
        if key is None:
            try:
                key = db.audit_key()
            except CounterError as error:
                report.broken_audit_row = None
                report.head.append(f"Rantai log audit tidak dapat diperiksa: {error.message}")
        report.audit_rows = audit.count(conn)
        if key is not None:
            report.broken_audit_row = audit.first_broken_row(conn, key)
            _check_head_file(db, key, report)
        report.missing_triggers = audit.missing_guards(conn)
        report.changed_triggers = audit.trigger_problems(conn)
        for row_id, before, at in audit.times_going_back(conn):
            report.warnings.append(
                f"Waktu log audit mundur pada baris {row_id}: {at} sesudah {before} "
                "(jam komputer pernah dimundurkan)."
            )
        if office_store.get_setting(conn, KEY_BACKUP_SETTING) is None and has_office(conn):
            report.warnings.append(
                "Berkas kunci belum pernah dicadangkan. Tanpa berkas kunci, data terenkripsi "
                "hilang: jalankan 'counter-tui backup TUJUAN --key-dest FOLDER_LAIN'."
            )
    except DatabaseError as error:
        report.integrity.append(str(error))
        mark_damaged(db.path, str(error))
        return report
    if report.ok and is_marked_damaged(db.path):
        with contextlib.suppress(OSError):
            damage_marker_path(db.path).unlink()
            report.notes.append("Tanda kerusakan dari sebelumnya dihapus: pemeriksaan sekarang baik.")
    return report


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


def audit_chain_head(db: Database) -> audit.ChainHead:
    """The audit chain head (newest row id and hash) and the row count, for the daily export's manifest."""
    with db.snapshot() as conn:
        return audit.audit_chain_head(conn)
