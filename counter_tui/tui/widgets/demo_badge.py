"""The "DEMO" badge the app lays over every screen of the demo office."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

BADGE_WIDTH = 6


class DemoBadge(Static):
    DEFAULT_CSS = """
    DemoBadge {
        overlay: screen;
        position: absolute;
        width: 6;
        height: 1;
        background: $error;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__(Text(" DEMO"), id="demo-badge")

    def on_mount(self) -> None:
        self.place()

    def place(self) -> None:
        width = self.screen.size.width or self.app.size.width
        self.styles.offset = (max(width - BADGE_WIDTH - 1, 0), 0)
