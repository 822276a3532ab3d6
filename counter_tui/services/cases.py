"""Case use cases: the case form (open, preview, save, finish), recording statuses, printing cards, misprints,
the card waiting list, the 'siap cetak' list, and the search by NIK.

Everything one case changes happens in one BEGIN IMMEDIATE transaction, with an audit row for every change:
the case and its status, the recording, the stock movement, the waiting-list entry and the ticket's outcome.
NIK, name, birth date and phone are stored AES-GCM encrypted (key derived from the key file beside the database),
the NIK also as a keyed hash for lookup and in masked form. Decrypting a case for the screen is an audited access.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from counter_tui.domain.cases import (
    DOCUMENTS_BY_TYPE,
    IKD_STEPS,
    CaseDecision,
    CaseFacts,
    CaseType,
    Document,
    IkdOutcome,
    IkdResult,
    MaritalStatus,
    RecordingStatus,
    Route,
    check_recording_transition,
    clean_line,
    identity_mismatches,
    mask_phone,
    normalize_person_name,
    normalize_phone,
    outcome_for_ikd,
    parse_birth_date,
    parse_case_type,
    parse_marital,
    parse_recording_status,
    parse_sex,
    print_eligibility,
    printable_from,
    route_case,
    suggest_case_type,
)
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from counter_tui.domain.keys import PURPOSE_NIK_LOOKUP, PiiCipher, derive_key, keyed_hash
from counter_tui.domain.nik import NikFacts, check_nik, mask_nik
from counter_tui.domain.queue import Action, Outcome, Ticket, TicketStatus, next_status
from counter_tui.domain.stock import MovementKind, StockLevel
from counter_tui.services.session import Session
from counter_tui.services.stock import stock_level, stock_rule, take_blank
from counter_tui.storage import audit
from counter_tui.storage import cases as store
from counter_tui.storage import queue as queue_store
from counter_tui.storage.cases import CaseRow, NewCase, RecordingRow
from counter_tui.storage.connection import Connection

__all__ = [
    "DOCUMENTS_BY_TYPE",
    "IKD_STEPS",
    "CaseDecision",
    "CaseDetail",
    "CaseDraft",
    "CaseFormContext",
    "CasePreview",
    "CaseResult",
    "CaseSummary",
    "CaseType",
    "Document",
    "IkdOutcome",
    "IkdResult",
    "MaritalStatus",
    "PrintResult",
    "RecordingStatus",
    "RecordingSummary",
    "Route",
    "WaitingEntry",
    "WaitingListView",
    "cancel_waiting_entry",
    "case_history",
    "finish_case",
    "open_case",
    "open_case_form",
    "preview_case",
    "print_card",
    "print_from_waiting_list",
    "recordings_by_status",
    "report_misprint",
    "save_case",
    "search_cases",
    "set_recording_status",
    "siap_cetak",
    "waiting_list",
]


# -- keys -------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _keys(key_file: bytes) -> tuple[PiiCipher, bytes]:
    return PiiCipher.from_key_file(key_file), derive_key(key_file, PURPOSE_NIK_LOOKUP)


def _cipher(session: Session) -> PiiCipher:
    return _keys(session.db.pepper)[0]


def case_nik_key(session: Session, nik_digits: str) -> str:
    """The keyed hash cases are looked up by (a key of its own, derived from the key file)."""
    return keyed_hash(_keys(session.db.pepper)[1], nik_digits)


def _context(field_name: str, case_uuid: str) -> str:
    # The row's UUID is bound as associated data: a ciphertext copied to another row or column does not decrypt.
    return f"case.{field_name}:{case_uuid}"


# -- the form's input -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseDraft:
    """What the case form holds. Text as typed; the use cases check and normalise it.

    `siak_status`: for a person recorded before the app (or elsewhere), the recording status the operator reads
    from SIAK. `ticket_id`: the ticket being served (None for a case opened from a search)."""

    nik: str
    name: str
    birth_date: str | date
    sex: str
    marital: str | MaritalStatus
    case_type: str | CaseType
    documents: Iterable[Document | str] = ()
    phone: str | None = None
    siak_status: str | RecordingStatus | None = None
    ticket_id: int | None = None


@dataclass(frozen=True)
class CheckedDraft:
    facts: NikFacts
    name: str
    birth_date: date
    sex: str
    marital: MaritalStatus
    case_type: CaseType
    documents: tuple[Document, ...]
    phone: str | None
    siak_status: RecordingStatus | None
    ticket_id: int | None
    warnings: tuple[str, ...]


def check_draft(draft: CaseDraft, today: date) -> CheckedDraft:
    """Every field checked; all problems reported together (ValidationError, one sentence per problem)."""
    problems: list[str] = []

    def attempt(func, *args):
        try:
            return func(*args)
        except ValidationError as error:
            problems.append(error.message)
            return None

    nik = check_nik(draft.nik, today=today)
    problems.extend(nik.errors)
    name = attempt(normalize_person_name, draft.name)
    birth = attempt(parse_birth_date, draft.birth_date)
    sex = attempt(parse_sex, draft.sex)
    marital = attempt(parse_marital, draft.marital)
    case_type = attempt(parse_case_type, draft.case_type)
    phone = attempt(normalize_phone, draft.phone)
    documents: list[Document] = []
    for item in draft.documents:
        try:
            doc = Document(item)
        except ValueError:
            problems.append("Dokumen tidak dikenal dalam daftar berkas.")
            continue
        if doc not in documents:
            documents.append(doc)
    siak = attempt(parse_recording_status, draft.siak_status) if draft.siak_status else None
    if nik.facts is not None and birth is not None and sex is not None:
        problems.extend(identity_mismatches(nik.facts, birth, sex))
    if birth is not None and birth > today:
        problems.append("Tanggal lahir tidak boleh setelah hari ini.")
    if problems:
        raise ValidationError(" ".join(problems))
    assert nik.facts is not None
    assert name
    assert birth
    assert sex
    assert marital
    assert case_type
    return CheckedDraft(
        nik.facts,
        name,
        birth,
        sex,
        marital,
        case_type,
        tuple(documents),
        phone,
        siak,
        draft.ticket_id,
        nik.warnings,
    )


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


@dataclass(frozen=True, slots=True)
class PrintResult:
    case_uuid: str
    movement_id: int
    kind: MovementKind  # used (a card) or misprint (a spoiled blank, the card printed again)
    balance_after: int
    recording: RecordingSummary | None


@dataclass(frozen=True, slots=True)
class WaitingEntry:
    id: int
    uuid: str
    case_uuid: str
    case_type: CaseType
    nik_masked: str
    name: str
    phone: str | None  # who to phone when the card can be printed
    phone_masked: str
    added_on: str
    first_time: bool
    can_print_now: bool  # by the stock rule for this entry (replacements keep the reserve)


@dataclass(frozen=True, slots=True)
class WaitingListView:
    entries: list[WaitingEntry]
    total: int
    stock: StockLevel
    printable_now: int = field(default=0)


# -- helpers ----------------------------------------------------------------------------------------
def _region_text(facts: NikFacts) -> str:
    return ", ".join(p for p in (facts.district, facts.regency, facts.province) if p)


def _recording_status_for(
    conn: Connection, nik_key: str, siak: RecordingStatus | None
) -> tuple[RecordingRow | None, RecordingStatus | None]:
    recording = store.recording_for_nik(conn, nik_key)
    if recording is not None:
        return recording, recording.status
    return None, siak


def _facts(
    checked: CheckedDraft,
    status: RecordingStatus | None,
    level: StockLevel,
    today: date,
    target_date: date | None,
) -> CaseFacts:
    return CaseFacts(
        checked.case_type,
        checked.birth_date,
        checked.marital,
        frozenset(checked.documents),
        status,
        stock_rule(level),
        today,
        target_date,
    )


def _new_case(
    session: Session, checked: CheckedDraft, case_uuid: str, key: str, stamp: str | None = None
) -> NewCase:
    cipher = _cipher(session)
    actor = session.actor
    return NewCase(
        uuid=case_uuid,
        ticket_id=checked.ticket_id,
        service_date=session.today().isoformat(),
        case_type=checked.case_type,
        nik_key=key,
        nik_masked=mask_nik(checked.facts.nik),
        nik_ct=cipher.encrypt(checked.facts.nik, _context("nik", case_uuid)),
        name_ct=cipher.encrypt(checked.name, _context("name", case_uuid)),
        birth_date_ct=cipher.encrypt(checked.birth_date.isoformat(), _context("birth_date", case_uuid)),
        phone_ct=cipher.encrypt(checked.phone, _context("phone", case_uuid)) if checked.phone else None,
        sex=checked.sex,
        marital=checked.marital,
        documents=checked.documents,
        opened_at=stamp or to_utc_text(session.now()),
        operator_id=actor.operator_id,
        counter=actor.counter,
    )


def _serving_ticket(conn: Connection, session: Session, ticket_id: int) -> Ticket:
    """The ticket must be the one this counter is calling or serving now."""
    ticket = queue_store.get_ticket(conn, ticket_id)
    if ticket is None:
        raise NotFound("Tiket untuk berkas ini tidak ditemukan.")
    if (
        ticket.status not in (TicketStatus.CALLED, TicketStatus.SERVING)
        or ticket.counter != session.actor.counter
    ):
        raise Conflict(f"Tiket {ticket.label} tidak sedang dilayani di loket ini; berkas tidak disimpan.")
    return ticket


def _finish_ticket(
    conn: Connection, session: Session, ticket: Ticket, outcome: Outcome, now: datetime, stamp: str
) -> Ticket:
    """The same change as services.counter_actions.finish, inside the case's transaction."""
    status = next_status(Action.FINISH, ticket)
    queue_store.update_ticket(
        conn,
        ticket.id,
        status=status.value,
        outcome=outcome.value,
        finished_at=stamp,
        served_at=ticket.served_at or ticket.called_at,
        operator_id=session.actor.operator_id,
    )
    audit.append(
        conn,
        session.actor,
        "ticket.finish",
        f"ticket:{ticket.service_date}:{ticket.label}",
        {"outcome": outcome.value},
        now,
    )
    finished = queue_store.get_ticket(conn, ticket.id)
    assert finished is not None
    return finished


