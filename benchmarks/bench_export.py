"""End-of-day export: the full bundle of a busy day, and a year of tickets to CSV against the sqlite3 shell.

1. A busy day: 3,000 tickets with their cases (recordings, printed cards, IKD checklists, the waiting list),
   closed, then the real command `counter-tui export` (5 CSV files, rekap.json, rekap.xlsx, rekap.pdf, manifest)
   as a fresh process, interleaved with the baselines `python -c "import sqlite3"` and a process that only imports
   what the export imports. Wall time, CPU time and peak RSS (os.wait4's ru_maxrss), medians of --runs (5).
   The export runs in one process; a sampler sums the RSS of the whole process tree every few ms and reports any
   child, so moving work into a child process could not hide memory. Targets: under 1 s and under 40 MiB.
   Then one run of the same command in-process with the peak RSS (VmHWM) after each import and each file written.
2. A year: 1,000,000 tickets (100,000 with --quick), streamed to CSV by the export's own query and writer, against
   `sqlite3 -csv -header` running the same SQL, in the same run. Target: within 3x of the shell. Memory stays
   constant: the same export of a tenth of the year peaks at the same RSS.

The data is written straight into the tables (the benchmark's fixture, not the code under test); the export runs
through the real command.

    python -m benchmarks.bench_export [--quick] [--day-tickets 3000] [--year-tickets 1000000] [--runs 5]
        [--compare-tree DIR] [--day-only]

--compare-tree DIR also runs, interleaved with the others, the same command from another checkout of counter_tui
(e.g. `git archive <commit> | tar -x -C DIR`), so two versions of the export are compared in one run.
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
import threading
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
    """The use case in-process: its own wall and CPU time, without the interpreter's start."""
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
    """What the export path imports, and nothing more: the floor under the export's own memory."""
    import cryptography.hazmat.primitives.ciphers.aead  # noqa: F401
    import xlsxwriter  # noqa: F401

    import counter_tui.cli  # noqa: F401
    import counter_tui.services.export  # noqa: F401
    import counter_tui.services.export_pdf  # noqa: F401
    import counter_tui.services.export_xlsx  # noqa: F401
    from counter_tui.storage.db import open_database  # noqa: F401

    try:  # what export_pdf imports when it writes the PDF
        import reportlab.lib.pagesizes  # noqa: F401
        import reportlab.pdfbase.pdfmetrics  # noqa: F401
        import reportlab.pdfgen.canvas  # noqa: F401
    except ImportError:  # an older tree (--compare-tree) without reportlab
        pass


# `counter-tui export` in a bare interpreter (run with -c, so not even this module loads), printing
# 'label<TAB>peak MiB' (VmHWM) when each listed module has finished importing and after each file is written.
STEPS_PROBE = r"""
import sys
def hwm():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
lines = [("interpreter started", hwm())]
db_path, out, day = sys.argv[1:4]
LABELS = {
    "sqlite3": "import sqlite3",
    "click": "import click",
    "counter_tui.cli": "import counter_tui.cli",
    "hashlib": "import hashlib (OpenSSL libcrypto)",
    "counter_tui.services.export": "import services.export (domain, storage, recap)",
    "cryptography.hazmat.primitives.ciphers.aead": "import cryptography AESGCM (Rust, own OpenSSL)",
    "xlsxwriter": "import xlsxwriter",
    "counter_tui.services.export_pdf": "import export_pdf",
    "reportlab.pdfgen.canvas": "import reportlab canvas (PIL, pickle, ...)",
}
import importlib.abc
class Recorder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in LABELS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        inner = spec.loader
        class Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return inner.create_module(spec)
            def exec_module(self, module):
                inner.exec_module(module)
                lines.append((LABELS[name], hwm()))
        spec.loader = Loader()
        return spec
sys.meta_path.insert(0, Recorder())
from counter_tui.cli import cli
from counter_tui.services import database, export, export_bundle, export_pdf, export_xlsx
def after(label, fn):
    def wrapped(*args, **kwargs):
        result = fn(*args, **kwargs)
        lines.append((label(args) if callable(label) else label, hwm()))
        return result
    return wrapped
database.open_database = after("database opened", database.open_database)
export.recap_from = after("recap read (has the day data?)", export.recap_from)
export_bundle.recap_from = after("recap read again on the bundle's snapshot", export_bundle.recap_from)
export_bundle.write_csv = after(lambda args: "wrote " + args[0].name, export_bundle.write_csv)
real_xlsx = export_xlsx.write_xlsx
def xlsx(*args, **kwargs):
    lines.append(("wrote rekap.json", hwm()))
    return after("wrote rekap.xlsx", real_xlsx)(*args, **kwargs)
export_xlsx.write_xlsx = xlsx
export_pdf.write_pdf = after("wrote rekap.pdf", export_pdf.write_pdf)
try:
    cli(["--db", db_path, "export", "--date", day, "--out", out, "--force"], prog_name="counter-tui")
except SystemExit as done:
    if done.code not in (0, None):
        raise
lines.append(("manifest written, bundle renamed (the end)", hwm()))
for label, mib in lines:
    sys.__stderr__.write(f"{label}\t{mib:.1f}\n")
"""


