"""The one yes/no dialog. Returns True for yes, False for no or Escape."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from counter_tui.tui.dialogs.base import BaseDialog


class ConfirmDialog(BaseDialog[bool]):
    """Enter presses the focused button. `default_yes` focuses the yes button (a question asked on purpose,
    such as the no-show, where Enter confirms); otherwise "no" has the focus, so a stray Enter changes nothing.
    y or Ctrl+S say yes, n or Escape say no."""

    TITLE_TEXT = "Konfirmasi"
    BINDINGS = [
        Binding("escape,n", "cancel", "Batal", id="confirm.no"),
        Binding("ctrl+s,y", "confirm", "Ya", id="confirm.yes"),
    ]

    def __init__(self, question: str, confirm_label: str = "Ya", *, default_yes: bool = False) -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label
        self.default_yes = default_yes

    def compose_body(self) -> ComposeResult:
        yield Static(Text(self.question), classes="dialog-question", id="confirm-question")

    def compose_buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            keys = "Enter/y" if self.default_yes else "y"
            yield Button(f"{self.confirm_label} ({keys})", variant="warning", id="confirm-yes", compact=True)
            yield Button("Batal (n/Esc)", id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-yes" if self.default_yes else "#confirm-no", Button).focus()

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm-yes")
    def _yes_pressed(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#confirm-no")
    def _no_pressed(self) -> None:
        self.action_cancel()
