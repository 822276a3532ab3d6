"""The jemput bola transfer file: a laptop's outreach sessions and their cases, sealed for the trip to the office.

The whole file is encrypted: AES-256-GCM under a key made from a passphrase with scrypt (random salt, parameters
in the header). The header line is plain JSON (format, version, KDF parameters, salt, nonce, the office's region
code and the laptop's device id) and is bound to the ciphertext as associated data, so changing any byte of the
file, header or body, makes it fail to open. The body is zlib-compressed JSON (`outreach_payload`).

The laptop and the office have different key files, so the body holds personal data in the clear (inside this
encryption): the laptop decrypts its rows to write the file, and the office encrypts them again with its own key.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass
from typing import Any

from counter_tui.domain.errors import ValidationError

MAGIC = b"CTUI-OUTREACH\n"
FORMAT = "counter_tui.outreach"
VERSION = 1
# scrypt: 2^15 x 8 x 128 bytes = 32 MiB and ~0.1 s per try on an old office PC; p = 1.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 128 * 1024 * 1024
_SALT_BYTES = 16
_NONCE_BYTES = 12
PASSPHRASE_MIN = 10
PASSPHRASE_MAX = 200
MAX_FILE_BYTES = 512 * 1024 * 1024

BAD_FILE = "Frasa sandi salah, atau berkas jemput bola telah berubah atau rusak; tidak ada yang ditulis."
NOT_OURS = "Berkas ini bukan berkas jemput bola counter_tui; tidak ada yang ditulis."


def check_passphrase(passphrase: str) -> str:
    if not passphrase or not passphrase.strip():
        raise ValidationError("Frasa sandi wajib diisi.")
    if len(passphrase) < PASSPHRASE_MIN:
        raise ValidationError(f"Frasa sandi terlalu pendek: paling sedikit {PASSPHRASE_MIN} karakter.")
    if len(passphrase) > PASSPHRASE_MAX:
        raise ValidationError(f"Frasa sandi terlalu panjang: maksimal {PASSPHRASE_MAX} karakter.")
    return passphrase


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


@dataclass(frozen=True, slots=True)
class TransferHeader:
    office_code: str
    device_id: str
    created_at: str
    fields: dict[str, Any]


def seal(
    payload: dict[str, Any], passphrase: str, *, office_code: str, device_id: str, created_at: str
) -> bytes:
    """The whole transfer file's bytes."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase(passphrase)
    salt, nonce = os.urandom(_SALT_BYTES), os.urandom(_NONCE_BYTES)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex()},
        "cipher": {"name": "AES-256-GCM", "nonce": nonce.hex()},
        "office": office_code,
        "device_id": device_id,
        "created_at": created_at,
    }
    head = MAGIC + json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii") + b"\n"
    body = zlib.compress(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"), 6)
    key = _key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return head + AESGCM(key).encrypt(nonce, body, head)


def read_header(data: bytes) -> tuple[TransferHeader, bytes, bytes]:
    """The header (not yet authenticated), the header bytes and the ciphertext."""
    if not data.startswith(MAGIC):
        raise ValidationError(NOT_OURS)
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        raise ValidationError(NOT_OURS)
    head, body = data[: end + 1], data[end + 1 :]
    try:
        header = json.loads(head[len(MAGIC) :].decode("ascii"))
        if header.get("format") != FORMAT:
            raise ValueError
        if header.get("version") != VERSION:
            raise ValidationError(
                f"Versi berkas jemput bola {header.get('version')!r} tidak dikenal; perbarui aplikasi kantor."
            )
        kdf, cipher = header["kdf"], header["cipher"]
        if kdf["name"] != "scrypt" or cipher["name"] != "AES-256-GCM":
            raise ValueError
        fields: dict[str, Any] = {
            "n": int(kdf["n"]),
            "r": int(kdf["r"]),
            "p": int(kdf["p"]),
            "salt": bytes.fromhex(kdf["salt"]),
            "nonce": bytes.fromhex(cipher["nonce"]),
        }
        result = TransferHeader(
            str(header["office"]), str(header["device_id"]), str(header["created_at"]), fields
        )
    except ValidationError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        raise ValidationError(BAD_FILE) from None
    n, r, p = fields["n"], fields["r"], fields["p"]
    # Parameters an attacker could inflate to make the office PC hang or run out of memory are refused.
    if not (
        2**14 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4 and 128 * n * r <= _MAXMEM
    ):
        raise ValidationError(BAD_FILE)
    if len(fields["nonce"]) != _NONCE_BYTES or len(fields["salt"]) < 8:
        raise ValidationError(BAD_FILE)
    return result, head, body


def unseal(data: bytes, passphrase: str) -> tuple[TransferHeader, dict[str, Any]]:
    """Open a transfer file. A wrong passphrase and a changed byte give the same sentence (BAD_FILE)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not passphrase:
        raise ValidationError("Frasa sandi wajib diisi.")
    header, head, body = read_header(data)
    f = header.fields
    key = _key(passphrase, f["salt"], f["n"], f["r"], f["p"])
    try:
        plain = AESGCM(key).decrypt(f["nonce"], body, head)
        payload = json.loads(zlib.decompress(plain).decode("utf-8"))
    except (InvalidTag, zlib.error, ValueError, UnicodeDecodeError):
        raise ValidationError(BAD_FILE) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValidationError(BAD_FILE)
    if payload.get("office", {}).get("region_code") != header.office_code:
        raise ValidationError(BAD_FILE)
    return header, payload
