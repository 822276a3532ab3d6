"""Time helpers. Dates are office dates in WIB (Asia/Jakarta); stored times are UTC ISO-8601 text.

The domain never reads the clock: callers pass `now` in. The real clock is `services.session.SystemClock`;
tests use `tests.clock.FixedClock`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

# Asia/Jakarta: UTC+7 all year, no daylight saving, unchanged since 1964 (tzdata). A fixed offset gives the same
# dates and times as ZoneInfo("Asia/Jakarta") for every moment this app handles, without loading zoneinfo (and
# sysconfig, which it reads at import) on every command. tests/unit/test_clock_wib.py compares the two.
WIB = timezone(timedelta(hours=7), "WIB")

# Fixed-width UTC text sorts in time order, so SQL can ORDER BY it.
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def to_utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    # isoformat is ~10x faster than strftime and gives the same fixed-width text ("...T01:02:03.000000Z").
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def from_utc_text(text: str) -> datetime:
    """The UTC-aware moment of a stored UTC text (fromisoformat: fast enough for every row of a page)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"UTC text without a zone: {text!r}")
    return moment.astimezone(UTC)


def from_utc_text_or_none(text: str | None) -> datetime | None:
    return from_utc_text(text) if text else None


def office_date(moment: datetime) -> date:
    """The WIB calendar date of a moment: the office's day, never UTC's."""
    return moment.astimezone(WIB).date()


def wib_text(moment: datetime, fmt: str = "%d-%m-%Y %H:%M:%S") -> str:
    return moment.astimezone(WIB).strftime(fmt)


def utc_text_to_wib(text: str, fmt: str = "%d-%m-%Y %H:%M:%S") -> str:
    return wib_text(from_utc_text(text), fmt)
