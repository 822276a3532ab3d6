"""The layer contract, read from the source with `ast` (every import, also inside functions and TYPE_CHECKING):

    domain  <-  services  <-  tui / cli          storage is imported by services only (and by itself)

- the domain imports no other layer, and no Textual, SQLite, sqlite-utils, click, rich or platformdirs;
- storage imports the domain (and `paths`), never services, the TUI or the CLI;
- services never import the TUI or the CLI, nor Textual, click, rich, sqlite3 or sqlite-utils (storage names the
  connection type for them: `counter_tui.storage.connection`);
- the TUI and the CLI never import storage (they open the database through `counter_tui.services.database`);
- widgets never import screens.

`make check` and .ci/run run this file before the tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "counter_tui"

# Imports that break a rule today, with the branch that removes them. Keep this empty once they are merged.
KNOWN_EXCEPTIONS = {
    # The screens branch moves the dialogs to tui/dialogs/ (issue 6, "The TUI").
    ("counter_tui.tui.widgets.forms", "counter_tui.tui.screens.base"),
    ("counter_tui.tui.widgets.queue_widgets", "counter_tui.tui.screens.base"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module this file imports, absolute (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from counter_tui.storage import audit` imports the module counter_tui.storage.audit
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def all_imports() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in {"domain", "storage", "services", "tui"}:
        if parts[1] == "tui" and len(parts) >= 3 and parts[2] in {"widgets", "screens"}:
            return f"tui.{parts[2]}"
        return parts[1]
    if len(parts) == 2 and (parts[1] == "cli" or parts[1].startswith("cli_")):
        return "cli"  # the root group and its command modules (cli_common, cli_queue, ...)
    return parts[1] if len(parts) >= 2 else "package"


def starts(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": (
        "counter_tui.storage",
        "counter_tui.services",
        "counter_tui.tui",
        "counter_tui.cli",
        "counter_tui.paths",
        "textual",
        "sqlite3",
        "sqlite_utils",
        "click",
        "rich",
        "platformdirs",
    ),
    "storage": ("counter_tui.services", "counter_tui.tui", "counter_tui.cli", "textual", "click", "rich"),
    "services": ("counter_tui.tui", "counter_tui.cli", "textual", "click", "rich", "sqlite3", "sqlite_utils"),
    "tui": ("counter_tui.storage", "counter_tui.cli", "sqlite3", "sqlite_utils"),
    "tui.screens": ("counter_tui.storage", "counter_tui.cli", "sqlite3", "sqlite_utils"),
    "tui.widgets": (
        "counter_tui.storage",
        "counter_tui.cli",
        "counter_tui.tui.screens",
        "sqlite3",
        "sqlite_utils",
    ),
    "cli": ("counter_tui.storage", "sqlite3", "sqlite_utils"),
}


def violations(imports: dict[str, set[str]]) -> list[tuple[str, str]]:
    found = []
    for module, imported in imports.items():
        for target in sorted(imported):
            if starts(target, *FORBIDDEN.get(layer(module), ())):
                found.append((module, target))
    return found


def test_the_checker_sees_imports_inside_functions_and_relative_ones(tmp_path: Path) -> None:
    source = PACKAGE / "tui" / "app.py"
    found = imports_of(source)
    assert "counter_tui.services.session" in found
    assert "counter_tui.tui.screens.board" in found  # imported inside a method
    cli = imports_of(PACKAGE / "cli_common.py")
    assert "counter_tui.services.database" in cli  # imported inside a function


@pytest.mark.parametrize(
    ("module", "target", "broken"),
    [
        ("counter_tui.domain.queue", "sqlite3", True),
        ("counter_tui.domain.queue", "counter_tui.domain.errors", False),
        ("counter_tui.services.tickets", "counter_tui.storage.queue", False),
        ("counter_tui.services.tickets", "sqlite3", True),
        ("counter_tui.services.tickets", "counter_tui.tui.app", True),
        ("counter_tui.tui.screens.board", "counter_tui.storage.queue", True),
        ("counter_tui.tui.widgets.forms", "counter_tui.tui.screens.home", True),
        ("counter_tui.tui.screens.home", "counter_tui.tui.widgets.forms", False),
        ("counter_tui.cli", "counter_tui.storage.db", True),
        ("counter_tui.cli", "counter_tui.services.database", False),
        ("counter_tui.cli_queue", "counter_tui.storage.queue", True),
        ("counter_tui.cli_common", "sqlite3", True),
        ("counter_tui.storage.db", "counter_tui.services.session", True),
    ],
)
def test_the_rules(module: str, target: str, broken: bool) -> None:
    assert bool(violations({module: {target}})) is broken


def test_the_package_keeps_the_layer_contract() -> None:
    broken = [
        (module, target)
        for module, target in violations(all_imports())
        if not any(
            module == known and starts(target, known_target) for known, known_target in KNOWN_EXCEPTIONS
        )
    ]
    assert broken == []


def test_services_never_reach_into_the_connection() -> None:
    """Services hand `session.read()` / `session.write()` connections to storage; they never use `db.conn`.
    Maintenance takes a Database (check and backup have no actor) and may pass its connection to storage."""
    offenders = []
    for path in sorted((PACKAGE / "services").glob("*.py")):
        if path.name in {"db_check.py", "db_restore.py"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "conn":
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
