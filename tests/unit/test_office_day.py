"""The office day is the WIB calendar day, through the use cases with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counter_tui.domain.accounts import KIOSK
from counter_tui.domain.clock import FixedClock, office_date
from counter_tui.domain.errors import EmptyQueue
from counter_tui.services import queue


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2026, 11, 30, 16, 59, 59, tzinfo=UTC), "2026-11-30"),  # 23:59:59 WIB
        (datetime(2026, 11, 30, 17, 0, tzinfo=UTC), "2026-12-01"),  # 00:00 WIB
        (datetime(2026, 11, 30, 17, 30, tzinfo=UTC), "2026-12-01"),
        (datetime(2026, 11, 30, 0, 0, tzinfo=UTC), "2026-11-30"),  # 07:00 WIB
    ],
)
def test_office_date_is_wib(moment: datetime, day: str) -> None:
    assert office_date(moment).isoformat() == day


def test_a_ticket_after_17_00_utc_belongs_to_the_next_wib_day(db, clock: FixedClock) -> None:
    clock.moment = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)
    issued = queue.issue_ticket(db, KIOSK, "A", clock=clock)
    assert issued.ticket.service_date == "2026-12-01"
    assert issued.ticket.issued_at == "2026-11-30T17:30:00.000000Z"  # stored in UTC


def test_numbering_restarts_at_wib_midnight(db, clock: FixedClock) -> None:
    clock.moment = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 23:00 WIB
    evening = [queue.issue_ticket(db, KIOSK, "A", clock=clock).ticket for _ in range(3)]
    assert [(t.service_date, t.label) for t in evening] == [
        ("2026-11-30", "A-001"), ("2026-11-30", "A-002"), ("2026-11-30", "A-003"),
    ]
    clock.moment = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # 00:30 WIB, still 30 November in UTC
    after = queue.issue_ticket(db, KIOSK, "A", clock=clock).ticket
    assert (after.service_date, after.label) == ("2026-12-01", "A-001")
    again = queue.issue_ticket(db, KIOSK, "A", clock=clock).ticket
    assert again.label == "A-002"
    other = queue.issue_ticket(db, KIOSK, "B", clock=clock).ticket
    assert other.label == "B-001"


def test_yesterdays_waiting_ticket_is_never_called(db, operator, clock: FixedClock) -> None:
    clock.moment = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 23:00 WIB
    yesterday = queue.issue_ticket(db, KIOSK, "A", priority="lansia", clock=clock).ticket
    clock.moment = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # 00:30 WIB next day
    with pytest.raises(EmptyQueue):
        queue.call_next(db, operator, ["A"], clock=clock)
    today = queue.issue_ticket(db, KIOSK, "A", clock=clock).ticket
    called = queue.call_next(db, operator, ["A"], clock=clock)
    assert called.id == today.id != yesterday.id
    assert queue.find_ticket_today(db, "A-001", clock=clock).id == today.id
    assert db.conn.execute("SELECT status FROM tickets WHERE id = ?", (yesterday.id,)).fetchone()[0] == "waiting"


def test_the_queue_snapshot_shows_only_today(db, clock: FixedClock) -> None:
    clock.moment = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    queue.issue_ticket(db, KIOSK, "A", clock=clock)
    clock.moment = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    queue.issue_ticket(db, KIOSK, "B", clock=clock)
    snapshot = queue.queue_snapshot(db, clock=clock)
    assert snapshot.date == "2026-12-01"
    assert [t.label for t in snapshot.waiting] == ["B-001"]
    counts = {c.service.code: c.waiting for c in snapshot.services}
    assert counts == {"A": 0, "B": 1, "C": 0, "D": 0, "E": 0}


def test_a_counter_busy_last_night_is_free_after_midnight(db, operator, clock: FixedClock) -> None:
    clock.moment = datetime(2026, 11, 30, 16, 50, tzinfo=UTC)  # 23:50 WIB
    queue.issue_ticket(db, KIOSK, "A", clock=clock)
    queue.call_next(db, operator, ["A"], clock=clock)
    clock.moment = datetime(2026, 11, 30, 17, 10, tzinfo=UTC)  # 00:10 WIB
    assert queue.current_ticket(db, operator, clock=clock) is None
    fresh = queue.issue_ticket(db, KIOSK, "A", clock=clock).ticket
    assert queue.call_next(db, operator, ["A"], clock=clock).id == fresh.id
