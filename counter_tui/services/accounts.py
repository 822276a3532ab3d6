"""Setup, login and operator accounts."""

from __future__ import annotations

from counter_tui.domain import pins
from counter_tui.domain.accounts import (
    DEFAULT_IDLE_LOCK_MINUTES,
    MAX_FAILED_LOGINS,
    Actor,
    Operator,
    Role,
    normalize_code,
    normalize_full_name,
    parse_counter,
    parse_idle_minutes,
    register_failed_login,
)
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import AuthError, Conflict, NotFound, PermissionDenied, ValidationError
from counter_tui.services._acting import check_actor
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import office as office_store
from counter_tui.storage import operators as operator_store

IDLE_SETTING = "idle_lock_minutes"


def _refuse_inactive_or_locked(operator: Operator) -> None:
    if not operator.active:
        raise AuthError("Akun ini tidak aktif. Hubungi supervisor.")
    if operator.locked:
        raise AuthError(f"Akun terkunci karena PIN salah {MAX_FAILED_LOGINS} kali. Minta supervisor membuka kuncinya.")


def _check_pin(session: Session, code: str, pin: str, counter: int, action: str) -> Operator:
    """Verify a PIN; count a wrong one towards the lockout. Both outcomes are audited."""
    db = session.db
    creds = operator_store.credentials(db.conn, code)
    now = session.now()
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
        raise AuthError(f"PIN salah {MAX_FAILED_LOGINS} kali. Akun dikunci; minta supervisor membuka kuncinya.")
    left = MAX_FAILED_LOGINS - result.failed_attempts
    raise AuthError(f"Kode petugas atau PIN salah. Sisa percobaan: {left}.")


def _verify(session: Session, code: str, pin: str, counter: str | int, action: str) -> Actor:
    """Code and PIN from a form: a malformed code reads like a wrong one (it tells nothing to a guesser)."""
    counter_number = parse_counter(counter)
    try:
        normalized = normalize_code(code)
    except ValidationError:
        raise AuthError("Kode petugas atau PIN salah.") from None
    if not pin:
        raise AuthError("PIN wajib diisi.")
    operator = _check_pin(session, normalized, pin, counter_number, action)
    return Actor(operator.id, operator.code, operator.role, counter_number, operator.full_name)


def login(session: Session, code: str, pin: str, counter: str | int) -> Actor:
    """The session's actor is the kiosk (nobody is logged in yet); returns the operator's new Actor."""
    return _verify(session, code, pin, counter, "login")


def authorize_override(session: Session, code: str, pin: str, counter: str | int = 0) -> Actor:
    """A supervisor types code and PIN at the front desk to lift a rule for one ticket.

    Not a login: it writes `override.auth` (or `override.refused`), never a session row. Wrong PINs count
    towards the lockout like any other.
    """
    actor = _verify(session, code, pin, counter, "override.auth")
    if not actor.is_supervisor:
        with session.db.transaction() as conn:
            audit.append(conn, actor, "override.refused", f"operator:{actor.code}", {"reason": "not_supervisor"},
                         session.now())
        raise PermissionDenied(f"{actor.code} bukan supervisor. Izin khusus hanya dapat diberikan oleh supervisor.")
    return actor


def unlock_session(session: Session, pin: str) -> None:
    """The idle lock: the same operator types the PIN again. Wrong PINs count towards the lockout."""
    if not pin:
        raise AuthError("PIN wajib diisi.")
    _check_pin(session, session.actor.code, pin, session.actor.counter, "session.unlock")


def record_session_lock(session: Session) -> None:
    actor = session.actor
    with session.db.transaction() as conn:
        audit.append(conn, actor, "session.lock", f"operator:{actor.code}", {"reason": "idle"}, session.now())


def logout(session: Session) -> None:
    actor = session.actor
    with session.db.transaction() as conn:
        audit.append(conn, actor, "logout", f"operator:{actor.code}", {}, session.now())


def list_operators(session: Session) -> list[Operator]:
    return operator_store.list_operators(session.db.conn)


def add_operator(
    session: Session, code: str, full_name: str, role: str | Role, pin: str, pin_again: str
) -> Operator:
    actor = session.actor
    code = normalize_code(code)
    full_name = normalize_full_name(full_name)
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError("Peran harus 'operator' atau 'supervisor'.") from None
    pins.check_new_pin(pin, pin_again)
    salt = pins.new_salt()
    digest = pins.hash_pin(pin, salt, session.db.pepper)
    now = session.now()
    with session.write(supervisor=True) as conn:
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


def set_operator_active(session: Session, code: str, active: bool) -> Operator:
    actor = session.actor
    now = session.now()
    with session.write(supervisor=True) as conn:
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


def reset_pin(session: Session, code: str, pin: str, pin_again: str) -> Operator:
    """A supervisor sets a new PIN; this also clears the failed count and the lock."""
    actor = session.actor
    pins.check_new_pin(pin, pin_again)
    salt = pins.new_salt()
    digest = pins.hash_pin(pin, salt, session.db.pepper)
    now = session.now()
    with session.write(supervisor=True) as conn:
        target = _target(conn, code)
        operator_store.set_pin(conn, target.id, salt, digest, to_utc_text(now))
        audit.append(conn, actor, "operator.reset_pin", f"operator:{target.code}", {}, now)
        updated = operator_store.get_by_id(conn, target.id)
    assert updated is not None
    return updated


def unlock_operator(session: Session, code: str) -> Operator:
    actor = session.actor
    now = session.now()
    with session.write(supervisor=True) as conn:
        target = _target(conn, code)
        if not target.locked and target.failed_attempts == 0:
            raise Conflict(f"Akun {target.code} tidak sedang terkunci.")
        operator_store.set_failed(conn, target.id, 0, False, to_utc_text(now))
        audit.append(conn, actor, "operator.unlock", f"operator:{target.code}", {}, now)
        updated = operator_store.get_by_id(conn, target.id)
    assert updated is not None
    return updated


def idle_lock_minutes(session: Session) -> int:
    value = office_store.get_setting(session.db.conn, IDLE_SETTING)
    try:
        return parse_idle_minutes(value) if value else DEFAULT_IDLE_LOCK_MINUTES
    except ValidationError:
        return DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(session: Session, minutes: str | int) -> int:
    value = parse_idle_minutes(minutes)
    now = session.now()
    with session.write(supervisor=True) as conn:
        office_store.set_setting(conn, IDLE_SETTING, str(value))
        audit.append(conn, session.actor, "setting.change", IDLE_SETTING, {"value": value}, now)
    return value


def recent_audit(session: Session, limit: int = 100) -> list[audit.AuditRow]:
    """The latest audit rows, newest first, for the supervisor's read-only log view (details never hold a full NIK)."""
    check_actor(session.db.conn, session.actor, supervisor=True)
    return audit.recent(session.db.conn, max(1, min(int(limit), 1000)))
