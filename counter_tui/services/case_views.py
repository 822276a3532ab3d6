"""The read models the case screens show: case, recording and print summaries and the decrypted case detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_tui.domain.cases import CaseType, IkdOutcome, MaritalStatus, RecordingStatus
from counter_tui.domain.documents import Document
from counter_tui.domain.queue import Outcome
from counter_tui.domain.routing import Route
from counter_tui.domain.stock import MovementKind
from counter_tui.storage.cases import CaseRow, RecordingRow

__all__ = [
    "CaseDetail",
    "CaseSummary",
    "PrintResult",
    "RecordingSummary",
]


# -- what the screens get back ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CaseSummary:
    """A case without personal data in clear: safe for lists."""

    id: int
    uuid: str
    ticket_id: int | None
    service_date: str
    case_type: CaseType
    status: str  # 'open' or 'finished'
    route: Route | None
    outcome: Outcome | None
    message: str | None
    nik_masked: str
    opened_at: str
    finished_at: str | None
    pemula_for_target: bool


def _summary(row: CaseRow) -> CaseSummary:
    return CaseSummary(
        row.id,
        row.uuid,
        row.ticket_id,
        row.service_date,
        row.case_type,
        row.status,
        row.route,
        row.outcome,
        row.message,
        row.nik_masked,
        row.opened_at,
        row.finished_at,
        row.pemula_for_target,
    )


@dataclass(frozen=True, slots=True)
class RecordingSummary:
    id: int
    uuid: str
    nik_masked: str
    status: RecordingStatus
    source: str  # 'app' (recorded here) or 'siak' (entered from SIAK)
    recorded_on: str
    printable_from: str
    updated_at: str
    case_uuid: str | None = None
    name: str | None = None  # decrypted only in the list views, which are audited
    phone: str | None = None


def _recording_summary(
    row: RecordingRow, case_uuid: str | None = None, name: str | None = None, phone: str | None = None
) -> RecordingSummary:
    return RecordingSummary(
        row.id,
        row.uuid,
        row.nik_masked,
        row.status,
        row.source,
        row.recorded_on,
        row.printable_from,
        row.updated_at,
        case_uuid,
        name,
        phone,
    )


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """A case decrypted for the open case form (an audited access)."""

    summary: CaseSummary
    nik: str
    name: str
    birth_date: date
    sex: str
    marital: MaritalStatus
    phone: str | None
    documents: tuple[Document, ...]
    ikd_steps_done: tuple[bool, ...] | None
    ikd_outcome: IkdOutcome | None
    recording: RecordingSummary | None


@dataclass(frozen=True, slots=True)
class PrintResult:
    case_uuid: str
    movement_id: int
    kind: MovementKind  # used (a card) or misprint (a spoiled blank, the card printed again)
    balance_after: int
    recording: RecordingSummary | None
