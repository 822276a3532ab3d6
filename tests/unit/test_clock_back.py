"""The clock set back: within a day the call order follows the issue order; further back, issuing is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from counter_tui.domain.accounts import KIOSK
from counter_tui.domain.errors import ClockBehind
from counter_tui.domain.queue import CLOCK_TOLERANCE, issue_moment
from counter_tui.services import counter_actions, tickets
from counter_tui.services.session import Session

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "newest", "expected"),
    [
        (NOW, None, NOW),
        (NOW, NOW - timedelta(seconds=1), NOW),
        (NOW - timedelta(minutes=2), NOW, NOW),  # a little behind: takes the newest time
        (NOW - CLOCK_TOLERANCE, NOW, NOW),
        (NOW - CLOCK_TOLERANCE - timedelta(seconds=1), NOW, ClockBehind),
        (NOW - timedelta(days=1), NOW, ClockBehind),
    ],
)
def test_issue_moment(now: datetime, newest: datetime | None, expected) -> None:
    if expected is ClockBehind:
        with pytest.raises(ClockBehind, match="di belakang catatan terakhir"):
            issue_moment(now, newest)
    else:
        assert issue_moment(now, newest) == expected


def test_a_ticket_issued_after_the_clock_went_back_is_called_after_the_earlier_ones(
    db, clock, operator
) -> None:
    session = Session(db, KIOSK, clock)
    first = tickets.issue_ticket(session, "A").ticket
    clock.advance(minutes=1)
    second = tickets.issue_ticket(session, "A").ticket
    clock.moment -= timedelta(minutes=3)  # NTP corrects the clock back three minutes
    third = tickets.issue_ticket(session, "A").ticket
    assert third.queued_at >= second.queued_at
    called = [counter_actions.call_next(Session(db, operator, clock), ["A"]).label]
    for _ in range(2):
        counter_actions.start_serving(Session(db, operator, clock))
        counter_actions.finish(Session(db, operator, clock), "selesai")
        called.append(counter_actions.call_next(Session(db, operator, clock), ["A"]).label)
    assert called == [first.label, second.label, third.label]


def test_a_clock_a_day_behind_refuses_to_issue(db, clock) -> None:
    session = Session(db, KIOSK, clock)
    tickets.issue_ticket(session, "A")
    clock.moment -= timedelta(days=1)
    with pytest.raises(ClockBehind, match="betulkan tanggal dan jam"):
        tickets.issue_ticket(session, "A")
    labels = [r[0] for r in db.conn.execute("SELECT service_date || ' ' || number FROM tickets")]
    assert labels == ["2026-11-30 1"]  # no second A-001 on the day before
