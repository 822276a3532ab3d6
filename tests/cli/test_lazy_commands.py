"""The root group loads a command family's module only when one of its commands is looked up (click's lazy
group), while listing, help and suggestions still see every command."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
import pytest

from counter_tui.cli import COMMANDS, LazyCommands, cli
from tests.cli.helpers import invoke

FAMILIES = sorted({spec.split(":")[0] for spec in COMMANDS.values()})


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(done.stdout.split())


def test_listing_the_commands_imports_no_command_module() -> None:
    modules = _modules_after(
        "import click\nfrom counter_tui.cli import cli\n"
        "names = cli.list_commands(click.Context(cli))\nassert 'ticket' in names and 'stock' in names\n"
        "assert 'init' in cli.commands and len(cli.commands) == len(names)"
    )
    assert "counter_tui.cli" in modules  # the probe ran
    assert sorted(modules & set(FAMILIES)) == []


def test_looking_up_one_command_imports_its_family_only() -> None:
    modules = _modules_after("from counter_tui.cli import cli\ncli.commands['stock']")
    assert sorted(modules & set(FAMILIES)) == ["counter_tui.cli_stock"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_registered_name_is_the_commands_own_name(name: str) -> None:
    module_name, attribute = COMMANDS[name].split(":")
    command = getattr(importlib.import_module(module_name), attribute)
    assert isinstance(command, click.Command)
    assert command.name == name
    assert cli.get_command(click.Context(cli), name) is command


def test_the_registry_is_the_whole_command_line() -> None:
    assert sorted(cli.commands) == sorted(COMMANDS)
    assert cli.get_command(click.Context(cli), "tiket") is None


def test_a_mistyped_command_still_gets_a_suggestion(runner) -> None:
    result = invoke(runner, "tiket")
    assert result.exit_code == 2
    assert "Perintah 'tiket' tidak ada. Maksudnya 'ticket'?" in result.output


def test_a_registry_entry_that_is_no_command_is_refused() -> None:
    commands = LazyCommands({"odd": "counter_tui.cli_common:EXIT_ERROR"})
    assert "odd" in commands
    with pytest.raises(TypeError, match="not a click command"):
        commands["odd"]
    assert commands.get("missing") is None
