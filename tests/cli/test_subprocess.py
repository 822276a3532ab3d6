"""The real program as a subprocess: `python -m counter_tui`, stdin for the PIN, and no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import SUPERVISOR_PIN, init_args


def run(args: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COUNTER_TUI_DB"}
    return subprocess.run(
        [sys.executable, "-m", "counter_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_init_then_ticket_then_queue(tmp_path: Path) -> None:
    db = tmp_path / "counter.db"
    made = run(init_args(db), tmp_path, stdin=f"{SUPERVISOR_PIN}\n")
    assert made.returncode == 0, made.stderr
    assert "Basis data siap" in made.stdout
    # init seeds the default office hours, which may be closed right now: a supervisor's override lets the
    # ticket through at any hour.
    ticket = run(
        ["ticket", "--db", str(db), "A", "--override-supervisor", "SPV1"],
        tmp_path,
        stdin=f"{SUPERVISOR_PIN}\n",
    )
    assert ticket.returncode == 0, ticket.stderr
    assert ticket.stdout == "A-001\n"
    queue = run(["queue", "--db", str(db), "--json"], tmp_path)
    assert queue.returncode == 0, queue.stderr
    snapshot = json.loads(queue.stdout)
    assert [w["ticket"] for w in snapshot["waiting"]] == ["A-001"]
    assert snapshot["waiting"][0]["priority"] is None
    assert {s["code"]: s["waiting"] for s in snapshot["services"]}["A"] == 1
    checked = run(["check", "--db", str(db)], tmp_path)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["queue", "--db", "{missing}"],
        ["ticket", "--db", "{missing}", "A"],
        ["check", "--db", "{dir}"],
        [
            "init",
            "--db",
            "{nodir}",
            "--office-name",
            "x",
            "--region",
            "62.02",
            "--supervisor-code",
            "SPV1",
            "--supervisor-name",
            "x",
            "--pin-stdin",
        ],
        ["backup", "--db", "{missing}", "{dir}/x.bak"],
    ],
)
def test_a_failing_command_prints_no_traceback(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "adir").mkdir()
    places = {
        "missing": str(tmp_path / "missing.db"),
        "dir": str(tmp_path / "adir"),
        "nodir": str(tmp_path / "nodir" / "c.db"),
    }
    result = run([a.format(**places) for a in args], tmp_path, stdin=f"{SUPERVISOR_PIN}\n")
    assert result.returncode != 0
    assert result.stderr.startswith("Galat: ")
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "missing.db").exists()
    assert not (tmp_path / "nodir").exists()


def test_a_tampered_database_fails_check_with_exit_1(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "counter.db"
    assert run(init_args(db), tmp_path, stdin=f"{SUPERVISOR_PIN}\n").returncode == 0
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 1")
    conn.close()
    result = run(["check", "--db", str(db)], tmp_path)
    assert result.returncode == 1
    assert "baris 2" in result.stderr
    assert "Traceback" not in result.stderr
