"""Issue → call next → finish through the use-case layer, against raw sqlite3 doing the same SQL.

Setup: an office database with N historical tickets (default 1,000,000 over ~1000 past days), bulk-inserted with
sqlite-utils' insert_all (counter_tui.storage.bulk) inside one BEGIN IMMEDIATE (the setup alone bypasses the use
cases), then copied, so both sides start from the same bytes. One side runs `counter_tui.services.queue` on a real `Database`; the other runs, on the copy,
exactly the statements one round of those use cases executes (read from counter_tui/storage), including the
audit-chain append, with the same pragmas, as plain `sqlite3` calls. Both sides use the same moments, so after
the run their new rows must be identical; the benchmark checks that, which keeps the raw side honest.

The two sides run alternately in blocks, in swapped order, to spread the machine's noise over both.
Target: use case ≤ 1.5 × raw at the median.

    python -m benchmarks.bench_queue [--historical 1000000] [--rounds 300] [--blocks 6]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from counter_tui.domain.accounts import Actor, Role
from counter_tui.domain.keys import PURPOSE_AUDIT_CHAIN, derive_key
from counter_tui.services import account_admin, accounts, counter_actions, office_setup, queue_config, tickets
from counter_tui.services.office_setup import SetupRequest
from counter_tui.services.session import Session
from counter_tui.storage.bulk import insert_rows
from counter_tui.storage.db import BUSY_TIMEOUT_MS, open_database
from tests.clock import FixedClock

TODAY_START = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # Monday 08:00 WIB
SERVICES = "ABCDE"
OUTCOMES = ("selesai", "selesai", "selesai", "berkas_kurang", "dirujuk_ikd")
OPERATIONS = ("issue", "call_next", "finish")
SUPERVISOR_PIN = "482913"
OPERATOR_PIN = "572946"
_UTC = "%Y-%m-%dT%H:%M:%S.%fZ"


try:
    import fcntl
except ImportError:  # Windows: the app writes the head file without a flock there too
    fcntl = None  # type: ignore[assignment]


# -- setup -----------------------------------------------------------------------------------------
def create_office(path: Path) -> int:
    """A real office through the use cases: supervisor, one operator, open around the clock. Returns its id."""
    clock = FixedClock(TODAY_START - timedelta(days=1100))
    db = open_database(path, create=True)
    try:
        office_setup.setup_office(
            Session(db, clock=clock),
            SetupRequest(
                "Disdukcapil Kab. Kotawaringin Timur",
                "62.02",
                "SPV1",
                "Agus Supervisor",
                SUPERVISOR_PIN,
                SUPERVISOR_PIN,
            ),
        )
        spv = accounts.login(Session(db, clock=clock), "SPV1", SUPERVISOR_PIN, 0)
        operator = account_admin.add_operator(
            Session(db, spv, clock), "OPR1", "Siti Petugas", "operator", OPERATOR_PIN, OPERATOR_PIN
        )
        for weekday in range(7):
            queue_config.set_weekday_hours(Session(db, spv, clock), weekday, "00:00", "24:00")
        return operator.id
    finally:
        db.close()


HISTORY_COLUMNS = (
    "service_date",
    "origin_service",
    "number",
    "service_code",
    "priority",
    "status",
    "issued_at",
    "queued_at",
    "called_at",
    "served_at",
    "finished_at",
    "counter",
    "operator_id",
    "call_count",
    "outcome",
    "issued_by",
)


def _historical_rows(count: int, days: int, operator_id: int, seed: int = 20261130) -> Iterator[tuple]:
    """Past tickets, ~count/days a day from 08:00 WIB, mostly done. Times are text built from a per-second
    table (strftime for a million rows would dominate the setup)."""
    rng = random.Random(seed)
    clock_texts = [f"T{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}.000000Z" for s in range(86400)]
    priorities = ("lansia", "disabilitas", "hamil", "anak", "bencana")
    per_day = max(1, count // days)
    produced = 0
    day_index = 0
    while produced < count:
        day_index += 1
        service_date = (TODAY_START.date() - timedelta(days=day_index)).isoformat()
        numbers = dict.fromkeys(SERVICES, 0)
        for i in range(min(per_day, count - produced)):
            letter = SERVICES[rng.randrange(5)]
            numbers[letter] += 1
            issued = 3600 + (i * 20) % 50000  # seconds after 00:00 UTC, from 08:00 WIB
            called = issued + 60 * rng.randrange(1, 90)
            finished = called + 60 * rng.randrange(2, 20)
            roll = rng.random()
            status = "done" if roll < 0.9 else ("no_show" if roll < 0.97 else "closed")
            priority = priorities[int(roll * 1000) % 5] if roll * 10 % 1 < 0.1 else None
            issued_text = service_date + clock_texts[issued]
            if status == "closed":
                yield (
                    service_date,
                    letter,
                    numbers[letter],
                    letter,
                    priority,
                    status,
                    issued_text,
                    issued_text,
                    None,
                    None,
                    None,
                    None,
                    None,
                    0,
                    None,
                    "OPR1",
                )
            else:
                called_text = service_date + clock_texts[called]
                yield (
                    service_date,
                    letter,
                    numbers[letter],
                    letter,
                    priority,
                    status,
                    issued_text,
                    issued_text,
                    called_text,
                    called_text if status == "done" else None,
                    service_date + clock_texts[finished],
                    1 + i % 4,
                    operator_id,
                    1,
                    OUTCOMES[i % len(OUTCOMES)] if status == "done" else None,
                    "OPR1",
                )
            produced += 1


def build_database(path: Path, historical: int, days: int) -> tuple[int, float]:
    """The office plus `historical` past tickets; returns the operator id and the seconds the setup took.

    Setup only: the ticket indexes are dropped during the bulk insert and recreated from their own SQL text
    afterwards, and the journal is off meanwhile; the schema the benchmark then opens is unchanged.
    """
    started = time.perf_counter()
    operator_id = create_office(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL"
        ).fetchall()
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        conn.execute("BEGIN IMMEDIATE")
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        insert_rows(conn, "tickets", HISTORY_COLUMNS, _historical_rows(historical, days, operator_id))
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return operator_id, time.perf_counter() - started


# -- the raw side: the same statements as one round of the use cases -------------------------------
_COLUMNS = (
    "id, service_date, service_code, origin_service, number, priority, status, queued_at, issued_at, called_at,"
    " served_at, finished_at, counter, operator_id, call_count, requeued, outcome, nik_masked"
)


def _raw_connect(path: Path) -> sqlite3.Connection:
    """The same connection settings as counter_tui.storage.db._connect."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _raw_audit(
    conn: sqlite3.Connection,
    key: bytes,
    at: str,
    operator_id: int,
    code: str,
    counter: int,
    action: str,
    obj: str,
    details: dict,
) -> None:
    """The keyed audit chain (chain_version 2: HMAC-SHA256 under the key derived from the key file)."""
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else "0" * 64
    text = json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = json.dumps(
        [prev, at, operator_id, code, counter, action, obj, text], ensure_ascii=False, separators=(",", ":")
    )
    digest = hmac.new(key, ("v2:" + payload).encode("utf-8"), hashlib.sha256).hexdigest()
    conn.execute(
        "INSERT INTO audit_log (at_utc, operator_id, operator_code, counter, action, object, details, prev_hash, hash,"
        " chain_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 2)",
        (at, operator_id, code, counter, action, obj, text, prev, digest),
    )


