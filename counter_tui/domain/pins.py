"""PIN rules and PIN hashing.

A PIN is hashed as scrypt(HMAC-SHA256(pepper, pin), salt, n=2**14, r=8, p=1). The pepper is a random key kept
in its own file beside the database, so a copy of the database alone is not enough to brute-force a PIN.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from counter_tui.domain.errors import PinRejected

PIN_MIN_LENGTH = 6
PIN_MAX_LENGTH = 12
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
PEPPER_BYTES = 32

_COMMON_PINS = frozenset(
    {"112233", "121212", "123123", "123321", "147258", "159753", "696969", "102030", "202020"}
)


def _is_sequence(pin: str, step: int) -> bool:
    digits = [int(c) for c in pin]
    return all((b - a) % 10 == step % 10 for a, b in zip(digits, digits[1:], strict=False))


def _is_short_repeat(pin: str) -> bool:
    """121212, 123123, 1212121: a block of at most three digits repeated."""
    for size in (1, 2, 3):
        block = pin[:size]
        if len(pin) > size and (block * (len(pin) // size + 1))[: len(pin)] == pin:
            return True
    return False


def check_pin_strength(pin: str) -> None:
    """Raise ValidationError unless the PIN is 6-12 digits and not trivial."""
    if not pin.isascii() or not pin.isdigit():
        raise PinRejected("PIN hanya boleh berisi angka.")
    if len(pin) < PIN_MIN_LENGTH:
        raise PinRejected(f"PIN minimal {PIN_MIN_LENGTH} angka.")
    if len(pin) > PIN_MAX_LENGTH:
        raise PinRejected(f"PIN maksimal {PIN_MAX_LENGTH} angka.")
    if len(set(pin)) == 1 or _is_short_repeat(pin):
        raise PinRejected("PIN terlalu mudah ditebak: angkanya berulang. Pilih PIN lain.")
    if _is_sequence(pin, 1) or _is_sequence(pin, -1):
        raise PinRejected("PIN terlalu mudah ditebak: angkanya berurutan. Pilih PIN lain.")
    if pin in _COMMON_PINS:
        raise PinRejected("PIN terlalu umum dan mudah ditebak. Pilih PIN lain.")


def check_new_pin(pin: str, confirmation: str) -> None:
    """Both entries must match, and the PIN must be strong enough."""
    if pin != confirmation:
        raise PinRejected("PIN dan ulangan PIN tidak sama.")
    check_pin_strength(pin)


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def new_pepper() -> bytes:
    return secrets.token_bytes(PEPPER_BYTES)


def hash_pin(pin: str, salt: bytes, pepper: bytes) -> bytes:
    if not pepper:
        raise ValueError("pepper is required")
    keyed = hmac.new(pepper, pin.encode("utf-8"), hashlib.sha256).digest()
    return hashlib.scrypt(keyed, salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)


def verify_pin(pin: str, salt: bytes, pepper: bytes, expected: bytes) -> bool:
    return hmac.compare_digest(hash_pin(pin, salt, pepper), expected)
