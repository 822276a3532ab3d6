"""`counter-tui nik`, `stock` and `target`: JSON keys, exit codes, supervisor PINs, bad numbers; one real
subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.helpers import SUPERVISOR_PIN, invoke, table_counts

OPERATOR_PIN = "572946"
NIK_KEYS = {"valid", "errors", "warnings", "province", "regency", "district", "sex", "birth_date"}
STOCK_KEYS = {"balance", "reserve", "available_for_replacement", "days_left", "movements_today"}


def test_nik_json_for_a_valid_nik(runner: CliRunner) -> None:
    result = invoke(runner, "nik", "6202054507060001", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= NIK_KEYS
    assert data["valid"] is True
    assert (data["province"], data["regency"], data["district"]) == (
        "Kalimantan Tengah",
        "Kabupaten Kotawaringin Timur",
        "Baamang",
    )
    assert (data["sex"], data["birth_date"]) == ("P", "2006-07-05")
    assert data["errors"] == []


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("620205450706000", "15 digit"),
        ("62020545070600011", "17 digit"),
        ("6202057002240001", "30 Februari"),
        ("6202050507060000", "0000"),
        ("9902050507060001", "provinsi"),
    ],
)
def test_nik_json_for_an_invalid_nik_exits_1(runner: CliRunner, nik: str, message: str) -> None:
    result = invoke(runner, "nik", nik, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert any(message in e for e in data["errors"])


def test_nik_text_output_masks_the_nik_and_reads_stdin(runner: CliRunner) -> None:
    result = invoke(runner, "nik", input="6202054507060001\n")
    assert result.exit_code == 0, result.output
    assert "6202**********01" in result.output
    assert "6202054507060001" not in result.output
    assert "Baamang" in result.output
    bad = invoke(runner, "nik", "62020545O7060001")
    assert bad.exit_code == 1
    assert "Galat: NIK harus 16 digit angka; ada huruf" in bad.stderr


def test_stock_receive_damaged_and_the_json(runner: CliRunner, ready_db_path: Path) -> None:
    db = str(ready_db_path)
    received = invoke(
        runner,
        "stock",
        "receive",
        "5000",
        "--ref",
        "BA 01/XI",
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--db",
        db,
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert received.exit_code == 0, received.output
    assert "saldo sekarang 5.000" in received.output
    damaged = invoke(
        runner,
        "stock",
        "damaged",
        "4",
        "--reason",
        "rusak kirim",
        "--operator",
        "SPV1",
        "--db",
        db,
        input=f"{SUPERVISOR_PIN}\n",
    )  # the PIN from a prompt
    assert damaged.exit_code == 0, damaged.output
    shown = invoke(runner, "stock", "--json", "--db", db)
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert set(data) >= STOCK_KEYS
    assert data["balance"] == 4996
    assert data["reserve"] == 0
    assert data["available_for_replacement"] == 4995
    assert data["days_left"] == pytest.approx(4996 / (4 / 7), abs=0.1)
    assert [(m["kind"], m["quantity"]) for m in data["movements_today"]] == [
        ("receipt", 5000),
        ("damaged", -4),
    ]
    text = invoke(runner, "stock", "--db", db)
    assert "4.996" in text.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["receive", "-5", "--ref", "x"], "negatif"),
        (["receive", "0", "--ref", "x"], "lebih dari 0"),
        (["receive", "lima", "--ref", "x"], "bilangan bulat"),
        (["receive", "99999999", "--ref", "x"], "terlalu besar"),
        (["receive", "5", "--ref", "x\x1b[2J"], "kode escape"),
        (["damaged", "5", "--reason", "x"], "Stok blanko habis"),
    ],
)
def test_bad_stock_input_is_refused_and_changes_nothing(
    runner: CliRunner, ready_db_path: Path, args: list[str], message: str
) -> None:
    before = table_counts(ready_db_path)["stock_movements"]
    result = invoke(
        runner,
        "stock",
        *args,
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--db",
        ready_db_path,
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert table_counts(ready_db_path)["stock_movements"] == before


def test_stock_changes_need_a_supervisor(runner: CliRunner, ready_db_path: Path) -> None:
    operator = invoke(
        runner,
        "stock",
        "receive",
        "5",
        "--ref",
        "x",
        "--operator",
        "OPR1",
        "--pin-stdin",
        "--db",
        ready_db_path,
        input=f"{OPERATOR_PIN}\n",
    )
    assert operator.exit_code == 1
    assert "bukan supervisor" in operator.stderr
    wrong = invoke(
        runner,
        "stock",
        "receive",
        "5",
        "--ref",
        "x",
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--db",
        ready_db_path,
        input="000000\n",
    )
    assert wrong.exit_code == 1
    assert "PIN salah" in wrong.stderr
    assert table_counts(ready_db_path)["stock_movements"] == 0


def test_target_set_and_show(runner: CliRunner, ready_db_path: Path) -> None:
    empty = invoke(runner, "target", "--json", "--db", ready_db_path)
    assert json.loads(empty.output)["population"] is None
    made = invoke(
        runner,
        "target",
        "set",
        "--population",
        "313281",
        "--recorded-before",
        "310785",
        "--target-date",
        "2024-02-14",
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--db",
        ready_db_path,
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert made.exit_code == 0, made.output
    assert "99,2 % — 2.496 belum rekam" in made.output
    data = json.loads(invoke(runner, "target", "--json", "--db", ready_db_path).output)
    assert data["population"] == 313281
    assert data["remaining"] == 2496
    assert data["progress"] == "99,2 % — 2.496 belum rekam"
    assert data["target_date"] == "2024-02-14"
    refused = invoke(
        runner,
        "target",
        "set",
        "--population",
        "banyak",
        "--recorded-before",
        "1",
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--db",
        ready_db_path,
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert refused.exit_code == 1
    assert "bilangan bulat" in refused.stderr


def test_help_texts_are_indonesian(runner: CliRunner) -> None:
    for args in (
        ["nik", "--help"],
        ["stock", "--help"],
        ["stock", "receive", "--help"],
        ["target", "set", "--help"],
    ):
        result = invoke(runner, *args)
        assert result.exit_code == 0
        assert any(word in result.output for word in ("Periksa", "Stok", "Catat", "Atur"))


def test_real_subprocess_nik_and_stock(tmp_path: Path, ready_db_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "COUNTER_TUI_DB"}

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "counter_tui", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
            check=False,
        )

    valid = run("nik", "６２０２０５４５０７０６０００１", "--json")  # fullwidth digits
    assert valid.returncode == 0, valid.stderr
    assert json.loads(valid.stdout)["district"] == "Baamang"
    invalid = run("nik", "6202053507060001")
    assert invalid.returncode == 1
    assert invalid.stderr.startswith("Galat: Tanggal lahir di NIK tidak sah: hari 35")
    received = run(
        "stock",
        "receive",
        "12",
        "--ref",
        "BA",
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--db",
        str(ready_db_path),
        stdin=f"{SUPERVISOR_PIN}\n",
    )
    assert received.returncode == 0, received.stderr
    shown = run("stock", "--json", "--db", str(ready_db_path))
    assert json.loads(shown.stdout)["balance"] == 12


def test_stock_policy(runner: CliRunner, ready_db_path: Path) -> None:
    invoke(
        runner,
        "target",
        "set",
        "--population",
        "313281",
        "--recorded-before",
        "310785",
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--db",
        ready_db_path,
        input=f"{SUPERVISOR_PIN}\n",
    )
    made = invoke(
        runner,
        "stock",
        "policy",
        "--reserve-buffer",
        "10",
        "--no-replacements",
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--db",
        ready_db_path,
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert made.exit_code == 0, made.output
    data = json.loads(invoke(runner, "stock", "--json", "--db", ready_db_path).output)
    assert data["reserve"] == 2746
    assert data["replacements_allowed"] is False
    fixed = invoke(
        runner,
        "stock",
        "policy",
        "--reserve-fixed",
        "300",
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--db",
        ready_db_path,
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert fixed.exit_code == 0, fixed.output
    assert json.loads(invoke(runner, "stock", "--json", "--db", ready_db_path).output)["reserve"] == 300
    both = invoke(
        runner,
        "stock",
        "policy",
        "--reserve-fixed",
        "1",
        "--reserve-buffer",
        "1",
        "--operator",
        "SPV1",
        "--pin-stdin",
        "--db",
        ready_db_path,
        input=f"{SUPERVISOR_PIN}\n",
    )
    assert both.exit_code == 1
    assert "Pilih salah satu" in both.stderr