def _raw_head_file(conn: sqlite3.Connection, path: Path, key: bytes) -> None:
    """What storage/chain_head.py does after each commit that appended audit rows: the newest row into the head
    file beside the database, under a flock, one pwrite (no fsync: the commit before it was durable)."""
    row = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    mac = hmac.new(key, f"head:{row[0]}:{row[1]}".encode("ascii"), hashlib.sha256).hexdigest()
    line = f"counter-tui-head v1 {row[0]:020d} {row[1]} {mac}\n".encode("ascii")
    fd = os.open(f"{path}.head", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.pread(fd, 256, 0)
        os.pwrite(fd, line, 0)
    finally:
        os.close(fd)


class RawQueue:
    """Hand-written sqlite3: what the use cases would cost without the layers."""

    def __init__(self, path: Path, operator_id: int, synchronous: str = "FULL") -> None:
        self.conn = _raw_connect(path)
        self.conn.execute(f"PRAGMA synchronous = {synchronous}")
        self.path = path
        self.operator_id = operator_id
        self.key = derive_key(bytes.fromhex(Path(f"{path}.pepper").read_text().strip()), PURPOSE_AUDIT_CHAIN)

    def close(self) -> None:
        self.conn.close()

    def _write(self, body: Callable[[sqlite3.Connection], object]) -> object:
        if os.path.exists(f"{self.path}.damaged"):  # storage/db.py: no writes after corruption was seen
            raise RuntimeError("damaged")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            # services._acting re-reads the actor's account under the write lock before every change.
            self.conn.execute(
                "SELECT id, code, full_name, role, active, locked, failed_attempts FROM operators WHERE id = ?",
                (self.operator_id,),
            ).fetchone()
            result = body(self.conn)
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()
        _raw_head_file(self.conn, self.path, self.key)
        return result

    def issue(self, now: datetime, letter: str) -> object:
        local = now + timedelta(hours=7)
        today, at = local.date().isoformat(), now.strftime(_UTC)

        def body(conn: sqlite3.Connection) -> object:
            # The clock check: the newest ticket or audit time (domain/queue.py issue_moment).
            conn.execute(
                "SELECT max(t) FROM (SELECT (SELECT issued_at FROM tickets ORDER BY id DESC LIMIT 1) AS t"
                " UNION ALL SELECT (SELECT at_utc FROM audit_log ORDER BY id DESC LIMIT 1))"
            ).fetchone()
            conn.execute(
                "SELECT code, name, active, daily_quota, sort_order FROM services WHERE code = ?", (letter,)
            ).fetchone()
            special = conn.execute(
                "SELECT opens, closes, reason FROM special_days WHERE day = ?", (today,)
            ).fetchone()
            if special is None:
                conn.execute(
                    "SELECT opens, closes FROM opening_hours WHERE weekday = ?", (local.date().weekday(),)
                ).fetchone()
            conn.execute(
                "SELECT coalesce(max(number), 0) FROM tickets WHERE service_date = ? AND origin_service = ?",
                (today, letter),
            ).fetchone()
            number = conn.execute(
                "SELECT coalesce(max(number), 0) + 1 FROM tickets WHERE service_date = ? AND origin_service = ?",
                (today, letter),
            ).fetchone()[0]
            ticket_id = conn.execute(
                "INSERT INTO tickets (service_date, origin_service, number, service_code, priority, nik_key, nik_masked,"
                " status, issued_at, queued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?)",
                (today, letter, number, letter, None, None, None, at, at, "OPR1"),
            ).lastrowid
            row = conn.execute(f"SELECT {_COLUMNS} FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
            label = f"{letter}-{number:03d}"
            _raw_audit(
                conn,
                self.key,
                at,
                self.operator_id,
                "OPR1",
                0,
                "ticket.issue",
                f"ticket:{today}:{label}",
                {"priority": None},
            )
            # storage.queue.position_of for a just-issued ticket: priority count, "anything later?", kept count.
            conn.execute(
                "SELECT count(*) FROM tickets INDEXED BY tickets_queue WHERE service_date = ? AND status = 'waiting'"
                " AND service_code = ? AND (priority IS NULL) = ?",
                (today, letter, 0),
            ).fetchone()
            conn.execute(
                "SELECT 1 FROM tickets INDEXED BY tickets_queue WHERE service_date = ? AND status = 'waiting'"
                " AND service_code = ? AND (priority IS NULL) = ? AND queued_at >= ? AND (queued_at > ? OR id > ?)"
                " LIMIT 1",
                (today, letter, 1, row["queued_at"], row["queued_at"], row["id"]),
            ).fetchone()
            conn.execute(
                "SELECT coalesce(sum(n), 0) FROM ticket_counts WHERE service_date = ? AND status = 'waiting'"
                " AND service_code IN (?)",
                (today, letter),
            ).fetchone()
            conn.execute(
                "SELECT avg((julianday(finished_at) - julianday(coalesce(served_at, called_at))) * 1440.0)"
                " FROM tickets WHERE service_date = ? AND service_code = ? AND status = 'done'",
                (today, letter),
            ).fetchone()
            conn.execute(
                "SELECT count(*) FROM counters WHERE instr(services, ?) > 0 AND last_seen >= ?",
                (letter, (now - timedelta(minutes=5)).strftime(_UTC)),
            ).fetchone()
            return row

        return self._write(body)

    def call_next(self, now: datetime, counter: int, services: list[str]) -> object:
        today, at = (now + timedelta(hours=7)).date().isoformat(), now.strftime(_UTC)

        def body(conn: sqlite3.Connection) -> object:
            conn.execute(
                f"SELECT {_COLUMNS} FROM tickets WHERE service_date = ? AND counter = ?"
                " AND status IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1",
                (today, counter),
            ).fetchone()
            placeholders = ",".join("?" * len(services))
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM tickets WHERE service_date = ? AND status = 'waiting'"
                f" AND service_code IN ({placeholders}) ORDER BY (priority IS NULL), queued_at, id LIMIT 1",
                (today, *services),
            ).fetchone()
            conn.execute(
                "UPDATE tickets SET status = ?, called_at = ?, counter = ?, operator_id = ?, call_count = ? WHERE id = ?",
                ("called", at, counter, self.operator_id, row["call_count"] + 1, row["id"]),
            )
            label = f"{row['origin_service']}-{row['number']:03d}"
            conn.execute(
                "INSERT INTO calls (ticket_id, label, counter, at_utc, service_date) VALUES (?, ?, ?, ?, ?)",
                (row["id"], label, counter, at, today),
            )
            _raw_audit(
                conn,
                self.key,
                at,
                self.operator_id,
                "OPR1",
                counter,
                "ticket.call",
                f"ticket:{today}:{label}",
                {"counter": counter},
            )
            return conn.execute(f"SELECT {_COLUMNS} FROM tickets WHERE id = ?", (row["id"],)).fetchone()

        return self._write(body)

    def finish(self, now: datetime, counter: int, outcome: str) -> object:
        today, at = (now + timedelta(hours=7)).date().isoformat(), now.strftime(_UTC)

        def body(conn: sqlite3.Connection) -> object:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM tickets WHERE service_date = ? AND counter = ?"
                " AND status IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1",
                (today, counter),
            ).fetchone()
            conn.execute(
                "UPDATE tickets SET status = ?, outcome = ?, finished_at = ?, served_at = ?, operator_id = ?"
                " WHERE id = ?",
                ("done", outcome, at, row["served_at"] or row["called_at"], self.operator_id, row["id"]),
            )
            label = f"{row['origin_service']}-{row['number']:03d}"
            _raw_audit(
                conn,
                self.key,
                at,
                self.operator_id,
                "OPR1",
                counter,
                "ticket.finish",
                f"ticket:{today}:{label}",
                {"outcome": outcome},
            )
            return conn.execute(f"SELECT {_COLUMNS} FROM tickets WHERE id = ?", (row["id"],)).fetchone()

        return self._write(body)


