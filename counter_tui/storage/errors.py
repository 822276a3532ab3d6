"""Storage errors: a fault of the database file, in a sentence an operator can act on.

Their own module, so that `db.py` and `migrations.py` both use them without importing each other.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from counter_tui.domain.errors import CounterError

__all__ = ["DatabaseMissing", "StorageError", "translate_sqlite_error"]


class StorageError(CounterError):
    """A fault of the database file: missing, read-only, corrupt, locked, or from a newer version."""


class DatabaseMissing(StorageError):
    """The database file does not exist (yet)."""

    @classmethod
    def at(cls, path: Path) -> DatabaseMissing:
        """The one sentence for a missing database, wherever it is noticed."""
        return cls(f"Basis data belum ada: {path}. Jalankan 'counter-tui init' atau buka aplikasi untuk penyiapan awal.")


def translate_sqlite_error(error: sqlite3.Error, path: Path | None = None) -> StorageError:
    """Turn a sqlite3 error into a sentence an operator can act on."""
    text = str(error).lower()
    where = f" ({path})" if path else ""
    if "readonly" in text or "read-only" in text:
        return StorageError(f"Basis data hanya bisa dibaca{where}: periksa izin berkas atau media penyimpanan. Tidak ada yang diubah.")
    if "locked" in text or "busy" in text:
        return StorageError("Basis data sedang sibuk dipakai loket lain. Coba lagi sebentar lagi. Tidak ada yang diubah.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(f"Berkas basis data rusak atau bukan basis data counter_tui{where}. Jalankan 'counter-tui check'.")
    if "unable to open" in text:
        return StorageError(f"Berkas basis data tidak dapat dibuka{where}.")
    if "disk" in text or "full" in text:
        return StorageError(f"Gagal menulis ke disk{where}: periksa ruang kosong. Tidak ada yang diubah.")
    if isinstance(error, sqlite3.IntegrityError):
        return StorageError("Data ditolak oleh aturan basis data (duplikat atau tidak sah). Tidak ada yang diubah.")
    return StorageError(f"Kesalahan basis data{where}. Tidak ada yang diubah.")
