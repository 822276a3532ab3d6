"""Blank stock (stok blanko), the reserve kept for first-time applicants, and the recording target.

`stok awal + diterima − terpakai − rusak/gagal cetak ± koreksi = stok akhir`: the balance is the sum of the
ledger and never goes negative. Pure rules: numbers in, decisions out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter_tui.domain.errors import ValidationError

MAX_MOVEMENT = 100_000  # one receipt or write-off larger than this is a typo, not a delivery
MAX_POPULATION = 100_000_000
RATE_DAYS = 7


class MovementKind(StrEnum):
    RECEIPT = "receipt"  # diterima dari pusat, with a reference
    USED = "used"  # terpakai: one blank per printed card
    DAMAGED = "damaged"  # rusak (found damaged, sent back with a berita acara)
    MISPRINT = "misprint"  # gagal cetak: the blank is spoiled
    CORRECTION = "correction"  # koreksi stock opname, supervisor only

    @property
    def label(self) -> str:
        return {
            "receipt": "Diterima",
            "used": "Terpakai (cetak)",
            "damaged": "Rusak",
            "misprint": "Gagal cetak",
            "correction": "Koreksi stock opname",
        }[self.value]


def parse_quantity(value: str | int, *, what: str = "Jumlah blanko") -> int:
    """A positive whole number up to MAX_MOVEMENT; anything else gets a sentence that says what is wrong."""
    text = str(value).strip().replace(".", "").replace("_", "") if not isinstance(value, int) else str(value)
    if isinstance(value, bool) or not text.lstrip("-+").isdigit() or not text.isascii():
        raise ValidationError(f"{what} harus berupa bilangan bulat, misalnya 500.")
    number = int(text)
    if number < 0:
        raise ValidationError(f"{what} tidak boleh negatif.")
    if number == 0:
        raise ValidationError(f"{what} harus lebih dari 0.")
    if number > MAX_MOVEMENT:
        raise ValidationError(f"{what} terlalu besar (maksimal {format_number(MAX_MOVEMENT)} per catatan).")
    return number


def parse_count(value: str | int, *, what: str, maximum: int = MAX_POPULATION) -> int:
    """A whole number from 0 to `maximum` (a stock count, a population)."""
    text = str(value).strip().replace(".", "").replace("_", "")
    if isinstance(value, bool) or not text.lstrip("-+").isdigit() or not text.isascii():
        raise ValidationError(f"{what} harus berupa bilangan bulat.")
    number = int(text)
    if number < 0:
        raise ValidationError(f"{what} tidak boleh negatif.")
    if number > maximum:
        raise ValidationError(f"{what} terlalu besar (maksimal {format_number(maximum)}).")
    return number


class ReserveMode(StrEnum):
    FIXED = "fixed"  # a fixed number of blanks
    TARGET = "target"  # the remaining recording target plus a percentage buffer for newcomers


@dataclass(frozen=True, slots=True)
class ReservePolicy:
    mode: ReserveMode = ReserveMode.TARGET
    fixed: int = 0
    buffer_percent: int = 10
    replacements_allowed: bool = True

    def reserve(self, remaining_target: int) -> int:
        if self.mode is ReserveMode.FIXED:
            return self.fixed
        return math.ceil(max(0, remaining_target) * (100 + self.buffer_percent) / 100)


@dataclass(frozen=True, slots=True)
class Target:
    """The recording target: population to record, recorded before the app; recordings in the app count on top."""

    population: int | None
    recorded_before: int
    recorded_in_app: int
    target_date: date | None = None

    @property
    def recorded(self) -> int:
        return self.recorded_before + self.recorded_in_app

    @property
    def remaining(self) -> int:
        return max(0, (self.population or 0) - self.recorded)

    @property
    def percent(self) -> float | None:
        if not self.population:
            return None
        return 100.0 * self.recorded / self.population

    def progress_text(self) -> str:
        """'99,2 % — 2.496 belum rekam' (rounded down, so 100 % only when nobody is left)."""
        if self.percent is None:
            return "Target perekaman belum diatur."
        return f"{format_percent(self.percent)} — {format_number(self.remaining)} belum rekam"


def format_number(value: int) -> str:
    """Indonesian thousands separator: 313.281."""
    return f"{value:,}".replace(",", ".")


def format_percent(value: float) -> str:
    """One decimal, rounded down, decimal comma: '99,2 %'."""
    tenths = math.floor(value * 10 + 1e-9)
    return f"{tenths // 10},{tenths % 10} %"


@dataclass(frozen=True, slots=True)
class StockLevel:
    balance: int
    reserve: int
    replacements_allowed: bool
    used_last_days: int  # blanks consumed (used, misprint, damaged) over the last RATE_DAYS office days

    @property
    def available_for_replacement(self) -> int:
        """Replacement cards that can be printed while the stock after each stays above the reserve."""
        if not self.replacements_allowed:
            return 0
        return max(0, self.balance - self.reserve - 1)

    @property
    def days_left(self) -> float | None:
        """Days of stock at the last RATE_DAYS days' rate; None when nothing was used."""
        if self.used_last_days <= 0:
            return None
        return self.balance / (self.used_last_days / RATE_DAYS)

    def days_left_text(self) -> str:
        days = self.days_left
        return "—" if days is None else f"± {format_number(math.floor(days))} hari"


def check_balance_after(balance: int, change: int) -> int:
    """The balance after a movement; a movement that would make it negative is refused."""
    after = balance + change
    if after < 0:
        if balance <= 0:
            raise ValidationError("Stok blanko habis: tidak ada blanko untuk dicetak atau dicatat.")
        raise ValidationError(
            f"Stok blanko hanya {format_number(balance)}; tidak bisa dikurangi {format_number(-change)}."
        )
    return after
