"""The office day is the WIB calendar day, through the use cases with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counter_tui.domain.accounts import KIOSK
from counter_tui.domain.clock import office_date, to_utc_text
from counter_tui.domain.errors import EmptyQueue
from counter_tui.services import counter_actions, queue_views, tickets
from counter_tui.services.session import Session
from tests.clock import FixedClock


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
    issued = tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    assert issued.ticket.service_date == "2026-12-01"
    assert to_utc_text(issued.ticket.issued_at) == "2026-11-30T17:30:00.000000Z"  # stored in UTC


def test_numbering_restarts_at_wib_midnight(db, clock: FixedClock) -> None:
    clock.moment = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 23:00 WIB
    evening = [tickets.issue_ticket(Session(db, KIOSK, clock), "A").ticket for _ in range(3)]
    assert [(t.service_date, t.label) for t in evening] == [
        ("2026-11-30", "A-001"),
        ("2026-11-30", "A-002"),
        ("2026-11-30", "A-003"),
    ]
    clock.moment = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # 00:30 WIB, still 30 November in UTC
    after = tickets.issue_ticket(Session(db, KIOSK, clock), "A").ticket
    assert (after.service_date, after.label) == ("2026-12-01", "A-001")
    again = tickets.issue_ticket(Session(db, KIOSK, clock), "A").ticket
    assert again.label == "A-002"
    other = tickets.issue_ticket(Session(db, KIOSK, clock), "B").ticket
    assert other.label == "B-001"


def test_yesterdays_waiting_ticket_is_never_called(db, operator, clock: FixedClock) -> None:
    clock.moment = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 23:00 WIB
    yesterday = tickets.issue_ticket(Session(db, KIOSK, clock), "A", priority="lansia").ticket
    clock.moment = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # 00:30 WIB next day
    with pytest.raises(EmptyQueue):
        counter_actions.call_next(Session(db, operator, clock), ["A"])
    today = tickets.issue_ticket(Session(db, KIOSK, clock), "A").ticket
    called = counter_actions.call_next(Session(db, operator, clock), ["A"])
    assert called.id == today.id != yesterday.id
    assert queue_views.find_ticket_today(Session(db, clock=clock), "A-001").id == today.id
    assert (
        db.conn.execute("SELECT status FROM tickets WHERE id = ?", (yesterday.id,)).fetchone()[0] == "waiting"
    )


def test_the_queue_snapshot_shows_only_today(db, clock: FixedClock) -> None:
    clock.moment = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    clock.moment = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    tickets.issue_ticket(Session(db, KIOSK, clock), "B")
    snapshot = queue_views.queue_snapshot(Session(db, clock=clock))
    assert snapshot.date == "2026-12-01"
    assert [t.label for t in snapshot.waiting] == ["B-001"]
    counts = {c.service.code: c.waiting for c in snapshot.services}
    assert counts == {"A": 0, "B": 1, "C": 0, "D": 0, "E": 0}


def test_a_counter_busy_last_night_is_free_after_midnight(db, operator, clock: FixedClock) -> None:
    clock.moment = datetime(2026, 11, 30, 16, 50, tzinfo=UTC)  # 23:50 WIB
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    counter_actions.call_next(Session(db, operator, clock), ["A"])
    clock.moment = datetime(2026, 11, 30, 17, 10, tzinfo=UTC)  # 00:10 WIB
    assert counter_actions.current_ticket(Session(db, operator, clock)) is None
    fresh = tickets.issue_ticket(Session(db, KIOSK, clock), "A").ticket
    assert counter_actions.call_next(Session(db, operator, clock), ["A"]).id == fresh.id
