"""Jemput bola (outreach) tables: sessions, the cases recorded in them, and the imports of laptops' transfer files.

Also the rows a transfer file carries (`transfer_rows`) and their insertion at the office (`insert_*`), keeping
each row's UUID and the device that wrote it.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from counter_tui.domain.clock import from_utc_text, from_utc_text_or_none
from counter_tui.domain.outreach import OutreachKind, OutreachSession
from counter_tui.storage.cases import new_uuid

_SESSION_SELECT = (
    "SELECT s.id, s.uuid, s.device_id, s.kind, s.place, s.kecamatan_code, s.service_date, s.started_at,"
    " so.code, s.ended_at, eo.code,"
    " (SELECT count(*) FROM outreach_cases oc JOIN cases c ON c.id = oc.case_id"
    "   WHERE oc.session_id = s.id AND c.status = 'finished' AND c.route = 'rekam'),"
    " (SELECT count(*) FROM outreach_cases oc JOIN cases c ON c.id = oc.case_id"
    "   WHERE oc.session_id = s.id AND c.status = 'finished' AND c.route = 'rekam' AND c.case_type = 'baru'),"
    " (SELECT count(*) FROM outreach_cases oc WHERE oc.session_id = s.id)"
    " FROM outreach_sessions s JOIN operators so ON so.id = s.started_by"
    " LEFT JOIN operators eo ON eo.id = s.ended_by"
)


def _session(r: sqlite3.Row | tuple) -> OutreachSession:
    return OutreachSession(
        id=r[0],
        uuid=r[1],
        device_id=r[2],
        kind=OutreachKind(r[3]),
        place=r[4],
        kecamatan_code=r[5],
        service_date=date.fromisoformat(r[6]),
        started_at=from_utc_text(r[7]),
        started_by=r[8],
        ended_at=from_utc_text_or_none(r[9]),
        ended_by=r[10],
        recorded=r[11],
        pemula=r[12],
        cases=r[13],
    )


def open_session(conn: sqlite3.Connection, device: str) -> OutreachSession | None:
    r = conn.execute(f"{_SESSION_SELECT} WHERE s.device_id = ? AND s.ended_at IS NULL", (device,)).fetchone()
    return _session(r) if r else None


def open_session_id(conn: sqlite3.Connection, device: str) -> int | None:
    """The cheap form for every case write: one index lookup."""
    r = conn.execute(
        "SELECT id FROM outreach_sessions WHERE device_id = ? AND ended_at IS NULL", (device,)
    ).fetchone()
    return int(r[0]) if r else None


def get_session(conn: sqlite3.Connection, session_id: int) -> OutreachSession | None:
    r = conn.execute(f"{_SESSION_SELECT} WHERE s.id = ?", (session_id,)).fetchone()
    return _session(r) if r else None


def get_session_by_uuid(conn: sqlite3.Connection, uuid: str) -> OutreachSession | None:
    r = conn.execute(f"{_SESSION_SELECT} WHERE s.uuid = ?", (uuid,)).fetchone()
    return _session(r) if r else None


def sessions_between(conn: sqlite3.Connection, first: str, last: str) -> list[OutreachSession]:
    rows = conn.execute(
        f"{_SESSION_SELECT} WHERE s.service_date BETWEEN ? AND ? ORDER BY s.started_at, s.id", (first, last)
    )
    return [_session(r) for r in rows]


def all_sessions(conn: sqlite3.Connection) -> list[OutreachSession]:
    return [_session(r) for r in conn.execute(f"{_SESSION_SELECT} ORDER BY s.started_at, s.id")]


def insert_session(
    conn: sqlite3.Connection,
    device: str,
    kind: OutreachKind,
    place: str,
    kecamatan_code: str | None,
    service_date: str,
    started_at: str,
    operator_id: int,
) -> int:
    cursor = conn.execute(
        "INSERT INTO outreach_sessions (uuid, device_id, kind, place, kecamatan_code, service_date, started_at,"
        " started_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (new_uuid(), device, kind.value, place, kecamatan_code, service_date, started_at, operator_id),
    )
    return int(cursor.lastrowid or 0)


def end_session(conn: sqlite3.Connection, session_id: int, ended_at: str, operator_id: int) -> None:
    conn.execute(
        "UPDATE outreach_sessions SET ended_at = ?, ended_by = ? WHERE id = ? AND ended_at IS NULL",
        (ended_at, operator_id, session_id),
    )


def link_case(conn: sqlite3.Connection, session_id: int, case_id: int, device: str) -> None:
    """Tag a case as recorded in a session (a case already tagged keeps its session)."""
    conn.execute(
        "INSERT OR IGNORE INTO outreach_cases (case_id, session_id, uuid, device_id) VALUES (?, ?, ?, ?)",
        (case_id, session_id, new_uuid(), device),
    )


def session_of_case(conn: sqlite3.Connection, case_id: int) -> int | None:
    r = conn.execute("SELECT session_id FROM outreach_cases WHERE case_id = ?", (case_id,)).fetchone()
    return int(r[0]) if r else None


def figures(conn: sqlite3.Connection, first: str, last: str) -> dict[str, int]:
    """The recap's outreach figures: sessions on the days, cases finished in them, people recorded in them
    (route rekam, as the recap's `recordings.total` counts them) and the pemula (case type baru) among them."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outreach_sessions'")
    if exists.fetchone() is None:  # a database from before migration 0007 (a backup being checked)
        return {"sessions": 0, "cases": 0, "recorded": 0, "pemula": 0, "open": 0}
    r = conn.execute(
        "SELECT count(*),"
        " (SELECT count(*) FROM outreach_cases oc JOIN outreach_sessions s ON s.id = oc.session_id"
        "   JOIN cases c ON c.id = oc.case_id"
        "   WHERE s.service_date BETWEEN ?1 AND ?2 AND c.status = 'finished'),"
        " (SELECT count(*) FROM outreach_cases oc JOIN outreach_sessions s ON s.id = oc.session_id"
        "   JOIN cases c ON c.id = oc.case_id"
        "   WHERE s.service_date BETWEEN ?1 AND ?2 AND c.status = 'finished' AND c.route = 'rekam'),"
        " (SELECT count(*) FROM outreach_cases oc JOIN outreach_sessions s ON s.id = oc.session_id"
        "   JOIN cases c ON c.id = oc.case_id WHERE s.service_date BETWEEN ?1 AND ?2 AND c.status = 'finished'"
        "   AND c.route = 'rekam' AND c.case_type = 'baru'),"
        " coalesce(sum(ended_at IS NULL), 0)"
        " FROM outreach_sessions WHERE service_date BETWEEN ?1 AND ?2",
        (first, last),
    ).fetchone()
    return {"sessions": r[0], "cases": r[1], "recorded": r[2], "pemula": r[3], "open": r[4]}


# -- transfer (laptop → office) ---------------------------------------------------------------------
def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def transfer_rows(conn: sqlite3.Connection, session_uuid: str | None) -> dict[str, list[dict[str, Any]]]:
    """Every row a transfer file carries, as plain dicts (ciphertext as bytes; operators as codes). Sessions:
    those of this device (or one, by UUID); then the cases tagged in them and what those cases wrote."""
    where = "s.device_id = (SELECT device_id FROM device WHERE id = 1)"
    args: tuple[Any, ...] = ()
    if session_uuid is not None:
        where = "s.uuid = ?"
        args = (session_uuid,)
    sessions = _dicts(
        conn.execute(
            "SELECT s.id, s.uuid, s.device_id, s.kind, s.place, s.kecamatan_code, s.service_date, s.started_at,"
            " so.code AS started_by, s.ended_at, eo.code AS ended_by FROM outreach_sessions s"
            " JOIN operators so ON so.id = s.started_by LEFT JOIN operators eo ON eo.id = s.ended_by"
            f" WHERE {where} ORDER BY s.started_at, s.id",
            args,
        )
    )
    ids = [s["id"] for s in sessions]
    marks = ",".join("?" * len(ids)) or "NULL"
    links = _dicts(
        conn.execute(
            "SELECT oc.case_id, oc.uuid, oc.device_id, s.uuid AS session_uuid, c.uuid AS case_uuid"
            " FROM outreach_cases oc JOIN outreach_sessions s ON s.id = oc.session_id"
            f" JOIN cases c ON c.id = oc.case_id WHERE oc.session_id IN ({marks}) ORDER BY oc.case_id",
            ids,
        )
    )
    case_ids = [link["case_id"] for link in links]
    cmarks = ",".join("?" * len(case_ids)) or "NULL"
    cases = _dicts(
        conn.execute(
            "SELECT c.uuid, c.device_id, c.service_date, c.case_type, c.status, c.nik_ct, c.name_ct,"
            " c.birth_date_ct, c.phone_ct, c.nik_masked, c.sex, c.marital, c.documents, c.route, c.outcome,"
            " c.message, c.pemula_for_target, c.opened_at, c.finished_at, o.code AS operator, c.counter"
            f" FROM cases c LEFT JOIN operators o ON o.id = c.operator_id WHERE c.id IN ({cmarks}) ORDER BY c.id",
            case_ids,
        )
    )
    recordings = _dicts(
        conn.execute(
            "SELECT r.uuid, r.device_id, r.nik_masked, c.uuid AS case_uuid, r.source, r.status, r.recorded_on,"
            " r.printable_from, r.updated_at FROM recordings r JOIN cases c ON c.id = r.case_id"
            f" WHERE r.case_id IN ({cmarks}) ORDER BY r.id",
            case_ids,
        )
    )
    history = _dicts(
        conn.execute(
            "SELECT h.uuid, h.device_id, r.uuid AS recording_uuid, h.from_status, h.to_status, h.note, h.at_utc,"
            " o.code AS operator FROM recording_status_history h JOIN recordings r ON r.id = h.recording_id"
            f" LEFT JOIN operators o ON o.id = h.operator_id WHERE r.case_id IN ({cmarks}) ORDER BY h.id",
            case_ids,
        )
    )
    ikd = _dicts(
        conn.execute(
            "SELECT k.uuid, k.device_id, c.uuid AS case_uuid, k.steps_done, k.outcome, k.at_utc"
            f" FROM ikd_checklists k JOIN cases c ON c.id = k.case_id WHERE k.case_id IN ({cmarks}) ORDER BY k.id",
            case_ids,
        )
    )
    waiting = _dicts(
        conn.execute(
            "SELECT w.uuid, w.device_id, c.uuid AS case_uuid, w.nik_masked, w.first_time, w.status, w.added_on,"
            " w.added_at FROM card_waiting_list w JOIN cases c ON c.id = w.case_id"
            f" WHERE w.case_id IN ({cmarks}) ORDER BY w.id",
            case_ids,
        )
    )
    audit = _dicts(
        conn.execute(
            "SELECT id, at_utc, operator_code, action, object, details, hash FROM audit_log"
            " WHERE object IN (SELECT 'case:' || uuid FROM cases WHERE id IN ("
            f"{cmarks})) OR object IN (SELECT 'outreach:' || uuid FROM outreach_sessions WHERE id IN ({marks}))"
            " ORDER BY id",
            [*case_ids, *ids],
        )
    )
    for s in sessions:
        del s["id"]
    for link in links:
        del link["case_id"]
    return {
        "sessions": sessions,
        "links": links,
        "cases": cases,
        "recordings": recordings,
        "history": history,
        "ikd": ikd,
        "waiting": waiting,
        "audit": audit,
    }


def existing_uuids(conn: sqlite3.Connection, table: str, uuids: list[str]) -> set[str]:
    if table not in _UUID_TABLES or not uuids:
        return set()
    found: set[str] = set()
    for start in range(0, len(uuids), 500):
        chunk = uuids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in conn.execute(f"SELECT uuid FROM {table} WHERE uuid IN ({marks})", chunk))
    return found


