"""The supervisor's editors on the "Layanan & Jam" screen: a service, a weekday's hours, a special day.

Each calls its use case and stays open on a refusal, showing it inline, so a mistyped time is corrected in place.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from counter_tui.domain.hours import WEEKDAYS, DayHours
from counter_tui.domain.queue import SERVICE_NAME_MAX_LENGTH, Service
from counter_tui.services import queue_config
from counter_tui.tui.db_calls import Refused
from counter_tui.tui.dialogs.base import BaseDialog
from counter_tui.tui.widgets.forms import text_input
from counter_tui.tui.widgets.ticks import TickBox


class _EditorDialog(BaseDialog[object]):
    """Enter in a field or Ctrl+S saves; the buttons say so."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Simpan", id="dialog.save"),
        Binding("escape", "cancel", "Batal", id="dialog.cancel"),
    ]

    def compose_buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("Simpan (Enter)", id="dialog-save", variant="primary", compact=True)
            yield Button("Batal (Esc)", id="dialog-cancel", compact=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#dialog-save")
    async def _save(self, event) -> None:
        event.stop()
        await self.action_submit()

    @on(Button.Pressed, "#dialog-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class ServiceEditDialog(_EditorDialog):
    """Name, active flag and daily quota of one service (empty quota = no quota)."""

    TITLE_TEXT = "Ubah layanan"

    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service

    def compose_body(self) -> ComposeResult:
        yield Static(Text(f"Layanan {self.service.code}"), classes="hint")
        yield Label("Nama layanan")
        yield text_input("service-name", value=self.service.name, max_length=SERVICE_NAME_MAX_LENGTH)
        yield TickBox("Aktif (tiket dapat diambil)", self.service.active, id="service-active", compact=True)
        yield Label("Kuota harian (kosongkan bila tanpa kuota)")
        quota = "" if self.service.daily_quota is None else str(self.service.daily_quota)
        yield text_input("service-quota", "tanpa kuota", value=quota, max_length=4, digits_only=True)

    def on_mount(self) -> None:
        self.query_one("#service-name", Input).focus()

    async def submit(self) -> Service | Refused:
        return await self.attempt(
            queue_config.update_service,
            self.service.code,
            name=self.query_one("#service-name", Input).value,
            active=self.query_one("#service-active", Checkbox).value,
            daily_quota=self.query_one("#service-quota", Input).value,
        )


class _HoursDialog(_EditorDialog):
    """Opening and closing time inputs plus a 'closed all day' box."""

    def compose_hours(self, hours: DayHours | None) -> ComposeResult:
        closed = hours is not None and hours.closed
        with Horizontal(classes="hours-row"):
            with Vertical():
                yield Label("Jam buka (JJ:MM)")
                yield text_input(
                    "hours-opens",
                    "08:00",
                    max_length=5,
                    value="" if hours is None or hours.closed else hours.opens or "",
                )
            with Vertical():
                yield Label("Jam tutup (JJ:MM)")
                yield text_input(
                    "hours-closes",
                    "15:00",
                    max_length=5,
                    value="" if hours is None or hours.closed else hours.closes or "",
                )
        yield TickBox("Tutup sepanjang hari", closed, id="hours-closed", compact=True)

    def on_mount(self) -> None:
        self._closed_changed_to(self.query_one("#hours-closed", Checkbox).value)

    def read_hours(self) -> tuple[str | None, str | None]:
        if self.query_one("#hours-closed", Checkbox).value:
            return None, None
        return self.query_one("#hours-opens", Input).value, self.query_one("#hours-closes", Input).value

    @on(Checkbox.Changed, "#hours-closed")
    def _closed_changed(self, event: Checkbox.Changed) -> None:
        self._closed_changed_to(event.value)

    def _closed_changed_to(self, closed: bool) -> None:
        for input_id in ("#hours-opens", "#hours-closes"):
            self.query_one(input_id, Input).disabled = closed


class WeekdayHoursDialog(_HoursDialog):
    TITLE_TEXT = "Jam layanan mingguan"

    def __init__(self, weekday: int, hours: DayHours | None) -> None:
        super().__init__()
        self.weekday = weekday
        self.hours = hours

    def compose_body(self) -> ComposeResult:
        yield Static(Text(f"Hari {WEEKDAYS[self.weekday]}"), classes="hint")
        yield from self.compose_hours(self.hours)

    async def submit(self) -> DayHours | Refused:
        opens, closes = self.read_hours()
        return await self.attempt(queue_config.set_weekday_hours, self.weekday, opens, closes)


class SpecialDayDialog(_HoursDialog):
    """A special day: a date, hours or 'closed', and a reason (e.g. election day, open 08:00-12:00)."""

    TITLE_TEXT = "Hari khusus"

    def __init__(self, day: date | None = None, hours: DayHours | None = None) -> None:
        super().__init__()
        self.day = day
        self.hours = hours

    def compose_body(self) -> ComposeResult:
        yield Label("Tanggal (TTTT-BB-HH)")
        yield text_input(
            "special-date", "2024-02-14", max_length=10, value=self.day.isoformat() if self.day else ""
        )
        yield from self.compose_hours(self.hours)
        yield Label("Alasan")
        yield text_input(
            "special-reason",
            "mis. Hari pemungutan suara",
            max_length=120,
            value=(self.hours.reason or "") if self.hours else "",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#special-date", Input).focus()

    async def submit(self) -> DayHours | Refused:
        opens, closes = self.read_hours()
        day = self.query_one("#special-date", Input).value
        reason = self.query_one("#special-reason", Input).value
        return await self.attempt(queue_config.set_special_day, day, opens, closes, reason)
