"""The SQL behind the day's paperwork: the recap figures, the rows of the export files (streamed), the dashboard,
and the day's audit-chain head.

Times leave the database as WIB ISO-8601 text with the offset, converted by SQLite itself so a million rows stream
straight from the cursor to the CSV writer. Asia/Jakarta has been a fixed UTC+7 (no daylight saving) since 1964,
so '+7 hours' is exact for every date this office records.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from counter_tui.domain.clock import WIB, to_utc_text


def wib_sql(column: str) -> str:
    return f"strftime('%Y-%m-%dT%H:%M:%S+07:00', {column}, '+7 hours')"


def minutes_sql(start: str, end: str) -> str:
    return f"round((julianday({end}) - julianday({start})) * 1440.0, 2)"


def table_exists(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def columns_of(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}


def day_bounds_utc(day: date) -> tuple[str, str]:
    """The WIB day as a half-open range of stored UTC text."""
    start = datetime.combine(day, time(0, 0), tzinfo=WIB)
    return to_utc_text(start), to_utc_text(start + timedelta(days=1))


# -- tickets ---------------------------------------------------------------------------------------
TICKET_HEADER = (
    "tanggal",
    "tiket",
    "layanan_awal",
    "layanan",
    "prioritas",
    "status",
    "hasil",
    "alasan_tutup",
    "diambil",
    "dipanggil",
    "mulai_layan",
    "selesai",
    "menit_tunggu",
    "menit_layan",
    "loket",
    "petugas",
    "jumlah_panggil",
    "dikembalikan",
    "nik",
)

_TICKET_ROWS = f"""
SELECT t.service_date, t.origin_service || '-' || printf('%03d', t.number), t.origin_service, t.service_code,
       t.priority, t.status, t.outcome, t.close_reason,
       {wib_sql("t.issued_at")}, {wib_sql("t.called_at")}, {wib_sql("t.served_at")}, {wib_sql("t.finished_at")},
       {minutes_sql("t.issued_at", "t.called_at")},
       CASE WHEN t.status = 'done' THEN {minutes_sql("coalesce(t.served_at, t.called_at)", "t.finished_at")} END,
       t.counter, o.code, t.call_count, t.requeued, t.nik_masked
FROM tickets t LEFT JOIN operators o ON o.id = t.operator_id
WHERE t.service_date BETWEEN ? AND ?
ORDER BY t.service_date, t.id
"""


def excel_sql(column: str) -> str:
    """A stored UTC time as an Excel serial date-time in WIB (days since 1899-12-30), whole seconds."""
    return f"round((julianday({column}) - 2415018.5 + 7.0 / 24) * 86400.0) / 86400.0"


# The Antrian sheet of the XLSX: the columns a supervisor reads (tickets.csv has them all), with the times as
# Excel serial numbers (a real Excel date is a number with a date format; computing it in SQLite keeps a per-cell
# date conversion out of the loop, which matters at ~10 µs per cell in constant_memory mode).
EXCEL_TICKET_HEADER = (
    "tiket",
    "layanan",
    "prioritas",
    "status",
    "hasil",
    "diambil",
    "dipanggil",
    "selesai",
    "menit_tunggu",
    "menit_layan",
    "loket",
    "petugas",
    "nik",
)
_TICKET_ROWS_EXCEL = f"""
SELECT t.origin_service || '-' || printf('%03d', t.number), t.service_code, t.priority, t.status, t.outcome,
       {excel_sql("t.issued_at")}, {excel_sql("t.called_at")}, {excel_sql("t.finished_at")},
       {minutes_sql("t.issued_at", "t.called_at")},
       CASE WHEN t.status = 'done' THEN {minutes_sql("coalesce(t.served_at, t.called_at)", "t.finished_at")} END,
       t.counter, o.code, t.nik_masked
