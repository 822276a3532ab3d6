"""The base of every full screen: calling a use case off the UI thread, and reloading on others' changes."""

from __future__ import annotations

from textual.screen import Screen

from counter_tui.tui.db_calls import DbCallsMixin, Refused

__all__ = ["BaseScreen", "Refused"]


class BaseScreen(DbCallsMixin, Screen):
    """A full screen. `refresh_data` is called when another process changed the database."""

    async def refresh_data(self) -> None:
        return None
