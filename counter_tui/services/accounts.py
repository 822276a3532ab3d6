"""Setup, login and operator accounts."""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain import pins
from counter_tui.domain.accounts import (
    DEFAULT_IDLE_LOCK_MINUTES,
    Actor,
    Operator,
    Role,
    normalize_code,
    normalize_full_name,
    parse_counter,
    parse_idle_minutes,
    register_failed_login,
    require_supervisor,
)
from counter_tui.domain.clock import SystemClock, to_utc_text
from counter_tui.domain.errors import AuthError, Conflict, NotFound, PermissionDenied, ValidationError
from counter_tui.domain.region import lookup_region
from counter_tui.domain.text import clean_text
from counter_tui.services._acting import acting, check_actor
from counter_tui.storage import audit
from counter_tui.storage import office as office_store
from counter_tui.storage import operators as operator_store
from counter_tui.storage.db import Database
from counter_tui.storage.office import Office

IDLE_SETTING = "idle_lock_minutes"
OFFICE_NAME_MAX_LENGTH = 200


@dataclass(frozen=True, slots=True)
class SetupRequest:
    office_name: str
    region_code: str
    supervisor_code: str
    supervisor_name: str
    pin: str
    pin_again: str


def needs_setup(db: Database) -> bool:
    return office_store.get_office(db.conn) is None


def get_office(db: Database) -> Office | None:
    return office_store.get_office(db.conn)


def setup_office(db: Database, request: SetupRequest, clock=None) -> Office:
    """First run: the office, its region, and the first supervisor. Refused once an office exists."""
    from counter_tui.services.queue import seed_queue_defaults

    clock = clock or SystemClock()
    name = clean_text(request.office_name, "Nama kantor", max_length=OFFICE_NAME_MAX_LENGTH)
    region = lookup_region(request.region_code)
    code = normalize_code(request.supervisor_code)
    full_name = normalize_full_name(request.supervisor_name)
    pins.check_new_pin(request.pin, request.pin_again)
    db.create_pepper()
    salt = pins.new_salt()
    digest = pins.hash_pin(request.pin, salt, db.pepper)
    now = clock.now()
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


def _refuse_inactive_or_locked(operator: Operator) -> None:
    if not operator.active:
        raise AuthError("Akun ini tidak aktif. Hubungi supervisor.")
    if operator.locked:
        raise AuthError("Akun terkunci karena PIN salah 5 kali. Minta supervisor membuka kuncinya.")


def _check_pin(db: Database, code: str, pin: str, counter: int, clock, action: str) -> Operator:
    """Verify a PIN; count a wrong one towards the lockout. Both outcomes are audited."""
    creds = operator_store.credentials(db.conn, code)
    now = clock.now()
    attempt_actor = Actor(None, code, Role.OPERATOR, counter)
    if creds is None:
        with db.transaction() as conn:
            audit.append(conn, attempt_actor, "login.failed", f"operator:{code}", {"reason": "unknown_code"}, now)
        raise AuthError("Kode petugas atau PIN salah.")
    operator = creds.operator
    actor = Actor(operator.id, operator.code, operator.role, counter, operator.full_name)
    if not operator.active or operator.locked:
        with db.transaction() as conn:
            reason = "inactive" if not operator.active else "locked"
            audit.append(conn, actor, "login.refused", f"operator:{code}", {"reason": reason}, now)
        _refuse_inactive_or_locked(operator)
    if pins.verify_pin(pin, creds.salt, db.pepper, creds.pin_hash):
        with db.transaction() as conn:
            # Read again under the write lock: another counter may have locked the account (a fifth wrong PIN)
            # or a supervisor deactivated it since the read above. Clearing the count then would unlock it.
            fresh = operator_store.get_by_id(conn, operator.id)
            assert fresh is not None
            if not fresh.active or fresh.locked:
                reason = "inactive" if not fresh.active else "locked"
                audit.append(conn, actor, "login.refused", f"operator:{code}", {"reason": reason}, now)
            else:
                operator_store.set_failed(conn, operator.id, 0, False, to_utc_text(now))
                audit.append(conn, actor, action, f"operator:{code}", {}, now)
        _refuse_inactive_or_locked(fresh)
        return fresh
    with db.transaction() as conn:
        fresh = operator_store.get_by_id(conn, operator.id)
        assert fresh is not None
        result = register_failed_login(fresh.failed_attempts)
        operator_store.set_failed(conn, operator.id, result.failed_attempts, result.now_locked, to_utc_text(now))
        audit.append(conn, actor, "login.failed", f"operator:{code}", {"failed_attempts": result.failed_attempts}, now)
        if result.now_locked:
            audit.append(conn, actor, "account.locked", f"operator:{code}", {"failed_attempts": result.failed_attempts}, now)
    if result.now_locked:
        raise AuthError("PIN salah 5 kali. Akun dikunci; minta supervisor membuka kuncinya.")
    left = 5 - result.failed_attempts
    raise AuthError(f"Kode petugas atau PIN salah. Sisa percobaan: {left}.")


