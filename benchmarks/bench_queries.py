"""The read queries a counter runs on every refresh, on a quiet morning against a busy day.

Each query of counter_tui.storage.queue is timed (median of many calls, microseconds) with today holding 60
tickets, then 3,000 issued (1,000 done, 2,000 waiting), then 8,000 waiting. Flat means the busy columns stay
close to the quiet one: the queries use covering indexes and keyset pages, not scans of today's rows.

    python -m benchmarks.bench_queries [--calls 300]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.bench_queue import TODAY_START, add_busy_day, build_database


def _time(fn, calls: int) -> float:
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1e6)
    return statistics.median(samples)


def measure(path: Path, calls: int) -> dict[str, float]:
    from counter_tui.storage import queue as store
    from counter_tui.storage.db import open_database

    day = (TODAY_START + timedelta(hours=7)).date().isoformat()
    db = open_database(path)
    try:
        conn = db.conn
        waiting = store.waiting_page(conn, day, None, 0, -1)
        last = waiting[-1]
        total = len(waiting)
        last_page_offset = max(0, total - 50)
        key = store.call_order_key(waiting[last_page_offset - 1]) if last_page_offset else None
        operator = conn.execute(
            "SELECT max(operator_id) FROM tickets WHERE service_date = ?", (day,)
        ).fetchone()[0]
        return {
            "status_counts": _time(lambda: store.status_counts(conn, day), calls),
            "served_count": _time(lambda: store.served_count(conn, day, operator), calls),
            "position_of (last)": _time(lambda: store.position_of(conn, last), calls),
            "count_issued": _time(lambda: store.count_issued(conn, day, "A"), calls),
            "count_waiting": _time(lambda: store.count_waiting(conn, day, ["A", "B"]), calls),
            "next_waiting": _time(lambda: store.next_waiting(conn, day, ["A", "B"]), calls),
            "last page by OFFSET": _time(
                lambda: store.waiting_page(conn, day, ["A", "B"], last_page_offset, 50), calls
            ),
            "last page by keyset": _time(lambda: store.waiting_after(conn, day, ["A", "B"], key, 50), calls),
        }
    finally:
        db.close()


def run(calls: int = 300, historical: int = 20_000, quiet: bool = False) -> dict:
    say = (lambda *a: None) if quiet else print
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-queries-") as tmp:
        for name, issued, waiting in (
            ("60 today", 60, 60),
            ("3,000 today", 3000, 2000),
            ("8,000 waiting", 8000, 8000),
        ):
            path = Path(tmp) / f"{issued}-{waiting}.db"
            operator_id, _ = build_database(path, historical, max(1, historical // 100))
            add_busy_day(path, operator_id, issued, waiting)
            results[name] = measure(path, calls)
    names = list(results)
    say(f"storage.queue read queries, median µs of {calls} calls ({historical:,} historical tickets)")
    say(f"{'query':<22}" + "".join(f"{n:>15}" for n in names))
    for query in results[names[0]]:
        say(f"{query:<22}" + "".join(f"{results[n][query]:>15.1f}" for n in names))
    return results


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--historical", type=int, default=20_000)
    args = parser.parse_args(argv)
    return run(args.calls, args.historical)


if __name__ == "__main__":
    main()
