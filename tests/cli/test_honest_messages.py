"""Messages that quote input are safe (NIK masked, no control characters, short), the NIK can stay out of `ps`,
and failures say what really happened."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_tui.domain.errors import CounterError
from counter_tui.domain.text import quoted_input, safe_message
from tests.cli.helpers import SUPERVISOR_PIN, init_args, invoke

NIK = "6202054507060001"


@pytest.mark.parametrize(
    "args",
    [
        ["ticket", "A", "--priority", NIK],
        ["ticket", NIK],
        ["ticket", "A", "--priority", f"lansia {NIK}"],
    ],
)
def test_a_nik_typed_in_the_wrong_place_is_masked_in_the_message(runner, ready_db_path: Path, args) -> None:
    result = invoke(runner, args[0], "--db", ready_db_path, *args[1:])
    assert result.exit_code == 1
    assert NIK not in result.output
    assert "Traceback" not in result.output


def test_a_terminal_escape_in_an_argument_is_not_echoed(runner, ready_db_path: Path) -> None:
    result = invoke(runner, "ticket", "--db", ready_db_path, "A", "--priority", "\x1b]0;X\x07")
    assert result.exit_code == 1
    assert "Jenis prioritas tidak dikenal" in result.stderr
    assert "\x1b" not in result.output
    assert "\x07" not in result.output


def test_a_huge_argument_comes_back_short(runner, ready_db_path: Path) -> None:
    result = invoke(runner, "ticket", "--db", ready_db_path, "A", "--priority", "x" * 100_000)
    assert result.exit_code == 1
    assert len(result.stderr) < 400
    assert "…" in result.stderr


def test_a_control_character_in_a_path_is_not_echoed(runner, tmp_path: Path) -> None:
    result = invoke(runner, "queue", "--db", tmp_path / "a\x1b[2Jb.db")
    assert result.exit_code == 1
    assert "\x1b" not in result.output


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (NIK, "6202**********01"),
        ("6202 0545 0706 0001", "6202**********01"),
        ("a\x1b[31mb", "a?[31mb"),
        ("\u202eevil", "?evil"),
        ("x" * 100, "x" * 39 + "…"),
    ],
)
def test_quoted_input(value: str, expected: str) -> None:
    assert quoted_input(value) == expected


def test_every_counter_error_is_made_safe() -> None:
    error = CounterError(f"Nilai {NIK}\x1b[2J tidak sah.\nBaris kedua.")
    assert error.message == "Nilai 6202**********01?[2J tidak sah.\nBaris kedua."
    assert len(safe_message("y" * 10_000)) <= 2000


@pytest.mark.parametrize(
    ("operation", "field"),
    [("office", "Nama kantor"), ("service", "Nama layanan"), ("special", "Alasan hari khusus")],
)
def test_stored_text_refuses_control_characters(db, supervisor, clock, operation: str, field: str) -> None:
    from counter_tui.domain.errors import ValidationError
    from counter_tui.services import office_setup, queue_config
    from counter_tui.services.session import Session

    if operation == "office":

        def attempt() -> object:
            request = office_setup.SetupRequest(
                "Kantor\x1b]0;X\x07", "62.02", "SPV9", "Agus", SUPERVISOR_PIN, SUPERVISOR_PIN
            )
            return office_setup.setup_office(Session(db, clock=clock), request)
    elif operation == "service":

        def attempt() -> object:
            return queue_config.update_service(Session(db, supervisor, clock), "A", name="Rekam\x1b[2J")
    else:

        def attempt() -> object:
            return queue_config.set_special_day(
                Session(db, supervisor, clock), "2026-12-25", None, None, "Natal\x07"
            )

    with pytest.raises(ValidationError, match=field):
        attempt()
    assert "\x1b" not in str(db.conn.execute("SELECT group_concat(name) FROM services").fetchone()[0])


# -- the NIK and ps ---------------------------------------------------------------------------------
def test_help_says_nik_is_visible_to_others(runner) -> None:
    result = invoke(runner, "ticket", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "terlihat oleh pengguna lain" in text
    assert "--nik-stdin" in text


def test_nik_stdin_reads_the_nik_from_standard_input(runner, ready_db_path: Path) -> None:
    result = runner.invoke(
        __import__("counter_tui.cli").cli.cli,
        ["ticket", "--db", str(ready_db_path), "A", "--nik-stdin", "--json"],
        input=f"{NIK}\n",
    )
    assert result.exit_code == 0, result.output
    assert NIK not in result.output
    conn = sqlite3.connect(ready_db_path)
    try:
        masked = conn.execute("SELECT nik_masked FROM tickets").fetchall()
    finally:
        conn.close()
    assert masked == [("6202**********01",)]
    again = invoke(runner, "ticket", "--db", ready_db_path, "A", "--nik-stdin", input=f"{NIK}\n")
    assert again.exit_code == 1
    assert "sudah memegang tiket" in again.stderr


def test_nik_stdin_then_the_override_pin(runner, ready_db_path: Path) -> None:
    invoke(runner, "ticket", "--db", ready_db_path, "A", "--nik-stdin", input=f"{NIK}\n")
    result = invoke(
        runner,
        "ticket",
        "--db",
        ready_db_path,
        "A",
        "--nik-stdin",
        "--override-supervisor",
        "SPV1",
        "--json",
        input=f"{NIK}\n{SUPERVISOR_PIN}\n",
    )
    assert result.exit_code == 0, result.output
    assert '"overridden"' in result.stdout


def test_nik_and_nik_stdin_together_are_refused(runner, ready_db_path: Path) -> None:
    result = invoke(
        runner, "ticket", "--db", ready_db_path, "A", "--nik", NIK, "--nik-stdin", input=f"{NIK}\n"
    )
    assert result.exit_code == 1
    assert "salah satu" in result.stderr


def test_an_empty_nik_on_stdin_is_refused(runner, ready_db_path: Path) -> None:
    result = invoke(runner, "ticket", "--db", ready_db_path, "A", "--nik-stdin", input="\n")
    assert result.exit_code == 1
    assert "NIK tidak terbaca" in result.stderr


# -- say what really happened ----------------------------------------------------------------------------
def test_a_path_component_that_is_too_long(runner, tmp_path: Path) -> None:
    long_name = tmp_path / ("a" * 300 + ".db")
    for command in (["queue"], init_args(long_name)[0:1]):
        args = [command[0], "--db", long_name] + (init_args(long_name)[3:] if command[0] == "init" else [])
        result = invoke(runner, *args, input=f"{SUPERVISOR_PIN}\n")
        assert result.exit_code == 1
        assert "terlalu panjang" in result.stderr, result.output
        assert "tak terduga" not in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_a_fifo_as_db_is_not_a_regular_file(runner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    for args in (["queue"], ["ticket", "A"], init_args(fifo)[3:]):
        command = args[0] if args[0] != "--office-name" else "init"
        rest = args[1:] if command != "init" else args
        result = invoke(runner, command, "--db", fifo, *rest, input=f"{SUPERVISOR_PIN}\n")
        assert result.exit_code == 1
        assert "bukan berkas biasa" in result.stderr
        assert "disk" not in result.stderr.lower()


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_dev_null_as_db_is_not_a_regular_file(runner) -> None:
    result = invoke(runner, "queue", "--db", "/dev/null")
    assert result.exit_code == 1
    assert "bukan berkas biasa" in result.stderr


def test_an_empty_db_path_is_refused_not_the_default(runner) -> None:
    from counter_tui.paths import default_db_path

    result = invoke(runner, "queue", "--db", "")
    assert result.exit_code == 1
    assert "jalur kosong" in result.stderr
    assert str(default_db_path()) not in result.output
    init = invoke(runner, "init", "--db", "", *init_args(Path("x"))[3:], input=f"{SUPERVISOR_PIN}\n")
    assert init.exit_code == 1
    assert not default_db_path().exists()


@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    """A tiny tmpfs, so writes meet a full disk for real. Needs root (CI containers run as root)."""
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_backup_onto_a_full_disk_says_so_and_leaves_nothing(
    runner, ready_db_path: Path, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "usb", "48k") as usb:
        result = invoke(runner, "backup", "--db", ready_db_path, usb / "cadangan.db")
        assert result.exit_code == 1
        assert "Disk tujuan penuh" in result.stderr
        assert sorted(p.name for p in usb.iterdir()) == []  # no copy, no -wal, no -shm
    assert invoke(runner, "check", "--db", ready_db_path).exit_code == 0


def test_init_onto_a_full_disk_says_disk_full_and_leaves_nothing(runner, tmp_path: Path) -> None:
    with small_disk(tmp_path / "small", "48k") as small:
        db = small / "counter.db"
        result = invoke(runner, *init_args(db), input=f"{SUPERVISOR_PIN}\n")
        assert result.exit_code == 1
        assert "Disk penuh" in result.stderr, result.output
        assert "tak terduga" not in result.stderr
        assert sorted(p.name for p in small.iterdir()) == []


def test_a_failing_rollback_does_not_hide_the_real_error(db, monkeypatch) -> None:
    """When the disk is full, ROLLBACK may fail too; the message is about the first error."""
    from counter_tui.storage.db import StorageError

    class FullDisk(sqlite3.OperationalError):
        pass

    real_rollback = type(db.conn).rollback

    def failing_rollback(self) -> None:
        real_rollback(self)
        raise sqlite3.OperationalError("cannot rollback - no transaction is active")

    monkeypatch.setattr(type(db.conn), "rollback", failing_rollback)
    with pytest.raises(StorageError, match="Disk penuh"), db.transaction():
        raise sqlite3.OperationalError("database or disk is full")


def test_at_a_terminal_nik_stdin_prompts_without_echo(monkeypatch) -> None:
    import io

    import click

    from counter_tui import cli_queue as cli_module

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked: dict[str, object] = {}

    def fake_prompt(text: str, **kwargs: object) -> str:
        asked.update(kwargs, text=text)
        return f" {NIK} "

    monkeypatch.setattr(cli_module.sys, "stdin", Terminal(""))
    monkeypatch.setattr(click, "prompt", fake_prompt)
    assert cli_module._read_nik_stdin() == NIK
    assert asked["hide_input"] is True
    assert asked["text"] == "NIK pemohon"
