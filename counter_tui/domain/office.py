"""The office this database belongs to: its name and its Kemendagri region."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Office:
    name: str
    region_code: str
    region_name: str
