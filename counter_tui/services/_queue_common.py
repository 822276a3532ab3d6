"""Small helpers the queue use cases share: the office day of a moment, and the counter an actor serves at."""

from __future__ import annotations

from datetime import datetime

from counter_tui.domain.accounts import Actor
from counter_tui.domain.clock import office_date
from counter_tui.domain.errors import ValidationError
from counter_tui.services.session import Session


def now_and_day(session: Session) -> tuple[datetime, str]:
    """The session's time and its office day (WIB) as the ISO text the queue tables key on."""
    now = session.now()
    return now, office_date(now).isoformat()


def require_counter(actor: Actor) -> int:
    if actor.counter < 1:
        raise ValidationError(
            "Loket 0 adalah meja informasi. Masuk dengan nomor loket 1-99 untuk melayani antrian."
        )
    return actor.counter
