"""All database work of the TUI runs on one thread that owns the connection.

`await app.db.run(fn, *args)` runs fn(db, *args) on that thread, so the UI thread never blocks on SQLite and the
connection never crosses threads. Screens call use cases through `app.call(use_case, *args)` (tui/app.py), which
builds the use case's Session (database, current actor, clock) on this thread.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from counter_tui.paths import prepare_database_dir
from counter_tui.services.database import Database, open_database

T = TypeVar("T")


class DbWorker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counter-db")
        self._db: Database | None = None
        self.pending = 0  # jobs submitted and not finished yet (tests wait on this instead of sleeping)

    def _open(self, create: bool) -> None:
        if self._db is None:
            if create:
                prepare_database_dir(self.path)
            self._db = open_database(self.path, create=create)

    async def open(self, *, create: bool) -> None:
        await asyncio.wrap_future(self._executor.submit(self._open, create))

    def _call(self, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
        if self._db is None:
            raise RuntimeError("database is not open")
        return fn(self._db, *args, **kwargs)

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run fn(db, *args, **kwargs) on the database thread and await its result (or its exception)."""
        self.pending += 1
        try:
            return await asyncio.wrap_future(self._executor.submit(self._call, fn, args, kwargs))
        finally:
            self.pending -= 1

    async def drain(self) -> None:
        """Wait until every job submitted so far has finished (tests use this instead of sleeping)."""
        await asyncio.wrap_future(self._executor.submit(lambda: None))

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def close(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._executor.submit(self._close).result(timeout=5)
        self._executor.shutdown(wait=False)