def _decrypt_detail(session: Session, conn: Connection, row: CaseRow) -> CaseDetail:
    cipher = _cipher(session)
    ikd = store.ikd_checklist(conn, row.id)
    recording = store.recording_for_nik(conn, row.nik_key)
    return CaseDetail(
        summary=_summary(row),
        nik=cipher.decrypt(row.nik_ct, _context("nik", row.uuid)),
        name=cipher.decrypt(row.name_ct, _context("name", row.uuid)),
        birth_date=date.fromisoformat(cipher.decrypt(row.birth_date_ct, _context("birth_date", row.uuid))),
        sex=row.sex,
        marital=row.marital,
        phone=cipher.decrypt(row.phone_ct, _context("phone", row.uuid)) if row.phone_ct else None,
        documents=row.documents,
        ikd_steps_done=tuple(c == "1" for c in ikd[0]) if ikd else None,
        ikd_outcome=IkdOutcome(ikd[1]) if ikd else None,
        recording=_recording_summary(recording) if recording else None,
    )


def _require_operator(session: Session) -> None:
    """Cases hold personal data: only a logged-in operator (never the kiosk/script actor) works on them."""
    if session.actor.operator_id is None:
        raise PermissionDenied("Masuk sebagai petugas dahulu untuk membuka atau mengubah berkas pemohon.")


