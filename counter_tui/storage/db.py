"""Opening the database: what the file is, pragmas, file permissions, the key file, and transactions.

Before SQLite writes anything, `open_database` finds out what the file is: ours (our `application_id`), a
counter_tui database from before the id was set, a half-made one (a killed `init`), a zero-byte file, some other
program's SQLite file, or not SQLite at all. Only `init` and the TUI's first run create a schema, and only in a
new (or zero-byte) file; every other command refuses anything that is not a finished counter_tui database.

When SQLite reports corruption, a marker file beside the database (`<db>.damaged`) stops every process from
writing until `counter-tui restore` (or a clean `counter-tui check`) removes it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from counter_tui.domain.text import quoted_input
from counter_tui.paths import damage_marker_path, head_path, pepper_path
from counter_tui.storage.errors import (
    RESTORE_HINT,
    DatabaseDamaged,
    DatabaseMissing,
    NotOurDatabase,
    SetupIncomplete,
    StorageError,
    _is_corruption,
    damaged_message,
    os_error_message,
    read_only_sidecar,
    shown_path,
    translate_sqlite_error,
)
from counter_tui.storage.migrations import (
    apply_migrations,
    check_not_newer,
    is_current,
    known_migrations,
    mark_current,
)

__all__ = [
    "RESTORE_HINT",
    "DatabaseDamaged",
    "DatabaseMissing",
    "NotOurDatabase",
    "SetupIncomplete",
    "StorageError",
    "damaged_message",
    "os_error_message",
    "read_only_sidecar",
    "shown_path",
    "translate_sqlite_error",
]

BUSY_TIMEOUT_MS = 10_000
# "CTUI" in ASCII: PRAGMA application_id of every counter_tui database (offset 68 of the SQLite header).
APPLICATION_ID = 0x43545549
SQLITE_MAGIC = b"SQLite format 3\x00"


def _create_private_file(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def tighten_mode(candidate: Path) -> None:
    """Take away group/other access only; never add write access to a read-only file."""
    if os.name != "posix":
        return
    with contextlib.suppress(FileNotFoundError, PermissionError):
        mode = candidate.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(candidate, mode & 0o700)


def _secure_sidecars(path: Path) -> None:
    """The DB, -wal, -shm, key, head and marker files are 0600 (SQLite gives the sidecars the DB file's mode;
    this is a backstop)."""
    for candidate in (
        path,
        Path(f"{path}-wal"),
        Path(f"{path}-shm"),
        pepper_path(path),
        head_path(path),
        damage_marker_path(path),
    ):
        tighten_mode(candidate)


def mark_damaged(path: Path, reason: str) -> None:
    """Leave the marker that stops writes in every process. Best effort: the disk may be the problem."""
    marker = damage_marker_path(path)
    with contextlib.suppress(OSError):
        fd = os.open(marker, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        try:
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            os.write(fd, f"{stamp} {quoted_input(reason, 200)}\n".encode())
        finally:
            os.close(fd)


def is_marked_damaged(path: Path) -> bool:
    return damage_marker_path(path).exists()


class CounterConnection(sqlite3.Connection):
    """A sqlite3 connection that knows where its audit-chain key comes from, and whether the open transaction
    appended audit rows (so the head file beside the database is updated after the commit)."""

    audit_key_source: Callable[[], bytes] | None = None
    audit_appended: bool = False


class Database:
    """One connection to the counter database. A connection belongs to the thread that opened it."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.conn = connection
        self._pepper: bytes | None = None
        self._audit_key: bytes | None = None
        if isinstance(connection, CounterConnection):
            connection.audit_key_source = self.audit_key

    # -- transactions -------------------------------------------------------------------------------
    def _fault(self, error: sqlite3.Error) -> StorageError:
        if _is_corruption(error):
            mark_damaged(self.path, str(error))
        return translate_sqlite_error(error, self.path)

    def refuse_if_damaged(self) -> None:
        if is_marked_damaged(self.path):
            raise DatabaseDamaged(damaged_message(self.path))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: takes the write lock first, so read-then-write is safe across processes."""
        self.refuse_if_damaged()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._fault(error) from None
        if isinstance(self.conn, CounterConnection):
            self.conn.audit_appended = False
        try:
            yield self.conn
        except sqlite3.Error as error:
            self._rollback()
            raise self._fault(error) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.commit()
        except sqlite3.Error as error:
            self._rollback()
            raise self._fault(error) from None
        if isinstance(self.conn, CounterConnection) and self.conn.audit_appended:
            self.conn.audit_appended = False
            from counter_tui.storage.chain_head import update_head_file

            update_head_file(self)

    def _rollback(self) -> None:
        # A failing ROLLBACK (disk full, I/O error) must not hide the error that made us roll back.
        with contextlib.suppress(sqlite3.Error):
            self.conn.rollback()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: several SELECTs see one consistent state. A fault becomes a StorageError, so a screen
        shows a sentence instead of crashing."""
        try:
            self.conn.execute("BEGIN")
        except sqlite3.Error as error:
            raise self._fault(error) from None
        try:
            yield self.conn
        except sqlite3.Error as error:
            raise self._fault(error) from None
        finally:
            with contextlib.suppress(sqlite3.Error):
                self.conn.rollback()

    def data_version(self) -> int:
        """Changes whenever another connection commits: the cheap change check for screens and the board."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- the key file -------------------------------------------------------------------------------
    @property
    def pepper(self) -> bytes:
        if self._pepper is None:
            self._pepper = load_pepper(self.path)
        return self._pepper

    def audit_key(self) -> bytes:
        if self._audit_key is None:
            from counter_tui.domain.keys import PURPOSE_AUDIT_CHAIN, derive_key

            self._audit_key = derive_key(self.pepper, PURPOSE_AUDIT_CHAIN)
        return self._audit_key

    def create_pepper(self) -> None:
        path = pepper_path(self.path)
        if path.exists():
            self._pepper = load_pepper(self.path)
            return
        try:
            _create_private_file(path)
            # Imported only when creating: keeps `secrets` off every open.
            from counter_tui.domain.pins import new_pepper

            path.write_text(new_pepper().hex() + "\n", encoding="ascii")
        except OSError as error:
            with contextlib.suppress(OSError):
                if path.stat().st_size == 0:
                    path.unlink()
            raise StorageError(os_error_message(error, path, "membuat berkas kunci")) from None
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
            f"Berkas kunci tidak ditemukan: {shown_path(path)}. Tanpa berkas ini PIN tidak dapat diperiksa dan data "
            "terenkripsi tidak dapat dibaca; pulihkan dari cadangan berkas kunci."
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise StorageError(f"Berkas kunci rusak: {shown_path(path)}.") from None
    if len(pepper) < 16:
        raise StorageError(f"Berkas kunci rusak: {shown_path(path)}.")
    tighten_mode(path)  # the key file is treated like the database: group/other access is taken away
    return pepper


def _connect(path: Path, *, read_only: bool = False) -> CounterConnection:
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, factory=CounterConnection
        )
    else:
        conn = sqlite3.connect(path, isolation_level=None, factory=CounterConnection)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _configure(conn: sqlite3.Connection, *, read_only: bool) -> None:
    if not read_only:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StorageError("Basis data tidak dapat dialihkan ke mode WAL.")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


# -- what the file is -------------------------------------------------------------------------------
OURS, LEGACY, EMPTY_SQLITE = "ours", "legacy", "empty"


def identify(conn: sqlite3.Connection) -> tuple[str, str]:
    """(kind, description). Reads only: nothing is written to a file that may not be ours."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    if app_id == APPLICATION_ID:
        return OURS, ""
    if app_id == 0 and "schema_migrations" in tables:
        first = conn.execute("SELECT name FROM schema_migrations WHERE version = 1").fetchone()
        if first is not None and first[0] == known_migrations()[0].name:
            return LEGACY, ""  # written before the application_id was set; migration 0003 sets it
    if app_id == 0 and not tables:
        return EMPTY_SQLITE, "basis data SQLite kosong tanpa tabel"
    shown = ", ".join(quoted_input(t, 30) for t in tables[:5]) + (", …" if len(tables) > 5 else "")
    owner = f"application_id {app_id:#x}" if app_id else "tanpa application_id counter_tui"
    return "foreign", f"basis data SQLite milik program lain ({owner}; {len(tables)} tabel: {shown or '-'})"


