"""The benchmarks run at a tiny size. No timing is asserted: the numbers are for people to read."""

from __future__ import annotations

import pytest

from benchmarks import bench_cases, bench_queue, bench_startup


def test_bench_queue_runs_and_both_sides_write_the_same_rows(tmp_path) -> None:
    results = bench_queue.main(
        ["--historical", "2000", "--days", "20", "--rounds", "5", "--blocks", "2", "--workdir", str(tmp_path)]
    )
    assert results["identical_rows"] is True  # the raw side really replays the use cases' statements
    assert set(results["operations"]) == {"issue", "call_next", "finish", "round"}
    for entry in results["operations"].values():
        assert entry["usecase_median_ms"] > 0
        assert entry["raw_median_ms"] > 0
        assert entry["ratio"] > 0
    assert list(tmp_path.iterdir()) == []  # the temporary databases are gone


def test_bench_cases_runs_and_both_sides_write_the_same_rows(tmp_path) -> None:
    results = bench_cases.main(
        [
            "--historical",
            "1500",
            "--cases",
            "600",
            "--days",
            "15",
            "--rounds",
            "4",
            "--blocks",
            "2",
            "--workdir",
            str(tmp_path),
            "--quiet",
        ]
    )
    assert results["identical_rows"] is True  # the raw side really replays finish_case's statements
    assert set(results["operations"]) == {"pemula", "hilang_ikd"}
    for entry in results["operations"].values():
        assert entry["usecase_median_ms"] > 0
        assert entry["raw_median_ms"] > 0
    assert results["nik_check"]["per_call_us_median"] > 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # a dozen fresh interpreters, several of them importing Textual
def test_bench_startup_runs() -> None:
    results = bench_startup.main(["--runs", "1"])
    assert set(results["commands"]) == {
        "python -c pass",
        "import textual.app (baseline)",
        "counter-tui --help",
        "counter-tui queue --json",
        "import counter_tui.tui.app",
    }
    for entry in results["commands"].values():
        assert entry["wall_ms"] > 0


@pytest.mark.slow  # builds two small databases and runs a dozen fresh interpreters
def test_bench_export_runs(tmp_path) -> None:
    from benchmarks import bench_export

    results = bench_export.main(
        ["--day-tickets", "60", "--year-tickets", "3000", "--runs", "1", "--workdir", str(tmp_path)]
    )
    day = results["day"]
    assert day["export_s"] > 0
    assert "manifest.json" in day["files"]
    assert "rekap.xlsx" in day["files"]
    year = results["year"]
    assert year["rows"] == 3000
    if year["shell"]:
        assert year["shell_rows"] == year["rows"]  # the shell ran the same SQL
    assert list(tmp_path.iterdir()) == []


def test_bench_queue_busy_day_normal_variant_and_floor(tmp_path) -> None:
    results = bench_queue.main(
        [
            "--historical",
            "500",
            "--days",
            "5",
            "--rounds",
            "3",
            "--blocks",
            "1",
            "--workdir",
            str(tmp_path),
            "--busy-day",
            "--synchronous",
            "NORMAL",
        ]
    )
    assert results["identical_rows"] is True
    assert results["busy_day"] is True
    assert results["synchronous"] == "NORMAL"
    assert results["floor_issue_median_ms"] > 0


@pytest.mark.slow  # a few fresh interpreters
def test_bench_cli_runs() -> None:
    from benchmarks import bench_cli

    results = bench_cli.main(["--runs", "1", "--waiting", "30"])
    assert results["floor_ms"] > 0
    assert {"ticket A", "queue --json (30 waiting)"} <= set(results["commands"])
    for entry in results["commands"].values():
        assert entry["ratio"] > 0


@pytest.mark.slow  # two Textual apps under Pilot
def test_bench_counter_day_runs_under_pilot() -> None:
    from benchmarks import bench_counter_day

    results = bench_counter_day.main(["--tickets", "2", "--historical", "100", "--pilot"])
    assert results["summary"]["tmux"] is False
    for kind in ("counter", "minimal"):
        assert results[kind]["freezes"] == 0
        assert set(results[kind]["latency_ms"]) == {"call", "finish", "outcome"}
