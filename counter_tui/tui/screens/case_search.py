"""Cari NIK: the earlier cases and the recording status of one NIK (the search is audited), masked. Enter on a
case opens it in the case form (full NIK: an audited access); F2 opens a new case for this NIK without a
ticket (a case served outside the queue, e.g. jemput bola).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from counter_tui.domain.errors import CounterError
from counter_tui.domain.nik import check_nik
from counter_tui.services import case_search
from counter_tui.services.case_views import CaseSummary
from counter_tui.tui.screens.case_base import CaseScreen
from counter_tui.tui.screens.case_form import CaseFormScreen, case_done_notice, history_text
from counter_tui.tui.widgets.case_widgets import long_date, nik_check_text
from counter_tui.tui.widgets.forms import ErrorLine


class CaseSearchScreen(CaseScreen):
    BINDINGS = [
        Binding("f2", "new_case", "Berkas baru", id="case_search.new_case"),
        Binding("escape", "back", "Kembali", id="case_search.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: list[CaseSummary] = []
        self.searched_nik = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="case-list-top"):
            yield Horizontal(
                Label("NIK", classes="case-label"),
                Input(placeholder="16 digit, lalu Enter", compact=True, id="search-nik"),
                classes="case-field",
            )
        yield Static("", id="search-check", classes="case-list-stock")
        yield Static("", id="search-recording", classes="case-list-stock")
        yield DataTable(id="search-table", cursor_type="row", zebra_stripes=True, classes="case-list-table")
        yield Static(
            Text("Enter pada berkas: buka · F2 berkas baru untuk NIK ini · Esc kembali", style="dim"),
            classes="case-list-detail",
        )
        yield ErrorLine(id="search-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Cari berkas menurut NIK"
        table = self.query_one("#search-table", DataTable)
        # The route ("Aktivasi IKD") and the ticket's outcome ("Dirujuk ke aktivasi IKD"): headed "Hasil" and
        # "Tiket" before, which read as if the outcome column held a ticket number.
        for label, key in (
            ("Tanggal", "date"),
            ("Layanan", "type"),
            ("Jalur", "route"),
            ("Hasil", "outcome"),
            ("NIK", "nik"),
        ):
            table.add_column(label, key=key)
        self.query_one("#search-nik", Input).focus()

    @on(Input.Changed, "#search-nik")
    def _typed(self, event: Input.Changed) -> None:
        check = check_nik(event.value, today=self.app_today()) if event.value.strip() else None
        self.query_one("#search-check", Static).update(nik_check_text(check))

    def app_today(self):
        from counter_tui.domain.clock import office_date

        return office_date(self.app.clock.now())

    @on(Input.Submitted, "#search-nik")
    async def search(self) -> None:
        nik = self.query_one("#search-nik", Input).value
        self.query_one("#search-error", ErrorLine).clear()
        found = await self.call(case_search.case_history, nik)
        if found is None or not self.is_attached:
            return
        self.searched_nik = nik
        self.found, recording = found
        self.query_one("#search-recording", Static).update(history_text([], recording).split()[0])
        table = self.query_one("#search-table", DataTable)
        table.clear()
        for summary in self.found:
            table.add_row(
                Text(long_date(summary.service_date)),
                Text(summary.case_type.label),
                Text(summary.route.label if summary.route else "terbuka"),
                Text(summary.outcome.label if summary.outcome else "-"),
                Text(summary.nik_masked),
                key=summary.uuid,
            )
        if self.found:
            table.focus()
        else:
            self.query_one("#search-error", ErrorLine).show(
                "Belum ada berkas untuk NIK ini. F2 membuat berkas baru."
            )

    def on_refused(self, error: CounterError) -> None:
        if self.is_attached:
            self.query_one("#search-error", ErrorLine).show(error.message)

    @on(DataTable.RowSelected, "#search-table")
    async def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None:
            return
        detail = await self.call(case_search.open_case, event.row_key.value)
        if detail is not None:
            await self.app.push_screen(CaseFormScreen(detail=detail))

    def action_new_case(self) -> None:
        nik = self.query_one("#search-nik", Input).value

        async def done(result: object) -> None:
            if result is not None:
                self.notify(case_done_notice(result), timeout=6, markup=False)
                await self.search()

        self.app.push_screen(CaseFormScreen(nik=nik), done)

    def action_back(self) -> None:
        self.dismiss(None)
