"""Dialogs and small widgets of the queue screens: supervisor override, transfer, finish with an outcome,
requeue a no-show, and the supervisor's editors for services, weekday hours and special days.

Dialogs that change the database call the use case themselves and stay open on a refusal, showing it inline,
so a mistyped PIN or time can be corrected without starting over. Choice dialogs (transfer, finish) only
return the choice; the screen that opened them acts on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from counter_tui.domain.accounts import Actor
from counter_tui.domain.errors import CounterError
from counter_tui.domain.hours import WEEKDAYS, DayHours
from counter_tui.domain.queue import Outcome, Service, Ticket
from counter_tui.services import accounts, counter_actions, queue_config
from counter_tui.tui.screens.base import BaseDialog


class QueueDialog(BaseDialog):
    """A centred modal box with a title, an inline error line and Escape to cancel (result None)."""

    DEFAULT_CLASSES = "queue-dialog-screen"
    BINDINGS = [Binding("escape", "cancel", "Batal", id="dialog_cancel")]
    TITLE_TEXT = ""

    def compose_title(self) -> ComposeResult:
        yield Static(Text(self.TITLE_TEXT, style="bold"), classes="dialog-title")

    def compose_error(self) -> ComposeResult:
        yield Static("", id="dialog-error", classes="error")

    def show_error(self, message: str) -> None:
        self.query_one("#dialog-error", Static).update(Text(message))

    def on_refused(self, error: CounterError) -> None:
        self.show_error(error.message)

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- front desk ------------------------------------------------------------------------------------
class SupervisorOverrideDialog(QueueDialog):
    """'Izin supervisor': a supervisor types code and PIN to lift an overridable refusal.

    The PIN is checked with the login use case (wrong PINs count towards the lockout as usual);
    an operator's valid PIN is still refused, because only a supervisor may override."""

    TITLE_TEXT = "Izin supervisor"

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            yield Static(Text(self.reason), id="override-reason")
            yield Static(Text("Masukkan kode dan PIN supervisor. Izin dicatat di log audit atas namanya.",
                              style="italic"), classes="hint")
            yield Label("Kode supervisor")
            yield Input(id="override-code", placeholder="mis. SPV1", max_length=20)
            yield Label("PIN")
            yield Input(id="override-pin", password=True, max_length=12)
            yield from self.compose_error()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Izinkan", id="override-ok", variant="primary")
                yield Button("Batal (Esc)", id="override-cancel")

    def on_mount(self) -> None:
        self.query_one("#override-code", Input).focus()

    @on(Input.Submitted, "#override-code")
    def _code_entered(self) -> None:
        self.query_one("#override-pin", Input).focus()

    @on(Input.Submitted, "#override-pin")
    @on(Button.Pressed, "#override-ok")
    async def verify(self) -> None:
        code = self.query_one("#override-code", Input).value
        pin_input = self.query_one("#override-pin", Input)
        pin = pin_input.value
        pin_input.value = ""
        counter = self.app.actor.counter if self.app.actor else 0
        actor: Actor | None = await self.call_quiet(accounts.authorize_override, code, pin, counter)
        if actor is None:
            return
        self.dismiss(actor)

    @on(Button.Pressed, "#override-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)


# -- counter ---------------------------------------------------------------------------------------
class TransferDialog(QueueDialog):
    """Choose the service to send the current ticket to. Returns the service code, or None."""

    TITLE_TEXT = "Alihkan ke layanan lain"

    def __init__(self, ticket: Ticket, services: Sequence[Service]) -> None:
        super().__init__()
        self.ticket = ticket
        self.services = [s for s in services if s.active]

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            yield Static(Text(f"Tiket {self.ticket.label} tetap memegang waktu antrinya semula."), classes="hint")
            options = []
            for service in self.services:
                prompt = Text(f"{service.code}  ")
                prompt.append(service.name)
                if service.code == self.ticket.service_code:
                    prompt.append("  (layanan sekarang)", style="italic")
                options.append(Option(prompt, id=service.code))
            yield OptionList(*options, id="transfer-services")
            yield Static(Text("Enter memilih · Esc batal"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#transfer-services")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class FinishDialog(QueueDialog):
    """Finishing requires an outcome: pick one (arrows + Enter, or its number). Escape changes nothing."""

    TITLE_TEXT = "Selesaikan tiket: pilih hasil layanan"
    BINDINGS = [Binding(str(n), f"choose({n})", show=False) for n in range(1, len(Outcome) + 1)]

    def __init__(self, ticket: Ticket) -> None:
        super().__init__()
        self.ticket = ticket

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            yield Static(Text(f"Tiket {self.ticket.label}: hasil layanan wajib dipilih."), classes="hint")
            yield OptionList(
                *(Option(Text(f"{n}  {o.label}"), id=o.value) for n, o in enumerate(Outcome, start=1)),
                id="finish-outcomes",
            )
            yield Static(Text("Enter atau angka 1-6 memilih · Esc batal (tiket tidak berubah)"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_choose(self, number: int) -> None:
        self.dismiss(list(Outcome)[number - 1])

    @on(OptionList.OptionSelected, "#finish-outcomes")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Outcome(str(event.option.id)))


class RequeueDialog(QueueDialog):
    """Put a no-show back in the queue (once), by its ticket number."""

    TITLE_TEXT = "Kembalikan tiket tidak hadir"

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            yield Static(Text("Pemohon yang tadi tidak hadir kini datang. Tiket masuk lagi di belakang antrian; "
                              "hanya boleh sekali."), classes="hint")
            yield Label("Nomor tiket")
            yield Input(id="requeue-label", placeholder="mis. A-007", max_length=8)
            yield from self.compose_error()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Kembalikan", id="requeue-ok", variant="primary")
                yield Button("Batal (Esc)", id="requeue-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#requeue-label")
    @on(Button.Pressed, "#requeue-ok")
    async def requeue(self) -> None:
        label = self.query_one("#requeue-label", Input).value
        ticket = await self.call_quiet(counter_actions.requeue_no_show, label)
        if ticket is not None:
            self.dismiss(ticket)

    @on(Button.Pressed, "#requeue-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)


# -- supervisor: services and hours ----------------------------------------------------------------
class ServiceEditDialog(QueueDialog):
    """Name, active flag and daily quota of one service (empty quota = no quota)."""

    TITLE_TEXT = "Ubah layanan"

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            yield Static(Text(f"Layanan {self.service.code}"), classes="hint")
            yield Label("Nama layanan")
            yield Input(self.service.name, id="service-name", max_length=80)
            yield Checkbox("Aktif (tiket dapat diambil)", self.service.active, id="service-active")
            yield Label("Kuota harian (kosongkan bila tanpa kuota)")
            quota = "" if self.service.daily_quota is None else str(self.service.daily_quota)
            yield Input(quota, id="service-quota", max_length=4, restrict=r"[0-9]*")
            yield from self.compose_error()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan", id="service-save", variant="primary")
                yield Button("Batal (Esc)", id="service-cancel")

    def on_mount(self) -> None:
        self.query_one("#service-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#service-save")
    async def save(self) -> None:
        service = await self.call_quiet(
            queue_config.update_service,
            self.service.code,
            name=self.query_one("#service-name", Input).value,
            active=self.query_one("#service-active", Checkbox).value,
            daily_quota=self.query_one("#service-quota", Input).value,
        )
        if service is not None:
            self.dismiss(service)

    @on(Button.Pressed, "#service-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)


class HoursForm:
    """Opening and closing time inputs plus a 'closed all day' box, shared by the two hours dialogs."""

    @staticmethod
    def compose_hours(hours: DayHours | None) -> ComposeResult:
        closed = hours is not None and hours.closed
        with Horizontal(classes="hours-row"):
            with Vertical():
                yield Label("Jam buka (JJ:MM)")
                yield Input("" if hours is None or hours.closed else hours.opens or "", id="hours-opens",
                            placeholder="08:00", max_length=5, disabled=closed)
            with Vertical():
                yield Label("Jam tutup (JJ:MM)")
                yield Input("" if hours is None or hours.closed else hours.closes or "", id="hours-closes",
                            placeholder="15:00", max_length=5, disabled=closed)
        yield Checkbox("Tutup sepanjang hari", closed, id="hours-closed")

    @staticmethod
    def read(dialog: QueueDialog) -> tuple[str | None, str | None]:
        if dialog.query_one("#hours-closed", Checkbox).value:
            return None, None
        return dialog.query_one("#hours-opens", Input).value, dialog.query_one("#hours-closes", Input).value

    @staticmethod
    def closed_changed(dialog: QueueDialog, closed: bool) -> None:
        for input_id in ("#hours-opens", "#hours-closes"):
            dialog.query_one(input_id, Input).disabled = closed


class WeekdayHoursDialog(QueueDialog):
    TITLE_TEXT = "Jam layanan mingguan"

    def __init__(self, weekday: int, hours: DayHours | None) -> None:
        super().__init__()
        self.weekday = weekday
        self.hours = hours

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            yield Static(Text(f"Hari {WEEKDAYS[self.weekday]}"), classes="hint")
            yield from HoursForm.compose_hours(self.hours)
            yield from self.compose_error()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan", id="hours-save", variant="primary")
                yield Button("Batal (Esc)", id="hours-cancel")

    @on(Checkbox.Changed, "#hours-closed")
    def _closed_changed(self, event: Checkbox.Changed) -> None:
        HoursForm.closed_changed(self, event.value)

    @on(Input.Submitted)
    @on(Button.Pressed, "#hours-save")
    async def save(self) -> None:
        opens, closes = HoursForm.read(self)
        hours = await self.call_quiet(queue_config.set_weekday_hours, self.weekday, opens, closes)
        if hours is not None:
            self.dismiss(hours)

    @on(Button.Pressed, "#hours-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)


class SpecialDayDialog(QueueDialog):
    """A special day: a date, hours or 'closed', and a reason (e.g. election day, open 08:00-12:00)."""

    TITLE_TEXT = "Hari khusus"

    def __init__(self, day: date | None = None, hours: DayHours | None = None) -> None:
        super().__init__()
        self.day = day
        self.hours = hours

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            yield Label("Tanggal (TTTT-BB-HH)")
            yield Input(self.day.isoformat() if self.day else "", id="special-date", placeholder="2024-02-14",
                        max_length=10)
            yield from HoursForm.compose_hours(self.hours)
            yield Label("Alasan")
            yield Input((self.hours.reason or "") if self.hours else "", id="special-reason",
                        placeholder="mis. Hari pemungutan suara", max_length=120)
            yield from self.compose_error()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan", id="special-save", variant="primary")
                yield Button("Batal (Esc)", id="special-cancel")

    def on_mount(self) -> None:
        self.query_one("#special-date", Input).focus()

    @on(Checkbox.Changed, "#hours-closed")
    def _closed_changed(self, event: Checkbox.Changed) -> None:
        HoursForm.closed_changed(self, event.value)

    @on(Input.Submitted)
    @on(Button.Pressed, "#special-save")
    async def save(self) -> None:
        opens, closes = HoursForm.read(self)
        day = self.query_one("#special-date", Input).value
        reason = self.query_one("#special-reason", Input).value
        hours = await self.call_quiet(queue_config.set_special_day, day, opens, closes, reason)
        if hours is not None:
            self.dismiss(hours)

    @on(Button.Pressed, "#special-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)


class ConfirmDialog(QueueDialog):
    """Yes or no. Returns True, or None when cancelled."""

    TITLE_TEXT = "Konfirmasi"
    BINDINGS = [Binding("y", "confirm", "Ya", show=False), Binding("n", "cancel", "Tidak", show=False)]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            yield Static(Text(self.question))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Ya (y)", id="confirm-yes", variant="error")
                yield Button("Tidak (n)", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(None)
