"""First run: the office, its region and the first supervisor (the setup screen and `init` both call it)."""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain import pins
from counter_tui.domain.accounts import Actor, Role, normalize_code, normalize_full_name
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import Conflict, ValidationError
from counter_tui.domain.region import lookup_region
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import office as office_store
from counter_tui.storage import operators as operator_store
from counter_tui.storage.office import Office


@dataclass(frozen=True, slots=True)
class SetupRequest:
    office_name: str
    region_code: str
    supervisor_code: str
    supervisor_name: str
    pin: str
    pin_again: str


def needs_setup(session: Session) -> bool:
    return office_store.get_office(session.db.conn) is None


def get_office(session: Session) -> Office | None:
    return office_store.get_office(session.db.conn)


def setup_office(session: Session, request: SetupRequest) -> Office:
    """First run: the office, its region, and the first supervisor. Refused once an office exists."""
    from counter_tui.services.queue_config import seed_queue_defaults

    db = session.db
    name = " ".join((request.office_name or "").split())
    if not name:
        raise ValidationError("Nama kantor wajib diisi.")
    if len(name) > 200:
        raise ValidationError("Nama kantor terlalu panjang (maksimal 200 karakter).")
    region = lookup_region(request.region_code)
    code = normalize_code(request.supervisor_code)
    full_name = normalize_full_name(request.supervisor_name)
    pins.check_new_pin(request.pin, request.pin_again)
    db.create_pepper()
    salt = pins.new_salt()
    digest = pins.hash_pin(request.pin, salt, db.pepper)
    now = session.now()
    office = Office(name=name, region_code=region.code, region_name=region.name)
    with db.transaction() as conn:
        if office_store.get_office(conn) is not None:
            raise Conflict("Kantor sudah disiapkan sebelumnya; penyiapan awal tidak bisa diulang.")
        office_store.insert_office(conn, office, to_utc_text(now))
        supervisor_id = operator_store.insert(conn, code, full_name, Role.SUPERVISOR, salt, digest, to_utc_text(now))
        seed_queue_defaults(conn)
        actor = Actor(supervisor_id, code, Role.SUPERVISOR, 0, full_name)
        audit.append(conn, actor, "office.setup", "office", {"name": name, "region": region.code}, now)
        audit.append(conn, actor, "operator.add", f"operator:{code}", {"role": "supervisor"}, now)
    return office
