"""Opening the database: pragmas, file permissions, the pepper key, and BEGIN IMMEDIATE transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from counter_tui.domain.pins import new_pepper
from counter_tui.paths import pepper_path
from counter_tui.storage.errors import DatabaseMissing, StorageError, translate_sqlite_error
from counter_tui.storage.migrations import apply_migrations, check_not_newer

BUSY_TIMEOUT_MS = 10_000


def _create_private_file(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _secure_sidecars(path: Path) -> None:
    """The DB, -wal and -shm files are 0600 (SQLite gives the sidecars the DB file's mode; this is a backstop)."""
    if os.name != "posix":
        return
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(str(path) + suffix)
        with contextlib.suppress(FileNotFoundError, PermissionError):
            mode = candidate.stat().st_mode & 0o777
            if mode & 0o077:
                # Take away group/other access only; never add write access to a read-only file.
                os.chmod(candidate, mode & 0o700)


class Database:
    """One connection to the counter database. A connection belongs to the thread that opened it."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.conn = connection
        self._pepper: bytes | None = None

    # -- transactions -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: takes the write lock first, so read-then-write is safe across processes."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise translate_sqlite_error(error, self.path) from None
        try:
            yield self.conn
        except sqlite3.Error as error:
            self.conn.rollback()
            raise translate_sqlite_error(error, self.path) from None
        except BaseException:
            self.conn.rollback()
            raise
        try:
            self.conn.commit()
        except sqlite3.Error as error:
            self.conn.rollback()
            raise translate_sqlite_error(error, self.path) from None

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: several SELECTs see one consistent state. A fault becomes a StorageError, so a screen
        shows a sentence instead of crashing."""
        try:
            self.conn.execute("BEGIN")
        except sqlite3.Error as error:
            raise translate_sqlite_error(error, self.path) from None
        try:
            yield self.conn
        except sqlite3.Error as error:
            raise translate_sqlite_error(error, self.path) from None
        finally:
            with contextlib.suppress(sqlite3.Error):
                self.conn.rollback()

    def data_version(self) -> int:
        """Changes whenever another connection commits: the cheap change check for screens and the board."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- pepper -------------------------------------------------------------------------------------
    @property
    def pepper(self) -> bytes:
        if self._pepper is None:
            self._pepper = load_pepper(self.path)
        return self._pepper

    def create_pepper(self) -> None:
        path = pepper_path(self.path)
        if path.exists():
            self._pepper = load_pepper(self.path)
            return
        _create_private_file(path)
        path.write_text(new_pepper().hex() + "\n", encoding="ascii")
        self._pepper = load_pepper(self.path)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()


def load_pepper(db_path: Path) -> bytes:
    path = pepper_path(db_path)
    try:
        text = path.read_text(encoding="ascii").strip()
        pepper = bytes.fromhex(text)
    except FileNotFoundError:
        raise StorageError(
            f"Berkas kunci pepper tidak ditemukan: {path}. Tanpa berkas ini PIN tidak dapat diperiksa; "
            "pulihkan dari cadangan."
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise StorageError(f"Berkas kunci pepper rusak: {path}.") from None
    if len(pepper) < 16:
        raise StorageError(f"Berkas kunci pepper rusak: {path}.")
    return pepper


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not read_only:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StorageError("Basis data tidak dapat dialihkan ke mode WAL.")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_database(path: Path, *, create: bool = False, migrate: bool = True, read_only: bool = False) -> Database:
    """Open (or, with create=True, create) the database and bring its schema up to date.

    Only `init` and the first run of the TUI pass create=True; every other command refuses a missing file.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise StorageError(f"Folder basis data tidak ada: {path.parent}. Buat foldernya dahulu atau pilih lokasi lain.")
    if path.is_dir():
        raise StorageError(f"{path} adalah folder, bukan berkas basis data.")
    created = False
    if not path.exists():
        if not create:
            raise DatabaseMissing.at(path)
        try:
            _create_private_file(path)
        except OSError as error:
            raise StorageError(f"Berkas basis data tidak dapat dibuat di {path.parent}: {error.strerror}.") from None
        created = True
    try:
        conn = _connect(path, read_only=read_only)
    except sqlite3.Error as error:
        if created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise translate_sqlite_error(error, path) from None
    database = Database(path, conn)
    try:
        check_not_newer(conn)
        if migrate and not read_only:
            apply_migrations(conn)
    except sqlite3.Error as error:
        database.close()
        raise translate_sqlite_error(error, path) from None
    except BaseException:
        database.close()
        raise
    _secure_sidecars(path)
    return database
