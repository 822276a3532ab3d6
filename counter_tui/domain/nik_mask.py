"""Masking NIKs in text: the part of `domain.nik` every audit write and every printed message needs.

Kept apart so that those paths (a ticket without a NIK, say) do not load the NIK checks. `domain.nik`
re-exports these names.
"""

from __future__ import annotations

import re
import unicodedata

_NON_DIGIT = r"[\s.-]"
# 16 digits, possibly written in groups ("6202 0545 0706 0001", "62.02.05.450706.0001"), as people type them.
_SIXTEEN_DIGITS = r"(?<!\d)\d(?:[ .-]?\d){15}(?!\d)"


def _ascii_digits(text: str) -> str:
    """NFKC (fullwidth digits become ASCII), then any other Unicode decimal digit becomes its ASCII digit;
    whitespace, dots and dashes (of any script) are dropped. Other characters stay, so they can be named."""
    out = []
    for char in unicodedata.normalize("NFKC", text):
        if "0" <= char <= "9":
            out.append(char)
        elif char.isspace() or char == "." or unicodedata.category(char) == "Pd":
            continue
        else:
            value = unicodedata.decimal(char, None)
            out.append(str(value) if value is not None else char)
    return "".join(out)


def normalize_nik_text(text: str) -> str:
    """The NIK as 16 ASCII digits when it is one: separators dropped, Unicode digits made ASCII."""
    text = text or ""
    if text.isascii():
        return re.sub(_NON_DIGIT, "", text)
    return _ascii_digits(text)


def mask_nik(nik: str) -> str:
    """6202**********01 style: region prefix and last two digits only."""
    digits = normalize_nik_text(nik)
    if len(digits) != 16:
        return "*" * len(digits)
    return digits[:4] + "*" * 10 + digits[-2:]


def redact_niks(text: str) -> str:
    """Mask every 16-digit run in free text (audit details, error messages, crash reports)."""
    return re.sub(_SIXTEEN_DIGITS, lambda m: mask_nik(m.group(0)), text)
