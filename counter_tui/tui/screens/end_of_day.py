"""Tutup Hari: the supervisor sees what closing the day would do, closes it (confirmed), reopens it with a
reason, and writes the export bundle. Every step is a use case on the DB thread; the use cases check the role
and write the audit log."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from counter_tui.domain.clock import utc_text_to_wib
from counter_tui.domain.day_close import REASON_LABELS
from counter_tui.services.day_close import CloseDayResult, DayPreview, close_day, preview_close
from counter_tui.services.export import ExportResult, bundle_path, export_day
from counter_tui.tui.dialogs.confirm import ConfirmDialog
from counter_tui.tui.dialogs.end_of_day import ReopenDayDialog
from counter_tui.tui.screens.base import BaseScreen

PREVIEW_ROWS = 50
"""The most tickets the preview table lists: on a busy day thousands wait at closing, and the table is a preview
(the close itself closes them all); the status line gives the count of the rest."""


class CloseDayScreen(BaseScreen):
    """Tutup Hari (supervisor)."""

    DEFAULT_CSS = """
    CloseDayScreen #eod-status { padding: 0 1; height: auto; }
    CloseDayScreen #eod-tickets { height: 1fr; }
    CloseDayScreen #eod-result { padding: 0 1; height: auto; max-height: 8; }
    """

    BINDINGS = [
        Binding("f2", "close_day", "Tutup hari", id="close_day.close"),
        Binding("f3", "reopen_day", "Buka kembali", id="close_day.reopen"),
        Binding("f4", "export", "Ekspor bundel", id="close_day.export"),
        Binding("escape", "back", "Kembali", id="close_day.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.preview: DayPreview | None = None
        self.result_lines: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="eod-status")
        yield DataTable(id="eod-tickets", cursor_type="row", zebra_stripes=True)
        yield Static("", id="eod-result")
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#eod-tickets", DataTable).add_columns(
            "Tiket", "Layanan", "Status sekarang", "Ditutup sebagai"
        )
        await self.refresh_data()
        self.query_one("#eod-tickets", DataTable).focus()

    async def refresh_data(self) -> None:
        preview = await self.call_quiet(preview_close)
        if preview is None or not self.is_attached:
            return
        self.preview = preview
        status = Text(f"Tutup hari {preview.day} · {preview.issued} tiket diambil hari ini\n", style="bold")
        closure = preview.closure
        if closure is not None and closure.is_closed:
            status.append(
                Text(
                    f"Hari sudah DITUTUP {utc_text_to_wib(closure.closed_at, '%H:%M')} WIB oleh "
                    f"{closure.closed_by}. Tiket baru ditolak. F3 membuka kembali.",
                    style="red",
                )
            )
        elif closure is not None:
            status.append(
                Text(f"Dibuka kembali oleh {closure.reopened_by}: {closure.reopen_reason}", style="yellow")
            )
        else:
            status.append(
                Text("Hari masih buka. F2 menutup hari: tiket di bawah ini ditutup sebagai tidak terlayani.")
            )
        if preview.still_serving:
            status.append(
                Text(
                    "\nMasih dilayani (diselesaikan dari loket): "
                    + ", ".join(f"{t.label} loket {t.counter}" for t in preview.still_serving)
                )
            )
        if preview.open_cases:
            status.append(Text(f"\nBerkas permohonan belum selesai: {len(preview.open_cases)}"))
        hidden = len(preview.to_close) - PREVIEW_ROWS
        if hidden > 0:
            status.append(
                Text(
                    f"\n{len(preview.to_close)} tiket akan ditutup; tabel menampilkan {PREVIEW_ROWS} pertama."
                )
            )
        self.query_one("#eod-status", Static).update(status)
        table = self.query_one("#eod-tickets", DataTable)
        table.clear()
        for ticket in preview.to_close[:PREVIEW_ROWS]:
            table.add_row(
                Text(ticket.label, style="bold"),
                Text(ticket.service_code),
                Text(ticket.status.label),
                Text(REASON_LABELS[ticket.status]),
                key=str(ticket.id),
            )
        self.query_one("#eod-result", Static).update(Text("\n".join(self.result_lines)))

    def action_close_day(self) -> None:
        count = len(self.preview.to_close) if self.preview else 0
        self.app.push_screen(
            ConfirmDialog(
                f"Tutup hari ini? {count} tiket akan ditutup sebagai tidak terlayani, "
                "dan tiket baru ditolak sampai hari dibuka kembali."
            ),
            self._close_confirmed,
        )

    async def _close_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        result: CloseDayResult | None = await self.call(close_day)
        if result is None:
            return
        self.result_lines = result.summary_lines()
        self.app.notify(self.result_lines[0], markup=False)
        await self.refresh_data()

    def action_reopen_day(self) -> None:
        self.app.push_screen(ReopenDayDialog(), self._reopened)

    async def _reopened(self, closure) -> None:
        if closure is not None:
            self.result_lines = [f"Hari {closure.service_date} dibuka kembali: {closure.reopen_reason}"]
            self.app.notify(self.result_lines[0], markup=False)
            await self.refresh_data()

    async def action_export(self) -> None:
        target = await self.call_quiet(bundle_path)
        if target is not None and target.exists():
            self.app.push_screen(
                ConfirmDialog(f"Bundel {target.name} sudah ada. Timpa dengan bundel baru?"),
                self._overwrite_confirmed,
            )
            return
        await self._export(force=False)

    async def _overwrite_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            await self._export(force=True)

    async def _export(self, *, force: bool) -> None:
        self.app.notify("Menulis bundel ekspor...", markup=False)
        result: ExportResult | None = await self.call(export_day, force=force)
        if result is None:
            return
        self.result_lines = [f"Bundel ekspor: {result.folder}"] + [
            f"  {f.name} ({f.rows} baris)" if f.rows is not None else f"  {f.name}" for f in result.files
        ]
        if not result.day_closed:
            self.result_lines.append("Perhatian: hari belum ditutup; angka masih dapat berubah.")
        self.app.notify(f"Bundel ekspor ditulis: {result.folder.name}", markup=False)
        await self.refresh_data()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
