"""Two counter processes print the last blanks at the same moment: the stock never goes negative, no card is
printed twice, and every refusal is the 'stock habis' sentence."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from counter_tui.domain.accounts import Actor
from counter_tui.domain.nik import build_nik
from counter_tui.services import case_finish, counter_actions, recordings, stock, stock_target, tickets
from counter_tui.services.case_draft import CaseDraft
from counter_tui.services.session import Session
from counter_tui.storage.db import Database
from tests.clock import FixedClock
from tests.conftest import OPERATOR2_CODE, OPERATOR2_PIN, OPERATOR_CODE, OPERATOR_PIN

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]

PRINT_WORKER = """
import json, os, sys, time
from datetime import UTC, datetime
from pathlib import Path
from tests.clock import FixedClock
from counter_tui.services import accounts, recordings
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database

db_path, go, code, pin, counter = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
ids = [int(x) for x in sys.argv[6].split(",")]
db = open_database(db_path)
class Clock:
    def now(self):
        return datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
clock = Clock()
session = Session(db, accounts.login(Session(db, clock=clock), code, pin, counter), clock)
(go.parent / f"ready-{os.getpid()}").touch()
while not go.exists():
    time.sleep(0.002)
printed, errors = [], []
for recording_id in ids:
    try:
        printed.append([recording_id, recordings.print_card(session, recording_id).balance_after])
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
db.close()
print(json.dumps({"printed": printed, "errors": errors}))
"""


def _print_ready_recordings(db: Database, actor: Actor, clock: FixedClock, count: int) -> list[int]:
    session = Session(db, actor, clock)
    ids = []
    for i in range(count):
        tickets.issue_ticket(session, "A")
        ticket = counter_actions.call_next(session, ["A"])
        born = date(1995, 1, 1 + i)
        draft = CaseDraft(
            nik=build_nik("62.02.05", born, "L", i + 1),
            name=f"Warga {i}",
            birth_date=born,
            sex="L",
            marital="belum_kawin",
            case_type="baru",
            documents=["kk"],
            ticket_id=ticket.id,
        )
        recording = case_finish.finish_case(session, draft).recording
        assert recording is not None
        recordings.set_recording_status(session, recording.id, "SENT_FOR_ENROLLMENT")
        recordings.set_recording_status(session, recording.id, "PRINT_READY_RECORD")
        ids.append(recording.id)
    return ids


def test_two_processes_printing_the_last_blanks_never_go_negative(
    db: Database, ready_db_path: Path, supervisor: Actor, operator: Actor, clock: FixedClock, tmp_path: Path
) -> None:
    ids = _print_ready_recordings(db, operator, clock, 10)
    spv = Session(db, supervisor, clock)
    stock_target.set_reserve_policy(spv, mode="fixed", fixed=0)
    stock.receive_stock(spv, 3, "BA-last")
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                PRINT_WORKER,
                str(ready_db_path),
                str(go),
                code,
                pin,
                str(counter),
                ",".join(str(i) for i in chunk),
            ],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for (code, pin, counter), chunk in zip(
            [(OPERATOR_CODE, OPERATOR_PIN, 1), (OPERATOR2_CODE, OPERATOR2_PIN, 2)],
            (ids[0::2], ids[1::2]),
            strict=True,
        )
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < len(workers):
        assert time.monotonic() < deadline, "workers did not start"
        time.sleep(0.01)
    go.touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    printed = [p for r in results for p in r["printed"]]
    errors = [e for r in results for e in r["errors"]]
    assert len(printed) == 3
    assert sorted(balance for _, balance in printed) == [0, 1, 2]
    assert len(errors) == 7
    assert all("habis" in e for e in errors), errors
    conn = db.conn
    assert tuple(
        conn.execute("SELECT sum(quantity), min(balance_after) FROM stock_movements").fetchone()
    ) == (0, 0)
    assert conn.execute("SELECT count(*) FROM recordings WHERE status = 'CARD_PRINTED'").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM stock_movements WHERE kind = 'used'").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'stock.used'").fetchone()[0] == 3


HILANG_WORKER = """
import json, os, sys, time
from datetime import UTC, date, datetime
from pathlib import Path
from counter_tui.domain.cases import IkdOutcome, IkdResult
from counter_tui.domain.nik import build_nik
from counter_tui.services import accounts, case_finish, counter_actions, tickets
from counter_tui.services.case_draft import CaseDraft
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database

db_path, go, code, pin, counter = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
class Clock:
    def now(self):
        return datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
db = open_database(db_path)
session = Session(db, accounts.login(Session(db, clock=Clock()), code, pin, counter), Clock())
routes, errors = [], []
for i in range(3):
    tickets.issue_ticket(session, "B")
    ticket = counter_actions.call_next(session, ["B"])
    if i == 0:
        (go.parent / f"ready-{os.getpid()}").touch()
        while not go.exists():
            time.sleep(0.002)
    born = date(1980 + counter, 1, 1 + i)
    draft = CaseDraft(nik=build_nik("62.02.05", born, "L", counter * 10 + i), name=f"Warga {counter}-{i}",
                      birth_date=born, sex="L", marital="kawin", case_type="hilang",
                      documents=["kk", "surat_kehilangan"], ticket_id=ticket.id)
    try:
        result = case_finish.finish_case(session, draft, ikd=IkdResult((True,) * 7, IkdOutcome.ACTIVATED))
        routes.append(result.decision.route.value)
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
db.close()
print(json.dumps({"routes": routes, "errors": errors}))
"""


def test_two_counters_at_the_reserve_line_print_exactly_what_it_allows(
    db: Database, ready_db_path: Path, supervisor: Actor, clock: FixedClock, tmp_path: Path
) -> None:
    spv = Session(db, supervisor, clock)
    stock_target.set_reserve_policy(spv, mode="fixed", fixed=10)
    stock.receive_stock(spv, 13, "BA")  # replacements may take 2 blanks: 13 → 12 → 11, both above 10
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", HILANG_WORKER, str(ready_db_path), str(go), code, pin, str(counter)],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for code, pin, counter in [(OPERATOR_CODE, OPERATOR_PIN, 1), (OPERATOR2_CODE, OPERATOR2_PIN, 2)]
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < len(workers):
        assert time.monotonic() < deadline, "workers did not start"
        time.sleep(0.01)
    go.touch()
    routes, errors = [], []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        result = json.loads(out.strip().splitlines()[-1])
        routes += result["routes"]
        errors += result["errors"]
    assert errors == []
    assert sorted(routes) == ["cetak", "cetak", "ikd", "ikd", "ikd", "ikd"]
    assert stock.stock_view(spv).balance == 11
    assert db.conn.execute("SELECT count(*) FROM card_waiting_list").fetchone()[0] == 4
    assert db.conn.execute("SELECT count(*) FROM tickets WHERE status = 'done'").fetchone()[0] == 6