FROM tickets t LEFT JOIN operators o ON o.id = t.operator_id
WHERE t.service_date BETWEEN ? AND ?
ORDER BY t.service_date, t.id
"""


def ticket_rows_excel(conn: sqlite3.Connection, first: str, last: str) -> Iterator[tuple]:
    cursor = conn.execute(_TICKET_ROWS_EXCEL, (first, last))
    cursor.arraysize = 1000
    while True:
        batch = cursor.fetchmany()
        if not batch:
            return
        yield from batch


def ticket_rows(conn: sqlite3.Connection, first: str, last: str) -> Iterator[tuple]:
    """Every ticket of the days, oldest first, as CSV-ready tuples (see TICKET_HEADER). Streamed from the cursor."""
    cursor = conn.execute(_TICKET_ROWS, (first, last))
    cursor.arraysize = 1000
    while True:
        batch = cursor.fetchmany()
        if not batch:
            return
        yield from batch


def ticket_count(conn: sqlite3.Connection, first: str, last: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM tickets WHERE service_date BETWEEN ? AND ?", (first, last)
    ).fetchone()
    return int(row[0])


def issued_count(conn: sqlite3.Connection, day: str) -> int:
    return ticket_count(conn, day, day)


def status_totals(conn: sqlite3.Connection, day: str) -> dict[str, int]:
    return {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT status, count(*) FROM tickets WHERE service_date = ? GROUP BY status", (day,)
        )
    }


@dataclass(frozen=True, slots=True)
class TicketGroup:
    key: str | None
    issued: int
    served: int
    no_show: int
    not_served: int
    open: int


def _grouped(conn: sqlite3.Connection, column: str, first: str, last: str) -> list[TicketGroup]:
    rows = conn.execute(
        f"SELECT {column}, count(*), sum(status = 'done'), sum(status = 'no_show'), sum(status = 'closed'),"
        " sum(status IN ('waiting', 'called', 'serving', 'parked'))"
        f" FROM tickets WHERE service_date BETWEEN ? AND ? GROUP BY {column} ORDER BY {column}",
        (first, last),
    )
    return [TicketGroup(*r) for r in rows]


def tickets_by_service(conn: sqlite3.Connection, first: str, last: str) -> list[TicketGroup]:
    return _grouped(conn, "service_code", first, last)


def tickets_by_priority(conn: sqlite3.Connection, first: str, last: str) -> list[TicketGroup]:
    return _grouped(conn, "coalesce(priority, 'umum')", first, last)


def outcomes(conn: sqlite3.Connection, first: str, last: str) -> dict[str, int]:
    return {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT outcome, count(*) FROM tickets WHERE service_date BETWEEN ? AND ? AND status = 'done'"
            " GROUP BY outcome ORDER BY outcome",
            (first, last),
        )
    }


@dataclass(frozen=True, slots=True)
class Durations:
    count: int
    avg: float | None
    p90: float | None


def _durations(conn: sqlite3.Connection, expression: str, where: str, args: tuple) -> Durations:
    sql = f"SELECT {expression} AS v FROM tickets WHERE {where} AND {expression} IS NOT NULL"
    n, avg = conn.execute(f"SELECT count(*), avg(v) FROM ({sql})", args).fetchone()
    if not n:
        return Durations(0, None, None)
    # Nearest-rank p90, computed in SQLite so a year of tickets never sits in Python's memory.
    rank = max(math.ceil(0.9 * n), 1)
    p90 = conn.execute(f"SELECT v FROM ({sql}) ORDER BY v LIMIT 1 OFFSET ?", (*args, rank - 1)).fetchone()[0]
    return Durations(int(n), round(float(avg), 1), round(float(p90), 1))


WAIT_MINUTES = "(julianday(called_at) - julianday(issued_at)) * 1440.0"
SERVICE_MINUTES = "(julianday(finished_at) - julianday(coalesce(served_at, called_at))) * 1440.0"


def wait_minutes(conn: sqlite3.Connection, first: str, last: str) -> Durations:
    return _durations(conn, WAIT_MINUTES, "service_date BETWEEN ? AND ?", (first, last))


def service_minutes(conn: sqlite3.Connection, first: str, last: str) -> Durations:
    return _durations(
        conn, SERVICE_MINUTES, "service_date BETWEEN ? AND ? AND status = 'done'", (first, last)
    )


def tickets_per_hour(conn: sqlite3.Connection, day: str) -> dict[int, int]:
    """WIB hour of issue → tickets issued in it."""
    return {
        int(r[0]): r[1]
        for r in conn.execute(
            "SELECT strftime('%H', issued_at, '+7 hours'), count(*) FROM tickets WHERE service_date = ?"
            " GROUP BY 1",
            (day,),
        )
    }


def served_per_counter(conn: sqlite3.Connection, day: str) -> list[tuple[int, int, str | None]]:
    """(counter, tickets finished there, the operator seen there last)."""
    return [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT t.counter, count(*), (SELECT o.code FROM counters c JOIN operators o ON o.id = c.operator_id"
            "  WHERE c.counter = t.counter)"
            " FROM tickets t WHERE t.service_date = ? AND t.status = 'done' AND t.counter IS NOT NULL"
            " GROUP BY t.counter ORDER BY t.counter",
            (day,),
        )
    ]


def days_with_tickets(conn: sqlite3.Connection, first: str, last: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT service_date FROM tickets WHERE service_date BETWEEN ? AND ? ORDER BY 1",
            (first, last),
        )
    ]


# -- the audit chain -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ChainHead:
    head: str | None  # the hash of the day's last audit row (the day.close seal when the day is closed)
    head_id: int | None
    day_rows: int  # audit rows written during the day, up to the head
    chain_rows: int  # rows of the whole chain up to the head


def day_chain_head(conn: sqlite3.Connection, day: date, seal_id: int | None) -> ChainHead:
    start, end = day_bounds_utc(day)
    if seal_id is not None:
        row = conn.execute("SELECT id, hash FROM audit_log WHERE id = ?", (seal_id,)).fetchone()
    else:
        row = conn.execute(
            "SELECT id, hash FROM audit_log WHERE at_utc >= ? AND at_utc < ? ORDER BY id DESC LIMIT 1",
            (start, end),
        ).fetchone()
    if row is None:
        return ChainHead(None, None, 0, 0)
    head_id, head = row
    day_rows = conn.execute(
        "SELECT count(*) FROM audit_log WHERE at_utc >= ? AND at_utc < ? AND id <= ?", (start, end, head_id)
    ).fetchone()[0]
    chain_rows = conn.execute("SELECT count(*) FROM audit_log WHERE id <= ?", (head_id,)).fetchone()[0]
    return ChainHead(head, int(head_id), int(day_rows), int(chain_rows))


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0])


# -- cases, stock, IKD and the waiting list (issue 7's tables) --------------------------------------
# Everything is read as it stood at the end of the day, so a closed day exported again later (after a recording
# status or a waiting-list entry moved on) gives the same files.
def open_cases(conn: sqlite3.Connection, day: str) -> list[tuple[str, str, str]]:
    """(reference, case type, status) of the day's cases that are not finished."""
    if not table_exists(conn, "cases"):
        return []
    return [
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT coalesce(t.origin_service || '-' || printf('%03d', t.number), substr(c.uuid, 1, 8)), c.case_type,"
            " c.status FROM cases c LEFT JOIN tickets t ON t.id = c.ticket_id"
            " WHERE c.service_date = ? AND c.status = 'open' ORDER BY c.id",
            (day,),
        )
    ]


