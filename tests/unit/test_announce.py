"""The board's spoken announcement: ticket digits one by one, the counter number in words."""

from __future__ import annotations

import pytest

from counter_tui.domain.announce import announcement_text, espeak_command, number_words, spell_digits


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("007", "nol nol tujuh"),
        ("0123456789", "nol satu dua tiga empat lima enam tujuh delapan sembilan"),
        ("1000", "satu nol nol nol"),
        ("A-012", "nol satu dua"),
        ("", ""),
    ],
)
def test_spell_digits(digits: str, words: str) -> None:
    assert spell_digits(digits) == words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (2, "dua"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (47, "empat puluh tujuh"),
        (90, "sembilan puluh"),
        (99, "sembilan puluh sembilan"),
        (105, "satu nol lima"),
    ],
)
def test_number_words(number: int, words: str) -> None:
    assert number_words(number) == words


def test_number_words_refuses_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        number_words(-1)


@pytest.mark.parametrize(
    ("label", "counter", "text"),
    [
        ("A-007", 2, "Nomor antrian A nol nol tujuh, silakan ke loket dua"),
        ("B-120", 11, "Nomor antrian B satu dua nol, silakan ke loket sebelas"),
        ("e-001", 15, "Nomor antrian E nol nol satu, silakan ke loket lima belas"),
        ("C-1000", 33, "Nomor antrian C satu nol nol nol, silakan ke loket tiga puluh tiga"),
    ],
)
def test_announcement_text(label: str, counter: int, text: str) -> None:
    assert announcement_text(label, counter) == text


def test_espeak_command_uses_the_indonesian_voice() -> None:
    assert espeak_command("halo") == ["espeak-ng", "-v", "id", "halo"]
