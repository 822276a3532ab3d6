"""End-of-day export: the full bundle of a busy day, and a year of tickets to CSV against the sqlite3 shell.

1. A busy day: 3,000 tickets with their cases (recordings, printed cards, IKD checklists, the waiting list),
   closed, then `export` of the full bundle (5 CSV files, rekap.json, rekap.xlsx, rekap.pdf, manifest) in a fresh
   process: wall time and peak RSS (os.wait4), against a process that only imports what the export imports.
   Targets: under 1 s and under 40 MiB.
2. A year: 1,000,000 tickets, streamed to CSV by the export's own query and writer, against
   `sqlite3 -csv -header` running the same SQL, in the same run. Target: within 3x of the shell. Memory stays
   constant: the same export of a tenth of the year peaks at the same RSS.

The data is written straight into the tables (the benchmark's fixture, not the code under test); the export runs
through the real use case.

    python -m benchmarks.bench_export [--day-tickets 3000] [--year-tickets 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SUPERVISOR_PIN = "482913"
DAY = date(2026, 11, 30)


# -- building the data ------------------------------------------------------------------------------
def _ready_db(path: Path):
    from counter_tui.services import office_setup
    from counter_tui.services.office_setup import SetupRequest
    from counter_tui.services.session import Session
    from counter_tui.storage.db import open_database
    from tests.clock import FixedClock

    clock = FixedClock(datetime(2026, 1, 1, 1, 0, tzinfo=UTC))
    db = open_database(path, create=True)
    office_setup.setup_office(
        Session(db, clock=clock),
        SetupRequest(
            "Disdukcapil Kab. Kotawaringin Timur", "62.02", "SPV1", "Agus", SUPERVISOR_PIN, SUPERVISOR_PIN
        ),
    )
    db.conn.execute("PRAGMA synchronous = OFF")
    return db


def _utc(day: date, seconds: int) -> str:
    moment = (
        datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=7) + timedelta(seconds=seconds)
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _ticket_rows(day: date, count: int, rng: random.Random, first_id: int):
    """Tickets of one day from 08:00 WIB, most of them served; (id, ..., status, outcome) tuples."""
    numbers = {letter: 0 for letter in "ABCDE"}
    for i in range(count):
        letter = rng.choice("AAAABBBCCDE")
        numbers[letter] += 1
        issued = 8 * 3600 + int(i * 25_000 / count)
        called = issued + rng.randint(60, 3600)
        served = called + 30
        finished = served + rng.randint(120, 600)
        roll = rng.random()
        status, outcome = (
            ("done", "selesai") if roll < 0.85 else ("no_show", None) if roll < 0.93 else ("closed", None)
        )
        yield (
            first_id + i,
            day.isoformat(),
            letter,
            numbers[letter],
            letter,
            rng.choice((None,) * 9 + ("lansia",)),
            None,
            None,
            status,
            _utc(day, issued),
            _utc(day, issued),
            _utc(day, called) if status != "closed" else None,
            _utc(day, served) if status == "done" else None,
            _utc(day, finished),
            1 + i % 6 if status != "closed" else None,
            1 if status != "closed" else None,
            1,
            0,
            outcome,
            "RINA",
            "waiting" if status == "closed" else None,
        )


_TICKET_INSERT = (
    "INSERT INTO tickets (id, service_date, origin_service, number, service_code, priority, nik_key, nik_masked,"
    " status, issued_at, queued_at, called_at, served_at, finished_at, counter, operator_id, call_count, requeued,"
    " outcome, issued_by, close_reason) VALUES (" + ",".join("?" * 21) + ")"
)


def build_busy_day(path: Path, tickets: int, seed: int = 7) -> None:
    """One day: `tickets` tickets and a case for each served A/B/C/D ticket, with their stock and IKD rows."""
    import uuid

    from counter_tui.domain.keys import PiiCipher
    from counter_tui.domain.nik import build_nik
    from counter_tui.services._cases_common import _context

    rng = random.Random(seed)
    db = _ready_db(path)
    cipher = PiiCipher.from_key_file(db.pepper)
    conn = db.conn
    device = conn.execute("SELECT device_id FROM device").fetchone()[0]
    with db.transaction():
        rows = list(_ticket_rows(DAY, tickets, rng, 1))
        conn.executemany(_TICKET_INSERT, rows)
        balance = 10_000
        conn.execute(
            "INSERT INTO stock_movements (uuid, device_id, kind, quantity, balance_after, reference,"
            " service_date, at_utc, operator_code) VALUES (?, ?, 'receipt', ?, ?, 'BA-1', ?, ?, 'SPV1')",
            (str(uuid.uuid4()), device, balance, balance, DAY.isoformat(), _utc(DAY, 7 * 3600)),
        )
        for serial, row in enumerate(rows, start=1):
            ticket_id, letter, status, finished = row[0], row[2], row[8], row[13]
            if status != "done" or letter == "E":
                continue
            case_uuid = str(uuid.uuid4())
            born = date(1990 + serial % 17, 1 + serial % 12, 1 + serial % 28)
            sex = "LP"[serial % 2]
            nik = build_nik("62.02.05", born, sex, serial % 9999 + 1)
            kind = {"A": "baru", "B": "hilang", "C": "cetak", "D": "aktivasi_ikd"}[letter]
            route = {"A": "rekam", "B": "ikd", "C": "cetak", "D": "ikd"}[letter]
            cursor = conn.execute(
                "INSERT INTO cases (uuid, device_id, ticket_id, service_date, case_type, status, nik_key, nik_masked,"
                " nik_ct, name_ct, birth_date_ct, phone_ct, sex, marital, documents, route, outcome, opened_at,"
                " finished_at, operator_id, counter) VALUES (?, ?, ?, ?, ?, 'finished', ?, ?, ?, ?, ?, ?, ?,"
                " 'belum_kawin', '[]', ?, 'selesai', ?, ?, 1, ?)",
                (
                    case_uuid,
                    device,
                    ticket_id,
                    DAY.isoformat(),
                    kind,
                    f"{serial:064d}",
                    nik[:4] + "*" * 10 + nik[-2:],
                    cipher.encrypt(nik, _context("nik", case_uuid)),
                    cipher.encrypt(f"Pemohon Nomor {serial}", _context("name", case_uuid)),
                    cipher.encrypt(born.isoformat(), _context("birth_date", case_uuid)),
                    cipher.encrypt(f"0812{serial:08d}", _context("phone", case_uuid))
                    if letter == "B"
                    else None,
                    sex,
                    route,
                    finished,
                    finished,
                    row[14],
                ),
            )
            case_id = cursor.lastrowid
            if letter in "AC":
                rec = conn.execute(
                    "INSERT INTO recordings (uuid, device_id, nik_key, nik_masked, case_id, source, status,"
                    " recorded_on, printable_from, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        str(uuid.uuid4()),
                        device,
                        f"{serial:064d}",
                        nik[:4] + "*" * 10 + nik[-2:],
                        case_id,
                        "app" if letter == "A" else "siak",
                        "BIO_CAPTURED" if letter == "A" else "CARD_PRINTED",
                        DAY.isoformat(),
                        DAY.isoformat(),
                        finished,
                    ),
                ).lastrowid
                conn.execute(
                    "INSERT INTO recording_status_history (uuid, device_id, recording_id, from_status,"
                    " to_status, at_utc) VALUES (?, ?, ?, NULL, ?, ?)",
                    (
                        str(uuid.uuid4()),
                        device,
                        rec,
                        "BIO_CAPTURED" if letter == "A" else "CARD_PRINTED",
                        finished,
                    ),
                )
            if letter == "C":
                balance -= 1
                conn.execute(
                    "INSERT INTO stock_movements (uuid, device_id, kind, quantity, balance_after, case_id,"
                    " service_date, at_utc, operator_code) VALUES (?, ?, 'used', -1, ?, ?, ?, ?, 'OPR1')",
                    (str(uuid.uuid4()), device, balance, case_id, DAY.isoformat(), finished),
                )
            if letter in "BD":
                conn.execute(
                    "INSERT INTO ikd_checklists (uuid, device_id, case_id, steps_done, outcome, at_utc)"
                    " VALUES (?, ?, ?, '1111111', 'activated', ?)",
                    (str(uuid.uuid4()), device, case_id, finished),
                )
            if letter == "B":
                conn.execute(
                    "INSERT INTO card_waiting_list (uuid, device_id, case_id, nik_key, nik_masked,"
                    " first_time, added_on, added_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
                    (
                        str(uuid.uuid4()),
                        device,
                        case_id,
                        f"{serial:064d}",
                        nik[:4] + "*" * 10 + nik[-2:],
                        DAY.isoformat(),
                        finished,
                    ),
                )
    _close_day(db)
    db.close()


def _close_day(db) -> None:
    from counter_tui.services import accounts
    from counter_tui.services.day_close import close_day
    from counter_tui.services.session import Session
    from tests.clock import FixedClock

    clock = FixedClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    supervisor = accounts.login(Session(db, clock=clock), "SPV1", SUPERVISOR_PIN, 0)
    close_day(Session(db, supervisor, clock), DAY)


def build_year(path: Path, tickets: int, seed: int = 11) -> tuple[str, str]:
    """`tickets` tickets spread over 250 working days ending on DAY; returns the first and last day."""
    rng = random.Random(seed)
    db = _ready_db(path)
    days = 250
    per_day = max(tickets // days, 1)
    first = DAY - timedelta(days=days - 1)
    next_id = 1
    with db.transaction() as conn:
        for offset in range(days):
            count = per_day if offset < days - 1 else tickets - per_day * (days - 1)
            conn.executemany(
                _TICKET_INSERT, _ticket_rows(first + timedelta(days=offset), count, rng, next_id)
            )
            next_id += count
    db.close()
    return first.isoformat(), DAY.isoformat()


# -- the measured children ----------------------------------------------------------------------------
def child_export(db_path: str, out: str) -> None:
    from counter_tui.domain.accounts import KIOSK
    from counter_tui.services.export import export_day
    from counter_tui.services.session import Session
    from counter_tui.storage.db import open_database

    started, cpu = time.perf_counter(), time.process_time()
    db = open_database(Path(db_path))
    export_day(Session(db, KIOSK), DAY, out_dir=Path(out), force=True)
    db.close()
    print(f"{time.perf_counter() - started:.6f} {time.process_time() - cpu:.6f}")


def child_imports() -> None:
    import reportlab.platypus  # noqa: F401
    import xlsxwriter  # noqa: F401

    import counter_tui.services.export  # noqa: F401
    import counter_tui.services.export_pdf  # noqa: F401
    import counter_tui.services.export_xlsx  # noqa: F401
    from counter_tui.storage.db import open_database  # noqa: F401


def child_csv(db_path: str, first: str, last: str, out: str) -> None:
    from counter_tui.services.export_bundle import write_csv
    from counter_tui.storage import export_queries as q
    from counter_tui.storage.db import open_database

    db = open_database(Path(db_path))
    with db.snapshot() as conn:
        rows = write_csv(Path(out), q.TICKET_HEADER, q.ticket_rows(conn, first, last))
    db.close()
    print(rows)


def _measure(argv: list[str], stdout_path: Path | None = None) -> tuple[float, float | None, str]:
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as captured:
        out = stdout_path.open("wb") if stdout_path is not None else captured
        try:
            started = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=out, stderr=errors)
            rss: float | None = None
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                rss = usage.ru_maxrss / (1e6 if sys.platform == "darwin" else 1024)
            else:
                proc.wait()
            elapsed = time.perf_counter() - started
        finally:
            if stdout_path is not None:
                out.close()
        if proc.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(argv)} failed: {errors.read().decode(errors='replace')[-2000:]}")
        captured.seek(0)
        return elapsed, rss, captured.read().decode().strip()


def _me(*args: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.bench_export", *args]


def _shell_sql(first: str, last: str) -> str:
    from counter_tui.storage import export_queries as q

    sql = " ".join(q._TICKET_ROWS.split())
    return sql.replace("BETWEEN ? AND ?", f"BETWEEN '{first}' AND '{last}'")


def run(
    day_tickets: int, year_tickets: int, runs: int, workdir: Path | None = None, quiet: bool = False
) -> dict:
    say = (lambda *a: None) if quiet else print
    results: dict = {}
    tmp = Path(tempfile.mkdtemp(prefix="bench-export-", dir=workdir))
    try:
        day_db = tmp / "day.db"
        started = time.perf_counter()
        # Built in a child process: on Linux a child's peak RSS counts its parent's at the fork, so the parent
        # that measures stays small.
        _measure(_me("--child-build-day", str(day_db), str(day_tickets)))
        say(
            f"Busy day: {day_tickets} tickets with their cases, built in {time.perf_counter() - started:.1f} s"
        )
        out = tmp / "out"
        _measure(_me("--child-export", str(day_db), str(out)))  # warm the page and bytecode caches
        walls, inner, cpus, peaks, base_peaks = [], [], [], [], []
        for _ in range(runs):
            wall, rss, printed = _measure(_me("--child-export", str(day_db), str(out)))
            _, base_rss, _ = _measure(_me("--child-imports"))
            walls.append(wall)
            inner.append(float(printed.split()[0]))
            cpus.append(float(printed.split()[1]))
            if rss is not None and base_rss is not None:
                peaks.append(rss)
                base_peaks.append(base_rss)
        bundle = next(out.iterdir())
        results["day"] = {
            "tickets": day_tickets,
            "export_s": statistics.median(inner),
            "export_cpu_s": statistics.median(cpus),
            "process_s": statistics.median(walls),
            "peak_rss_mib": statistics.median(peaks) if peaks else None,
            "imports_only_rss_mib": statistics.median(base_peaks) if base_peaks else None,
            "files": sorted(p.name for p in bundle.iterdir()),
        }
        d = results["day"]
        say(
            f"Full bundle, median of {runs}: export {d['export_s'] * 1000:.0f} ms wall "
            f"({d['export_cpu_s'] * 1000:.0f} ms CPU) inside the process, {d['process_s'] * 1000:.0f} ms for the whole "
            "process with its imports (target < 1 s)"
        )
        if peaks:
            say(
                f"  peak RSS {d['peak_rss_mib']:.1f} MiB (target < 40 MiB); a process that only imports the export's "
                f"modules: {d['imports_only_rss_mib']:.1f} MiB"
            )

        year_db = tmp / "year.db"
        started = time.perf_counter()
        _, _, span = _measure(_me("--child-build-year", str(year_db), str(year_tickets)))
        first, last = span.split()
        say(f"A year: {year_tickets:,} tickets over 250 days, built in {time.perf_counter() - started:.1f} s")
        tenth = (date.fromisoformat(last) - timedelta(days=24)).isoformat()
        shell = shutil.which("sqlite3")
        ours, ours_rss, tenth_rss, theirs, theirs_rss = [], [], [], [], []
        sql = _shell_sql(first, last)
        for _ in range(runs):
            wall, rss, printed = _measure(
                _me("--child-csv", str(year_db), first, last, str(tmp / "ours.csv"))
            )
            ours.append(wall)
            if rss is not None:
                ours_rss.append(rss)
            _, rss_tenth, _ = _measure(_me("--child-csv", str(year_db), tenth, last, str(tmp / "tenth.csv")))
            if rss_tenth is not None:
                tenth_rss.append(rss_tenth)
            if shell:
                wall, rss, _ = _measure([shell, "-csv", "-header", str(year_db), sql], tmp / "shell.csv")
                theirs.append(wall)
                if rss is not None:
                    theirs_rss.append(rss)
        year = {
            "tickets": year_tickets,
            "ours_s": statistics.median(ours),
            "ours_rss_mib": statistics.median(ours_rss) if ours_rss else None,
            "tenth_rss_mib": statistics.median(tenth_rss) if tenth_rss else None,
            "rows": int(printed),
            "shell": shell,
        }
        say(f"Year to CSV, median of {runs}: ours {year['ours_s']:.2f} s ({year['rows']:,} rows)")
        if shell:
            year["shell_s"] = statistics.median(theirs)
            year["shell_rss_mib"] = statistics.median(theirs_rss) if theirs_rss else None
            year["ratio"] = year["ours_s"] / year["shell_s"]
            shell_rows = sum(1 for _ in (tmp / "shell.csv").open(encoding="utf-8")) - 1
            year["shell_rows"] = shell_rows
            say(
                f"  sqlite3 -csv shell, same SQL: {year['shell_s']:.2f} s ({shell_rows:,} rows); "
                f"ours / shell = {year['ratio']:.2f}x (target <= 3x)"
            )
        else:
            say("  sqlite3 shell not found on PATH (apt-get install sqlite3): no baseline in this run")
        if ours_rss and tenth_rss:
            say(
                f"  peak RSS: the year {year['ours_rss_mib']:.1f} MiB, a tenth of it {year['tenth_rss_mib']:.1f} MiB"
                + (f", the shell {year['shell_rss_mib']:.1f} MiB" if year.get("shell_rss_mib") else "")
            )
        results["year"] = year
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--day-tickets", type=int, default=3000)
    parser.add_argument("--year-tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--child-export", nargs=2, metavar=("DB", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--child-csv", nargs=4, metavar=("DB", "FIRST", "LAST", "OUT"), help=argparse.SUPPRESS
    )
    parser.add_argument("--child-imports", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-build-day", nargs=2, metavar=("DB", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--child-build-year", nargs=2, metavar=("DB", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_build_day:
        build_busy_day(Path(args.child_build_day[0]), int(args.child_build_day[1]))
        return {}
    if args.child_build_year:
        print(*build_year(Path(args.child_build_year[0]), int(args.child_build_year[1])))
        return {}
    if args.child_export:
        child_export(*args.child_export)
        return {}
    if args.child_csv:
        child_csv(*args.child_csv)
        return {}
    if args.child_imports:
        child_imports()
        return {}
    return run(args.day_tickets, args.year_tickets, args.runs, args.workdir)


if __name__ == "__main__":
    main()
