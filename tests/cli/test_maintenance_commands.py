"""`check`, `backup` and `locate`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from counter_tui.paths import config_dir, keymap_path, pepper_path
from counter_tui.storage.migrations import known_migrations
from tests.cli.helpers import files_in, invoke, table_counts


def test_check_passes_on_a_good_database(runner, ready_db_path: Path) -> None:
    result = invoke(runner, "check", "--db", ready_db_path)
    assert result.exit_code == 0, result.output
    assert "utuh" in result.stdout
    assert "Integritas basis data: baik." in result.stdout


def test_check_names_the_broken_row_after_tampering(runner, ready_db_path: Path) -> None:
    conn = sqlite3.connect(ready_db_path, isolation_level=None)
    target = conn.execute("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 3").fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET operator_code = 'OPR9' WHERE id = ?", (target,))
    conn.close()
    result = invoke(runner, "check", "--db", ready_db_path)
    assert result.exit_code == 1
    assert f"baris {target}" in result.stderr
    assert "Traceback" not in result.output


def test_check_reports_a_missing_migration(runner, ready_db_path: Path) -> None:
    conn = sqlite3.connect(ready_db_path)
    conn.execute("DELETE FROM schema_migrations WHERE version = 2")
    conn.commit()
    conn.close()
    result = invoke(runner, "check", "--db", ready_db_path)
    assert result.exit_code == 1
    assert "0002_queue" in result.stderr
    conn = sqlite3.connect(ready_db_path)
    # check did not migrate: the deleted row is still missing
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(known_migrations()) - 1
    conn.close()


def test_backup_makes_a_verified_copy(runner, ready_db_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "cadangan.db"
    result = invoke(runner, "backup", "--db", ready_db_path, dest)
    assert result.exit_code == 0, result.output
    assert "terverifikasi" in result.stdout
    assert table_counts(dest) == table_counts(ready_db_path)
    assert table_counts(dest)["audit_log"] > 0
    conn = sqlite3.connect(dest)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # the copy is a whole, checkable database (its keyed chain checks with the key file of the original)
    again = invoke(runner, "check", "--db", dest, "--key-file", pepper_path(ready_db_path))
    assert again.exit_code == 0, again.output
    without_key = invoke(runner, "check", "--db", dest)
    assert without_key.exit_code == 1
    assert "Berkas kunci tidak ditemukan" in without_key.stderr


def test_backup_refuses_to_overwrite(runner, ready_db_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "cadangan.db"
    dest.write_bytes(b"jangan ditimpa")
    result = invoke(runner, "backup", "--db", ready_db_path, dest)
    assert result.exit_code != 0
    assert "sudah ada" in result.output
    assert dest.read_bytes() == b"jangan ditimpa"


def test_backup_onto_the_live_database_is_refused(runner, ready_db_path: Path) -> None:
    result = invoke(runner, "backup", "--db", ready_db_path, ready_db_path)
    assert result.exit_code != 0
    assert "sudah ada" in result.output or "sama" in result.output


def test_backup_into_a_missing_folder(runner, ready_db_path: Path, tmp_path: Path) -> None:
    result = invoke(runner, "backup", "--db", ready_db_path, tmp_path / "nope" / "x.db")
    assert result.exit_code != 0
    assert "Folder tujuan tidak ada" in result.output
    assert not (tmp_path / "nope").exists()


def test_locate_prints_the_paths(runner, tmp_path: Path) -> None:
    db = tmp_path / "counter.db"
    result = invoke(runner, "locate", "--db", db)
    assert result.exit_code == 0
    assert str(db) in result.stdout
    assert str(pepper_path(db)) in result.stdout
    # The end of day's export folder (where `export` writes without --out) is listed too.
    assert str(db.parent / "exports") in result.stdout
    assert str(config_dir()) in result.stdout
    assert str(keymap_path()) in result.stdout
    assert "(belum ada)" in result.stdout
    assert files_in(tmp_path) == []  # locate creates nothing


def test_locate_json(runner, ready_db_path: Path) -> None:
    result = invoke(runner, "locate", "--db", ready_db_path, "--json")
    assert result.exit_code == 0
    places = json.loads(result.stdout)
    assert places == {
        "database": str(ready_db_path),
        "pepper": str(pepper_path(ready_db_path)),
        "export": str(ready_db_path.parent / "exports"),
        "config": str(config_dir()),
        "keymap": str(keymap_path()),
        "database_exists": True,
        "keymap_exists": False,
    }


def test_a_folder_as_database_gets_an_indonesian_sentence(runner, tmp_path: Path) -> None:
    result = invoke(runner, "check", "--db", tmp_path)
    assert result.exit_code == 1
    assert "adalah folder" in result.stderr


def test_backup_onto_a_folder_is_refused(runner, ready_db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "cadangan"
    target.mkdir()
    result = invoke(runner, "backup", "--db", ready_db_path, target)
    assert result.exit_code == 1
    assert "adalah folder" in result.stderr  # not "Berkas tujuan sudah ada": it is a folder, not a file
    assert "sudah ada" not in result.stderr
    assert str(target / "counter-cadangan.db") in result.stderr
    assert list(target.iterdir()) == []


def test_check_on_a_file_that_is_not_a_database_does_not_advise_running_check(runner, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all, just some text" * 100)
    result = invoke(runner, "check", "--db", junk)
    assert result.exit_code == 1
    assert "bukan basis data SQLite" in result.stderr
    assert (
        "counter-tui check" not in result.stderr
    )  # the advice does not point back at the command that failed
    assert "counter-tui restore" in result.stderr


def test_a_newer_schema_is_refused_by_every_command(runner, ready_db_path: Path) -> None:
    conn = sqlite3.connect(ready_db_path)
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x', '2030-01-01T00:00:00.000000Z')")
    conn.commit()
    before = list(conn.iterdump())
    conn.close()
    for args in (["check"], ["queue"], ["ticket", "A"], ["operators"]):
        result = invoke(runner, args[0], "--db", ready_db_path, *args[1:])
        assert result.exit_code == 1, args
        assert "versi counter_tui yang lebih baru" in result.stderr
    conn = sqlite3.connect(ready_db_path)
    assert list(conn.iterdump()) == before
    conn.close()
