"""Form pieces and dialogs of the account screens: labelled inputs, PIN inputs, a confirmation, and the supervisor's
add-operator, reset-PIN and idle-lock dialogs.

The dialogs call their use case themselves and stay open on a refusal (the message shows inline), so a supervisor
who typed a weak PIN fixes it in place instead of typing the whole form again. They dismiss with the use case's result,
or None when cancelled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from counter_tui.domain.accounts import Operator, Role
from counter_tui.domain.errors import CounterError
from counter_tui.domain.pins import PIN_MAX_LENGTH
from counter_tui.services import accounts
from counter_tui.tui.screens.base import BaseDialog

if TYPE_CHECKING:
    from counter_tui.domain.accounts import Actor

T = TypeVar("T")

PIN_RESTRICT = r"\d*"
CODE_RESTRICT = r"[A-Za-z0-9_.\-]*"


def text_input(input_id: str, placeholder: str = "", *, max_length: int = 100, restrict: str | None = None,
               value: str = "") -> Input:
    """A one-line field without a border: forms must fit an 80x24 terminal on an old office PC."""
    return Input(value=value, placeholder=placeholder, max_length=max_length, restrict=restrict, compact=True,
                 id=input_id)


def pin_input(input_id: str, placeholder: str = "6-12 angka") -> Input:
    """A masked PIN field: digits only, never shown."""
    return Input(
        placeholder=placeholder,
        password=True,
        restrict=PIN_RESTRICT,
        max_length=PIN_MAX_LENGTH,
        compact=True,
        id=input_id,
    )


def code_input(input_id: str, placeholder: str = "mis. SITI01") -> Input:
    return text_input(input_id, placeholder, max_length=20, restrict=CODE_RESTRICT)


def field(label: str, *widgets: Widget, field_id: str | None = None) -> Horizontal:
    """A form row: the label on the left, the input (and anything beside it) on the right."""
    return Horizontal(Label(label, classes="field-label"), *widgets, classes="field", id=field_id)


def focus_next_empty_or_submit(inputs: list[Input]) -> bool:
    """Enter moves to the next empty field; once every field is filled it means "submit". Returns True to submit."""
    for box in inputs:
        if not box.value:
            box.focus()
            return False
    return True


class ErrorLine(Static):
    """The inline refusal under a form (red). Empty when there is nothing to say."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="error", markup=False)

    def show(self, message: str) -> None:
        self.update(Text(message))

    def clear(self) -> None:
        self.update("")


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no. Enter on the focused button; Escape means no."""

    BINDINGS = [
        Binding("escape", "cancel", "Batal", id="confirm.cancel"),
        Binding("ctrl+s", "confirm", "Ya", id="confirm.yes"),
    ]

    def __init__(self, question: str, confirm_label: str = "Ya") -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.confirm_label} (Ctrl+S)", variant="warning", id="confirm-yes")
                yield Button("Batal (Esc)", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

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


class FormDialog(BaseDialog[T]):
    """A modal form: Ctrl+S or Enter on the last field saves, Escape cancels. Subclasses implement `save`."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Simpan", id="dialog.save"),
        Binding("escape", "cancel", "Batal", id="dialog.cancel"),
    ]

    TITLE_TEXT = ""

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(Text(self.TITLE_TEXT, style="bold"), classes="dialog-title")
            yield from self.compose_fields()
            yield ErrorLine(id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan (Ctrl+S)", variant="primary", id="dialog-save")
                yield Button("Batal (Esc)", id="dialog-cancel")

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def inputs(self) -> list[Input]:
        return list(self.query(Input))

    def on_refused(self, error: CounterError) -> None:
        self.query_one("#dialog-error", ErrorLine).show(error.message)
        # The PINs are typed again after any refusal: they are masked, so the user cannot check what was kept.
        passwords = [box for box in self.query(Input) if box.password]
        for box in passwords:
            box.value = ""
        if passwords:
            passwords[0].focus()

    @on(Input.Submitted)
    async def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        if focus_next_empty_or_submit(self.inputs()):
            await self.action_save()

    @on(Button.Pressed, "#dialog-save")
    async def _save_pressed(self) -> None:
        await self.action_save()

    @on(Button.Pressed, "#dialog-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    async def action_save(self) -> None:
        if self._saving:
            return
        self._saving = True
        try:
            self.query_one("#dialog-error", ErrorLine).clear()
            result = await self.save()
        finally:
            self._saving = False
        if result is not None:
            self.dismiss(result)

    async def save(self) -> T | None:
        raise NotImplementedError

    @property
    def actor(self) -> Actor:
        actor = self.app.actor
        assert actor is not None, "account dialogs need a logged-in supervisor"
        return actor


class AddOperatorDialog(FormDialog[Operator]):
    TITLE_TEXT = "Tambah petugas"

    def compose_fields(self) -> ComposeResult:
        yield field("Kode petugas", code_input("new-code"))
        yield field("Nama lengkap", text_input("new-name", "sesuai data kepegawaian"))
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

    async def save(self) -> Operator | None:
        role = self.query_one("#new-role", Select).value
        return await self.call(
            accounts.add_operator,
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
            Text("PIN baru juga membuka kunci akun. Sampaikan PIN langsung kepada petugasnya."), classes="hint"
        )
        yield field("PIN baru", pin_input("reset-pin"))
        yield field("Ulangi PIN baru", pin_input("reset-pin-again", "ketik PIN sekali lagi"))

    def on_mount(self) -> None:
        self.query_one("#reset-pin", Input).focus()

    async def save(self) -> Operator | None:
        return await self.call(
            accounts.reset_pin,
            self.operator.code,
            self.query_one("#reset-pin", Input).value,
            self.query_one("#reset-pin-again", Input).value,
        )


class IdleMinutesDialog(FormDialog[int]):
    TITLE_TEXT = "Kunci layar otomatis"

    def __init__(self, current_minutes: int) -> None:
        super().__init__()
        self.current_minutes = current_minutes

    def compose_fields(self) -> ComposeResult:
        yield Static(
            Text("Layar terkunci bila tidak ada ketikan selama sekian menit; petugas mengetik PIN lagi untuk lanjut."),
            classes="hint",
        )
        yield field(
            "Batas diam (menit)",
            text_input("idle-minutes", "1-240", max_length=3, restrict=r"\d*", value=str(self.current_minutes)),
        )

    def on_mount(self) -> None:
        self.query_one("#idle-minutes", Input).focus()

    async def save(self) -> int | None:
        return await self.call(accounts.set_idle_lock_minutes, self.query_one("#idle-minutes", Input).value)
