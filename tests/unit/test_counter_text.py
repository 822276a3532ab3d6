"""The counter screen's texts (counter_tui/tui/screens/counter_text.py), built without a screen."""

from __future__ import annotations

from counter_tui.domain.queue import Service
from counter_tui.services.queue_views import ServiceCount
from counter_tui.tui.screens.counter_text import counts_across, counts_down, format_elapsed

COUNTS = [
    ServiceCount(Service("A", "Perekaman"), waiting=12, called=1, done=30),
    ServiceCount(Service("B", "Hilang/rusak"), waiting=3),
    ServiceCount(Service("C", "Lama", active=False)),  # inactive, nothing in play: hidden
    ServiceCount(Service("D", "IKD", active=False), serving=1),  # inactive but still serving: shown
]


def test_counts_down_lists_this_counters_services_marked_and_hides_idle_inactive_ones() -> None:
    lines = counts_down(COUNTS, ("A",)).plain.split("\n")
    assert lines == [
        "Layanan   Tunggu Panggil Layani Selesai",
        "▶ A           12       1      0      30",
        "  B            3       0      0       0",
        "  D            0       0      1       0",
    ]


def test_counts_across_puts_the_services_in_columns() -> None:
    lines = counts_across(COUNTS, ("B",)).plain.split("\n")
    assert lines == [
        "            A   ▶B    D",
        "Tunggu     12    3    0",
        "Panggil     1    0    0",
        "Layani      0    0    1",
        "Selesai    30    0    0",
    ]


def test_elapsed_time_shows_hours_only_when_there_are_some() -> None:
    assert format_elapsed(187) == "03:07"
    assert format_elapsed(3787) == "1:03:07"
    assert format_elapsed(-5) == "00:00"
