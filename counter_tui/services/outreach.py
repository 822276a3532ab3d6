"""Jemput bola (outreach) sessions: start, end, the open one on this device, and a day's sessions with what they
recorded. Every change is audited (`outreach.start`, `outreach.end`).

A case finished while this device has an open session is tagged with it (`tag_case`, called by the case writes
in the same transaction), and a card is never printed during a session (`refuse_print_during_outreach`): see
`counter_tui/domain/outreach.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import Conflict
from counter_tui.domain.outreach import (
    NO_PRINT_MESSAGE,
    OutreachKind,
    OutreachSession,
    check_can_end,
    check_can_start,
    kecamatan_name,
    normalize_place,
    parse_kecamatan,
    parse_kind,
    route_at_outreach,
)
from counter_tui.domain.routing import CaseDecision
from counter_tui.services._cases_common import _require_operator
from counter_tui.services.day_close import parse_date
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import cases as case_store
from counter_tui.storage import office as office_store
from counter_tui.storage import outreach as store
from counter_tui.storage.connection import Connection

__all__ = [
    "OutreachDay",
    "current_session",
    "end_session",
    "sessions_on",
    "start_session",
]


@dataclass(frozen=True, slots=True)
class OutreachDay:
    day: date
    sessions: list[OutreachSession]

    @property
    def recorded(self) -> int:
        return sum(s.recorded for s in self.sessions)

    def as_json(self) -> dict:
        return {
            "date": self.day.isoformat(),
            "sessions": [session_json(s) for s in self.sessions],
            "recorded": self.recorded,
        }


def session_json(s: OutreachSession) -> dict:
    return {
        "uuid": s.uuid,
        "device_id": s.device_id,
        "kind": s.kind.value,
        "place": s.place,
        "kecamatan_code": s.kecamatan_code,
        "kecamatan": kecamatan_name(s.kecamatan_code) if s.kecamatan_code else None,
        "date": s.service_date.isoformat(),
        "started_at": to_utc_text(s.started_at),
        "started_by": s.started_by,
        "ended_at": to_utc_text(s.ended_at) if s.ended_at else None,
        "ended_by": s.ended_by,
        "open": s.is_open,
        "cases": s.cases,
        "recorded": s.recorded,
        "pemula": s.pemula,
    }


def start_session(
    session: Session, kind: str | OutreachKind, place: str, kecamatan: str | None = None
) -> OutreachSession:
    """Open a session on this device (one at a time). Any logged-in operator; audited `outreach.start`."""
    _require_operator(session)
    the_kind = parse_kind(kind)
    the_place = normalize_place(place)
    with session.write() as conn:
        office = office_store.get_office(conn)
        code = parse_kecamatan(kecamatan, office.region_code if office else None)
        device = case_store.device_id(conn)
        check_can_start(store.open_session(conn, device))
        now = session.now()
        assert session.actor.operator_id is not None
        new_id = store.insert_session(
            conn,
            device,
            the_kind,
            the_place,
            code,
            session.today().isoformat(),
            to_utc_text(now),
            session.actor.operator_id,
        )
        started = store.get_session(conn, new_id)
        assert started is not None
        audit.append(
            conn,
            session.actor,
            "outreach.start",
            f"outreach:{started.uuid}",
            {"kind": the_kind.value, "place": the_place, "kecamatan": code},
            now,
        )
    return started


def end_session(session: Session) -> OutreachSession:
    """End this device's open session; audited `outreach.end` with what it recorded."""
    _require_operator(session)
    with session.write() as conn:
        now = session.now()
        device = case_store.device_id(conn)
        current = check_can_end(store.open_session(conn, device), now)
        assert session.actor.operator_id is not None
        store.end_session(conn, current.id, to_utc_text(now), session.actor.operator_id)
        ended = store.get_session(conn, current.id)
        assert ended is not None
        audit.append(
            conn,
            session.actor,
            "outreach.end",
            f"outreach:{ended.uuid}",
            {"cases": ended.cases, "recorded": ended.recorded},
            now,
        )
    return ended


def current_session(session: Session) -> OutreachSession | None:
    """This device's open session, or None (any actor: the case form's banner and the CLI read it)."""
    with session.read() as conn:
        return store.open_session(conn, case_store.device_id(conn))


def sessions_on(session: Session, day: str | date | None = None) -> OutreachDay:
    """A day's sessions (every device's: the office sees the laptops' after import), with their counts."""
    the_day = parse_date(day, session.today())
    with session.read() as conn:
        rows = store.sessions_between(conn, the_day.isoformat(), the_day.isoformat())
    return OutreachDay(the_day, rows)


# -- used by the case writes, inside their transaction -------------------------------------------------
def open_session_id(conn: Connection, device: str) -> int | None:
    return store.open_session_id(conn, device)


# A case served on a queue ticket was served at a counter in the office, never at outreach: on an office host
# where a session is open (one host, many counters), the counters' ticket cases are neither tagged nor kept from
# printing. Outreach cases are the ones without a ticket.
def adjust_decision(
    conn: Connection, device: str, decision: CaseDecision, ticket_id: int | None
) -> CaseDecision:
    """At outreach a print decision becomes IKD guidance and the waiting list (no blanks on the laptop)."""
    if ticket_id is not None or store.open_session_id(conn, device) is None:
        return decision
    return route_at_outreach(decision)


def tag_case(conn: Connection, device: str, case_id: int, ticket_id: int | None) -> int | None:
    """Link a case without a ticket to this device's open session, if any; returns the session id."""
    if ticket_id is not None:
        return None
    session_id = store.open_session_id(conn, device)
    if session_id is not None:
        store.link_case(conn, session_id, case_id, device)
    return session_id


def refuse_print_during_outreach(conn: Connection, case_id: int | None) -> None:
    """Printing a card (and a misprint, which spends a blank) for a case recorded in a session is refused while
    that session is still open."""
    if case_id is None:
        return
    open_id = store.open_session_id(conn, case_store.device_id(conn))
    if open_id is not None and store.session_of_case(conn, case_id) == open_id:
        raise Conflict(NO_PRINT_MESSAGE + " Akhiri kegiatan jemput bola dahulu bila sudah di kantor.")
