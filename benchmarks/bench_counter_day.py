"""counter_day and terminal_bytes: a counter process serves a day's tickets through the real screen, against a
minimal Textual app doing the same visible work, in the same run.

In tmux (120x40, a private tmux server): the real `counter-tui` process logs in, opens Loket 1 and serves N
tickets by F2 (call), F8 (finish dialog), 1 (outcome), reading the screen with capture-pane after each key.
Printed: RSS every 50 tickets, key -> visible latency p50/p90/p99 per key, the longest event-loop stall (a probe
inside the process, benchmarks/day_harness.py), and freezes (a key not visible after 10 s). The first 10 tickets
also press F4 (start serving) and record, with `tmux pipe-pane`, the bytes written to the terminal per call,
start, finish and outcome (terminal_bytes). Without tmux it falls back to Pilot in-process (RSS and latency
only; no terminal bytes).

Targets (issue 11): RSS after the day <= 1.3x the minimal app, growth after the first 100 tickets <= 0.02 MiB
per ticket, p99 <= 100 ms, longest stall <= 100 ms, no freeze, <= 16 KiB per key.

    python -m benchmarks.bench_counter_day [--tickets 600] [--historical 100000] [--quick] [--trace]
    python -m benchmarks.bench_counter_day --runs 10     (the freeze check: 10 days of 600 on the counter)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_queue import OPERATOR_PIN, build_database

FREEZE_SECONDS = 10.0
POLL_SECONDS = 0.001  # how often wait_for checks the size of the pane's output log (a stat, no subprocess)
SAFETY_CAPTURE = 0.25  # ... and captures the screen at least this often anyway
BYTES_TICKETS = 10
SIZE = (120, 40)


def make_day(path: Path, count: int, historical: int) -> None:
    """The office (and `historical` past tickets), then `count` waiting today by the system clock, service A."""
    from counter_tui.services import accounts, tickets
    from counter_tui.services.session import Session
    from counter_tui.storage.db import open_database

    build_database(path, historical, max(1, historical // 1000))
    db = open_database(path)
    try:
        desk = accounts.login(Session(db), "OPR1", OPERATOR_PIN, 0)
        session = Session(db, desk)
        for _ in range(count):
            tickets.issue_ticket(session, "A")
        accounts.logout(session)
    finally:
        db.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Tmux:
    """One pane on a private tmux server."""

    def __init__(self, socket: str, command: list[str], env: dict[str, str], name: str = "day") -> None:
        self.socket = socket
        self.env = env
        self.name = name
        cmd = " ".join(f"'{c}'" for c in command)
        self.tmux("new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1]), cmd)
        self.pid = int(self.tmux("display", "-p", "-t", name, "#{pane_pid}").strip())
        self.presses: list[tuple[float, float]] = []  # (key sent, text seen), time.perf_counter (= monotonic)
        self.log: Path | None = None
        self.captures = 0  # captures that did not show the text yet

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self.env, check=False
        ).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, text: str, timeout: float = FREEZE_SECONDS) -> float | None:
        """Seconds until `text` is on screen, or None after the timeout."""
        found = self.wait_until(lambda screen: text in screen, timeout)
        return None if found is None else found[0]

    def wait_until(self, seen, timeout: float = FREEZE_SECONDS) -> tuple[float, str] | None:
        """(seconds, screen) once `seen(screen)` holds, or None after the timeout.

        Once `watch()` has started, the screen is captured only when the pane's output log has grown (plus
        every SAFETY_CAPTURE seconds), and the time taken is the moment that growth was seen: spawning a
        `tmux capture-pane` every few milliseconds loaded a 2-core machine enough to slow the app measured."""
        started = time.perf_counter()
        if self.log is None:
            while True:
                screen = self.screen()
                if seen(screen):
                    return time.perf_counter() - started, screen
                if time.perf_counter() - started > timeout:
                    return None
                time.sleep(0.003)
        size = -1
        captured = 0.0
        while True:
            now = time.perf_counter()
            grown = _size(self.log)
            if grown != size or now - captured > SAFETY_CAPTURE:
                size, captured = grown, now
                screen = self.screen()
                if seen(screen):
                    return now - started, screen
                self.captures += 1
            if now - started > timeout:
                return None
            time.sleep(POLL_SECONDS)

    def watch(self, log: Path) -> None:
        """Copy everything the pane writes to `log` (tmux pipe-pane); wait_for then polls its size."""
        self.tmux("pipe-pane", "-t", self.name, "-o", f"cat >> '{log}'")
        self.log = log

    def press(self, key: str, expect: str) -> float | None:
        started = time.perf_counter()
        self.keys(key)
        waited = self.wait_for(expect)
        if waited is None:
            return None
        self.presses.append((started, time.perf_counter()))
        return self.presses[-1][1] - started

    def close(self) -> None:
        self.tmux("kill-server")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _bytes_settled(path: Path, quiet: float = 0.15) -> int:
    """The size of the pipe-pane log once it has stopped growing for `quiet` seconds."""
    size = path.stat().st_size if path.exists() else 0
    stable_since = time.perf_counter()
    while time.perf_counter() - stable_since < quiet:
        time.sleep(0.02)
        now = path.stat().st_size if path.exists() else 0
        if now != size:
            size, stable_since = now, time.perf_counter()
    return size


STOCK_MINIMAL = False  # --stock-minimal: the baseline on stock Textual (leaks; may freeze)
TRACE = False  # --trace: break the key -> visible time down (day_harness.Tracer)


def drive(
    kind: str, workdir: Path, db: Path | None, tickets: int, say, bytes_tickets: int = BYTES_TICKETS
) -> dict:
    report = workdir / f"{kind}-probe.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    env.update(
        HOME=str(workdir),
        XDG_DATA_HOME=str(workdir / "data"),
        XDG_CONFIG_HOME=str(workdir / "cfg"),
        TERM="xterm-256color",
    )
    command = [sys.executable, "-m", "benchmarks.day_harness", kind, "--report", str(report)]
    if db is not None:
        command += ["--db", str(db)]
    if STOCK_MINIMAL:
        command += ["--stock"]
    trace = workdir / f"{kind}-trace.json"
    if TRACE:
        command += ["--trace", str(trace)]
    pane = Tmux(f"bench-day-{os.getpid()}-{kind}", command, env)
    log = workdir / f"{kind}-terminal.log"
    result: dict = {"rss_mib": {}, "latency_ms": {}, "terminal_bytes": {}, "freezes": 0}
    try:
        if kind == "counter":
            if pane.wait_for("PIN", 30) is None:
                raise RuntimeError("the login screen did not appear:\n" + pane.screen())
            for text in ("OPR1", OPERATOR_PIN, "1"):
                pane.keys(text, "Enter")
                time.sleep(0.3)
            if pane.wait_for("Loket", 15) is None:
                raise RuntimeError("login failed:\n" + pane.screen())
            pane.keys("F2")
            if pane.wait_for("Antrian menunggu", 15) is None:
                raise RuntimeError("the counter screen did not open:\n" + pane.screen())
        else:
            pane.wait_for("Panggil", 30)
        time.sleep(0.5)
        result["rss_mib"][0] = round(rss_mib(pane.pid), 1)
        pane.watch(log)
        time.sleep(0.2)
        latencies: dict[str, list[float]] = {"call": [], "start": [], "finish": [], "outcome": []}
        sizes: dict[str, list[int]] = {"call": [], "start": [], "finish": [], "outcome": []}
        pressed: list[str] = []  # the step of each of pane.presses
        for n in range(1, tickets + 1):
            label = f"A-{n:03d}"
            steps = [("call", "F2", f"Memanggil {label}")]
            if n <= BYTES_TICKETS:
                steps.append(("start", "F4", f"Mulai melayani {label}"))
            measure_bytes = n <= bytes_tickets
            steps += [("finish", "F8", "Selesaikan tiket"), ("outcome", "1", f"{label} selesai")]
            for name, key, expect in steps:
                before = _bytes_settled(log) if measure_bytes else 0
                latency = pane.press(key, expect)
                if latency is None:
                    result["freezes"] += 1
                    result["frozen_at"] = {"ticket": n, "key": key, "screen": pane.screen()[-400:]}
                    say(f"  {kind}: FROZE at ticket {n}, key {key}")
                    return result
                latencies[name].append(latency)
                pressed.append(name)
                if measure_bytes:
                    sizes[name].append(_bytes_settled(log) - before)
            if n % 50 == 0:
                result["rss_mib"][n] = round(rss_mib(pane.pid), 1)
        for name, values in latencies.items():
            if values:
                result["latency_ms"][name] = {
                    "p50": round(percentile(values, 0.5) * 1000, 1),
                    "p90": round(percentile(values, 0.9) * 1000, 1),
                    "p99": round(percentile(values, 0.99) * 1000, 1),
                    "max": round(max(values) * 1000, 1),
                }
        for name, values in sizes.items():
            if values:
                result["terminal_bytes"][name] = int(statistics.median(values))
        time.sleep(1.2)  # the probe writes its report every second
        result["probe"] = json.loads(report.read_text()) if report.exists() else None
        if result["probe"] and pane.presses:
            result["day_stalls"] = stalls_between(result["probe"], pane.presses[0][0], pane.presses[-1][1])
        result["captures_per_key"] = round(pane.captures / max(1, len(pane.presses)), 2)
    finally:
        pane.keys("C-q")
        time.sleep(0.3)
        deadline = time.perf_counter() + 5
        while TRACE and not trace.exists() and time.perf_counter() < deadline:
            time.sleep(0.05)
        pane.close()
    if TRACE and trace.exists():
        result["trace"] = analyze_trace(json.loads(trace.read_text()), pane.presses, pressed)
    return result


def stalls_between(probe: dict, start: float, end: float) -> dict:
    """The longest stall and the stalls over 100 ms between the first key and the last one seen (the day, not
    the start-up before it)."""
    inside = [seconds for at, seconds in probe.get("stalls", []) if start <= at <= end + 0.05]
    return {
        "longest_ms": round(max(inside, default=0.0) * 1000, 1),
        "over_100ms": sum(1 for seconds in inside if seconds > 0.1),
    }


def _spread(values: list[float]) -> str:
    if not values:
        return "-"
    return "/".join(f"{percentile(values, q) * 1000:.0f}" for q in (0.5, 0.9, 0.99))


def analyze_trace(trace: dict, presses: list[tuple[float, float]], names: list[str]) -> dict:
    """Per step, p50/p90/p99 ms of: key sent -> parsed by the app's input thread (tmux, pty, Textual's parser);
    parsed -> the app's on_event (the loop busy); received -> the last frame written before the text was seen
    (handler, database, render); that frame -> seen by the driver (tmux, the driver's polling); and the database
    time (queue wait + run on the DB thread + back on the loop) and GC pauses inside the press."""
    keys, db, frames, gcs = trace["keys"], trace["db"], trace["frames"], trace["gcs"]
    parts: dict[str, dict[str, list[float]]] = {}
    for (sent, seen), name in zip(presses, names, strict=False):
        key = next((k for k in keys if k[0] >= sent - 0.001 and k[1] <= seen), None)
        if key is None:
            continue
        parsed, received = key[0], key[1]
        shown = [f[1] for f in frames if received <= f[1] <= seen]
        last_frame = max(shown, default=None)
        inside = [d for d in db if received <= d[0] and d[3] <= seen]
        p = parts.setdefault(
            name,
            {
                k: []
                for k in (
                    "input",
                    "dispatch",
                    "app",
                    "first",
                    "frames",
                    "detect",
                    "db",
                    "dbwait",
                    "gc",
                    "todb",
                    "db1",
                    "db1frame",
                )
            },
        )
        p["input"].append(parsed - sent)
        p["dispatch"].append(received - parsed)
        if last_frame is not None:
            p["app"].append(last_frame - received)
            p["first"].append(min(shown) - received)
            p["frames"].append(len(shown) / 1000)  # a count, printed by _spread as if milliseconds
            p["detect"].append(seen - last_frame)
        p["db"].append(sum(d[3] - d[0] for d in inside))
        if inside:
            first_db = min(inside, key=lambda d: d[0])
            p["todb"].append(first_db[0] - received)
            p["db1"].append(first_db[3] - first_db[0])
            after = [f[1] for f in frames if first_db[3] <= f[1] <= seen]
            if after:
                p["db1frame"].append(min(after) - first_db[3])
        p["dbwait"].append(sum(d[1] - d[0] + d[3] - d[2] for d in inside))
        p["gc"].append(sum(g[1] - g[0] for g in gcs if sent <= g[0] <= seen))
    by_gen: dict[int, list[float]] = {}
    for start, end, gen in gcs:
        by_gen.setdefault(gen, []).append(end - start)
    stacks: dict[str, int] = {}
    for _beat, _at, stack in trace["stalls"]:
        ours = [f for f in stack if "counter_tui" in f or "benchmarks" in f] or stack
        top = " < ".join(reversed([*ours[-2:], stack[-1]]))
        stacks[top] = stacks.get(top, 0) + 1
    by_use_case: dict[str, list[float]] = {}
    for _submitted, start, end, _back, name in db:
        by_use_case.setdefault(name, []).append(end - start)
    return {
        "db_by_use_case": {
            name: f"n {len(v)} run {_spread(v)} max {max(v) * 1000:.0f}" for name, v in by_use_case.items()
        },
        "steps": {name: {k: _spread(v) for k, v in p.items()} for name, p in parts.items()},
        "gc": {
            gen: {"count": len(v), "max_ms": round(max(v) * 1000, 1), "total_ms": round(sum(v) * 1000)}
            for gen, v in sorted(by_gen.items())
        },
        "gc_threshold": trace["gc_threshold"],
        "gc_frozen": trace["gc_frozen"],
        "stall_stacks": sorted(stacks.items(), key=lambda kv: -kv[1])[:8],
        "frames": len(frames),
        "frame_ms": _spread([f[1] - f[0] for f in frames]),
    }


def drive_pilot(kind: str, db: Path | None, tickets: int) -> dict:
    """Fallback without tmux: both apps under Pilot in this process (RSS is this process's)."""
    import asyncio

    from benchmarks import day_harness

    async def run() -> dict:
        probe = day_harness.StallProbe(None)
        app = day_harness.minimal_app(probe) if kind == "minimal" else day_harness.counter_app(db, probe)
        result: dict = {"rss_mib": {}, "latency_ms": {}, "terminal_bytes": {}, "freezes": 0}
        latencies: dict[str, list[float]] = {"call": [], "finish": [], "outcome": []}
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            if kind == "counter":
                from counter_tui.services import accounts
                from counter_tui.tui.screens.counter import CounterScreen

                while app.actor is None and app.office is None:
                    await pilot.pause(0.05)
                actor = await app.call(accounts.login, "OPR1", OPERATOR_PIN, 1)
                await app.login_done(actor)
                await app.push_screen(CounterScreen())
                await pilot.pause(0.5)
            result["rss_mib"][0] = round(rss_mib(os.getpid()), 1)
            for n in range(1, tickets + 1):
                for name, key in (("call", "f2"), ("finish", "f8"), ("outcome", "1")):
                    started = time.perf_counter()
                    await pilot.press(key)
                    db_worker = getattr(app, "db", None)
                    while db_worker is not None and db_worker.pending:
                        await db_worker.drain()
                        await pilot.pause()
                    await pilot.pause()
                    latencies[name].append(time.perf_counter() - started)
                if n % 50 == 0:
                    result["rss_mib"][n] = round(rss_mib(os.getpid()), 1)
        for name, values in latencies.items():
            result["latency_ms"][name] = {
                "p50": round(percentile(values, 0.5) * 1000, 1),
                "p90": round(percentile(values, 0.9) * 1000, 1),
                "p99": round(percentile(values, 0.99) * 1000, 1),
            }
        result["probe"] = {
            "longest_stall_ms": round(probe.longest * 1000, 1),
            "stalls_over_100ms": probe.over_100ms,
        }
        return result

    return asyncio.run(run())


def summarize(name: str, result: dict, say) -> None:
    rss = result["rss_mib"]
    say(f"  {name}: RSS MiB " + ", ".join(f"{k}:{v}" for k, v in rss.items()))
    for key, lat in result["latency_ms"].items():
        say(f"    {key:8s} p50 {lat['p50']:7.1f}  p90 {lat['p90']:7.1f}  p99 {lat['p99']:7.1f} ms")
    if result.get("day_stalls"):
        longest = result["day_stalls"]["longest_ms"]
        say(
            f"    longest event-loop stall during the day {f'{longest} ms' if longest else 'none over 50 ms'}, "
            f"{result['day_stalls']['over_100ms']} over 100 ms (whole run with start-up: "
            f"{result['probe']['longest_stall_ms']} ms); {result.get('captures_per_key')} extra captures per key"
        )
    elif result.get("probe"):
        say(
            f"    longest event-loop stall {result['probe']['longest_stall_ms']} ms, "
            f"{result['probe']['stalls_over_100ms']} stalls over 100 ms"
        )
    if result["terminal_bytes"]:
        say(
            "    terminal bytes per key (median of the first 10 tickets): "
            + ", ".join(f"{k} {v}" for k, v in result["terminal_bytes"].items())
        )
    trace = result.get("trace")
    if trace:
        say("    trace, p50/p90/p99 ms (input: sent->parsed, dispatch: parsed->on_event, app: ->last frame,")
        say("      detect: frame->seen, db: calls inside, dbwait: queue+return, gc: pauses inside):")
        for step, p in trace["steps"].items():
            say(f"      {step:8s} " + "  ".join(f"{k} {v}" for k, v in p.items()))
        say(
            f"    frames {trace['frames']} ({trace['frame_ms']} ms to render); gc threshold {trace['gc_threshold']}"
        )
        say("    gc by generation: " + ", ".join(f"gen{g} {v}" for g, v in trace["gc"].items()))
        for name, line in trace["db_by_use_case"].items():
            say(f"    db {name}: {line} ms")
        for stack, count in trace["stall_stacks"]:
            say(f"    stall x{count}: {stack}")
    if result["freezes"]:
        say(f"    FROZE: {result['frozen_at']['ticket']} {result['frozen_at']['key']}")


def growth_per_ticket(rss: dict) -> float | None:
    points = sorted((int(k), v) for k, v in rss.items() if int(k) >= 100)
    if len(points) < 2:
        return None
    (n0, r0), (n1, r1) = points[0], points[-1]
    return (r1 - r0) / (n1 - n0)


def run(
    tickets: int = 600, historical: int = 100_000, quiet: bool = False, use_tmux: bool | None = None
) -> dict:
    say = (lambda *a: None) if quiet else print
    if use_tmux is None:
        use_tmux = shutil.which("tmux") is not None
    with tempfile.TemporaryDirectory(prefix="bench-day-") as tmp:
        workdir = Path(tmp)
        db = workdir / "counter.db"
        started = time.perf_counter()
        make_day(db, tickets + 5, historical)
        say(
            f"counter_day: {tickets} tickets, {historical:,} historical, via {'tmux' if use_tmux else 'Pilot'} "
            f"(setup {time.perf_counter() - started:.1f} s)"
        )
        results = {}
        for kind in ("minimal", "counter"):
            results[kind] = (
                drive(kind, workdir, db if kind == "counter" else None, tickets, say)
                if use_tmux
                else drive_pilot(kind, db if kind == "counter" else None, tickets)
            )
            summarize(kind, results[kind], say)
    counter, minimal = results["counter"], results["minimal"]
    last = max(int(k) for k in counter["rss_mib"])
    last_min = max(int(k) for k in minimal["rss_mib"])
    ratio = counter["rss_mib"][last] / minimal["rss_mib"][last_min] if minimal["rss_mib"][last_min] else None
    growth = growth_per_ticket(counter["rss_mib"])
    results["summary"] = {
        "rss_ratio_end": round(ratio, 2) if ratio else None,
        "growth_mib_per_ticket_after_100": round(growth, 4) if growth is not None else None,
        "tmux": use_tmux,
        "tickets": tickets,
    }
    say(
        f"  RSS at the end: counter {counter['rss_mib'][last]} MiB vs minimal {minimal['rss_mib'][last_min]} MiB "
        f"= {results['summary']['rss_ratio_end']}x (target <= 1.3x); growth after 100 tickets "
        f"{results['summary']['growth_mib_per_ticket_after_100']} MiB/ticket (target <= 0.02)"
    )
    return results


def _copy_day(template: Path, into: Path) -> Path:
    """The prepared day (the database and the files beside it: key, audit head) in a fresh folder."""
    into.mkdir()
    for item in template.iterdir():
        shutil.copy2(item, into / item.name)
    return into / "counter.db"


def run_many(
    runs: int, tickets: int = 600, historical: int = 100_000, use_tmux: bool | None = None, say=print
) -> dict:
    """The freeze check: `runs` days of `tickets` on the counter, each on a fresh copy of one prepared day, and
    the minimal app once for the RSS baseline. Per run: freeze, RSS at the end, p99 per key, longest stall."""
    if use_tmux is None:
        use_tmux = shutil.which("tmux") is not None
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-day-runs-") as tmp:
        workdir = Path(tmp)
        template = workdir / "template"
        template.mkdir()
        make_day(template / "counter.db", tickets + 5, historical)
        say(
            f"counter_day x{runs}: {tickets} tickets each, {historical:,} historical, via "
            f"{'tmux' if use_tmux else 'Pilot'} (setup {time.perf_counter() - started:.1f} s)"
        )
        base_dir = workdir / "minimal"
        base_dir.mkdir()
        minimal = (
            drive("minimal", base_dir, None, tickets, say, bytes_tickets=0)
            if use_tmux
            else drive_pilot("minimal", None, tickets)
        )
        base_rss = minimal["rss_mib"][max(minimal["rss_mib"], key=int)]
        say(
            f"  minimal (once): RSS at the end {base_rss} MiB, froze: {'yes' if minimal['freezes'] else 'no'}"
        )
        rows = []
        for n in range(1, runs + 1):
            run_dir = workdir / f"run{n}"
            db = _copy_day(template, run_dir)
            t0 = time.perf_counter()
            result = (
                drive("counter", run_dir, db, tickets, say, bytes_tickets=0)
                if use_tmux
                else drive_pilot("counter", db, tickets)
            )
            rss = result["rss_mib"][max(result["rss_mib"], key=int)]
            p99 = max((lat["p99"] for lat in result["latency_ms"].values()), default=None)
            stall = (result.get("day_stalls") or {}).get(
                "longest_ms", (result.get("probe") or {}).get("longest_stall_ms")
            )
            row = {
                "run": n,
                "froze": bool(result["freezes"]),
                "rss_mib_end": rss,
                "rss_ratio": round(rss / base_rss, 2) if base_rss else None,
                "growth_mib_per_ticket_after_100": growth_per_ticket(result["rss_mib"]),
                "p99_ms": {k: v["p99"] for k, v in result["latency_ms"].items()},
                "worst_p99_ms": p99,
                "longest_stall_ms": stall,
                "seconds": round(time.perf_counter() - t0),
            }
            rows.append(row)
            say(
                f"  run {n:2d}: froze {'YES' if row['froze'] else 'no '}  RSS {rss} MiB ({row['rss_ratio']}x)  "
                f"p99 "
                + " ".join(f"{k} {v:.0f}" for k, v in row["p99_ms"].items())
                + f" ms  longest stall {stall} ms  ({row['seconds']} s)"
            )
    summary = {
        "runs": runs,
        "tickets": tickets,
        "freezes": sum(r["froze"] for r in rows),
        "rss_mib_end_median": statistics.median(r["rss_mib_end"] for r in rows),
        "rss_mib_end_max": max(r["rss_mib_end"] for r in rows),
        "rss_ratio_max": max((r["rss_ratio"] or 0) for r in rows),
        "worst_p99_ms_median": round(statistics.median(r["worst_p99_ms"] or 0 for r in rows), 1),
        "worst_p99_ms_max": max(r["worst_p99_ms"] or 0 for r in rows),
        "longest_stall_ms_median": round(statistics.median(r["longest_stall_ms"] or 0 for r in rows), 1),
        "longest_stall_ms_max": max(r["longest_stall_ms"] or 0 for r in rows),
        "minutes": round((time.perf_counter() - started) / 60, 1),
    }
    say(
        f"  summary: {summary['freezes']} of {runs} froze; RSS at the end median {summary['rss_mib_end_median']} MiB "
        f"(max {summary['rss_mib_end_max']}, {summary['rss_ratio_max']}x minimal at most); worst p99 median "
        f"{summary['worst_p99_ms_median']} ms (max {summary['worst_p99_ms_max']}); longest stall median "
        f"{summary['longest_stall_ms_median']} ms (max {summary['longest_stall_ms_max']}); "
        f"{summary['minutes']} min in all"
    )
    return {"minimal": minimal, "runs": rows, "summary": summary}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=600)
    parser.add_argument("--historical", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="150 tickets, 10,000 historical")
    parser.add_argument("--pilot", action="store_true", help="use Pilot even when tmux is installed")
    parser.add_argument(
        "--runs",
        type=int,
        default=0,
        help="the freeze check: this many days on the counter (fresh copies of one day), the minimal app once",
    )
    parser.add_argument(
        "--stock-minimal",
        action="store_true",
        help="run the minimal app on stock Textual, without our workarounds",
    )
    parser.add_argument(
        "--trace", action="store_true", help="break the key -> visible time down (day_harness.Tracer)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    global STOCK_MINIMAL, TRACE
    STOCK_MINIMAL = args.stock_minimal
    TRACE = args.trace
    if args.quick:
        args.tickets, args.historical = min(args.tickets, 150), min(args.historical, 10_000)
    if args.runs:
        results = run_many(
            args.runs,
            args.tickets,
            args.historical,
            use_tmux=False if args.pilot else None,
            say=(lambda *a: None) if args.json else print,
        )
    else:
        results = run(args.tickets, args.historical, quiet=args.json, use_tmux=False if args.pilot else None)
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    return results


if __name__ == "__main__":
    main()
