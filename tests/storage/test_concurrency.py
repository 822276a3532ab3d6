"""Several counter processes on one database file: numbering and calling stay exact under contention."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from counter_tui.storage.db import open_database
from tests.conftest import OPERATOR2_CODE, OPERATOR2_PIN, OPERATOR_CODE, OPERATOR_PIN

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]

# Every child says it is ready (a file named after its pid), then waits for the go file,
# so that all of them really run at the same time.
ISSUE_WORKER = """
import json, os, sys, time
from datetime import UTC, datetime
from pathlib import Path
from counter_tui.domain.accounts import KIOSK
from tests.clock import FixedClock
from counter_tui.services.session import Session
from counter_tui.services.tickets import issue_ticket
from counter_tui.storage.db import open_database

db_path, go, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
db = open_database(db_path)
clock = FixedClock(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
(go.parent / f"ready-{os.getpid()}").touch()
while not go.exists():
    time.sleep(0.002)
labels, errors = [], []
for _ in range(count):
    try:
        labels.append(issue_ticket(Session(db, KIOSK, clock), "A").ticket.label)
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
db.close()
print(json.dumps({"labels": labels, "errors": errors}))
"""

CALL_WORKER = """
import json, os, sys, time
from datetime import UTC, datetime
from pathlib import Path
from tests.clock import FixedClock
from counter_tui.domain.errors import EmptyQueue
from counter_tui.services import accounts, counter_actions
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database

db_path, go, code, pin, counter = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
db = open_database(db_path)
clock = FixedClock(datetime(2026, 11, 30, 3, 0, tzinfo=UTC))
actor = accounts.login(Session(db, clock=clock), code, pin, counter)
session = Session(db, actor, clock)
(go.parent / f"ready-{os.getpid()}").touch()
while not go.exists():
    time.sleep(0.002)
called, errors = [], []
while True:
    try:
        ticket = counter_actions.call_next(session, ["A"])
    except EmptyQueue:
        break
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
        break
    called.append(ticket.label)
    counter_actions.finish(session, "selesai")
    time.sleep(0.003)  # a moment at the counter; without it one process re-takes the lock every time
db.close()
print(json.dumps({"called": called, "errors": errors}))
"""


def start_workers(script: str, argv_list: list[list[str]], go: Path) -> list[dict]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), *argv],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in argv_list
    ]
    deadline = time.monotonic() + 120
    while len(list(go.parent.glob("ready-*"))) < len(procs):
        assert all(p.poll() is None for p in procs), "a worker died before the start"
        assert time.monotonic() < deadline, "workers never became ready"
        time.sleep(0.01)
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_four_processes_issue_a_001_to_a_1000_without_gaps(ready_db_path: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    results = start_workers(ISSUE_WORKER, [[str(ready_db_path), str(go), "250"] for _ in range(4)], go)
    assert [r["errors"] for r in results] == [[], [], [], []]
    labels = [label for r in results for label in r["labels"]]
    assert len(labels) == 1000
    assert sorted(labels) == sorted(f"A-{n:03d}" for n in range(1, 1001))
    assert all(len(r["labels"]) == 250 for r in results)
    # Each process saw its own numbers rise.
    for r in results:
        numbers = [int(label[2:]) for label in r["labels"]]
        assert numbers == sorted(numbers)
    db = open_database(ready_db_path)
    try:
        rows = db.conn.execute(
            "SELECT number FROM tickets WHERE service_date = '2026-11-30' AND origin_service = 'A'"
            " ORDER BY number"
        ).fetchall()
        assert [r[0] for r in rows] == list(range(1, 1001))
        issued_audits = db.conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'ticket.issue'"
        ).fetchone()[0]
        assert issued_audits == 1000
        from counter_tui.storage.audit import first_broken_row

        assert first_broken_row(db.conn) is None  # the chain did not fork under contention
    finally:
        db.close()


def test_two_counters_calling_at_once_never_get_the_same_ticket(ready_db_path: Path, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from counter_tui.domain.accounts import KIOSK
    from counter_tui.services.session import Session
    from counter_tui.services.tickets import issue_ticket
    from tests.clock import FixedClock

    total = 150
    db = open_database(ready_db_path)
    clock = FixedClock(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
    try:
        for _ in range(total):
            issue_ticket(Session(db, KIOSK, clock), "A")
    finally:
        db.close()
    go = tmp_path / "go"
    results = start_workers(
        CALL_WORKER,
        [
            [str(ready_db_path), str(go), OPERATOR_CODE, OPERATOR_PIN, "1"],
            [str(ready_db_path), str(go), OPERATOR2_CODE, OPERATOR2_PIN, "2"],
        ],
        go,
    )
    assert [r["errors"] for r in results] == [[], []]
    first, second = (set(r["called"]) for r in results)
    assert first.isdisjoint(second)
    assert len(first) + len(second) == total
    assert first | second == {f"A-{n:03d}" for n in range(1, total + 1)}
    assert first, "counter 1 should have served someone"
    assert second, "counter 2 should have served someone"
    db = open_database(ready_db_path)
    try:
        calls = db.conn.execute("SELECT ticket_id, count(*) FROM calls GROUP BY ticket_id").fetchall()
        assert len(calls) == total
        assert all(n == 1 for _, n in calls)
        statuses = db.conn.execute("SELECT status, count(*) FROM tickets GROUP BY status").fetchall()
        assert [tuple(s) for s in statuses] == [("done", total)]
    finally:
        db.close()
