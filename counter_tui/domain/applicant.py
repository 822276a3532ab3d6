"""The applicant as typed at the counter: name, phone, birth date and sex, checked and normalized, and what they
say against what the NIK encodes."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from counter_tui.domain.errors import ValidationError
from counter_tui.domain.nik import MONTHS_ID, NikFacts
from counter_tui.domain.text import clean_line

MAX_NAME_LENGTH = 100


def normalize_person_name(name: str) -> str:
    """A person's name as stored (see `clean_line`), at most MAX_NAME_LENGTH characters, with a letter in it."""
    text = clean_line(name, what="Nama", maximum=MAX_NAME_LENGTH)
    if not any(c.isalpha() for c in text):
        raise ValidationError("Nama harus berisi huruf.")
    return text


_PHONE_CHARS = re.compile(r"[\s().-]")
# The common case, a mobile number (08…, 628…, +628…, 10-13 digits with the 0), is read without lokal-id.
_MOBILE = re.compile(r"(?:\+62|62|0)(8[1-9]\d{7,10})")


def normalize_phone(phone: str | None) -> str | None:
    """An Indonesian phone number as +62…, or None when empty. Refused with a message when not a phone number."""
    text = (phone or "").strip()
    if not text:
        return None
    if len(text) > 30 or any(unicodedata.category(c).startswith("C") for c in text):
        raise ValidationError("Nomor HP tidak sah (contoh: 0812-3456-7890).")
    compact = _PHONE_CHARS.sub("", text)
    mobile = _MOBILE.fullmatch(compact)
    if mobile:
        return "+62" + mobile.group(1)
    from lokal import parse_phone  # lazy, like the rest of lokal-id

    parsed = parse_phone(compact)
    e164 = getattr(parsed, "e164", None)
    if not getattr(parsed, "valid", False) or not e164:
        raise ValidationError("Nomor HP tidak sah (contoh: 0812-3456-7890).")
    return str(e164)


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    return phone[:5] + "*" * max(0, len(phone) - 8) + phone[-3:]


_DATE_DMY = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})")


def parse_birth_date(value: str | date) -> date:
    """DD-MM-YYYY (as on the KTP), DD/MM/YYYY or YYYY-MM-DD."""
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    try:
        match = _DATE_DMY.fullmatch(text)
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("Tanggal lahir tidak sah; tulis HH-BB-TTTT, misalnya 05-07-2006.") from None


def format_date_id(day: date) -> str:
    """'5 Juli 2006'."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def parse_sex(value: str) -> str:
    text = (value or "").strip().upper()
    if text in ("L", "LAKI-LAKI", "LAKI", "PRIA"):
        return "L"
    if text in ("P", "PEREMPUAN", "WANITA"):
        return "P"
    raise ValidationError("Jenis kelamin wajib dipilih: L (laki-laki) atau P (perempuan).")


def identity_mismatches(facts: NikFacts, birth_date: date, sex: str) -> tuple[str, ...]:
    """What the applicant says against what the NIK encodes, each disagreement named."""
    problems = []
    if birth_date != facts.birth_date:
        parts = []
        if birth_date.day != facts.birth_date.day:
            parts.append("hari")
        if birth_date.month != facts.birth_date.month:
            parts.append("bulan")
        if birth_date.year != facts.birth_date.year:
            parts.append("tahun")
        problems.append(
            f"Tanggal lahir tidak cocok dengan NIK ({', '.join(parts)} berbeda): NIK menyebut "
            f"{format_date_id(facts.birth_date)}."
        )
    if sex != facts.sex:
        said = "laki-laki" if facts.sex == "L" else "perempuan"
        problems.append(
            f"Jenis kelamin tidak cocok dengan NIK: NIK menyebut {said} "
            "(tanggal lahir di NIK ditambah 40 untuk perempuan)."
        )
    return tuple(problems)
