"""The dialog of the Tutup Hari screen: reopen today, with the reason that goes into the audit log."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from counter_tui.domain.day_close import DayClosure
from counter_tui.services.day_close import reopen_day
from counter_tui.tui.db_calls import Refused
from counter_tui.tui.dialogs.base import BaseDialog
from counter_tui.tui.widgets.forms import text_input


class ReopenDayDialog(BaseDialog[DayClosure]):
    """Reopens the day itself; a refusal (no reason, not closed) is shown inline and the dialog stays open."""

    TITLE_TEXT = "Buka kembali hari ini"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Buka kembali", id="dialog.save"),
        Binding("escape", "cancel", "Batal", id="dialog.cancel"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Alasan (dicatat di log audit):"))
        yield text_input("reopen-reason", "mis. rombongan sekolah datang terlambat", max_length=200)

    def compose_buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("Buka kembali (Enter)", id="reopen-ok", variant="warning", compact=True)
            yield Button("Batal (Esc)", id="reopen-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#reopen-reason", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#reopen-ok")
    async def _reopen(self, event) -> None:
        event.stop()
        await self.action_submit()

    @on(Button.Pressed, "#reopen-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    async def submit(self) -> DayClosure | Refused:
        return await self.attempt(reopen_day, self.query_one("#reopen-reason", Input).value)
