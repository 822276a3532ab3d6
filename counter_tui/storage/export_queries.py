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
    "tanggal", "tiket", "layanan_awal", "layanan", "prioritas", "status", "hasil", "alasan_tutup",
    "diambil", "dipanggil", "mulai_layan", "selesai", "menit_tunggu", "menit_layan", "loket", "petugas",
    "jumlah_panggil", "dikembalikan", "nik",
)

_TICKET_ROWS = f"""
SELECT t.service_date, t.origin_service || '-' || printf('%03d', t.number), t.origin_service, t.service_code,
       t.priority, t.status, t.outcome, t.close_reason,
       {wib_sql('t.issued_at')}, {wib_sql('t.called_at')}, {wib_sql('t.served_at')}, {wib_sql('t.finished_at')},
       {minutes_sql('t.issued_at', 't.called_at')},
       CASE WHEN t.status = 'done' THEN {minutes_sql('coalesce(t.served_at, t.called_at)', 't.finished_at')} END,
       t.counter, o.code, t.call_count, t.requeued, t.nik_masked
FROM tickets t LEFT JOIN operators o ON o.id = t.operator_id
WHERE t.service_date BETWEEN ? AND ?
ORDER BY t.service_date, t.id
"""


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
    row = conn.execute("SELECT count(*) FROM tickets WHERE service_date BETWEEN ? AND ?", (first, last)).fetchone()
    return int(row[0])


def issued_count(conn: sqlite3.Connection, day: str) -> int:
    return ticket_count(conn, day, day)


def status_totals(conn: sqlite3.Connection, day: str) -> dict[str, int]:
    return {
        r[0]: r[1]
        for r in conn.execute("SELECT status, count(*) FROM tickets WHERE service_date = ? GROUP BY status", (day,))
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
    return _durations(conn, SERVICE_MINUTES, "service_date BETWEEN ? AND ? AND status = 'done'", (first, last))


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
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT service_date FROM tickets WHERE service_date BETWEEN ? AND ? ORDER BY 1", (first, last))]


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
            "SELECT id, hash FROM audit_log WHERE at_utc >= ? AND at_utc < ? ORDER BY id DESC LIMIT 1", (start, end)
        ).fetchone()
    if row is None:
        return ChainHead(None, None, 0, 0)
    head_id, head = row
    day_rows = conn.execute(
        "SELECT count(*) FROM audit_log WHERE at_utc >= ? AND at_utc < ? AND id <= ?", (start, end, head_id)
    ).fetchone()[0]
    chain_rows = conn.execute("SELECT count(*) FROM audit_log WHERE id <= ?", (head_id,)).fetchone()[0]
    return ChainHead(head, int(head_id), int(day_rows), int(chain_rows))


# -- cases (issue 7's tables; read only when they exist) -------------------------------------------
def open_cases(conn: sqlite3.Connection, day: str) -> list[tuple[str, str, str]]:
    """(reference, case type, status) of the day's cases that are not finished; [] before the cases schema."""
    if not table_exists(conn, "cases"):
        return []
    return []


def case_figures(conn: sqlite3.Connection, start: date, end: date) -> dict:
    """The recap's case figures: recordings, cards, blanks, IKD, waiting list, outreach, target."""
    figures: dict = {
        "recordings": {"total": 0, "pemula": 0},
        "cards_printed": 0,
        "misprints": 0,
        "blanks": {"opening": 0, "received": 0, "used": 0, "damaged": 0, "corrections": 0, "closing": 0,
                   "reserve": 0},
        "ikd": {"guided": 0, "activated": 0, "routed_hilang_rusak": 0},
        "waitlist_open": 0,
        "outreach": {"sessions": 0, "recorded": 0},
        "target": {"population": None, "recorded_before": None, "recorded_in_app": 0, "recorded": None,
                   "remaining": None, "percent": None},
    }
    return figures


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0])


# -- the case files (filled from issue 7's tables when they exist) ---------------------------------
CASE_HEADER = ("tanggal", "referensi", "tiket", "jenis", "status", "status_rekam", "pemula", "nik", "nama",
               "jenis_kelamin", "tanggal_lahir", "dibuat", "diperbarui", "petugas", "loket")
STOCK_HEADER = ("waktu", "jenis", "jumlah", "saldo", "keterangan", "petugas")
IKD_HEADER = ("waktu", "referensi", "nik", "hasil", "langkah_selesai", "petugas")
WAITLIST_HEADER = ("sejak", "referensi", "nik", "nama", "telepon", "status", "dicetak")


def case_rows(conn: sqlite3.Connection, day: str, nik) -> Iterator[tuple]:
    return iter(())


def case_count(conn: sqlite3.Connection, day: str) -> int:
    return 0


def stock_rows(conn: sqlite3.Connection, day: str) -> Iterator[tuple]:
    return iter(())


def stock_count(conn: sqlite3.Connection, day: str) -> int:
    return 0


def ikd_rows(conn: sqlite3.Connection, day: str, nik) -> Iterator[tuple]:
    return iter(())


def ikd_count(conn: sqlite3.Connection, day: str) -> int:
    return 0


def waitlist_rows(conn: sqlite3.Connection, day: str, nik) -> Iterator[tuple]:
    return iter(())


def waitlist_count(conn: sqlite3.Connection, day: str) -> int:
    return 0
