"""Start-up cost: what the CLI commands and the TUI import cost, against importing Textual alone.

Each command runs as a fresh process, round-robin (so the machine's noise spreads over all of them), several times.
Wall time is measured around the process; peak RSS is that process's own ru_maxrss, read with os.wait4
(the per-child form of resource.getrusage(RUSAGE_CHILDREN)).

    python -m benchmarks.bench_startup [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SUPERVISOR_PIN = "482913"


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("counter-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "counter_tui"]


def _measure(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float | None]:
    """Wall seconds and peak RSS (MB) of one run; the command must succeed."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty child can never block
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=cwd)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            scale = 1 / 1e6 if sys.platform == "darwin" else 1 / 1024  # bytes on macOS, KiB on Linux
            rss: float | None = usage.ru_maxrss * scale
        else:  # Windows: no rusage
            proc.wait()
            elapsed = time.perf_counter() - started
            rss = None
        if proc.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {message}")
    return elapsed, rss


def run(runs: int = 7, quiet: bool = False) -> dict:
    say: Callable[..., None] = (lambda *a: None) if quiet else print
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        workdir = Path(tmp)
        db = workdir / "counter.db"
        env = {k: v for k, v in os.environ.items() if k != "COUNTER_TUI_DB"}
        env["HOME"] = str(workdir)  # no real counter's files are touched
        env["XDG_DATA_HOME"] = str(workdir / "data")
        env["XDG_CONFIG_HOME"] = str(workdir / "config")
        init = subprocess.run(
            [
                *_cli(),
                "init",
                "--db",
                str(db),
                "--office-name",
                "Disdukcapil Kotim",
                "--region",
                "62.02",
                "--supervisor-code",
                "SPV1",
                "--supervisor-name",
                "Agus",
                "--pin-stdin",
            ],
            input=f"{SUPERVISOR_PIN}\n",
            capture_output=True,
            text=True,
            env=env,
            cwd=workdir,
            check=False,
        )
        if init.returncode != 0:
            raise RuntimeError(f"init failed: {init.stderr.strip()}")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import textual.app (baseline)": [sys.executable, "-c", "import textual.app"],
            "counter-tui --help": [*_cli(), "--help"],
            "counter-tui queue --json": [*_cli(), "queue", "--db", str(db), "--json"],
            "import counter_tui.tui.app": [sys.executable, "-c", "import counter_tui.tui.app"],
        }
        for argv in commands.values():  # one unmeasured run each: bytecode caches, page cache
            _measure(argv, env, workdir)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, argv in commands.items():
                elapsed, rss = _measure(argv, env, workdir)
                walls[name].append(elapsed)
                if rss is not None:
                    peaks[name].append(rss)

    baseline = "import textual.app (baseline)"
    base_wall = statistics.median(walls[baseline])
    base_rss = statistics.median(peaks[baseline]) if peaks[baseline] else None
    results: dict = {"runs": runs, "commands": {}}
    say(f"Start-up, median of {runs} runs each (fresh processes, round-robin)")
    say(f"{'command':<32} {'wall ms':>9} {'× textual':>10} {'peak RSS MB':>12} {'× textual':>10}")
    for name in commands:
        wall = statistics.median(walls[name])
        rss = statistics.median(peaks[name]) if peaks[name] else None
        entry = {
            "wall_ms": wall * 1000,
            "wall_ratio": wall / base_wall,
            "peak_rss_mb": rss,
            "rss_ratio": (rss / base_rss) if rss is not None and base_rss else None,
        }
        results["commands"][name] = entry
        rss_text = f"{rss:>12.1f}" if rss is not None else f"{'n/a':>12}"
        rss_ratio = f"{entry['rss_ratio']:>9.2f}×" if entry["rss_ratio"] is not None else f"{'n/a':>10}"
        say(f"{name:<32} {wall * 1000:>9.1f} {entry['wall_ratio']:>9.2f}× {rss_text} {rss_ratio}")
    return results


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per command (default 7)")
    args = parser.parse_args(argv)
    return run(runs=args.runs)


if __name__ == "__main__":
    main()
