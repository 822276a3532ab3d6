"""One counter, one session; one operator, one counter: the lease taken at login and renewed by the heartbeat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from counter_tui.domain.accounts import KIOSK
from counter_tui.domain.errors import PermissionDenied
from counter_tui.domain.leases import LEASE_TTL, CounterTaken, Lease, decide_take
from counter_tui.services import accounts, counter_actions, counter_setup, recovery, tickets
from counter_tui.services.session import Session
from tests.conftest import (
    OPERATOR2_CODE,
    OPERATOR2_PIN,
    OPERATOR_CODE,
    OPERATOR_PIN,
    SUPERVISOR_CODE,
    SUPERVISOR_PIN,
)

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def lease(counter: int, operator_id: int, *, expires_in: timedelta = LEASE_TTL) -> Lease:
    return Lease(
        counter,
        operator_id,
        f"OPR{operator_id}",
        "Siti",
        "s" * 32,
        NOW - timedelta(minutes=10),
        NOW + expires_in,
    )


@pytest.mark.parametrize(
    ("counter_lease", "own_lease", "supervisor", "expected"),
    [
        (None, None, False, False),
        (lease(1, 7), None, False, CounterTaken),  # someone else's live lease
        (lease(1, 7, expires_in=timedelta(0)), None, False, False),  # expired: free
        (lease(1, 7), None, True, True),  # a supervisor takes it over
        (lease(1, 5), lease(1, 5), False, False),  # my own lease (a new login of mine replaces it)
        (None, lease(2, 5), False, CounterTaken),  # I still hold counter 2
        (None, lease(2, 5, expires_in=-timedelta(seconds=1)), False, False),
    ],
)
def test_decide_take(counter_lease, own_lease, supervisor: bool, expected) -> None:
    if expected is CounterTaken:
        with pytest.raises(CounterTaken):
            decide_take(1, counter_lease, own_lease, 5, supervisor, NOW)
    else:
        assert decide_take(1, counter_lease, own_lease, 5, supervisor, NOW) is expected


def login(db, clock, code: str, pin: str, counter: int):
    return accounts.login(Session(db, clock=clock), code, pin, counter)


def audit_actions(db) -> list[str]:
    return [r[0] for r in db.conn.execute("SELECT action FROM audit_log ORDER BY id")]


def test_a_second_operator_cannot_log_in_at_a_counter_in_use(db, clock, operator) -> None:
    with pytest.raises(CounterTaken) as refused:
        login(db, clock, OPERATOR2_CODE, OPERATOR2_PIN, 1)
    assert f"Loket 1 sedang dipakai {OPERATOR_CODE} (Siti Petugas) sejak 08:00 WIB" in refused.value.message
    assert audit_actions(db)[-1] == "login.refused"


def test_the_second_operator_cannot_finish_the_first_ones_ticket(db, clock, operator) -> None:
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    counter_actions.call_next(Session(db, operator, clock), ["A"])
    with pytest.raises(CounterTaken):
        login(db, clock, OPERATOR2_CODE, OPERATOR2_PIN, 1)
    assert db.conn.execute("SELECT status, operator_id FROM tickets").fetchone()[0] == "called"


def test_one_operator_cannot_hold_two_counters(db, clock, operator) -> None:
    with pytest.raises(CounterTaken, match="masih tercatat di loket 1"):
        login(db, clock, OPERATOR_CODE, OPERATOR_PIN, 2)


def test_the_front_desk_needs_no_lease(db, clock, operator) -> None:
    assert login(db, clock, OPERATOR_CODE, OPERATOR_PIN, 0).counter == 0


def test_an_expired_lease_is_free_and_the_old_session_cannot_act(db, clock, operator) -> None:
    clock.advance(seconds=LEASE_TTL.total_seconds() + 1)  # no heartbeat: the session ended without a logout
    other = login(db, clock, OPERATOR2_CODE, OPERATOR2_PIN, 1)
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    with pytest.raises(PermissionDenied, match=f"diambil alih oleh {OPERATOR2_CODE}"):
        counter_actions.call_next(Session(db, operator, clock), ["A"])
    with pytest.raises(PermissionDenied):
        counter_setup.counter_heartbeat(Session(db, operator, clock))
    assert counter_actions.call_next(Session(db, other, clock), ["A"]).label == "A-001"


def test_the_heartbeat_keeps_the_lease(db, clock, operator) -> None:
    for _ in range(5):
        clock.advance(minutes=1)
        counter_setup.counter_heartbeat(Session(db, operator, clock))
    with pytest.raises(CounterTaken):
        login(db, clock, OPERATOR2_CODE, OPERATOR2_PIN, 1)


def test_a_supervisor_takes_a_counter_over(db, clock, operator) -> None:
    spv = login(db, clock, SUPERVISOR_CODE, SUPERVISOR_PIN, 1)
    assert "counter.takeover" in audit_actions(db)
    with pytest.raises(PermissionDenied, match=f"diambil alih oleh {SUPERVISOR_CODE}"):
        counter_setup.counter_heartbeat(Session(db, operator, clock))
    counter_setup.counter_heartbeat(Session(db, spv, clock))


def test_a_supervisor_releases_a_stuck_counter(db, clock, operator, supervisor) -> None:
    recovery.release_counter(Session(db, supervisor, clock), 1)
    assert audit_actions(db)[-1] == "counter.release"
    assert login(db, clock, OPERATOR2_CODE, OPERATOR2_PIN, 1).counter == 1
    with pytest.raises(PermissionDenied):
        recovery.release_counter(Session(db, operator, clock), 1)


def test_logout_frees_the_counter(db, clock, operator) -> None:
    accounts.logout(Session(db, operator, clock))
    assert login(db, clock, OPERATOR2_CODE, OPERATOR2_PIN, 1).counter == 1


def test_a_new_login_of_the_same_operator_replaces_its_own_session(db, clock, operator) -> None:
    again = login(db, clock, OPERATOR_CODE, OPERATOR_PIN, 1)
    assert again.session_id != operator.session_id
    with pytest.raises(PermissionDenied):
        counter_setup.counter_heartbeat(Session(db, operator, clock))
    counter_setup.counter_heartbeat(Session(db, again, clock))
