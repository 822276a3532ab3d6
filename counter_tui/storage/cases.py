"""Case tables: cases, recordings and their status history, the card waiting list, IKD checklists, the device id
and the office's target/reserve settings. Personal data arrives here already encrypted (services/cases.py)."""

from __future__ import annotations

import json
import sqlite3
import uuid as uuid_module
from dataclasses import dataclass
from datetime import date

from counter_tui.domain.cases import CaseType, IkdResult, MaritalStatus, RecordingStatus
from counter_tui.domain.documents import Document
from counter_tui.domain.queue import Outcome
from counter_tui.domain.routing import Route
from counter_tui.domain.stock import ReserveMode, ReservePolicy


def new_uuid() -> str:
    return str(uuid_module.uuid4())


def device_id(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT device_id FROM device WHERE id = 1").fetchone()[0])


# -- settings ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CaseSettings:
    target_population: int | None
    recorded_before: int
    target_date: date | None
    policy: ReservePolicy


def get_settings(conn: sqlite3.Connection) -> CaseSettings:
    r = conn.execute(
        "SELECT target_population, recorded_before, target_date, reserve_mode, reserve_fixed, reserve_buffer_pct,"
        " replacements_allowed FROM case_settings WHERE id = 1"
    ).fetchone()
    return CaseSettings(
        r[0],
        r[1],
        date.fromisoformat(r[2]) if r[2] else None,
        ReservePolicy(ReserveMode(r[3]), r[4], r[5], bool(r[6])),
    )


def save_target(
    conn: sqlite3.Connection, population: int, recorded_before: int, target_date: date | None, now: str
) -> None:
    conn.execute(
        "UPDATE case_settings SET target_population = ?, recorded_before = ?, target_date = ?, updated_at = ?"
        " WHERE id = 1",
        (population, recorded_before, target_date.isoformat() if target_date else None, now),
    )


def save_policy(conn: sqlite3.Connection, policy: ReservePolicy, now: str) -> None:
    conn.execute(
        "UPDATE case_settings SET reserve_mode = ?, reserve_fixed = ?, reserve_buffer_pct = ?,"
        " replacements_allowed = ?, updated_at = ? WHERE id = 1",
        (policy.mode.value, policy.fixed, policy.buffer_percent, int(policy.replacements_allowed), now),
    )


def count_app_recordings(conn: sqlite3.Connection) -> int:
    """People recorded in the app (they count towards the target on top of those recorded before it)."""
    # Kept exact by the recordings_count_* triggers (a count(*) would read every recording).
    return int(conn.execute("SELECT recorded_in_app FROM case_settings WHERE id = 1").fetchone()[0])


def recent_audit_exists(
    conn: sqlite3.Connection, operator_id: int | None, action: str, obj: str, since: str
) -> bool:
    """Whether this operator already has an audit row for the same access since a time (list views)."""
    row = conn.execute(
        "SELECT 1 FROM audit_log WHERE action = ? AND at_utc >= ? AND object = ? AND operator_id IS ? LIMIT 1",
        (action, since, obj, operator_id),
    ).fetchone()
    return row is not None


# -- cases ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    uuid: str
    device_id: str
    ticket_id: int | None
    service_date: str
    case_type: CaseType
    status: str
    nik_key: str
    nik_masked: str
    nik_ct: bytes
    name_ct: bytes
    birth_date_ct: bytes
    phone_ct: bytes | None
    sex: str
    marital: MaritalStatus
    documents: tuple[Document, ...]
    route: Route | None
    outcome: Outcome | None
    message: str | None
    pemula_for_target: bool
    opened_at: str
    finished_at: str | None
    operator_id: int | None
    counter: int | None


_CASE_COLUMNS = (
    "id, uuid, device_id, ticket_id, service_date, case_type, status, nik_key, nik_masked, nik_ct, name_ct,"
    " birth_date_ct, phone_ct, sex, marital, documents, route, outcome, message, pemula_for_target, opened_at,"
    " finished_at, operator_id, counter"
)


def _case(r: sqlite3.Row | tuple) -> CaseRow:
    return CaseRow(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        CaseType(r[5]),
        r[6],
        r[7],
        r[8],
        bytes(r[9]),
        bytes(r[10]),
        bytes(r[11]),
        bytes(r[12]) if r[12] is not None else None,
        r[13],
        MaritalStatus(r[14]),
        tuple(Document(d) for d in json.loads(r[15])),
        Route(r[16]) if r[16] else None,
        Outcome(r[17]) if r[17] else None,
        r[18],
        bool(r[19]),
        r[20],
        r[21],
        r[22],
        r[23],
    )


@dataclass(frozen=True, slots=True)
class NewCase:
    uuid: str
    ticket_id: int | None
    service_date: str
    case_type: CaseType
    nik_key: str
    nik_masked: str
    nik_ct: bytes
    name_ct: bytes
    birth_date_ct: bytes
    phone_ct: bytes | None
    sex: str
    marital: MaritalStatus
    documents: tuple[Document, ...]
    opened_at: str
    operator_id: int | None
    counter: int | None


def insert_case(conn: sqlite3.Connection, new: NewCase, device: str) -> CaseRow:
    cursor = conn.execute(
        "INSERT INTO cases (uuid, device_id, ticket_id, service_date, case_type, status, nik_key, nik_masked, nik_ct,"
        " name_ct, birth_date_ct, phone_ct, sex, marital, documents, opened_at, operator_id, counter)"
        " VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new.uuid,
            device,
            new.ticket_id,
            new.service_date,
            new.case_type.value,
            new.nik_key,
            new.nik_masked,
            new.nik_ct,
            new.name_ct,
            new.birth_date_ct,
            new.phone_ct,
            new.sex,
            new.marital.value,
            json.dumps([d.value for d in new.documents]),
            new.opened_at,
            new.operator_id,
            new.counter,
        ),
    )
    found = get_case(conn, int(cursor.lastrowid or 0))
    assert found is not None
    return found


