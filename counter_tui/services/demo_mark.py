"""Whether the open database is the demo office (the app then says "DEMO" on every screen)."""

from __future__ import annotations

from counter_tui.storage import demo as demo_store
from counter_tui.storage.db import Database


def is_demo(db: Database) -> bool:
    return demo_store.is_demo(db.conn)
