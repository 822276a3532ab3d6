"""`ticket`, `queue` and `operators`, and what every command does with a missing database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_tui.cli import cli
from tests.cli.helpers import SUPERVISOR_PIN, files_in, invoke
from tests.conftest import OPERATOR_PIN

NIK = "6202054507060001"


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["queue"],
        ["queue", "--json"],
        ["ticket", "A"],
        ["operators"],
        ["operators", "--json"],
        ["backup", "x.bak"],
        ["board"],
    ],
)
def test_a_missing_database_is_refused_and_nothing_is_created(
    runner, tmp_path: Path, args: list[str]
) -> None:
    db = tmp_path / "counter.db"
    args = [str(tmp_path / a) if a.endswith(".bak") else a for a in args]
    result = invoke(runner, args[0], "--db", db, *args[1:])
    assert result.exit_code != 0
    assert "belum ada" in result.stderr
    assert "Traceback" not in result.output
    assert files_in(tmp_path) == []


def test_operators_json_has_no_hashes(runner, ready_db_path: Path) -> None:
    result = invoke(runner, "operators", "--db", ready_db_path, "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [o["code"] for o in listed] == ["OPR1", "OPR2", "SPV1"]
    assert {o["code"]: o["role"] for o in listed}["SPV1"] == "supervisor"
    for entry in listed:
        assert set(entry) == {"code", "full_name", "role", "active", "locked", "failed_attempts"}
        assert not any("hash" in key or "salt" in key or "pin" in key for key in entry)
    text = invoke(runner, "operators", "--db", ready_db_path)
    assert "Siti Petugas" in text.stdout
    assert "Supervisor" in text.stdout


def test_ticket_prints_the_next_numbers(runner, ready_db_path: Path) -> None:
    first = invoke(runner, "ticket", "--db", ready_db_path, "A")
    second = invoke(runner, "ticket", "--db", ready_db_path, "a")
    other = invoke(runner, "ticket", "--db", ready_db_path, "B")
    assert first.exit_code == second.exit_code == other.exit_code == 0, first.output
    assert (first.stdout, second.stdout, other.stdout) == ("A-001\n", "A-002\n", "B-001\n")
    assert "urutan 2" in second.stderr


def test_ticket_json(runner, ready_db_path: Path) -> None:
    invoke(runner, "ticket", "--db", ready_db_path, "A")
    result = invoke(runner, "ticket", "--db", ready_db_path, "A", "--priority", "lansia", "--json")
    assert result.exit_code == 0, result.output
    issued = json.loads(result.stdout)
    assert set(issued) == {
        "ticket",
        "service",
        "service_name",
        "date",
        "priority",
        "position",
        "estimated_wait_minutes",
        "issued_at",
        "overridden",
    }
    assert issued["ticket"] == "A-002"
    assert issued["service"] == "A"
    assert issued["service_name"] == "Perekaman KTP-el (baru/pemula)"
    assert issued["priority"] == "lansia"
    assert issued["position"] == 1  # priority goes ahead of A-001
    assert issued["overridden"] == []
    assert issued["issued_at"].endswith("Z")
    assert issued["estimated_wait_minutes"] == 5.0  # default average × 1 ÷ 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Z"], "Layanan Z tidak dikenal"),
        (["AB"], "Kode layanan"),
        (["A", "--priority", "vip"], "Jenis prioritas tidak dikenal"),
        (["A", "--nik", "123"], "16 digit"),
        (["A", "--nik", "62020545070600ab"], "16 digit"),
        (["A", "--nik", "6202994507060001"], "Kode kecamatan NIK"),
    ],
)
def test_bad_ticket_requests(runner, ready_db_path: Path, args: list[str], message: str) -> None:
    result = invoke(runner, "ticket", "--db", ready_db_path, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output
    queue = json.loads(invoke(runner, "queue", "--db", ready_db_path, "--json").stdout)
    assert queue["waiting"] == []


def test_duplicate_nik_needs_a_supervisor(runner, ready_db_path: Path) -> None:
    assert invoke(runner, "ticket", "--db", ready_db_path, "A", "--nik", NIK).stdout == "A-001\n"
    refused = invoke(runner, "ticket", "--db", ready_db_path, "A", "--nik", NIK)
    assert refused.exit_code == 1
    assert "NIK ini sudah memegang tiket" in refused.stderr
    assert NIK not in refused.output

    by_operator = invoke(
        runner,
        "ticket",
        "--db",
        ready_db_path,
        "A",
        "--nik",
        NIK,
        "--override-supervisor",
        "OPR1",
        input=f"{OPERATOR_PIN}\n",
    )
    assert by_operator.exit_code == 1
    assert "bukan supervisor" in by_operator.stderr

    wrong_pin = invoke(
        runner,
        "ticket",
        "--db",
        ready_db_path,
        "A",
        "--nik",
        NIK,
        "--override-supervisor",
        "SPV1",
        input="999999\n",
    )
    assert wrong_pin.exit_code == 1
    assert "PIN salah" in wrong_pin.stderr

    allowed = invoke(
        runner,
        "ticket",
        "--db",
        ready_db_path,
        "A",
        "--nik",
        NIK,
        "--override-supervisor",
        "SPV1",
        "--json",
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert allowed.exit_code == 0, allowed.output
    issued = json.loads(allowed.stdout)
    assert issued["ticket"] == "A-002"
    assert len(issued["overridden"]) == 1
    queue = json.loads(invoke(runner, "queue", "--db", ready_db_path, "--json").stdout)
    assert [w["ticket"] for w in queue["waiting"]] == ["A-001", "A-002"]


def test_queue_json_shape_and_call_order(runner, ready_db_path: Path) -> None:
    for args in (["A"], ["B"], ["A", "--priority", "hamil"], ["C"], ["B", "--priority", "anak"]):
        assert invoke(runner, "ticket", "--db", ready_db_path, *args).exit_code == 0
    result = invoke(runner, "queue", "--db", ready_db_path, "--json")
    assert result.exit_code == 0, result.output
    snapshot = json.loads(result.stdout)
    assert {"date", "services", "waiting"} <= set(snapshot)
    assert len(snapshot["date"]) == 10
    assert snapshot["date"][4] == "-"
    assert [s["code"] for s in snapshot["services"]] == ["A", "B", "C", "D", "E"]
    for service in snapshot["services"]:
        assert {"code", "name", "waiting", "called", "serving", "done", "no_show"} <= set(service)
        assert all(isinstance(service[k], int) for k in ("waiting", "called", "serving", "done", "no_show"))
    waiting_counts = {s["code"]: s["waiting"] for s in snapshot["services"]}
    assert waiting_counts == {"A": 2, "B": 2, "C": 1, "D": 0, "E": 0}
    assert [w["ticket"] for w in snapshot["waiting"]] == ["A-002", "B-002", "A-001", "B-001", "C-001"]
    for entry in snapshot["waiting"]:
        assert set(entry) >= {"ticket", "service", "priority", "issued_at"}
    priorities = {w["ticket"]: w["priority"] for w in snapshot["waiting"]}
    assert priorities == {"A-002": "hamil", "B-002": "anak", "A-001": None, "B-001": None, "C-001": None}
    assert json.loads(result.stdout)["waiting"][0]["issued_at"].endswith("Z")


@pytest.mark.parametrize("chunk", [1, 2, 500])
def test_queue_json_streams_the_same_text_in_keyset_pages_and_limit_stops_it(
    runner, ready_db_path: Path, monkeypatch, chunk: int
) -> None:
    """Streaming (keyset pages of the waiting list, output written in chunks) prints exactly what json.dumps of
    the whole snapshot prints; --limit N prints the first N in call order."""
    import counter_tui.cli_queue as cli_module
    from counter_tui.services import queue_views
    from counter_tui.services.session import Session
    from counter_tui.storage.db import open_database

    empty = invoke(runner, "queue", "--db", ready_db_path, "--json")
    assert json.loads(empty.stdout)["waiting"] == []
    for args in (
        ["A"],
        ["B"],
        ["A", "--priority", "hamil"],
        ["C"],
        ["B", "--priority", "anak"],
        ["A"],
        ["D"],
    ):
        assert invoke(runner, "ticket", "--db", ready_db_path, *args).exit_code == 0
    monkeypatch.setattr(queue_views, "STREAM_CHUNK", chunk)
    monkeypatch.setattr(cli_module, "_JSON_CHUNK", chunk)
    result = invoke(runner, "queue", "--db", ready_db_path, "--json")
    assert result.exit_code == 0, result.output
    db = open_database(ready_db_path)
    try:
        expected = json.dumps(queue_views.queue_snapshot(Session(db)).as_json(), ensure_ascii=False, indent=2)
    finally:
        db.close()
    assert result.stdout == expected + "\n"
    limited = json.loads(invoke(runner, "queue", "--db", ready_db_path, "--json", "--limit", "3").stdout)
    assert [w["ticket"] for w in limited["waiting"]] == ["A-002", "B-002", "A-001"]
    assert limited["services"] == json.loads(expected)["services"]
    text = invoke(runner, "queue", "--db", ready_db_path, "--limit", "2").stdout
    assert "Urutan panggilan: A-002*, B-002*\n" in text


def test_queue_text(runner, ready_db_path: Path) -> None:
    invoke(runner, "ticket", "--db", ready_db_path, "A")
    invoke(runner, "ticket", "--db", ready_db_path, "A", "--priority", "bencana")
    result = invoke(runner, "queue", "--db", ready_db_path)
    assert result.exit_code == 0
    assert "Urutan panggilan: A-002*, A-001" in result.stdout
    assert "Perekaman KTP-el" in result.stdout


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(runner, name: str) -> None:
    result = invoke(runner, name, "--help")
    assert result.exit_code == 0
    if name != "nik":  # `nik` decodes a number and opens no database
        assert "--db" in result.stdout
    assert "Cara pakai:" in result.stdout


def test_the_group_has_help(runner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    for name in ("init", "check", "backup", "locate", "operators", "ticket", "queue", "board"):
        assert name in result.stdout


def test_db_option_beats_the_environment(runner, ready_db_path: Path, tmp_path: Path, monkeypatch) -> None:
    elsewhere = tmp_path / "elsewhere.db"
    monkeypatch.setenv("COUNTER_TUI_DB", str(elsewhere))
    located = json.loads(invoke(runner, "locate", "--json").stdout)
    assert located["database"] == str(elsewhere)
    located = json.loads(invoke(runner, "locate", "--db", ready_db_path, "--json").stdout)
    assert located["database"] == str(ready_db_path)
    assert invoke(runner, "ticket", "--db", ready_db_path, "A").stdout == "A-001\n"
    assert invoke(runner, "--db", str(ready_db_path), "ticket", "A").stdout == "A-002\n"  # the group's --db
    from_env = invoke(runner, "ticket", "A")
    assert from_env.exit_code == 1
    assert str(elsewhere) in from_env.stderr
    assert not elsewhere.exists()


def test_the_environment_is_used_without_db_option(runner, ready_db_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COUNTER_TUI_DB", str(ready_db_path))
    assert invoke(runner, "ticket", "A").stdout == "A-001\n"