def _verify(db: Database, code: str, pin: str, counter: str | int, clock, action: str) -> Actor:
    """Code and PIN from a form: a malformed code reads like a wrong one (it tells nothing to a guesser)."""
    counter_number = parse_counter(counter)
    try:
        normalized = normalize_code(code)
    except ValidationError:
        raise AuthError("Kode petugas atau PIN salah.") from None
    if not pin:
        raise AuthError("PIN wajib diisi.")
    operator = _check_pin(db, normalized, pin, counter_number, clock, action)
    return Actor(operator.id, operator.code, operator.role, counter_number, operator.full_name)


def login(db: Database, code: str, pin: str, counter: str | int, clock=None) -> Actor:
    return _verify(db, code, pin, counter, clock or SystemClock(), "login")


def authorize_override(db: Database, code: str, pin: str, counter: str | int = 0, clock=None) -> Actor:
    """A supervisor types code and PIN at the front desk to lift a rule for one ticket.

    Not a login: it writes `override.auth` (or `override.refused`), never a session row. Wrong PINs count
    towards the lockout like any other.
    """
    clock = clock or SystemClock()
    actor = _verify(db, code, pin, counter, clock, "override.auth")
    if not actor.is_supervisor:
        with db.transaction() as conn:
            audit.append(conn, actor, "override.refused", f"operator:{actor.code}", {"reason": "not_supervisor"},
                         clock.now())
        raise PermissionDenied(f"{actor.code} bukan supervisor. Izin khusus hanya dapat diberikan oleh supervisor.")
    return actor


def unlock_session(db: Database, actor: Actor, pin: str, clock=None) -> None:
    """The idle lock: the same operator types the PIN again. Wrong PINs count towards the lockout."""
    clock = clock or SystemClock()
    if not pin:
        raise AuthError("PIN wajib diisi.")
    _check_pin(db, actor.code, pin, actor.counter, clock, "session.unlock")


def record_session_lock(db: Database, actor: Actor, clock=None) -> None:
    clock = clock or SystemClock()
    with db.transaction() as conn:
        audit.append(conn, actor, "session.lock", f"operator:{actor.code}", {"reason": "idle"}, clock.now())


def logout(db: Database, actor: Actor, clock=None) -> None:
    clock = clock or SystemClock()
    with db.transaction() as conn:
        audit.append(conn, actor, "logout", f"operator:{actor.code}", {}, clock.now())


def list_operators(db: Database) -> list[Operator]:
    return operator_store.list_operators(db.conn)


def add_operator(
    db: Database, actor: Actor, code: str, full_name: str, role: str | Role, pin: str, pin_again: str, clock=None
) -> Operator:
    clock = clock or SystemClock()
    require_supervisor(actor)
    code = normalize_code(code)
    full_name = normalize_full_name(full_name)
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError("Peran harus 'operator' atau 'supervisor'.") from None
    pins.check_new_pin(pin, pin_again)
    salt = pins.new_salt()
    digest = pins.hash_pin(pin, salt, db.pepper)
    now = clock.now()
    with acting(db, actor, supervisor=True) as conn:
        if operator_store.get_by_code(conn, code) is not None:
            raise Conflict(f"Kode petugas {code} sudah dipakai.")
        operator_store.insert(conn, code, full_name, role, salt, digest, to_utc_text(now))
        audit.append(conn, actor, "operator.add", f"operator:{code}", {"role": role.value}, now)
        created = operator_store.get_by_code(conn, code)
    assert created is not None
    return created


