"""Status perekaman: recordings listed by status, the status read from SIAK entered (F2, audited by the use
case), printing at PRINT_READY_RECORD (F3, one blank) and a misprint (F4, another blank, recorded as damaged).
DUPLICATE_RECORD cannot be printed: the row says why, and so does the refusal.

The same screen, filtered on "siap cetak", is the list of people recorded at 16 who may get the card today.
One page (PAGE_SIZE rows) is loaded at a time; NIKs are masked.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Label, Select, Static

from counter_tui.domain.cases import RECORDING_TRANSITIONS, RecordingStatus
from counter_tui.domain.errors import CounterError
from counter_tui.domain.stock import format_number
from counter_tui.services import recordings, stock, waitlist
from counter_tui.services.case_views import RecordingSummary
from counter_tui.tui.dialogs.cases import SiakStatusDialog
from counter_tui.tui.dialogs.confirm import ConfirmDialog
from counter_tui.tui.screens.case_base import CaseScreen
from counter_tui.tui.widgets.case_widgets import short_date, stock_line
from counter_tui.tui.widgets.forms import ErrorLine

PAGE_SIZE = 50
SIAP_CETAK = "siap_cetak"
ALL = "all"

_FILTERS: list[tuple[str, str]] = [
    ("Semua status", ALL),
    ("Siap cetak hari ini (sudah 17 th)", SIAP_CETAK),
    *((f"{s.value} — {s.label}", s.value) for s in RecordingStatus),
]


def recording_hint(record: RecordingSummary) -> Text:
    """What can be done with the highlighted recording, and why not when it is blocked."""
    status = record.status
    text = Text(f"{record.nik_masked} · {status.label}. ", style="bold")
    if status is RecordingStatus.DUPLICATE_RECORD:
        text.append(
            "Tidak bisa dicetak: rekaman ganda (DUPLICATE_RECORD) harus diselesaikan dengan Dukcapil "
            "pusat dahulu.",
            style="bold red",
        )
    elif status is RecordingStatus.PRINT_READY_RECORD:
        text.append(f"F3 cetak KTP-el (1 blanko), bisa dicetak mulai {record.printable_from}.")
    elif status is RecordingStatus.CARD_PRINTED:
        text.append("F4 bila gagal cetak (1 blanko lagi, dicatat rusak).")
    else:
        nexts = ", ".join(
            s.value for s in RECORDING_TRANSITIONS[status] if s is not RecordingStatus.CARD_PRINTED
        )
        text.append(f"F2 status dari SIAK: {nexts}.")
    return text


class RecordingsScreen(CaseScreen):
    BINDINGS = [
        Binding("f2", "siak_status", "Status SIAK", id="recordings.siak_status"),
        Binding("f3", "print_card", "Cetak", id="recordings.print"),
        Binding("f4", "misprint", "Gagal cetak", id="recordings.misprint"),
        Binding(
            "pageup,ctrl+p",
            "page(-1)",
            "Hal. sebelumnya",
            show=False,
            priority=True,
            id="recordings.page_previous",
        ),
        Binding(
            "pagedown,ctrl+n", "page(1)", "Hal. berikut", show=False, priority=True, id="recordings.page_next"
        ),
        Binding("escape", "back", "Kembali", id="recordings.back"),
    ]

    def __init__(self, mode: str = ALL) -> None:
        super().__init__()
        self.mode = mode
        self.page = 0
        self.records: list[RecordingSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="case-list-top"):
            yield Horizontal(
                Label("Tampilkan", classes="case-label"),
                Select(_FILTERS, value=self.mode, allow_blank=False, compact=True, id="rec-filter"),
                classes="case-field",
            )
        yield Static("", id="rec-stock", classes="case-list-stock")
        yield DataTable(id="rec-table", cursor_type="row", zebra_stripes=True, classes="case-list-table")
        yield Static("", id="rec-detail", classes="case-list-detail")
        yield ErrorLine(id="rec-error")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        table = self.query_one("#rec-table", DataTable)
        table.add_column("No.", key="no")
        table.add_column("NIK", key="nik")
        # The other columns take 69 cells with SIAK's usual long statuses (SENT_FOR_ENROLLMENT, PRINT_READY_RECORD):
        # the name gets the rest, so that "Bisa cetak" stays on an 80-column screen. Wider terminals: more name.
        table.add_column("Nama", key="name", width=max(11, self.app.size.width - 69))
        table.add_column("Status", key="status")
        table.add_column("Direkam", key="recorded")
        table.add_column("Bisa cetak", key="printable")
        table.focus()
        await self.refresh_data()

    # -- data -------------------------------------------------------------------------------------
    async def refresh_data(self) -> None:
        offset = self.page * PAGE_SIZE
        if self.mode == SIAP_CETAK:
            found = await self.call_quiet(waitlist.siap_cetak, offset=offset, limit=PAGE_SIZE)
        else:
            found = await self.call_quiet(
                recordings.recordings_by_status,
                None if self.mode == ALL else self.mode,
                offset=offset,
                limit=PAGE_SIZE,
            )
        view = await self.call_quiet(stock.stock_view)
        if found is None or not self.is_attached:
            return
        self.records = found
        table = self.query_one("#rec-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for n, record in enumerate(found, start=offset + 1):
            status_style = (
                "bold red"
                if record.status is RecordingStatus.DUPLICATE_RECORD
                else ("bold green" if record.status is RecordingStatus.PRINT_READY_RECORD else "")
            )
            table.add_row(
                Text(str(n), justify="right"),
                Text(record.nik_masked),
                Text(record.name or ""),
                Text(record.status.value, style=status_style),
                Text(short_date(record.recorded_on)),
                Text(short_date(record.printable_from)),
                key=str(record.id),
            )
        if found:
            table.move_cursor(row=min(keep, len(found) - 1))
        if view is not None:
            self.query_one("#rec-stock", Static).update(stock_line(view.level, view.target))
        self.show_detail()

    def selected(self) -> RecordingSummary | None:
        table = self.query_one("#rec-table", DataTable)
        if not self.records or table.cursor_row < 0 or table.cursor_row >= len(self.records):
            return None
        return self.records[table.cursor_row]

    def show_detail(self) -> None:
        record = self.selected()
        detail = self.query_one("#rec-detail", Static)
        if record is None:
            empty = (
                "Belum ada rekaman siap cetak hari ini." if self.mode == SIAP_CETAK else "Tidak ada rekaman."
            )
            detail.update(Text(empty, style="dim"))
        else:
            hint = recording_hint(record)
            hint.append(f"  Hal. {self.page + 1}, PgUp/PgDn", style="dim")
            detail.update(hint)

    @on(DataTable.RowHighlighted, "#rec-table")
    def _highlighted(self) -> None:
        self.show_detail()

    @on(Select.Changed, "#rec-filter")
    async def _filter_changed(self, event: Select.Changed) -> None:
        self.mode = str(event.value)
        self.page = 0
        await self.refresh_data()

    def on_refused(self, error: CounterError) -> None:
        if self.is_attached:
            self.query_one("#rec-error", ErrorLine).show(error.message)

    def _need_selected(self) -> RecordingSummary | None:
        record = self.selected()
        if record is None:
            self.query_one("#rec-error", ErrorLine).show("Pilih rekaman dahulu (panah atas/bawah).")
        else:
            self.query_one("#rec-error", ErrorLine).clear()
        return record

    # -- actions ----------------------------------------------------------------------------------
    def action_siak_status(self) -> None:
        record = self._need_selected()
        if record is None:
            return

        async def chosen(status: RecordingStatus | None) -> None:
            if status is not None:
                changed = await self.call(recordings.set_recording_status, record.id, status)
                if changed is not None:
                    self.notify(f"Status {changed.nik_masked}: {changed.status.value}.", timeout=3)
                await self.refresh_data()

        self.app.push_screen(SiakStatusDialog(record.status, record.nik_masked), chosen)

    async def action_print_card(self) -> None:
        record = self._need_selected()
        if record is None:
            return
        printed = await self.call(recordings.print_card, record.id)
        if printed is not None:
            self.notify(
                f"KTP-el {record.nik_masked} dicetak. Stok blanko {format_number(printed.balance_after)}.",
                timeout=4,
            )
        await self.refresh_data()

    def action_misprint(self) -> None:
        record = self._need_selected()
        if record is None or record.case_uuid is None:
            return
        case_uuid = record.case_uuid

        async def confirmed(yes: bool | None) -> None:
            if yes:
                result = await self.call(recordings.report_misprint, case_uuid)
                if result is not None:
                    self.notify(
                        f"Gagal cetak dicatat (1 blanko rusak). Stok blanko {format_number(result.balance_after)}.",
                        timeout=4,
                    )
                await self.refresh_data()

        self.app.push_screen(
            ConfirmDialog(
                f"Catat gagal cetak untuk {record.nik_masked}? Satu blanko lagi dipakai dan dicatat rusak.",
                "Catat gagal cetak",
            ),
            confirmed,
        )

    async def action_page(self, step: int) -> None:
        if step < 0 and self.page == 0:
            return
        if step > 0 and len(self.records) < PAGE_SIZE:
            return
        self.page += step
        await self.refresh_data()

    def action_back(self) -> None:
        self.dismiss(None)
