"""Operators, roles, the acting session, and the lockout rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from counter_tui.domain.errors import PermissionDenied, ValidationError
from counter_tui.domain.text import clean_text, require_printable

# Wrong PINs in a row: the first FREE_ATTEMPTS cost nothing, then each one makes the next attempt wait longer
# (30 s, 1, 2, 4, 8 minutes, then 15 minutes each), and the MAX_FAILED_LOGINS-th locks the account until a
# supervisor lifts it (OWASP: throttle a PIN instead of locking at once). Overrides never lock (see below).
MAX_FAILED_LOGINS = 10
FREE_ATTEMPTS = 3
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=15)
# One refusal for a wrong PIN, an unknown code, and an attempt made during the delay: nothing in it tells a
# guesser whether the code exists.
LOGIN_REFUSED = (
    "Kode petugas atau PIN salah. Setelah beberapa kali salah, percobaan berikutnya harus menunggu "
    "beberapa saat (sampai 15 menit)."
)
DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_COUNTER = 99
CODE_MAX_LENGTH = 20
NAME_MAX_LENGTH = 100

_CODE_RE = rf"[A-Za-z0-9_.-]{{2,{CODE_MAX_LENGTH}}}"


class Role(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"

    @property
    def label(self) -> str:
        return {"operator": "Petugas", "supervisor": "Supervisor"}[self.value]


@dataclass(frozen=True, slots=True)
class Operator:
    id: int
    code: str
    full_name: str
    role: Role
    active: bool
    locked: bool
    failed_attempts: int

    @property
    def may_work(self) -> bool:
        """An account that may log in and keep its session: active and not locked."""
        return self.active and not self.locked


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting, and at which counter. Counter 0 is the front desk (informasi) or a back-office PC.

    `operator_id` is None for the kiosk/script actor of the CLI.
    """

    operator_id: int | None
    code: str
    role: Role
    counter: int = 0
    full_name: str = ""
    session_id: str = ""  # the login's counter lease (counters 1-99); empty for the kiosk and for counter 0

    @property
    def is_supervisor(self) -> bool:
        return self.role is Role.SUPERVISOR


KIOSK = Actor(operator_id=None, code="kiosk", role=Role.OPERATOR, counter=0, full_name="Kios / skrip")


def require_supervisor(actor: Actor) -> None:
    if not actor.is_supervisor:
        raise PermissionDenied("Hanya supervisor yang boleh melakukan tindakan ini.")


def normalize_code(code: str) -> str:
    """Operator codes are case-insensitive; they are stored upper-case."""
    code = require_printable(code or "", "Kode petugas").strip()
    if len(code) > CODE_MAX_LENGTH:
        raise ValidationError(
            f"Kode petugas terlalu panjang: {len(code)} karakter, maksimal {CODE_MAX_LENGTH}."
        )
    if not re.fullmatch(_CODE_RE, code):
        raise ValidationError(
            f"Kode petugas harus 2-{CODE_MAX_LENGTH} karakter: huruf, angka, titik, garis bawah "
            "atau tanda hubung."
        )
    return code.upper()


def normalize_full_name(name: str) -> str:
    return clean_text(name, "Nama lengkap", max_length=NAME_MAX_LENGTH)


def parse_counter(value: str | int) -> int:
    if str(value).strip() == "":
        raise ValidationError("Nomor loket wajib diisi: 1-99, atau 0 untuk meja informasi.")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError("Nomor loket harus berupa angka 0-99 (0 = meja informasi).") from None
    if not 0 <= number <= MAX_COUNTER:
        raise ValidationError("Nomor loket harus berupa angka 0-99 (0 = meja informasi).")
    return number


@dataclass(frozen=True, slots=True)
class FailedLogin:
    """What a wrong PIN does to an account: the count, whether it is now locked, and how long the next attempt
    must wait."""

    failed_attempts: int
    now_locked: bool
    delay: timedelta = timedelta(0)


def login_delay(failed_attempts: int) -> timedelta:
    """How long the next attempt waits after this many wrong PINs in a row."""
    if failed_attempts < FREE_ATTEMPTS:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** min(failed_attempts - FREE_ATTEMPTS, 16), MAX_DELAY)


def register_failed_login(failed_attempts: int, *, may_lock: bool = True) -> FailedLogin:
    """A wrong PIN. `may_lock=False` for supervisor overrides typed at the front desk or through
    `ticket --override-supervisor`: anyone with a shell can type those, so they only ever delay."""
    count = failed_attempts + 1
    return FailedLogin(
        failed_attempts=count, now_locked=may_lock and count >= MAX_FAILED_LOGINS, delay=login_delay(count)
    )


def must_wait(delay_until: datetime | None, now: datetime) -> bool:
    """True while an account's next attempt must still wait."""
    return delay_until is not None and now < delay_until


def parse_idle_minutes(value: str | int) -> int:
    try:
        minutes = int(str(value).strip())
    except ValueError:
        raise ValidationError("Batas diam harus berupa angka menit (1-240).") from None
    if not 1 <= minutes <= 240:
        raise ValidationError("Batas diam harus antara 1 dan 240 menit.")
    return minutes
