"""The menu after login: one F-key per place to work. Supervisor entries are hidden from operators; the use cases
refuse them anyway."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from counter_tui.tui.screens.base import BaseScreen


@dataclass(frozen=True, slots=True)
class MenuEntry:
    action: str
    key: str
    label: str
    description: str
    supervisor_only: bool = False


MENU = (
    MenuEntry("front_desk", "F1", "Ambil Antrian", "meja informasi: keluarkan nomor antrian"),
    MenuEntry("counter", "F2", "Loket", "panggil dan layani antrian di loket ini"),
    MenuEntry("board", "F3", "Papan Antrian", "tampilan nomor yang dipanggil"),
    MenuEntry("case_search", "F4", "Cari NIK", "berkas dan status rekam satu NIK"),
    MenuEntry("recordings", "F5", "Status Rekam", "status SIAK, cetak KTP-el, gagal cetak"),
    MenuEntry("waitlist", "F6", "Daftar Tunggu", "daftar tunggu cetak KTP-el, siapa dihubungi"),
    MenuEntry("siap_cetak", "F7", "Siap Cetak", "direkam umur 16, kini 17 tahun"),
    MenuEntry("stock", "F8", "Stok & Target", "stok blanko, cadangan, target perekaman"),
    MenuEntry(
        "queue_admin", "F9", "Layanan & Jam", "layanan, kuota, jam buka, hari khusus", supervisor_only=True
    ),
    MenuEntry(
        "operators",
        "F10",
        "Petugas",
        "tambah petugas, reset PIN, buka kunci, log audit",
        supervisor_only=True,
    ),
    MenuEntry(
        "dashboard", "F11", "Dasbor", "antrian, loket, stok blanko dan target saat ini", supervisor_only=True
    ),
    MenuEntry(
        "close_day",
        "F12",
        "Tutup Hari",
        "tutup hari, buka kembali, ekspor rekap harian",
        supervisor_only=True,
    ),
    MenuEntry("outreach", "Ctrl+J", "Jemput Bola", "perekaman di sekolah dan rumah, kegiatan hari ini"),
    MenuEntry("logout", "Ctrl+L", "Keluar akun", "kembali ke layar masuk"),
)

# Where each menu entry leads: (module, screen class). Imported on use, so the menu works while a screen is missing.
SCREENS = {
    "front_desk": ("counter_tui.tui.screens.front_desk", "FrontDeskScreen"),
    "counter": ("counter_tui.tui.screens.counter", "CounterScreen"),
    "board": ("counter_tui.tui.screens.board", "BoardScreen"),
    "case_search": ("counter_tui.tui.screens.case_search", "CaseSearchScreen"),
    "recordings": ("counter_tui.tui.screens.recordings", "RecordingsScreen"),
    "waitlist": ("counter_tui.tui.screens.waitlist", "WaitlistScreen"),
    "siap_cetak": ("counter_tui.tui.screens.siap_cetak", "SiapCetakScreen"),
    "stock": ("counter_tui.tui.screens.stock", "StockScreen"),
    "dashboard": ("counter_tui.tui.screens.dashboard", "DashboardScreen"),
    "close_day": ("counter_tui.tui.screens.end_of_day", "CloseDayScreen"),
    "queue_admin": ("counter_tui.tui.screens.queue_admin", "QueueAdminScreen"),
    "operators": ("counter_tui.tui.screens.operators", "OperatorsScreen"),
    "outreach": ("counter_tui.tui.screens.outreach", "OutreachScreen"),
}

SUPERVISOR_ACTIONS = frozenset(entry.action for entry in MENU if entry.supervisor_only)


class HomeScreen(BaseScreen):
    BINDINGS = [
        Binding("f1", "front_desk", "Ambil Antrian", id="home.front_desk"),
        Binding("f2", "counter", "Loket", id="home.counter"),
        Binding("f3", "board", "Papan", tooltip="Papan Antrian", id="home.board"),
        Binding("f4", "case_search", "NIK", tooltip="Cari NIK", id="home.case_search"),
        Binding("f5", "recordings", "Rekam", tooltip="Status Rekam", id="home.recordings"),
        Binding("f6", "waitlist", "Tunggu", tooltip="Daftar Tunggu cetak", id="home.waitlist"),
        Binding("f7", "siap_cetak", "Siap", tooltip="Siap Cetak", id="home.siap_cetak"),
        Binding("f8", "stock", "Stok", tooltip="Stok & Target", id="home.stock"),
        Binding("f9", "queue_admin", "Layanan & Jam", id="home.queue_admin"),
        Binding("f10", "operators", "Petugas", id="home.operators"),
        # F11/F12: the menu lists them with their keys; the footer keeps to what fits in 80 columns.
        Binding("f11", "dashboard", "Dasbor", show=False, id="home.dashboard"),
        Binding("f12", "close_day", "Tutup Hari", show=False, id="home.close_day"),
        Binding("ctrl+j", "outreach", "Jemput Bola", show=False, id="home.outreach"),
    ]

    @property
    def is_supervisor(self) -> bool:
        actor = self.app.actor
        return actor is not None and actor.is_supervisor

    def visible_entries(self) -> list[MenuEntry]:
        return [entry for entry in MENU if self.is_supervisor or not entry.supervisor_only]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(self._greeting(), id="home-greeting")
            yield OptionList(*(self._option(entry) for entry in self.visible_entries()), id="home-menu")
            yield Static(
                Text("Tekan tombol F di sebelah kiri menu, atau pilih dengan panah dan Enter."),
                classes="hint",
            )
        yield Footer(compact=True)

    def _greeting(self) -> Text:
        actor = self.app.actor
        if actor is None:
            return Text("")
        greeting = Text("Selamat bertugas, ")
        greeting.append(Text(actor.full_name or actor.code, style="bold"))
        place = f"Loket {actor.counter}" if actor.counter else "Meja informasi"
        greeting.append(Text(f"\n{actor.role.label} · {place}", style="dim"))
        return greeting

    @staticmethod
    def _option(entry: MenuEntry) -> Option:
        prompt = Text(f"{entry.key:<7}", style="bold")
        prompt.append(Text(f"{entry.label:<16}"))
        prompt.append(Text(entry.description, style="dim"))
        return Option(prompt, id=entry.action)

    def on_mount(self) -> None:
        self.query_one("#home-menu", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides the binding from the footer and disables the key.
        return self.is_supervisor or action not in SUPERVISOR_ACTIONS

    @on(OptionList.OptionSelected, "#home-menu")
    async def _menu_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            await self.run_action(event.option.id)

    def _open(self, action: str) -> None:
        if action in SUPERVISOR_ACTIONS and not self.is_supervisor:
            return
        module_name, class_name = SCREENS[action]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            self.app.notify("Layar ini belum tersedia pada versi ini.", severity="warning")
            return
        screen_class: type[Screen] = getattr(module, class_name)
        # push, not switch: Escape on that screen pops back here.
        self.app.push_screen(screen_class())

    def action_front_desk(self) -> None:
        self._open("front_desk")

    def action_counter(self) -> None:
        self._open("counter")

    def action_board(self) -> None:
        self._open("board")

    def action_dashboard(self) -> None:
        self._open("dashboard")

    def action_close_day(self) -> None:
        self._open("close_day")

    def action_case_search(self) -> None:
        self._open("case_search")

    def action_recordings(self) -> None:
        self._open("recordings")

    def action_waitlist(self) -> None:
        self._open("waitlist")

    def action_siap_cetak(self) -> None:
        self._open("siap_cetak")

    def action_stock(self) -> None:
        self._open("stock")

    def action_queue_admin(self) -> None:
        self._open("queue_admin")

    def action_operators(self) -> None:
        self._open("operators")

    def action_outreach(self) -> None:
        self._open("outreach")

    def action_logout(self) -> None:
        self.app.action_logout()
