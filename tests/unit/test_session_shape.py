"""The Session every use case takes, and the rules that now have one source each."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from counter_tui.domain.accounts import KIOSK, MAX_FAILED_LOGINS
from counter_tui.domain.errors import AuthError, PermissionDenied, ValidationError
from counter_tui.domain.hours import hours_on
from counter_tui.domain.nik import parse_nik_digits, validate_nik
from counter_tui.services import accounts, queue_config
from counter_tui.services.session import Session
from counter_tui.storage import queue as store
from tests.clock import FixedClock
from tests.conftest import OPERATOR_CODE, OPERATOR_PIN


def test_a_session_reads_time_only_from_its_clock(db, clock: FixedClock) -> None:
    session = Session(db, KIOSK, clock)
    assert session.now() == clock.moment
    clock.moment = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # 00:30 WIB the next day
    assert session.today() == date(2026, 12, 1)


def test_a_supervisor_write_refuses_an_operator_before_any_change(db, operator, clock: FixedClock) -> None:
    before = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(PermissionDenied, match="Hanya supervisor"):
        queue_config.set_weekday_hours(Session(db, operator, clock), 0, "07:00", "15:00")
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert store.hours_for_day(db.conn, date(2026, 11, 30)).opens == "00:00"


def test_the_lockout_count_comes_from_max_failed_logins(db, clock: FixedClock) -> None:
    session = Session(db, KIOSK, clock)
    messages = []
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(AuthError) as refused:
            accounts.login(session, OPERATOR_CODE, "000000", 1)
        messages.append(refused.value.message)
        clock.advance(minutes=16)  # past the delay, so every attempt counts
    with pytest.raises(AuthError) as locked:
        accounts.login(session, OPERATOR_CODE, OPERATOR_PIN, 1)
    assert f"PIN salah {MAX_FAILED_LOGINS} kali" in locked.value.message


def test_hours_of_a_day_in_storage_follow_the_domain_rule(db, supervisor, clock: FixedClock) -> None:
    session = Session(db, supervisor, clock)
    queue_config.set_weekday_hours(session, 2, "", "")  # Wednesdays closed
    queue_config.set_special_day(session, "2026-12-02", "08:00", "12:00", "Rapat kerja")  # a Wednesday
    queue_config.set_special_day(session, "2026-12-05", "", "", "Libur daerah")  # a Saturday
    weekly, special = store.weekly_hours(db.conn), store.special_days(db.conn)
    for offset in range(14):
        day = date(2026, 11, 30) + timedelta(days=offset)
        assert store.hours_for_day(db.conn, day) == hours_on(day, weekly, special), day
    assert store.hours_for_day(db.conn, date(2026, 12, 2)).reason == "Rapat kerja"
    assert store.hours_for_day(db.conn, date(2026, 12, 9)).closed


@pytest.mark.parametrize(
    "text",
    [
        "6202 0545 0706 0001",
        "62.02.05.450706.0001",
        "6202-0545-0706-0001",
        "\u0666\u0662\u0660\u0662054507060001",
        "６２０２０５４５０７０６０００１",
    ],
)
def test_one_nik_digit_check_accepts_grouped_digits(text: str) -> None:
    assert parse_nik_digits(text) == "6202054507060001"


@pytest.mark.parametrize(
    "text",
    ["620205450706000", "62020545070600011", "62020545070600O1", "\u0666\u0662\u0660\u066205450706000"],
)
def test_one_nik_digit_check_refuses_what_is_not_sixteen_ascii_digits(text: str) -> None:
    with pytest.raises(ValidationError, match="16 digit"):
        parse_nik_digits(text)
    with pytest.raises(ValidationError, match="16 digit"):
        validate_nik(text, today=date(2026, 11, 30))
