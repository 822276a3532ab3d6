"""Database health: `check` (integrity, migrations, audit chain) and `backup` (online backup API, verified)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from counter_tui.storage import audit
from counter_tui.storage import office as office_store
from counter_tui.storage.db import Database
from counter_tui.storage.errors import StorageError
from counter_tui.storage.migrations import migration_problems


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)
    migrations: list[str] = field(default_factory=list)
    broken_audit_row: tuple[int, str] | None = None
    audit_rows: int = 0
    missing_triggers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (not self.integrity and not self.migrations and self.broken_audit_row is None
                and not self.missing_triggers)

    def lines(self) -> list[str]:
        if self.ok:
            return [
                "Integritas basis data: baik.",
                "Migrasi skema: lengkap.",
                f"Rantai log audit: utuh ({self.audit_rows} baris).",
            ]
        out = [f"Integritas basis data bermasalah: {p}" for p in self.integrity]
        out += self.migrations
        if self.broken_audit_row:
            row_id, reason = self.broken_audit_row
            out.append(f"Rantai log audit rusak mulai baris {row_id}: {reason}.")
        if self.missing_triggers:
            out.append("Pelindung log audit (trigger) hilang: " + ", ".join(self.missing_triggers)
                       + ". Log audit mungkin telah diubah.")
        return out


def check(db: Database) -> CheckReport:
    report = CheckReport()
    try:
        report.integrity = office_store.integrity_errors(db.conn)
        report.migrations = migration_problems(db.conn)
        report.broken_audit_row = audit.first_broken_row(db.conn)
        report.audit_rows = audit.count(db.conn)
        report.missing_triggers = audit.missing_guards(db.conn)
    except sqlite3.DatabaseError as error:
        report.integrity.append(str(error))
    return report


@dataclass(frozen=True)
class BackupReport:
    dest: Path
    table_counts: dict[str, int]


def backup(db: Database, dest: Path) -> BackupReport:
    """Copy the live database with the online backup API, then verify the copy. Never overwrites a file."""
    dest = Path(dest).expanduser()
    if dest.exists():
        raise StorageError(f"Berkas tujuan sudah ada: {dest}. Cadangan tidak menimpa berkas; pilih nama lain.")
    if not dest.parent.is_dir():
        raise StorageError(f"Folder tujuan tidak ada: {dest.parent}.")
    if dest.resolve() == db.path.resolve():
        raise StorageError("Tujuan cadangan tidak boleh sama dengan basis data yang dipakai.")
    try:
        fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as error:
        raise StorageError(f"Berkas cadangan tidak dapat dibuat: {dest} ({error.strerror}).") from None
    try:
        with db.snapshot() as conn:
            expected = office_store.table_counts(conn)
            office_store.backup_to(conn, str(dest))
        problems, actual = office_store.inspect_copy(str(dest))
        if problems:
            raise StorageError(f"Cadangan gagal diverifikasi: {problems[0]}")
        if actual != expected:
            raise StorageError("Cadangan gagal diverifikasi: jumlah baris berbeda dari basis data asli.")
    except BaseException:
        with contextlib.suppress(OSError):
            dest.unlink()
        raise
    return BackupReport(dest=dest, table_counts=actual)
