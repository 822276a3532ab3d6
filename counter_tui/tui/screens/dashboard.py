"""Dasbor supervisor: the office at a glance, live.

The figures come from one use case (`services.dashboard.dashboard_view`) run on the DB thread, so the UI never
waits on SQLite. The app polls `PRAGMA data_version` and calls `refresh_data` within a second of a commit at any
counter; a slow timer keeps the time to closing current when nothing else changes.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from counter_tui.domain.export import format_number
from counter_tui.domain.hours import format_time_left
from counter_tui.services.dashboard import DashboardView, dashboard_view
from counter_tui.tui.screens.base import BaseScreen

CLOCK_REFRESH_SECONDS = 20.0


class DashboardScreen(BaseScreen):
    """Supervisor dashboard (Dasbor)."""

    DEFAULT_CSS = """
    DashboardScreen #dash-top { height: auto; max-height: 10; }
    DashboardScreen #dash-services { width: 3fr; height: auto; max-height: 10; }
    DashboardScreen #dash-counters { width: 2fr; height: auto; max-height: 10; }
    DashboardScreen #dash-figures { height: auto; padding: 0 1; }
    DashboardScreen #dash-hourly-label { padding: 0 1; height: 1; }
    DashboardScreen #dash-hourly { height: 3; margin: 0 1; }
    DashboardScreen #dash-hours-axis { padding: 0 1; height: 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("f5", "reload", "Muat ulang", id="dashboard.reload"),
        Binding("f8", "close_day", "Tutup hari", id="dashboard.close_day"),
        Binding("escape", "back", "Kembali", id="dashboard.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: DashboardView | None = None
        self._loading = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static("", id="dash-title")
            with Horizontal(id="dash-top"):
                yield DataTable(id="dash-services", cursor_type="none", zebra_stripes=True)
                yield DataTable(id="dash-counters", cursor_type="none")
            yield Static("", id="dash-figures")
            yield Static(Text("Tiket per jam hari ini", style="bold"), id="dash-hourly-label")
            yield Sparkline([0], id="dash-hourly")
            yield Static("", id="dash-hours-axis")
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#dash-services", DataTable).add_columns("Layanan", "Menunggu", "Di loket", "Selesai")
        self.query_one("#dash-counters", DataTable).add_columns("Loket", "Dilayani", "Petugas")
        self.set_interval(CLOCK_REFRESH_SECONDS, self.refresh_data, name="dashboard-clock")
        await self.refresh_data()

    async def on_screen_resume(self) -> None:
        await self.refresh_data()

    async def refresh_data(self) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            view = await self.call_quiet(dashboard_view)
        finally:
            self._loading = False
        if view is None or not self.is_attached:
            return
        self.view = view
        self.render_view(view)

    def render_view(self, view: DashboardView) -> None:
        status = Text(f"Dasbor {view.date} · jam layanan {view.hours.describe()} · ", style="bold")
        if view.day_closed:
            status.append(Text("HARI SUDAH DITUTUP", style="bold red"))
        else:
            status.append(
                Text(
                    "di luar jam layanan"
                    if view.time_left is None
                    else f"tutup dalam {format_time_left(view.time_left)}"
                )
            )
        self.query_one("#dash-title", Static).update(status)

        services = self.query_one("#dash-services", DataTable)
        services.clear()
        for s in view.services:
            services.add_row(
                Text(f"{s.code} {s.name[:18]}"),
                Text(str(s.waiting), style="bold" if s.waiting else ""),
                Text(str(s.in_progress)),
                Text(str(s.done)),
                key=s.code,
            )
        counters = self.query_one("#dash-counters", DataTable)
        counters.clear()
        for counter, served, code in view.served_per_counter:
            counters.add_row(Text(str(counter)), Text(str(served)), Text(code or "-"), key=str(counter))

        avg = "-" if view.avg_wait_minutes is None else f"{format_number(view.avg_wait_minutes)} menit"
        figures = Text()
        figures.append(Text(f"Menunggu sekarang: {view.waiting_total}", style="bold"))
        figures.append(Text(f" · rata-rata tunggu hari ini: {avg}\n"))
        b = view.blanks
        figures.append(
            Text(f"Stok blanko: {format_number(b['closing'])} · cadangan {format_number(b['reserve'])}")
        )
        free = b["closing"] - b["reserve"]
        figures.append(
            Text(
                f" · bebas untuk penggantian: {format_number(max(free, 0))}\n",
                style="bold red" if free <= 0 and b["closing"] else "",
            )
        )
        t = view.target
        if t.get("population"):
            figures.append(
                Text(
                    f"Target perekaman: {format_number(t['percent'])} % — "
                    f"{format_number(t['remaining'])} belum rekam "
                    f"({format_number(t['recorded'])} dari {format_number(t['population'])})"
                )
            )
        else:
            figures.append(Text("Target perekaman belum diatur.", style="dim"))
        self.query_one("#dash-figures", Static).update(figures)

        counts = [n for _, n in view.hourly] or [0]
        self.query_one("#dash-hourly", Sparkline).data = counts
        if view.hourly:
            peak_hour, peak = max(view.hourly, key=lambda item: (item[1], -item[0]))
            axis = f"{view.hourly[0][0]:02d}:00 … {view.hourly[-1][0]:02d}:00 · total {sum(counts)} tiket"
            if peak:
                axis += f" · tersibuk {peak_hour:02d}:00 ({peak} tiket)"
        else:
            axis = ""
        self.query_one("#dash-hours-axis", Static).update(Text(axis))

    async def action_reload(self) -> None:
        await self.refresh_data()

    def action_close_day(self) -> None:
        from counter_tui.tui.screens.end_of_day import CloseDayScreen

        self.app.push_screen(CloseDayScreen())

    def action_back(self) -> None:
        self.app.pop_screen()