CASE_HEADER = (
    "tanggal",
    "referensi",
    "tiket",
    "jenis",
    "status",
    "rute",
    "hasil",
    "status_rekam",
    "pemula",
    "nik",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "dibuka",
    "selesai",
    "petugas",
    "loket",
)
# The raw row: the CSV columns, with nik/nama/tanggal_lahir as ciphertext (decrypted by the export service).
CASE_NIK, CASE_NAME, CASE_BIRTH = 9, 10, 12


def _case_sql(day_end: str) -> str:
    return f"""
SELECT c.service_date, c.uuid, t.origin_service || '-' || printf('%03d', t.number), c.case_type,
       CASE WHEN c.finished_at IS NOT NULL AND c.finished_at < '{day_end}' THEN c.status ELSE 'open' END,
       c.route, c.outcome,
       (SELECT h.to_status FROM recording_status_history h JOIN recordings r ON r.id = h.recording_id
         WHERE r.nik_key = c.nik_key AND h.at_utc < '{day_end}' ORDER BY h.id DESC LIMIT 1),
       c.pemula_for_target, c.nik_ct, c.name_ct, c.sex, c.birth_date_ct,
       {wib_sql("c.opened_at")}, {wib_sql("c.finished_at")}, o.code, c.counter
FROM cases c LEFT JOIN tickets t ON t.id = c.ticket_id LEFT JOIN operators o ON o.id = c.operator_id
WHERE c.service_date = ? ORDER BY c.id
"""


