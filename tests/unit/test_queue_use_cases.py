"""Queue use cases on a real database: hours, quota, NIK, overrides, counter actions and their refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counter_tui.domain.accounts import KIOSK
from counter_tui.domain.clock import FixedClock
from counter_tui.domain.errors import (
    Conflict,
    DuplicateTicket,
    EmptyQueue,
    NotFound,
    PermissionDenied,
    QueueClosed,
    ValidationError,
)
from counter_tui.services import queue

NIK = "6202054507060001"


def audit_actions(db) -> list[str]:
    return [r[0] for r in db.conn.execute("SELECT action FROM audit_log ORDER BY id")]


def ticket_count(db) -> int:
    return db.conn.execute("SELECT count(*) FROM tickets").fetchone()[0]


def test_election_day_special_hours_through_the_use_case(db, supervisor, clock: FixedClock) -> None:
    queue.set_special_day(db, supervisor, "2024-02-14", "08:00", "12:00", "Pemilu 2024", clock=clock)
    clock.moment = datetime(2024, 2, 14, 4, 59, tzinfo=UTC)  # 11:59 WIB
    assert queue.issue_ticket(db, KIOSK, "A", clock=clock).ticket.label == "A-001"
    clock.moment = datetime(2024, 2, 14, 5, 0, tzinfo=UTC)  # 12:00 WIB
    with pytest.raises(QueueClosed, match="12:00"):
        queue.issue_ticket(db, KIOSK, "A", clock=clock)
    assert ticket_count(db) == 1


def test_supervisor_override_outside_hours_is_audited(db, supervisor, clock: FixedClock) -> None:
    queue.set_special_day(db, supervisor, "2026-12-25", None, None, "Hari Natal", clock=clock)
    clock.moment = datetime(2026, 12, 25, 2, 0, tzinfo=UTC)
    with pytest.raises(QueueClosed, match="Hari Natal"):
        queue.issue_ticket(db, KIOSK, "A", clock=clock)
    issued = queue.issue_ticket(db, KIOSK, "A", override_by=supervisor, clock=clock)
    assert issued.ticket.label == "A-001"
    assert len(issued.overridden) == 1
    assert audit_actions(db)[-2:] == ["ticket.issue", "ticket.override"]


def test_override_by_an_operator_is_refused(db, operator, clock: FixedClock) -> None:
    before = audit_actions(db)
    with pytest.raises(PermissionDenied):
        queue.issue_ticket(db, KIOSK, "A", override_by=operator, clock=clock)
    assert ticket_count(db) == 0
    assert audit_actions(db) == before


def test_quota_reached(db, supervisor, clock: FixedClock) -> None:
    queue.update_service(db, supervisor, "B", daily_quota=2, clock=clock)
    queue.issue_ticket(db, KIOSK, "B", clock=clock)
    queue.issue_ticket(db, KIOSK, "B", clock=clock)
    with pytest.raises(QueueClosed, match="Kuota"):
        queue.issue_ticket(db, KIOSK, "B", clock=clock)
    assert queue.issue_ticket(db, KIOSK, "A", clock=clock).ticket.label == "A-001"  # other services go on
    assert queue.issue_ticket(db, KIOSK, "B", override_by=supervisor, clock=clock).ticket.label == "B-003"


@pytest.mark.parametrize(("code", "error"), [("Z", NotFound), ("AB", ValidationError), ("", ValidationError)])
def test_unknown_service(db, clock: FixedClock, code: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        queue.issue_ticket(db, KIOSK, code, clock=clock)
    assert ticket_count(db) == 0


def test_inactive_service_cannot_be_overridden(db, supervisor, clock: FixedClock) -> None:
    queue.update_service(db, supervisor, "D", active=False, clock=clock)
    with pytest.raises(QueueClosed, match="tidak aktif"):
        queue.issue_ticket(db, KIOSK, "D", override_by=supervisor, clock=clock)
    assert ticket_count(db) == 0


@pytest.mark.parametrize("nik", ["123", "62020545070600011", "6202O54507060001", "٦٢٠٢٠٥٤٥٠٧٠٦٠٠٠١"])
def test_bad_nik_is_refused(db, clock: FixedClock, nik: str) -> None:
    with pytest.raises(ValidationError, match="16 digit"):
        queue.issue_ticket(db, KIOSK, "A", nik=nik, clock=clock)
    assert ticket_count(db) == 0


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("9999054507060001", "Kode provinsi"),  # no such province
        ("6202994507060001", "Kode wilayah NIK"),  # no kecamatan 99 in Kotawaringin Timur
        ("6202057507060001", "Tanggal lahir"),  # day 75: neither 1-31 nor 41-71
        ("6202054513060001", "Tanggal lahir"),  # month 13
    ],
)
def test_a_nik_with_an_unknown_region_or_impossible_date_is_refused(db, clock: FixedClock, nik: str,
                                                                     message: str) -> None:
    with pytest.raises(ValidationError, match=message) as refusal:
        queue.issue_ticket(db, KIOSK, "A", nik=nik, clock=clock)
    assert nik not in str(refusal.value)
    assert ticket_count(db) == 0


def test_one_waiting_ticket_per_nik_and_service(db, supervisor, clock: FixedClock) -> None:
    first = queue.issue_ticket(db, KIOSK, "A", nik=NIK, clock=clock).ticket
    assert first.nik_masked == "6202**********01"
    with pytest.raises(DuplicateTicket):
        queue.issue_ticket(db, KIOSK, "A", nik="6202.05.450706.0001", clock=clock)
    assert queue.issue_ticket(db, KIOSK, "B", nik=NIK, clock=clock).ticket.label == "B-001"
    assert queue.issue_ticket(db, KIOSK, "A", nik=NIK, override_by=supervisor, clock=clock).ticket.label == "A-002"
    stored = " ".join(str(v) for row in db.conn.execute("SELECT * FROM tickets") for v in row)
    stored += " ".join(r[0] for r in db.conn.execute("SELECT details FROM audit_log"))
    assert NIK not in stored


def test_a_finished_nik_may_queue_again(db, operator, clock: FixedClock) -> None:
    queue.issue_ticket(db, KIOSK, "A", nik=NIK, clock=clock)
    queue.call_next(db, operator, ["A"], clock=clock)
    queue.finish(db, operator, "selesai", clock=clock)
    assert queue.issue_ticket(db, KIOSK, "A", nik=NIK, clock=clock).ticket.label == "A-002"


def test_position_and_estimated_wait(db, operator, operator2, clock: FixedClock) -> None:
    queue.set_counter_services(db, operator, ["A"], clock=clock)
    queue.issue_ticket(db, KIOSK, "A", clock=clock)
    queue.call_next(db, operator, ["A"], clock=clock)
    clock.advance(minutes=12)
    queue.finish(db, operator, "selesai", clock=clock)  # the day's average becomes 12 minutes
    for _ in range(2):
        queue.issue_ticket(db, KIOSK, "A", clock=clock)
    third = queue.issue_ticket(db, KIOSK, "A", clock=clock)
    assert third.position == 3
    # julianday() arithmetic is floating point: allow a millisecond.
    assert third.estimated_wait.total_seconds() == pytest.approx(36 * 60, abs=1e-3)
    queue.set_counter_services(db, operator2, ["A", "B"], clock=clock)
    fourth_alone = queue.issue_ticket(db, KIOSK, "A", clock=clock)  # counter 1 not seen for 12 minutes
    assert fourth_alone.estimated_wait.total_seconds() == pytest.approx(12 * 4 * 60, abs=1e-3)
    queue.counter_heartbeat(db, operator, clock=clock)  # now two counters serve A
    fourth = queue.issue_ticket(db, KIOSK, "A", clock=clock)
    assert fourth.estimated_wait.total_seconds() == pytest.approx(12 * 5 / 2 * 60, abs=1e-3)
    priority = queue.issue_ticket(db, KIOSK, "A", priority="anak", clock=clock)
    assert priority.position == 1


def test_call_next_on_an_empty_queue(db, operator, clock: FixedClock) -> None:
    with pytest.raises(EmptyQueue):
        queue.call_next(db, operator, ["A", "B"], clock=clock)


def test_the_front_desk_cannot_call(db, front_desk, clock: FixedClock) -> None:
    queue.issue_ticket(db, KIOSK, "A", clock=clock)
    with pytest.raises(ValidationError, match="Loket 0"):
        queue.call_next(db, front_desk, ["A"], clock=clock)


def test_call_next_across_a_counters_services(db, operator, clock: FixedClock) -> None:
    queue.issue_ticket(db, KIOSK, "C", clock=clock)
    clock.advance(minutes=1)
    queue.issue_ticket(db, KIOSK, "A", clock=clock)
    clock.advance(minutes=1)
    queue.issue_ticket(db, KIOSK, "B", priority="disabilitas", clock=clock)
    order = []
    for _ in range(2):
        order.append(queue.call_next(db, operator, ["A", "B"], clock=clock).label)
        queue.finish(db, operator, "selesai", clock=clock)
    assert order == ["B-001", "A-001"]


def test_recall_start_park_resume_finish(db, operator, clock: FixedClock) -> None:
    queue.issue_ticket(db, KIOSK, "A", clock=clock)
    called = queue.call_next(db, operator, ["A"], clock=clock)
    assert called.call_count == 1
    assert queue.recall(db, operator, clock=clock).call_count == 2
    assert queue.start_serving(db, operator, clock=clock).status.value == "serving"
    assert queue.park(db, operator, clock=clock).status.value == "parked"
    assert queue.current_ticket(db, operator, clock=clock) is None
    with pytest.raises(Conflict):
        queue.finish(db, operator, "selesai", clock=clock)
    assert queue.resume(db, operator, clock=clock).status.value == "serving"
    with pytest.raises(ValidationError, match="wajib"):
        queue.finish(db, operator, None, clock=clock)
    done = queue.finish(db, operator, "berkas_kurang", clock=clock)
    assert (done.status.value, done.outcome.value) == ("done", "berkas_kurang")
    calls = db.conn.execute("SELECT label, counter FROM calls").fetchall()
    assert [tuple(c) for c in calls] == [("A-001", 1), ("A-001", 1)]
    assert [a for a in audit_actions(db) if a.startswith("ticket.")] == [
        "ticket.issue", "ticket.call", "ticket.recall", "ticket.start", "ticket.park", "ticket.resume",
        "ticket.finish",
    ]


def test_no_show_requeue_only_once(db, operator, clock: FixedClock) -> None:
    queue.issue_ticket(db, KIOSK, "A", clock=clock)
    queue.call_next(db, operator, ["A"], clock=clock)
    assert queue.mark_no_show(db, operator, clock=clock).status.value == "no_show"
    back = queue.requeue_no_show(db, operator, "A-001", clock=clock)
    assert (back.status.value, back.requeued) == ("waiting", True)
    queue.call_next(db, operator, ["A"], clock=clock)
    queue.mark_no_show(db, operator, clock=clock)
    with pytest.raises(Conflict, match="sekali"):
        queue.requeue_no_show(db, operator, "A-001", clock=clock)


def test_no_show_on_a_ticket_never_called(db, operator, clock: FixedClock) -> None:
    queue.issue_ticket(db, KIOSK, "A", clock=clock)
    with pytest.raises(Conflict, match="Tidak ada tiket"):
        queue.mark_no_show(db, operator, clock=clock)
    assert db.conn.execute("SELECT status FROM tickets").fetchone()[0] == "waiting"


def test_transfer_keeps_the_place_in_time(db, operator, operator2, clock: FixedClock) -> None:
    queue.issue_ticket(db, KIOSK, "A", clock=clock)
    clock.advance(minutes=5)
    queue.issue_ticket(db, KIOSK, "D", clock=clock)
    queue.call_next(db, operator, ["A"], clock=clock)
    with pytest.raises(Conflict, match="layanan yang sama"):
        queue.transfer(db, operator, "A", clock=clock)
    moved = queue.transfer(db, operator, "D", clock=clock)
    assert (moved.status.value, moved.service_code, moved.label) == ("waiting", "D", "A-001")
    assert queue.call_next(db, operator2, ["D"], clock=clock).label == "A-001"  # ahead of the younger D-001


def test_two_counters_never_share_a_ticket(db, operator, operator2, clock: FixedClock) -> None:
    for _ in range(3):
        queue.issue_ticket(db, KIOSK, "A", clock=clock)
    first = queue.call_next(db, operator, ["A"], clock=clock)
    second = queue.call_next(db, operator2, ["A"], clock=clock)
    assert first.id != second.id
    assert (first.counter, second.counter) == (1, 2)


def test_operators_cannot_change_hours_or_services(db, operator, clock: FixedClock) -> None:
    before = audit_actions(db)
    with pytest.raises(PermissionDenied):
        queue.set_weekday_hours(db, operator, 0, "07:00", "16:00", clock=clock)
    with pytest.raises(PermissionDenied):
        queue.update_service(db, operator, "A", daily_quota=5, clock=clock)
    with pytest.raises(PermissionDenied):
        queue.set_special_day(db, operator, "2026-12-25", None, None, "Natal", clock=clock)
    assert audit_actions(db) == before
    assert queue.weekly_hours(db)[0].opens == "00:00"