def update_open_case(conn: sqlite3.Connection, case_id: int, new: NewCase) -> None:
    conn.execute(
        "UPDATE cases SET case_type = ?, nik_key = ?, nik_masked = ?, nik_ct = ?, name_ct = ?, birth_date_ct = ?,"
        " phone_ct = ?, sex = ?, marital = ?, documents = ?, operator_id = ?, counter = ?"
        " WHERE id = ? AND status = 'open'",
        (
            new.case_type.value,
            new.nik_key,
            new.nik_masked,
            new.nik_ct,
            new.name_ct,
            new.birth_date_ct,
            new.phone_ct,
            new.sex,
            new.marital.value,
            json.dumps([d.value for d in new.documents]),
            new.operator_id,
            new.counter,
            case_id,
        ),
    )


def finish_case(
    conn: sqlite3.Connection,
    case_id: int,
    route: Route,
    outcome: Outcome,
    message: str,
    pemula_for_target: bool,
    finished_at: str,
) -> None:
    conn.execute(
        "UPDATE cases SET status = 'finished', route = ?, outcome = ?, message = ?, pemula_for_target = ?,"
        " finished_at = ? WHERE id = ? AND status = 'open'",
        (route.value, outcome.value, message[:500], int(pemula_for_target), finished_at, case_id),
    )


def get_case(conn: sqlite3.Connection, case_id: int) -> CaseRow | None:
    r = conn.execute(f"SELECT {_CASE_COLUMNS} FROM cases WHERE id = ?", (case_id,)).fetchone()
    return _case(r) if r else None


def get_case_by_uuid(conn: sqlite3.Connection, case_uuid: str) -> CaseRow | None:
    r = conn.execute(f"SELECT {_CASE_COLUMNS} FROM cases WHERE uuid = ?", (case_uuid,)).fetchone()
    return _case(r) if r else None


def case_for_ticket(conn: sqlite3.Connection, ticket_id: int) -> CaseRow | None:
    r = conn.execute(f"SELECT {_CASE_COLUMNS} FROM cases WHERE ticket_id = ?", (ticket_id,)).fetchone()
    return _case(r) if r else None


def cases_for_nik(conn: sqlite3.Connection, nik_key: str, limit: int = 50) -> list[CaseRow]:
    rows = conn.execute(
        f"SELECT {_CASE_COLUMNS} FROM cases WHERE nik_key = ? ORDER BY opened_at DESC, id DESC LIMIT ?",
        (nik_key, limit),
    )
    return [_case(r) for r in rows]


# -- recordings -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RecordingRow:
    id: int
    uuid: str
    nik_key: str
    nik_masked: str
    case_id: int
    source: str
    status: RecordingStatus
    recorded_on: str
    printable_from: str
    updated_at: str


_RECORDING_COLUMNS = (
    "id, uuid, nik_key, nik_masked, case_id, source, status, recorded_on, printable_from, updated_at"
)


def _recording(r: sqlite3.Row | tuple) -> RecordingRow:
    return RecordingRow(r[0], r[1], r[2], r[3], r[4], r[5], RecordingStatus(r[6]), r[7], r[8], r[9])


