"""office_host: one host runs every counter of an office (the README's SSH set-up): 12 counters, the front desk
and the board, 14 `counter-tui` processes on one database, each in its own tmux pane (120x40).

Printed: total RSS at the start, total CPU of the 14 processes over an idle window (nothing changes; the clocks and
the change polling run), then a day's tickets served round-robin over the 12 counters by F2 / F8 / 1, and the
total RSS after it. Baseline in the same run: the same number of bare `python -c "import textual.app; ..."`
Textual apps idle (an app with one Static), for the idle CPU and RSS floor of Textual itself.

Targets (issue 11): <= 1 GiB in all after the day, idle <= 5 % of one core in all.

    python -m benchmarks.bench_office_host [--tickets 600] [--idle 30] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_counter_day import Tmux, rss_mib
from benchmarks.bench_queue import OPERATOR_PIN, SUPERVISOR_PIN, create_office
from benchmarks.bench_startup import _cli

COUNTERS = 12
LABEL = re.compile(r"Memanggil ([A-E]-\d{3})\.")
BARE_APP = (
    "from textual.app import App\nfrom textual.widgets import Static, Footer, Header\n"
    'class A(App):\n    def compose(self):\n        yield Header(); yield Static("idle"); yield Footer()\n'
    "A().run()\n"
)


def make_office(path: Path, tickets: int) -> None:
    from counter_tui.services import account_admin, accounts
    from counter_tui.services import tickets as ticket_cases
    from counter_tui.services.session import Session
    from counter_tui.storage.db import open_database

    create_office(path)
    db = open_database(path)
    try:
        db.conn.execute("PRAGMA synchronous = OFF")  # setup only
        spv = accounts.login(Session(db), "SPV1", SUPERVISOR_PIN, 0)
        for n in range(1, COUNTERS + 1):
            account_admin.add_operator(
                Session(db, spv), f"OP{n:02d}", f"Petugas {n}", "operator", OPERATOR_PIN, OPERATOR_PIN
            )
        desk = accounts.login(Session(db), "OPR1", OPERATOR_PIN, 0)
        for n in range(tickets):
            ticket_cases.issue_ticket(Session(db, desk), "ABCDE"[n % 5])
        accounts.logout(Session(db, desk))
    finally:
        db.close()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(pids: list[int], seconds: float) -> float:
    """Percent of one core used by all of them together over `seconds`."""
    before = sum(cpu_seconds(p) for p in pids)
    started = time.monotonic()
    time.sleep(seconds)
    return 100 * (sum(cpu_seconds(p) for p in pids) - before) / (time.monotonic() - started)


def log_in(pane: Tmux, code: str, counter: int) -> None:
    if pane.wait_for("PIN", 60) is None:
        raise RuntimeError(f"{pane.name}: no login screen:\n{pane.screen()}")
    for text in (code, OPERATOR_PIN, str(counter)):
        pane.keys(text, "Enter")
        time.sleep(0.3)
    if pane.wait_for("Keluar akun", 30) is None:
        raise RuntimeError(f"{pane.name}: login failed:\n{pane.screen()}")


def run(tickets: int = 600, idle: float = 30.0, quiet: bool = False) -> dict:
    say = (lambda *a: None) if quiet else print
    with tempfile.TemporaryDirectory(prefix="bench-office-") as tmp:
        workdir = Path(tmp)
        db = workdir / "counter.db"
        make_office(db, tickets + 20)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX") and k != "COUNTER_TUI_DB"}
        env.update(
            HOME=str(workdir),
            XDG_DATA_HOME=str(workdir / "data"),
            XDG_CONFIG_HOME=str(workdir / "c"),
            TERM="xterm-256color",
        )
        socket = f"bench-office-{os.getpid()}"
        panes: list[Tmux] = []
        results: dict = {}
        try:
            # Baseline: bare Textual apps, idle.
            bare = [
                Tmux(socket + "-bare", [sys.executable, "-c", BARE_APP], env, name=f"b{n}")
                for n in range(COUNTERS + 2)
            ]
            time.sleep(3)
            results["bare_textual"] = {
                "rss_mib_total": round(sum(rss_mib(p.pid) for p in bare), 1),
                "idle_cpu_percent": round(idle_cpu([p.pid for p in bare], idle), 2),
            }
            bare[0].tmux("kill-server")
            say(
                f"office_host: {COUNTERS} counters + desk + board; baseline {COUNTERS + 2} bare Textual apps: "
                f"{results['bare_textual']['rss_mib_total']} MiB, idle {results['bare_textual']['idle_cpu_percent']} "
                f"% of one core"
            )
            cli = _cli()
            for n in range(1, COUNTERS + 1):
                panes.append(Tmux(socket, [*cli, "--db", str(db)], env, name=f"c{n}"))
            desk = Tmux(socket, [*cli, "--db", str(db)], env, name="desk")
            board = Tmux(socket, [*cli, "--db", str(db), "board"], env, name="board")
            for n, pane in enumerate(panes, start=1):
                log_in(pane, f"OP{n:02d}", n)
                pane.keys("F2")
            log_in(desk, "OPR1", 0)
            desk.keys("F1")
            for pane in panes:
                if pane.wait_for("Antrian menunggu", 30) is None:
                    raise RuntimeError(f"{pane.name}: no counter screen:\n{pane.screen()}")
                # From here on the driver captures a pane only when it wrote something (bench_counter_day.Tmux).
                pane.watch(workdir / f"{pane.name}.log")
            time.sleep(2)
            pids = [p.pid for p in (*panes, desk, board)]
            results["rss_mib_start"] = round(sum(rss_mib(p) for p in pids), 1)
            results["idle_cpu_percent"] = round(idle_cpu(pids, idle), 2)
            say(
                f"  start: {results['rss_mib_start']} MiB in all; idle {results['idle_cpu_percent']} % of one core "
                f"over {idle:.0f} s"
            )
            served = 0
            freezes = 0
            started = time.perf_counter()
            while served < tickets:
                pane = panes[served % COUNTERS]
                pane.keys("F2")
                # One toast at a time: the last one on this counter said "... selesai", so the first
                # "Memanggil X." is this call.
                called = pane.wait_until(LABEL.search)
                label = LABEL.findall(called[1])[-1] if called else None
                if (
                    label is None
                    or pane.press("F8", "Selesaikan tiket") is None
                    or pane.press("1", f"{label} selesai") is None
                ):
                    freezes += 1
                    say(f"  {pane.name}: no response at ticket {served + 1}")
                    break
                served += 1
            results["served"] = served
            results["freezes"] = freezes
            results["day_seconds"] = round(time.perf_counter() - started, 1)
            time.sleep(2)
            results["rss_mib_after_day"] = round(sum(rss_mib(p) for p in pids), 1)
            say(
                f"  after {served} tickets ({results['day_seconds']} s): {results['rss_mib_after_day']} MiB in all "
                f"(target <= 1024)"
            )
        finally:
            for pane in panes[:1]:
                pane.close()
    return results


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=600)
    parser.add_argument("--idle", type=float, default=30.0)
    parser.add_argument("--quick", action="store_true", help="60 tickets, 10 s idle")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.tickets, args.idle = min(args.tickets, 60), min(args.idle, 10.0)
    results = run(args.tickets, args.idle, quiet=args.json)
    if args.json:
        print(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
