"""The command line: a thin click layer over the use cases. Bare `counter-tui` opens the TUI.

The commands live in one module per family (`cli_setup`, `cli_queue`, `cli_stock`, `cli_day`, `cli_demo`; what
they share is in `cli_common`). The root group knows them by name from `COMMANDS` and imports a family's module
only when one of its commands is looked up, so `counter-tui ticket A` loads `cli_queue` and none of the others.
Textual is imported only inside the commands that open a screen.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import click

from counter_tui.cli_common import IndonesianGroup, WholeNumberRange, db_option, db_path_of, run_tui

# Every command of `counter-tui`: its name -> "module:attribute" of the click command (or group) declared there.
# Registering a command is one line here.
COMMANDS: dict[str, str] = {
    "init": "counter_tui.cli_setup:init",
    "locate": "counter_tui.cli_setup:locate",
    "check": "counter_tui.cli_setup:check",
    "backup": "counter_tui.cli_setup:backup",
    "restore": "counter_tui.cli_setup:restore",
    "recover-supervisor": "counter_tui.cli_setup:recover_supervisor",
    "operators": "counter_tui.cli_setup:operators",
    "ticket": "counter_tui.cli_queue:ticket",
    "queue": "counter_tui.cli_queue:queue",
    "board": "counter_tui.cli_queue:board",
    "nik": "counter_tui.cli_queue:nik",
    "stock": "counter_tui.cli_stock:stock",
    "target": "counter_tui.cli_stock:target",
    "close-day": "counter_tui.cli_day:close_day",
    "reopen-day": "counter_tui.cli_day:reopen_day",
    "export": "counter_tui.cli_day:export",
    "verify": "counter_tui.cli_day:verify",
    "report": "counter_tui.cli_day:report",
    "demo": "counter_tui.cli_demo:demo",
    "outreach": "counter_tui.cli_outreach:outreach",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's `commands` that imports a command's module the first time the command is looked up.

    Its names come from the registry without importing anything, so iterating, `in`, and click's "did you mean"
    on a mistyped command stay free; `commands["init"]` loads `cli_setup`."""

    def __init__(self, registry: dict[str, str]) -> None:
        self._registry = dict(registry)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module_name, attribute = self._registry[name].split(":")  # KeyError: no such command
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self._registry[name]} is not a click command")
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._loaded.pop(name, None)
        self._registry.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._registry or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._registry, *self._loaded]))

    def __len__(self) -> int:
        return len(self._registry.keys() | self._loaded.keys())


class LazyGroup(IndonesianGroup):
    """click's lazy-loading group: `list_commands` names every command without importing it, `get_command` imports
    only the one that runs."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(lazy_commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.commands.get(cmd_name)


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@db_option
@click.option(
    "--idle-minutes",
    type=WholeNumberRange(1, 240),
    metavar="MENIT",
    help="Kunci layar setelah sekian menit diam (1-240).",
)
@click.version_option(package_name="counter-tui", prog_name="counter-tui")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, idle_minutes: int | None) -> None:
    """counter_tui: aplikasi loket pelayanan KTP-el Disdukcapil. Tanpa perintah: membuka aplikasi layar."""
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is None:
        run_tui(db_path_of(ctx, db_path), mode="main", idle_minutes=idle_minutes)


def main() -> None:
    cli(prog_name="counter-tui")