def recording_for_nik(conn: sqlite3.Connection, nik_key: str) -> RecordingRow | None:
    r = conn.execute(f"SELECT {_RECORDING_COLUMNS} FROM recordings WHERE nik_key = ?", (nik_key,)).fetchone()
    return _recording(r) if r else None


def get_recording(conn: sqlite3.Connection, recording_id: int) -> RecordingRow | None:
    r = conn.execute(f"SELECT {_RECORDING_COLUMNS} FROM recordings WHERE id = ?", (recording_id,)).fetchone()
    return _recording(r) if r else None


def get_recording_by_uuid(conn: sqlite3.Connection, recording_uuid: str) -> RecordingRow | None:
    r = conn.execute(
        f"SELECT {_RECORDING_COLUMNS} FROM recordings WHERE uuid = ?", (recording_uuid,)
    ).fetchone()
    return _recording(r) if r else None


def insert_recording(
    conn: sqlite3.Connection,
    device: str,
    nik_key: str,
    nik_masked: str,
    case_id: int,
    source: str,
    status: RecordingStatus,
    recorded_on: str,
    printable_from: str,
    now: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO recordings (uuid, device_id, nik_key, nik_masked, case_id, source, status, recorded_on,"
        " printable_from, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new_uuid(),
            device,
            nik_key,
            nik_masked,
            case_id,
            source,
            status.value,
            recorded_on,
            printable_from,
            now,
        ),
    )
    return int(cursor.lastrowid or 0)


def rerecord(
    conn: sqlite3.Connection, recording_id: int, case_id: int, recorded_on: str, printable_from: str, now: str
) -> None:
    """A recording that failed at the centre is captured again: back to BIO_CAPTURED on the same row."""
    conn.execute(
        "UPDATE recordings SET status = 'BIO_CAPTURED', case_id = ?, source = 'app', recorded_on = ?,"
        " printable_from = ?, updated_at = ? WHERE id = ?",
        (case_id, recorded_on, printable_from, now, recording_id),
    )


def set_recording_status(
    conn: sqlite3.Connection, recording_id: int, status: RecordingStatus, now: str
) -> None:
    conn.execute(
        "UPDATE recordings SET status = ?, updated_at = ? WHERE id = ?", (status.value, now, recording_id)
    )


def insert_status_history(
    conn: sqlite3.Connection,
    device: str,
    recording_id: int,
    from_status: RecordingStatus | None,
    to_status: RecordingStatus,
    note: str | None,
    at_utc: str,
    operator_id: int | None,
) -> None:
    conn.execute(
        "INSERT INTO recording_status_history (uuid, device_id, recording_id, from_status, to_status, note, at_utc,"
        " operator_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new_uuid(),
            device,
            recording_id,
            from_status.value if from_status else None,
            to_status.value,
            note,
            at_utc,
            operator_id,
        ),
    )


@dataclass(frozen=True, slots=True)
class StatusChange:
    from_status: RecordingStatus | None
    to_status: RecordingStatus
    note: str | None
    at_utc: str
    operator_code: str | None


