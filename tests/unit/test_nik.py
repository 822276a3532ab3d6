"""NIK masking, redaction in free text, and NIK validation (structure, birth date, sex, region)."""

from __future__ import annotations

from datetime import date

import pytest

from counter_tui.domain.errors import ValidationError
from counter_tui.domain.nik import mask_nik, nik_key, normalize_nik_text, redact_niks, validate_nik

TODAY = date(2026, 11, 30)
KOTIM_NIK = "6202054507060001"  # Baamang, Kotawaringin Timur; woman born 5 July 2006


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("6202054507060001", "6202**********01"),
        ("62.02.05 450706 0001", "6202**********01"),
        ("62-02-05-450706-0001", "6202**********01"),
        ("12345", "*****"),  # not a NIK: everything hidden
        ("", ""),
    ],
)
def test_mask_nik(raw: str, expected: str) -> None:
    assert mask_nik(raw) == expected


def test_mask_never_leaks_the_middle_digits() -> None:
    masked = mask_nik(KOTIM_NIK)
    assert len(masked) == 16
    assert "450706" not in masked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NIK 6202054507060001 ganda", "NIK 6202**********01 ganda"),
        ("a=6202054507060001,b=3171234567890123", "a=6202**********01,b=3171**********23"),
        ("6202054507060001", "6202**********01"),
        ("17 digits 62020545070600011 stay", "17 digits 62020545070600011 stay"),
        ("15 digits 620205450706000 stay", "15 digits 620205450706000 stay"),
        ("no number here", "no number here"),
        # Typed in groups, as on the card or a form: still a NIK.
        ("alasan: NIK 6202 0545 0706 0001 ganda", "alasan: NIK 6202**********01 ganda"),
        ("x-62.02.05.450706.0001.", "x-6202**********01."),
        # A timestamp is not a NIK.
        ("2026-11-30T01:02:03.000000Z", "2026-11-30T01:02:03.000000Z"),
        ("ticket:2026-11-30:A-001", "ticket:2026-11-30:A-001"),
    ],
)
def test_redact_niks(text: str, expected: str) -> None:
    assert redact_niks(text) == expected


def test_normalize_nik_text_drops_separators() -> None:
    assert normalize_nik_text(" 6202.05-450706 0001 ") == KOTIM_NIK


def test_nik_key_depends_on_the_pepper_and_not_on_formatting() -> None:
    assert nik_key(KOTIM_NIK, b"p" * 32) == nik_key("6202.05.450706.0001", b"p" * 32)
    assert nik_key(KOTIM_NIK, b"p" * 32) != nik_key(KOTIM_NIK, b"q" * 32)
    assert KOTIM_NIK not in nik_key(KOTIM_NIK, b"p" * 32)


def test_validate_kotim_nik() -> None:
    facts = validate_nik(KOTIM_NIK, today=TODAY)
    assert facts.nik == KOTIM_NIK
    assert facts.sex == "P"  # day 45 = 5 + 40: a woman
    assert facts.birth_date == date(2006, 7, 5)
    assert facts.region_code == "62.02.05"
    assert facts.region_name == "Baamang"


def test_validate_male_nik() -> None:
    facts = validate_nik("6202050507060001", today=TODAY)
    assert facts.sex == "L"
    assert facts.birth_date == date(2006, 7, 5)


@pytest.mark.parametrize(
    ("nik", "match"),
    [
        ("620205450706000", "16 digit"),  # 15 digits
        ("62020545070600011", "16 digit"),  # 17 digits
        ("", "16 digit"),
        ("62020545070600ab", "huruf"),  # letters are named
        ("6202059907060001", "Tanggal lahir"),  # day 99
        ("6202053213060001", "Tanggal lahir"),  # month 13
        ("6202050007060001", "Tanggal lahir"),  # day 00
        ("6202057102070001", "Tanggal lahir"),  # 31 February (women: 71)
        ("9999054507060001", "tidak dikenal"),  # unknown province
        ("6202994507060001", "tidak ada"),  # unknown district in Kotim
    ],
)
def test_validate_nik_refuses(nik: str, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        validate_nik(nik, today=TODAY)


def test_validate_nik_error_messages_never_hold_the_full_nik() -> None:
    for bad in ("6202059907060001", "6202994507060001", "9999054507060001"):
        with pytest.raises(ValidationError) as caught:
            validate_nik(bad, today=TODAY)
        assert bad not in str(caught.value)
