"""cli_ticket_wall and queue_json_8000: wall time of the CLI against the floor of any Python click tool.

Both run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed), as an installed app runs. The floor is
`python -c "import click, sqlite3"` (a fresh interpreter that imports what every command needs).
`counter-tui ticket A` issues one ticket on a ready office; `counter-tui queue --json` prints a queue of 60 and of
8,000 waiting tickets (and `--limit 50` on the 8,000). Runs are interleaved (floor, command, floor, ...) so the
machine's noise falls on both; medians are printed with the ratio to the floor's median. No peak RSS is printed:
on Linux, wait4's ru_maxrss of a child spawned from this (bigger) process reports this process's size (the
high-water mark survives the exec), so it measured the benchmark, not the command; bench_export measures peak RSS
through a small launcher.

Targets (issue 11): ticket <= 2x the floor, queue --json at 8,000 waiting <= 3x.

    python -m benchmarks.bench_cli [--runs 15] [--waiting 8000] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_queue import OPERATOR_PIN, create_office
from benchmarks.bench_startup import _cli, _measure

SERVICES = "ABCDE"


def make_queue(path: Path, waiting: int) -> None:
    """An office with `waiting` tickets waiting today (system clock), issued through the use case."""
    from counter_tui.services import accounts, tickets
    from counter_tui.services.session import Session
    from counter_tui.storage.db import open_database

    create_office(path)
    db = open_database(path)
    try:
        db.conn.execute("PRAGMA synchronous = OFF")  # setup only: no fsync per ticket
        desk = accounts.login(Session(db), "OPR1", OPERATOR_PIN, 0)
        session = Session(db, desk)
        for n in range(waiting):
            tickets.issue_ticket(
                session, SERVICES[n % len(SERVICES)], priority="lansia" if n % 17 == 0 else None
            )
    finally:
        db.close()


def _env(workdir: Path) -> dict[str, str]:
    # Bytecode as an installed counter has it: with PYTHONDONTWRITEBYTECODE set (as in some shells and CI), every
    # run would compile counter_tui from source (~50 ms) while click, in site-packages, has its .pyc from pip.
    env = {k: v for k, v in os.environ.items() if k not in ("COUNTER_TUI_DB", "PYTHONDONTWRITEBYTECODE")}
    env.update(HOME=str(workdir), XDG_DATA_HOME=str(workdir / "data"), XDG_CONFIG_HOME=str(workdir / "cfg"))
    return env


def run(runs: int = 15, waiting: int = 8000, quiet: bool = False) -> dict:
    say = (lambda *a: None) if quiet else print
    floor_cmd = [sys.executable, "-c", "import click, sqlite3"]
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        workdir = Path(tmp)
        env = _env(workdir)
        small, big = workdir / "small.db", workdir / "big.db"
        make_queue(small, 60)
        make_queue(big, waiting)
        commands = {
            "ticket A": _cli() + ["--db", str(small), "ticket", "A"],
            "queue --json (60 waiting)": _cli() + ["--db", str(small), "queue", "--json"],
            f"queue --json ({waiting:,} waiting)": _cli() + ["--db", str(big), "queue", "--json"],
            f"queue --json --limit 50 ({waiting:,} waiting)": _cli()
            + ["--db", str(big), "queue", "--json", "--limit", "50"],
        }
        walls: dict[str, list[float]] = {name: [] for name in ["floor", *commands]}
        for argv in [floor_cmd, *commands.values()]:  # warm the page cache once
            _measure(argv, env, workdir)
        for _ in range(runs):
            for name, argv in commands.items():
                for key, cmd in (("floor", floor_cmd), (name, argv)):
                    wall, _ = _measure(cmd, env, workdir)
                    walls[key].append(wall * 1000)
    floor = statistics.median(walls["floor"])
    results = {"floor_ms": round(floor, 1), "commands": {}}
    say(
        f'CLI wall time, median of {runs} interleaved runs; floor `python -c "import click, sqlite3"` '
        f"{floor:.1f} ms"
    )
    for name in commands:
        median = statistics.median(walls[name])
        results["commands"][name] = {"wall_ms": round(median, 1), "ratio": round(median / floor, 2)}
        say(f"  {name:42s} {median:7.1f} ms  {median / floor:5.2f}x floor")
    return results


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--waiting", type=int, default=8000)
    parser.add_argument("--quick", action="store_true", help="5 runs, 2,000 waiting")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.waiting = min(args.runs, 5), min(args.waiting, 2000)
    results = run(args.runs, args.waiting, quiet=args.json)
    if args.json:
        print(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
