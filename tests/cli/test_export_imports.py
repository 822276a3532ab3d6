"""`counter-tui export` keeps to what the bundle needs: the modules that cost it memory for nothing (xml.sax with
urllib.request/http/ssl, importlib.metadata with email) never load on its path, and reportlab (with the PIL its canvas
imports) loads only when rekap.pdf is written.

A subprocess exports a real day and reports which modules were loaded when it exited. Not a memory test (that is
benchmarks/bench_export.py): it fails when one of those imports creeps back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from counter_tui.services.day_close import close_day
from counter_tui.storage.db import Database
from tests.clock import FixedClock
from tests.eod_day import build_small_day

PROBE = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
from counter_tui.cli import main
main()
"""

PDF_ONLY = ("reportlab", "PIL")
UNWANTED = (
    "urllib.request",
    "http",
    "ssl",
    "email",
    "xml",
    "importlib.metadata",
    "secrets",
)


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == u or m.startswith(u + ".") for u in names))


def _export_modules(db: Database, tmp_path: Path, *extra: str) -> tuple[set[str], str]:
    out = tmp_path / "modules.json"
    env = {k: v for k, v in os.environ.items() if k != "COUNTER_TUI_DB"}
    args = ["--db", str(db.path), "export", "--date", "2026-11-30", "--out", str(tmp_path / "out"), *extra]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(out.read_text(encoding="utf-8"))), done.stdout


def test_a_full_export_loads_none_of_the_heavy_modules_it_does_not_need(
    db: Database, clock: FixedClock, tmp_path: Path
) -> None:
    day = build_small_day(db, clock)
    close_day(day.session(db, clock))
    db.close()
    modules, stdout = _export_modules(db, tmp_path)
    assert "rekap.pdf" in stdout
    # The whole bundle was written: the XLSX library, reportlab and the decryption of the cases did load.
    assert {"xlsxwriter", "cryptography", "reportlab", "reportlab.pdfgen.canvas"} <= modules
    assert "reportlab.platypus" not in modules  # the canvas, not the heavier layout engine
    assert _loaded(modules, UNWANTED) == []


def test_reportlab_and_pil_load_only_for_the_pdf(db: Database, clock: FixedClock, tmp_path: Path) -> None:
    day = build_small_day(db, clock)
    close_day(day.session(db, clock))
    db.close()
    modules, stdout = _export_modules(db, tmp_path, "--format", "csv,xlsx,json")
    assert "rekap.xlsx" in stdout
    assert "rekap.pdf" not in stdout
    assert "xlsxwriter" in modules
    assert _loaded(modules, PDF_ONLY + UNWANTED) == []
