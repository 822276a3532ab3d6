"""Login (with the counter lease), the supervisor's override, logout and the actor's own account."""

from __future__ import annotations

import secrets
from dataclasses import replace

from counter_tui.domain import pins
from counter_tui.domain.accounts import (
    LOGIN_REFUSED,
    MAX_FAILED_LOGINS,
    Actor,
    Operator,
    Role,
    must_wait,
    normalize_code,
    parse_counter,
    register_failed_login,
)
from counter_tui.domain.clock import from_utc_text, to_utc_text
from counter_tui.domain.errors import AuthError, PermissionDenied, ValidationError
from counter_tui.domain.leases import LEASE_TTL, CounterTaken, decide_take
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import leases as lease_store
from counter_tui.storage import operators as operator_store


def _refuse_inactive_or_locked(operator: Operator) -> None:
    """Said only after the right PIN was typed: a guesser never learns that a code exists or is locked."""
    if not operator.active:
        raise AuthError("Akun ini tidak aktif. Hubungi supervisor.")
    if operator.locked:
        raise AuthError(
            f"Akun terkunci karena PIN salah {MAX_FAILED_LOGINS} kali berturut-turut. Minta supervisor "
            "membuka kuncinya."
        )


# An unknown code costs the same scrypt as a known one, so the time taken tells nothing either.
_UNKNOWN_CODE_SALT = b"counter-tui/unknown-code/salt"


def _check_pin(
    session: Session, code: str, pin: str, counter: int, action: str, *, override: bool = False
) -> Operator:
    """Verify a PIN. A wrong one (or an unknown code, or an attempt during the delay) gets LOGIN_REFUSED and
    counts towards a growing delay; wrong login PINs finally lock the account, override PINs never do. Every
    outcome is audited."""
    db = session.db  # the pepper only: SQL goes through session.read()/write()
    with session.read() as conn:
        creds = operator_store.credentials(conn, code)
    now = session.now()
    stamp = to_utc_text(now)
    attempt_actor = Actor(None, code, Role.OPERATOR, counter)
    failed_action = "override.failed" if override else "login.failed"
    if creds is None:
        pins.verify_pin(pin, _UNKNOWN_CODE_SALT, db.pepper, bytes(32))
        with session.write(recheck=False) as conn:
            audit.append(
                conn, attempt_actor, failed_action, f"operator:{code}", {"reason": "unknown_code"}, now
            )
        raise AuthError(LOGIN_REFUSED)
    operator = creds.operator
    actor = Actor(operator.id, operator.code, operator.role, counter, operator.full_name)
    with session.read() as conn:
        state = operator_store.attempt_state(conn, operator.id)
    delay_until = state.override_delay_until if override else state.delay_until
    if must_wait(from_utc_text(delay_until) if delay_until else None, now):
        with session.write(recheck=False) as conn:
            audit.append(
                conn,
                actor,
                failed_action,
                f"operator:{code}",
                {"reason": "delayed", "until": delay_until},
                now,
            )
        raise AuthError(LOGIN_REFUSED)
    if pins.verify_pin(pin, creds.salt, db.pepper, creds.pin_hash):
        with session.write(recheck=False) as conn:
            # Read again under the write lock: another counter may have locked the account or a supervisor
            # deactivated it since the read above. Clearing the count then would unlock it.
            fresh = operator_store.get_by_id(conn, operator.id)
            assert fresh is not None
            if not fresh.may_work:
                reason = "inactive" if not fresh.active else "locked"
                audit.append(conn, actor, "login.refused", f"operator:{code}", {"reason": reason}, now)
            else:
                operator_store.clear_failed(conn, operator.id, stamp, override=override)
                audit.append(conn, actor, action, f"operator:{code}", {}, now)
        _refuse_inactive_or_locked(fresh)
        return fresh
    with session.write(recheck=False) as conn:
        fresh_state = operator_store.attempt_state(conn, operator.id)
        count = fresh_state.override_failed_attempts if override else fresh_state.failed_attempts
        result = register_failed_login(count, may_lock=not override)
        until = to_utc_text(now + result.delay) if result.delay else None
        if override:
            operator_store.record_failed_override(conn, operator.id, result.failed_attempts, until, stamp)
        else:
            operator_store.record_failed_login(
                conn, operator.id, result.failed_attempts, result.now_locked, until, stamp
            )
        audit.append(
            conn,
            actor,
            failed_action,
            f"operator:{code}",
            {"failed_attempts": result.failed_attempts, "delay_seconds": int(result.delay.total_seconds())},
            now,
        )
        if result.now_locked:
            audit.append(
                conn,
                actor,
                "account.locked",
                f"operator:{code}",
                {"failed_attempts": result.failed_attempts},
                now,
            )
    raise AuthError(LOGIN_REFUSED)


