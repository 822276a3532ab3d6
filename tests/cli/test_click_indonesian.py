"""click's own texts and usage errors in Bahasa Indonesia, and the CLI's other messages from issue 8."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest

from counter_tui import cli_i18n
from counter_tui.cli import cli
from counter_tui.services import account_admin, accounts
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from tests.cli.helpers import invoke
from tests.conftest import SUPERVISOR_CODE, SUPERVISOR_PIN

ENGLISH = (
    "Usage:",
    "Options:",
    "Commands:",
    "Show this message and exit.",
    "Show the version and exit.",
    "[required]",
    "Error:",
    "Missing argument",
    "No such option",
    "Try '",
    "[OPTIONS]",
    "COMMAND",
    "TEXT",
    "PATH",
    "INTEGER",
    " version ",
)


def click_messages() -> tuple[set[str], set[tuple[str, str]]]:
    """Every text click marks for translation: the first argument of each `_()` and `ngettext()` call."""
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = node.args
            if node.func.id == "_" and args and isinstance(args[0], ast.Constant):
                singles.add(args[0].value)
            if (
                node.func.id == "ngettext"
                and len(args) >= 2
                and all(isinstance(a, ast.Constant) for a in args[:2])
            ):
                plurals.add((args[0].value, args[1].value))
    return singles, plurals


def test_every_text_click_marks_is_translated() -> None:
    singles, plurals = click_messages()
    assert len(singles) > 40  # the scan found click's texts
    assert singles - set(cli_i18n.MESSAGES) == set()
    assert plurals - set(cli_i18n.PLURALS) == set()


def test_translations_keep_their_placeholders() -> None:
    fields = re.compile(r"\{[^}]*\}|%\([a-z]+\)s")
    for english, indonesian in cli_i18n.MESSAGES.items():
        assert sorted(fields.findall(english)) == sorted(fields.findall(indonesian)), english
    for (one, many), (satu, banyak) in cli_i18n.PLURALS.items():
        assert set(fields.findall(one)) >= set(fields.findall(satu)), one
        assert set(fields.findall(many)) == set(fields.findall(banyak)), many


def every_command(group: click.Group = cli, path: tuple[str, ...] = ()) -> list[list[str]]:
    """Each command's words, subcommands of a group included (stock receive said "--ref TEXT")."""
    found = []
    for name in sorted(group.commands):
        command = group.commands[name]
        found.append([*path, name])
        if isinstance(command, click.Group):
            found += every_command(command, (*path, name))
    return found


def test_every_command_lists_subcommands() -> None:
    assert ["stock", "receive"] in every_command()


@pytest.mark.parametrize("args", [[], *every_command()])
def test_the_whole_of_help_is_indonesian(runner, args: list[str]) -> None:
    result = invoke(runner, *args, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Cara pakai: ")
    assert "Opsi:" in result.stdout
    assert "Tampilkan bantuan ini, lalu keluar." in result.stdout
    for english in ENGLISH:
        assert english not in result.stdout, english


def test_the_group_lists_its_commands_in_indonesian(runner) -> None:
    result = invoke(runner, "--help")
    assert "Perintah:" in result.stdout
    assert "[PERINTAH] [ARGUMEN]..." in result.stdout


def test_a_required_option_is_marked_in_indonesian() -> None:
    # init's required options are the one place click would print "[required]" (with show_required).
    command = cli.commands["init"]
    with click.Context(command, info_name="init") as ctx:
        option = next(p for p in command.params if p.name == "office_name")
        option.show_required = True  # type: ignore[attr-defined]
        try:
            _decl, help_text = option.get_help_record(ctx)  # type: ignore[misc]
        finally:
            option.show_required = False  # type: ignore[attr-defined]
    assert "[wajib]" in help_text


def test_the_version_line(runner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == "counter-tui, versi 0.1.0"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ticket"], "Galat: Argumen wajib belum diberikan: 'LAYANAN'."),
        (["ticket", "A", "--bogus"], "Galat: Opsi '--bogus' tidak ada."),
        (["tiket"], "Galat: Perintah 'tiket' tidak ada."),
        (
            ["--idle-minutes", "999"],
            "Galat: Nilai tidak sah untuk '--idle-minutes': 999 di luar rentang 1<=x<=240.",
        ),
        (
            ["--idle-minutes", "abc"],
            "Galat: Nilai tidak sah untuk '--idle-minutes': 'abc' bukan bilangan bulat yang sah.",
        ),
        (["ticket", "A", "--priority"], "Galat: Opsi '--priority' memerlukan nilai."),
        (["init", "--region", "62.02"], "Galat: Opsi wajib belum diberikan: '--office-name'."),
        (["backup", "a", "b"], "Galat: Ada argumen lebih yang tidak diharapkan (b)"),
    ],
)
def test_usage_errors_are_indonesian(runner, args: list[str], expected: str) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert expected in result.stderr
    if "memerlukan nilai" not in expected:  # click prints that one without the usage lines
        assert result.stderr.startswith("Cara pakai: ")
        assert "Coba '" in result.stderr
    for english in ("Usage:", "Error:", "Missing", "No such", "Try '", "is not", "integer"):
        assert english not in result.stderr, english