def _audit_view(conn: Connection, session: Session, row: CaseRow, why: str) -> None:
    audit.append(
        conn,
        session.actor,
        "case.view",
        f"case:{row.uuid}",
        {"nik": row.nik_masked, "why": why},
        session.now(),
    )


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
        audit.append(
            conn,
            session.actor,
            "case.save",
            f"case:{row.uuid}",
            {"nik": row.nik_masked, "type": row.case_type.value},
            session.now(),
        )
    return _summary(row)


def _upsert_open_case(
    conn: Connection,
    session: Session,
    checked: CheckedDraft,
    key: str,
    *,
    device: str | None = None,
    ticket_checked: bool = False,
    stamp: str | None = None,
) -> CaseRow:
    existing = None
    if checked.ticket_id is not None:
        if not ticket_checked:
            _serving_ticket(conn, session, checked.ticket_id)
        existing = store.case_for_ticket(conn, checked.ticket_id)
        if existing is not None and existing.status != "open":
            raise Conflict("Tiket ini sudah memegang berkas yang selesai; satu tiket satu berkas.")
    if existing is not None:
        store.update_open_case(conn, existing.id, _new_case(session, checked, existing.uuid, key, stamp))
        fresh = store.get_case(conn, existing.id)
        assert fresh is not None
        return fresh
    return store.insert_case(
        conn, _new_case(session, checked, store.new_uuid(), key, stamp), device or store.device_id(conn)
    )


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


