"""Layanan & jam: the supervisor edits services (name, active, daily quota), weekly opening hours and special days.

Every change goes through the queue use cases, which refuse a non-supervisor and write the audit log.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from counter_tui.domain.hours import WEEKDAYS, DayHours
from counter_tui.domain.queue import Service
from counter_tui.services import queue_config
from counter_tui.tui.dialogs.confirm import ConfirmDialog
from counter_tui.tui.dialogs.queue_admin import ServiceEditDialog, SpecialDayDialog, WeekdayHoursDialog
from counter_tui.tui.screens.base import BaseScreen


def _hours_cells(hours: DayHours | None) -> tuple[Text, Text]:
    if hours is None or hours.closed:
        return Text("Tutup", style="red"), Text("-", style="dim")
    return Text(f"{hours.opens}"), Text(f"{hours.closes}")


class QueueAdminScreen(BaseScreen):
    """Layanan & jam layanan (supervisor)."""

    BINDINGS = [
        Binding("f2", "add_special_day", "Tambah hari khusus", id="add_special_day"),
        Binding("f8,delete", "remove_special_day", "Hapus hari khusus", id="remove_special_day"),
        Binding("escape", "back", "Kembali", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.services: list[Service] = []
        self.weekly: dict[int, DayHours] = {}
        self.special: dict[date, DayHours] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="admin-banner")
        with TabbedContent(id="admin-tabs"):
            with TabPane("Layanan", id="tab-services"):
                yield DataTable(id="services-table", cursor_type="row")
                yield Static(Text("Enter mengubah layanan yang dipilih."), classes="hint")
            with TabPane("Jam mingguan", id="tab-weekly"):
                yield DataTable(id="weekly-table", cursor_type="row")
                yield Static(Text("Enter mengubah jam hari yang dipilih."), classes="hint")
            with TabPane("Hari khusus", id="tab-special"):
                yield DataTable(id="special-table", cursor_type="row")
                yield Static(
                    Text("F2 menambah · Enter mengubah · F8/Delete menghapus hari khusus yang dipilih."),
                    classes="hint",
                )
        yield Footer()

    async def on_mount(self) -> None:
        banner = self.query_one("#admin-banner", Static)
        actor = self.app.actor
        if actor is not None and actor.is_supervisor:
            banner.display = False
        else:
            banner.add_class("error")
            banner.update(
                Text(
                    "Hanya supervisor yang boleh mengubah layanan dan jam layanan. Anda hanya dapat melihat."
                )
            )
        self.query_one("#services-table", DataTable).add_columns(
            "Kode", "Nama layanan", "Aktif", "Kuota harian"
        )
        self.query_one("#weekly-table", DataTable).add_columns("Hari", "Buka", "Tutup")
        self.query_one("#special-table", DataTable).add_columns("Tanggal", "Buka", "Tutup", "Alasan")
        await self.refresh_data()
        self.query_one("#services-table", DataTable).focus()

    # -- data -------------------------------------------------------------------------------------
    async def refresh_data(self) -> None:
        self.services = await self.call_quiet(queue_config.list_services) or []
        self.weekly = await self.call_quiet(queue_config.weekly_hours) or {}
        self.special = await self.call_quiet(queue_config.special_days) or {}
        if not self.is_attached:
            return
        self.render_tables()

    def render_tables(self) -> None:
        services = self.query_one("#services-table", DataTable)
        row = services.cursor_row
        services.clear()
        for service in self.services:
            services.add_row(
                Text(service.code, style="bold"),
                Text(service.name),
                Text("Ya", style="green") if service.active else Text("Tidak", style="red"),
                Text(str(service.daily_quota))
                if service.daily_quota is not None
                else Text("tanpa kuota", style="dim"),
                key=service.code,
            )
        self._restore_cursor(services, row)
        weekly = self.query_one("#weekly-table", DataTable)
        row = weekly.cursor_row
        weekly.clear()
        for day, name in enumerate(WEEKDAYS):
            weekly.add_row(Text(name), *_hours_cells(self.weekly.get(day)), key=str(day))
        self._restore_cursor(weekly, row)
        special = self.query_one("#special-table", DataTable)
        row = special.cursor_row
        special.clear()
        for special_day, hours in sorted(self.special.items()):
            special.add_row(
                Text(special_day.isoformat()),
                *_hours_cells(hours),
                Text(hours.reason or ""),
                key=special_day.isoformat(),
            )
        self._restore_cursor(special, row)

    @staticmethod
    def _restore_cursor(table: DataTable, row: int) -> None:
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    # -- editing ----------------------------------------------------------------------------------
    async def _after_dialog(self, result: object) -> None:
        if result is not None:
            self.notify("Perubahan disimpan.", timeout=3)
            await self.refresh_data()

    @on(DataTable.RowSelected, "#services-table")
    def edit_service(self, event: DataTable.RowSelected) -> None:
        code = event.row_key.value
        service = next((s for s in self.services if s.code == code), None)
        if service is not None:
            self.app.push_screen(ServiceEditDialog(service), self._after_dialog)

    @on(DataTable.RowSelected, "#weekly-table")
    def edit_weekday(self, event: DataTable.RowSelected) -> None:
        weekday = int(event.row_key.value or 0)
        self.app.push_screen(WeekdayHoursDialog(weekday, self.weekly.get(weekday)), self._after_dialog)

    @on(DataTable.RowSelected, "#special-table")
    def edit_special_day(self, event: DataTable.RowSelected) -> None:
        day = date.fromisoformat(event.row_key.value or "")
        self.app.push_screen(SpecialDayDialog(day, self.special.get(day)), self._after_dialog)

    def action_add_special_day(self) -> None:
        self.query_one("#admin-tabs", TabbedContent).active = "tab-special"
        self.app.push_screen(SpecialDayDialog(), self._after_dialog)

    def action_remove_special_day(self) -> None:
        tabs = self.query_one("#admin-tabs", TabbedContent)
        table = self.query_one("#special-table", DataTable)
        if tabs.active != "tab-special" or not table.row_count:
            self.notify("Pilih hari khusus di tab 'Hari khusus' dahulu.", severity="warning")
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        day = row_key.value or ""

        async def confirmed(answer: bool | None) -> None:
            if answer:
                await self.call(queue_config.remove_special_day, day)
                await self.refresh_data()

        self.app.push_screen(ConfirmDialog(f"Hapus hari khusus {day}?"), confirmed)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
