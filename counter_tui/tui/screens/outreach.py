"""Jemput Bola: start an outreach session on this device (kind, place, kecamatan), see the open one, record a
person in it, end it, and today's sessions with what they recorded.

While a session is open, the case form shows "Jemput bola: <place>" and every case finished on this device is
tagged with the session (services/outreach.py); no card is printed until it ends.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static

from counter_tui.domain.clock import wib_text
from counter_tui.domain.errors import CounterError
from counter_tui.domain.outreach import PLACE_HINT, PLACE_MAX, OutreachKind, OutreachSession
from counter_tui.services import outreach
from counter_tui.tui.screens.case_base import CaseScreen
from counter_tui.tui.widgets.forms import ErrorLine, FieldInput


def _field(label: str, widget: Input | Select) -> Horizontal:
    return Horizontal(Label(label, classes="case-label"), widget, classes="case-field")


def status_text(current: OutreachSession | None) -> Text:
    if current is None:
        return Text("Tidak ada kegiatan jemput bola yang berjalan di perangkat ini.", style="dim")
    # Counts first: a long place name is cut at the right edge of an 80-column console, never the counts.
    text = Text(f"Berjalan sejak {wib_text(current.started_at, '%H:%M')}: ", style="bold")
    text.append(f"{current.recorded} perekaman, {current.cases} berkas · ")
    text.append(Text(current.place, style="bold"))
    text.append(f" ({current.kind.value})")
    return text


class OutreachScreen(CaseScreen):
    BINDINGS = [
        Binding("f2", "start", "Mulai", id="outreach.start"),
        Binding("f3", "end", "Akhiri", id="outreach.end"),
        Binding("f4", "record", "Rekam", tooltip="Berkas baru dalam kegiatan ini", id="outreach.record"),
        Binding("escape", "back", "Kembali", id="outreach.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current: OutreachSession | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="outreach-status", classes="case-list-stock")
        yield _field(
            "Jenis",
            Select(
                [(k.label, k.value) for k in OutreachKind],
                allow_blank=False,
                value=OutreachKind.SEKOLAH.value,
                compact=True,
                id="outreach-kind",
            ),
        )
        yield _field(
            "Tempat",
            FieldInput(
                placeholder="nama sekolah / desa",
                max_length=PLACE_MAX,
                compact=True,
                id="outreach-place",
                refused_message=f"Tempat jemput bola maksimal {PLACE_MAX} karakter.",
            ),
        )
        yield _field(
            "Kecamatan",
            FieldInput(
                placeholder="opsional, mis. 05 (Baamang)",
                max_length=8,
                compact=True,
                id="outreach-kecamatan",
                refused_message="Kecamatan maksimal 8 karakter: kode kecamatan, mis. 05 atau 62.02.05.",
            ),
        )
        yield Static(Text(PLACE_HINT, style="dim"), classes="case-list-detail")
        yield DataTable(id="outreach-table", cursor_type="row", zebra_stripes=True, classes="case-list-table")
        yield Static(
            Text("F2 mulai · F3 akhiri · F4 rekam (berkas tanpa tiket) · Esc kembali", style="dim"),
            classes="case-list-detail",
        )
        yield ErrorLine(id="outreach-error")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.sub_title = "Jemput bola: perekaman di sekolah dan rumah"
        table = self.query_one("#outreach-table", DataTable)
        for label, key in (
            ("Jenis", "kind"),
            ("Tempat", "place"),
            ("Mulai", "start"),
            ("Selesai", "end"),
            ("Rekam", "recorded"),
            ("Berkas", "cases"),
        ):
            table.add_column(label, key=key)
        await self.refresh_data()
        self.query_one("#outreach-place", Input).focus()

    async def refresh_data(self) -> None:
        current = await self.call(outreach.current_session)
        day = await self.call(outreach.sessions_on)
        if not self.is_attached:
            return
        self.current = current
        self.query_one("#outreach-status", Static).update(status_text(current))
        if day is None:
            return
        table = self.query_one("#outreach-table", DataTable)
        table.clear()
        for s in day.sessions:
            table.add_row(
                Text(s.kind.value),
                Text(s.place),
                Text(wib_text(s.started_at, "%H:%M")),
                Text(wib_text(s.ended_at, "%H:%M") if s.ended_at else "berjalan"),
                Text(str(s.recorded)),
                Text(str(s.cases)),
                key=s.uuid,
            )

    def on_refused(self, error: CounterError) -> None:
        if self.is_attached:
            self.query_one("#outreach-error", ErrorLine).show(error.message)

    @on(Input.Submitted, "#outreach-place")
    @on(Input.Submitted, "#outreach-kecamatan")
    async def _submitted(self) -> None:
        await self.action_start()

    async def action_start(self) -> None:
        self.query_one("#outreach-error", ErrorLine).clear()
        kind = str(self.query_one("#outreach-kind", Select).value)
        place = self.query_one("#outreach-place", Input).value
        kecamatan = self.query_one("#outreach-kecamatan", Input).value
        started = await self.call(outreach.start_session, kind, place, kecamatan or None)
        if started is None:
            return
        self.notify(f"Jemput bola dimulai: {started.place}", timeout=4, markup=False)
        self.query_one("#outreach-place", Input).value = ""
        self.query_one("#outreach-kecamatan", Input).value = ""
        await self.refresh_data()

    async def action_end(self) -> None:
        self.query_one("#outreach-error", ErrorLine).clear()
        ended = await self.call(outreach.end_session)
        if ended is None:
            return
        self.notify(
            f"Jemput bola di {ended.place} selesai: {ended.recorded} perekaman.", timeout=5, markup=False
        )
        await self.refresh_data()

    async def action_record(self) -> None:
        if self.current is None:
            self.query_one("#outreach-error", ErrorLine).show(
                "Mulai kegiatan jemput bola dahulu (F2), lalu rekam dengan F4."
            )
            return
        from counter_tui.tui.screens.case_form import CaseFormScreen, case_done_notice

        async def done(result: object) -> None:
            if result is not None:
                self.notify(case_done_notice(result), timeout=6, markup=False)
            await self.refresh_data()

        await self.app.push_screen(CaseFormScreen(), done)

    def action_back(self) -> None:
        self.dismiss(None)
