"""Recovery: release a counter's lease, and recover the supervisor account."""

from __future__ import annotations

import hmac

from counter_tui.domain import pins
from counter_tui.domain.accounts import (
    Actor,
    Operator,
    Role,
    normalize_code,
    parse_counter,
)
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import NotFound, PermissionDenied
from counter_tui.domain.text import quoted_input
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import leases as lease_store
from counter_tui.storage import operators as operator_store


def release_counter(session: Session, counter: str | int) -> None:
    """A supervisor frees a counter whose session is stuck (the next login there takes it). Audited."""
    number = parse_counter(counter)
    with session.write(supervisor=True) as conn:
        held = lease_store.lease_of_counter(conn, number)
        if held is None or not lease_store.remove(conn, number):
            raise NotFound(f"Loket {number} tidak sedang dipakai.")
        audit.append(
            conn,
            session.actor,
            "counter.release",
            f"counter:{number}",
            {"held_by": held.operator_code},
            session.now(),
        )


def recover_supervisor(
    session: Session, key_file_bytes: bytes, code: str, pin: str, pin_again: str
) -> Operator:
    """The last way back in: the office host's administrator, who can read the key file beside the database,
    gives a supervisor a new PIN and lifts every lock and delay (and reactivates the account). Audited."""
    try:
        offered = bytes.fromhex(key_file_bytes.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        offered = b""
    if not hmac.compare_digest(offered, session.db.pepper):
        raise PermissionDenied(
            "Berkas kunci tidak cocok dengan basis data ini. Pemulihan supervisor ditolak."
        )
    normalized = normalize_code(code)
    pins.check_new_pin(pin, pin_again)
    salt = pins.new_salt()
    digest = pins.hash_pin(pin, salt, session.db.pepper)
    now = session.now()
    recovery = Actor(None, "key-file-admin", Role.SUPERVISOR, 0, "Administrator (berkas kunci)")
    with session.write(recheck=False) as conn:
        target = operator_store.get_by_code(conn, normalized)
        if target is None or target.role is not Role.SUPERVISOR:
            raise NotFound(f"Tidak ada supervisor dengan kode {quoted_input(normalized)}.")
        operator_store.set_pin(conn, target.id, salt, digest, to_utc_text(now))
        operator_store.clear_all_attempts(conn, target.id, to_utc_text(now))
        operator_store.set_active(conn, target.id, True, to_utc_text(now))
        audit.append(
            conn,
            recovery,
            "operator.recover",
            f"operator:{target.code}",
            {"was_locked": target.locked, "was_active": target.active},
            now,
        )
        updated = operator_store.get_by_id(conn, target.id)
    assert updated is not None
    return updated