def _insert_recording(
    conn: Connection,
    session: Session,
    device: str,
    row: CaseRow,
    key: str,
    source: str,
    status: RecordingStatus,
    today: date,
    checked: CheckedDraft,
) -> RecordingRow:
    start = printable_from(checked.birth_date, checked.marital, today).isoformat()
    stamp = to_utc_text(session.now())
    recording_id = store.insert_recording(
        conn, device, key, row.nik_masked, row.id, source, status, today.isoformat(), start, stamp
    )
    store.insert_status_history(
        conn, device, recording_id, None, status, source, stamp, session.actor.operator_id
    )
    audit.append(
        conn,
        session.actor,
        "recording.add",
        f"recording:{recording_id}",
        {"nik": row.nik_masked, "status": status.value, "source": source},
        session.now(),
    )
    found = store.get_recording(conn, recording_id)
    assert found is not None
    return found


def _record(
    conn: Connection,
    session: Session,
    device: str,
    row: CaseRow,
    key: str,
    recording: RecordingRow | None,
    today: date,
    checked: CheckedDraft,
) -> RecordingRow:
    """Perekaman: a new recording at BIO_CAPTURED, or a failed one captured again."""
    if recording is None:
        return _insert_recording(
            conn, session, device, row, key, "app", RecordingStatus.BIO_CAPTURED, today, checked
        )
    check_recording_transition(recording.status, RecordingStatus.BIO_CAPTURED)
    start = printable_from(checked.birth_date, checked.marital, today).isoformat()
    stamp = to_utc_text(session.now())
    store.rerecord(conn, recording.id, row.id, today.isoformat(), start, stamp)
    store.insert_status_history(
        conn,
        device,
        recording.id,
        recording.status,
        RecordingStatus.BIO_CAPTURED,
        "rekam ulang",
        stamp,
        session.actor.operator_id,
    )
    audit.append(
        conn,
        session.actor,
        "recording.status",
        f"recording:{recording.id}",
        {"nik": row.nik_masked, "from": recording.status.value, "to": "BIO_CAPTURED"},
        session.now(),
    )
    found = store.get_recording(conn, recording.id)
    assert found is not None
    return found


def _change_status(
    conn: Connection,
    session: Session,
    device: str,
    recording: RecordingRow,
    new: RecordingStatus,
    note: str | None,
    *,
    by_print: bool = False,
) -> RecordingRow:
    check_recording_transition(recording.status, new, by_print=by_print)
    stamp = to_utc_text(session.now())
    store.set_recording_status(conn, recording.id, new, stamp)
    store.insert_status_history(
        conn, device, recording.id, recording.status, new, note, stamp, session.actor.operator_id
    )
    audit.append(
        conn,
        session.actor,
        "recording.status",
        f"recording:{recording.id}",
        {"nik": recording.nik_masked, "from": recording.status.value, "to": new.value},
        session.now(),
    )
    found = store.get_recording(conn, recording.id)
    assert found is not None
    return found


