"""Database health: `check` and its report, and `audit_chain_head`. Takes a Database (no actor)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from counter_tui.domain.errors import CounterError
from counter_tui.paths import damage_marker_path, head_path
from counter_tui.services.db_backup import KEY_BACKUP_SETTING
from counter_tui.storage import audit
from counter_tui.storage import office as office_store
from counter_tui.storage.chain_head import read_head_file
from counter_tui.storage.connection import DatabaseError
from counter_tui.storage.db import (
    Database,
    has_office,
    is_marked_damaged,
    mark_damaged,
    shown_path,
)
from counter_tui.storage.migrations import migration_problems


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


def audit_chain_head(db: Database) -> audit.ChainHead:
    """The audit chain head (newest row id and hash) and the row count, for the daily export's manifest."""
    with db.snapshot() as conn:
        return audit.audit_chain_head(conn)
