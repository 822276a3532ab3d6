"""`counter-tui demo`: the demo office is built apart from the real database, through the use cases, and marked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from counter_tui.paths import default_db_path
from counter_tui.services.demo import build_demo, default_demo_path
from counter_tui.services.demo_data import OPERATORS
from tests.cli.helpers import invoke


def _one(path: Path, sql: str):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()
    finally:
        conn.close()


def test_demo_builds_the_office_and_prints_the_pins(runner, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = invoke(runner, "demo", "--db", db, "--no-open")
    assert result.exit_code == 0, result.output
    assert "Kantor DEMO siap" in result.stdout
    for spec in OPERATORS:
        assert f"{spec.code:<6} PIN {spec.pin}" in result.stdout
    assert _one(db, "SELECT name, region_code FROM office") == (
        "Disdukcapil Kab. Kotawaringin Timur",
        "62.02",
    )
    assert _one(db, "SELECT value FROM settings WHERE key = 'demo'") == ("1",)
    assert _one(db, "SELECT target_population, recorded_before FROM case_settings") == (313_281, 310_785)
    assert _one(db, "SELECT quantity FROM stock_movements WHERE kind = 'receipt'") == (5000,)
    assert _one(db, "SELECT opens, closes FROM special_days WHERE day = '2024-02-14'") == ("08:00", "12:00")
    # A realistic morning, written by the use cases (so the audit chain covers it).
    assert _one(db, "SELECT count(DISTINCT service_code) FROM tickets")[0] == 5
    assert _one(db, "SELECT count(*) FROM recordings WHERE source = 'app'")[0] > 5
    assert (
        _one(db, "SELECT count(*) FROM cases WHERE case_type IN ('hilang', 'rusak') AND route = 'ikd'")[0] > 0
    )
    assert _one(db, "SELECT count(*) FROM card_waiting_list WHERE status = 'waiting'")[0] > 0
    assert _one(db, "SELECT count(*) FROM stock_movements WHERE kind = 'used'")[0] > 0
    assert _one(db, "SELECT count(*) FROM stock_movements WHERE kind = 'misprint'") == (1,)
    assert _one(db, "SELECT count(*) FROM tickets WHERE status = 'waiting'")[0] > 0
    checked = invoke(runner, "check", "--db", db)
    assert checked.exit_code == 0, checked.output
    # The demo's audit log runs forward in time: `check` must not report a clock set back.
    assert "mundur" not in checked.output, checked.output


def test_demo_again_replaces_the_demo_but_never_a_real_database(
    runner, tmp_path: Path, ready_db_path: Path
) -> None:
    db = tmp_path / "demo.db"
    assert invoke(runner, "demo", "--db", db, "--no-open").exit_code == 0
    first = _one(db, "SELECT count(*) FROM audit_log")[0]
    again = invoke(runner, "demo", "--db", db, "--no-open")
    assert again.exit_code == 0, again.output
    assert _one(db, "SELECT count(*) FROM audit_log")[0] == first  # rebuilt, not appended to
    before = ready_db_path.read_bytes()
    refused = invoke(runner, "demo", "--db", ready_db_path, "--no-open")
    assert refused.exit_code == 1
    assert "bukan demo" in refused.stderr
    assert ready_db_path.read_bytes() == before


def test_the_demo_has_its_own_default_path(tmp_path: Path) -> None:
    assert default_demo_path() != default_db_path()
    assert default_demo_path().parent != default_db_path().parent
    with pytest.raises(Exception, match="sebenarnya"):
        build_demo(default_db_path())