# -- recordings -------------------------------------------------------------------------------------
def set_recording_status(
    session: Session, recording_id: int, status: str | RecordingStatus, note: str | None = None
) -> RecordingSummary:
    """Enter the status read from SIAK (SENT_FOR_ENROLLMENT, PRINT_READY_RECORD, DUPLICATE_RECORD, ...).
    Only the transitions in domain.cases.RECORDING_TRANSITIONS are allowed. Audited, with a history row."""
    _require_operator(session)
    new = parse_recording_status(status)
    text = clean_line(note, what="Catatan", maximum=500, required=False) or None
    with session.write() as conn:
        recording = store.get_recording(conn, recording_id)
        if recording is None:
            raise NotFound("Rekaman tidak ditemukan.")
        updated = _change_status(conn, session, store.device_id(conn), recording, new, text)
    return _recording_summary(updated)


LIST_VIEW_AUDIT_WINDOW = timedelta(minutes=10)


def _audit_list_view(session: Session, what: str, offset: int) -> None:
    """A list that shows names and phones is an audited access. Screens refresh lists whenever another counter
    commits; one audit row per operator, list and page every LIST_VIEW_AUDIT_WINDOW is enough, and a refresh
    that writes nothing cannot wake every other counter's screen in turn."""
    obj = f"{what}:offset={offset}"
    since = to_utc_text(session.now() - LIST_VIEW_AUDIT_WINDOW)
    with session.read() as conn:
        if store.recent_audit_exists(conn, session.actor.operator_id, "case.list_view", obj, since):
            return
    with session.write() as conn:
        if not store.recent_audit_exists(conn, session.actor.operator_id, "case.list_view", obj, since):
            audit.append(conn, session.actor, "case.list_view", obj, {}, session.now())


def _list_view(session: Session, rows: list[store.RecordingListRow]) -> list[RecordingSummary]:
    cipher = _cipher(session)
    result = []
    for r in rows:
        name = cipher.decrypt(r.name_ct, _context("name", r.case_uuid))
        phone = cipher.decrypt(r.phone_ct, _context("phone", r.case_uuid)) if r.phone_ct else None
        result.append(_recording_summary(r.recording, r.case_uuid, name, phone))
    return result


def recordings_by_status(
    session: Session, status: str | RecordingStatus | None = None, *, offset: int = 0, limit: int = 50
) -> list[RecordingSummary]:
    """The record-status screen: recordings with a status (None = all), oldest change first, with the name
    (decrypted; the view is audited)."""
    _require_operator(session)
    wanted = parse_recording_status(status) if status else None
    offset = max(0, offset)
    _audit_list_view(session, f"recordings:{wanted.value if wanted else 'all'}", offset)
    with session.read() as conn:
        rows = store.recordings_by_status(conn, wanted, offset, max(1, min(limit, 500)))
    return _list_view(session, rows)


def siap_cetak(session: Session, *, offset: int = 0, limit: int = 50) -> list[RecordingSummary]:
    """'Siap cetak': PRINT_READY_RECORD recordings whose person may get the card today (17 by today, or married),
    longest printable first. Someone recorded at 16 appears on their 17th birthday."""
    _require_operator(session)
    today = session.today().isoformat()
    offset = max(0, offset)
    _audit_list_view(session, "recordings:siap_cetak", offset)
    with session.read() as conn:
        rows = store.recordings_by_status(
            conn, RecordingStatus.PRINT_READY_RECORD, offset, max(1, min(limit, 500)), printable_by=today
        )
    return _list_view(session, rows)


def record_counts(session: Session) -> dict[RecordingStatus, int]:
    with session.read() as conn:
        return store.count_recordings_by_status(conn)


