"""Daftar tunggu cetak: people waiting for a physical card (hilang/rusak routed to IKD, or no stock), oldest
first. F3 prints the highlighted entry when the stock allows it (a replacement keeps the reserve); F4 shows the
phone number of that entry to call the person: an audited read (services/case_contacts.py); F5 takes the entry
off the list with a reason. Elsewhere on this
screen the phone is masked and the NIK always is. One page (PAGE_SIZE rows) is loaded at a time.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from counter_tui.domain.errors import CounterError
from counter_tui.domain.stock import format_number
from counter_tui.services import case_contacts, stock, waitlist
from counter_tui.services.waitlist import WaitingEntry
from counter_tui.tui.dialogs.cases import CancelWaitingDialog
from counter_tui.tui.screens.case_base import CaseScreen
from counter_tui.tui.widgets.case_widgets import long_date, short_date, stock_line
from counter_tui.tui.widgets.forms import ErrorLine

PAGE_SIZE = 50


class WaitlistScreen(CaseScreen):
    BINDINGS = [
        Binding("f3", "print_card", "Cetak", id="waitlist.print"),
        Binding("f4", "show_phone", "Lihat no. HP", id="waitlist.show_phone"),
        Binding("f5", "cancel_entry", "Batalkan", id="waitlist.cancel"),
        Binding(
            "pageup,ctrl+p",
            "page(-1)",
            "Hal. sebelumnya",
            show=False,
            priority=True,
            id="waitlist.page_previous",
        ),
        Binding(
            "pagedown,ctrl+n", "page(1)", "Hal. berikut", show=False, priority=True, id="waitlist.page_next"
        ),
        Binding("escape", "back", "Kembali", id="waitlist.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page = 0
        self.total = 0
        self.entries: list[WaitingEntry] = []
        self.contact_for: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="wait-stock", classes="case-list-stock")
        yield DataTable(id="wait-table", cursor_type="row", zebra_stripes=True, classes="case-list-table")
        yield Static("", id="wait-detail", classes="case-list-detail")
        yield ErrorLine(id="wait-error")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.sub_title = "Daftar tunggu cetak KTP-el"
        table = self.query_one("#wait-table", DataTable)
        for label, key, width in (
            ("No.", "no", None),
            ("Sejak", "since", 8),
            ("Layanan", "type", 7),
            ("NIK", "nik", None),
            ("Nama", "name", max(11, self.app.size.width - 69)),
            ("No. HP", "phone", 14),
            ("Cetak", "can", 5),
        ):
            table.add_column(label, key=key, width=width)
        table.focus()
        await self.refresh_data()

    async def refresh_data(self) -> None:
        view = await self.call_quiet(waitlist.waiting_list, offset=self.page * PAGE_SIZE, limit=PAGE_SIZE)
        totals = await self.call_quiet(stock.stock_view)
        if view is None or not self.is_attached:
            return
        self.entries = view.entries
        self.total = view.total
        table = self.query_one("#wait-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for n, entry in enumerate(view.entries, start=self.page * PAGE_SIZE + 1):
            table.add_row(
                Text(str(n), justify="right"),
                Text(short_date(entry.added_on)),
                Text(entry.case_type.label),
                Text(entry.nik_masked),
                Text(entry.name),
                Text(entry.phone_masked or "-"),
                Text("bisa", style="bold green") if entry.can_print_now else Text("belum", style="dim"),
                key=str(entry.id),
            )
        if view.entries:
            table.move_cursor(row=min(max(keep, 0), len(view.entries) - 1))
        line = stock_line(view.stock, totals.target if totals else None)
        pages = max(1, -(-view.total // PAGE_SIZE))
        line.append(
            f"\n{format_number(view.total)} menunggu · {view.printable_now} bisa dicetak sekarang "
            f"(di halaman ini) · Hal. {self.page + 1}/{pages}, PgUp/PgDn",
            style="dim",
        )
        self.query_one("#wait-stock", Static).update(line)
        self.show_detail()

    def selected(self) -> WaitingEntry | None:
        table = self.query_one("#wait-table", DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def show_detail(self, contact: Text | None = None) -> None:
        entry = self.selected()
        detail = self.query_one("#wait-detail", Static)
        if entry is None:
            detail.update(Text("Daftar tunggu kosong.", style="dim"))
            return
        if contact is not None:
            detail.update(contact)
            return
        text = Text(f"{entry.nik_masked} · menunggu sejak {long_date(entry.added_on)}. ")
        if entry.can_print_now:
            text.append("Stok cukup: F3 cetak, F4 lihat no. HP untuk menghubungi.", style="bold")
        elif entry.first_time:
            text.append("Stok blanko habis: belum bisa dicetak.", style="yellow")
        else:
            text.append("Pengganti: stok belum di atas cadangan untuk pemula.", style="yellow")
        detail.update(text)

    @on(DataTable.RowHighlighted, "#wait-table")
    def _highlighted(self) -> None:
        self.contact_for = None
        self.show_detail()

    def on_refused(self, error: CounterError) -> None:
        if self.is_attached:
            self.query_one("#wait-error", ErrorLine).show(error.message)

    async def action_print_card(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        self.query_one("#wait-error", ErrorLine).clear()
        printed = await self.call(waitlist.print_from_waiting_list, entry.id)
        if printed is not None:
            self.notify(
                f"KTP-el {entry.nik_masked} dicetak dari daftar tunggu. Stok blanko "
                f"{format_number(printed.balance_after)}.",
                timeout=4,
            )
        await self.refresh_data()

    async def action_show_phone(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        contact = await self.call(case_contacts.waiting_contact, entry.id)
        if contact is None or not self.is_attached:
            return
        self.contact_for = entry.id
        text = Text("Hubungi ", style="bold")
        text.append(contact.name)
        text.append(": ")
        text.append(contact.phone or "tidak meninggalkan nomor HP", style="bold")
        text.append("  (akses tercatat di log audit)", style="dim")
        self.show_detail(text)

    def action_cancel_entry(self) -> None:
        entry = self.selected()
        if entry is None:
            return

        async def done(cancelled: bool | None) -> None:
            if cancelled:
                self.notify(f"{entry.nik_masked} dikeluarkan dari daftar tunggu.", timeout=3)
            await self.refresh_data()

        self.app.push_screen(CancelWaitingDialog(entry.id, entry.nik_masked), done)

    async def action_page(self, step: int) -> None:
        page = self.page + step
        if page < 0 or page * PAGE_SIZE >= max(self.total, 1):
            return
        self.page = page
        await self.refresh_data()

    def action_back(self) -> None:
        self.dismiss(None)