def child_csv(db_path: str, first: str, last: str, out: str) -> None:
    from counter_tui.services.export_bundle import write_csv
    from counter_tui.storage import export_queries as q
    from counter_tui.storage.db import open_database

    db = open_database(Path(db_path))
    with db.snapshot() as conn:
        rows = write_csv(Path(out), q.TICKET_HEADER, q.ticket_rows(conn, first, last))
    db.close()
    print(rows)


# -- measuring ----------------------------------------------------------------------------------------
def _tree_rss_kib(pid: int) -> tuple[int, int]:
    """(the summed VmRSS of pid and all its descendants, how many descendants) from /proc; (0, 0) elsewhere."""
    total, children, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as kids:
                    found = [int(k) for k in kids.read().split()]
                    children += len(found)
                    todo += found
        except OSError:
            continue
    return total, children


class _Measured:
    def __init__(
        self, wall: float, cpu: float | None, rss: float | None, tree: float | None, children: int, out: str
    ):
        self.wall, self.cpu, self.rss, self.tree, self.children, self.out = (
            wall,
            cpu,
            rss,
            tree,
            children,
            out,
        )


# On Linux a process's peak RSS (ru_maxrss) carries over its exec: a child spawned straight from this benchmark
# (~15 MiB of Python and its modules) would report at least that much, which hides a small baseline. So every
# measured process is spawned by this launcher: a bare interpreter (-S, ~8 MiB) that posix_spawns the command,
# reports its pid (for the process-tree sampler), waits, and reports the rusage.
LAUNCHER = r"""
import os, sys, time
for line in sys.stdin:
    stdout, stderr, *argv = line.rstrip("\n").split("\0")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [(os.POSIX_SPAWN_OPEN, 1, stdout, flags, 0o600), (os.POSIX_SPAWN_OPEN, 2, stderr, flags, 0o600)]
    started = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, dict(os.environ), file_actions=actions)
    print(pid, flush=True)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    print(os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, flush=True)
"""


