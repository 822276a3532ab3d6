"""Dialogs of the front desk: the supervisor's override, and cancelling or reprinting a ticket just issued."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Static

from counter_tui.domain.accounts import Actor
from counter_tui.domain.queue import Ticket
from counter_tui.services import accounts, tickets
from counter_tui.services.tickets import IssuedTicket
from counter_tui.tui.db_calls import Refused
from counter_tui.tui.dialogs.base import BaseDialog
from counter_tui.tui.widgets.forms import code_input, pin_input, text_input


class SupervisorOverrideDialog(BaseDialog[Actor]):
    """'Izin supervisor': a supervisor types code and PIN to lift an overridable refusal.

    The PIN is checked with the login use case (wrong PINs count towards the lockout as usual);
    an operator's valid PIN is still refused, because only a supervisor may override. Returns the supervisor."""

    TITLE_TEXT = "Izin supervisor"

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def compose_body(self) -> ComposeResult:
        yield Static(Text(self.reason), id="override-reason")
        yield Static(
            Text("Masukkan kode dan PIN supervisor. Izin dicatat di log audit atas namanya.", style="italic"),
            classes="hint",
        )
        yield Label("Kode supervisor")
        yield code_input("override-code", "mis. SPV1")
        yield Label("PIN")
        yield pin_input("override-pin", "PIN")

    def compose_buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("Izinkan (Enter)", id="override-ok", variant="primary", compact=True)
            yield Button("Batal (Esc)", id="override-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#override-code", Input).focus()

    @on(Input.Submitted, "#override-code")
    def _code_entered(self) -> None:
        self.query_one("#override-pin", Input).focus()

    @on(Input.Submitted, "#override-pin")
    @on(Button.Pressed, "#override-ok")
    async def _verify(self) -> None:
        await self.action_submit()

    async def submit(self) -> Actor | Refused:
        code = self.query_one("#override-code", Input).value
        pin_field = self.query_one("#override-pin", Input)
        pin = pin_field.value
        pin_field.value = ""
        counter = self.app.actor.counter if self.app.actor else 0
        return await self.attempt(accounts.authorize_override, code, pin, counter)

    @on(Button.Pressed, "#override-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


@dataclass(frozen=True, slots=True)
class Correction:
    """What the correction dialog did: the ticket cancelled, or the ticket shown again."""

    cancelled: Ticket | None = None
    reprinted: IssuedTicket | None = None


class TicketCorrectionDialog(BaseDialog[Correction]):
    """Cancel or reprint a wrongly issued ticket (the desk that issued it, or a supervisor; audited).
    The number of the last ticket issued here is filled in."""

    TITLE_TEXT = "Batalkan atau cetak ulang tiket"
    BINDINGS = [
        Binding("f2", "cancel_ticket", "Batalkan tiket", id="correction.cancel"),
        Binding("f3", "reprint", "Cetak ulang", id="correction.reprint"),
        Binding("escape", "cancel", "Tutup", id="dialog.cancel"),
    ]

    def __init__(self, last_label: str = "") -> None:
        super().__init__()
        self.last_label = last_label
        self._mode = "cancel"

    def compose_body(self) -> ComposeResult:
        yield Static(
            Text(
                "Tiket yang salah diterbitkan dapat dibatalkan selama belum dipanggil. "
                "Tindakan ini dicatat di log audit."
            ),
            classes="hint",
        )
        yield Label("Nomor tiket")
        yield text_input("correction-label", "mis. A-007", max_length=8, value=self.last_label)

    def compose_buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("Batalkan (F2)", id="correction-cancel-ticket", variant="error", compact=True)
            yield Button("Cetak ulang (F3)", id="correction-reprint", variant="primary", compact=True)
            yield Button("Tutup (Esc)", id="correction-close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#correction-label", Input).focus()

    @on(Button.Pressed, "#correction-cancel-ticket")
    async def action_cancel_ticket(self) -> None:
        self._mode = "cancel"
        await self.action_submit()

    @on(Button.Pressed, "#correction-reprint")
    async def action_reprint(self) -> None:
        self._mode = "reprint"
        await self.action_submit()

    @on(Button.Pressed, "#correction-close")
    def _close(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#correction-label")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.show_error("Tekan F2 untuk membatalkan atau F3 untuk mencetak ulang tiket ini.")

    async def submit(self) -> Correction | Refused:
        label = self.query_one("#correction-label", Input).value
        if self._mode == "cancel":
            cancelled = await self.attempt(tickets.cancel_ticket, label)
            return cancelled if isinstance(cancelled, Refused) else Correction(cancelled=cancelled)
        issued = await self.attempt(tickets.reprint_ticket, label)
        return issued if isinstance(issued, Refused) else Correction(reprinted=issued)
