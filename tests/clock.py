"""The fixed clock tests and snapshots use (the real one is `counter_tui.services.session.SystemClock`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


@dataclass
class FixedClock:
    """A clock for tests and snapshots; `advance` moves it forward."""

    moment: datetime = field(default_factory=lambda: datetime(2026, 11, 30, 1, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.moment

    def advance(self, **kwargs: float) -> None:
        self.moment = self.moment + timedelta(**kwargs)
