"""Opening hours per weekday, special days, and whether the front desk may issue a ticket now."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counter_tui.domain.clock import WIB
from counter_tui.domain.errors import QueueClosed, ValidationError
from counter_tui.domain.text import quoted_input

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

_HHMM = r"(\d{1,2})[:.](\d{2})"


def parse_hhmm(text: str) -> str:
    """'8:00', '08.00' → '08:00'. '24:00' is allowed as a closing time (end of day)."""
    match = re.fullmatch(_HHMM, (text or "").strip())
    if not match:
        raise ValidationError(f"Jam tidak sah: '{quoted_input(text)}'. Gunakan format JJ:MM, misalnya 08:00.")
    hour, minute = int(match.group(1)), int(match.group(2))
    if not (0 <= hour <= 23 and 0 <= minute <= 59) and (hour, minute) != (24, 0):
        raise ValidationError(f"Jam tidak sah: '{quoted_input(text)}'.")
    return f"{hour:02d}:{minute:02d}"


@dataclass(frozen=True, slots=True)
class DayHours:
    """Opening hours of one day; opens/closes are 'HH:MM' or both None when closed."""

    opens: str | None
    closes: str | None
    reason: str | None = None  # set for a special day

    def __post_init__(self) -> None:
        if (self.opens is None) != (self.closes is None):
            raise ValidationError(
                "Jam buka dan jam tutup harus diisi keduanya, atau dikosongkan keduanya (tutup)."
            )
        if self.opens is not None and self.closes is not None and self.opens >= self.closes:
            raise ValidationError("Jam tutup harus sesudah jam buka.")

    @property
    def closed(self) -> bool:
        return self.opens is None

    def describe(self) -> str:
        text = "Tutup" if self.closed else f"{self.opens}–{self.closes} WIB"
        return f"{text} ({self.reason})" if self.reason else text


DEFAULT_WEEKLY_HOURS: dict[int, DayHours] = {
    0: DayHours("08:00", "15:00"),
    1: DayHours("08:00", "15:00"),
    2: DayHours("08:00", "15:00"),
    3: DayHours("08:00", "15:00"),
    4: DayHours("08:00", "11:30"),
    5: DayHours(None, None),
    6: DayHours(None, None),
}

# The example from the news report: election day 2024, a holiday, open until 12:00 WIB.
DEFAULT_SPECIAL_DAYS: dict[date, DayHours] = {
    date(2024, 2, 14): DayHours("08:00", "12:00", "Hari pemungutan suara Pemilu 2024 (libur nasional)"),
}


def hours_on(day: date, weekly: dict[int, DayHours], special: dict[date, DayHours]) -> DayHours:
    return special.get(day) or weekly.get(day.weekday()) or DayHours(None, None)


def _at(day: date, hhmm: str) -> datetime:
    if hhmm == "24:00":
        return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=WIB)
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=WIB)


def is_open(now: datetime, hours: DayHours) -> bool:
    if hours.closed:
        return False
    local = now.astimezone(WIB)
    assert hours.opens
    assert hours.closes
    return _at(local.date(), hours.opens) <= local < _at(local.date(), hours.closes)


def time_to_close(now: datetime, hours: DayHours) -> timedelta | None:
    """Time left until closing, or None when the office is not open now."""
    if not is_open(now, hours):
        return None
    local = now.astimezone(WIB)
    assert hours.closes
    return _at(local.date(), hours.closes) - local


def check_can_issue(now: datetime, hours: DayHours) -> None:
    if hours.closed:
        why = f" ({hours.reason})" if hours.reason else ""
        raise QueueClosed(f"Kantor tutup hari ini{why}. Tiket tidak dapat diambil.")
    if not is_open(now, hours):
        raise QueueClosed(
            f"Di luar jam layanan ({hours.opens}–{hours.closes} WIB). Tiket tidak dapat diambil."
        )


def check_quota(service_name: str, issued_today: int, quota: int | None) -> None:
    if quota is not None and issued_today >= quota:
        raise QueueClosed(f"Kuota harian layanan {service_name} ({quota} tiket) sudah habis.")


def format_time_left(delta: timedelta | None) -> str:
    if delta is None:
        return "Tutup"
    minutes = int(delta.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} jam {rest} menit lagi" if hours else f"{rest} menit lagi"
