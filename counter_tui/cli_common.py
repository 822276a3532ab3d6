"""What every command module of the CLI shares: the click classes that speak Indonesian, the common options
(`--db`, `--json`, `--date`, `--operator`, `--pin-stdin`), opening the database, reading a PIN, the supervisor
check, and the mapping of a failure to one sentence and exit code 1.

Importing this module installs click's texts in Bahasa Indonesia (`cli_i18n.install()`), before any command
module declares a command: every command module imports it first.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from counter_tui import cli_i18n
from counter_tui.domain.errors import CounterError
from counter_tui.paths import ENV_DB, resolve_db_path

if TYPE_CHECKING:
    from counter_tui.services.database import Database
    from counter_tui.services.session import Session

EXIT_ERROR = 1

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

# click's own texts ("Usage:", "Options:", its usage errors) in Bahasa Indonesia, before any command is declared.
cli_i18n.install()


def fail(message: str) -> None:
    click.echo(f"Galat: {message}", err=True)
    sys.exit(EXIT_ERROR)


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """A failure exits non-zero with one clear sentence, never a traceback (which could hold personal data)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CounterError as error:
            fail(error.message)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            fail("Dibatalkan.")
        except Exception as error:  # noqa: BLE001 - the user gets a sentence, not a traceback
            fail(
                f"Terjadi kesalahan tak terduga ({type(error).__name__}). Tidak ada perubahan yang setengah jalan."
            )

    return wrapper


# -- click in Indonesian -----------------------------------------------------------------------------
class WholeNumberRange(click.IntRange):
    """click names its number types in English in its messages ("'abc' is not a valid integer range")."""

    name = "bilangan bulat"


class IndonesianCommand(click.Command):
    """The usage line in Bahasa Indonesia too: "[OPSI]" instead of click's "[OPTIONS]"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)


class IndonesianGroup(click.Group):
    command_class = IndonesianCommand
    group_class = type  # subgroups (`stock`, `target`) are IndonesianGroups too: "[OPSI]" in their usage

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        kwargs.setdefault("subcommand_metavar", "[PERINTAH] [ARGUMEN]...")
        super().__init__(*args, **kwargs)


def command(name: str, **kwargs: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """A top-level command, declared in its family's module and listed in `counter_tui.cli.COMMANDS`."""
    return click.command(name, cls=IndonesianCommand, **kwargs)


def group(name: str, **kwargs: Any) -> Callable[[Callable[..., Any]], click.Group]:
    """A top-level group of subcommands (`stock`, `target`), listed in `counter_tui.cli.COMMANDS`."""
    return click.group(name, cls=IndonesianGroup, **kwargs)


# -- the shared options ------------------------------------------------------------------------------
def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_path",
        # A plain string: a folder, an empty path or a FIFO is refused by open_database with an Indonesian
        # sentence, not by click in English (click.Path would also turn '' into '.').
        type=str,
        metavar="BERKAS",
        help=f"Berkas basis data (bawaan: ${ENV_DB}, lalu folder data pengguna).",
    )(func)


json_option = click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")


def date_option(help_text: str) -> Decorator:
    """`--date TTTT-BB-HH` into the `day` parameter; the use case parses it (and defaults to today, WIB)."""
    return click.option("--date", "day", metavar="TTTT-BB-HH", help=help_text)


PIN_STDIN_HELP = "Baca PIN dari masukan standar (satu baris)."


def pin_stdin_option(help_text: str = PIN_STDIN_HELP) -> Decorator:
    return click.option("--pin-stdin", is_flag=True, help=help_text)


def supervisor_options(
    operator_help: str, pin_help: str = PIN_STDIN_HELP, *, required: bool = False
) -> Decorator:
    """`--operator KODE` (into `operator_code`) and `--pin-stdin`: the supervisor a command acts as, checked by
    `supervisor_session`. Not required: the code is asked for at a prompt when it is missing."""
    operator = click.option(
        "--operator", "operator_code", required=required, metavar="KODE", help=operator_help
    )
    pin = pin_stdin_option(pin_help)
    return lambda func: operator(pin(func))


# -- the database and the actor ----------------------------------------------------------------------
def db_path_of(ctx: click.Context, explicit: Path | str | None) -> Path:
    """The database a command works on: its own --db, else the group's --db, else $COUNTER_TUI_DB, else the
    per-user default."""
    if explicit is None and ctx.obj:
        explicit = ctx.obj.get("db_path")
    return resolve_db_path(explicit)


def remember_db_path(ctx: click.Context, db_path: str | Path | None) -> None:
    """A group's --db, for its subcommands that have none of their own."""
    ctx.ensure_object(dict)
    if db_path is not None:
        ctx.obj["db_path"] = db_path


def open_db(ctx: click.Context, explicit: Path | str | None, **kwargs: Any) -> Database:
    from counter_tui.services.database import open_database

    return open_database(db_path_of(ctx, explicit), **kwargs)


@contextmanager
def opened_db(ctx: click.Context, explicit: Path | str | None, **kwargs: Any) -> Iterator[Database]:
    """The command's database, closed when the block ends, whatever happens in it."""
    db = open_db(ctx, explicit, **kwargs)
    try:
        yield db
    finally:
        db.close()


def kiosk_session(db: Database) -> Session:
    """The one Session of a CLI command: the kiosk (script) actor and the real clock."""
    from counter_tui.services.session import Session

    return Session(db)


def supervisor_session(db: Database, code: str | None, pin_stdin: bool) -> Session:
    """A supervisor for one command: the code from --operator (None: asked at a prompt), the PIN from
    --pin-stdin or a hidden prompt. Checked like the front desk's override (audited, wrong PINs count towards the
    lockout)."""
    from counter_tui.services.accounts import authorize_override
    from counter_tui.services.session import Session

    if code is None:
        code = click.prompt("Kode supervisor")
    pin = read_pin_stdin() if pin_stdin else click.prompt("PIN supervisor", hide_input=True)
    return Session(db, authorize_override(kiosk_session(db), code, pin, 0))


# -- input and output --------------------------------------------------------------------------------
def echo_json(payload: Any) -> None:
    import json  # only the --json outputs pay for it

    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def read_pin_stdin() -> str:
    line = sys.stdin.readline()
    pin = line.strip()
    if not pin:
        raise CounterError("PIN tidak terbaca dari masukan standar (stdin).")
    return pin


def run_tui(path: Path, *, mode: str, idle_minutes: int | None = None) -> None:
    from counter_tui.tui.app import run_app  # Textual only for the screens

    code = run_app(path, mode=mode, idle_minutes=idle_minutes)
    if code:
        sys.exit(code)