_UUID_TABLES = frozenset(
    {
        "outreach_sessions",
        "outreach_cases",
        "cases",
        "recordings",
        "recording_status_history",
        "ikd_checklists",
        "card_waiting_list",
    }
)


def id_by_uuid(conn: sqlite3.Connection, table: str, uuid: str) -> int | None:
    if table not in _UUID_TABLES:
        raise ValueError(table)
    r = conn.execute(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
    return int(r[0]) if r else None


def insert_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    """Insert one transferred row as it is (its UUID and device id kept). Column names come from our own code,
    never from the file: the caller builds `row` from known keys."""
    if table not in _UUID_TABLES:
        raise ValueError(table)
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    cursor = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))
    return int(cursor.lastrowid or 0)


def insert_import(
    conn: sqlite3.Connection,
    file_sha256: str,
    source_device: str,
    imported_at: str,
    operator_id: int,
    new_rows: int,
    present_rows: int,
) -> int:
    cursor = conn.execute(
        "INSERT INTO outreach_imports (file_sha256, source_device, imported_at, operator_id, new_rows,"
        " present_rows) VALUES (?, ?, ?, ?, ?, ?)",
        (file_sha256, source_device, imported_at, operator_id, new_rows, present_rows),
    )
    return int(cursor.lastrowid or 0)


def operator_ids_by_code(conn: sqlite3.Connection) -> dict[str, int]:
    return {r[0]: int(r[1]) for r in conn.execute("SELECT code, id FROM operators")}