# -- printing ---------------------------------------------------------------------------------------
def print_card(session: Session, recording_id: int) -> PrintResult:
    """Print the card for a PRINT_READY_RECORD recording: one blank, status CARD_PRINTED, a waiting-list entry for
    the person marked printed; one transaction, audited. DUPLICATE_RECORD and the age rule block it, with the
    reason."""
    _require_operator(session)
    today = session.today()
    with session.write() as conn:
        device = store.device_id(conn)
        recording = store.get_recording(conn, recording_id)
        if recording is None:
            raise NotFound("Rekaman tidak ditemukan.")
        row = store.get_case(conn, recording.case_id)
        assert row is not None
        _check_printable(session, row, recording, today)
        movement = take_blank(conn, session, MovementKind.USED, case_id=row.id, recording_id=recording.id)
        updated = _change_status(
            conn, session, device, recording, RecordingStatus.CARD_PRINTED, "kartu dicetak", by_print=True
        )
        entry = store.waiting_entry_for_nik(conn, recording.nik_key)
        if entry is not None:
            store.mark_waiting_printed(conn, entry.id, movement.at_utc, movement.id)
            audit.append(
                conn,
                session.actor,
                "waiting_list.printed",
                f"case:{entry.case_uuid}",
                {"nik": entry.nik_masked, "entry": entry.id},
                session.now(),
            )
    return PrintResult(
        row.uuid, movement.id, movement.kind, movement.balance_after, _recording_summary(updated)
    )


def _check_printable(session: Session, row: CaseRow, recording: RecordingRow, today: date) -> None:
    if recording.status is RecordingStatus.DUPLICATE_RECORD:
        raise Conflict(
            "Rekaman ganda (DUPLICATE_RECORD): KTP-el tidak dapat dicetak sampai diselesaikan dengan "
            "Dukcapil pusat."
        )
    if recording.status is RecordingStatus.CARD_PRINTED:
        raise Conflict("KTP-el untuk rekaman ini sudah dicetak. Untuk gagal cetak, pilih 'gagal cetak'.")
    if recording.status is not RecordingStatus.PRINT_READY_RECORD:
        raise Conflict(
            f"Rekaman berstatus {recording.status.value} ({recording.status.label}): belum bisa dicetak."
        )
    birth = date.fromisoformat(_cipher(session).decrypt(row.birth_date_ct, _context("birth_date", row.uuid)))
    eligible = print_eligibility(birth, row.marital, today)
    if not eligible.allowed:
        raise Conflict(eligible.message)


def report_misprint(session: Session, case_uuid: str, reason: str = "gagal cetak") -> PrintResult:
    """The card came out spoiled (gagal cetak): that blank is recorded as a misprint and the card is printed on
    another one. One transaction, audited. Needs a case that printed a card."""
    _require_operator(session)
    why = clean_line(reason, what="Alasan", maximum=500)
    with session.write() as conn:
        row = store.get_case_by_uuid(conn, case_uuid)
        if row is None:
            raise NotFound("Berkas tidak ditemukan.")
        from counter_tui.storage import stock as stock_store

        if stock_store.last_print_movement(conn, row.id) is None:
            raise Conflict("Berkas ini belum mencetak kartu; gagal cetak tidak bisa dicatat.")
        recording = store.recording_for_nik(conn, row.nik_key)
        movement = take_blank(
            conn,
            session,
            MovementKind.MISPRINT,
            case_id=row.id,
            recording_id=recording.id if recording else None,
            reason=why,
        )
    return PrintResult(
        row.uuid,
        movement.id,
        movement.kind,
        movement.balance_after,
        _recording_summary(recording) if recording else None,
    )


# -- the card waiting list --------------------------------------------------------------------------
def _can_print_entry(first_time: bool, level: StockLevel) -> bool:
    rule = stock_rule(level)
    return rule.can_print_first_time() if first_time else rule.can_print_replacement()


