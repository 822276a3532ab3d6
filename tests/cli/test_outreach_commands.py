"""`counter-tui outreach start|end|list|export|import` through CliRunner on two real database files (a laptop
and the office, each made by `init`, so with their own key file and device id)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from counter_tui.domain.nik import build_nik
from counter_tui.services import accounts, case_finish
from counter_tui.services.case_draft import CaseDraft
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from tests.cli.helpers import SUPERVISOR_PIN, init_args, invoke

PASS = "frasa sandi jemput bola"
pytestmark = pytest.mark.slow  # several scrypt hashes per test


def _init(runner: CliRunner, path: Path) -> None:
    assert invoke(runner, *init_args(path), input=f"{SUPERVISOR_PIN}\n").exit_code == 0


def _record_pemula(path: Path, serial: int) -> None:
    """What the case form does on the laptop during the session (the CLI records no cases)."""
    db = open_database(path)
    try:
        actor = accounts.login(Session(db), "SPV1", SUPERVISOR_PIN, 0)
        born = date(2008, 3, 1)
        case_finish.finish_case(
            Session(db, actor),
            CaseDraft(build_nik("62.02.05", born, "P", serial), f"Pelajar {serial}", born, "P", "belum_kawin",
                      "baru", ["kk"]),
        )  # fmt: skip
    finally:
        db.close()


def test_start_list_end_export_import(runner: CliRunner, tmp_path: Path) -> None:
    laptop, office = tmp_path / "laptop.db", tmp_path / "office.db"
    _init(runner, laptop)
    _init(runner, office)
    pin = f"{SUPERVISOR_PIN}\n"
    started = invoke(runner, "outreach", "start", "--db", laptop, "--kind", "sekolah", "--place", "SMAN 1 Sampit",
                     "--kecamatan", "05", "--operator", "SPV1", "--pin-stdin", "--json", input=pin)  # fmt: skip
    assert started.exit_code == 0, started.output
    assert json.loads(started.output)["kecamatan"] == "Baamang"
    again = invoke(runner, "outreach", "start", "--db", laptop, "--kind", "rumah", "--place", "Desa Bagendang",
                   "--operator", "SPV1", "--pin-stdin", input=pin)  # fmt: skip
    assert again.exit_code == 1
    assert "masih berjalan" in again.output
    assert "Traceback" not in again.output
    _record_pemula(laptop, 1)
    _record_pemula(laptop, 2)
    listed = invoke(runner, "outreach", "list", "--db", laptop, "--json")
    day = json.loads(listed.output)
    assert [(s["place"], s["recorded"], s["open"]) for s in day["sessions"]] == [("SMAN 1 Sampit", 2, True)]
    ended = invoke(runner, "outreach", "end", "--db", laptop, "--operator", "SPV1", "--pin-stdin", input=pin)
    assert ended.exit_code == 0
    assert "2 perekaman" in ended.output

    out = tmp_path / "jemput.ctuo"
    exported = invoke(runner, "outreach", "export", "--db", laptop, "--out", out, "--operator", "SPV1",
                      "--pin-stdin", "--passphrase-stdin", input=f"{pin}{PASS}\n")  # fmt: skip
    assert exported.exit_code == 0, exported.output
    assert "1 kegiatan, 2 berkas, 2 perekaman" in exported.output

    wrong = invoke(runner, "outreach", "import", out, "--db", office, "--operator", "SPV1", "--pin-stdin",
                   "--passphrase-stdin", input=f"{pin}frasa yang keliru\n")  # fmt: skip
    assert wrong.exit_code == 1
    assert wrong.output.strip().splitlines()[-1] == (
        "Galat: Frasa sandi salah, atau berkas jemput bola telah berubah atau rusak; tidak ada yang ditulis."
    )
    imported = invoke(runner, "outreach", "import", out, "--db", office, "--operator", "SPV1", "--pin-stdin",
                      "--passphrase-stdin", "--json", input=f"{pin}{PASS}\n")  # fmt: skip
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.output)["new"]["cases"] == 2
    twice = invoke(runner, "outreach", "import", out, "--db", office, "--operator", "SPV1", "--pin-stdin",
                   "--passphrase-stdin", input=f"{pin}{PASS}\n")  # fmt: skip
    assert twice.exit_code == 0
    assert "sudah ada di kantor" in twice.output
    assert "tidak ada yang ditambahkan" in twice.output
    report = json.loads(invoke(runner, "report", "--db", office, "--json", "--date", day["date"]).output)
    assert report["outreach"]["sessions"] == 1
    assert report["outreach"]["recorded"] == 2


def test_export_prompts_for_the_passphrase_twice(runner: CliRunner, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.db"
    _init(runner, laptop)
    pin = f"{SUPERVISOR_PIN}\n"
    invoke(runner, "outreach", "start", "--db", laptop, "--kind", "rumah", "--place", "Desa Bagendang",
           "--operator", "SPV1", "--pin-stdin", input=pin)  # fmt: skip
    invoke(runner, "outreach", "end", "--db", laptop, "--operator", "SPV1", "--pin-stdin", input=pin)
    out = tmp_path / "a.ctuo"
    mismatch = invoke(runner, "outreach", "export", "--db", laptop, "--out", out, "--operator", "SPV1",
                      "--pin-stdin", input=f"{pin}{PASS}\nlain sekali ya\n")  # fmt: skip
    assert mismatch.exit_code == 1
    assert "tidak sama" in mismatch.output
    assert not out.exists()
    ok = invoke(runner, "outreach", "export", "--db", laptop, "--out", out, "--operator", "SPV1",
                "--pin-stdin", input=f"{pin}{PASS}\n{PASS}\n")  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert out.read_bytes().startswith(b"CTUI-OUTREACH\n")


def test_help_is_indonesian(runner: CliRunner) -> None:
    for command in ("start", "end", "list", "export", "import"):
        result = invoke(runner, "outreach", command, "--help")
        assert result.exit_code == 0
        assert "Cara pakai" in result.output
        assert "Usage" not in result.output
