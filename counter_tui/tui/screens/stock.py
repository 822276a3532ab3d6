"""Stok blanko & target: the balance, the reserve kept for first-time applicants, the blanks free for
replacements, days of stock left, the recording target's progress, and today's ledger movements.

Everyone may look; the changes are for supervisors (the use cases refuse anyone else, and the keys are hidden):
F2 receipt from the centre, F3 damaged blanks, F4 stock-opname correction, F5 target, F6 replacements on/off.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from counter_tui.domain.clock import utc_text_to_wib
from counter_tui.domain.errors import CounterError
from counter_tui.domain.stock import format_number
from counter_tui.services import stock, stock_target
from counter_tui.services.stock import StockView
from counter_tui.tui.dialogs.cases import (
    CorrectStockDialog,
    DamagedStockDialog,
    ReceiveStockDialog,
    TargetDialog,
)
from counter_tui.tui.dialogs.confirm import ConfirmDialog
from counter_tui.tui.screens.case_base import CaseScreen
from counter_tui.tui.widgets.forms import ErrorLine

_SUPERVISOR_ACTIONS = frozenset({"receive", "damaged", "correct", "target", "toggle_replacements"})


def stock_summary(view: StockView) -> Text:
    level, target, policy = view.level, view.target, view.policy
    text = Text()
    text.append("Stok blanko      ", style="bold")
    text.append(format_number(level.balance), style="bold red" if level.balance <= level.reserve else "bold")
    text.append("\nCadangan         ", style="bold")
    how = (
        f"tetap {format_number(policy.fixed)}"
        if policy.mode.value == "fixed"
        else f"sisa target + {policy.buffer_percent} %"
    )
    text.append(f"{format_number(level.reserve)} ({how}, untuk pemula)")
    text.append("\nUntuk pengganti  ", style="bold")
    if level.replacements_allowed:
        text.append(f"{format_number(level.available_for_replacement)} bebas (hilang/rusak/perubahan)")
    else:
        text.append("ditahan: kebijakan kantor tidak mencetak pengganti", style="yellow")
    text.append("\nSisa hari        ", style="bold")
    text.append(f"{level.days_left_text()} (laju 7 hari: {format_number(level.used_last_days)} blanko)")
    text.append("\nTarget           ", style="bold")
    text.append(target.progress_text())
    if target.population:
        text.append(
            f" (wajib {format_number(target.population)}, sudah {format_number(target.recorded)})",
            style="dim",
        )
    if target.target_date:
        text.append(f" · tgl target {target.target_date.strftime('%d-%m-%Y')}", style="dim")
    return text


class StockScreen(CaseScreen):
    BINDINGS = [
        Binding("f2", "receive", "Terima", id="stock.receive"),
        Binding("f3", "damaged", "Rusak", id="stock.damaged"),
        Binding("f4", "correct", "Stock opname", id="stock.correct"),
        Binding("f5", "target", "Target", id="stock.target"),
        Binding("f6", "toggle_replacements", "Pengganti", id="stock.replacements"),
        Binding("escape", "back", "Kembali", id="stock.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: StockView | None = None

    @property
    def is_supervisor(self) -> bool:
        actor = self.app.actor
        return actor is not None and actor.is_supervisor

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="stock-summary", classes="case-list-top")
        yield Static(Text("Mutasi hari ini", style="bold"), classes="case-list-stock")
        yield DataTable(id="stock-table", cursor_type="row", zebra_stripes=True, classes="case-list-table")
        yield ErrorLine(id="stock-error")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.sub_title = "Stok blanko & target perekaman"
        table = self.query_one("#stock-table", DataTable)
        for label, key, width in (
            ("Jam", "at", None),
            ("Jenis", "kind", None),
            ("Jumlah", "qty", None),
            ("Saldo", "after", None),
            ("Petugas", "operator", None),
            ("Referensi / alasan", "why", 28),
        ):
            table.add_column(label, key=key, width=width)
        await self.refresh_data()

    async def refresh_data(self) -> None:
        view = await self.call_quiet(stock.stock_view)
        if view is None or not self.is_attached:
            return
        self.view = view
        self.query_one("#stock-summary", Static).update(stock_summary(view))
        table = self.query_one("#stock-table", DataTable)
        table.clear()
        for movement in reversed(view.movements_today):
            table.add_row(
                Text(utc_text_to_wib(movement.at_utc, "%H:%M")),
                Text(movement.kind.label),
                Text(f"{movement.quantity:+d}", justify="right"),
                Text(format_number(movement.balance_after), justify="right"),
                Text(movement.operator_code or ""),
                Text(movement.reference or movement.reason or ""),
            )
        if not view.movements_today:
            table.add_row(
                Text("-"),
                Text("Belum ada mutasi hari ini.", style="dim"),
                Text(""),
                Text(""),
                Text(""),
                Text(""),
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.is_supervisor or action not in _SUPERVISOR_ACTIONS

    def on_refused(self, error: CounterError) -> None:
        if self.is_attached:
            self.query_one("#stock-error", ErrorLine).show(error.message)

    async def _changed(self, result: object) -> None:
        if result is not None:
            self.notify("Tersimpan dan tercatat di log audit.", timeout=3)
        await self.refresh_data()

    def action_receive(self) -> None:
        self.app.push_screen(ReceiveStockDialog(), self._changed)

    def action_damaged(self) -> None:
        self.app.push_screen(DamagedStockDialog(), self._changed)

    def action_correct(self) -> None:
        self.app.push_screen(CorrectStockDialog(), self._changed)

    def action_target(self) -> None:
        if self.view is not None:
            self.app.push_screen(TargetDialog(self.view.target), self._changed)

    def action_toggle_replacements(self) -> None:
        if self.view is None:
            return
        allow = not self.view.policy.replacements_allowed
        question = (
            "Izinkan lagi cetak KTP-el pengganti (hilang/rusak) selama stok di atas cadangan?"
            if allow
            else "Tahan cetak KTP-el pengganti? Hilang/rusak dirujuk ke IKD dan masuk daftar tunggu."
        )

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self._changed(
                    await self.call(stock_target.set_reserve_policy, replacements_allowed=allow)
                )

        self.app.push_screen(ConfirmDialog(question, "Ya, ubah"), confirmed)

    def action_back(self) -> None:
        self.dismiss(None)