class _Launcher:
    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None

    def run(self, argv: list[str], stdout: Path, stderr: Path, on_pid) -> tuple[int, float, float, float]:
        if self.proc is None:
            self.proc = subprocess.Popen(
                [sys.executable, "-S", "-c", LAUNCHER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write("\0".join([str(stdout), str(stderr), *argv]) + "\n")
        self.proc.stdin.flush()
        on_pid(int(self.proc.stdout.readline()))
        code, wall, cpu, maxrss = self.proc.stdout.readline().split()
        return int(code), float(wall), float(cpu), int(maxrss) / (1e6 if sys.platform == "darwin" else 1024)

    def close(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            self.proc.stdin.close()
            self.proc.wait()
            self.proc = None


_LAUNCHER = _Launcher()


def _measure(argv: list[str], stdout_path: Path | None = None) -> _Measured:
    with tempfile.TemporaryDirectory(prefix="bench-export-io-") as io_dir:
        out = stdout_path or Path(io_dir) / "stdout"
        err = Path(io_dir) / "stderr"
        peak, children, running = [0, 0], [0], [True]
        sampler: threading.Thread | None = None

        def sample(pid: int) -> None:  # the whole process tree's RSS, every 2 ms while it runs
            while running[0]:
                kib, kids = _tree_rss_kib(pid)
                peak[0] = max(peak[0], kib)
                children[0] = max(children[0], kids)
                time.sleep(0.002)

        def on_pid(pid: int) -> None:
            nonlocal sampler
            if sys.platform == "linux":
                sampler = threading.Thread(target=sample, args=(pid,), daemon=True)
                sampler.start()

        if hasattr(os, "posix_spawnp") and hasattr(os, "wait4"):
            code, wall, cpu, rss = _LAUNCHER.run(argv, out, err, on_pid)
            cpu_or_none: float | None = cpu
            rss_or_none: float | None = rss
        else:
            started = time.perf_counter()
            with out.open("wb") as o, err.open("wb") as e:
                code = subprocess.run(argv, stdout=o, stderr=e, check=False).returncode
            wall, cpu_or_none, rss_or_none = time.perf_counter() - started, None, None
        running[0] = False
        if sampler is not None:
            sampler.join()
        if code != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {err.read_text(errors='replace')[-2000:]}")
        tree = peak[0] / 1024 if sampler is not None else None
        printed = out.read_text(errors="replace").strip() if stdout_path is None else ""
        return _Measured(wall, cpu_or_none, rss_or_none, tree, children[0], printed)


def _measure_steps(argv: list[str]) -> str:
    """The probe writes its lines to stderr: the export's own output (the file list) goes to stdout."""
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the step probe failed: {done.stderr[-2000:]}")
    return "\n".join(line for line in done.stderr.splitlines() if "\t" in line)


# The CLI of another checkout (--compare-tree): its directory first on sys.path, then what the console script does.
CLI_FROM_TREE = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from counter_tui.cli import main; sys.exit(main())"
)


def _me(*args: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.bench_export", *args]


def _command() -> list[str]:
    """The installed `counter-tui` script beside this interpreter, else `python -m counter_tui` (the same CLI)."""
    script = Path(sys.executable).with_name("counter-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "counter_tui"]


def _shell_sql(first: str, last: str) -> str:
    from counter_tui.storage import export_queries as q

    sql = " ".join(q._TICKET_ROWS.split())
    return sql.replace("BETWEEN ? AND ?", f"BETWEEN '{first}' AND '{last}'")


def _median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} MiB"


def run(
    day_tickets: int,
    year_tickets: int,
    runs: int,
    workdir: Path | None = None,
    quiet: bool = False,
    year_runs: int | None = None,
    compare_tree: Path | None = None,
    day_only: bool = False,
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
        export_args = ["--db", str(day_db), "export", "--date", DAY.isoformat(), "--out", str(out), "--force"]
        command = [*_command(), *export_args]
        other = (
            [sys.executable, "-c", CLI_FROM_TREE, str(compare_tree.resolve()), *export_args]
            if compare_tree
            else None
        )
        _measure(command)  # warm the page and bytecode caches
        if other:
            _measure(other)
        base, floor, real, inner, compared = [], [], [], [], []
        for _ in range(runs):  # interleaved, so the machine's load falls on every side alike
            base.append(_measure([sys.executable, "-c", "import sqlite3"]))
            floor.append(_measure(_me("--child-imports")))
            real.append(_measure(command))
            inner.append(_measure(_me("--child-export", str(day_db), str(out))))
            if other:
                compared.append(_measure(other))
        bundle = next(out.iterdir())
        day = {
            "tickets": day_tickets,
            "runs": runs,
            "baseline_s": _median([m.wall for m in base]),
            "baseline_rss_mib": _median([m.rss for m in base]),
            "imports_only_s": _median([m.wall for m in floor]),
            "imports_only_rss_mib": _median([m.rss for m in floor]),
            "process_s": _median([m.wall for m in real]),
            "process_cpu_s": _median([m.cpu for m in real]),
            "peak_rss_mib": _median([m.rss for m in real]),
            "tree_peak_rss_mib": _median([m.tree for m in real]),
            "children": max(m.children for m in real),
            "export_s": _median([float(m.out.split()[0]) for m in inner]),
            "export_cpu_s": _median([float(m.out.split()[1]) for m in inner]),
            "files": sorted(p.name for p in bundle.iterdir()),
        }
        if compared:
            day["compare_tree"] = str(compare_tree)
            day["compare_s"] = _median([m.wall for m in compared])
            day["compare_cpu_s"] = _median([m.cpu for m in compared])
            day["compare_rss_mib"] = _median([m.rss for m in compared])
        results["day"] = day
        say(f"Full bundle, medians of {runs} interleaved runs (wall / CPU / peak RSS):")
        say(
            f"  baseline python -c 'import sqlite3'   {_ms(day['baseline_s']):>8}              "
            f"{_mib(day['baseline_rss_mib']):>9}"
        )
        say(
            f"  imports of the export path only      {_ms(day['imports_only_s']):>8}              "
            f"{_mib(day['imports_only_rss_mib']):>9}"
        )
        say(
            f"  counter-tui export (the command)     {_ms(day['process_s']):>8} / {_ms(day['process_cpu_s']):>7} / "
            f"{_mib(day['peak_rss_mib']):>9}   (targets < 1 s, < 40 MiB)"
        )
        say(
            f"  whole process tree, sampled: {_mib(day['tree_peak_rss_mib'])}, child processes: {day['children']}; "
            f"export_day in-process: {_ms(day['export_s'])} wall, {_ms(day['export_cpu_s'])} CPU"
        )
        if compared:
            say(
                f"  the same command from {compare_tree}: {_ms(day['compare_s'])} / {_ms(day['compare_cpu_s'])} / "
                f"{_mib(day['compare_rss_mib'])}"
            )
        steps = _measure_steps([sys.executable, "-c", STEPS_PROBE, str(day_db), str(out), DAY.isoformat()])
        day["steps"] = [
            (label, float(mib)) for label, mib in (line.split("\t") for line in steps.splitlines())
        ]
        say(
            "  peak RSS step by step (one run of the command in a bare interpreter; VmHWM when each module has "
            "finished loading, so a line counts what it pulled in first, and after each file):"
        )
        previous = 0.0
        for label, mib in day["steps"]:
            say(f"    {label:<48} {mib:6.1f} MiB  ({mib - previous:+4.1f})")
            previous = mib

        if day_only:
            return results
        year_db = tmp / "year.db"
        started = time.perf_counter()
        span = _measure(_me("--child-build-year", str(year_db), str(year_tickets))).out
        first, last = span.split()
        say(f"A year: {year_tickets:,} tickets over 250 days, built in {time.perf_counter() - started:.1f} s")
        tenth = (date.fromisoformat(last) - timedelta(days=24)).isoformat()
        shell = shutil.which("sqlite3")
        ours, tenths, theirs = [], [], []
        sql = _shell_sql(first, last)
        for _ in range(year_runs or runs):
            ours.append(_measure(_me("--child-csv", str(year_db), first, last, str(tmp / "ours.csv"))))
            tenths.append(_measure(_me("--child-csv", str(year_db), tenth, last, str(tmp / "tenth.csv"))))
            if shell:
                theirs.append(_measure([shell, "-csv", "-header", str(year_db), sql], tmp / "shell.csv"))
        year = {
            "tickets": year_tickets,
            "ours_s": _median([m.wall for m in ours]),
            "ours_rss_mib": _median([m.rss for m in ours]),
            "tenth_rss_mib": _median([m.rss for m in tenths]),
            "rows": int(ours[-1].out),
            "shell": shell,
        }
        say(f"Year to CSV, median of {len(ours)}: ours {year['ours_s']:.2f} s ({year['rows']:,} rows)")
        if shell:
            year["shell_s"] = _median([m.wall for m in theirs])
            year["shell_rss_mib"] = _median([m.rss for m in theirs])
            year["ratio"] = year["ours_s"] / year["shell_s"]
            shell_rows = sum(1 for _ in (tmp / "shell.csv").open(encoding="utf-8")) - 1
            year["shell_rows"] = shell_rows
            say(
                f"  sqlite3 -csv shell, same SQL: {year['shell_s']:.2f} s ({shell_rows:,} rows); "
                f"ours / shell = {year['ratio']:.2f}x (target <= 3x)"
            )
        else:
            say("  sqlite3 shell not found on PATH (apt-get install sqlite3): no baseline in this run")
        if year["ours_rss_mib"] is not None and year["tenth_rss_mib"] is not None:
            say(
                f"  peak RSS: the year {_mib(year['ours_rss_mib'])}, a tenth of it {_mib(year['tenth_rss_mib'])}"
                + (f", the shell {_mib(year['shell_rss_mib'])}" if year.get("shell_rss_mib") else "")
            )
        results["year"] = year
        return results
    finally:
        _LAUNCHER.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a year of 100,000 tickets instead of 1,000,000")
    parser.add_argument("--day-tickets", type=int, default=3000)
    parser.add_argument("--year-tickets", type=int, help="default 1,000,000 (100,000 with --quick)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement for the medians (5)")
    parser.add_argument("--year-runs", type=int, help="runs of the year part (default: --runs)")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument(
        "--compare-tree", type=Path, help="also run the export of another checkout (see above)"
    )
    parser.add_argument("--day-only", action="store_true", help="the busy day's bundle only, not the year")
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
    year = args.year_tickets or (100_000 if args.quick else 1_000_000)
    return run(
        args.day_tickets,
        year,
        args.runs,
        args.workdir,
        year_runs=args.year_runs,
        compare_tree=args.compare_tree,
        day_only=args.day_only,
    )


if __name__ == "__main__":
    main()
