"""Close the day: what it closes, idempotence, the audit rows, a closed day refusing tickets, reopening."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from counter_tui.domain.day_close import statuses_to_close
from counter_tui.domain.errors import Conflict, PermissionDenied, QueueClosed, ValidationError
from counter_tui.domain.queue import TicketStatus
from counter_tui.services import accounts, counter_actions, counter_transfers, tickets
from counter_tui.services.day_close import close_day, preview_close, reopen_day
from counter_tui.services.session import Session
from tests.conftest import SUPERVISOR_CODE, SUPERVISOR_PIN
from tests.eod_day import build_small_day


def _statuses(db) -> dict[str, tuple[str, str | None]]:
    rows = db.conn.execute(
        "SELECT origin_service || '-' || printf('%03d', number), status, close_reason FROM tickets"
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def _audit(db, action: str) -> list[sqlite3.Row]:
    return db.conn.execute("SELECT * FROM audit_log WHERE action = ? ORDER BY id", (action,)).fetchall()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 30), {TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.PARKED}),
        (
            date(2026, 11, 29),
            {TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.PARKED, TicketStatus.SERVING},
        ),
    ],
)
def test_which_statuses_close(day: date, expected: set[TicketStatus]) -> None:
    assert set(statuses_to_close(day, date(2026, 11, 30))) == expected


def test_a_future_day_cannot_be_closed() -> None:
    with pytest.raises(ValidationError, match="belum tiba"):
        statuses_to_close(date(2026, 12, 1), date(2026, 11, 30))


def test_close_day_closes_the_unserved_with_their_reason_and_is_audited(db, clock) -> None:
    day = build_small_day(db, clock)
    before = _statuses(db)
    assert before["E-001"][0] == "parked"
    result = close_day(day.session(db, clock))
    after = _statuses(db)
    assert {t.label for t in result.closed} == {"B-002", "A-003", "E-001"}
    assert after["B-002"] == ("closed", "waiting")
    assert after["E-001"] == ("closed", "parked")
    assert after["A-002"] == ("no_show", None)
    assert after["B-001"] == ("done", None)
    assert result.totals == {"done": 5, "no_show": 1, "closed": 3}
    rows = _audit(db, "day.close")
    assert len(rows) == 1
    assert rows[0]["operator_code"] == SUPERVISOR_CODE
    assert '"closed_tickets":3' in rows[0]["details"]
    closure = db.conn.execute("SELECT state, close_audit_id FROM day_closures").fetchone()
    assert tuple(closure) == ("closed", rows[0]["id"])
    assert "3 tiket ditutup" in "\n".join(result.summary_lines())


def test_closing_again_changes_nothing(db, clock) -> None:
    day = build_small_day(db, clock)
    close_day(day.session(db, clock))
    snapshot = _statuses(db)
    audit_rows = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    clock.advance(minutes=10)
    again = close_day(day.session(db, clock))
    assert again.already_closed
    assert again.closed == []
    assert _statuses(db) == snapshot
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_rows
    assert "sudah ditutup sebelumnya" in again.summary_lines()[0]


def test_a_ticket_still_being_served_stays_with_its_counter_today(db, clock, operator) -> None:
    spv = accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
    tickets.issue_ticket(Session(db, spv, clock), "A")
    counter1 = Session(db, operator, clock)
    counter_actions.call_next(counter1, "A")
    counter_actions.start_serving(counter1)
    result = close_day(Session(db, spv, clock))
    assert [t.label for t in result.still_serving] == ["A-001"]
    assert _statuses(db)["A-001"] == ("serving", None)
    # The operator still finishes it after the close.
    counter_actions.finish(counter1, "selesai")
    assert _statuses(db)["A-001"] == ("done", None)


def test_a_past_day_closes_its_serving_tickets_too(db, clock, operator) -> None:
    spv = accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
    tickets.issue_ticket(Session(db, spv, clock), "A")
    counter1 = Session(db, operator, clock)
    counter_actions.call_next(counter1, "A")
    counter_actions.start_serving(counter1)
    clock.advance(days=1)
    result = close_day(Session(db, spv, clock), "2026-11-30")
    assert [t.label for t in result.closed] == ["A-001"]
    assert _statuses(db)["A-001"] == ("closed", "serving")


def test_a_closed_day_takes_no_ticket_even_with_an_override_until_reopened(db, clock) -> None:
    day = build_small_day(db, clock)
    close_day(day.session(db, clock))
    with pytest.raises(QueueClosed, match="sudah ditutup"):
        tickets.issue_ticket(Session(db, day.operator2, clock), "A")
    with pytest.raises(QueueClosed, match="sudah ditutup"):
        tickets.issue_ticket(Session(db, day.operator2, clock), "A", override_by=day.supervisor)
    with pytest.raises(QueueClosed):
        counter_transfers.requeue_no_show(Session(db, day.operator, clock), "A-002")
    count = db.conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
    assert count == 9

    reopened = reopen_day(day.session(db, clock), "Rombongan sekolah datang terlambat")
    assert reopened.state == "reopened"
    issued = tickets.issue_ticket(Session(db, day.operator2, clock), "A")
    assert issued.ticket.label == "A-004"
    rows = _audit(db, "day.reopen")
    assert len(rows) == 1
    assert "Rombongan sekolah" in rows[0]["details"]
    # Closing after a reopen closes what came since, and seals the day again.
    result = close_day(day.session(db, clock))
    assert [t.label for t in result.closed] == ["A-004"]
    assert len(_audit(db, "day.close")) == 2


def test_only_a_supervisor_closes_or_reopens(db, clock) -> None:
    day = build_small_day(db, clock)
    with pytest.raises(PermissionDenied):
        close_day(Session(db, day.operator, clock))
    assert _statuses(db)["B-002"] == ("waiting", None)
    assert _audit(db, "day.close") == []
    close_day(day.session(db, clock))
    with pytest.raises(PermissionDenied):
        reopen_day(Session(db, day.operator, clock), "alasan apa saja")


def test_reopen_needs_a_reason_and_a_closed_today(db, clock) -> None:
    day = build_small_day(db, clock)
    with pytest.raises(Conflict, match="belum ditutup"):
        reopen_day(day.session(db, clock), "alasan")
    close_day(day.session(db, clock))
    with pytest.raises(ValidationError, match="Alasan"):
        reopen_day(day.session(db, clock), "   ")
    clock.advance(days=1)
    with pytest.raises(Conflict, match="Hanya hari ini"):
        reopen_day(day.session(db, clock), "terlambat", "2026-11-30")


def test_preview_lists_what_would_close_without_changing_anything(db, clock) -> None:
    day = build_small_day(db, clock)
    preview = preview_close(day.session(db, clock))
    assert {t.label for t in preview.to_close} == {"B-002", "A-003", "E-001"}
    assert preview.closure is None
    assert preview.issued == 9
    assert _statuses(db)["B-002"] == ("waiting", None)
