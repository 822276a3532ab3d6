"""Small helpers shared by the CLI tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from counter_tui.cli import cli

SUPERVISOR_PIN = "482913"


def invoke(runner: CliRunner, *args: str | Path, input: str | None = None) -> Result:
    return runner.invoke(cli, [str(a) for a in args], input=input)


def init_args(db: Path, *, region: str = "62.02", code: str = "SPV1") -> list[str]:
    return [
        "init",
        "--db",
        str(db),
        "--office-name",
        "Disdukcapil Kab. Kotawaringin Timur",
        "--region",
        region,
        "--supervisor-code",
        code,
        "--supervisor-name",
        "Agus Supervisor",
        "--pin-stdin",
    ]


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def table_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())
