"""Who may be recorded and who may get the card: recording from 16, the card from 17, both at any age once
married (UU 24/2013 Pasal 63). Pure: the day is passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_tui.domain.applicant import format_date_id
from counter_tui.domain.cases import MaritalStatus

RECORDING_AGE = 16
PRINT_AGE = 17


def birthday(birth: date, age: int) -> date:
    """The day someone reaches `age`. Born on 29 February: 1 March in a non-leap year."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return date(birth.year + age, 3, 1)


def age_on(birth: date, day: date) -> int:
    years = day.year - birth.year
    return years if birthday(birth, years) <= day else years - 1


@dataclass(frozen=True, slots=True)
class Eligibility:
    allowed: bool
    eligible_from: date | None = None  # when refused: the first day it is allowed
    message: str = ""


def recording_eligibility(birth: date, marital: MaritalStatus, today: date) -> Eligibility:
    """Recording (perekaman) from 16, or at any age once married or ever married."""
    if marital.ever_married or age_on(birth, today) >= RECORDING_AGE:
        return Eligibility(True)
    start = birthday(birth, RECORDING_AGE)
    return Eligibility(
        False,
        start,
        f"Belum cukup umur untuk perekaman: perekaman bisa mulai {format_date_id(start)} (umur 16 tahun).",
    )


def print_eligibility(birth: date, marital: MaritalStatus, print_day: date) -> Eligibility:
    """Printing from 17 on the print day, or at any age if married or ever married (UU 24/2013 Pasal 63)."""
    if marital.ever_married or age_on(birth, print_day) >= PRINT_AGE:
        return Eligibility(True)
    start = birthday(birth, PRINT_AGE)
    return Eligibility(
        False,
        start,
        f"Belum cukup umur untuk KTP-el: kartu bisa dicetak mulai {format_date_id(start)} "
        "(umur 17 tahun), atau lebih awal bila sudah menikah.",
    )


def printable_from(birth: date, marital: MaritalStatus, recorded_on: date) -> date:
    """The first day a recorded person may get the card (for the 'siap cetak' list)."""
    if marital.ever_married:
        return recorded_on
    return max(recorded_on, birthday(birth, PRINT_AGE))


def is_pemula_for_target(birth: date, marital: MaritalStatus, today: date, target_date: date | None) -> bool:
    """Flag for the office's target date (e.g. the election): not yet 17 today, 17 (or married) by then."""
    if target_date is None or target_date < today:
        return False
    return print_eligibility(birth, marital, target_date).allowed
