"""The supervisor's account dialogs: add an operator, reset a PIN, set the idle-lock minutes.

They call their use case themselves and stay open on a refusal (the message shows inline), so a supervisor who
typed a weak PIN fixes it in place instead of typing the whole form again. They dismiss with the use case's
result, or None when cancelled.
"""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Select, Static

from counter_tui.domain.accounts import Operator, Role
from counter_tui.domain.errors import PinRejected
from counter_tui.services import account_admin, idle_lock
from counter_tui.tui.db_calls import Refused
from counter_tui.tui.dialogs.base import BaseDialog
from counter_tui.tui.widgets.forms import (
    OrderedEnterMixin,
    code_input,
    field,
    focus_next_empty_or_submit,
    name_input,
    pin_input,
    text_input,
)

T = TypeVar("T")


class FormDialog(OrderedEnterMixin, BaseDialog[T]):
    """A modal form: Ctrl+S, or Enter once every field is filled, saves; Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Simpan", id="dialog.save"),
        Binding("escape", "cancel", "Batal", id="dialog.cancel"),
        *OrderedEnterMixin.ORDERED_ENTER_BINDINGS,
    ]

    DIALOG_CLASSES = "dialog form"

    def compose_body(self) -> ComposeResult:
        yield from self.compose_fields()

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def compose_buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("Simpan (Ctrl+S)", variant="primary", id="dialog-save", compact=True)
            yield Button("Batal (Esc)", id="dialog-cancel", compact=True)

    def inputs(self) -> list[Input]:
        return list(self.query(Input))

    def after_refusal(self, refused: Refused) -> None:
        # The PINs are typed again only when they were refused: they are masked, so the user cannot check them.
        if not isinstance(refused.error, PinRejected):
            return
        passwords = [box for box in self.query(Input) if box.password]
        for box in passwords:
            box.value = ""
        if passwords:
            passwords[0].focus()

    @on(Input.Submitted)
    async def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        if focus_next_empty_or_submit(self.inputs()):
            await self.action_submit()

    @on(Button.Pressed, "#dialog-save")
    async def _save_pressed(self) -> None:
        await self.action_submit()

    @on(Button.Pressed, "#dialog-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class AddOperatorDialog(FormDialog[Operator]):
    TITLE_TEXT = "Tambah petugas"

    def compose_fields(self) -> ComposeResult:
        yield field("Kode petugas", code_input("new-code"))
        yield field("Nama lengkap", name_input("new-name", "sesuai data kepegawaian"))
        yield field(
            "Peran",
            Select(
                [(Role.OPERATOR.label, Role.OPERATOR.value), (Role.SUPERVISOR.label, Role.SUPERVISOR.value)],
                value=Role.OPERATOR.value,
                allow_blank=False,
                compact=True,
                id="new-role",
            ),
        )
        yield field("PIN", pin_input("new-pin"))
        yield field("Ulangi PIN", pin_input("new-pin-again", "ketik PIN sekali lagi"))
        yield Static(Text("PIN 6-12 angka; bukan angka berulang atau berurutan."), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#new-code", Input).focus()

    async def submit(self) -> Operator | Refused:
        role = self.query_one("#new-role", Select).value
        return await self.attempt(
            account_admin.add_operator,
            self.query_one("#new-code", Input).value,
            self.query_one("#new-name", Input).value,
            str(role),
            self.query_one("#new-pin", Input).value,
            self.query_one("#new-pin-again", Input).value,
        )


class ResetPinDialog(FormDialog[Operator]):
    TITLE_TEXT = "Atur ulang PIN"

    def __init__(self, operator: Operator) -> None:
        super().__init__()
        self.operator = operator

    def compose_fields(self) -> ComposeResult:
        who = Text("Petugas: ")
        who.append(Text(f"{self.operator.full_name} ({self.operator.code})", style="bold"))
        yield Static(who, id="reset-who")
        yield Static(
            Text("PIN baru juga membuka kunci akun. Sampaikan PIN langsung kepada petugasnya."),
            classes="hint",
        )
        yield field("PIN baru", pin_input("reset-pin"))
        yield field("Ulangi PIN baru", pin_input("reset-pin-again", "ketik PIN sekali lagi"))

    def on_mount(self) -> None:
        self.query_one("#reset-pin", Input).focus()

    async def submit(self) -> Operator | Refused:
        return await self.attempt(
            account_admin.reset_pin,
            self.operator.code,
            self.query_one("#reset-pin", Input).value,
            self.query_one("#reset-pin-again", Input).value,
        )

    def after_refusal(self, refused: Refused) -> None:
        # Every refusal here is about the PIN (or the account, which a new PIN cannot fix): type both again.
        for box in self.query(Input):
            box.value = ""
        self.query_one("#reset-pin", Input).focus()


class IdleMinutesDialog(FormDialog[int]):
    TITLE_TEXT = "Kunci layar otomatis"

    def __init__(self, current_minutes: int) -> None:
        super().__init__()
        self.current_minutes = current_minutes

    def compose_fields(self) -> ComposeResult:
        yield Static(
            Text(
                "Layar terkunci bila tidak ada ketikan selama sekian menit; petugas mengetik PIN lagi untuk lanjut."
            ),
            classes="hint",
        )
        yield field(
            "Batas diam (menit)",
            text_input(
                "idle-minutes", "1-240", max_length=3, digits_only=True, value=str(self.current_minutes)
            ),
        )

    def on_mount(self) -> None:
        self.query_one("#idle-minutes", Input).focus()

    async def submit(self) -> int | Refused:
        return await self.attempt(
            idle_lock.set_idle_lock_minutes,
            self.query_one("#idle-minutes", Input).value,
        )
