"""First run: the office, its region and the first supervisor (the setup screen and `init` both call it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from counter_tui.domain import pins
from counter_tui.domain.accounts import Actor, Role, normalize_code, normalize_full_name
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import Conflict
from counter_tui.domain.office import Office
from counter_tui.domain.region import Region, lookup_region
from counter_tui.domain.text import clean_text
from counter_tui.paths import head_path, pepper_path, prepare_database_dir
from counter_tui.services.session import Clock, Session, SystemClock
from counter_tui.storage import audit
from counter_tui.storage import office as office_store
from counter_tui.storage import operators as operator_store
from counter_tui.storage.db import check_path, open_database, os_error_message
from counter_tui.storage.errors import StorageError

OFFICE_NAME_MAX_LENGTH = 200


@dataclass(frozen=True, slots=True)
class SetupRequest:
    office_name: str
    region_code: str
    supervisor_code: str
    supervisor_name: str
    pin: str
    pin_again: str


def needs_setup(session: Session) -> bool:
    return get_office(session) is None


def get_office(session: Session) -> Office | None:
    with session.read() as conn:
        return office_store.get_office(conn)


@dataclass(frozen=True, slots=True)
class ValidSetup:
    """A setup request that passed every check, normalized (spaces collapsed, code upper-case)."""

    office_name: str
    region: Region
    supervisor_code: str
    supervisor_name: str
    pin: str


def validate_setup(request: SetupRequest) -> ValidSetup:
    """Every check of the first run, before anything touches the disk. Raises ValidationError."""
    name = clean_text(request.office_name, "Nama kantor", max_length=OFFICE_NAME_MAX_LENGTH)
    region = lookup_region(request.region_code)
    code = normalize_code(request.supervisor_code)
    full_name = normalize_full_name(request.supervisor_name)
    pins.check_new_pin(request.pin, request.pin_again)
    return ValidSetup(name, region, code, full_name, request.pin)


def setup_office(session: Session, request: SetupRequest) -> Office:
    """First run: the office, its region, and the first supervisor. Refused once an office exists."""
    from counter_tui.services.queue_config import seed_queue_defaults

    db = session.db
    valid = validate_setup(request)
    db.create_pepper()
    salt = pins.new_salt()
    digest = pins.hash_pin(valid.pin, salt, db.pepper)
    now = session.now()
    code, full_name, region = valid.supervisor_code, valid.supervisor_name, valid.region
    office = Office(name=valid.office_name, region_code=region.code, region_name=region.name)
    with session.write(recheck=False) as conn:  # nobody to re-check yet
        if office_store.get_office(conn) is not None:
            raise Conflict("Kantor sudah disiapkan sebelumnya; penyiapan awal tidak bisa diulang.")
        office_store.insert_office(conn, office, to_utc_text(now))
        supervisor_id = operator_store.insert(
            conn, code, full_name, Role.SUPERVISOR, salt, digest, to_utc_text(now)
        )
        seed_queue_defaults(conn)
        actor = Actor(supervisor_id, code, Role.SUPERVISOR, 0, full_name)
        audit.append(conn, actor, "office.setup", "office", {"name": office.name, "region": region.code}, now)
        audit.append(conn, actor, "operator.add", f"operator:{code}", {"role": "supervisor"}, now)
    return office


def create_office_database(path: Path, request: SetupRequest, clock: Clock | None = None) -> Office:
    """`init`: a new database file with its office and first supervisor, or nothing at all.

    The request is validated before any file is created; the folder follows the same rule as the TUI's first
    run (`prepare_database_dir`); a failure removes the files this call created (the database and its -wal/-shm,
    and the pepper unless one was there before: it may belong to a backup being restored). The TUI's first run
    calls `setup_office` on the database it opened at start-up, which it keeps for the next try."""
    validate_setup(request)
    path = Path(path)
    prepare_database_dir(path)
    existed = (
        check_path(path) is not None
    )  # a too-long name, a FIFO, a folder: said here, before anything is made
    try:
        pepper_existed = pepper_path(path).exists()
    except OSError as error:
        raise StorageError(os_error_message(error, pepper_path(path), "memeriksa berkas kunci")) from None
    db = None
    try:
        db = open_database(path, create=True)
        session = Session(db, clock=clock or SystemClock())
        if not needs_setup(session):
            raise StorageError(f"Basis data {path} sudah disiapkan sebelumnya; init tidak mengubah apa pun.")
        office = setup_office(session, request)
    except BaseException:
        if db is not None:
            db.close()
        if not existed:
            leftovers = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), head_path(path)]
            if not pepper_existed:
                leftovers.append(pepper_path(path))
            for leftover in leftovers:
                leftover.unlink(missing_ok=True)
        raise
    db.close()
    return office
