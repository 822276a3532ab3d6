"""`counter-tui restore BACKUP [--key-file FILE]` and `backup --key-dest DIR`."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from counter_tui.paths import damage_marker_path, head_path, pepper_path
from tests.cli.helpers import invoke, table_counts


def make_backup(runner, db: Path, dest: Path, *extra: object):
    result = invoke(runner, "backup", "--db", db, dest, *extra)
    assert result.exit_code == 0, result.output
    return result


def audit_actions(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    finally:
        conn.close()


def corrupt(path: Path) -> None:
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tickets'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xff" * 64)


def test_restore_puts_a_verified_backup_back_and_keeps_the_damaged_file(
    runner, ready_db_path: Path, tmp_path: Path
) -> None:
    backups = tmp_path / "usb"
    backups.mkdir()
    copy = backups / "cadangan.db"
    make_backup(runner, ready_db_path, copy)
    expected = table_counts(copy)
    invoke(runner, "ticket", "--db", ready_db_path, "A")
    corrupt(ready_db_path)
    assert invoke(runner, "check", "--db", ready_db_path).exit_code == 1
    assert damage_marker_path(ready_db_path).exists()

    result = invoke(runner, "restore", "--db", ready_db_path, copy)
    assert result.exit_code == 0, result.output
    assert "dipulihkan" in result.stdout
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("counter.db.before-restore-")]
    assert len(kept) == 1, sorted(p.name for p in tmp_path.iterdir())
    assert kept[0].name in result.stdout
    assert not damage_marker_path(ready_db_path).exists()
    assert stat.S_IMODE(ready_db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    restored = table_counts(ready_db_path)
    assert restored["tickets"] == expected["tickets"]
    assert audit_actions(ready_db_path)[-1] == "database.restore"
    checked = invoke(runner, "check", "--db", ready_db_path)
    assert checked.exit_code == 0, checked.output  # keyed chain, head file: all consistent again
    assert invoke(runner, "ticket", "--db", ready_db_path, "A").exit_code == 0


def test_restore_refuses_a_backup_that_does_not_verify(runner, ready_db_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "cadangan.db"
    make_backup(runner, ready_db_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET details = '{\"x\":1}' WHERE id = 2")
    conn.commit()
    conn.close()
    before = ready_db_path.read_bytes()
    result = invoke(runner, "restore", "--db", ready_db_path, copy)
    assert result.exit_code == 1
    assert "rantai log audit rusak" in result.stderr
    assert ready_db_path.read_bytes() == before
    assert not any(p.name.startswith("counter.db.before-restore") for p in tmp_path.iterdir())


@pytest.mark.parametrize("kind", ["foreign", "not-sqlite", "corrupt"])
def test_restore_refuses_what_is_not_a_good_backup_of_ours(
    runner, ready_db_path: Path, tmp_path: Path, kind: str
) -> None:
    bad = tmp_path / "bad.db"
    if kind == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE t (a)")
        conn.commit()
        conn.close()
    elif kind == "not-sqlite":
        bad.write_text("bukan cadangan\n" * 100)
    else:
        make_backup(runner, ready_db_path, bad)
        corrupt(bad)
    result = invoke(runner, "restore", "--db", ready_db_path, bad)
    assert result.exit_code == 1
    assert "tidak dipulihkan" in result.stderr
    assert invoke(runner, "check", "--db", ready_db_path).exit_code == 0


def test_restore_with_the_backed_up_key_file_when_the_key_is_lost(
    runner, ready_db_path: Path, tmp_path: Path
) -> None:
    usb, second = tmp_path / "usb", tmp_path / "usb2"
    usb.mkdir()
    second.mkdir()
    copy = usb / "cadangan.db"
    result = make_backup(runner, ready_db_path, copy, "--key-dest", second)
    key_copy = second / "cadangan.db.pepper"
    assert key_copy.exists()
    assert stat.S_IMODE(key_copy.stat().st_mode) == 0o600
    assert str(key_copy) in result.stdout
    original_key = pepper_path(ready_db_path).read_bytes()
    pepper_path(ready_db_path).unlink()
    ready_db_path.unlink()
    without = invoke(runner, "restore", "--db", ready_db_path, copy)
    assert without.exit_code == 1
    assert "--key-file" in without.stderr
    restored = invoke(runner, "restore", "--db", ready_db_path, copy, "--key-file", key_copy)
    assert restored.exit_code == 0, restored.output
    assert pepper_path(ready_db_path).read_bytes() == original_key
    assert stat.S_IMODE(pepper_path(ready_db_path).stat().st_mode) == 0o600
    assert invoke(runner, "check", "--db", ready_db_path).exit_code == 0


def test_restore_with_a_wrong_key_file_is_refused(runner, ready_db_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "cadangan.db"
    make_backup(runner, ready_db_path, copy)
    wrong = tmp_path / "wrong.pepper"
    wrong.write_text("ab" * 32 + "\n")
    result = invoke(runner, "restore", "--db", ready_db_path, copy, "--key-file", wrong)
    assert result.exit_code == 1
    assert "rantai log audit rusak" in result.stderr


def test_restore_refuses_while_another_process_has_the_database_open(
    runner, ready_db_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "cadangan.db"
    make_backup(runner, ready_db_path, copy)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(ready_db_path)!r})\n"
            "c.execute('SELECT count(*) FROM audit_log').fetchall()\n"
            "print('open', flush=True)\n"
            "sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        before = ready_db_path.read_bytes()
        result = invoke(runner, "restore", "--db", ready_db_path, copy)
        assert result.exit_code == 1
        assert "sedang dibuka proses lain" in result.stderr
        assert ready_db_path.read_bytes() == before
        assert not any(".restore-" in p.name or "before-restore" in p.name for p in tmp_path.iterdir())
    finally:
        holder.communicate("\n", timeout=10)
    assert invoke(runner, "restore", "--db", ready_db_path, copy).exit_code == 0


def test_the_key_copy_never_goes_beside_the_database_copy(
    runner, ready_db_path: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    result = invoke(runner, "backup", "--db", ready_db_path, usb / "c.db", "--key-dest", usb)
    assert result.exit_code == 1
    assert "tempat lain" in result.stderr
    assert list(usb.iterdir()) == []
    beside_db = invoke(runner, "backup", "--db", ready_db_path, usb / "c.db", "--key-dest", tmp_path)
    assert beside_db.exit_code == 1


def test_check_warns_until_the_key_file_is_backed_up(runner, ready_db_path: Path, tmp_path: Path) -> None:
    first = invoke(runner, "check", "--db", ready_db_path)
    assert first.exit_code == 0
    assert "Berkas kunci belum pernah dicadangkan" in first.stdout
    usb, second = tmp_path / "usb", tmp_path / "usb2"
    usb.mkdir()
    second.mkdir()
    make_backup(runner, ready_db_path, usb / "c.db", "--key-dest", second)
    assert audit_actions(ready_db_path)[-1] == "keyfile.backup"
    again = invoke(runner, "check", "--db", ready_db_path)
    assert again.exit_code == 0
    assert "belum pernah dicadangkan" not in again.stdout


def test_restore_moves_the_old_head_file_aside(runner, ready_db_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "cadangan.db"
    make_backup(runner, ready_db_path, copy)
    for _ in range(3):
        invoke(runner, "ticket", "--db", ready_db_path, "A")
    assert head_path(ready_db_path).exists()
    assert invoke(runner, "restore", "--db", ready_db_path, copy).exit_code == 0
    # The restored (shorter) history is the new normal: check does not call it a deleted tail.
    assert invoke(runner, "check", "--db", ready_db_path).exit_code == 0
    assert any(p.name.startswith("counter.db.head.before-restore-") for p in tmp_path.iterdir())
    assert os.path.exists(head_path(ready_db_path))
