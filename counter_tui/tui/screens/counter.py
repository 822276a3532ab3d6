"""Loket: the counter operator's screen. Call, recall, serve, no-show, transfer, park/resume and finish by F-key.

The waiting list is paged: only one page is ever loaded into the table, because a whole day's queue
(thousands of rows) would freeze the UI on an old office PC. A page is as tall as the table on screen (at most
PAGE_SIZE rows), so PgDn shows the next screenful and a call redraws only the rows the operator can see.
Pages are walked by keyset: each page starts right after the ticket the previous one ended with (the screen
keeps the stack of those keys), so a page stays where it was while other counters call tickets ahead of it or
priority tickets arrive.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.widgets import Digits, Footer, Header, SelectionList, Static
from textual.widgets.selection_list import Selection

from counter_tui.domain.clock import office_date, wib_text
from counter_tui.domain.queue import Action, Service, Ticket, TicketStatus
from counter_tui.services import counter_actions, counter_setup, counter_transfers, queue_config, queue_views
from counter_tui.services.queue_views import CounterView, PageKey
from counter_tui.services.session import Session
from counter_tui.tui.dialogs.confirm import ConfirmDialog
from counter_tui.tui.dialogs.counter import RequeueDialog, ResumeDialog, TransferDialog
from counter_tui.tui.screens.base import BaseScreen, Refused
from counter_tui.tui.screens.counter_text import (
    counts_across,
    counts_down,
    format_elapsed,
    summary_text,
    waiting_row,
)
from counter_tui.tui.widgets.finish_panel import FinishPanel
from counter_tui.tui.widgets.quiet import update_digits, update_static
from counter_tui.tui.widgets.ticks import ServiceTickList
from counter_tui.tui.widgets.waiting_table import WaitingTable

P = ParamSpec("P")

PAGE_SIZE = 50  # the most rows one page loads
MIN_PAGE_SIZE = 5  # a page is never shorter than this, even in a tiny terminal (the table then scrolls)
NARROW_BELOW = 120  # columns: below this the panels take two rows
HEARTBEAT_SECONDS = 60.0

_WAITING_COLUMNS = ("No.", "Tiket", "Layanan", "Prioritas", "Diambil", "Menunggu")


class CounterScreen(BaseScreen):
    """Loket n: the current ticket big, the parked ones, counts, and one page of the waiting list.

    Below 120 columns (an 80x24 console, say) the panels are laid out in two rows and the counts table is turned
    (services across, statuses down), so every service and every count stays readable (app.tcss)."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]

    BINDINGS = [
        Binding("f2", "call_next", "Panggil", id="call_next"),
        Binding("f3", "recall", "Ulang", id="recall"),
        Binding("f4", "start_serving", "Layani", id="start_serving"),
        # Short labels: the footer must fit 80 columns; the tooltips and the README say them in full.
        Binding("f5", "no_show", "Absen", tooltip="Tandai tidak hadir (Enter mengonfirmasi)", id="no_show"),
        Binding("f6", "transfer", "Alih", tooltip="Alihkan ke layanan lain", id="transfer"),
        Binding(
            "f7", "park", "Tunda", tooltip="Tunda tiket ini, atau lanjutkan tiket yang ditunda", id="park"
        ),
        Binding("f8", "finish", "Selesai", id="finish"),
        Binding(
            "f9",
            "requeue_no_show",
            "Hadir lagi",
            tooltip="Kembalikan tiket tidak hadir ke antrian (sekali)",
            id="requeue_no_show",
        ),
        # Shown on the other screens; here the counter keys need the whole footer. Ctrl+Q still quits (asking
        # once while a ticket is at the counter): the app's binding runs first, this one only hides it.
        # Not in the footer (it is full at 80 columns): the stock line under the ticket names it.
        Binding("f10", "case_form", "Berkas", show=False, id="case_form"),
        Binding("ctrl+q", "app.quit", "Keluar", show=False, priority=True, id="counter.quit"),
        # Priority: the table's own PageUp/PageDown (it scrolls) would only scroll within the page.
        Binding(
            "pageup,ctrl+p", "page(-1)", "Hal. sebelumnya", show=False, priority=True, id="page_previous"
        ),
        Binding("pagedown,ctrl+n", "page(1)", "Hal. berikut", show=False, priority=True, id="page_next"),
        # Shown in the page line instead: the footer has no room left for it at 120 columns.
        Binding("escape", "back", "Kembali", show=False, id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_services: list[Service] = []
        self.services: tuple[str, ...] = ()
        self.view: CounterView | None = None
        # Where each page walked so far starts (None: the head of the queue); the last is the page shown.
        self.page_starts: list[PageKey | None] = [None]
        self.page_size = PAGE_SIZE  # fitted to the table's height once the screen is laid out
        self._finish_panel: FinishPanel | None = None

    @property
    def counter(self) -> int:
        actor = self.app.actor
        return actor.counter if actor is not None else 0

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # F8's outcome choice: mounted once on its own layer and only shown/hidden (a modal screen repainted
        # the whole terminal on open and on close). Composed FIRST on purpose: Textual numbers the painting
        # order of a container's children in one running count, last placement first, so a widget shown or
        # hidden before the others renumbers them all and the whole screen is repainted; first in the list,
        # it is numbered last and nothing else changes.
        self._finish_panel = FinishPanel(id="finish-panel")
        yield self._finish_panel
        yield Header()
        yield Static("", id="counter-blocked", classes="error")
        with Horizontal(id="counter-top"):
            with Vertical(id="counter-current"):
                yield Digits("", id="current-digits")
                yield Static("", id="current-status")
                yield Static("", id="current-parked")
            with Vertical(id="counter-services"):
                yield ServiceTickList(id="counter-service-list")
            with Horizontal(id="counter-side"):
                yield Static("", id="counter-summary")
                yield Static("", id="counter-counts")
        with Horizontal(id="counter-status-row"):
            yield Static("", id="counter-stock")
            # The last action's confirmation ("Memanggil A-001."): one line updated in place. A toast per key
            # mounted and removed widgets and re-laid out the screen (about 8 ms of every call, issue 11);
            # errors and warnings still come as a toast, where they catch the eye.
            yield Static("", id="counter-notice")
        with Vertical(id="counter-waiting"):
            yield WaitingTable(_WAITING_COLUMNS, id="waiting-table")
            yield Static("", id="waiting-page")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.query_one("#counter-current").border_title = "Tiket sekarang"
        self.query_one("#counter-services").border_title = "Layanan loket (spasi)"
        self.query_one("#counter-waiting").border_title = "Antrian menunggu"
        blocked = self.query_one("#counter-blocked", Static)
        if self.counter < 1:
            blocked.update(
                Text(
                    "Anda masuk di loket 0 (meja informasi). Layar loket hanya untuk loket 1-99: keluar, lalu masuk "
                    "kembali dengan nomor loket Anda. Tekan Esc untuk kembali."
                )
            )
            for region in ("#counter-top", "#counter-waiting"):
                self.query_one(region).display = False
            return
        blocked.display = False
        self.query_one("#counter-side").border_title = f"Loket {self.counter}"
        await self.load_services()
        self.set_interval(1.0, self.tick, name="counter-elapsed")
        self.set_interval(HEARTBEAT_SECONDS, self.heartbeat, name="counter-heartbeat")
        await self.refresh_data()
        self.call_after_refresh(self.fit_page)

    def visible_rows(self) -> int:
        """How many waiting rows the table shows without scrolling (its height less the header row)."""
        table = self.query_one("#waiting-table", WaitingTable)
        return min(PAGE_SIZE, max(MIN_PAGE_SIZE, table.size.height - 1))

    async def fit_page(self) -> None:
        """A page as tall as the table: after the first layout and on every resize. Back to the first page when
        the size changes, since the page starts were cut for the old size."""
        if self.counter < 1 or not self.is_attached:
            return
        fitted = self.visible_rows()
        if fitted != self.page_size:
            self.page_size = fitted
            self.page_starts = [None]
            await self.refresh_data(stock=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The counter actions need a counter number: at loket 0 only Escape works.
        if action != "back" and self.counter < 1:
            return False
        # While the outcome is being chosen the other counter keys wait (shown, but disabled), as they did
        # behind the modal dialog; Escape closes the panel first (its own binding).
        if action != "back" and self._finishing:
            return None
        return True

    @property
    def _finishing(self) -> bool:
        # Held, not queried: check_action runs for every binding each time the footer is brought up to date,
        # and a query walks the whole screen (it was a seventh of the counter's CPU time).
        panel = self._finish_panel
        return panel is not None and panel.is_open

    # -- services of this counter -----------------------------------------------------------------
    async def load_services(self) -> None:
        self.all_services = await self.call(queue_config.list_services) or []
        self.services = await self.call(counter_setup.open_counter_services) or ()
        selection = self.query_one("#counter-service-list", SelectionList)
        options = []
        for service in self.all_services:
            prompt = Text(f"{service.code} ")
            prompt.append(service.name, style="" if service.active else "dim")
            if not service.active:
                prompt.append(" (tidak aktif)", style="dim italic")
            options.append(Selection(prompt, service.code, service.code in self.services))
        with selection.prevent(SelectionList.SelectedChanged):
            selection.clear_options()
            selection.add_options(options)
        if options:
            selection.highlighted = 0

    @on(SelectionList.SelectedChanged, "#counter-service-list")
    async def services_changed(self, event: SelectionList.SelectedChanged) -> None:
        chosen = list(event.selection_list.selected)
        if not chosen:
            self.notify("Pilih minimal satu layanan untuk loket ini.", severity="warning")
            return
        saved = await self.call(counter_setup.set_counter_services, chosen)
        if saved is not None:
            self.services = tuple(saved)
            self.page_starts = [None]
            await self.refresh_data()

    async def heartbeat(self) -> None:
        await self.call_quiet(counter_setup.counter_heartbeat)

    # -- data -------------------------------------------------------------------------------------
    async def refresh_data(self, *, stock: bool = True) -> None:
        """Reload the view; `stock=False` after this counter's own queue action, which cannot change the stock
        (the stock line is one more database round trip on every key)."""
        if self.counter < 1 or self.app.actor is None:
            return
        view = await self.call_quiet(
            queue_views.counter_view, self.services, after=self.page_starts[-1], limit=self.page_size
        )
        if view is None or not self.is_attached:
            return
        if not view.waiting and len(self.page_starts) > 1:
            # Every ticket of this page was called (or moved) meanwhile: show the page before it.
            self.page_starts.pop()
            await self.refresh_data(stock=stock)
            return
        self.view = view
        self.render_view()
        if stock:
            await self.render_stock()

    def page_count(self, total: int) -> int:
        return max(1, math.ceil(total / self.page_size))

    def render_view(self) -> None:
        self.render_current()
        if not self.query_one("#current-status", Static).content_size.width:
            self.call_after_refresh(self.render_current)  # the first time, once the panel has a width
        self.render_side()
        self.render_waiting()

    async def tick(self) -> None:
        """Every second: the time served and the time left until closing follow the clock, without a reload.
        At WIB midnight the screen reloads, so yesterday's waiting list does not stay on screen."""
        if self.view is not None and office_date(self.app.clock.now()).isoformat() != self.view.date:
            await self.refresh_data()
            return
        self.render_current()
        self.render_summary()

    def render_current(self) -> None:
        view = self.view
        if view is None or not self.is_attached:
            return
        digits = self.query_one("#current-digits", Digits)
        status = self.query_one("#current-status", Static)
        ticket = view.current
        if ticket is None:
            update_digits(digits, "")
            update_static(status, Text("Tidak ada tiket di loket ini. Tekan F2 untuk memanggil berikutnya."))
        else:
            update_digits(digits, ticket.label)
            now = self.app.clock.now()
            text = Text()
            text.append(f" {ticket.status.label} ", style="bold reverse")
            since = ""
            if ticket.status is TicketStatus.SERVING and ticket.served_at:
                elapsed = (now - ticket.served_at).total_seconds()
                since = f"{format_elapsed(elapsed)} sejak mulai dilayani"
            elif ticket.called_at:
                elapsed = (now - ticket.called_at).total_seconds()
                since = f"{format_elapsed(elapsed)} sejak dipanggil"
                if ticket.call_count > 1:
                    since += f" · panggilan ke-{ticket.call_count}"
            if since:
                # Beside the status when the panel is wide enough, else on a line of its own: never broken
                # in the middle ("sejak mulai / dilayani").
                width = status.content_size.width
                fits = not width or len(ticket.status.label) + 4 + len(since) <= width
                text.append("  " if fits else "\n")
                text.append(since)
            names = {s.code: s.name for s in self.all_services}
            text.append(f"\nLayanan {ticket.service_code}")
            if not self.narrow:  # at 80 columns the name is in the services list beside it
                text.append(" " + names.get(ticket.service_code, ""))
            if ticket.service_code != ticket.origin_service:
                text.append(f" (dialihkan dari {ticket.origin_service})")
            if ticket.priority is not None:
                text.append(f"\nPrioritas: {ticket.priority.label}", style="bold yellow")
            if ticket.nik_masked:
                text.append(f"\nNIK {ticket.nik_masked}")
            update_static(status, text)
        parked = Text()
        if view.parked:
            parked.append("Ditunda: ", style="bold")
            parked.append(", ".join(t.label for t in view.parked))
            parked.append("  (F7 melanjutkan bila loket kosong)", style="dim")
        update_static(self.query_one("#current-parked", Static), parked)

    def render_summary(self) -> None:
        view = self.view
        if view is None or not self.is_attached:
            return
        # Computed from the clock now, not taken from the last reload: a quiet queue reloads rarely.
        summary = summary_text(view, self.app.clock.now())
        update_static(self.query_one("#counter-summary", Static), summary)

    @property
    def narrow(self) -> bool:
        """The same test as HORIZONTAL_BREAKPOINTS (read from the size: the class may land after a render)."""
        return self.app.size.width < NARROW_BELOW

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_page)
        if self.view is not None:
            self.render_side()
            self.call_after_refresh(self.render_current)  # its line breaks follow the panel's new width
            self.call_after_refresh(self.render_waiting)  # the page line's hint follows the width too

    def render_side(self) -> None:
        assert self.view is not None
        self.render_summary()
        counts = counts_across if self.narrow else counts_down
        update_static(self.query_one("#counter-counts", Static), counts(self.view.services, self.services))

    def render_waiting(self) -> None:
        assert self.view is not None
        view = self.view
        now = self.app.clock.now()
        first = view.waiting_before
        rows = [waiting_row(first + index, ticket, now) for index, ticket in enumerate(view.waiting, start=1)]
        # Redrawn only when a row changed (most refreshes after another counter's change touch counts only).
        self.query_one("#waiting-table", WaitingTable).set_rows(rows)
        pages = self.page_count(view.waiting_total)
        number = min(
            view.waiting_before // self.page_size + 1, pages
        )  # by position: tickets ahead may be gone
        info = Text(f"Halaman {number} dari {pages}, total {view.waiting_total} menunggu")
        hint = " · PgUp/PgDn: halaman lain · Esc: kembali"
        page_line = self.query_one("#waiting-page", Static)
        if page_line.content_size.width and info.cell_len + len(hint) > page_line.content_size.width:
            hint = " · PgUp/PgDn · Esc"  # 80 columns with a long queue: the keys, not cut off mid-word
        info.append(hint, style="dim")
        if not self.services:
            info = Text("Loket ini belum memilih layanan.", style="bold red")
        update_static(page_line, info, layout=False)

    async def action_page(self, step: int) -> None:
        if step > 0 and self.view is not None and self.view.next_after is not None:
            self.page_starts.append(self.view.next_after)
        elif step < 0 and len(self.page_starts) > 1:
            self.page_starts.pop()
        else:
            return
        await self.refresh_data(stock=False)

    # -- counter actions --------------------------------------------------------------------------
    def say(self, message: str, *, severity: SeverityLevel = "information") -> None:
        """One notice at a time. A confirmation goes on the notice line beside the stock line, with the time;
        an error or warning (or a confirmation too long for the line) is a toast, replacing any earlier one."""
        notice = self.query_one("#counter-notice", Static)
        width = notice.content_size.width
        timed = Text(wib_text(self.app.clock.now(), "%H:%M") + " ", style="dim")
        timed.append(message, style="bold")
        # At 80 columns a longer confirmation ("A-001 selesai: Selesai dilayani.") fits without its time.
        for line in (timed, Text(message, style="bold")):
            if severity == "information" and 0 < line.cell_len <= width:
                if self.app._notifications:  # an older error toast would now be stale
                    self.app.clear_notifications()
                update_static(notice, line, layout=False)
                return
        update_static(notice, Text(""), layout=False)
        self.app.clear_notifications()
        self.notify(message, severity=severity, timeout=3, markup=False)

    async def _act(
        self,
        done: str,
        use_case: Callable[Concatenate[Session, P], Ticket],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Ticket | None:
        """Run a counter action; on success say so briefly ("done" names the ticket as {label})."""
        ticket = await self.attempt(use_case, *args, **kwargs)
        if isinstance(ticket, Refused):
            self.say(ticket.message, severity="error")
            await self.refresh_data(stock=False)
            return None
        self.say(done.format(label=ticket.label))
        await self.refresh_data(stock=False)
        return ticket

    async def action_call_next(self) -> None:
        await self._act("Memanggil {label}.", counter_actions.call_next, list(self.services))

    async def action_recall(self) -> None:
        await self._act("Memanggil ulang {label}.", counter_actions.recall)

    async def action_start_serving(self) -> None:
        await self._act("Mulai melayani {label}.", counter_actions.start_serving)

    async def action_no_show(self) -> None:
        """It ends the visitor's turn: ask once; Enter confirms, Esc keeps the ticket."""
        current = await self._ticket_for(Action.NO_SHOW)
        if current is None:
            return

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._act("{label} ditandai tidak hadir.", counter_actions.mark_no_show)

        question = (
            f"Tandai {current.label} tidak hadir? Gilirannya berakhir; tiket ini hanya dapat dikembalikan "
            "ke antrian sekali (F9)."
        )
        self.app.push_screen(ConfirmDialog(question, "Ya, tidak hadir", default_yes=True), answered)

    async def _ticket_for(self, action: Action) -> Ticket | None:
        """This counter's ticket for `action` (finish, transfer), asked of the use case before its dialog opens;
        a refusal (no ticket at the counter) is a warning."""
        ticket = await self.attempt(counter_actions.ticket_for, action)
        if isinstance(ticket, Refused):
            self.say(ticket.message, severity="warning")
            return None
        return ticket

    async def action_transfer(self) -> None:
        current = await self._ticket_for(Action.TRANSFER)
        if current is None:
            return

        async def chosen(code: str | None) -> None:
            if code:
                await self._act(f"{{label}} dialihkan ke layanan {code}.", counter_transfers.transfer, code)

        self.app.push_screen(TransferDialog(current, self.all_services), chosen)

    async def action_park(self) -> None:
        """F7 parks the current ticket; on a free counter it resumes a parked one, asking which when several
        are parked (the rule itself: counter_actions.park_or_resume)."""
        view = self.view
        if view is not None and view.current is None and len(view.parked) > 1:

            async def chosen(label: str | None) -> None:
                if label:
                    await self._act("Melanjutkan {label}.", counter_actions.resume, label)

            self.app.push_screen(ResumeDialog(view.parked), chosen)
            return
        result = await self.attempt(counter_actions.park_or_resume)
        if isinstance(result, Refused):
            self.say(result.message, severity="warning")
        else:
            done = "Melanjutkan {label}." if result.action is Action.RESUME else "{label} ditunda."
            self.say(done.format(label=result.ticket.label))
        await self.refresh_data(stock=False)

    async def action_finish(self) -> None:
        """F8: the outcome panel opens on this screen (no modal); its choice finishes the ticket."""
        current = await self._ticket_for(Action.FINISH)
        if current is None:
            return
        if self._finish_panel is not None:
            self._finish_panel.open(current)
        self.refresh_bindings()

    @on(FinishPanel.Closed)
    async def _finish_chosen(self, event: FinishPanel.Closed) -> None:
        event.stop()
        self.refresh_bindings()
        choice = event.choice
        if choice is not None:
            await self._act(
                f"{{label}} selesai: {choice.outcome.label}.",
                counter_actions.finish,
                choice.outcome,
                note=choice.note,
            )

    async def render_stock(self) -> None:
        """Stock, reserve, blanks free for replacements, days left and the target: where the case is decided."""
        from counter_tui.services import stock
        from counter_tui.tui.widgets.case_widgets import stock_line

        view = await self.call_quiet(stock.stock_view)
        if view is not None and self.is_attached:
            line = Text("F10 Berkas", style="bold reverse")
            line.append(" ")
            line.append(stock_line(view.level, view.target))
            self.query_one("#counter-stock", Static).update(line)

    async def action_case_form(self) -> None:
        """F10: the case (berkas) of the ticket being served; finishing it finishes the ticket too."""
        current = await self._ticket_for(Action.FINISH)
        if current is None:
            return
        from counter_tui.tui.screens.case_form import CaseFormScreen, case_done_notice

        async def done(result: object) -> None:
            if result is not None:
                self.notify(case_done_notice(result), timeout=6, markup=False)
            await self.refresh_data()

        self.app.push_screen(CaseFormScreen(current.id), done)

    async def action_requeue_no_show(self) -> None:
        async def done(ticket: Ticket | None) -> None:
            if ticket is not None:
                self.say(f"{ticket.label} kembali ke antrian.")
                await self.refresh_data(stock=False)

        no_shows = await self.call(counter_transfers.no_shows_today) or []
        self.app.push_screen(RequeueDialog(no_shows), done)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
