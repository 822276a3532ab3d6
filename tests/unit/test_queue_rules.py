"""Queue rules: call order with priority, status changes, transfer, estimated wait, parsing and labels."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from counter_tui.domain.errors import Conflict, ValidationError
from counter_tui.domain.queue import (
    Action,
    Outcome,
    Priority,
    Service,
    Ticket,
    TicketStatus,
    call_order_key,
    check_counter_free,
    check_transfer_target,
    estimate_wait,
    format_duration,
    next_status,
    normalize_service_code,
    order_waiting,
    parse_outcome,
    parse_priority,
    parse_ticket_label,
    ticket_label,
    validate_quota,
)

S = TicketStatus


def make_ticket(
    id: int,
    *,
    service: str = "A",
    minute: int = 0,
    priority: Priority | None = None,
    status: TicketStatus = S.WAITING,
    requeued: bool = False,
) -> Ticket:
    at = datetime(2026, 11, 30, 1, minute, tzinfo=UTC)
    return Ticket(
        id=id,
        service_date="2026-11-30",
        service_code=service,
        origin_service=service,
        number=id,
        priority=priority,
        status=status,
        queued_at=at,
        issued_at=at,
        requeued=requeued,
    )


# -- call order ------------------------------------------------------------------------------------
def test_priority_goes_first_then_the_oldest() -> None:
    tickets = [
        make_ticket(1, minute=1),
        make_ticket(2, minute=2, priority=Priority.LANSIA),
        make_ticket(3, minute=3),
        make_ticket(4, minute=0, priority=Priority.HAMIL),
        make_ticket(5, minute=0),
    ]
    assert [t.id for t in order_waiting(tickets)] == [4, 2, 5, 1, 3]


@pytest.mark.parametrize("priority", list(Priority))
def test_every_priority_kind_beats_an_older_normal_ticket(priority: Priority) -> None:
    old_normal = make_ticket(1, minute=0)
    young_priority = make_ticket(2, minute=30, priority=priority)
    assert [t.id for t in order_waiting([old_normal, young_priority])] == [2, 1]


def test_priority_kinds_are_equal_among_themselves() -> None:
    """The law gives no order among the priority groups: the oldest priority ticket goes first."""
    tickets = [make_ticket(i + 1, minute=10 - i, priority=p) for i, p in enumerate(Priority)]
    assert [t.id for t in order_waiting(tickets)] == [5, 4, 3, 2, 1]


def test_same_moment_is_broken_by_id() -> None:
    tickets = [make_ticket(3, minute=5), make_ticket(1, minute=5), make_ticket(2, minute=5)]
    assert [t.id for t in order_waiting(tickets)] == [1, 2, 3]


@pytest.mark.parametrize("status", [s for s in TicketStatus if s is not S.WAITING])
def test_only_waiting_tickets_are_in_the_call_order(status: TicketStatus) -> None:
    tickets = [make_ticket(1, minute=0, status=status), make_ticket(2, minute=1)]
    assert [t.id for t in order_waiting(tickets)] == [2]


@pytest.mark.parametrize(
    ("services", "expected"),
    [
        (None, [2, 1, 3, 4]),
        (["A"], [1, 3]),
        (["B", "C"], [2, 4]),
        (["D"], []),
        ([], []),
    ],
)
def test_order_is_filtered_by_the_counters_services(services: list[str] | None, expected: list[int]) -> None:
    tickets = [
        make_ticket(1, service="A", minute=1),
        make_ticket(2, service="B", minute=5, priority=Priority.ANAK),
        make_ticket(3, service="A", minute=2),
        make_ticket(4, service="C", minute=3),
    ]
    assert [t.id for t in order_waiting(tickets, services)] == expected


def test_a_transferred_ticket_keeps_its_place_in_time() -> None:
    """Transfer changes the service, not queued_at: the ticket goes ahead of younger ones in the new service."""
    transferred = replace(make_ticket(1, service="A", minute=0), service_code="B")
    younger_b = make_ticket(2, service="B", minute=10)
    assert [t.id for t in order_waiting([younger_b, transferred], ["B"])] == [1, 2]


def test_call_order_key_matches_a_brute_force_rule() -> None:
    rng = random.Random(20261130)
    tickets = [
        make_ticket(i, minute=rng.randrange(5), priority=rng.choice([None, None, *Priority]))
        for i in range(1, 60)
    ]
    rng.shuffle(tickets)
    ordered = order_waiting(tickets)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if (earlier.priority is None) != (later.priority is None):
            assert earlier.priority is not None
        else:
            assert (earlier.queued_at, earlier.id) < (later.queued_at, later.id)
    assert ordered == sorted(tickets, key=call_order_key)


# -- status changes --------------------------------------------------------------------------------
# Written out by hand from the issue, not copied from the code: (action, from) → to.
EXPECTED_TRANSITIONS: dict[tuple[Action, TicketStatus], TicketStatus] = {
    (Action.CALL, S.WAITING): S.CALLED,
    (Action.RECALL, S.CALLED): S.CALLED,
    (Action.START, S.CALLED): S.SERVING,
    (Action.NO_SHOW, S.CALLED): S.NO_SHOW,
    (Action.REQUEUE, S.NO_SHOW): S.WAITING,
    (Action.TRANSFER, S.CALLED): S.WAITING,
    (Action.TRANSFER, S.SERVING): S.WAITING,
    (Action.PARK, S.CALLED): S.PARKED,
    (Action.PARK, S.SERVING): S.PARKED,
    (Action.RESUME, S.PARKED): S.SERVING,
    (Action.FINISH, S.CALLED): S.DONE,
    (Action.FINISH, S.SERVING): S.DONE,
    (Action.CANCEL, S.WAITING): S.CLOSED,  # a wrongly issued ticket, cancelled before any call
}

ALL_PAIRS = [(action, status) for action in Action for status in TicketStatus]


@pytest.mark.parametrize(
    ("action", "status"), ALL_PAIRS, ids=[f"{a.value}-from-{s.value}" for a, s in ALL_PAIRS]
)
def test_every_action_from_every_status(action: Action, status: TicketStatus) -> None:
    ticket = make_ticket(7, status=status)
    expected = EXPECTED_TRANSITIONS.get((action, status))
    if expected is None:
        with pytest.raises(Conflict) as refusal:
            next_status(action, ticket)
        assert "A-007" in str(refusal.value)
        assert status.label.lower() in str(refusal.value) or action is Action.CALL
    else:
        assert next_status(action, ticket) is expected


@pytest.mark.parametrize("status", [S.WAITING, S.SERVING, S.DONE, S.PARKED, S.CLOSED, S.NO_SHOW])
def test_no_show_needs_a_called_ticket(status: TicketStatus) -> None:
    with pytest.raises(Conflict, match="tidak hadir"):
        next_status(Action.NO_SHOW, make_ticket(1, status=status))


def test_requeue_is_allowed_only_once() -> None:
    first = make_ticket(1, status=S.NO_SHOW)
    assert next_status(Action.REQUEUE, first) is S.WAITING
    with pytest.raises(Conflict, match="sekali"):
        next_status(Action.REQUEUE, replace(first, requeued=True))


def test_finish_is_refused_for_a_waiting_ticket() -> None:
    with pytest.raises(Conflict, match="diselesaikan"):
        next_status(Action.FINISH, make_ticket(1))


# -- transfer --------------------------------------------------------------------------------------
def test_transfer_to_the_same_service_is_refused() -> None:
    with pytest.raises(Conflict, match="layanan yang sama"):
        check_transfer_target(make_ticket(1, service="A", status=S.SERVING), Service("A", "Perekaman"))


def test_transfer_compares_with_the_current_service_not_the_number_letter() -> None:
    moved = replace(make_ticket(1, service="A", status=S.SERVING), service_code="B")
    check_transfer_target(moved, Service("A", "Perekaman"))  # back to A is a real move
    with pytest.raises(Conflict, match="layanan yang sama"):
        check_transfer_target(moved, Service("B", "Hilang/rusak"))


def test_transfer_to_an_inactive_service_is_refused() -> None:
    with pytest.raises(Conflict, match="tidak aktif"):
        check_transfer_target(make_ticket(1, status=S.CALLED), Service("D", "Aktivasi IKD", active=False))


def test_transfer_to_another_active_service_is_allowed() -> None:
    check_transfer_target(make_ticket(1, status=S.CALLED), Service("D", "Aktivasi IKD"))


def test_a_busy_counter_cannot_take_another_ticket() -> None:
    check_counter_free(None)
    with pytest.raises(Conflict, match="A-001"):
        check_counter_free(make_ticket(1, status=S.SERVING))


# -- estimated wait --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("position", "average", "counters", "minutes"),
    [
        (1, 10.0, 1, 10.0),
        (3, 10.0, 1, 30.0),
        (3, 10.0, 2, 15.0),  # avg × position ÷ counters
        (4, 6.0, 3, 8.0),
        (2, None, 1, 10.0),  # no average yet: the default of 5 minutes
        (2, 0.0, 1, 10.0),
        (2, -3.0, 1, 10.0),
        (3, 10.0, 0, 30.0),  # no counter serving: counted as 1
        (3, 10.0, -2, 30.0),
        (0, 10.0, 1, 0.0),
        (-1, 10.0, 1, 0.0),
    ],
)
def test_estimate_wait(position: int, average: float | None, counters: int, minutes: float) -> None:
    assert estimate_wait(position, average, counters) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "< 1 menit"),
        (timedelta(seconds=29), "< 1 menit"),
        (timedelta(seconds=90), "± 2 menit"),
        (timedelta(minutes=1), "± 1 menit"),
        (timedelta(minutes=59), "± 59 menit"),
        (timedelta(minutes=60), "± 1 jam"),
        (timedelta(minutes=61), "± 1 jam 1 menit"),
        (timedelta(minutes=150), "± 2 jam 30 menit"),
        (timedelta(hours=3), "± 3 jam"),
    ],
)
def test_format_duration(delta: timedelta, text: str) -> None:
    assert format_duration(delta) == text


# -- parsing and labels ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("lansia", Priority.LANSIA),
        (" HAMIL ", Priority.HAMIL),
        ("bencana", Priority.BENCANA),
    ],
)
def test_parse_priority(raw: str | None, expected: Priority | None) -> None:
    assert parse_priority(raw) is expected


@pytest.mark.parametrize("raw", ["vip", "tua", "1"])
def test_parse_priority_refuses(raw: str) -> None:
    with pytest.raises(ValidationError, match="prioritas"):
        parse_priority(raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [("selesai", Outcome.SELESAI), (" Dirujuk_IKD ", Outcome.DIRUJUK_IKD)]
)
def test_parse_outcome(raw: str, expected: Outcome) -> None:
    assert parse_outcome(raw) is expected


@pytest.mark.parametrize(("raw", "match"), [(None, "wajib"), ("", "wajib"), ("beres", "tidak dikenal")])
def test_parse_outcome_refuses(raw: str | None, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        parse_outcome(raw)


@pytest.mark.parametrize(("raw", "expected"), [("a", "A"), (" e ", "E"), ("Z", "Z")])
def test_normalize_service_code(raw: str, expected: str) -> None:
    assert normalize_service_code(raw) == expected


@pytest.mark.parametrize("raw", ["", "AB", "1", "-", "é"])
def test_normalize_service_code_refuses(raw: str) -> None:
    with pytest.raises(ValidationError, match="Kode layanan"):
        normalize_service_code(raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, None), ("", None), ("0", None), ("25", 25), (9999, 9999)]
)
def test_validate_quota(raw: str | int | None, expected: int | None) -> None:
    assert validate_quota(raw) == expected


@pytest.mark.parametrize("raw", ["10000", "-5", "sepuluh", "2.5"])
def test_validate_quota_refuses(raw: str) -> None:
    with pytest.raises(ValidationError, match="Kuota"):
        validate_quota(raw)


@pytest.mark.parametrize(
    ("letter", "number", "label"), [("A", 1, "A-001"), ("B", 42, "B-042"), ("A", 1000, "A-1000")]
)
def test_ticket_label(letter: str, number: int, label: str) -> None:
    assert ticket_label(letter, number) == label


@pytest.mark.parametrize(
    ("raw", "expected"), [("A-007", ("A", 7)), ("a7", ("A", 7)), (" b-1000 ", ("B", 1000))]
)
def test_parse_ticket_label(raw: str, expected: tuple[str, int]) -> None:
    assert parse_ticket_label(raw) == expected


@pytest.mark.parametrize("raw", ["", "A-000", "7", "AA-1", "A-", "A-123456"])
def test_parse_ticket_label_refuses(raw: str) -> None:
    with pytest.raises(ValidationError, match="Nomor tiket"):
        parse_ticket_label(raw)
