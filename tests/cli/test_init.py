"""`counter-tui init`: creates the database and the pepper; refuses to run twice; leaves nothing on bad input."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from counter_tui.paths import pepper_path
from counter_tui.services.session import Session
from tests.cli.helpers import SUPERVISOR_PIN, dump, files_in, init_args, invoke


def test_init_creates_the_database_and_a_private_pepper(runner, tmp_path: Path) -> None:
    db = tmp_path / "counter.db"
    result = invoke(runner, *init_args(db), input=f"{SUPERVISOR_PIN}\n")
    assert result.exit_code == 0, result.output
    assert "Kabupaten Kotawaringin Timur" in result.output
    assert db.exists()
    assert pepper_path(db).exists()
    assert len(bytes.fromhex(pepper_path(db).read_text().strip())) >= 32
    if os.name == "posix":
        assert stat.S_IMODE(pepper_path(db).stat().st_mode) == 0o600
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
    rows = dump(db)
    assert any('INSERT INTO "office"' in r and "62.02" in r for r in rows)
    assert any('INSERT INTO "operators"' in r and "'SPV1'" in r and "'supervisor'" in r for r in rows)
    assert SUPERVISOR_PIN not in "".join(rows)
    listed = invoke(runner, "operators", "--db", db)
    assert listed.exit_code == 0
    assert "SPV1" in listed.output


def test_the_new_supervisor_can_log_in(runner, tmp_path: Path) -> None:
    from counter_tui.services import accounts
    from counter_tui.storage.db import open_database

    db_path = tmp_path / "counter.db"
    assert invoke(runner, *init_args(db_path), input=f"{SUPERVISOR_PIN}\n").exit_code == 0
    db = open_database(db_path)
    try:
        actor = accounts.login(Session(db), "spv1", SUPERVISOR_PIN, 0)
        assert actor.is_supervisor
    finally:
        db.close()


def test_a_second_init_refuses_and_changes_nothing(runner, tmp_path: Path) -> None:
    db = tmp_path / "counter.db"
    assert invoke(runner, *init_args(db), input=f"{SUPERVISOR_PIN}\n").exit_code == 0
    before, pepper = dump(db), pepper_path(db).read_bytes()
    again = invoke(runner, *init_args(db, code="SPV2"), input="572946\n")
    assert again.exit_code != 0
    assert "sudah disiapkan" in again.output
    assert "Traceback" not in again.output
    assert dump(db) == before
    assert pepper_path(db).read_bytes() == pepper


@pytest.mark.parametrize(
    ("pin", "message"),
    [
        ("123456", "berurutan"),
        ("111111", "berulang"),
        ("654321", "berurutan"),
        ("1234", "minimal"),
        ("12ab56", "angka"),
        ("", "PIN tidak terbaca"),
    ],
)
def test_a_trivial_pin_is_refused_and_leaves_no_file(runner, tmp_path: Path, pin: str, message: str) -> None:
    result = invoke(runner, *init_args(tmp_path / "counter.db"), input=f"{pin}\n")
    assert result.exit_code != 0
    assert message in result.output
    assert files_in(tmp_path) == []


@pytest.mark.parametrize(("region", "message"), [("99.99", "tidak dikenal"), ("62-02", "berbentuk")])
def test_an_unknown_region_is_refused_and_leaves_no_file(
    runner, tmp_path: Path, region: str, message: str
) -> None:
    result = invoke(runner, *init_args(tmp_path / "counter.db", region=region), input=f"{SUPERVISOR_PIN}\n")
    assert result.exit_code != 0
    assert message in result.output
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("code", ["X", "SPV 1"])
def test_a_bad_supervisor_code_leaves_no_file(runner, tmp_path: Path, code: str) -> None:
    result = invoke(runner, *init_args(tmp_path / "counter.db", code=code), input=f"{SUPERVISOR_PIN}\n")
    assert result.exit_code != 0
    assert "Kode petugas" in result.output
    assert files_in(tmp_path) == []


def test_init_in_a_missing_folder_is_refused(runner, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "counter.db"
    result = invoke(runner, *init_args(target), input=f"{SUPERVISOR_PIN}\n")
    assert result.exit_code != 0
    assert "Folder basis data tidak ada" in result.output
    assert files_in(tmp_path) == []


def test_init_with_the_pin_typed_twice_at_the_prompt(runner, tmp_path: Path, monkeypatch) -> None:
    # CliRunner's stdin is no terminal
    monkeypatch.setattr("counter_tui.cli_setup.stdin_is_terminal", lambda: True)
    db = tmp_path / "counter.db"
    args = [a for a in init_args(db) if a != "--pin-stdin"]
    mismatch = invoke(runner, *args, input="482913\n482914\n")
    assert mismatch.exit_code != 0
    assert "tidak sama" in mismatch.output
    assert files_in(tmp_path) == []
    ok = invoke(runner, *args, input="482913\n482913\n")
    assert ok.exit_code == 0, ok.output


def test_a_failed_init_keeps_a_pepper_that_was_already_there(runner, tmp_path: Path) -> None:
    """The pepper of a database being restored from backup sits there already; a failed init must not delete it."""
    db = tmp_path / "counter.db"
    pepper = pepper_path(db)
    pepper.write_text("ab" * 32 + "\n")
    args = init_args(db)
    args[args.index("--office-name") + 1] = (
        "x" * 201
    )  # checked only by the setup itself, after the file exists
    result = invoke(runner, *args, input=f"{SUPERVISOR_PIN}\n")
    assert result.exit_code != 0
    assert "Nama kantor terlalu panjang" in result.output
    assert pepper.read_text() == "ab" * 32 + "\n"
    assert files_in(tmp_path) == [pepper.name]  # the half-made database is gone, the pepper stays


def test_init_without_pin_stdin_and_without_a_terminal_says_so_in_one_sentence(
    runner, tmp_path: Path
) -> None:
    db = tmp_path / "counter.db"
    args = [a for a in init_args(db) if a != "--pin-stdin"]
    result = invoke(runner, *args, input="482913\n482913\n")  # piped, not typed: refused
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Galat: PIN supervisor harus diberikan lewat --pin-stdin atau diketik di "
        "terminal; tidak ada yang dibuat."
    )
    assert "GetPassWarning" not in result.output
    assert "Aborted" not in result.output
    assert files_in(tmp_path) == []