def _stream(cursor: sqlite3.Cursor) -> Iterator[tuple]:
    cursor.arraysize = 1000
    while True:
        batch = cursor.fetchmany()
        if not batch:
            return
        yield from batch


def case_rows(conn: sqlite3.Connection, day: str) -> Iterator[tuple]:
    if not table_exists(conn, "cases"):
        return iter(())
    _, end = day_bounds_utc(date.fromisoformat(day))
    return _stream(conn.execute(_case_sql(end), (day,)))


def case_count(conn: sqlite3.Connection, day: str) -> int:
    if not table_exists(conn, "cases"):
        return 0
    return int(conn.execute("SELECT count(*) FROM cases WHERE service_date = ?", (day,)).fetchone()[0])


STOCK_HEADER = ("waktu", "jenis", "jumlah", "saldo", "referensi", "alasan", "berkas", "petugas")


def stock_rows(conn: sqlite3.Connection, day: str) -> Iterator[tuple]:
    if not table_exists(conn, "stock_movements"):
        return iter(())
    return _stream(
        conn.execute(
            f"SELECT {wib_sql('m.at_utc')}, m.kind, m.quantity, m.balance_after, m.reference, m.reason, c.uuid,"
            " m.operator_code FROM stock_movements m LEFT JOIN cases c ON c.id = m.case_id"
            " WHERE m.service_date = ? ORDER BY m.id",
            (day,),
        )
    )


def stock_count(conn: sqlite3.Connection, day: str) -> int:
    if not table_exists(conn, "stock_movements"):
        return 0
    return int(
        conn.execute("SELECT count(*) FROM stock_movements WHERE service_date = ?", (day,)).fetchone()[0]
    )


IKD_HEADER = ("waktu", "referensi", "jenis", "nik", "hasil", "langkah_selesai", "langkah", "petugas")
IKD_NIK = 3


def ikd_rows(conn: sqlite3.Connection, day: str) -> Iterator[tuple]:
    if not table_exists(conn, "ikd_checklists"):
        return iter(())
    return _stream(
        conn.execute(
            f"SELECT {wib_sql('i.at_utc')}, c.uuid, c.case_type, c.nik_ct, i.outcome,"
            " length(replace(i.steps_done, '0', '')), i.steps_done, o.code"
            " FROM ikd_checklists i JOIN cases c ON c.id = i.case_id LEFT JOIN operators o ON o.id = c.operator_id"
            " WHERE c.service_date = ? ORDER BY i.id",
            (day,),
        )
    )


def ikd_count(conn: sqlite3.Connection, day: str) -> int:
    if not table_exists(conn, "ikd_checklists"):
        return 0
    return int(
        conn.execute(
            "SELECT count(*) FROM ikd_checklists i JOIN cases c ON c.id = i.case_id WHERE c.service_date = ?",
            (day,),
        ).fetchone()[0]
    )


