"""The one base of every dialog: a centred box with a title, an inline error line, Escape to cancel, and a
submit that runs once at a time (a second Enter while the first save is still on the DB thread does nothing).

A dialog that changes the database implements `submit()`: it returns the result to dismiss with, a `Refused`
to show inline (the dialog stays open so the user corrects the field in place), or None to stay open quietly.
"""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from counter_tui.tui.db_calls import DbCallsMixin, Refused
from counter_tui.tui.widgets.forms import ErrorLine

T = TypeVar("T")


class BaseDialog(DbCallsMixin, ModalScreen[T]):
    DEFAULT_CLASSES = "dialog-screen"
    BINDINGS = [Binding("escape", "cancel", "Batal", id="dialog.cancel")]
    TITLE_TEXT = ""
    DIALOG_CLASSES = "dialog"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._submitting = False

    def on_screen_resume(self) -> None:
        # Toasts raised before the dialog opened would lie over it; the dialog shows its own refusals inline.
        self.app.clear_notifications()

    # -- layout helpers -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(classes=self.DIALOG_CLASSES):
            yield from self.compose_title()
            yield from self.compose_body()
            yield from self.compose_error()
            yield from self.compose_buttons()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def compose_buttons(self) -> ComposeResult:
        yield from ()

    def compose_title(self) -> ComposeResult:
        if self.TITLE_TEXT:
            yield Static(Text(self.TITLE_TEXT, style="bold"), classes="dialog-title")

    def compose_error(self) -> ComposeResult:
        yield ErrorLine(id="dialog-error")

    def show_error(self, message: str) -> None:
        self.query_one("#dialog-error", ErrorLine).show(message)

    def clear_error(self) -> None:
        self.query_one("#dialog-error", ErrorLine).clear()

    # -- submit, once at a time ----------------------------------------------------------------------
    async def action_submit(self) -> None:
        if self._submitting:
            return
        self._submitting = True
        try:
            self.clear_error()
            result = await self.submit()
        finally:
            self._submitting = False
        if isinstance(result, Refused):
            self.show_error(result.message)
            self.after_refusal(result)
        elif result is not None:
            self.dismiss(result)

    async def submit(self) -> T | Refused | None:
        return None

    def after_refusal(self, refused: Refused) -> None:
        """Hook: e.g. clear and refocus the PIN fields when the PIN was refused."""

    def action_cancel(self) -> None:
        self.dismiss(None)
