"""`close-day`, `reopen-day`, `export`, `verify` and `report` through click, and `verify` as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import SUPERVISOR_PIN, invoke
from tests.conftest import OPERATOR_PIN


@pytest.fixture
def busy_db(runner, ready_db_path: Path) -> Path:
    for service in "AABC":
        assert invoke(runner, "ticket", "--db", ready_db_path, service).exit_code == 0
    return ready_db_path


def _close(runner, db: Path, *extra: str):
    return invoke(
        runner,
        "close-day",
        "--db",
        db,
        "--operator",
        "SPV1",
        "--pin-stdin",
        *extra,
        input=f"{SUPERVISOR_PIN}\n",
    )


def test_close_day_prints_a_summary_and_then_refuses_tickets(runner, busy_db: Path) -> None:
    result = _close(runner, busy_db)
    assert result.exit_code == 0, result.output
    assert "4 tiket ditutup sebagai tidak terlayani" in result.stdout
    refused = invoke(runner, "ticket", "--db", busy_db, "A")
    assert refused.exit_code == 1
    assert "sudah ditutup" in refused.stderr
    again = _close(runner, busy_db, "--json")
    assert again.exit_code == 0, again.output
    payload = json.loads(again.stdout)
    assert payload["already_closed"] is True
    assert payload["closed"] == []
    assert payload["totals"] == {"closed": 4}


def test_close_day_refuses_an_operator_and_a_wrong_pin(runner, busy_db: Path) -> None:
    result = invoke(
        runner, "close-day", "--db", busy_db, "--operator", "OPR1", "--pin-stdin", input=f"{OPERATOR_PIN}\n"
    )
    assert result.exit_code == 1
    assert "bukan supervisor" in result.stderr
    wrong = invoke(
        runner, "close-day", "--db", busy_db, "--operator", "SPV1", "--pin-stdin", input="000000\n"
    )
    assert wrong.exit_code == 1
    assert "PIN salah" in wrong.stderr
    assert invoke(runner, "ticket", "--db", busy_db, "A").exit_code == 0  # still open


def test_reopen_day(runner, busy_db: Path) -> None:
    _close(runner, busy_db)
    result = invoke(
        runner,
        "reopen-day",
        "--db",
        busy_db,
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--reason",
        "Rombongan SMA datang",
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert result.exit_code == 0, result.output
    assert "dibuka kembali" in result.stdout
    assert invoke(runner, "ticket", "--db", busy_db, "A").stdout == "A-003\n"


def test_export_then_verify_then_tamper(runner, busy_db: Path, tmp_path: Path) -> None:
    _close(runner, busy_db)
    out = tmp_path / "exports"
    result = invoke(runner, "export", "--db", busy_db, "--out", out)
    assert result.exit_code == 0, result.output
    folders = list(out.iterdir())
    assert len(folders) == 1
    assert folders[0].name.startswith("62.02-")
    assert "tickets.csv" in result.stdout
    assert "belum ditutup" not in result.stderr
    ok = invoke(runner, "verify", folders[0])
    assert ok.exit_code == 0, ok.output
    assert "Bundel utuh" in ok.stdout
    against = invoke(
        runner, "verify", folders[0], "--db", busy_db
    )  # the head is a row of this office's chain
    assert against.exit_code == 0, against.output
    manifest = json.loads((folders[0] / "manifest.json").read_text())
    other = tmp_path / "other.db"
    assert (
        invoke(
            runner,
            "init",
            "--db",
            other,
            "--office-name",
            "Lain",
            "--region",
            "62.02",
            "--supervisor-code",
            "SPV9",
            "--supervisor-name",
            "Lain",
            "--pin-stdin",
            input=f"{SUPERVISOR_PIN}\n",
        ).exit_code
        == 0
    )
    elsewhere = invoke(runner, "verify", folders[0], "--db", other)
    assert elsewhere.exit_code == 1
    assert f"baris {manifest['audit']['head_id']}" in elsewhere.stderr
    refused = invoke(runner, "export", "--db", busy_db, "--out", out)
    assert refused.exit_code == 1
    assert "--force" in refused.stderr
    (folders[0] / "rekap.json").write_text("{}\n")
    bad = invoke(runner, "verify", folders[0])
    assert bad.exit_code == 1
    assert "rekap.json" in bad.stderr


def test_export_full_nik_needs_the_operator_and_reason(runner, busy_db: Path, tmp_path: Path) -> None:
    no_reason = invoke(
        runner,
        "export",
        "--db",
        busy_db,
        "--out",
        tmp_path,
        "--full-nik",
        "--operator",
        "SPV1",
        "--pin-stdin",
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert no_reason.exit_code == 1
    assert "Alasan" in no_reason.stderr
    no_operator = invoke(
        runner,
        "export",
        "--db",
        busy_db,
        "--out",
        tmp_path,
        "--full-nik",
        "--reason",
        "Surat kabupaten 12/2026",
    )
    assert no_operator.exit_code == 1
    assert "--operator" in no_operator.stderr
    operator = invoke(
        runner,
        "export",
        "--db",
        busy_db,
        "--out",
        tmp_path,
        "--full-nik",
        "--reason",
        "Surat kabupaten 12/2026",
        "--operator",
        "OPR1",
        "--pin-stdin",
        input=f"{OPERATOR_PIN}\n",
    )
    assert operator.exit_code == 1
    assert "bukan supervisor" in operator.stderr
    assert list(tmp_path.glob("62.02-*")) == []
    done = invoke(
        runner,
        "export",
        "--db",
        busy_db,
        "--out",
        tmp_path,
        "--full-nik",
        "--reason",
        "Surat kabupaten 12/2026",
        "--operator",
        "SPV1",
        "--pin-stdin",
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert done.exit_code == 0, done.output
    assert "NIK LENGKAP" in done.stderr


def test_export_of_a_day_without_data_and_a_bad_format(runner, ready_db_path: Path, tmp_path: Path) -> None:
    empty = invoke(runner, "export", "--db", ready_db_path, "--out", tmp_path, "--date", "2024-02-14")
    assert empty.exit_code == 1
    assert "Tidak ada data untuk tanggal 2024-02-14" in empty.stderr
    bad = invoke(runner, "export", "--db", ready_db_path, "--out", tmp_path, "--format", "csv,docx")
    assert bad.exit_code == 1
    assert "docx" in bad.stderr
    bad_date = invoke(runner, "export", "--db", ready_db_path, "--out", tmp_path, "--date", "2024-02-30")
    assert bad_date.exit_code == 1
    assert "Tanggal tidak sah" in bad_date.stderr
    assert "Traceback" not in empty.output + bad.output + bad_date.output


def test_report_json_has_the_keys(runner, busy_db: Path) -> None:
    result = invoke(runner, "report", "--db", busy_db, "--json")
    assert result.exit_code == 0, result.output
    recap = json.loads(result.stdout)
    for key in ("date", "tickets", "recordings", "cards_printed", "blanks", "ikd", "waitlist_open", "target"):
        assert key in recap
    assert set(recap["blanks"]) >= {"opening", "received", "used", "damaged", "closing"}
    assert recap["tickets"]["issued"] == 4
    assert {g["code"]: g["issued"] for g in recap["tickets"]["by_service"]} == {"A": 2, "B": 1, "C": 1}


def test_report_table_and_range(runner, busy_db: Path) -> None:
    table = invoke(runner, "report", "--db", busy_db)
    assert table.exit_code == 0, table.output
    assert "Tiket per layanan" in table.stdout
    assert "Jumlah" in table.stdout
    assert "Hari belum ditutup." in table.stdout
    ranged = invoke(runner, "report", "--db", busy_db, "--from", "2024-01-01", "--to", "2030-12-31", "--json")
    assert ranged.exit_code == 1
    assert "366" in ranged.stderr
    both = invoke(runner, "report", "--db", busy_db, "--date", "2026-11-30", "--from", "2026-11-01")
    assert both.exit_code == 1
    one = invoke(runner, "report", "--db", busy_db, "--from", "2026-11-01")
    assert one.exit_code == 1
    assert "bersama" in one.stderr


def test_verify_as_a_subprocess(runner, busy_db: Path, tmp_path: Path) -> None:
    _close(runner, busy_db)
    assert invoke(runner, "export", "--db", busy_db, "--out", tmp_path).exit_code == 0
    folder = next(tmp_path.glob("62.02-*"))

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "counter_tui", "verify", str(folder)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    good = run()
    assert good.returncode == 0, good.stderr
    (folder / "waitlist.csv").unlink()
    bad = run()
    assert bad.returncode == 1
    assert "waitlist.csv: berkas hilang." in bad.stderr
    assert "Traceback" not in bad.stderr


def test_report_of_a_range(runner, busy_db: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from counter_tui.domain.clock import office_date

    today = office_date(datetime.now(UTC))
    first = (today - timedelta(days=6)).isoformat()
    result = invoke(runner, "report", "--db", busy_db, "--from", first, "--to", today.isoformat(), "--json")
    assert result.exit_code == 0, result.output
    recap = json.loads(result.stdout)
    assert recap["date"] == f"{first}/{today.isoformat()}"
    assert recap["days"] == [today.isoformat()]
    assert recap["tickets"]["issued"] == 4