def waiting_list(session: Session, *, offset: int = 0, limit: int = 50) -> WaitingListView:
    """The daftar tunggu cetak, oldest first, with who to phone (names and phones decrypted: audited) and whether
    the stock allows printing each entry now."""
    _require_operator(session)
    today = session.today()
    cipher = _cipher(session)
    offset = max(0, offset)
    _audit_list_view(session, "waiting_list", offset)
    with session.read() as conn:
        level = stock_level(conn, today)
        rows = store.waiting_page(conn, offset, max(1, min(limit, 500)))
        total = store.count_waiting(conn)
        entries = []
        for r in rows:
            phone = cipher.decrypt(r.phone_ct, _context("phone", r.case_uuid)) if r.phone_ct else None
            entries.append(
                WaitingEntry(
                    r.id,
                    r.uuid,
                    r.case_uuid,
                    r.case_type,
                    r.nik_masked,
                    cipher.decrypt(r.name_ct, _context("name", r.case_uuid)),
                    phone,
                    mask_phone(phone),
                    r.added_on,
                    r.first_time,
                    _can_print_entry(r.first_time, level),
                )
            )
    return WaitingListView(entries, total, level, sum(1 for e in entries if e.can_print_now))


def print_from_waiting_list(session: Session, entry_id: int) -> PrintResult:
    """Print the card for a waiting-list entry when the stock allows it (a replacement keeps the reserve):
    one blank, the entry marked printed, audited, one transaction."""
    _require_operator(session)
    today = session.today()
    with session.write() as conn:
        entry = store.get_waiting(conn, entry_id)
        if entry is None:
            raise NotFound("Entri daftar tunggu tidak ditemukan.")
        if entry.status != "waiting":
            raise Conflict("Entri ini sudah tidak menunggu (sudah dicetak atau dibatalkan).")
        level = stock_level(conn, today)
        if not _can_print_entry(entry.first_time, level):
            if level.balance < 1:
                raise Conflict("Stok blanko habis; kartu belum bisa dicetak.")
            if not level.replacements_allowed and not entry.first_time:
                raise Conflict("Kebijakan kantor: KTP-el pengganti belum dicetak saat ini.")
            raise Conflict(
                f"Stok blanko ({level.balance}) tidak boleh turun sampai cadangan ({level.reserve}) untuk "
                "pemula; kartu pengganti belum bisa dicetak."
            )
        row = store.get_case(conn, entry.case_id)
        assert row is not None
        recording = store.recording_for_nik(conn, entry.nik_key)
        if recording is not None and recording.status is RecordingStatus.DUPLICATE_RECORD:
            raise Conflict("Rekaman ganda (DUPLICATE_RECORD): KTP-el tidak dapat dicetak.")
        movement = take_blank(
            conn, session, MovementKind.USED, case_id=row.id, recording_id=recording.id if recording else None
        )
        if recording is not None and recording.status is RecordingStatus.PRINT_READY_RECORD:
            recording = _change_status(
                conn,
                session,
                store.device_id(conn),
                recording,
                RecordingStatus.CARD_PRINTED,
                "kartu dicetak dari daftar tunggu",
                by_print=True,
            )
        store.mark_waiting_printed(conn, entry.id, movement.at_utc, movement.id)
        audit.append(
            conn,
            session.actor,
            "waiting_list.printed",
            f"case:{entry.case_uuid}",
            {"nik": entry.nik_masked, "entry": entry.id},
            session.now(),
        )
    return PrintResult(
        entry.case_uuid,
        movement.id,
        movement.kind,
        movement.balance_after,
        _recording_summary(recording) if recording else None,
    )


def cancel_waiting_entry(session: Session, entry_id: int, reason: str) -> None:
    """Take someone off the card waiting list (moved away, got the card elsewhere), with a reason. Audited."""
    _require_operator(session)
    why = clean_line(reason, what="Alasan", maximum=500)
    with session.write() as conn:
        entry = store.get_waiting(conn, entry_id)
        if entry is None:
            raise NotFound("Entri daftar tunggu tidak ditemukan.")
        if not store.cancel_waiting(conn, entry.id):
            raise Conflict("Entri ini sudah tidak menunggu (sudah dicetak atau dibatalkan).")
        audit.append(
            conn,
            session.actor,
            "waiting_list.cancel",
            f"case:{entry.case_uuid}",
            {"nik": entry.nik_masked, "entry": entry.id, "reason": why},
            session.now(),
        )


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