class FloorQueue:
    """The least any issue can cost: one INSERT that takes the next number, in BEGIN IMMEDIATE (no audit, no
    hours, no position). Printed beside the others as a floor; not part of the identical-rows check."""

    def __init__(self, path: Path, synchronous: str) -> None:
        self.conn = _raw_connect(path)
        self.conn.execute(f"PRAGMA synchronous = {synchronous}")

    def close(self) -> None:
        self.conn.close()

    def issue(self, now: datetime, letter: str) -> None:
        today, at = (now + timedelta(hours=7)).date().isoformat(), now.strftime(_UTC)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            "INSERT INTO tickets (service_date, origin_service, number, service_code, status, issued_at, queued_at,"
            " issued_by) VALUES (?1, ?2, (SELECT coalesce(max(number), 0) + 1 FROM tickets WHERE service_date = ?1"
            " AND origin_service = ?2), ?2, 'waiting', ?3, ?3, 'OPR1')",
            (today, letter, at),
        )
        self.conn.execute("COMMIT")


def add_busy_day(path: Path, operator_id: int, issued: int = 3000, waiting: int = 2000) -> None:
    """Today already busy before the measured rounds: `issued` tickets for A and B since 07:00 WIB, all but
    `waiting` of them done at counter 2. Setup only (executemany)."""
    day = (TODAY_START + timedelta(hours=7)).date().isoformat()
    start = TODAY_START - timedelta(hours=1)
    numbers = {"A": 0, "B": 0}
    rows = []
    for n in range(issued):
        letter = "AB"[n % 2]
        numbers[letter] += 1
        at = (start + timedelta(seconds=n)).strftime(_UTC)
        if n < issued - waiting:
            rows.append(
                (
                    day,
                    letter,
                    numbers[letter],
                    letter,
                    "done",
                    at,
                    at,
                    at,
                    at,
                    at,
                    2,
                    operator_id,
                    1,
                    "selesai",
                )
            )
        else:
            rows.append(
                (
                    day,
                    letter,
                    numbers[letter],
                    letter,
                    "waiting",
                    at,
                    at,
                    None,
                    None,
                    None,
                    None,
                    None,
                    0,
                    None,
                )
            )
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO tickets (service_date, origin_service, number, service_code, status, issued_at, queued_at,"
            " called_at, served_at, finished_at, counter, operator_id, call_count, outcome, issued_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPR1')",
            rows,
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


# -- the use-case side -----------------------------------------------------------------------------
class UseCaseQueue:
    def __init__(self, path: Path, operator_id: int, synchronous: str = "FULL") -> None:
        self.db = open_database(path)
        self.db.conn.execute(f"PRAGMA synchronous = {synchronous}")
        self.clock = FixedClock(TODAY_START)
        self.front_desk = Actor(operator_id, "OPR1", Role.OPERATOR, 0, "Siti Petugas")
        self.counter = Actor(operator_id, "OPR1", Role.OPERATOR, 1, "Siti Petugas")

    def close(self) -> None:
        self.db.close()

    def issue(self, now: datetime, letter: str) -> object:
        self.clock.moment = now
        return tickets.issue_ticket(Session(self.db, self.front_desk, self.clock), letter)

    def call_next(self, now: datetime, counter: int, services: list[str]) -> object:
        self.clock.moment = now
        return counter_actions.call_next(Session(self.db, self.counter, self.clock), services)

    def finish(self, now: datetime, counter: int, outcome: str) -> object:
        self.clock.moment = now
        return counter_actions.finish(Session(self.db, self.counter, self.clock), outcome)


def one_round(side: RawQueue | UseCaseQueue, index: int, timings: dict[str, list[float]]) -> None:
    moment = TODAY_START + timedelta(seconds=3 * index)
    letter = SERVICES[index % 2]  # A and B
    steps = (
        ("issue", lambda: side.issue(moment, letter)),
        ("call_next", lambda: side.call_next(moment + timedelta(seconds=1), 1, ["A", "B"])),
        ("finish", lambda: side.finish(moment + timedelta(seconds=2), 1, "selesai")),
    )
    for name, step in steps:
        started = time.perf_counter()
        step()
        timings[name].append((time.perf_counter() - started) * 1000.0)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _new_rows(path: Path, day: str) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            "tickets": conn.execute(
                "SELECT * FROM tickets WHERE service_date = ? ORDER BY id", (day,)
            ).fetchall(),
            "calls": conn.execute(
                "SELECT * FROM calls WHERE service_date = ? ORDER BY id", (day,)
            ).fetchall(),
            "audit_log": conn.execute(
                "SELECT * FROM audit_log WHERE action LIKE 'ticket.%' ORDER BY id"
            ).fetchall(),
        }
    finally:
        conn.close()


