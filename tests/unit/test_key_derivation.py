"""derive_key is HKDF-SHA256 written with hmac: it must give exactly cryptography's HKDF bytes, or every stored
key-derived value (NIK lookups, the audit chain, encrypted personal data) would stop matching."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counter_tui.domain.keys import (
    PURPOSE_AUDIT_CHAIN,
    PURPOSE_NIK_LOOKUP,
    PURPOSE_PII_ENCRYPTION,
    derive_key,
)


@pytest.mark.parametrize("purpose", [PURPOSE_AUDIT_CHAIN, PURPOSE_NIK_LOOKUP, PURPOSE_PII_ENCRYPTION, "x"])
@pytest.mark.parametrize("length", [16, 32, 33, 64, 100])
@pytest.mark.parametrize("key_file", [bytes(range(32)), b"\xff" * 32, b"short"])
def test_derive_key_equals_cryptography_hkdf(purpose: str, length: int, key_file: bytes) -> None:
    expected = HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose.encode()).derive(
        key_file
    )
    assert derive_key(key_file, purpose, length) == expected


def test_derive_key_refuses_an_impossible_length() -> None:
    with pytest.raises(ValueError, match="length"):
        derive_key(b"k" * 32, "x", 0)