WAITLIST_HEADER = (
    "sejak",
    "referensi",
    "jenis",
    "pertama_kali",
    "nik",
    "nama",
    "telepon",
    "status",
    "dicetak",
)
WAITLIST_NIK, WAITLIST_NAME, WAITLIST_PHONE = 4, 5, 6


def _waitlist_where(day: str) -> tuple[str, tuple]:
    start, end = day_bounds_utc(date.fromisoformat(day))
    # On the list at some moment of the day: added by its end, and not printed before it began.
    return (
        "w.added_on <= ? AND w.status <> 'cancelled' AND NOT (w.status = 'printed' AND w.printed_at < ?)",
        (day, start),
    )


def waitlist_rows(conn: sqlite3.Connection, day: str) -> Iterator[tuple]:
    if not table_exists(conn, "card_waiting_list"):
        return iter(())
    where, args = _waitlist_where(day)
    _, end = day_bounds_utc(date.fromisoformat(day))
    return _stream(
        conn.execute(
            f"SELECT w.added_on, c.uuid, c.case_type, w.first_time, c.nik_ct, c.name_ct, c.phone_ct,"
            f" CASE WHEN w.status = 'printed' AND w.printed_at < ? THEN 'printed' ELSE 'waiting' END,"
            f" CASE WHEN w.status = 'printed' AND w.printed_at < ? THEN {wib_sql('w.printed_at')} END"
            f" FROM card_waiting_list w JOIN cases c ON c.id = w.case_id WHERE {where} ORDER BY w.added_at, w.id",
            (end, end, *args),
        )
    )


def waitlist_count(conn: sqlite3.Connection, day: str) -> int:
    if not table_exists(conn, "card_waiting_list"):
        return 0
    where, args = _waitlist_where(day)
    return int(conn.execute(f"SELECT count(*) FROM card_waiting_list w WHERE {where}", args).fetchone()[0])


@dataclass(frozen=True, slots=True)
class CaseSettingsRow:
    population: int | None
    recorded_before: int
    target_date: str | None
    reserve_mode: str
    reserve_fixed: int
    reserve_buffer_pct: int


