"""The audit chain: every row's hash covers the previous row's hash and its own content."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from counter_tui.domain.nik import redact_niks

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at_utc: str
    operator_id: int | None
    operator_code: str | None
    counter: int | None
    action: str
    object: str | None
    details: str  # canonical JSON


def canonical_details(details: dict[str, Any] | None) -> str:
    """Canonical JSON of the details, with any 16-digit number masked: a full NIK never enters the log."""
    text = json.dumps(details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return redact_niks(text)


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    payload = json.dumps(
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
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
