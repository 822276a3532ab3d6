"""One audit row in full (the table cuts long details at the screen edge)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from counter_tui.tui.dialogs.base import BaseDialog


class AuditRowDialog(BaseDialog[None]):
    TITLE_TEXT = "Rincian log audit"
    BINDINGS = [Binding("escape,enter", "cancel", "Tutup", id="dialog.cancel")]

    def __init__(self, fields: list[tuple[str, str]]) -> None:
        super().__init__()
        self.fields = fields

    def compose_body(self) -> ComposeResult:
        text = Text()
        for index, (label, value) in enumerate(self.fields):
            if index:
                text.append("\n")
            text.append(f"{label}: ", style="bold")
            text.append(value)
        with VerticalScroll(id="audit-row-scroll"):
            yield Static(text, id="audit-row")
        yield Static(Text("Enter atau Esc menutup"), classes="hint")
