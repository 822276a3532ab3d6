"""The audit chain hash and the canonical details that go into it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from counter_tui.domain.audit import GENESIS_HASH, AuditEntry, canonical_details, chain_hash

ENTRY = AuditEntry(
    at_utc="2026-11-30T01:00:00.000000Z",
    operator_id=1,
    operator_code="SPV1",
    counter=0,
    action="login",
    object="operator:SPV1",
    details="{}",
)


def test_chain_hash_is_deterministic_sha256_hex() -> None:
    digest = chain_hash(GENESIS_HASH, ENTRY)
    assert digest == chain_hash(GENESIS_HASH, replace(ENTRY))
    assert len(digest) == 64
    int(digest, 16)


@pytest.mark.parametrize(
    "changed",
    [
        replace(ENTRY, at_utc="2026-11-30T01:00:00.000001Z"),
        replace(ENTRY, operator_id=2),
        replace(ENTRY, operator_id=None),
        replace(ENTRY, operator_code="SPV2"),
        replace(ENTRY, counter=1),
        replace(ENTRY, counter=None),
        replace(ENTRY, action="logout"),
        replace(ENTRY, object=None),
        replace(ENTRY, details='{"a":1}'),
    ],
)
def test_every_field_is_covered_by_the_hash(changed: AuditEntry) -> None:
    assert chain_hash(GENESIS_HASH, changed) != chain_hash(GENESIS_HASH, ENTRY)


def test_the_previous_hash_is_covered() -> None:
    assert chain_hash("1" * 64, ENTRY) != chain_hash(GENESIS_HASH, ENTRY)


def test_fields_cannot_be_shifted_into_each_other() -> None:
    """'ab' + 'c' must not hash like 'a' + 'bc': the payload is a JSON list, not a concatenation."""
    a = replace(ENTRY, action="ab", object="c")
    b = replace(ENTRY, action="a", object="bc")
    assert chain_hash(GENESIS_HASH, a) != chain_hash(GENESIS_HASH, b)


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        (None, "{}"),
        ({}, "{}"),
        ({"b": 1, "a": 2}, '{"a":2,"b":1}'),  # sorted keys, no spaces
        ({"nama": "Siti Ñ"}, '{"nama":"Siti Ñ"}'),  # not ASCII-escaped
    ],
)
def test_canonical_details_is_canonical(details: dict | None, expected: str) -> None:
    assert canonical_details(details) == expected


@pytest.mark.parametrize(
    "details",
    [
        {"nik": "6202054507060001"},
        {"note": "NIK 6202054507060001 dan 3171234567890123"},
        {"nested": {"list": ["x", "6202054507060001"]}},
        {"nik": 6202054507060001},  # a NIK passed as a number
        {"6202054507060001": "as a key"},
    ],
)
def test_canonical_details_masks_every_16_digit_number_and_stays_valid_json(details: dict) -> None:
    text = canonical_details(details)
    assert "6202054507060001" not in text
    assert "3171234567890123" not in text
    assert "6202**********01" in text
    json.loads(text)  # the audit_log column has CHECK (json_valid(details))


def test_canonical_details_keeps_other_numbers() -> None:
    text = canonical_details({"count": 12, "long": 12345678901234567, "short": 620205450706000})
    assert json.loads(text) == {"count": 12, "long": 12345678901234567, "short": 620205450706000}
