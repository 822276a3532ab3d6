"""Storage errors: a fault of the database file, in a sentence an operator can act on.

Their own module, so that `db.py` and `migrations.py` both use them without importing each other.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path

from counter_tui.domain.errors import CounterError
from counter_tui.domain.text import quoted_input

__all__ = [
    "DatabaseDamaged",
    "DatabaseMissing",
    "NotOurDatabase",
    "SetupIncomplete",
    "StorageError",
    "translate_sqlite_error",
]

PATH_QUOTE_LIMIT = 160

RESTORE_HINT = (
    "Jalankan 'counter-tui check' untuk rinciannya, lalu pulihkan dari cadangan dengan "
    "'counter-tui restore BERKAS_CADANGAN'."
)


def shown_path(path: Path | str) -> str:
    """A path as a message may quote it (control characters replaced, long paths cut)."""
    return quoted_input(str(path), PATH_QUOTE_LIMIT)


class StorageError(CounterError):
    """A fault of the database file: missing, read-only, corrupt, locked, or from a newer version."""


class DatabaseMissing(StorageError):
    """The database file does not exist (yet)."""

    @classmethod
    def at(cls, path: Path) -> DatabaseMissing:
        """The one sentence for a missing database, wherever it is noticed."""
        return cls(
            f"Basis data belum ada: {shown_path(path)}. Jalankan 'counter-tui init' atau buka aplikasi untuk "
            "penyiapan awal."
        )


class NotOurDatabase(StorageError):
    """The file is not a counter_tui database: a zero-byte file, another program's SQLite file, or not SQLite."""


class SetupIncomplete(StorageError):
    """Our database, but `init` (or the setup screen) never finished: no office row."""


class DatabaseDamaged(StorageError):
    """SQLite reported corruption (now or earlier: the marker file). Nothing is written until a restore."""


def damaged_message(path: Path) -> str:
    return f"Basis data {shown_path(path)} rusak; tidak ada yang ditulis lagi ke berkas ini. {RESTORE_HINT}"


def _is_corruption(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return (
        "malformed" in text
        or "corrupt" in text
        or getattr(error, "sqlite_errorname", "") in ("SQLITE_CORRUPT", "SQLITE_NOTADB")
    )


def translate_sqlite_error(error: sqlite3.Error, path: Path | None = None) -> StorageError:
    """Turn a sqlite3 error into a sentence an operator can act on."""
    text = str(error).lower()
    where = f" ({shown_path(path)})" if path else ""
    if "readonly" in text or "read-only" in text:
        culprit = read_only_sidecar(path) if path else None
        if culprit is not None:
            return StorageError(
                f"Berkas {shown_path(culprit)} hanya bisa dibaca, sehingga basis data tidak bisa ditulis. "
                "Perbaiki izinnya (chmod 600) atau hapus bila tidak ada proses yang memakainya. "
                "Tidak ada yang diubah."
            )
        return StorageError(
            f"Basis data hanya bisa dibaca{where}: periksa izin berkas atau media penyimpanan. Tidak ada yang diubah."
        )
    if "locked" in text or "busy" in text:
        return StorageError(
            "Basis data sedang sibuk dipakai loket lain. Coba lagi sebentar lagi. Tidak ada yang diubah."
        )
    if "not a database" in text:
        return NotOurDatabase(
            f"Berkas{where} bukan basis data SQLite, atau kepalanya rusak. Bila ini basis data "
            "counter_tui, pulihkan dari cadangan dengan 'counter-tui restore BERKAS_CADANGAN'."
        )
    if _is_corruption(error):
        return DatabaseDamaged(damaged_message(path) if path else f"Basis data rusak. {RESTORE_HINT}")
    if "unable to open" in text:
        return StorageError(f"Berkas basis data tidak dapat dibuka{where}.")
    if "full" in text:
        return StorageError(f"Disk penuh{where}: kosongkan ruang lalu ulangi. Tidak ada yang diubah.")
    if "disk i/o" in text:
        return StorageError(
            f"Gagal membaca atau menulis disk{where} (kesalahan I/O): periksa media penyimpanan. "
            "Tidak ada yang diubah."
        )
    if isinstance(error, sqlite3.IntegrityError):
        return StorageError(
            "Data ditolak oleh aturan basis data (duplikat atau tidak sah). Tidak ada yang diubah."
        )
    return StorageError(f"Kesalahan basis data{where}. Tidak ada yang diubah.")


def os_error_message(error: OSError, path: Path, doing: str) -> str:
    """An OSError as a sentence that says what really happened."""
    where = shown_path(path)
    if error.errno == errno.ENAMETOOLONG:
        return (
            f"Nama berkas terlalu panjang: salah satu bagian jalur {where} melebihi batas sistem berkas "
            "(biasanya 255 byte). Pilih nama yang lebih pendek."
        )
    if error.errno == errno.ENOSPC:
        return f"Disk penuh saat {doing} {where}. Kosongkan ruang lalu ulangi."
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"Tidak ada izin untuk {doing} {where}."
    if error.errno == errno.EROFS:
        return f"Media penyimpanan hanya bisa dibaca: {where}."
    reason = error.strerror or type(error).__name__
    return f"Gagal {doing} {where}: {reason}."


def read_only_sidecar(path: Path) -> Path | None:
    """A leftover -wal or -shm file we may not write (it blocks every write even after the DB's mode is fixed).
    The owner-write bit is checked too, because root's os.access ignores modes."""
    for suffix in ("-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        try:
            mode = candidate.stat().st_mode
        except OSError:
            continue
        if not os.access(candidate, os.W_OK) or (os.name == "posix" and not mode & stat.S_IWUSR):
            return candidate
    return None
