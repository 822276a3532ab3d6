"""NIK checks and masking. A NIK is personal data (UU 27/2022): mask it wherever the full number is not needed.

Structure and region checks use lokal-id, imported lazily.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from counter_tui.domain.errors import ValidationError

_NON_DIGIT = r"[\s.-]"
# 16 digits, possibly written in groups ("6202 0545 0706 0001", "62.02.05.450706.0001"), as people type them.
_SIXTEEN_DIGITS = r"(?<!\d)\d(?:[ .-]?\d){15}(?!\d)"


def normalize_nik_text(text: str) -> str:
    """Digits only: separators removed, and fullwidth or other Unicode digits ("６２０２") made ASCII (NFKC),
    so a pasted NIK is read as typed, never dropped."""
    return re.sub(_NON_DIGIT, "", unicodedata.normalize("NFKC", text or ""))


def parse_nik_digits(text: str) -> str:
    """The 16 ASCII digits of a NIK as typed (spaces, dots and dashes dropped); ValidationError otherwise.

    The one digit check: `validate_nik` and the ticket issue both use it."""
    digits = normalize_nik_text(text)
    if not digits.isascii() or not digits.isdigit() or len(digits) != 16:
        raise ValidationError("NIK harus terdiri dari 16 digit angka.")
    return digits


def mask_nik(nik: str) -> str:
    """6202**********01 style: region prefix and last two digits only."""
    digits = normalize_nik_text(nik)
    if len(digits) != 16:
        return "*" * len(digits)
    return digits[:4] + "*" * 10 + digits[-2:]


def redact_niks(text: str) -> str:
    """Mask every 16-digit run in free text (audit details, error messages, crash reports)."""
    return re.sub(_SIXTEEN_DIGITS, lambda m: mask_nik(m.group(0)), text)


def nik_key(nik: str, pepper: bytes) -> str:
    """A keyed hash of a NIK: lets the queue compare NIKs without storing them."""
    return hmac.new(pepper, normalize_nik_text(nik).encode("ascii"), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class NikFacts:
    nik: str
    region_code: str
    region_name: str | None
    birth_date: date
    sex: str  # "L" or "P"


def validate_nik(text: str, *, today: date) -> NikFacts:
    """Check the NIK's structure and that its district code exists. Raise ValidationError otherwise."""
    digits = parse_nik_digits(text)
    from lokal import parse_nik  # lazy: lokal-id costs ~150 ms to import
    from lokal.wilayah import wilayah_name

    info = parse_nik(digits, lookup_wilayah=wilayah_name, reference_date=today)
    if not info.valid:
        raise ValidationError(info.errors[0].message)
    if info.warnings:
        raise ValidationError(f"Kode wilayah NIK ({info.district_code}) tidak ada dalam data Kemendagri.")
    assert info.birth_date is not None
    assert info.gender is not None
    return NikFacts(
        nik=digits,
        region_code=info.district_code or "",
        region_name=info.district,
        birth_date=date.fromisoformat(info.birth_date),
        sex=info.gender,
    )
