"""Counter leases: one session per counter, one counter per operator.

A login at counter 1-99 takes the counter's lease; the counter's heartbeat renews it. Another operator may take
the counter only after the lease expired (the session ended without a logout: a closed terminal, a crash), or
when a supervisor takes it over; the refusal says who holds it. One operator cannot hold two counters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from counter_tui.domain.clock import wib_text
from counter_tui.domain.errors import Conflict

LEASE_TTL = timedelta(minutes=3)  # the heartbeat renews it every minute


@dataclass(frozen=True, slots=True)
class Lease:
    counter: int
    operator_id: int
    operator_code: str
    operator_name: str
    session_id: str
    taken_at: datetime
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


class CounterTaken(Conflict):
    """The counter's lease belongs to another session."""


def decide_take(
    counter: int,
    counter_lease: Lease | None,
    own_lease: Lease | None,
    operator_id: int,
    is_supervisor: bool,
    now: datetime,
) -> bool:
    """May this operator take the counter now? Returns True when it takes another operator's live lease over
    (only a supervisor may); raises CounterTaken with who holds what otherwise."""
    if own_lease is not None and own_lease.counter != counter and not own_lease.expired(now):
        raise CounterTaken(
            f"Anda masih tercatat di loket {own_lease.counter} (sejak {wib_text(own_lease.taken_at, '%H:%M')} WIB). "
            "Satu petugas hanya memegang satu loket: keluar dari loket itu dahulu, atau tunggu "
            f"{int(LEASE_TTL.total_seconds() // 60)} menit bila layarnya sudah tertutup."
        )
    if counter_lease is None or counter_lease.expired(now) or counter_lease.operator_id == operator_id:
        return False
    if is_supervisor:
        return True
    raise CounterTaken(
        f"Loket {counter} sedang dipakai {counter_lease.operator_code} ({counter_lease.operator_name}) sejak "
        f"{wib_text(counter_lease.taken_at, '%H:%M')} WIB. Pilih loket lain, tunggu sesinya berakhir, atau minta "
        "supervisor mengambil alih loket ini."
    )


def lease_lost_message(counter: int, holder: Lease | None) -> str:
    who = f" oleh {holder.operator_code} ({holder.operator_name})" if holder is not None else ""
    return f"Loket {counter} sudah diambil alih{who}. Sesi Anda di loket ini berakhir; masuk lagi bila perlu."