def test_a_bad_choice_is_indonesian() -> None:
    """counter_tui has no click.Choice today (KIND is checked by the use case); a future one speaks Indonesian."""

    @click.command()
    @click.option("--warna", type=click.Choice(["merah", "biru"]))
    def pick(warna: str) -> None:
        click.echo(warna)

    result = click.testing.CliRunner().invoke(pick, ["--warna", "hijau"])
    assert result.exit_code == 2
    assert "Nilai tidak sah untuk '--warna': 'hijau' bukan salah satu dari 'merah', 'biru'." in result.output


def test_ticket_with_a_priority_prints_it(runner, ready_db_path: Path) -> None:
    result = invoke(runner, "ticket", "--db", ready_db_path, "B", "--priority", "lansia")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "B-001"
    assert "prioritas: Lansia (60+)" in result.stderr
    plain = invoke(runner, "ticket", "--db", ready_db_path, "B")
    assert "prioritas" not in plain.stderr


def test_operators_columns_line_up_with_a_twenty_character_code(runner, ready_db_path: Path, clock) -> None:
    db = open_database(ready_db_path)
    try:
        supervisor = accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        account_admin.add_operator(
            Session(db, supervisor, clock),
            "ABCDEFGHIJKLMNOPQRST",
            "Nama Panjang Sekali",
            "operator",
            "736152",
            "736152",
        )
    finally:
        db.close()
    result = invoke(runner, "operators", "--db", ready_db_path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Kode", "Peran", "Status", "Nama", "lengkap"]
    role_column = lines[0].index("Peran")
    name_column = lines[0].index("Nama lengkap")
    for line in lines[1:]:
        assert line[role_column - 1] == " ", line
        assert line[role_column] != " ", line
        assert line[name_column - 1] == " ", line
        assert line[name_column] != " ", line
    assert any(line.startswith("ABCDEFGHIJKLMNOPQRST ") for line in lines)


def test_board_says_once_that_it_is_silent_without_espeak(runner, ready_db_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    opened: list[Path] = []
    monkeypatch.setattr("counter_tui.cli_queue.run_tui", lambda path, **kwargs: opened.append(path))
    result = invoke(runner, "board", "--db", ready_db_path)
    assert result.exit_code == 0
    assert opened == [ready_db_path]
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 1
    assert "espeak-ng tidak terpasang" in lines[0]
    assert "README" in lines[0]


def test_board_with_espeak_says_nothing(runner, ready_db_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/espeak-ng")
    monkeypatch.setattr("counter_tui.cli_queue.run_tui", lambda path, **kwargs: None)
    result = invoke(runner, "board", "--db", ready_db_path)
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize("name", ["Agus\x1b[31mMerah", "Agus\tSupervisor"])
def test_the_cli_refuses_control_characters_with_the_screens_sentence(
    runner, tmp_path: Path, name: str
) -> None:
    from tests.cli.helpers import files_in, init_args

    db = tmp_path / "counter.db"
    args = init_args(db)
    args[args.index("--supervisor-name") + 1] = name
    result = invoke(runner, *args, input="482913\n")
    assert result.exit_code == 1
    assert "Nama lengkap berisi karakter kendali yang tidak sah" in result.stderr
    assert "\x1b" not in result.output  # the refusal does not echo the escape sequence back
    assert files_in(tmp_path) == []
