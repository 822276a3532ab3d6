"""The idle lock: its setting, locking a session and unlocking it with the PIN, and whether a session may go on."""

from __future__ import annotations

from counter_tui.domain.accounts import (
    DEFAULT_IDLE_LOCK_MINUTES,
    parse_idle_minutes,
)
from counter_tui.domain.errors import AuthError, ValidationError
from counter_tui.services.accounts import _check_pin, own_account
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import office as office_store

IDLE_SETTING = "idle_lock_minutes"


def unlock_session(session: Session, pin: str) -> None:
    """The idle lock: the same operator types the PIN again. Wrong PINs count like login ones."""
    if not pin:
        raise AuthError("PIN wajib diisi.")
    _check_pin(session, session.actor.code, pin, session.actor.counter, "session.unlock")


def record_session_lock(session: Session) -> None:
    actor = session.actor
    with session.write(recheck=False) as conn:
        audit.append(conn, actor, "session.lock", f"operator:{actor.code}", {"reason": "idle"}, session.now())


def session_may_continue(session: Session) -> bool:
    """After a wrong PIN at the idle lock: may the session go on? Not once the account is locked (that PIN was
    the last allowed) or was deactivated meanwhile; then the screen logs out."""
    account = own_account(session)
    return account is not None and account.may_work


def idle_lock_minutes(session: Session) -> int:
    with session.read() as conn:
        value = office_store.get_setting(conn, IDLE_SETTING)
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
