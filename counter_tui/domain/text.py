"""Safe text: quoting user input in messages, and one rule for the text people type or paste.

Every text field (the TUI's and the CLI's arguments alike) refuses control and format characters (Esc, Tab,
BEL, newlines, DEL, the C1 range, bidi overrides) with a sentence: `require_printable`, through `clean_text`.
They are never stripped or stored: a pasted terminal escape sequence would be replayed on every screen that
shows it. Length limits refuse too; nothing is cut silently.

A message that quotes what a person typed must not echo a full NIK, must not write a terminal escape sequence
to the screen, and must not come back 100,000 characters long. `quoted_input` is the one function every message
uses to quote user input; `CounterError` also passes every whole message through `safe_message` as a backstop.
"""

from __future__ import annotations

import re
import unicodedata

from counter_tui.domain.errors import ValidationError
from counter_tui.domain.nik_mask import redact_niks

QUOTE_LIMIT = 40
MESSAGE_LIMIT = 2000

# C0 and C1 controls and DEL; also the Unicode format characters (bidi overrides) that reorder what is shown.
# Patterns are kept as text and compiled on first use (re caches them), so importing costs no compile.
_CONTROL = r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"


def strip_controls(text: str) -> str:
    """Every control or format character becomes a visible '?': nothing reaches the terminal as an escape."""
    return re.sub(_CONTROL, "?", text)


def quoted_input(value: object, limit: int = QUOTE_LIMIT) -> str:
    """User input as a message may quote it: 16-digit runs masked, control characters replaced, and at most
    `limit` characters (a longer text is cut and ends with '…')."""
    text = redact_niks(strip_controls(str(value)))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def safe_message(message: str) -> str:
    """A whole message, made safe to print: the backstop for messages that quote input without quoted_input.
    Newlines stay (a message may have several lines); other control characters do not."""
    lines = [redact_niks(strip_controls(line)) for line in str(message).split("\n")]
    text = "\n".join(lines)
    if len(text) > MESSAGE_LIMIT:
        text = text[: MESSAGE_LIMIT - 1] + "…"
    return text


# What a pasted escape sequence becomes on the way in: Textual's input parser turns an ESC it does not
# recognise into the two keys "^" and "[" (or "^]" for an OSC), so `Budi\x1b[31mMerah` arrives as the text
# "^[31mMerah" typed before the paste "Budi". No name, code or reason contains this caret notation.
_CARET_ESCAPE = r"\^[\[\]]"


def has_controls(text: str) -> bool:
    return (
        any(unicodedata.category(c) in ("Cc", "Cf") for c in text)
        or re.search(_CARET_ESCAPE, text) is not None
    )


def require_printable(text: str, field: str) -> str:
    """Typed or stored text (codes, names, office and service names, reasons, notes) refuses control and format
    characters."""
    if has_controls(text):
        raise ValidationError(
            f"{field} berisi karakter kendali yang tidak sah (misalnya Esc, Tab, baris baru "
            "atau kode terminal). Ketik ulang tanpa karakter itu."
        )
    return text


def clean_text(text: str | None, field: str, *, max_length: int, required: bool = True) -> str:
    """The one rule for a text field: control characters refused, runs of spaces collapsed, then the length
    checked (refused, never cut)."""
    require_printable(text or "", field)
    cleaned = " ".join((text or "").split())
    if required and not cleaned:
        raise ValidationError(f"{field} wajib diisi.")
    if len(cleaned) > max_length:
        raise ValidationError(f"{field} terlalu panjang: {len(cleaned)} karakter, maksimal {max_length}.")
    return cleaned


def clean_line(value: str | None, *, what: str, maximum: int, required: bool = True) -> str:
    """One line of user text as stored: NFC, spaces collapsed; control characters, escape sequences, line breaks
    and invisible format characters refused; longer than `maximum` refused (never cut). `what` names the field
    in the message. Rich markup such as '[/]' is kept as typed: screens render user text as plain Text."""
    text = unicodedata.normalize("NFC", value or "")
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r":
            raise ValidationError(f"{what} harus satu baris, tanpa tab atau baris baru.")
        if category == "Cc":
            raise ValidationError(f"{what} berisi karakter kendali atau kode escape yang tidak sah.")
        if category in ("Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise ValidationError(f"{what} berisi karakter tak terlihat atau tidak sah.")
    text = " ".join(text.split())
    if not text and required:
        raise ValidationError(f"{what} wajib diisi.")
    if len(text) > maximum:
        raise ValidationError(f"{what} terlalu panjang ({len(text)} karakter; maksimal {maximum}).")
    return text
