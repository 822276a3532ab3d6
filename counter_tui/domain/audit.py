"""The audit chain: every row's hash covers the previous row's hash and its own content."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counter_tui.domain.nik_mask import redact_niks

GENESIS_HASH = "0" * 64

# How a row's hash is made. 1: plain SHA-256 (rows written before the chain was keyed; anyone can recompute
# them). 2: HMAC-SHA256 with a key derived from the key file, so a copy of the database alone cannot forge it.
CHAIN_PLAIN = 1
CHAIN_KEYED = 2


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at_utc: str
    operator_id: int | None
    operator_code: str | None
    counter: int | None
    action: str
    object: str | None
    details: str  # canonical JSON


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One row of the audit log as the supervisor's log view shows it."""

    id: int
    at: datetime  # UTC-aware
    operator_code: str | None
    counter: int | None
    action: str
    object: str | None
    details: str  # canonical JSON, never a full NIK


def _mask_numbers(value: Any) -> Any:
    """A NIK given as a JSON number becomes its masked string, so the redacted text stays valid JSON."""
    if isinstance(value, dict):
        return {key: _mask_numbers(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_numbers(item) for item in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = json.dumps(value)
        redacted = redact_niks(text)
        return redacted if redacted != text else value
    return value


def canonical_details(details: dict[str, Any] | None) -> str:
    """Canonical JSON of the details, with any 16-digit number masked: a full NIK never enters the log."""
    text = json.dumps(
        _mask_numbers(details or {}), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return redact_niks(text)


def _payload(prev_hash: str, entry: AuditEntry) -> str:
    return json.dumps(
        [
            prev_hash,
            entry.at_utc,
            entry.operator_id,
            entry.operator_code,
            entry.counter,
            entry.action,
            entry.object,
            entry.details,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    """Version 1 (plain SHA-256): only to verify rows written before the chain was keyed."""
    return hashlib.sha256(_payload(prev_hash, entry).encode("utf-8")).hexdigest()


def keyed_chain_hash(key: bytes, prev_hash: str, entry: AuditEntry) -> str:
    """Version 2: HMAC-SHA256 under the audit-chain key (derive_key(key file, PURPOSE_AUDIT_CHAIN))."""
    message = ("v2:" + _payload(prev_hash, entry)).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def row_hash(version: int, key: bytes | None, prev_hash: str, entry: AuditEntry) -> str:
    if version == CHAIN_PLAIN:
        return chain_hash(prev_hash, entry)
    if key is None:
        raise ValueError("the keyed chain needs the audit-chain key")
    return keyed_chain_hash(key, prev_hash, entry)
