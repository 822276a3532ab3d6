"""Case search by NIK (the case history) and opening one case (an audited decrypting access)."""

from __future__ import annotations

from counter_tui.domain.errors import NotFound, ValidationError
from counter_tui.domain.nik import check_nik, mask_nik
from counter_tui.services._cases_common import _audit_view, _decrypt_detail, _require_operator, case_nik_key
from counter_tui.services.case_views import (
    CaseDetail,
    CaseSummary,
    RecordingSummary,
    _recording_summary,
    _summary,
)
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import cases as store

__all__ = [
    "case_history",
    "open_case",
    "search_cases",
]


def case_history(session: Session, nik: str) -> tuple[list[CaseSummary], RecordingSummary | None]:
    """Earlier cases and the recording for a NIK, by its keyed hash (masked only). The search is audited."""
    _require_operator(session)
    facts = check_nik(nik, today=session.today())
    if facts.digits is None or not facts.valid:
        raise ValidationError(facts.errors[0] if facts.errors else "NIK tidak sah.")
    key = case_nik_key(session, facts.digits)
    with session.write() as conn:
        earlier = [_summary(r) for r in store.cases_for_nik(conn, key)]
        recording = store.recording_for_nik(conn, key)
        audit.append(
            conn,
            session.actor,
            "case.search",
            f"nik:{mask_nik(facts.digits)}",
            {"found": len(earlier)},
            session.now(),
        )
    return earlier, _recording_summary(recording) if recording else None


search_cases = case_history


# -- search and the open form -----------------------------------------------------------------------
def open_case(session: Session, case_uuid: str) -> CaseDetail:
    """A case decrypted for the open case form (full NIK, name, phone): an audited access."""
    _require_operator(session)
    with session.write() as conn:
        row = store.get_case_by_uuid(conn, case_uuid)
        if row is None:
            raise NotFound("Berkas tidak ditemukan.")
        _audit_view(conn, session, row, "open")
        return _decrypt_detail(session, conn, row)
