"""Private helper shared by the counter use-case modules: the ticket a counter is serving (Conflict if none)."""

from __future__ import annotations

from counter_tui.domain.accounts import Actor
from counter_tui.domain.errors import Conflict
from counter_tui.domain.queue import (
    Ticket,
)
from counter_tui.services._queue_common import require_counter
from counter_tui.storage import queue as store
from counter_tui.storage.connection import Connection


def _current(conn: Connection, actor: Actor, today: str) -> Ticket:
    counter = require_counter(actor)
    ticket = store.current_at_counter(conn, today, counter)
    if ticket is None:
        raise Conflict("Tidak ada tiket yang sedang dipanggil atau dilayani di loket ini.")
    return ticket
