"""Ambil Antrian: the front desk issues queue tickets with one key press.

The service keys are F2-F6 (always) and the letters A-E (when the NIK field does not have the focus).
Priority (UU 25/2009 Pasal 29) is toggled with 1-5 or cycled with F7; the NIK is optional.
A refusal that a supervisor may lift (outside the hours, quota reached, a second waiting ticket for one NIK)
opens the "Izin supervisor" dialog; the retry carries the supervisor as `override_by`, and is audited.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Footer, Header, Input, Label, Static

from counter_tui.domain.accounts import Actor
from counter_tui.domain.errors import supervisor_may_override
from counter_tui.domain.hours import format_time_left
from counter_tui.domain.queue import Priority, format_duration
from counter_tui.services import queue_views, tickets
from counter_tui.services.queue_views import QueueSnapshot
from counter_tui.services.tickets import IssuedTicket
from counter_tui.tui.dialogs.front_desk import Correction, SupervisorOverrideDialog, TicketCorrectionDialog
from counter_tui.tui.screens.base import BaseScreen, Refused
from counter_tui.tui.widgets.forms import FieldInput, to_ascii_digits

# One key per default service. F-keys work while typing a NIK; letters only when no Input has the focus.
SERVICE_KEYS: dict[str, str] = {"A": "f2", "B": "f3", "C": "f4", "D": "f5", "E": "f6"}
PRIORITIES: tuple[Priority, ...] = tuple(Priority)
REFRESH_SECONDS = 30.0
SHORT_PRIORITY_LABELS = {
    Priority.LANSIA: "Lansia",
    Priority.DISABILITAS: "Disabilitas",
    Priority.HAMIL: "Hamil",
    Priority.ANAK: "Anak",
    Priority.BENCANA: "Bencana",
}

_ISSUE_GROUP = Binding.Group("Tiket A-E", compact=True)


class FrontDeskScreen(BaseScreen):
    """Ambil Antrian: pick a service with one key, optional priority and NIK, see the ticket big."""

    # 80-column consoles get a narrow ticket panel; wider terminals a wider one (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # Nothing focused at first: the letter and digit keys must reach the bindings, not the NIK field.
    AUTO_FOCUS = ""
    BINDINGS = [
        *(
            Binding(
                f"{fkey},{code.lower()},{code}",
                f"issue('{code}')",
                f"Layanan {code}",
                id=f"issue_{code.lower()}",
                group=_ISSUE_GROUP,
            )
            for code, fkey in SERVICE_KEYS.items()
        ),
        *(
            Binding(str(n), f"toggle_priority({n})", p.label, show=False, id=f"priority_{p.value}")
            for n, p in enumerate(PRIORITIES, start=1)
        ),
        Binding("0", "clear_priority", "Tanpa prioritas", show=False, id="priority_none"),
        Binding("f7", "cycle_priority", "Prioritas", id="cycle_priority"),
        # Priority: the digits typed right after F8 must land in the field, not on the priority keys.
        Binding("f8", "focus_nik", "NIK", id="focus_nik", priority=True),
        Binding("f9", "correct_ticket", "Koreksi", id="correct_ticket"),
        Binding("escape", "back", "Kembali", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.priority: Priority | None = None
        self.snapshot: QueueSnapshot | None = None
        self.last_label = ""

    # -- layout -----------------------------------------------------------------------------------
    # At 80x24 everything fits without a line broken in the middle of an item: one line per service, the
    # priorities on one line, the NIK field beside its label, and the ticket panel on the right.
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="frontdesk-body"):
            with Vertical(id="frontdesk-left"):
                yield Static("", id="frontdesk-hours")
                yield Static(Text("Pilih layanan (satu tombol):", style="bold"), classes="frontdesk-heading")
                yield Static("", id="frontdesk-services")
                yield Static("", id="frontdesk-priority")
                with Horizontal(id="frontdesk-nik-row"):
                    yield Label(Text("NIK (F8):", style="bold"), id="frontdesk-nik-label")
                    yield FieldInput(
                        id="frontdesk-nik",
                        placeholder="opsional, 16 digit",
                        max_length=24,
                        restrict=r"[0-9 .\-]*",
                        normalize=to_ascii_digits,
                        compact=True,
                        refused_message="Kolom NIK hanya menerima angka (16 digit; spasi, titik "
                        "atau tanda hubung boleh sebagai pemisah).",
                    )
                yield Static("", id="frontdesk-message", classes="error")
            with Vertical(id="frontdesk-ticket"):
                yield Static(Text("Nomor antrian", style="bold"), id="ticket-caption")
                yield Digits("", id="ticket-digits")
                yield Static(Text("Belum ada tiket yang diambil."), id="ticket-details")
        yield Footer()

    async def on_mount(self) -> None:
        self.render_priority()
        self.set_interval(REFRESH_SECONDS, self.refresh_data, name="front-desk-refresh")
        await self.refresh_data()

    # -- data -------------------------------------------------------------------------------------
    async def refresh_data(self) -> None:
        snapshot = await self.call_quiet(queue_views.queue_snapshot, waiting_limit=0)
        if snapshot is None or not self.is_attached:
            return
        self.snapshot = snapshot
        self.render_hours()
        self.render_services()

    def render_hours(self) -> None:
        assert self.snapshot is not None
        hours, left = self.snapshot.hours, self.snapshot.time_left
        text = Text("Jam layanan hari ini: ", style="bold")
        text.append(hours.describe())
        text.append("\n")
        if left is None:
            text.append(
                "Loket tidak melayani saat ini (tiket hanya dengan izin supervisor)", style="bold red"
            )
        else:
            text.append(f"Tutup {format_time_left(left)}", style="bold green")
        self.query_one("#frontdesk-hours", Static).update(text)

    def render_services(self) -> None:
        assert self.snapshot is not None
        lines = Text()
        for index, count in enumerate(self.snapshot.services):
            service = count.service
            if index:
                lines.append("\n")
            fkey = SERVICE_KEYS.get(service.code)
            keys = f"{service.code} {fkey.upper()}" if fkey else service.code
            style = "" if service.active else "dim"
            lines.append(f" {keys:<4} ", style="bold reverse" if service.active else "dim")
            lines.append(" ")
            lines.append(service.name, style=style)
            if service.active:
                lines.append(f" · menunggu {count.waiting}", style="cyan")
                if service.daily_quota is not None:
                    lines.append(f" · kuota {service.daily_quota}", style="dim")
            else:
                lines.append(" (tidak aktif)", style="dim italic")
        self.query_one("#frontdesk-services", Static).update(lines)

    def render_priority(self) -> None:
        text = Text("Prioritas (1-5 memilih, 0 tanpa, F7 ganti):", style="bold")
        text.append("\n")
        for n, priority in enumerate(PRIORITIES, start=1):
            chosen = priority is self.priority
            # The chosen one is marked in text too ("[1 Lansia]"), not by colour alone.
            label = f"{n} {SHORT_PRIORITY_LABELS[priority]}"
            if n > 1:
                text.append(" ")
            text.append(f"[{label}]" if chosen else label, style="bold black on yellow" if chosen else "")
        text.append("\nTiket berikut: ")
        if self.priority is None:
            text.append("antrian biasa")
        else:
            text.append(f"PRIORITAS · {self.priority.label}", style="bold yellow")
        self.query_one("#frontdesk-priority", Static).update(text)

    # -- priority and NIK -------------------------------------------------------------------------
    def action_toggle_priority(self, number: int) -> None:
        chosen = PRIORITIES[number - 1]
        self.priority = None if self.priority is chosen else chosen
        self.render_priority()

    def action_clear_priority(self) -> None:
        self.priority = None
        self.render_priority()

    def action_cycle_priority(self) -> None:
        order: list[Priority | None] = [None, *PRIORITIES]
        self.priority = order[(order.index(self.priority) + 1) % len(order)]
        self.render_priority()

    def action_focus_nik(self) -> None:
        # Always into the field (never a toggle): digits typed after F8 must land in the NIK, not on the
        # priority keys. Esc leaves the field.
        self.set_focus(self.query_one("#frontdesk-nik", Input))  # at once, not deferred: the digits follow

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # -- issuing ----------------------------------------------------------------------------------
    async def action_issue(self, code: str) -> None:
        nik = self.query_one("#frontdesk-nik", Input).value.strip() or None
        await self.issue(code, self.priority, nik, override_by=None)

    async def issue(
        self, code: str, priority: Priority | None, nik: str | None, *, override_by: Actor | None
    ) -> None:
        issued = await self.attempt(
            tickets.issue_ticket, code, priority=priority, nik=nik, override_by=override_by
        )
        if not isinstance(issued, Refused):
            self.show_ticket(issued)
            if len(issued.overridden) > 1:
                # The supervisor was asked about the first refusal only; the override lifted the others as well
                # (a second ticket for one NIK, say): say so, or the desk never learns it.
                lifted = Text("Izin supervisor juga melewati: ", style="bold yellow")
                lifted.append(" ".join(issued.overridden[1:]))
                self.query_one("#frontdesk-message", Static).update(lifted)
            await self.refresh_data()
            return
        error = (
            issued.error
        )  # shown inline below the ticket panel; a toast would lie over the override dialog
        # The previous visitor's number must not stay above "Tiket tidak diterbitkan".
        self.clear_ticket()
        message = self.query_one("#frontdesk-message", Static)
        if override_by is None and supervisor_may_override(error):
            message.update(Text(f"{error.message}\nMenunggu izin supervisor…"))

            async def overridden(supervisor: Actor | None) -> None:
                if supervisor is None:
                    message.update(Text(f"{error.message}\nTiket tidak diterbitkan."))
                    return
                await self.issue(code, priority, nik, override_by=supervisor)

            self.app.push_screen(SupervisorOverrideDialog(error.message), overridden)
        else:
            message.update(Text(f"{error.message}\nTiket tidak diterbitkan."))

    def clear_ticket(self) -> None:
        self.query_one("#ticket-digits", Digits).update("")
        self.query_one("#ticket-details", Static).update(Text("Tiket tidak diterbitkan.", style="bold red"))

    def show_ticket(self, issued: IssuedTicket, *, reprinted: bool = False) -> None:
        ticket = issued.ticket
        self.last_label = ticket.label
        self.query_one("#ticket-digits", Digits).update(ticket.label)
        details = Text()
        details.append(issued.service.name, style="bold")
        details.append(f"\nUrutan dalam antrian: ke-{issued.position}")
        details.append(f"\nPerkiraan waktu tunggu: {format_duration(issued.estimated_wait)}")
        if ticket.priority is not None:
            details.append(f"\nPrioritas: {ticket.priority.label}", style="bold yellow")
        if ticket.nik_masked:
            details.append(f"\nNIK: {ticket.nik_masked}")
        if issued.overridden:
            details.append("\nDiterbitkan dengan izin supervisor.", style="italic")
        if reprinted:
            details.append("\nCetak ulang.", style="italic")
        self.query_one("#ticket-details", Static).update(details)
        self.query_one("#frontdesk-message", Static).update("")
        # The next visitor starts clean: no NIK, no priority, and no field focused, so that the next "1"
        # (lansia) or letter reaches the desk's keys at once.
        self.query_one("#frontdesk-nik", Input).value = ""
        self.set_focus(None)
        self.priority = None
        self.render_priority()

    # -- correcting a ticket ----------------------------------------------------------------------
    def action_correct_ticket(self) -> None:
        async def done(result: Correction | None) -> None:
            if result is None:
                return
            if result.cancelled is not None:
                label = result.cancelled.label
                self.query_one("#ticket-digits", Digits).update("")
                self.query_one("#ticket-details", Static).update(
                    Text(f"Tiket {label} dibatalkan.", style="bold")
                )
                self.notify(f"Tiket {label} dibatalkan.", timeout=3)
                await self.refresh_data()
            elif result.reprinted is not None:
                self.show_ticket(result.reprinted, reprinted=True)

        self.app.push_screen(TicketCorrectionDialog(self.last_label), done)
