"""Finishing a case: route it, record it, take a blank, add it to the waiting list and close the ticket.

Everything one case changes happens in one BEGIN IMMEDIATE transaction, with an audit row for every change:
the case and its status, the recording, the stock movement, the waiting-list entry and the ticket's outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain.cases import IkdResult, RecordingStatus
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import ValidationError
from counter_tui.domain.queue import Ticket
from counter_tui.domain.routing import CaseDecision, outcome_for_ikd, route_case
from counter_tui.domain.stock import MovementKind
from counter_tui.services import outreach
from counter_tui.services._case_writes import (
    _change_status,
    _facts,
    _finish_ticket,
    _insert_recording,
    _record,
    _recording_status_for,
    _serving_ticket,
    _upsert_open_case,
)
from counter_tui.services._cases_common import _require_operator, case_nik_key
from counter_tui.services.case_draft import CaseDraft, check_draft
from counter_tui.services.case_views import CaseSummary, RecordingSummary, _recording_summary, _summary
from counter_tui.services.session import Session
from counter_tui.services.stock import stock_level, take_blank
from counter_tui.storage import audit
from counter_tui.storage import cases as store

__all__ = [
    "CaseResult",
    "finish_case",
]


@dataclass(frozen=True, slots=True)
class CaseResult:
    """A finished case: what was decided and written."""

    case: CaseSummary
    decision: CaseDecision
    recording: RecordingSummary | None
    waiting_entry_id: int | None
    stock_balance: int
    ticket: Ticket | None
    warnings: tuple[str, ...] = ()


def finish_case(session: Session, draft: CaseDraft, *, ikd: IkdResult | None = None) -> CaseResult:
    """Finish the case in ONE transaction: decide the route under the write lock, then write the case, the
    recording (BIO_CAPTURED), the printed card's stock movement, the IKD checklist, the waiting-list entry, and
    finish the ticket with the matching outcome, each audited. When the route needs the IKD checklist and `ikd`
    is None, nothing is written and ValidationError says so (call `preview_case` first)."""
    _require_operator(session)
    today = session.today()
    checked = check_draft(draft, today)
    key = case_nik_key(session, checked.facts.nik)
    with session.write() as conn:
        now = session.now()
        stamp = to_utc_text(now)
        device = store.device_id(conn)
        ticket = _serving_ticket(conn, session, checked.ticket_id) if checked.ticket_id is not None else None
        recording, status = _recording_status_for(conn, key, checked.siak_status)
        settings = store.get_settings(conn)
        level = stock_level(conn, today, settings)
        decision = route_case(_facts(checked, status, level, today, settings.target_date))
        # Jemput bola: no card is printed during a session (the laptop has no blanks).
        decision = outreach.adjust_decision(conn, device, decision, checked.ticket_id)
        if decision.needs_ikd_checklist and ikd is None:
            raise ValidationError("Checklist aktivasi IKD belum diisi; isi checklist lalu selesaikan berkas.")
        if decision.joins_waiting_list and store.waiting_entry_for_nik(conn, key) is not None:
            # Already waiting for a card: the IKD guidance is still recorded, no second entry.
            decision = _replace(
                decision,
                joins_waiting_list=False,
                message=decision.message + " (Sudah ada di daftar tunggu cetak.)",
            )
        row = _upsert_open_case(conn, session, checked, key, device=device, ticket_checked=True, stamp=stamp)
        outreach_id = outreach.tag_case(conn, device, row.id, row.ticket_id)
        outcome = decision.outcome
        if decision.needs_ikd_checklist and ikd is not None:
            outcome = outcome_for_ikd(checked.case_type, ikd.outcome)
        audit.append(
            conn,
            session.actor,
            "case.finish",
            f"case:{row.uuid}",
            {
                "nik": row.nik_masked,
                "type": row.case_type.value,
                "route": decision.route.value,
                "outcome": outcome.value,
                "ticket": ticket.label if ticket else None,
                **({"outreach": outreach_id} if outreach_id is not None else {}),
            },
            now,
        )

        # A person recorded before the app: the status read from SIAK becomes their recording here.
        if recording is None and checked.siak_status is not None and not decision.creates_recording:
            recording = _insert_recording(
                conn, session, device, row, key, "siak", checked.siak_status, today, checked
            )
        if decision.creates_recording:
            recording = _record(conn, session, device, row, key, recording, today, checked)
        balance = level.balance
        if decision.uses_blank:
            movement = take_blank(
                conn,
                session,
                MovementKind.USED,
                case_id=row.id,
                recording_id=recording.id if recording else None,
                device=device,
            )
            balance = movement.balance_after
            if recording is not None and recording.status is RecordingStatus.PRINT_READY_RECORD:
                recording = _change_status(
                    conn,
                    session,
                    device,
                    recording,
                    RecordingStatus.CARD_PRINTED,
                    "kartu dicetak",
                    by_print=True,
                )
        if decision.needs_ikd_checklist and ikd is not None:
            store.insert_ikd_checklist(conn, device, row.id, ikd, stamp)
            audit.append(
                conn,
                session.actor,
                "case.ikd_checklist",
                f"case:{row.uuid}",
                {"steps": ikd.steps_text, "outcome": ikd.outcome.value},
                now,
            )
        entry_id = None
        if decision.joins_waiting_list:
            entry_id = store.insert_waiting(
                conn, device, row.id, key, row.nik_masked, decision.first_time_card, today.isoformat(), stamp
            )
            audit.append(
                conn,
                session.actor,
                "waiting_list.add",
                f"case:{row.uuid}",
                {"nik": row.nik_masked, "entry": entry_id, "first_time": decision.first_time_card},
                now,
            )
        store.finish_case(
            conn,
            row.id,
            decision.route,
            outcome,
            _storable_message(decision),
            decision.pemula_for_target,
            stamp,
        )
        finished_ticket = (
            _finish_ticket(conn, session, ticket, outcome, now, stamp) if ticket is not None else None
        )
        final = store.get_case(conn, row.id)
    assert final is not None
    return CaseResult(
        _summary(final),
        decision if outcome is decision.outcome else _replace(decision, outcome=outcome),
        _recording_summary(recording) if recording else None,
        entry_id,
        balance,
        finished_ticket,
        checked.warnings,
    )


def _storable_message(decision: CaseDecision) -> str:
    """The message kept with the case. An age refusal names the date from which the person is eligible, which
    gives away the birth date: the screen shows it, the database does not keep it."""
    if decision.eligible_from is not None:
        return "Belum cukup umur; tanggal mulai berhak ditunjukkan kepada pemohon."
    return decision.message


def _replace(decision: CaseDecision, **changes: object) -> CaseDecision:
    from dataclasses import replace

    return replace(decision, **changes)  # type: ignore[arg-type]
