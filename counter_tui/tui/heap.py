"""The counter's garbage-collection policy: the long-lived heap is frozen, so full collections stay short.

A counter process lives all day. After start-up its heap holds ~90,000 objects that live as long as the
process (modules, classes, Textual's widgets and CSS, the counter screen). CPython's full collection walks all of
them every time: 45-70 ms on an idle office PC, more under load, and it runs every few tickets. Frozen
(`gc.freeze()`), they are left out of every collection, and a full collection walks only what is new since.

`settle()` unfreezes, collects everything once and freezes what is left. It stalls the event loop for one full
collection, so the app calls it only when nobody waits: shortly after a full screen has opened (once the operator
has stopped typing), and when the counter has been idle for a while, at most every IDLE_SETTLE_EVERY seconds. The
idle settle also returns whatever became garbage among the frozen objects (a screen closed since), so nothing
frozen is kept for good.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

AFTER_SCREEN_SECONDS = 0.3
"""A settle runs this long after a full screen opened, when no key came in the meantime."""
SCREEN_SETTLE_EVERY = 30.0
"""Seconds: screen switches closer together than this share one settle."""
IDLE_AFTER_SECONDS = 5.0
IDLE_SETTLE_EVERY = 300.0


class HeapKeeper:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self.last_settle: float | None = None
        self.settles = 0

    def settle(self) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.last_settle = self.monotonic()
        self.settles += 1

    def _since_settle(self) -> float:
        return float("inf") if self.last_settle is None else self.monotonic() - self.last_settle

    def screen_opened_due(self, last_key: float) -> bool | None:
        """After a full screen opened: True to settle now, None to ask again later (a key came in the last
        AFTER_SCREEN_SECONDS), False when a settle ran recently enough."""
        if self._since_settle() < SCREEN_SETTLE_EVERY:
            return False
        if self.monotonic() - last_key < AFTER_SCREEN_SECONDS:
            return None
        return True

    def idle_due(self, last_key: float) -> bool:
        return self.monotonic() - last_key >= IDLE_AFTER_SECONDS and self._since_settle() >= IDLE_SETTLE_EVERY
