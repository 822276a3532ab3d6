"""Rules that used to live in the screens, now in the domain and the use cases: which refusals a supervisor may
override, a counter's default services, park versus resume, the ticket check before a finish or transfer dialog,
and "a ticket finished straight from called counts its service from the call"."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from counter_tui.domain.accounts import KIOSK
from counter_tui.domain.errors import (
    AuthError,
    Conflict,
    CounterError,
    DuplicateTicket,
    EmptyQueue,
    NotFound,
    PermissionDenied,
    QueueClosed,
    ValidationError,
    supervisor_may_override,
)
from counter_tui.domain.queue import (
    Action,
    Service,
    Ticket,
    TicketStatus,
    default_counter_services,
    park_or_resume,
    service_started_at,
)
from counter_tui.services import counter_actions, counter_setup, queue_config, tickets
from counter_tui.services.session import Session
from tests.clock import FixedClock

TICKET = Ticket(
    id=1,
    service_date="2026-11-30",
    service_code="A",
    origin_service="A",
    number=1,
    priority=None,
    status=TicketStatus.CALLED,
    queued_at=datetime(2026, 11, 30, 1, 0, tzinfo=UTC),
    issued_at=datetime(2026, 11, 30, 1, 0, tzinfo=UTC),
    called_at=datetime(2026, 11, 30, 1, 5, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("refusal", "may"),
    [
        (QueueClosed("Di luar jam layanan."), True),
        (QueueClosed("Kuota harian habis."), True),
        (DuplicateTicket("NIK ini sudah memegang tiket."), True),
        (QueueClosed("Layanan A sedang tidak aktif.", overridable=False), False),
        (ValidationError("NIK harus 16 digit."), False),
        (NotFound("Layanan Z tidak dikenal."), False),
        (PermissionDenied("Hanya supervisor."), False),
        (AuthError("PIN salah."), False),
        (Conflict("Tiket masih dipanggil."), False),
        (EmptyQueue("Tidak ada antrian."), False),
        (CounterError("Galat."), False),
    ],
)
def test_which_refusals_a_supervisor_may_override(refusal: CounterError, may: bool) -> None:
    assert supervisor_may_override(refusal) is may


def test_an_override_never_lifts_a_bad_nik(db, supervisor, clock: FixedClock) -> None:
    with pytest.raises(ValidationError):
        tickets.issue_ticket(Session(db, KIOSK, clock), "A", nik="6202057507060001", override_by=supervisor)


def test_default_services_are_the_active_ones_in_order() -> None:
    services = [Service("A", "a"), Service("B", "b", active=False), Service("C", "c"), Service("D", "d")]
    assert default_counter_services(services) == ["A", "C", "D"]
    assert default_counter_services([Service("B", "b", active=False)]) == []


def test_a_counter_that_never_chose_opens_with_every_active_service(db, supervisor, operator, clock) -> None:
    queue_config.update_service(
        Session(db, supervisor, clock), "B", name="KTP-el hilang/rusak", active=False, daily_quota=""
    )
    session = Session(db, operator, clock)
    assert counter_setup.open_counter_services(session) == ("A", "C", "D", "E")
    assert counter_setup.saved_counter_services(session, operator.counter) == ("A", "C", "D", "E")
    counter_setup.set_counter_services(session, ["C"])
    audit_rows = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert counter_setup.open_counter_services(session) == (
        "C",
    )  # a saved choice wins, and writes no audit row
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_rows


@pytest.mark.parametrize(
    ("current", "parked", "action"),
    [
        (None, [], Action.PARK),
        (None, [replace(TICKET, status=TicketStatus.PARKED)], Action.RESUME),
        (TICKET, [], Action.PARK),
        (TICKET, [replace(TICKET, id=2, status=TicketStatus.PARKED)], Action.PARK),
    ],
)
def test_park_versus_resume(current: Ticket | None, parked: list[Ticket], action: Action) -> None:
    assert park_or_resume(current, parked) is action


def test_the_park_key_parks_then_resumes(db, operator, clock: FixedClock) -> None:
    session = Session(db, operator, clock)
    with pytest.raises(Conflict, match="Tidak ada tiket"):
        counter_actions.park_or_resume(session)
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    counter_actions.call_next(session, ["A"])
    parked = counter_actions.park_or_resume(session)
    assert (parked.action, parked.ticket.label, parked.ticket.status) == (
        Action.PARK,
        "A-001",
        TicketStatus.PARKED,
    )
    counter_actions.call_next(session, ["A"])
    second = counter_actions.park_or_resume(session)  # a ticket at the counter: park it, even with one parked
    assert (second.action, second.ticket.label) == (Action.PARK, "A-002")
    resumed = counter_actions.park_or_resume(
        session
    )  # the counter is free: the one parked longest comes back
    assert (resumed.action, resumed.ticket.label, resumed.ticket.status) == (
        Action.RESUME,
        "A-001",
        TicketStatus.SERVING,
    )


def test_the_ticket_check_before_a_finish_or_transfer_dialog(db, operator, clock: FixedClock) -> None:
    session = Session(db, operator, clock)
    for action in (Action.FINISH, Action.TRANSFER):
        with pytest.raises(
            Conflict, match="Tidak ada tiket yang sedang dipanggil atau dilayani di loket ini."
        ):
            counter_actions.ticket_for(session, action)
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    called = counter_actions.call_next(session, ["A"])
    assert counter_actions.ticket_for(session, Action.FINISH).id == called.id
    assert counter_actions.ticket_for(session, Action.TRANSFER).id == called.id
    with pytest.raises(Conflict, match="ditunda"):
        counter_actions.ticket_for(session, Action.RESUME)  # the action must apply to the ticket


def test_service_started_at() -> None:
    assert service_started_at(TICKET) == TICKET.called_at
    served = replace(TICKET, status=TicketStatus.SERVING, served_at=datetime(2026, 11, 30, 1, 7, tzinfo=UTC))
    assert service_started_at(served) == datetime(2026, 11, 30, 1, 7, tzinfo=UTC)
    assert service_started_at(replace(TICKET, called_at=None)) is None


def test_a_ticket_finished_straight_from_called_counts_its_service_from_the_call(db, operator, clock) -> None:
    session = Session(db, operator, clock)
    counter_setup.set_counter_services(session, ["A"])
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    called = counter_actions.call_next(session, ["A"])
    clock.advance(minutes=9)
    done = counter_actions.finish(session, "selesai")  # never started: finished straight from called
    assert done.served_at == called.called_at
    # ... so the day's average service time is 9 minutes, not the 5-minute default.
    waiting = tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    assert waiting.estimated_wait.total_seconds() == pytest.approx(9 * 60, abs=1e-3)


# -- the idle lock: when a wrong PIN ends the session (the lock screen used to re-derive it from the list) -----
def test_a_session_may_continue_until_its_account_is_locked_or_deactivated(
    db, clock, supervisor, operator
) -> None:
    from counter_tui.domain.errors import AuthError
    from counter_tui.services import account_admin, idle_lock
    from tests.conftest import OPERATOR_CODE

    session = Session(db, operator, clock)
    assert idle_lock.session_may_continue(session)
    from counter_tui.domain.accounts import MAX_FAILED_LOGINS

    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthError):
            idle_lock.unlock_session(session, "918273")
        assert idle_lock.session_may_continue(session)  # wrong PINs, but not yet the last allowed
        clock.advance(hours=1)  # past the growing delay, so the next wrong PIN counts
    with pytest.raises(AuthError):
        idle_lock.unlock_session(session, "918273")
    assert not idle_lock.session_may_continue(session)  # the last allowed one locked the account
    account_admin.unlock_operator(Session(db, supervisor, clock), OPERATOR_CODE)
    assert idle_lock.session_may_continue(session)
    account_admin.set_operator_active(Session(db, supervisor, clock), OPERATOR_CODE, False)
    assert not idle_lock.session_may_continue(session)
    assert not idle_lock.session_may_continue(Session(db, KIOSK, clock))
