"""The office zone: `clock.WIB` is a fixed UTC+7 (so no command loads zoneinfo); it must agree with the tz
database's Asia/Jakarta for every moment the app handles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from counter_tui.domain.clock import WIB, office_date, utc_text_to_wib, wib_text

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    "start",
    [
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2026, 11, 30, 16, 59, 59, tzinfo=UTC),
        datetime(2037, 12, 31, 17, 0, tzinfo=UTC),
    ],
)
def test_fixed_wib_matches_asia_jakarta(start: datetime) -> None:
    # Around the UTC 17:00 day boundary (00:00 WIB) and across a year of hours.
    for hours in range(0, 24 * 366, 7):
        moment = start + timedelta(hours=hours, seconds=hours % 61)
        assert moment.astimezone(WIB).replace(tzinfo=None) == moment.astimezone(JAKARTA).replace(tzinfo=None)
        assert office_date(moment) == moment.astimezone(JAKARTA).date()
        assert wib_text(moment, "%Y-%m-%d %H:%M:%S %Z") == moment.astimezone(JAKARTA).strftime(
            "%Y-%m-%d %H:%M:%S %Z"
        )


def test_office_date_turns_at_midnight_wib() -> None:
    assert office_date(datetime(2026, 11, 30, 16, 59, 59, tzinfo=UTC)).isoformat() == "2026-11-30"
    assert office_date(datetime(2026, 11, 30, 17, 0, 0, tzinfo=UTC)).isoformat() == "2026-12-01"
    assert utc_text_to_wib("2026-11-30T17:00:00.000000Z") == "01-12-2026 00:00:00"
