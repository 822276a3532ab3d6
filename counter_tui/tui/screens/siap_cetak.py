"""Siap cetak: people recorded at 16 (or earlier) who may get the card today, PRINT_READY_RECORD; the
recordings screen opened on that filter (F3 prints from it)."""

from __future__ import annotations

from counter_tui.tui.screens.recordings import SIAP_CETAK, RecordingsScreen


class SiapCetakScreen(RecordingsScreen):
    def __init__(self) -> None:
        super().__init__(SIAP_CETAK)
