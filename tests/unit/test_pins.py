"""PIN rules and PIN hashing with the pepper."""

from __future__ import annotations

import pytest

from counter_tui.domain import pins
from counter_tui.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("pin", "why"),
    [
        ("", "angka"),
        ("12345", "minimal"),
        ("48291", "minimal"),
        ("4829130571234", "maksimal"),  # 13 digits
        ("48a913", "angka"),
        ("48 913", "angka"),
        ("-48291", "angka"),
        ("４８２９１３", "angka"),  # full-width digits are not ASCII
        ("٤٨٢٩١٣", "angka"),  # Arabic-Indic digits
        ("000000", "berulang"),
        ("999999", "berulang"),
        ("7777777777", "berulang"),
        ("121212", "berulang"),
        ("1212121", "berulang"),
        ("123123", "berulang"),
        ("112112", "berulang"),
        ("909090", "berulang"),
        ("123456", "berurutan"),
        ("654321", "berurutan"),
        ("234567", "berurutan"),
        ("567890", "berurutan"),
        ("890123", "berurutan"),  # ascending with wrap-around 9 → 0
        ("901234", "berurutan"),
        ("321098", "berurutan"),  # descending with wrap-around 0 → 9
        ("109876", "berurutan"),
        ("123456789012", "berurutan"),
        ("112233", "umum"),
        ("123321", "umum"),
        ("147258", "umum"),
        ("159753", "umum"),
        ("102030", "umum"),
        ("696969", "berulang"),  # a short repeat before it is a common PIN
        ("202020", "berulang"),
    ],
)
def test_weak_or_malformed_pins_are_refused(pin: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        pins.check_pin_strength(pin)


@pytest.mark.parametrize(
    "pin",
    ["482913", "572946", "639184", "1357924", "918273645", "201907", "123457", "654320", "480713925846"],
)
def test_good_pins_pass(pin: str) -> None:
    pins.check_pin_strength(pin)


@pytest.mark.parametrize(
    ("pin", "again", "match"),
    [
        ("482913", "482914", "tidak sama"),
        ("482913", "", "tidak sama"),
        ("111111", "111111", "berulang"),
    ],
)
def test_new_pin_needs_a_matching_strong_confirmation(pin: str, again: str, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        pins.check_new_pin(pin, again)


def test_new_pin_accepts_a_matching_strong_pin() -> None:
    pins.check_new_pin("482913", "482913")


SALT = bytes(range(16))
PEPPER_1 = b"\x01" * 32
PEPPER_2 = b"\x02" * 32


def test_hash_is_deterministic_for_the_same_inputs() -> None:
    first = pins.hash_pin("482913", SALT, PEPPER_1)
    assert first == pins.hash_pin("482913", SALT, PEPPER_1)
    assert len(first) == 32


@pytest.mark.parametrize(
    ("pin", "salt", "pepper"),
    [
        ("482913", SALT, PEPPER_2),  # different pepper
        ("482913", bytes(reversed(SALT)), PEPPER_1),  # different salt
        ("482914", SALT, PEPPER_1),  # different PIN
    ],
)
def test_hash_changes_with_each_input(pin: str, salt: bytes, pepper: bytes) -> None:
    assert pins.hash_pin(pin, salt, pepper) != pins.hash_pin("482913", SALT, PEPPER_1)


def test_hash_is_not_plain_scrypt_of_the_pin() -> None:
    """Without the pepper, scrypt of the PIN alone does not reproduce the stored hash."""
    import hashlib

    plain = hashlib.scrypt(b"482913", salt=SALT, n=pins.SCRYPT_N, r=pins.SCRYPT_R, p=pins.SCRYPT_P, dklen=32)
    assert pins.hash_pin("482913", SALT, PEPPER_1) != plain


def test_hash_refuses_an_empty_pepper() -> None:
    with pytest.raises(ValueError, match="pepper"):
        pins.hash_pin("482913", SALT, b"")


@pytest.mark.parametrize(
    ("pin", "pepper", "expected"),
    [
        ("482913", PEPPER_1, True),
        ("482914", PEPPER_1, False),
        ("482913", PEPPER_2, False),  # the right PIN with the wrong pepper fails
        ("", PEPPER_1, False),
    ],
)
def test_verify_pin(pin: str, pepper: bytes, expected: bool) -> None:
    stored = pins.hash_pin("482913", SALT, PEPPER_1)
    assert pins.verify_pin(pin, SALT, pepper, stored) is expected


def test_salts_and_peppers_are_random_and_long_enough() -> None:
    assert len(pins.new_salt()) == pins.SALT_BYTES >= 16
    assert len(pins.new_pepper()) == pins.PEPPER_BYTES >= 32
    assert pins.new_salt() != pins.new_salt()
    assert pins.new_pepper() != pins.new_pepper()
