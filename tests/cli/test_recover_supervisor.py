"""The last supervisor's way back (`recover-supervisor`, needs the key file), and `ticket --override-supervisor`
wrong PINs that cannot lock any supervisor out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from counter_tui.domain.accounts import MAX_FAILED_LOGINS
from counter_tui.domain.errors import AuthError
from counter_tui.paths import pepper_path
from counter_tui.services import accounts
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from tests.cli.helpers import SUPERVISOR_PIN, invoke
from tests.clock import FixedClock

NEW_PIN = "730194"
WRONG_PIN = "918273"


def lock_supervisor(path: Path) -> None:
    db = open_database(path)
    clock = FixedClock()
    try:
        for _ in range(MAX_FAILED_LOGINS):
            with pytest.raises(AuthError):
                accounts.login(Session(db, clock=clock), "SPV1", WRONG_PIN, 0)
            clock.advance(minutes=16)
    finally:
        db.close()


def supervisor_row(path: Path) -> tuple:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT locked, failed_attempts, override_failed_attempts FROM operators WHERE code = 'SPV1'"
        ).fetchone()
    finally:
        conn.close()


def last_action(path: Path) -> tuple:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT action, object, operator_code FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()


def test_the_last_supervisor_is_recovered_with_the_key_file(runner, ready_db_path: Path) -> None:
    lock_supervisor(ready_db_path)
    assert supervisor_row(ready_db_path)[0] == 1
    result = invoke(
        runner,
        "recover-supervisor",
        "--db",
        ready_db_path,
        "SPV1",
        "--key-file",
        pepper_path(ready_db_path),
        "--pin-stdin",
        input=f"{NEW_PIN}\n",
    )
    assert result.exit_code == 0, result.output
    assert "dipulihkan" in result.stdout
    assert supervisor_row(ready_db_path) == (0, 0, 0)
    assert last_action(ready_db_path) == ("operator.recover", "operator:SPV1", "key-file-admin")
    db = open_database(ready_db_path)
    try:
        assert accounts.login(Session(db, clock=FixedClock()), "SPV1", NEW_PIN, 0).is_supervisor
    finally:
        db.close()


def test_recovery_without_the_right_key_file_is_refused(runner, ready_db_path: Path, tmp_path: Path) -> None:
    lock_supervisor(ready_db_path)
    wrong = tmp_path / "other.pepper"
    wrong.write_text("ab" * 32 + "\n")
    result = invoke(
        runner,
        "recover-supervisor",
        "--db",
        ready_db_path,
        "SPV1",
        "--key-file",
        wrong,
        "--pin-stdin",
        input=f"{NEW_PIN}\n",
    )
    assert result.exit_code == 1
    assert "tidak cocok" in result.stderr
    assert supervisor_row(ready_db_path)[0] == 1


def test_recovery_is_for_supervisors_only(runner, ready_db_path: Path) -> None:
    result = invoke(
        runner,
        "recover-supervisor",
        "--db",
        ready_db_path,
        "OPR1",
        "--key-file",
        pepper_path(ready_db_path),
        "--pin-stdin",
        input=f"{NEW_PIN}\n",
    )
    assert result.exit_code == 1
    assert "Tidak ada supervisor" in result.stderr


def test_override_wrong_pins_from_a_shell_never_lock_the_supervisor(runner, ready_db_path: Path) -> None:
    for _ in range(MAX_FAILED_LOGINS + 2):
        result = invoke(
            runner,
            "ticket",
            "--db",
            ready_db_path,
            "A",
            "--override-supervisor",
            "SPV1",
            input=f"{WRONG_PIN}\n",
        )
        assert result.exit_code == 1
        assert "Sisa percobaan" not in result.stderr
    assert supervisor_row(ready_db_path)[:2] == (0, 0)  # not locked; the login count untouched


def test_an_unknown_override_code_reads_like_a_wrong_pin(runner, ready_db_path: Path) -> None:
    unknown = invoke(
        runner,
        "ticket",
        "--db",
        ready_db_path,
        "A",
        "--override-supervisor",
        "NOBODY",
        input=f"{WRONG_PIN}\n",
    )
    known = invoke(
        runner, "ticket", "--db", ready_db_path, "A", "--override-supervisor", "SPV1", input=f"{WRONG_PIN}\n"
    )
    assert unknown.exit_code == known.exit_code == 1
    assert unknown.stderr == known.stderr
    assert SUPERVISOR_PIN not in known.output