def case_figures_raw(conn: sqlite3.Connection, start: date, end: date) -> dict | None:
    """The recap's case figures as counts (None before the cases schema). The service applies the reserve rule."""
    if not table_exists(conn, "cases"):
        return None
    first, last = start.isoformat(), end.isoformat()
    _, end_utc = day_bounds_utc(end)
    # Pemula: first-time applicants (case type baru) recorded; for_target: flagged for the office's target date.
    rec = conn.execute(
        "SELECT count(*), coalesce(sum(case_type = 'baru'), 0), coalesce(sum(pemula_for_target), 0) FROM cases"
        " WHERE service_date BETWEEN ? AND ? AND status = 'finished' AND route = 'rekam'",
        (first, last),
    ).fetchone()
    kinds = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            "SELECT kind, count(*), coalesce(sum(quantity), 0) FROM stock_movements WHERE service_date BETWEEN ? AND ?"
            " GROUP BY kind",
            (first, last),
        )
    }
    opening = conn.execute(
        "SELECT balance_after FROM stock_movements WHERE service_date < ? ORDER BY id DESC LIMIT 1", (first,)
    ).fetchone()
    closing = conn.execute(
        "SELECT balance_after FROM stock_movements WHERE service_date <= ? ORDER BY id DESC LIMIT 1", (last,)
    ).fetchone()
    ikd = conn.execute(
        "SELECT count(*), coalesce(sum(i.outcome = 'activated'), 0), coalesce(sum(i.outcome = 'guided_home'), 0),"
        " coalesce(sum(i.outcome = 'no_smartphone'), 0)"
        " FROM ikd_checklists i JOIN cases c ON c.id = i.case_id WHERE c.service_date BETWEEN ? AND ?",
        (first, last),
    ).fetchone()
    routed = conn.execute(
        "SELECT count(*) FROM cases WHERE service_date BETWEEN ? AND ? AND case_type IN ('hilang', 'rusak')"
        " AND route = 'ikd'",
        (first, last),
    ).fetchone()[0]
    waiting = conn.execute(
        "SELECT count(*) FROM card_waiting_list WHERE added_on <= ? AND status <> 'cancelled'"
        " AND (status = 'waiting' OR (status = 'printed' AND printed_at >= ?))",
        (last, end_utc),
    ).fetchone()[0]
    in_app = conn.execute(
        "SELECT count(*) FROM recordings WHERE source = 'app' AND recorded_on <= ?", (last,)
    ).fetchone()[0]
    s = conn.execute(
        "SELECT target_population, recorded_before, target_date, reserve_mode, reserve_fixed,"
        " reserve_buffer_pct FROM case_settings WHERE id = 1"
    ).fetchone()

    def moved(kind: str) -> tuple[int, int]:
        return kinds.get(kind, (0, 0))

    return {
        "recordings": int(rec[0]),
        "pemula": int(rec[1]),
        "pemula_for_target": int(rec[2]),
        "cards_printed": moved("used")[0],
        "misprints": moved("misprint")[0],
        "opening": int(opening[0]) if opening else 0,
        "closing": int(closing[0]) if closing else 0,
        "received": moved("receipt")[1],
        "used": -moved("used")[1],
        "damaged": -(moved("damaged")[1] + moved("misprint")[1]),
        "corrections": moved("correction")[1],
        "ikd_guided": int(ikd[0]),
        "ikd_activated": int(ikd[1]),
        "ikd_guided_home": int(ikd[2]),
        "ikd_no_smartphone": int(ikd[3]),
        "routed_hilang_rusak": int(routed),
        "waitlist_open": int(waiting),
        "recorded_in_app": int(in_app),
        "settings": CaseSettingsRow(*s) if s else None,
    }


# -- jemput bola (outreach): the day's sessions with their counts; no personal data ---------------------------
OUTREACH_HEADER = (
    "referensi",
    "jenis",
    "tempat",
    "kode_kecamatan",
    "mulai",
    "selesai",
    "dimulai_oleh",
    "diakhiri_oleh",
    "berkas",
    "perekaman",
    "pemula",
)


def outreach_rows(conn: sqlite3.Connection, day: str) -> Iterator[tuple]:
    if not table_exists(conn, "outreach_sessions"):
        return iter(())
    return _stream(
        conn.execute(
            f"SELECT s.uuid, s.kind, s.place, s.kecamatan_code, {wib_sql('s.started_at')},"
            f" {wib_sql('s.ended_at')}, so.code, eo.code,"
            " (SELECT count(*) FROM outreach_cases oc JOIN cases c ON c.id = oc.case_id"
            "   WHERE oc.session_id = s.id AND c.status = 'finished'),"
            " (SELECT count(*) FROM outreach_cases oc JOIN cases c ON c.id = oc.case_id"
            "   WHERE oc.session_id = s.id AND c.status = 'finished' AND c.route = 'rekam'),"
            " (SELECT count(*) FROM outreach_cases oc JOIN cases c ON c.id = oc.case_id"
            "   WHERE oc.session_id = s.id AND c.status = 'finished' AND c.route = 'rekam'"
            "   AND c.case_type = 'baru')"
            " FROM outreach_sessions s JOIN operators so ON so.id = s.started_by"
            " LEFT JOIN operators eo ON eo.id = s.ended_by"
            " WHERE s.service_date = ? ORDER BY s.started_at, s.uuid",
            (day,),
        )
    )


def outreach_count(conn: sqlite3.Connection, day: str) -> int:
    if not table_exists(conn, "outreach_sessions"):
        return 0
    return int(
        conn.execute("SELECT count(*) FROM outreach_sessions WHERE service_date = ?", (day,)).fetchone()[0]
    )
