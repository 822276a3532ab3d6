"""A first end-to-end pass through the use cases (more detailed tests live beside this one)."""

from __future__ import annotations

import pytest

from counter_tui.domain.errors import Conflict, EmptyQueue
from counter_tui.services import counter_actions, tickets
from counter_tui.services.session import Session


def test_issue_call_finish_round_trip(db, operator, front_desk, clock) -> None:
    a1 = tickets.issue_ticket(Session(db, front_desk, clock), "A").ticket
    a2 = tickets.issue_ticket(Session(db, front_desk, clock), "A", priority="lansia").ticket
    assert (a1.label, a2.label) == ("A-001", "A-002")
    called = counter_actions.call_next(Session(db, operator, clock), ["A"])
    assert called.label == "A-002"  # priority first
    with pytest.raises(Conflict):
        counter_actions.call_next(Session(db, operator, clock), ["A"])
    counter_actions.start_serving(Session(db, operator, clock))
    done = counter_actions.finish(Session(db, operator, clock), "selesai")
    assert done.status.value == "done"
    assert counter_actions.call_next(Session(db, operator, clock), ["A"]).label == "A-001"
    counter_actions.mark_no_show(Session(db, operator, clock))
    with pytest.raises(EmptyQueue):
        counter_actions.call_next(Session(db, operator, clock), ["A"])
