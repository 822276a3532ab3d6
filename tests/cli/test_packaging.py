"""The built wheel carries the migrations: a fresh database opens from an installed (non-editable) package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_the_migrations(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheel_dir), str(REPO_ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    wheels = list(wheel_dir.glob("counter_tui-*.whl"))
    assert len(wheels) == 1, list(wheel_dir.iterdir())
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = wheel.namelist()
        shipped = sorted(n for n in names if n.startswith("counter_tui/_migrations/") and n.endswith(".sql"))
        source = sorted(p.name for p in (REPO_ROOT / "db" / "migrations").glob("*.sql"))
        assert [Path(n).name for n in shipped] == source
        unpacked = tmp_path / "unpacked"
        wheel.extractall(unpacked)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COUNTER_TUI_DB")}
    # -S: no site processing, so the checkout's editable-install .pth file is not read; the dependencies
    # come from the venv's site-packages as a plain path entry, after the unpacked wheel.
    env["PYTHONPATH"] = os.pathsep.join([str(unpacked), sysconfig.get_paths()["purelib"]])
    code = textwrap.dedent(
        """
        import json, sys
        from pathlib import Path
        import counter_tui
        from counter_tui.storage.db import open_database
        from counter_tui.storage.migrations import migrations_dir

        db = open_database(Path("fresh.db"), create=True)
        tables = sorted(r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
        versions = [r[0] for r in db.conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        db.close()
        print(json.dumps({"package": counter_tui.__file__, "migrations": str(migrations_dir()),
                          "tables": tables, "versions": versions}))
        """
    )
    ran = subprocess.run(
        [sys.executable, "-S", "-c", code],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    result = json.loads(ran.stdout.strip().splitlines()[-1])
    assert Path(result["package"]).resolve().is_relative_to(unpacked.resolve())
    migrations = Path(result["migrations"]).resolve()
    assert migrations.is_relative_to(unpacked.resolve())
    assert migrations.name == "_migrations"
    assert not migrations.is_relative_to(REPO_ROOT.resolve())
    assert {"office", "operators", "audit_log", "tickets", "services", "schema_migrations"} <= set(
        result["tables"]
    )
    assert result["versions"] == list(range(1, len(source) + 1))
    assert (outside / "fresh.db").exists()
