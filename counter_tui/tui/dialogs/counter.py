"""Dialogs of the counter screen: transfer, resume one of several parked tickets, and put a no-show back in the
queue. (The outcome of F8 is chosen on the counter screen itself: counter_tui/tui/widgets/finish_panel.py.)

Choice dialogs (transfer, resume) only return the choice; the counter screen acts on it. The requeue
dialog calls its use case itself and stays open on a refusal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from counter_tui.domain.queue import Service, Ticket
from counter_tui.services import counter_transfers
from counter_tui.tui.db_calls import Refused
from counter_tui.tui.dialogs.base import BaseDialog
from counter_tui.tui.widgets.forms import text_input


class TransferDialog(BaseDialog[str]):
    """Choose the service to send the current ticket to. It opens on the first other service; the service's
    letter picks it at once. Returns the service code, or None."""

    TITLE_TEXT = "Alihkan ke layanan lain"

    def __init__(self, ticket: Ticket, services: Sequence[Service]) -> None:
        super().__init__()
        self.ticket = ticket
        self.services = [s for s in services if s.active]

    def compose_body(self) -> ComposeResult:
        yield Static(Text(f"Tiket {self.ticket.label} tetap memegang waktu antrinya semula."), classes="hint")
        options = []
        for service in self.services:
            current = service.code == self.ticket.service_code
            prompt = Text(f"{service.code}  ")
            prompt.append(service.name)
            if current:
                prompt.append("  (layanan sekarang)", style="italic")
            options.append(Option(prompt, id=service.code, disabled=current))
        yield OptionList(*options, id="transfer-services")
        yield Static(Text("Huruf layanan atau Enter memilih · Esc batal"), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        others = [i for i, s in enumerate(self.services) if s.code != self.ticket.service_code]
        if others:
            options.highlighted = others[0]
        options.focus()

    def on_key(self, event: events.Key) -> None:
        letter = (event.character or "").upper()
        if len(letter) == 1 and letter.isalpha():
            event.stop()
            if letter == self.ticket.service_code:
                self.show_error(f"Tiket sudah berada di layanan {letter}. Pilih layanan lain.")
            elif any(s.code == letter for s in self.services):
                self.dismiss(letter)
            else:
                self.show_error(f"Layanan {letter} tidak ada atau tidak aktif.")

    @on(OptionList.OptionSelected, "#transfer-services")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class ResumeDialog(BaseDialog[str]):
    """Several tickets are parked at this counter: pick the one to resume. Returns its label."""

    TITLE_TEXT = "Lanjutkan tiket yang ditunda"

    def __init__(self, parked: Sequence[Ticket]) -> None:
        super().__init__()
        self.parked = list(parked)

    def compose_body(self) -> ComposeResult:
        options = []
        for ticket in self.parked:
            prompt = Text(f"{ticket.label}  ", style="bold")
            prompt.append(f"layanan {ticket.service_code}", style="")
            if ticket.priority is not None:
                prompt.append(f" · {ticket.priority.label}", style="yellow")
            options.append(Option(prompt, id=ticket.label))
        yield OptionList(*options, id="resume-tickets")
        yield Static(Text("Enter memilih · Esc batal"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#resume-tickets")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class RequeueDialog(BaseDialog[Ticket]):
    """Put a no-show back in the queue (once): pick it from today's no-shows, or type its number."""

    TITLE_TEXT = "Kembalikan tiket tidak hadir"

    def __init__(self, no_shows: Sequence[Ticket]) -> None:
        super().__init__()
        self.no_shows = list(no_shows)

    def compose_body(self) -> ComposeResult:
        yield Static(
            Text(
                "Pemohon yang tadi tidak hadir kini datang. Tiket masuk lagi di belakang antrian; "
                "hanya boleh sekali."
            ),
            classes="hint",
        )
        if self.no_shows:
            yield OptionList(
                *(Option(Text(f"{t.label}  layanan {t.service_code}"), id=t.label) for t in self.no_shows),
                id="requeue-list",
            )
        else:
            yield Static(
                Text("Belum ada tiket tidak hadir hari ini yang bisa dikembalikan."), id="requeue-none"
            )
        yield text_input("requeue-label", "atau ketik nomornya, mis. A-007", max_length=8)

    def compose_buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("Kembalikan (Enter)", id="requeue-ok", variant="primary", compact=True)
            yield Button("Batal (Esc)", id="requeue-cancel", compact=True)

    def on_mount(self) -> None:
        if self.no_shows:
            self.query_one("#requeue-list", OptionList).focus()
        else:
            self.query_one("#requeue-label", Input).focus()

    @on(OptionList.OptionSelected, "#requeue-list")
    async def _picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#requeue-label", Input).value = event.option.id or ""
        await self.action_submit()

    @on(Input.Submitted, "#requeue-label")
    @on(Button.Pressed, "#requeue-ok")
    async def _requeue(self) -> None:
        await self.action_submit()

    async def submit(self) -> Ticket | Refused:
        label = self.query_one("#requeue-label", Input).value
        return await self.attempt(counter_transfers.requeue_no_show, label)

    @on(Button.Pressed, "#requeue-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