def status_history(conn: sqlite3.Connection, recording_id: int) -> list[StatusChange]:
    rows = conn.execute(
        "SELECT h.from_status, h.to_status, h.note, h.at_utc, o.code FROM recording_status_history h"
        " LEFT JOIN operators o ON o.id = h.operator_id WHERE h.recording_id = ? ORDER BY h.id",
        (recording_id,),
    )
    return [
        StatusChange(RecordingStatus(r[0]) if r[0] else None, RecordingStatus(r[1]), r[2], r[3], r[4])
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class RecordingListRow:
    recording: RecordingRow
    name_ct: bytes
    phone_ct: bytes | None
    case_uuid: str


def recordings_by_status(
    conn: sqlite3.Connection,
    status: RecordingStatus | None,
    offset: int,
    limit: int,
    printable_by: str | None = None,
) -> list[RecordingListRow]:
    """Recordings with a status (None = all), oldest update first; `printable_by` keeps those printable by then."""
    where, args = [], []
    if status is not None:
        where.append("r.status = ?")
        args.append(status.value)
    if printable_by is not None:
        where.append("r.printable_from <= ?")
        args.append(printable_by)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    order = "r.printable_from, r.id" if printable_by is not None else "r.updated_at, r.id"
    rows = conn.execute(
        f"SELECT {', '.join('r.' + c.strip() for c in _RECORDING_COLUMNS.split(','))}, c.name_ct, c.phone_ct, c.uuid"
        f" FROM recordings r JOIN cases c ON c.id = r.case_id {clause} ORDER BY {order} LIMIT ? OFFSET ?",
        (*args, limit, offset),
    )
    return [
        RecordingListRow(_recording(r[:10]), bytes(r[10]), bytes(r[11]) if r[11] is not None else None, r[12])
        for r in rows
    ]


def count_recordings_by_status(conn: sqlite3.Connection) -> dict[RecordingStatus, int]:
    return {
        RecordingStatus(r[0]): r[1]
        for r in conn.execute("SELECT status, count(*) FROM recordings GROUP BY status")
    }


# -- IKD checklists ---------------------------------------------------------------------------------
def insert_ikd_checklist(
    conn: sqlite3.Connection, device: str, case_id: int, result: IkdResult, at_utc: str
) -> None:
    conn.execute(
        "INSERT INTO ikd_checklists (uuid, device_id, case_id, steps_done, outcome, at_utc) VALUES (?, ?, ?, ?, ?, ?)",
        (new_uuid(), device, case_id, result.steps_text, result.outcome.value, at_utc),
    )


def ikd_checklist(conn: sqlite3.Connection, case_id: int) -> tuple[str, str] | None:
    r = conn.execute(
        "SELECT steps_done, outcome FROM ikd_checklists WHERE case_id = ?", (case_id,)
    ).fetchone()
    return (r[0], r[1]) if r else None


# -- the card waiting list --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class WaitingRow:
    id: int
    uuid: str
    case_id: int
    nik_key: str
    nik_masked: str
    first_time: bool
    status: str
    added_on: str
    added_at: str
    printed_at: str | None
    case_type: CaseType
    name_ct: bytes
    phone_ct: bytes | None
    case_uuid: str


_WAITING_SELECT = (
    "SELECT w.id, w.uuid, w.case_id, w.nik_key, w.nik_masked, w.first_time, w.status, w.added_on, w.added_at,"
    " w.printed_at, c.case_type, c.name_ct, c.phone_ct, c.uuid FROM card_waiting_list w JOIN cases c ON c.id = w.case_id"
)


def _waiting(r: sqlite3.Row | tuple) -> WaitingRow:
    return WaitingRow(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        bool(r[5]),
        r[6],
        r[7],
        r[8],
        r[9],
        CaseType(r[10]),
        bytes(r[11]),
        bytes(r[12]) if r[12] is not None else None,
        r[13],
    )


def waiting_entry_for_nik(conn: sqlite3.Connection, nik_key: str) -> WaitingRow | None:
    r = conn.execute(f"{_WAITING_SELECT} WHERE w.nik_key = ? AND w.status = 'waiting'", (nik_key,)).fetchone()
    return _waiting(r) if r else None


def get_waiting(conn: sqlite3.Connection, entry_id: int) -> WaitingRow | None:
    r = conn.execute(f"{_WAITING_SELECT} WHERE w.id = ?", (entry_id,)).fetchone()
    return _waiting(r) if r else None


def insert_waiting(
    conn: sqlite3.Connection,
    device: str,
    case_id: int,
    nik_key: str,
    nik_masked: str,
    first_time: bool,
    added_on: str,
    added_at: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO card_waiting_list (uuid, device_id, case_id, nik_key, nik_masked, first_time, status, added_on,"
        " added_at) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?)",
        (new_uuid(), device, case_id, nik_key, nik_masked, int(first_time), added_on, added_at),
    )
    return int(cursor.lastrowid or 0)


def mark_waiting_printed(conn: sqlite3.Connection, entry_id: int, printed_at: str, movement_id: int) -> None:
    conn.execute(
        "UPDATE card_waiting_list SET status = 'printed', printed_at = ?, stock_movement_id = ?"
        " WHERE id = ? AND status = 'waiting'",
        (printed_at, movement_id, entry_id),
    )


def cancel_waiting(conn: sqlite3.Connection, entry_id: int) -> int:
    return conn.execute(
        "UPDATE card_waiting_list SET status = 'cancelled' WHERE id = ? AND status = 'waiting'", (entry_id,)
    ).rowcount


def waiting_page(conn: sqlite3.Connection, offset: int, limit: int) -> list[WaitingRow]:
    rows = conn.execute(
        f"{_WAITING_SELECT} WHERE w.status = 'waiting' ORDER BY w.added_at, w.id LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return [_waiting(r) for r in rows]


def count_waiting(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM card_waiting_list WHERE status = 'waiting'").fetchone()[0])
