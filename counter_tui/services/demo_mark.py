"""Whether the open database is the demo office (the app then says "DEMO" on every screen)."""

from __future__ import annotations

from counter_tui.services.session import Session
from counter_tui.storage import demo as demo_store


def is_demo(session: Session) -> bool:
    with session.read() as conn:
        return demo_store.is_demo(conn)
