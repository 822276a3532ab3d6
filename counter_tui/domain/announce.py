"""What the display board says aloud when a ticket is called, in Indonesian words.

"A-007" at loket 2 → "Nomor antrian A nol nol tujuh, silakan ke loket dua". The ticket's digits are spelled one
by one (the way a caller reads a ticket aloud); the counter number is said as a number ("dua belas").
Pure text: starting the speech program is the board's job.
"""

from __future__ import annotations

DIGIT_WORDS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

ESPEAK_PROGRAM = "espeak-ng"
ESPEAK_VOICE = "id"


def spell_digits(digits: str) -> str:
    """'007' → 'nol nol tujuh'. Anything that is not a digit is dropped."""
    return " ".join(DIGIT_WORDS[int(d)] for d in digits if d.isdigit())


def number_words(number: int) -> str:
    """0–99 in words: 11 → 'sebelas', 21 → 'dua puluh satu'. Larger numbers are spelled digit by digit."""
    if number < 0:
        raise ValueError("number must not be negative")
    if number >= 100:
        return spell_digits(str(number))
    if number < 10:
        return DIGIT_WORDS[number]
    if number == 10:
        return "sepuluh"
    if number == 11:
        return "sebelas"
    tens, ones = divmod(number, 10)
    if tens == 1:
        return f"{DIGIT_WORDS[ones]} belas"
    words = f"{DIGIT_WORDS[tens]} puluh"
    return f"{words} {DIGIT_WORDS[ones]}" if ones else words


def announcement_text(label: str, counter: int) -> str:
    """The sentence for one call: the ticket's letter, its digits one by one, and the counter in words."""
    letter = "".join(c for c in label if c.isalpha()).upper()
    digits = spell_digits(label)
    ticket = f"{letter} {digits}".strip()
    return f"Nomor antrian {ticket}, silakan ke loket {number_words(counter)}"


def espeak_command(text: str, program: str = ESPEAK_PROGRAM) -> list[str]:
    """The command line that speaks `text` with the Indonesian voice."""
    return [program, "-v", ESPEAK_VOICE, text]