def _target(conn, code: str) -> Operator:
    operator = operator_store.get_by_code(conn, normalize_code(code))
    if operator is None:
        raise NotFound(f"Petugas dengan kode {code.strip().upper()} tidak ditemukan.")
    return operator


def set_operator_active(db: Database, actor: Actor, code: str, active: bool, clock=None) -> Operator:
    clock = clock or SystemClock()
    require_supervisor(actor)
    now = clock.now()
    with acting(db, actor, supervisor=True) as conn:
        target = _target(conn, code)
        if not active:
            if target.id == actor.operator_id:
                raise Conflict("Anda tidak bisa menonaktifkan akun Anda sendiri.")
            if target.role is Role.SUPERVISOR and target.active and operator_store.count_supervisors(conn) <= 1:
                raise Conflict("Supervisor aktif terakhir tidak boleh dinonaktifkan.")
        operator_store.set_active(conn, target.id, active, to_utc_text(now))
        action = "operator.activate" if active else "operator.deactivate"
        audit.append(conn, actor, action, f"operator:{target.code}", {}, now)
        updated = operator_store.get_by_id(conn, target.id)
    assert updated is not None
    return updated


def reset_pin(db: Database, actor: Actor, code: str, pin: str, pin_again: str, clock=None) -> Operator:
    """A supervisor sets a new PIN; this also clears the failed count and the lock."""
    clock = clock or SystemClock()
    require_supervisor(actor)
    pins.check_new_pin(pin, pin_again)
    salt = pins.new_salt()
    digest = pins.hash_pin(pin, salt, db.pepper)
    now = clock.now()
    with acting(db, actor, supervisor=True) as conn:
        target = _target(conn, code)
        operator_store.set_pin(conn, target.id, salt, digest, to_utc_text(now))
        audit.append(conn, actor, "operator.reset_pin", f"operator:{target.code}", {}, now)
        updated = operator_store.get_by_id(conn, target.id)
    assert updated is not None
    return updated


def unlock_operator(db: Database, actor: Actor, code: str, clock=None) -> Operator:
    clock = clock or SystemClock()
    require_supervisor(actor)
    now = clock.now()
    with acting(db, actor, supervisor=True) as conn:
        target = _target(conn, code)
        if not target.locked and target.failed_attempts == 0:
            raise Conflict(f"Akun {target.code} tidak sedang terkunci.")
        operator_store.set_failed(conn, target.id, 0, False, to_utc_text(now))
        audit.append(conn, actor, "operator.unlock", f"operator:{target.code}", {}, now)
        updated = operator_store.get_by_id(conn, target.id)
    assert updated is not None
    return updated


def idle_lock_minutes(db: Database) -> int:
    value = office_store.get_setting(db.conn, IDLE_SETTING)
    try:
        return parse_idle_minutes(value) if value else DEFAULT_IDLE_LOCK_MINUTES
    except ValidationError:
        return DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(db: Database, actor: Actor, minutes: str | int, clock=None) -> int:
    clock = clock or SystemClock()
    require_supervisor(actor)
    value = parse_idle_minutes(minutes)
    now = clock.now()
    with acting(db, actor, supervisor=True) as conn:
        office_store.set_setting(conn, IDLE_SETTING, str(value))
        audit.append(conn, actor, "setting.change", IDLE_SETTING, {"value": value}, now)
    return value


def recent_audit(db: Database, actor: Actor, limit: int = 100) -> list[audit.AuditRow]:
    """The latest audit rows, newest first, for the supervisor's read-only log view (details never hold a full NIK)."""
    check_actor(db.conn, actor, supervisor=True)
    return audit.recent(db.conn, max(1, min(int(limit), 1000)))
