"""Queue use cases on a real database: hours, quota, NIK, overrides, counter actions and their refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counter_tui.domain.accounts import KIOSK
from counter_tui.domain.errors import (
    Conflict,
    DuplicateTicket,
    EmptyQueue,
    NotFound,
    PermissionDenied,
    QueueClosed,
    ValidationError,
)
from counter_tui.services import counter_actions, counter_setup, counter_transfers, queue_config, tickets
from counter_tui.services.session import Session
from tests.clock import FixedClock

NIK = "6202054507060001"


def audit_actions(db) -> list[str]:
    return [r[0] for r in db.conn.execute("SELECT action FROM audit_log ORDER BY id")]


def ticket_count(db) -> int:
    return db.conn.execute("SELECT count(*) FROM tickets").fetchone()[0]


def test_election_day_special_hours_through_the_use_case(db, supervisor, clock: FixedClock) -> None:
    # A future election day (a clock moved back to a past one would be refused: see the clock tests).
    queue_config.set_special_day(
        Session(db, supervisor, clock), "2029-02-14", "08:00", "12:00", "Pemilu 2029"
    )
    clock.moment = datetime(2029, 2, 14, 4, 59, tzinfo=UTC)  # 11:59 WIB
    assert tickets.issue_ticket(Session(db, KIOSK, clock), "A").ticket.label == "A-001"
    clock.moment = datetime(2029, 2, 14, 5, 0, tzinfo=UTC)  # 12:00 WIB
    with pytest.raises(QueueClosed, match="12:00"):
        tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    assert ticket_count(db) == 1


def test_supervisor_override_outside_hours_is_audited(db, supervisor, clock: FixedClock) -> None:
    queue_config.set_special_day(Session(db, supervisor, clock), "2026-12-25", None, None, "Hari Natal")
    clock.moment = datetime(2026, 12, 25, 2, 0, tzinfo=UTC)
    with pytest.raises(QueueClosed, match="Hari Natal"):
        tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    issued = tickets.issue_ticket(Session(db, KIOSK, clock), "A", override_by=supervisor)
    assert issued.ticket.label == "A-001"
    assert len(issued.overridden) == 1
    assert audit_actions(db)[-2:] == ["ticket.issue", "ticket.override"]


def test_override_by_an_operator_is_refused(db, operator, clock: FixedClock) -> None:
    before = audit_actions(db)
    with pytest.raises(PermissionDenied):
        tickets.issue_ticket(Session(db, KIOSK, clock), "A", override_by=operator)
    assert ticket_count(db) == 0
    assert audit_actions(db) == before


def test_quota_reached(db, supervisor, clock: FixedClock) -> None:
    queue_config.update_service(Session(db, supervisor, clock), "B", daily_quota=2)
    tickets.issue_ticket(Session(db, KIOSK, clock), "B")
    tickets.issue_ticket(Session(db, KIOSK, clock), "B")
    with pytest.raises(QueueClosed, match="Kuota"):
        tickets.issue_ticket(Session(db, KIOSK, clock), "B")
    assert (
        tickets.issue_ticket(Session(db, KIOSK, clock), "A").ticket.label == "A-001"
    )  # other services go on
    assert (
        tickets.issue_ticket(Session(db, KIOSK, clock), "B", override_by=supervisor).ticket.label == "B-003"
    )


@pytest.mark.parametrize(("code", "error"), [("Z", NotFound), ("AB", ValidationError), ("", ValidationError)])
def test_unknown_service(db, clock: FixedClock, code: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        tickets.issue_ticket(Session(db, KIOSK, clock), code)
    assert ticket_count(db) == 0


def test_inactive_service_cannot_be_overridden(db, supervisor, clock: FixedClock) -> None:
    queue_config.update_service(Session(db, supervisor, clock), "D", active=False)
    with pytest.raises(QueueClosed, match="tidak aktif"):
        tickets.issue_ticket(Session(db, KIOSK, clock), "D", override_by=supervisor)
    assert ticket_count(db) == 0


def test_unicode_digits_are_read_as_the_nik(db, clock: FixedClock) -> None:
    """Issue 7: fullwidth and other Unicode digits become ASCII (NFKC), as a phone keyboard may type them."""
    issued = tickets.issue_ticket(Session(db, KIOSK, clock), "A", nik="٦٢٠٢٠٥٤٥٠٧٠٦٠٠٠١")
    assert issued.ticket.nik_masked == "6202**********01"


@pytest.mark.parametrize("nik", ["123", "62020545070600011", "6202O54507060001", "٦٢٠٢٠٥٤٥٠٧٠٦٠٠٠"])
def test_bad_nik_is_refused(db, clock: FixedClock, nik: str) -> None:
    with pytest.raises(ValidationError, match="16 digit"):
        tickets.issue_ticket(Session(db, KIOSK, clock), "A", nik=nik)
    assert ticket_count(db) == 0


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("9999054507060001", "Kode provinsi"),  # no such province
        ("6202994507060001", "Kode kecamatan NIK"),  # no kecamatan 99 in Kotawaringin Timur
        ("6202057507060001", "Tanggal lahir"),  # day 75: neither 1-31 nor 41-71
        ("6202054513060001", "Tanggal lahir"),  # month 13
    ],
)
def test_a_nik_with_an_unknown_region_or_impossible_date_is_refused(
    db, clock: FixedClock, nik: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as refusal:
        tickets.issue_ticket(Session(db, KIOSK, clock), "A", nik=nik)
    assert nik not in str(refusal.value)
    assert ticket_count(db) == 0


def test_one_waiting_ticket_per_nik_and_service(db, supervisor, clock: FixedClock) -> None:
    first = tickets.issue_ticket(Session(db, KIOSK, clock), "A", nik=NIK).ticket
    assert first.nik_masked == "6202**********01"
    with pytest.raises(DuplicateTicket):
        tickets.issue_ticket(Session(db, KIOSK, clock), "A", nik="6202.05.450706.0001")
    assert tickets.issue_ticket(Session(db, KIOSK, clock), "B", nik=NIK).ticket.label == "B-001"
    assert (
        tickets.issue_ticket(Session(db, KIOSK, clock), "A", nik=NIK, override_by=supervisor).ticket.label
        == "A-002"
    )
    stored = " ".join(str(v) for row in db.conn.execute("SELECT * FROM tickets") for v in row)
    stored += " ".join(r[0] for r in db.conn.execute("SELECT details FROM audit_log"))
    assert NIK not in stored


def test_a_finished_nik_may_queue_again(db, operator, clock: FixedClock) -> None:
    tickets.issue_ticket(Session(db, KIOSK, clock), "A", nik=NIK)
    counter_actions.call_next(Session(db, operator, clock), ["A"])
    counter_actions.finish(Session(db, operator, clock), "selesai")
    assert tickets.issue_ticket(Session(db, KIOSK, clock), "A", nik=NIK).ticket.label == "A-002"


def test_position_and_estimated_wait(db, operator, operator2, clock: FixedClock) -> None:
    counter_setup.set_counter_services(Session(db, operator, clock), ["A"])
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    counter_actions.call_next(Session(db, operator, clock), ["A"])
    clock.advance(minutes=12)
    counter_actions.finish(Session(db, operator, clock), "selesai")  # the day's average becomes 12 minutes
    for _ in range(2):
        tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    third = tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    assert third.position == 3
    # julianday() arithmetic is floating point: allow a millisecond.
    assert third.estimated_wait.total_seconds() == pytest.approx(36 * 60, abs=1e-3)
    counter_setup.set_counter_services(Session(db, operator2, clock), ["A", "B"])
    fourth_alone = tickets.issue_ticket(Session(db, KIOSK, clock), "A")  # counter 1 not seen for 12 minutes
    assert fourth_alone.estimated_wait.total_seconds() == pytest.approx(12 * 4 * 60, abs=1e-3)
    counter_setup.counter_heartbeat(Session(db, operator, clock))  # now two counters serve A
    fourth = tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    assert fourth.estimated_wait.total_seconds() == pytest.approx(12 * 5 / 2 * 60, abs=1e-3)
    priority = tickets.issue_ticket(Session(db, KIOSK, clock), "A", priority="anak")
    assert priority.position == 1


def test_call_next_on_an_empty_queue(db, operator, clock: FixedClock) -> None:
    with pytest.raises(EmptyQueue):
        counter_actions.call_next(Session(db, operator, clock), ["A", "B"])


def test_the_front_desk_cannot_call(db, front_desk, clock: FixedClock) -> None:
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    with pytest.raises(ValidationError, match="Loket 0"):
        counter_actions.call_next(Session(db, front_desk, clock), ["A"])


def test_call_next_across_a_counters_services(db, operator, clock: FixedClock) -> None:
    tickets.issue_ticket(Session(db, KIOSK, clock), "C")
    clock.advance(minutes=1)
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    clock.advance(minutes=1)
    tickets.issue_ticket(Session(db, KIOSK, clock), "B", priority="disabilitas")
    order = []
    for _ in range(2):
        order.append(counter_actions.call_next(Session(db, operator, clock), ["A", "B"]).label)
        counter_actions.finish(Session(db, operator, clock), "selesai")
    assert order == ["B-001", "A-001"]


def test_recall_start_park_resume_finish(db, operator, clock: FixedClock) -> None:
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    called = counter_actions.call_next(Session(db, operator, clock), ["A"])
    assert called.call_count == 1
    assert counter_actions.recall(Session(db, operator, clock)).call_count == 2
    assert counter_actions.start_serving(Session(db, operator, clock)).status.value == "serving"
    assert counter_actions.park(Session(db, operator, clock)).status.value == "parked"
    assert counter_actions.current_ticket(Session(db, operator, clock)) is None
    with pytest.raises(Conflict):
        counter_actions.finish(Session(db, operator, clock), "selesai")
    assert counter_actions.resume(Session(db, operator, clock)).status.value == "serving"
    with pytest.raises(ValidationError, match="wajib"):
        counter_actions.finish(Session(db, operator, clock), None)
    done = counter_actions.finish(Session(db, operator, clock), "berkas_kurang")
    assert (done.status.value, done.outcome.value) == ("done", "berkas_kurang")
    calls = db.conn.execute("SELECT label, counter FROM calls").fetchall()
    assert [tuple(c) for c in calls] == [("A-001", 1), ("A-001", 1)]
    assert [a for a in audit_actions(db) if a.startswith("ticket.")] == [
        "ticket.issue",
        "ticket.call",
        "ticket.recall",
        "ticket.start",
        "ticket.park",
        "ticket.resume",
        "ticket.finish",
    ]


def test_no_show_requeue_only_once(db, operator, clock: FixedClock) -> None:
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    counter_actions.call_next(Session(db, operator, clock), ["A"])
    assert counter_actions.mark_no_show(Session(db, operator, clock)).status.value == "no_show"
    back = counter_transfers.requeue_no_show(Session(db, operator, clock), "A-001")
    assert (back.status.value, back.requeued) == ("waiting", True)
    counter_actions.call_next(Session(db, operator, clock), ["A"])
    counter_actions.mark_no_show(Session(db, operator, clock))
    with pytest.raises(Conflict, match="sekali"):
        counter_transfers.requeue_no_show(Session(db, operator, clock), "A-001")


def test_no_show_on_a_ticket_never_called(db, operator, clock: FixedClock) -> None:
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    with pytest.raises(Conflict, match="Tidak ada tiket"):
        counter_actions.mark_no_show(Session(db, operator, clock))
    assert db.conn.execute("SELECT status FROM tickets").fetchone()[0] == "waiting"


def test_transfer_keeps_the_place_in_time(db, operator, operator2, clock: FixedClock) -> None:
    tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    clock.advance(minutes=5)
    tickets.issue_ticket(Session(db, KIOSK, clock), "D")
    counter_actions.call_next(Session(db, operator, clock), ["A"])
    with pytest.raises(Conflict, match="layanan yang sama"):
        counter_transfers.transfer(Session(db, operator, clock), "A")
    moved = counter_transfers.transfer(Session(db, operator, clock), "D")
    assert (moved.status.value, moved.service_code, moved.label) == ("waiting", "D", "A-001")
    assert (
        counter_actions.call_next(Session(db, operator2, clock), ["D"]).label == "A-001"
    )  # ahead of the younger D-001


def test_two_counters_never_share_a_ticket(db, operator, operator2, clock: FixedClock) -> None:
    for _ in range(3):
        tickets.issue_ticket(Session(db, KIOSK, clock), "A")
    first = counter_actions.call_next(Session(db, operator, clock), ["A"])
    second = counter_actions.call_next(Session(db, operator2, clock), ["A"])
    assert first.id != second.id
    assert (first.counter, second.counter) == (1, 2)


def test_operators_cannot_change_hours_or_services(db, operator, clock: FixedClock) -> None:
    before = audit_actions(db)
    with pytest.raises(PermissionDenied):
        queue_config.set_weekday_hours(Session(db, operator, clock), 0, "07:00", "16:00")
    with pytest.raises(PermissionDenied):
        queue_config.update_service(Session(db, operator, clock), "A", daily_quota=5)
    with pytest.raises(PermissionDenied):
        queue_config.set_special_day(Session(db, operator, clock), "2026-12-25", None, None, "Natal")
    assert audit_actions(db) == before
    assert queue_config.weekly_hours(Session(db))[0].opens == "00:00"
