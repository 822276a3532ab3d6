"""The Session every use case takes: the database, who is acting (operator and counter), and the clock.

The TUI's database thread and each CLI command build one Session and pass it to every use case; tests build one
with a fixed clock. A use case reads the time only through `session.now()`, and writes only inside
`session.write()`, which is BEGIN IMMEDIATE with the actor's account re-checked under the write lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Protocol

from counter_tui.domain.accounts import KIOSK, Actor
from counter_tui.domain.clock import office_date
from counter_tui.storage.connection import Connection
from counter_tui.storage.db import Database


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real clock (UTC-aware). The domain never reads it; only a Session does."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class Session:
    db: Database
    actor: Actor = KIOSK
    clock: Clock = field(default_factory=SystemClock)

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        """The office day (WIB), never UTC's."""
        return office_date(self.clock.now())

    def as_actor(self, actor: Actor) -> Session:
        return replace(self, actor=actor)

    @contextlib.contextmanager
    def write(self, *, supervisor: bool = False, recheck: bool = True) -> Iterator[Connection]:
        """BEGIN IMMEDIATE, then the actor's account is checked again (see services/_acting.py).

        `recheck=False` skips the account check, for the writes that must work whatever the account's state:
        the audit rows of a login attempt, an idle lock and a logout, a counter's heartbeat, the first run."""
        if not recheck:
            with self.db.transaction() as conn:
                yield conn
            return
        from counter_tui.services._acting import acting

        with acting(self.db, self.actor, supervisor=supervisor) as conn:
            yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read snapshot: several SELECTs see one consistent state."""
        with self.db.snapshot() as conn:
            yield conn
