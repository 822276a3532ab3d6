"""Lockout counting, operator codes, counter numbers, idle minutes, roles."""

from __future__ import annotations

import pytest

from counter_tui.domain.accounts import (
    FREE_ATTEMPTS,
    KIOSK,
    MAX_FAILED_LOGINS,
    Actor,
    Role,
    login_delay,
    normalize_code,
    normalize_full_name,
    parse_counter,
    parse_idle_minutes,
    register_failed_login,
    require_supervisor,
)
from counter_tui.domain.errors import PermissionDenied, ValidationError


def test_the_lock_comes_after_ten_and_the_delays_after_three() -> None:
    assert (MAX_FAILED_LOGINS, FREE_ATTEMPTS) == (10, 3)


@pytest.mark.parametrize(
    ("before", "after", "locked", "delay_seconds"),
    [
        (0, 1, False, 0),
        (1, 2, False, 0),
        (2, 3, False, 30),  # the 3rd wrong PIN makes the next attempt wait 30 s
        (3, 4, False, 60),
        (4, 5, False, 120),
        (6, 7, False, 480),
        (7, 8, False, 900),  # capped at 15 minutes
        (8, 9, False, 900),
        (9, 10, True, 900),  # the 10th locks until a supervisor lifts it
        (10, 11, True, 900),
    ],
)
def test_register_failed_login(before: int, after: int, locked: bool, delay_seconds: int) -> None:
    result = register_failed_login(before)
    assert result.failed_attempts == after
    assert result.now_locked is locked
    assert result.delay.total_seconds() == delay_seconds


@pytest.mark.parametrize("before", [0, 5, 9, 10, 50])
def test_override_failures_never_lock(before: int) -> None:
    result = register_failed_login(before, may_lock=False)
    assert result.now_locked is False
    assert result.delay == login_delay(before + 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("spv1", "SPV1"),
        ("  opr-2 ", "OPR-2"),
        ("a.b_c", "A.B_C"),
        ("AB", "AB"),
        ("x" * 20, "X" * 20),
    ],
)
def test_normalize_code_accepts(raw: str, expected: str) -> None:
    assert normalize_code(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "A", "x" * 21, "OPR 1", "OPR/1", "opr1!", "ópr1", None])
def test_normalize_code_refuses(raw: str | None) -> None:
    with pytest.raises(ValidationError, match="Kode petugas"):
        normalize_code(raw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0", 0), ("1", 1), (" 12 ", 12), ("99", 99), (7, 7), ("007", 7)],
)
def test_parse_counter_accepts(raw: str | int, expected: int) -> None:
    assert parse_counter(raw) == expected


@pytest.mark.parametrize("raw", ["", "-1", "100", "1.5", "satu", "1a", -3, 100])
def test_parse_counter_refuses(raw: str | int) -> None:
    with pytest.raises(ValidationError, match="Nomor loket"):
        parse_counter(raw)


@pytest.mark.parametrize(("raw", "expected"), [("1", 1), ("10", 10), (" 240 ", 240), (30, 30)])
def test_parse_idle_minutes_accepts(raw: str | int, expected: int) -> None:
    assert parse_idle_minutes(raw) == expected


@pytest.mark.parametrize("raw", ["0", "241", "-5", "", "sepuluh", "2.5", 0, 1000])
def test_parse_idle_minutes_refuses(raw: str | int) -> None:
    with pytest.raises(ValidationError, match="Batas diam"):
        parse_idle_minutes(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  Siti   Petugas ", "Siti Petugas"), ("Agus", "Agus")],
)
def test_normalize_full_name(raw: str, expected: str) -> None:
    assert normalize_full_name(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "x" * 101, "Siti\x07Petugas"])
def test_normalize_full_name_refuses(raw: str) -> None:
    with pytest.raises(ValidationError, match="Nama lengkap"):
        normalize_full_name(raw)


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (Actor(1, "SPV1", Role.SUPERVISOR), True),
        (Actor(2, "OPR1", Role.OPERATOR, 1), False),
        (KIOSK, False),
    ],
)
def test_require_supervisor(actor: Actor, allowed: bool) -> None:
    if allowed:
        require_supervisor(actor)
    else:
        with pytest.raises(PermissionDenied, match="supervisor"):
            require_supervisor(actor)
