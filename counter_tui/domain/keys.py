"""Keys derived from the key file beside the database, and AES-GCM encryption of personal data at rest.

The key file (`<db>.pepper`, 0600) holds 32 random bytes. Each purpose gets its own key through HKDF-SHA256, so
the PIN pepper, the NIK lookup hash, the audit-chain HMAC and the encryption key never share key material.
A copy of the database file alone therefore reveals no NIK, name or phone number, and cannot forge the audit chain.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

# Purposes: never rename one, or every stored value keyed by it becomes unreadable.
PURPOSE_PII_ENCRYPTION = "counter-tui/pii-aes-gcm/v1"
PURPOSE_NIK_LOOKUP = "counter-tui/nik-lookup-hmac/v1"
PURPOSE_AUDIT_CHAIN = "counter-tui/audit-chain-hmac/v1"

_NONCE_BYTES = 12
_VERSION = b"\x01"


def derive_key(key_file_bytes: bytes, purpose: str, length: int = 32) -> bytes:
    """HKDF-SHA256 (RFC 5869, no salt) of the key file's bytes, one key per purpose.

    Written with the standard library's hmac (the same bytes as cryptography's HKDF, tested): importing
    cryptography's primitives cost every CLI command ~10 ms, and every write derives the audit key."""
    if not 0 < length <= 255 * 32:
        raise ValueError("HKDF-SHA256 length out of range")
    prk = hmac.new(b"\x00" * 32, key_file_bytes, hashlib.sha256).digest()
    info = purpose.encode("utf-8")
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
        counter += 1
    return okm[:length]


def keyed_hash(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


class DecryptionFailed(Exception):
    """The ciphertext was changed, or the key file is not the one it was written with."""


@dataclass(frozen=True)
class PiiCipher:
    """AES-256-GCM for one field. `context` (for example "case.nik") is bound as associated data, so a value
    copied into another column does not decrypt there."""

    key: bytes

    @classmethod
    def from_key_file(cls, key_file_bytes: bytes) -> PiiCipher:
        return cls(derive_key(key_file_bytes, PURPOSE_PII_ENCRYPTION))

    def encrypt(self, plaintext: str, context: str) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + AESGCM(self.key).encrypt(nonce, plaintext.encode("utf-8"), context.encode())

    def decrypt(self, blob: bytes, context: str) -> str:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if len(blob) < 1 + _NONCE_BYTES + 16 or blob[:1] != _VERSION:
            raise DecryptionFailed("unknown ciphertext format")
        nonce, body = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
        try:
            return AESGCM(self.key).decrypt(nonce, body, context.encode()).decode("utf-8")
        except InvalidTag:
            raise DecryptionFailed("ciphertext does not match the key file") from None
