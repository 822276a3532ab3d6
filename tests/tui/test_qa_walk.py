"""Small bugs found walking the app as an operator (QA pass): each test failed before its fix."""

from __future__ import annotations

from counter_tui.domain.cases import CaseDecision, Route
from counter_tui.domain.queue import Outcome
from counter_tui.tui.widgets.case_widgets import decision_text


def test_decision_line_does_not_repeat_the_same_label() -> None:
    """Missing documents: the route and the outcome are both "Berkas belum lengkap"; the case form said
    "Berkas belum lengkap → Berkas belum lengkap"."""
    decision = CaseDecision(Route.MISSING_DOCUMENTS, Outcome.BERKAS_KURANG, "Berkas belum lengkap: Kartu Keluarga.")
    first_line = decision_text(decision).plain.splitlines()[0]
    assert first_line.count("Berkas belum lengkap") == 1
    assert "→" not in first_line


def test_decision_line_keeps_a_different_outcome() -> None:
    decision = CaseDecision(Route.RECORD, Outcome.SELESAI, "Perekaman dilakukan.")
    first_line = decision_text(decision).plain.splitlines()[0]
    assert "Perekaman" in first_line
    assert f"→ {Outcome.SELESAI.label}" in first_line
