"""A counter's services (set, open, the saved choice) and its heartbeat."""

from __future__ import annotations

from collections.abc import Sequence

from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import NotFound, PermissionDenied, ValidationError
from counter_tui.domain.leases import LEASE_TTL, lease_lost_message
from counter_tui.domain.queue import (
    default_counter_services,
    normalize_service_code,
)
from counter_tui.services._queue_common import require_counter
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import leases as lease_store
from counter_tui.storage import queue as store


def set_counter_services(session: Session, services: Sequence[str]) -> tuple[str, ...]:
    actor = session.actor
    counter = require_counter(actor)
    codes = sorted({normalize_service_code(c) for c in services})
    if not codes:
        raise ValidationError("Pilih minimal satu layanan untuk loket ini.")
    now = session.now()
    with session.write() as conn:
        for code in codes:
            if store.get_service(conn, code) is None:
                raise NotFound(f"Layanan {code} tidak dikenal.")
        store.save_counter(conn, counter, codes, actor.operator_id, to_utc_text(now))
        audit.append(conn, actor, "counter.services", f"counter:{counter}", {"services": "".join(codes)}, now)
    return tuple(codes)


def counter_heartbeat(session: Session) -> None:
    """Keeps the counter counted as open for the estimated wait, and renews this session's lease of the counter.
    Raises PermissionDenied when another session took the counter over (the screen then logs out)."""
    actor = session.actor
    if actor.counter < 1:
        return
    now = session.now()
    lost: str | None = None
    with session.write(recheck=False) as conn:  # a heartbeat, not a change of state
        store.touch_counter(conn, actor.counter, to_utc_text(now))
        if (
            actor.session_id
            and actor.operator_id is not None
            and not lease_store.renew(conn, actor.counter, actor.session_id, now + LEASE_TTL)
        ):
            holder = lease_store.lease_of_counter(conn, actor.counter)
            if holder is None or holder.expired(now):
                # Expired and nobody took it: this session still is the counter's only one.
                lease_store.take(
                    conn, actor.counter, actor.operator_id, actor.session_id, now, now + LEASE_TTL
                )
            else:
                lost = lease_lost_message(actor.counter, holder)
    if lost is not None:
        raise PermissionDenied(lost)


def open_counter_services(session: Session) -> tuple[str, ...]:
    """The services this counter serves when its screen opens: the ones it chose before (and the counter is
    marked as seen), or, for a counter that never chose, every active service, registered at once so that it
    counts in the estimated wait from the first minute."""
    counter = require_counter(session.actor)
    saved = saved_counter_services(session, counter)
    if saved:
        counter_heartbeat(session)
        return saved
    with session.read() as conn:
        services = store.list_services(conn)
    return set_counter_services(session, default_counter_services(services))


def saved_counter_services(session: Session, counter: int) -> tuple[str, ...]:
    with session.read() as conn:
        text = store.counter_services(conn, counter)
    return tuple(text) if text else ()