def has_office(conn: sqlite3.Connection) -> bool:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'office'").fetchone()
    return bool(exists) and conn.execute("SELECT 1 FROM office WHERE id = 1").fetchone() is not None


def check_path(path: Path) -> os.stat_result | None:
    """The stat of an existing regular file, None when it does not exist; a sentence for everything else."""
    if not str(path).strip():
        raise StorageError("Jalur basis data kosong. Sebutkan berkas basis data.")
    try:
        if not path.parent.is_dir():
            raise StorageError(
                f"Folder basis data tidak ada: {shown_path(path.parent)}. Buat foldernya dahulu atau "
                "pilih lokasi lain."
            )
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(os_error_message(error, path, "membuka")) from None
    if stat.S_ISDIR(info.st_mode):
        raise StorageError(f"{shown_path(path)} adalah folder, bukan berkas basis data.")
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "pipa (FIFO)"
            if stat.S_ISFIFO(info.st_mode)
            else "berkas perangkat"
            if (stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode))
            else "soket"
            if stat.S_ISSOCK(info.st_mode)
            else "berkas khusus"
        )
        raise StorageError(f"{shown_path(path)} bukan berkas biasa ({kind}); basis data harus berkas biasa.")
    return info


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(100)
    except OSError as error:
        raise StorageError(os_error_message(error, path, "membaca")) from None


