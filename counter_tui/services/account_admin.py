"""Account management (supervisor): list and add operators, activate or deactivate, reset a PIN, unlock an
account, and the recent audit view.
"""

from __future__ import annotations

from counter_tui.domain import pins
from counter_tui.domain.accounts import (
    Operator,
    Role,
    normalize_code,
    normalize_full_name,
)
from counter_tui.domain.audit import AuditRow
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import Conflict, NotFound, ValidationError
from counter_tui.domain.text import quoted_input
from counter_tui.services._acting import check_actor
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import operators as operator_store


def list_operators(session: Session) -> list[Operator]:
    with session.read() as conn:
        return operator_store.list_operators(conn)


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
        raise NotFound(f"Petugas dengan kode {quoted_input(code.strip().upper())} tidak ditemukan.")
    return operator


def set_operator_active(session: Session, code: str, active: bool) -> Operator:
    actor = session.actor
    now = session.now()
    with session.write(supervisor=True) as conn:
        target = _target(conn, code)
        if not active:
            if target.id == actor.operator_id:
                raise Conflict("Anda tidak bisa menonaktifkan akun Anda sendiri.")
            if (
                target.role is Role.SUPERVISOR
                and target.active
                and operator_store.count_supervisors(conn) <= 1
            ):
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
        state = operator_store.attempt_state(conn, target.id)
        if not target.locked and target.failed_attempts == 0 and state.override_failed_attempts == 0:
            raise Conflict(f"Akun {target.code} tidak sedang terkunci.")
        operator_store.clear_all_attempts(conn, target.id, to_utc_text(now))
        audit.append(conn, actor, "operator.unlock", f"operator:{target.code}", {}, now)
        updated = operator_store.get_by_id(conn, target.id)
    assert updated is not None
    return updated


def recent_audit(session: Session, limit: int = 100) -> list[AuditRow]:
    """The latest audit rows, newest first, for the supervisor's read-only log view (details never hold a full NIK)."""
    with session.read() as conn:
        check_actor(conn, session.actor, supervisor=True)
        return audit.recent(conn, max(1, min(int(limit), 1000)))
