"""Textual 8.2.8: a negative timer delay spins the event loop forever (minimal reproduction).

`Timer._run` with a negative interval: `next_timer = start + (count + 1) * interval` is always in the past, so
the skip branch sets `count = int((now - start) / interval + 1)`, which is 0 and then negative, and `continue`s
without ever awaiting: the while condition `count <= repeat` stays true and the loop never yields. The app
freezes at 100 % CPU; keys are never read.

How a negative delay arises without the app asking for one: `ToastRack.show()` skips notifications whose
`has_expired` is true, then builds `Toast(notification)`, whose `__init__` reads `notification.time_left`
again, and `Toast._on_mount` calls `set_timer(self._timeout, ...)`. A notification that expires between the
two reads (a garbage-collection pause or a preempted process in that loop is enough, and the window grows with
the number of live notifications) gets a negative timeout. `show()` runs on every screen resume, so an app
that pushes and pops a modal while toasts are expiring hits it sooner or later.

Run: python benchmarks/repro/timer_freeze.py [set_timer|toast]
A watchdog thread prints where the main thread is stuck and exits after 2 s of stall.
"""

import asyncio
import os
import sys
import threading
import time
import traceback

from textual.app import App
from textual.notifications import Notification
from textual.screen import ModalScreen
from textual.widgets import Label

last_beat = time.monotonic()


def watchdog(main_thread: int) -> None:
    while True:
        time.sleep(0.25)
        stalled = time.monotonic() - last_beat
        if stalled > 2:
            print(f"FROZEN: no event-loop tick for {stalled:.1f} s; the main thread is in:")
            print("".join(traceback.format_stack(sys._current_frames()[main_thread])[-2:]))
            os._exit(1)


class ExpiresBetweenReads(Notification):
    """Stands in for the race: every read of time_left before Toast.__init__ (show's has_expired check) sees it
    alive, the read in Toast.__init__ sees it expired 1 ms ago."""

    @property
    def time_left(self) -> float:
        return -0.001 if sys._getframe(1).f_code.co_name == "__init__" else 0.001


class Dialog(ModalScreen[None]):
    def compose(self):
        yield Label("dialog")


class Repro(App[None]):
    def compose(self):
        yield Label("main")

    def on_mount(self) -> None:
        self.set_interval(0.1, self.beat)
        self.set_timer(0.5, self.trigger)

    def beat(self) -> None:
        global last_beat
        last_beat = time.monotonic()

    def trigger(self) -> None:
        if "toast" in sys.argv:
            self._notifications.add(ExpiresBetweenReads("expiring", "", "information", 1.0, False))
            self.push_screen(Dialog())  # its ToastRack shows the live notifications
        else:
            self.set_timer(-0.01, lambda: None)


async def main() -> None:
    threading.Thread(target=watchdog, args=(threading.get_ident(),), daemon=True).start()
    async with Repro().run_test(notifications=True):
        await asyncio.sleep(3)
    print("no freeze")


if __name__ == "__main__":
    asyncio.run(main())
