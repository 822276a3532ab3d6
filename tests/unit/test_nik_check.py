"""The NIK check of the case form and `counter-tui nik`: every malformed NIK gets a message that names what is
wrong, Unicode digits are normalised, the century never puts a birth date after the office day, and a region
code retired by a province split is a warning. Property tests: a NIK built from a region, a date and a sex
decodes back to them; no input string crashes the check."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.errors import ValidationError
from counter_tui.domain.nik import birth_century, build_nik, check_nik, normalize_nik_text, validate_nik

TODAY = date(2026, 11, 30)
ELECTION_EVE = date(2024, 2, 13)
KOTIM = "6202054507060001"  # Baamang, Kotawaringin Timur; a woman born 5 July 2006


@pytest.mark.parametrize(
    ("nik", "expected_message"),
    [
        ("620205450706000", "yang diketik 15 digit"),
        ("62020545070600011", "yang diketik 17 digit"),
        ("62020545O7060001", "ada huruf (pertama pada karakter ke-9)"),
        ("6202054507060O01", "ada huruf"),
        ("6202057002240001", "tidak ada: 30 Februari"),
        ("6202050902230001".replace("0902", "2902"), "29 Februari 2023 (bukan tahun kabisat)"),
        ("6202053507060001", "hari 35"),
        ("6202050513060001", "bulan 13"),
        ("6202050507060000", "Nomor urut NIK (4 digit terakhir) tidak boleh 0000"),
        ("9902050507060001", "Kode provinsi NIK (99) tidak dikenal"),
        ("6299050507060001", "Kode kabupaten/kota NIK (62.99) tidak ada"),
        ("6202990507060001", "Kode kecamatan NIK (62.02.99) tidak ada"),
        ("6200000507060001", "tidak boleh 00"),
        ("6202050007060001", "hari 00"),
        ("6202054007060001", "hari 40"),
        ("6202057207060001", "hari 72"),
        ("6202057102070001", "tidak ada: 31 Februari"),
        ("", "wajib diisi"),
        ("   ", "wajib diisi"),
        ("6202-05/45", "tanda atau karakter lain"),
    ],
)
def test_each_malformed_nik_names_what_is_wrong(nik: str, expected_message: str) -> None:
    result = check_nik(nik, today=TODAY)
    assert result.valid is False
    assert any(expected_message in message for message in result.errors), result.errors
    with pytest.raises(ValidationError, match="NIK|Tanggal lahir|Nomor urut|Kode"):
        validate_nik(nik, today=TODAY)


def test_several_problems_are_reported_together() -> None:
    result = check_nik("9902053513060000", today=TODAY)
    assert len(result.errors) == 3  # province, day 35, serial 0000
    assert "99" in result.errors[0]


def test_messages_never_hold_the_full_nik() -> None:
    for bad in ("6202057002240001", "6202990507060001", "9902050507060001", "6202050507060000"):
        for message in check_nik(bad, today=TODAY).errors:
            assert bad not in message


def test_kotim_nik_decodes_to_names_sex_and_birth_date() -> None:
    result = check_nik(KOTIM, today=TODAY)
    assert result.valid
    assert (result.province, result.regency, result.district) == (
        "Kalimantan Tengah",
        "Kabupaten Kotawaringin Timur",
        "Baamang",
    )
    assert result.sex == "P"
    assert result.birth_date == date(2006, 7, 5)
    assert result.as_json()["birth_date"] == "2006-07-05"
    assert result.as_json()["nik_masked"] == "6202**********01"


@pytest.mark.parametrize(
    "typed",
    [
        "６２０２０５４５０７０６０００１",  # fullwidth digits
        "٦٢٠٢٠٥٤٥٠٧٠٦٠٠٠١",  # Arabic-Indic digits
        "62 02 05 450706 0001",
        "62.02.05.450706.0001",
        "62-02-05-450706-0001",
        "62–02–05–450706–0001",  # en dashes
        "6202\u00a005450706\u20030001",  # no-break and em spaces
        " 6202054507060001\n",
    ],
)
def test_unicode_digits_and_separators_are_normalised(typed: str) -> None:
    assert normalize_nik_text(typed) == KOTIM
    assert check_nik(typed, today=TODAY).digits == KOTIM
    assert validate_nik(typed, today=TODAY).nik == KOTIM


@pytest.mark.parametrize(
    ("nik", "today", "born"),
    [
        # Issue 10: on 13 February 2024 lokal-id took these for 2024 dates (one in the future).
        ("6202053112240001", ELECTION_EVE, date(1924, 12, 31)),
        ("6202051402240001", ELECTION_EVE, date(1924, 2, 14)),
        ("6202051302240001", ELECTION_EVE, date(2024, 2, 13)),  # born today: this century
        ("6202051202240001", ELECTION_EVE, date(2024, 2, 12)),
        ("6202050101000001", ELECTION_EVE, date(2000, 1, 1)),
        ("6202052902000001", ELECTION_EVE, date(2000, 2, 29)),  # 2000 is a leap year
        ("6202050507990001", ELECTION_EVE, date(1999, 7, 5)),
        ("6202050101260001", TODAY, date(2026, 1, 1)),
        ("6202050112260001", TODAY, date(1926, 12, 1)),
    ],
)
def test_the_century_never_puts_the_birth_date_after_the_office_day(
    nik: str, today: date, born: date
) -> None:
    result = check_nik(nik, today=today)
    assert result.valid, result.errors
    assert result.birth_date == born
    assert result.birth_date <= today


def test_the_front_desk_check_uses_the_same_century_rule() -> None:
    assert validate_nik("6202053112240001", today=ELECTION_EVE).birth_date == date(1924, 12, 31)


def test_birth_century_compares_the_whole_date() -> None:
    assert birth_century(24, 2, 13, ELECTION_EVE) == 2024
    assert birth_century(24, 2, 14, ELECTION_EVE) == 1924
    assert birth_century(23, 12, 31, ELECTION_EVE) == 2023


def test_a_retired_regency_code_is_a_warning_not_an_error() -> None:
    tarakan_before_2012 = "6473010507900001"  # Kota Tarakan was 64.73 before Kalimantan Utara
    result = check_nik(tarakan_before_2012, today=TODAY)
    assert result.valid
    assert result.errors == ()
    assert "64.73" in result.warnings[0]
    assert "Kalimantan Utara" in result.warnings[0]
    assert validate_nik(tarakan_before_2012, today=TODAY).warnings == result.warnings


# -- properties -------------------------------------------------------------------------------------
DISTRICTS = ("62.02.01", "62.02.05", "62.02.17", "31.71.01", "32.01.01", "11.01.01", "94.01.01")


@settings(max_examples=300, deadline=None)
@given(
    district=st.sampled_from(DISTRICTS),
    born=st.dates(min_value=date(1927, 1, 1), max_value=TODAY),
    sex=st.sampled_from("LP"),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_a_nik_built_from_region_date_and_sex_decodes_back(
    district: str, born: date, sex: str, serial: int
) -> None:
    result = check_nik(build_nik(district, born, sex, serial), today=TODAY)
    assert result.valid, result.errors
    assert result.district_code == district
    assert result.birth_date == born
    assert result.sex == sex
    assert result.district is not None
    assert result.regency is not None
    assert result.province is not None


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40) | st.from_regex(r"[0-9 .\-]{10,22}", fullmatch=True))
def test_no_input_string_crashes_the_check(text: str) -> None:
    result = check_nik(text, today=TODAY)
    assert result.valid == (not result.errors)
    for message in result.errors + result.warnings:
        assert isinstance(message, str)
        assert message.endswith(".")
    if not result.valid:
        with pytest.raises(ValidationError):
            validate_nik(text, today=TODAY)