def _verify(
    session: Session, code: str, pin: str, counter: str | int, action: str, *, override: bool = False
) -> Actor:
    """Code and PIN from a form: a malformed code reads like a wrong one (it tells nothing to a guesser)."""
    counter_number = parse_counter(counter)
    try:
        normalized = normalize_code(code)
    except ValidationError:
        raise AuthError(LOGIN_REFUSED) from None
    if not pin:
        raise AuthError("PIN wajib diisi.")
    operator = _check_pin(session, normalized, pin, counter_number, action, override=override)
    return Actor(operator.id, operator.code, operator.role, counter_number, operator.full_name)


def login(session: Session, code: str, pin: str, counter: str | int) -> Actor:
    """The session's actor is the kiosk (nobody is logged in yet); returns the operator's new Actor.

    At counter 1-99 the login takes the counter's lease (see domain/leases.py): refused while another operator's
    session holds it (a supervisor takes it over), or while this operator holds another counter."""
    actor = _verify(session, code, pin, counter, "login")
    if actor.counter < 1:
        return actor
    assert actor.operator_id is not None
    now = session.now()
    session_id = secrets.token_hex(16)
    refusal: CounterTaken | None = None
    with session.write(recheck=False) as conn:
        counter_lease = lease_store.lease_of_counter(conn, actor.counter)
        own_lease = lease_store.lease_of_operator(conn, actor.operator_id)
        try:
            takeover = decide_take(
                actor.counter, counter_lease, own_lease, actor.operator_id, actor.is_supervisor, now
            )
        except CounterTaken as error:
            refusal = error
            holder = (
                counter_lease
                if counter_lease and counter_lease.operator_id != actor.operator_id
                else own_lease
            )
            audit.append(
                conn,
                actor,
                "login.refused",
                f"counter:{actor.counter}",
                {
                    "reason": "counter_in_use",
                    "held_by": holder.operator_code if holder else None,
                    "held_counter": holder.counter if holder else None,
                },
                now,
            )
        else:
            if takeover:
                assert counter_lease is not None
                audit.append(
                    conn,
                    actor,
                    "counter.takeover",
                    f"counter:{actor.counter}",
                    {"from": counter_lease.operator_code},
                    now,
                )
            lease_store.take(conn, actor.counter, actor.operator_id, session_id, now, now + LEASE_TTL)
    if refusal is not None:
        raise refusal
    return replace(actor, session_id=session_id)


def authorize_override(session: Session, code: str, pin: str, counter: str | int = 0) -> Actor:
    """A supervisor types code and PIN at the front desk to lift a rule for one ticket.

    Not a login: it writes `override.auth` (or `override.refused`), never a session row. Wrong PINs count
    towards a growing delay of their own, separate from the login count, and never lock the account: anyone with
    a shell can run `ticket --override-supervisor`, and must not be able to lock every supervisor out.
    """
    actor = _verify(session, code, pin, counter, "override.auth", override=True)
    if not actor.is_supervisor:
        with session.write(recheck=False) as conn:
            audit.append(
                conn,
                actor,
                "override.refused",
                f"operator:{actor.code}",
                {"reason": "not_supervisor"},
                session.now(),
            )
        raise PermissionDenied(
            f"{actor.code} bukan supervisor. Izin khusus hanya dapat diberikan oleh supervisor."
        )
    return actor


def logout(session: Session) -> None:
    """Ends the session, and frees its counter's lease."""
    actor = session.actor
    with session.write(recheck=False) as conn:
        if actor.session_id and actor.counter >= 1:
            lease_store.release(conn, actor.counter, actor.session_id)
        audit.append(conn, actor, "logout", f"operator:{actor.code}", {}, session.now())


def own_account(session: Session) -> Operator | None:
    """The acting operator's account as it is now (None for the kiosk or a removed account)."""
    if session.actor.operator_id is None:
        return None
    with session.read() as conn:
        return operator_store.get_by_id(conn, session.actor.operator_id)