def run(
    historical: int = 1_000_000,
    rounds: int = 300,
    blocks: int = 6,
    days: int = 1000,
    warmup: int = 5,
    workdir: Path | None = None,
    quiet: bool = False,
    busy_day: bool = False,
    synchronous: str = "FULL",
) -> dict:
    say: Callable[..., None] = (lambda *a: None) if quiet else print
    with tempfile.TemporaryDirectory(prefix="bench-queue-", dir=workdir) as tmp:
        usecase_path, raw_path = Path(tmp) / "usecase.db", Path(tmp) / "raw.db"
        say(f"Building {historical:,} historical tickets over {min(days, historical):,} days ...")
        operator_id, setup_seconds = build_database(usecase_path, historical, min(days, historical))
        if busy_day:
            add_busy_day(usecase_path, operator_id)
            say("  plus a busy day: 3,000 issued today, 2,000 of them waiting")
        shutil.copyfile(usecase_path, raw_path)
        shutil.copyfile(f"{usecase_path}.pepper", f"{raw_path}.pepper")
        floor_path = Path(tmp) / "floor.db"
        shutil.copyfile(usecase_path, floor_path)
        size_mb = usecase_path.stat().st_size / 1e6
        say(f"  done in {setup_seconds:.1f} s; database {size_mb:,.0f} MB, copied for the raw side.")

        sides = {
            "usecase": UseCaseQueue(usecase_path, operator_id, synchronous),
            "raw": RawQueue(raw_path, operator_id, synchronous),
        }
        floor_side = FloorQueue(floor_path, synchronous)
        floor_times: list[float] = []
        timings = {name: {op: [] for op in OPERATIONS} for name in sides}
        try:
            discard = {op: [] for op in OPERATIONS}
            for index in range(warmup):  # the same warm-up rounds on both sides, not measured
                for side in sides.values():
                    one_round(side, index, discard)
            per_block = max(1, rounds // blocks)
            done = 0
            block = 0
            while done < rounds:
                size = min(per_block, rounds - done)
                order = ("usecase", "raw") if block % 2 == 0 else ("raw", "usecase")
                for name in order:
                    for index in range(warmup + done, warmup + done + size):
                        one_round(sides[name], index, timings[name])
                for index in range(warmup + done, warmup + done + size):
                    moment = TODAY_START + timedelta(seconds=3 * index)
                    started = time.perf_counter()
                    floor_side.issue(moment, SERVICES[index % 2])
                    floor_times.append((time.perf_counter() - started) * 1000.0)
                done += size
                block += 1
        finally:
            for side in sides.values():
                side.close()
            floor_side.close()

        today = (TODAY_START + timedelta(hours=7)).date().isoformat()
        identical = _new_rows(usecase_path, today) == _new_rows(raw_path, today)

    results: dict = {
        "historical": historical,
        "rounds": rounds,
        "setup_seconds": setup_seconds,
        "identical_rows": identical,
        "operations": {},
        "busy_day": busy_day,
        "synchronous": synchronous,
    }
    say(
        f"\nsynchronous={synchronous}{', busy day' if busy_day else ''}: {rounds} rounds of issue → call_next → finish, {block} alternating blocks (ms per operation)"
    )
    say(f"{'operation':<10} {'use case median':>16} {'p95':>8} {'raw median':>11} {'p95':>8} {'ratio':>7}")
    totals = {
        name: [sum(t) for t in zip(*(timings[name][op] for op in OPERATIONS), strict=True)] for name in sides
    }
    rows = [(op, timings["usecase"][op], timings["raw"][op]) for op in OPERATIONS]
    rows.append(("round", totals["usecase"], totals["raw"]))
    for op, uc, raw in rows:
        entry = {
            "usecase_median_ms": statistics.median(uc),
            "usecase_p95_ms": _percentile(uc, 0.95),
            "raw_median_ms": statistics.median(raw),
            "raw_p95_ms": _percentile(raw, 0.95),
        }
        entry["ratio"] = entry["usecase_median_ms"] / entry["raw_median_ms"]
        results["operations"][op] = entry
        say(
            f"{op:<10} {entry['usecase_median_ms']:>16.3f} {entry['usecase_p95_ms']:>8.3f} "
            f"{entry['raw_median_ms']:>11.3f} {entry['raw_p95_ms']:>8.3f} {entry['ratio']:>6.2f}×"
        )
    floor = statistics.median(floor_times)
    results["floor_issue_median_ms"] = floor
    results["issue_vs_floor"] = results["operations"]["issue"]["usecase_median_ms"] / floor
    say(
        f"{'floor':<10} {floor:>16.3f} {_percentile(floor_times, 0.95):>8.3f}   (one INSERT taking the number; "
        f"issue is {results['issue_vs_floor']:.2f}× this)"
    )
    worst = max(e["ratio"] for e in results["operations"].values())
    results["within_target"] = worst <= 1.5
    say(
        f"\nTarget: use case ≤ 1.5 × raw at the median. Worst ratio {worst:.2f}× → "
        f"{'met' if results['within_target'] else 'NOT met'}."
    )
    say(f"Both sides wrote identical rows (tickets, calls, audit chain): {'yes' if identical else 'NO'}.")
    return results


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--historical", type=int, default=1_000_000, help="historical tickets (default 1,000,000)"
    )
    parser.add_argument("--days", type=int, default=1000, help="past days they spread over (default 1000)")
    parser.add_argument("--rounds", type=int, default=300, help="measured rounds per side (default 300)")
    parser.add_argument("--blocks", type=int, default=6, help="alternating blocks (default 6)")
    parser.add_argument("--workdir", type=Path, default=None, help="where the temporary databases go")
    parser.add_argument(
        "--busy-day", action="store_true", help="3,000 issued today, 2,000 waiting, before the rounds"
    )
    parser.add_argument(
        "--synchronous",
        choices=("FULL", "NORMAL"),
        default="FULL",
        help="both sides' PRAGMA synchronous (FULL is the app's; NORMAL shows the Python overhead)",
    )
    parser.add_argument(
        "--variants",
        action="store_true",
        help="run the plain, busy-day and synchronous=NORMAL busy-day variants one after another",
    )
    args = parser.parse_args(argv)
    common = dict(
        historical=args.historical,
        rounds=args.rounds,
        blocks=args.blocks,
        days=args.days,
        workdir=args.workdir,
    )
    if args.variants:
        return {
            "plain": run(**common, synchronous=args.synchronous),
            "busy_day": run(**common, busy_day=True, synchronous=args.synchronous),
            "busy_day_normal": run(**common, busy_day=True, synchronous="NORMAL"),
        }
    return run(**common, busy_day=args.busy_day, synchronous=args.synchronous)


if __name__ == "__main__":
    main()
