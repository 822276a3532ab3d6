"""Opening hours: weekdays, special days, '24:00', midnight in WIB, quotas, and time parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from counter_tui.domain.clock import WIB
from counter_tui.domain.errors import QueueClosed, ValidationError
from counter_tui.domain.hours import (
    DEFAULT_SPECIAL_DAYS,
    DEFAULT_WEEKLY_HOURS,
    DayHours,
    check_can_issue,
    check_quota,
    format_time_left,
    hours_on,
    is_open,
    parse_hhmm,
    time_to_close,
)

ELECTION_DAY = date(2024, 2, 14)  # a Wednesday


def wib(y: int, mo: int, d: int, h: int, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=WIB)


# -- weekday hours ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (wib(2026, 11, 30, 7, 59, 59), False),  # Monday, before 08:00
        (wib(2026, 11, 30, 8, 0), True),
        (wib(2026, 11, 30, 14, 59, 59), True),
        (wib(2026, 11, 30, 15, 0), False),  # closing time is not open
        (wib(2026, 12, 4, 11, 29), True),  # Friday until 11:30
        (wib(2026, 12, 4, 11, 30), False),
        (wib(2026, 12, 5, 10, 0), False),  # Saturday closed
        (wib(2026, 12, 6, 10, 0), False),  # Sunday closed
    ],
)
def test_default_weekday_hours(moment: datetime, open_: bool) -> None:
    hours = hours_on(moment.date(), DEFAULT_WEEKLY_HOURS, {})
    assert is_open(moment, hours) is open_


def test_is_open_reads_the_wib_clock_from_a_utc_moment() -> None:
    hours = DayHours("08:00", "15:00")
    assert is_open(datetime(2026, 11, 30, 1, 0, tzinfo=UTC), hours)  # 08:00 WIB
    assert not is_open(datetime(2026, 11, 30, 0, 59, tzinfo=UTC), hours)  # 07:59 WIB
    assert not is_open(datetime(2026, 11, 30, 8, 0, tzinfo=UTC), hours)  # 15:00 WIB


# -- special days ----------------------------------------------------------------------------------
def test_election_day_is_a_default_special_day() -> None:
    hours = hours_on(ELECTION_DAY, DEFAULT_WEEKLY_HOURS, DEFAULT_SPECIAL_DAYS)
    assert (hours.opens, hours.closes) == ("08:00", "12:00")
    assert "Pemilu" in (hours.reason or "")


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (wib(2024, 2, 14, 7, 59), False),
        (wib(2024, 2, 14, 8, 0), True),
        (wib(2024, 2, 14, 11, 59), True),
        (wib(2024, 2, 14, 11, 59, 59), True),
        (wib(2024, 2, 14, 12, 0), False),  # the weekday would be open until 15:00; the special day wins
        (wib(2024, 2, 14, 14, 0), False),
        (datetime(2024, 2, 14, 4, 59, tzinfo=UTC), True),  # 11:59 WIB
        (datetime(2024, 2, 14, 5, 0, tzinfo=UTC), False),  # 12:00 WIB
        (wib(2024, 2, 15, 14, 0), True),  # the next day is an ordinary Thursday
    ],
)
def test_election_day_open_until_noon(moment: datetime, open_: bool) -> None:
    hours = hours_on(moment.astimezone(WIB).date(), DEFAULT_WEEKLY_HOURS, DEFAULT_SPECIAL_DAYS)
    assert is_open(moment, hours) is open_


def test_a_closed_special_day() -> None:
    special = {date(2026, 12, 25): DayHours(None, None, "Hari Natal")}
    hours = hours_on(date(2026, 12, 25), DEFAULT_WEEKLY_HOURS, special)  # a Friday
    assert hours.closed
    assert not is_open(wib(2026, 12, 25, 9, 0), hours)
    with pytest.raises(QueueClosed, match="Hari Natal") as refusal:
        check_can_issue(wib(2026, 12, 25, 9, 0), hours)
    assert refusal.value.overridable
    assert hours.describe() == "Tutup (Hari Natal)"


def test_a_special_opening_on_a_saturday() -> None:
    special = {date(2026, 12, 5): DayHours("08:00", "12:00", "Pelayanan Sabtu")}
    hours = hours_on(date(2026, 12, 5), DEFAULT_WEEKLY_HOURS, special)
    assert is_open(wib(2026, 12, 5, 9, 0), hours)


# -- '24:00' and midnight --------------------------------------------------------------------------
ALL_DAY = DayHours("00:00", "24:00")


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (wib(2026, 11, 30, 0, 0), True),
        (wib(2026, 11, 30, 23, 59), True),
        (wib(2026, 11, 30, 23, 59, 59), True),
        (wib(2026, 12, 1, 0, 0), True),  # the next day's own hours apply
        (datetime(2026, 11, 30, 16, 59, tzinfo=UTC), True),  # 23:59 WIB
        (datetime(2026, 11, 30, 17, 0, tzinfo=UTC), True),  # 00:00 WIB next day
    ],
)
def test_open_until_24_00(moment: datetime, open_: bool) -> None:
    assert is_open(moment, ALL_DAY) is open_


def test_24_00_leaves_one_minute_at_23_59() -> None:
    assert time_to_close(wib(2026, 11, 30, 23, 59), ALL_DAY) == timedelta(minutes=1)


def test_evening_hours_end_at_midnight_wib_not_utc() -> None:
    """Open 20:00–24:00 on Monday only: 23:59 WIB is open, 00:00 WIB (17:00 UTC) belongs to a closed Tuesday."""
    weekly = {0: DayHours("20:00", "24:00")}
    before = datetime(2026, 11, 30, 16, 59, tzinfo=UTC)  # Monday 23:59 WIB
    after = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # Tuesday 00:00 WIB, still Monday in UTC
    assert is_open(before, hours_on(before.astimezone(WIB).date(), weekly, {}))
    assert after.astimezone(WIB).date() == date(2026, 12, 1)
    assert not is_open(after, hours_on(after.astimezone(WIB).date(), weekly, {}))
    with pytest.raises(QueueClosed, match="tutup"):
        check_can_issue(after, hours_on(after.astimezone(WIB).date(), weekly, {}))


# -- check_can_issue, time left ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (wib(2026, 11, 30, 7, 0), "Di luar jam layanan"),
        (wib(2026, 11, 30, 15, 30), "Di luar jam layanan"),
    ],
)
def test_check_can_issue_outside_hours(moment: datetime, message: str) -> None:
    with pytest.raises(QueueClosed, match=message):
        check_can_issue(moment, DayHours("08:00", "15:00"))


def test_check_can_issue_inside_hours() -> None:
    check_can_issue(wib(2026, 11, 30, 10, 0), DayHours("08:00", "15:00"))


@pytest.mark.parametrize(
    ("moment", "left", "text"),
    [
        (wib(2026, 11, 30, 14, 30), timedelta(minutes=30), "30 menit lagi"),
        (wib(2026, 11, 30, 8, 0), timedelta(hours=7), "7 jam 0 menit lagi"),
        (wib(2026, 11, 30, 12, 45), timedelta(hours=2, minutes=15), "2 jam 15 menit lagi"),
        (wib(2026, 11, 30, 15, 0), None, "Tutup"),
        (wib(2026, 11, 30, 7, 0), None, "Tutup"),
    ],
)
def test_time_to_close(moment: datetime, left: timedelta | None, text: str) -> None:
    delta = time_to_close(moment, DayHours("08:00", "15:00"))
    assert delta == left
    assert format_time_left(delta) == text


# -- quota -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("issued", "quota", "refused"),
    [(0, None, False), (500, None, False), (0, 1, False), (9, 10, False), (10, 10, True), (11, 10, True)],
)
def test_check_quota(issued: int, quota: int | None, refused: bool) -> None:
    if refused:
        with pytest.raises(QueueClosed, match="Kuota harian layanan Perekaman"):
            check_quota("Perekaman", issued, quota)
    else:
        check_quota("Perekaman", issued, quota)


# -- parsing ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("08:00", "08:00"),
        ("8:00", "08:00"),
        ("08.30", "08:30"),
        (" 12:00 ", "12:00"),
        ("00:00", "00:00"),
        ("23:59", "23:59"),
        ("24:00", "24:00"),
    ],
)
def test_parse_hhmm(raw: str, expected: str) -> None:
    assert parse_hhmm(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "8", "0800", "24:01", "25:00", "12:60", "-1:00", "jam 8", "8:0", "123:00"]
)
def test_parse_hhmm_refuses(raw: str) -> None:
    with pytest.raises(ValidationError, match="Jam tidak sah"):
        parse_hhmm(raw)


@pytest.mark.parametrize(
    ("opens", "closes", "match"),
    [
        ("08:00", None, "keduanya"),
        (None, "12:00", "keduanya"),
        ("12:00", "08:00", "sesudah"),
        ("08:00", "08:00", "sesudah"),
    ],
)
def test_day_hours_refuses_inconsistent_hours(opens: str | None, closes: str | None, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        DayHours(opens, closes)