def open_database(
    path: Path,
    *,
    create: bool = False,
    migrate: bool = True,
    read_only: bool = False,
    allow_damaged: bool = False,
    allow_unfinished: bool | None = None,
) -> Database:
    """Open (or, with create=True, create) the database and bring its schema up to date.

    Only `init` and the first run of the TUI pass create=True; every other command refuses a missing file, a
    file that is not ours, a half-made one, and (unless allow_damaged, for `check`, `backup` and `restore`) one
    marked as damaged.
    """
    path = Path(path)
    if allow_unfinished is None:
        allow_unfinished = create
    info = check_path(path)
    created = False
    if info is None:
        if not create:
            raise DatabaseMissing.at(path)
        try:
            _create_private_file(path)
        except OSError as error:
            raise StorageError(os_error_message(error, path, "membuat berkas basis data")) from None
        created = True
    elif info.st_size == 0 and _size(Path(f"{path}-wal")) == 0:
        if not create:
            raise NotOurDatabase(
                f"Berkas {shown_path(path)} kosong (0 byte), bukan basis data counter_tui. "
                "Bila ini sisa 'init' yang terputus, jalankan 'counter-tui init' lagi."
            )
        created = True  # nothing to lose: init (or the setup screen) may build the database in it
    else:
        if not _read_header(path).startswith(SQLITE_MAGIC) and not Path(f"{path}-wal").exists():
            raise NotOurDatabase(
                f"Berkas {shown_path(path)} bukan basis data SQLite; tidak ada yang diubah. Bila "
                "ini basis data counter_tui yang rusak, pulihkan dengan 'counter-tui restore "
                "BERKAS_CADANGAN'."
            )
    if not allow_damaged and is_marked_damaged(path):
        raise DatabaseDamaged(damaged_message(path))
    if not created and not read_only:
        culprit = read_only_sidecar(path)
        if culprit is not None:
            raise StorageError(
                f"Berkas {shown_path(culprit)} hanya bisa dibaca, sehingga basis data tidak bisa "
                "ditulis. Perbaiki izinnya (chmod 600) atau hapus bila tidak ada proses yang "
                "memakainya. Tidak ada yang diubah."
            )
    try:
        conn = _connect(path, read_only=read_only)
    except sqlite3.Error as error:
        if created and info is None:
            with contextlib.suppress(OSError):
                path.unlink()
        raise translate_sqlite_error(error, path) from None
    database = Database(path, conn)
    kind = OURS
    try:
        if not created:
            kind, found = identify(conn)
            if kind not in (OURS, LEGACY):
                raise NotOurDatabase(
                    f"Berkas {shown_path(path)} bukan basis data counter_tui: {found}. Tidak ada "
                    "yang diubah; pilih berkas lain dengan --db."
                )
        _configure(conn, read_only=read_only)
        if created:
            # The id goes in first, in its own transaction: a killed init leaves a file we recognise as ours.
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        # The fast path of every open: the schema fingerprint (PRAGMA user_version) and the newest applied version
        # say the schema is exactly this app's, so no migration file is read. Otherwise check that the file is not
        # from a newer app, apply what is missing and record the fingerprint. `check` verifies every checksum.
        current = is_current(conn) if not created else False
        if not current:
            check_not_newer(conn)
        if migrate and not read_only:
            applied = [] if current else apply_migrations(conn)
            if not current:
                mark_current(conn)
            if not created and kind == LEGACY:
                # Ours from before the id (or the id was lost): mark it, so it is never taken for a stranger's.
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute("COMMIT")
            if applied:
                from counter_tui.storage.audit import seal_plain_chain

                seal_plain_chain(database)
        if not allow_unfinished and not has_office(conn):
            raise SetupIncomplete(
                f"Penyiapan basis data {shown_path(path)} belum selesai (tidak ada data kantor; "
                "'init' mungkin terputus). Jalankan 'counter-tui init' lagi, atau buka aplikasi "
                "untuk penyiapan awal."
            )
    except sqlite3.Error as error:
        database.close()
        if _is_corruption(error):
            mark_damaged(path, str(error))
        raise translate_sqlite_error(error, path) from None
    except BaseException:
        database.close()
        raise
    _secure_sidecars(path)
    return database
