"""Case form use cases: check a draft, open the form, preview and save a case (finishing it is case_finish.py).

NIK, name, birth date and phone are stored AES-GCM encrypted (key derived from the key file beside the database),
the NIK also as a keyed hash for lookup and in masked form.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain.cases import (
    IKD_STEPS,
    CaseType,
    IkdOutcome,
    IkdResult,
    MaritalStatus,
    RecordingStatus,
    suggest_case_type,
)
from counter_tui.domain.documents import DOCUMENTS_BY_TYPE, Document
from counter_tui.domain.queue import Ticket
from counter_tui.domain.routing import CaseDecision, Route, route_case
from counter_tui.domain.stock import StockLevel
from counter_tui.services import outreach
from counter_tui.services._case_writes import (
    _facts,
    _recording_status_for,
    _region_text,
    _serving_ticket,
    _upsert_open_case,
)
from counter_tui.services._cases_common import _audit_view, _decrypt_detail, _require_operator, case_nik_key
from counter_tui.services.case_draft import CaseDraft, check_draft
from counter_tui.services.case_views import (
    CaseDetail,
    CaseSummary,
    RecordingSummary,
    _recording_summary,
    _summary,
)
from counter_tui.services.session import Session
from counter_tui.services.stock import stock_level
from counter_tui.storage import audit
from counter_tui.storage import cases as store

__all__ = [
    "DOCUMENTS_BY_TYPE",
    "IKD_STEPS",
    "CaseDecision",
    "CaseFormContext",
    "CasePreview",
    "CaseType",
    "Document",
    "IkdOutcome",
    "IkdResult",
    "MaritalStatus",
    "RecordingStatus",
    "Route",
    "open_case_form",
    "preview_case",
    "save_case",
]


@dataclass(frozen=True, slots=True)
class CaseFormContext:
    """What the form needs when it opens on a ticket: the ticket, the suggested type, and a case already saved
    for it (decrypted; audited)."""

    ticket: Ticket | None
    suggested_type: CaseType | None
    saved: CaseDetail | None


@dataclass(frozen=True, slots=True)
class CasePreview:
    """What finishing would do now (nothing written): the decision, the NIK's warnings, earlier cases and the
    recording for the NIK, and the stock."""

    decision: CaseDecision
    warnings: tuple[str, ...]
    earlier_cases: list[CaseSummary]
    recording: RecordingSummary | None
    stock: StockLevel
    region: str  # "Baamang, Kabupaten Kotawaringin Timur, Kalimantan Tengah"


# -- the case form ----------------------------------------------------------------------------------
def open_case_form(session: Session, *, ticket_id: int | None = None) -> CaseFormContext:
    """Open the form on the ticket being served: the suggested case type from its service, and the case already
    saved for this ticket, if any (decrypting it is audited)."""
    _require_operator(session)
    if ticket_id is None:
        return CaseFormContext(None, None, None)
    with session.write() as conn:
        ticket = _serving_ticket(conn, session, ticket_id)
        row = store.case_for_ticket(conn, ticket.id)
        saved = None
        if row is not None:
            _audit_view(conn, session, row, "form")
            saved = _decrypt_detail(session, conn, row)
    return CaseFormContext(ticket, suggest_case_type(ticket.service_code), saved)


def preview_case(session: Session, draft: CaseDraft) -> CasePreview:
    """What finishing the case would do now, without writing: lets the form show the route (and open the IKD
    checklist when it is needed) before the operator confirms. Raises ValidationError for bad input."""
    _require_operator(session)
    today = session.today()
    checked = check_draft(draft, today)
    key = case_nik_key(session, checked.facts.nik)
    with session.read() as conn:
        recording, status = _recording_status_for(conn, key, checked.siak_status)
        level = stock_level(conn, today)
        settings = store.get_settings(conn)
        earlier = [_summary(r) for r in store.cases_for_nik(conn, key)]
        decision = route_case(_facts(checked, status, level, today, settings.target_date))
        decision = outreach.adjust_decision(conn, store.device_id(conn), decision, checked.ticket_id)
    return CasePreview(
        decision,
        checked.warnings,
        earlier,
        _recording_summary(recording) if recording else None,
        level,
        _region_text(checked.facts),
    )


def save_case(session: Session, draft: CaseDraft) -> CaseSummary:
    """Save the form as an open case (for a ticket: the one case it holds). Audited."""
    _require_operator(session)
    today = session.today()
    checked = check_draft(draft, today)
    key = case_nik_key(session, checked.facts.nik)
    with session.write() as conn:
        row = _upsert_open_case(conn, session, checked, key)
        outreach.tag_case(conn, store.device_id(conn), row.id, row.ticket_id)
        audit.append(
            conn,
            session.actor,
            "case.save",
            f"case:{row.uuid}",
            {"nik": row.nik_masked, "type": row.case_type.value},
            session.now(),
        )
    return _summary(row)
