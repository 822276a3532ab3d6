"""A first end-to-end pass through the use cases (more detailed tests live beside this one)."""

from __future__ import annotations

import pytest

from counter_tui.domain.errors import Conflict, EmptyQueue
from counter_tui.services import queue


def test_issue_call_finish_round_trip(db, operator, front_desk, clock) -> None:
    a1 = queue.issue_ticket(db, front_desk, "A", clock=clock).ticket
    a2 = queue.issue_ticket(db, front_desk, "A", priority="lansia", clock=clock).ticket
    assert (a1.label, a2.label) == ("A-001", "A-002")
    called = queue.call_next(db, operator, ["A"], clock=clock)
    assert called.label == "A-002"  # priority first
    with pytest.raises(Conflict):
        queue.call_next(db, operator, ["A"], clock=clock)
    queue.start_serving(db, operator, clock=clock)
    done = queue.finish(db, operator, "selesai", clock=clock)
    assert done.status.value == "done"
    assert queue.call_next(db, operator, ["A"], clock=clock).label == "A-001"
    queue.mark_no_show(db, operator, clock=clock)
    with pytest.raises(EmptyQueue):
        queue.call_next(db, operator, ["A"], clock=clock)
