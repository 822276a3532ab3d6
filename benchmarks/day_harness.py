"""The process a day benchmark drives: the real counter app, or a minimal Textual app doing the same visible work,
with an event-loop stall probe inside.

    python -m benchmarks.day_harness counter --db PATH --report FILE [--trace FILE]
    python -m benchmarks.day_harness minimal --report FILE [--trace FILE]

The probe is a task that sleeps 10 ms in a loop and records how late it wakes: the longest stall is the longest
time the event loop did not turn (a GC pause, a long render, a spinning timer). It writes its figures to the report
file (JSON) every second and on exit, so the driver reads them from outside; each stall over 50 ms is listed with
its time.monotonic(), so the driver can tell start-up from the day.

The minimal app runs Textual 8.2.8 with counter_tui's workarounds for Textual's own bugs
(counter_tui/tui/textual_fixes.py), so the comparison measures our app, not Textual's leak; `--stock` runs it on
stock Textual (it leaks ~0.35 MiB per ticket and, under load, can freeze: one run froze at ticket 231). It has a header, the big number (Digits), a
status line, a 50-row table, a footer with the counter's eight F-keys, a modal with six outcomes on F8, and a
toast per action, as on the counter screen. F2 "calls" the next number, F4 "starts", F8 opens the dialog, 1-6
"finish".

`--trace FILE` also records, with time.monotonic() (the clock the driver uses, so the two line up): each key event
(when the input thread parsed it and when the app got it), each database call (submitted, run on the DB thread,
back on the loop), each frame written (`App._display`), each garbage collection (generation, pause), and, from a
watchdog thread, the main thread's stack whenever the loop has not turned for 50 ms. bench_counter_day --trace
breaks the key -> visible time down from it.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import threading
import time
import traceback
from pathlib import Path

PROBE_PERIOD = 0.01


class StallProbe:
    def __init__(self, report: Path | None) -> None:
        self.report = report
        self.longest = 0.0
        self.over_100ms = 0
        self.samples = 0
        self.beat = time.monotonic()  # the last time the loop turned (the tracer's watchdog reads it)
        self.stalls: list[tuple[float, float]] = []  # (when it ended, seconds) of each stall over 50 ms
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        last_write = time.monotonic()
        while True:
            before = time.monotonic()
            await asyncio.sleep(PROBE_PERIOD)
            now = time.monotonic()
            self.beat = now
            stall = now - before - PROBE_PERIOD
            self.samples += 1
            if stall > self.longest:
                self.longest = stall
            if stall > 0.1:
                self.over_100ms += 1
            if stall > 0.05 and len(self.stalls) < 100_000:
                self.stalls.append((now, stall))
            if now - last_write > 1.0:
                self.write()
                last_write = now

    def write(self) -> None:
        if self.report is None:
            return
        data = {
            "longest_stall_ms": round(self.longest * 1000, 1),
            "stalls_over_100ms": self.over_100ms,
            "samples": self.samples,
            "stalls": [(round(at, 4), round(seconds, 4)) for at, seconds in self.stalls],
            "at": time.time(),
        }
        tmp = self.report.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(self.report)


class Tracer:
    """Timestamps of what happens inside the app (see the module docstring), written as JSON on exit."""

    WATCH_AFTER = 0.05
    WATCH_EVERY = 0.005

    def __init__(self, path: Path, probe: StallProbe) -> None:
        self.path = path
        self.probe = probe
        self.keys: list[tuple[float, float, str]] = []  # (parsed, received, key)
        self.db: list[tuple[float, float, float, float, str]] = []  # (submitted, start, end, back, name)
        self.frames: list[tuple[float, float]] = []  # (start, end) of App._display
        self.gcs: list[tuple[float, float, int]] = []  # (start, end, generation)
        self.stalls: list[tuple[float, float, list[str]]] = []  # (loop last turned, sampled at, stack)
        self._gc_start = 0.0
        self._use_case: str | None = None
        self._main = threading.get_ident()
        self._stop = threading.Event()

    def install(self, app) -> None:
        gc.callbacks.append(self._gc)
        threading.Thread(target=self._watch, name="stall-watchdog", daemon=True).start()
        display = app._display

        def traced_display(screen, renderable) -> None:
            start = time.monotonic()
            display(screen, renderable)
            if renderable is not None:
                self.frames.append((start, time.monotonic()))

        app._display = traced_display
        worker = getattr(app, "db", None)
        if worker is not None and hasattr(worker, "_call"):
            call = worker._call
            run = worker.run
            spans: dict[int, tuple[float, float]] = {}

            def traced_call(fn, args, kwargs):
                start = time.monotonic()
                try:
                    return call(fn, args, kwargs)
                finally:
                    spans[id(fn)] = (start, time.monotonic())

            app_call = app.call

            async def traced_app_call(use_case, *args, **kwargs):
                self._use_case = getattr(use_case, "__qualname__", "?")
                return await app_call(use_case, *args, **kwargs)

            async def traced_run(fn, *args, **kwargs):
                submitted = time.monotonic()
                name, self._use_case = self._use_case or getattr(fn, "__qualname__", "?"), None
                try:
                    return await run(fn, *args, **kwargs)
                finally:
                    start, end = spans.pop(id(fn), (submitted, submitted))
                    self.db.append((submitted, start, end, time.monotonic(), name))

            worker._call = traced_call
            worker.run = traced_run
            app.call = traced_app_call

    def key(self, event) -> None:
        self.keys.append((event.time, time.monotonic(), event.key))

    def _gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_start = time.monotonic()
        else:
            self.gcs.append((self._gc_start, time.monotonic(), info["generation"]))

    def _watch(self) -> None:
        sampled_for = 0.0
        while not self._stop.wait(self.WATCH_EVERY):
            beat = self.probe.beat
            now = time.monotonic()
            if now - beat < self.WATCH_AFTER or sampled_for == beat:
                continue
            sampled_for = beat  # one sample per stall, taken 50 ms into it
            frame = sys._current_frames().get(self._main)
            if frame is not None:
                stack = [
                    f"{f.filename.split('site-packages/')[-1]}:{f.lineno} {f.name}"
                    for f in traceback.extract_stack(frame)
                ]
                self.stalls.append((beat, now, stack[-14:]))

    def write(self) -> None:
        self._stop.set()
        data = {
            "keys": self.keys,
            "db": self.db,
            "frames": self.frames,
            "gcs": self.gcs,
            "stalls": self.stalls,
            "gc_counts": gc.get_count(),
            "gc_threshold": gc.get_threshold(),
            "gc_frozen": gc.get_freeze_count(),
        }
        self.path.write_text(json.dumps(data))


def minimal_app(probe: StallProbe | None, tracer: Tracer | None = None):
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import ModalScreen
    from textual.widgets import DataTable, Digits, Footer, Header, OptionList, Static

    class Outcomes(ModalScreen[int]):
        BINDINGS = [Binding("escape", "dismiss(0)", "Batal")] + [
            Binding(str(n), f"dismiss({n})", show=False) for n in range(1, 7)
        ]

        def compose(self) -> ComposeResult:
            yield Static(Text("Selesaikan tiket: pilih hasil layanan", style="bold"))
            yield OptionList(*(f"{n}  hasil {n}" for n in range(1, 7)))

    class Minimal(App[None]):
        CSS = "Outcomes { align: center middle; } Outcomes > * { width: 50; }"
        BINDINGS = [
            Binding(f"f{n}", f"act({n})", label, id=f"k{n}")
            for n, label in zip(
                range(2, 10),
                ("Panggil", "Ulang", "Layani", "Tdk hadir", "Alihkan", "Tunda", "Selesai", "Kembalikan"),
                strict=True,
            )
        ]

        def __init__(self) -> None:
            super().__init__()
            self.number = 0

        def compose(self) -> ComposeResult:
            yield Header()
            yield Digits("", id="big")
            yield Static("", id="status")
            yield DataTable(id="table")
            yield Footer(compact=True)

        async def on_event(self, event) -> None:
            if tracer is not None and type(event).__name__ == "Key":
                tracer.key(event)
            await super().on_event(event)

        def on_mount(self) -> None:
            if probe is not None:
                probe.start()
            table = self.query_one(DataTable)
            table.add_columns("No.", "Tiket", "Layanan", "Prioritas", "Diambil", "Menunggu")
            self.fill()

        def fill(self) -> None:
            table = self.query_one(DataTable)
            table.clear()
            table.add_rows(
                (str(i), f"A-{self.number + i:03d}", "A", "-", "08:00", "5 mnt") for i in range(1, 51)
            )

        def action_act(self, key: int) -> None:
            label = f"A-{self.number:03d}"
            if key == 2:
                self.number += 1
                label = f"A-{self.number:03d}"
                self.query_one(Digits).update(label)
                self.query_one("#status", Static).update(Text(" Dipanggil  00:00 sejak dipanggil"))
                self.fill()
                self.notify(f"Memanggil {label}.", timeout=3)
            elif key == 4:
                self.query_one("#status", Static).update(Text(" Dilayani  00:00 sejak mulai dilayani"))
                self.notify(f"Mulai melayani {label}.", timeout=3)
            elif key == 8:

                def done(outcome: int | None) -> None:
                    if outcome:
                        self.query_one(Digits).update("")
                        self.query_one("#status", Static).update(Text("Tidak ada tiket di loket ini."))
                        self.notify(f"{label} selesai: hasil {outcome}.", timeout=3)

                self.push_screen(Outcomes(), done)

    return Minimal()


def counter_app(db: Path, probe: StallProbe | None, tracer: Tracer | None = None):
    from counter_tui.tui import app as app_module
    from counter_tui.tui.app import CounterApp

    class Probed(CounterApp):
        CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))  # relative paths follow the subclass

        def on_load(self) -> None:
            # Not on_mount: Textual calls every class's on_mount in the MRO, so an override calling super() would
            # run CounterApp's twice.
            if probe is not None:
                probe.start()

        async def on_event(self, event) -> None:
            if tracer is not None and type(event).__name__ == "Key":
                tracer.key(event)
            await super().on_event(event)

    return Probed(db)


def main(argv: list[str]) -> None:
    kind = argv[0]
    report = Path(argv[argv.index("--report") + 1]) if "--report" in argv else None
    probe = StallProbe(report)
    tracer = Tracer(Path(argv[argv.index("--trace") + 1]), probe) if "--trace" in argv else None
    if kind == "minimal":
        if "--stock" not in argv:
            from counter_tui.tui import textual_fixes

            textual_fixes.apply()
        app = minimal_app(probe, tracer)
    else:
        app = counter_app(Path(argv[argv.index("--db") + 1]), probe, tracer)
    if tracer is not None:
        tracer.install(app)
    try:
        app.run()
    finally:
        probe.write()
        if tracer is not None:
            tracer.write()


if __name__ == "__main__":
    main(sys.argv[1:])
