"""One rule for free text typed or pasted anywhere (the TUI's fields and the CLI's arguments alike).

Control characters (Esc, Tab, BEL, newlines, DEL and the C1 range) are refused with a sentence, never stripped
or stored: a pasted terminal escape sequence would otherwise be written into the database and replayed on
every screen that shows it. Length limits refuse too; nothing is cut silently.
"""

from __future__ import annotations

import unicodedata

from counter_tui.domain.errors import ValidationError


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)


def refuse_control_characters(text: str, what: str) -> str:
    """Return text unchanged, or refuse it: `what` names the field ("Nama lengkap")."""
    if has_control_characters(text or ""):
        raise ValidationError(f"{what} berisi karakter kendali (misalnya Esc, Tab atau baris baru) "
                              "yang tidak diperbolehkan. Ketik ulang tanpa karakter itu.")
    return text


def clean_text(text: str | None, what: str, *, max_length: int, required: bool = True) -> str:
    """Control characters refused, runs of spaces collapsed, then the length checked (never cut)."""
    refuse_control_characters(text or "", what)
    cleaned = " ".join((text or "").split())
    if required and not cleaned:
        raise ValidationError(f"{what} wajib diisi.")
    if len(cleaned) > max_length:
        raise ValidationError(f"{what} terlalu panjang: {len(cleaned)} karakter, maksimal {max_length}.")
    return cleaned
