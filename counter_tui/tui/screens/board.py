"""Papan antrian: the waiting-room display. The latest call big, the previous calls, the waiting counts.

It reloads when another process changes the database (the app's data_version poll, every 0.5 s) and checks the
date every second. Each new call (a calls row newer than the last one seen, recalls included) is spoken with
espeak-ng when it is installed; without it the board is silent and otherwise the same.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import deque
from collections.abc import Callable

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Footer, Static

from counter_tui.domain.announce import ESPEAK_PROGRAM, announcement_text, espeak_command
from counter_tui.domain.clock import office_date, wib_text
from counter_tui.domain.queue import Call
from counter_tui.services import queue_views
from counter_tui.services.queue_views import BoardView
from counter_tui.tui.screens.base import BaseScreen
from counter_tui.tui.widgets.quiet import update_static

RECENT_CALLS = 6


class Announcer:
    """Speaks announcements one after another without blocking the UI.

    A new text waits until the previous speech process has ended (checked by `pump`, which the board calls
    every second), so two calls never talk over each other."""

    def __init__(
        self,
        which: Callable[[str], str | None] = shutil.which,
        popen: Callable[..., subprocess.Popen] = subprocess.Popen,
    ) -> None:
        self.program = which(ESPEAK_PROGRAM)
        self.popen = popen
        self.pending: deque[str] = deque()
        self.process: subprocess.Popen | None = None
        self.spoken: deque[str] = deque(maxlen=50)  # the latest texts started, for tests and logs

    @property
    def available(self) -> bool:
        return self.program is not None

    def say(self, text: str) -> None:
        if self.program is None:
            return
        self.pending.append(text)
        self.pump()

    def pump(self) -> None:
        if self.program is None or not self.pending:
            return
        if self.process is not None and self.process.poll() is None:
            return
        text = self.pending.popleft()
        try:
            self.process = self.popen(
                espeak_command(text, self.program),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            # The speech program vanished or cannot run: the board goes on silently.
            self.program = None
            self.pending.clear()
            return
        self.spoken.append(text)


class BoardScreen(BaseScreen):
    """Full-screen display for the waiting-room TV. Below 100 columns the side column keeps the width a past
    call needs (ticket, "LOKET", a two-digit counter), so no counter number is clipped (app.tcss)."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("q", "quit_board", "Keluar", show=False, id="board_quit"),
        Binding("escape", "back", "Kembali", id="back"),
    ]

    def __init__(self, announcer: Announcer | None = None) -> None:
        super().__init__()
        self.announcer = announcer if announcer is not None else Announcer()
        self.view: BoardView | None = None
        self.last_call_id: int | None = None

    @property
    def board_mode(self) -> bool:
        """Opened by `counter-tui board` (no login, no way back) rather than from the home menu."""
        return getattr(self.app, "mode_name", "main") == "board"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit_board":
            return self.board_mode
        if action == "back":
            return not self.board_mode
        return True

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="board-header"):
            yield Static("", id="board-office")
            yield Static("", id="board-clock")
        with Horizontal(id="board-main"):
            with Vertical(id="board-latest"):
                yield Static(Text("NOMOR ANTRIAN", style="bold"), classes="board-caption")
                yield Digits("", id="board-ticket")
                yield Static(Text("SILAKAN KE LOKET", style="bold"), classes="board-caption")
                yield Digits("", id="board-counter")
                yield Static("", id="board-latest-text")
            with Vertical(id="board-side"):
                with Vertical(id="board-previous"):
                    for index in range(RECENT_CALLS - 1):
                        with Horizontal(classes="board-previous-row", id=f"board-previous-{index}"):
                            yield Digits("", classes="board-previous-ticket")
                            yield Static("", classes="board-previous-loket")
                            yield Digits("", classes="board-previous-counter")
                    yield Static("", id="board-previous-none")
                yield Static("", id="board-waiting")
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#board-latest").border_title = "Dipanggil"
        self.query_one("#board-previous").border_title = "Panggilan sebelumnya"
        self.query_one("#board-waiting").border_title = "Menunggu"
        office = getattr(self.app, "office", None)
        self.query_one("#board-office", Static).update(
            Text(office.name if office else "Papan antrian", style="bold")
        )
        self.set_interval(1.0, self.tick, name="board-tick")
        await self.refresh_data()
        self.render_clock()

    # -- data -------------------------------------------------------------------------------------
    async def refresh_data(self) -> None:
        # Recalls are calls of their own (announced again): read more than shown, so that the previous calls
        # listed once per ticket still fill the panel.
        view = await self.call_quiet(queue_views.board_view, limit=RECENT_CALLS * 4)
        if view is None or not self.is_attached:
            return
        self.view = view
        self.announce_new(view.calls)
        self.render_view()

    async def tick(self) -> None:
        self.render_clock()
        self.announcer.pump()
        if self.view is not None and office_date(self.app.clock.now()).isoformat() != self.view.date:
            await self.refresh_data()

    def announce_new(self, calls: list[Call]) -> None:
        """calls are newest first. The first load only remembers where we are: it does not replay old calls."""
        newest = max((c.id for c in calls), default=0)
        if self.last_call_id is None:
            self.last_call_id = newest
            return
        for call in sorted((c for c in calls if c.id > self.last_call_id), key=lambda c: c.id):
            self.announcer.say(announcement_text(call.label, call.counter))
        self.last_call_id = max(self.last_call_id, newest)

    # -- rendering --------------------------------------------------------------------------------
    def render_clock(self) -> None:
        now = self.app.clock.now()
        update_static(
            self.query_one("#board-clock", Static), Text(wib_text(now, "%d-%m-%Y  %H:%M WIB"), style="bold")
        )

    def render_view(self) -> None:
        assert self.view is not None
        calls = self.view.calls
        latest_text = self.query_one("#board-latest-text", Static)
        if calls:
            latest = calls[0]
            self.query_one("#board-ticket", Digits).update(latest.label)
            self.query_one("#board-counter", Digits).update(str(latest.counter))
            latest_text.update(Text(f"{latest.label}  →  LOKET {latest.counter}", style="bold"))
        else:
            self.query_one("#board-ticket", Digits).update("")
            self.query_one("#board-counter", Digits).update("")
            latest_text.update(Text("Belum ada panggilan hari ini."))
        # One line per ticket: a recalled ticket was listed again and again (and the one just called, too).
        seen = {calls[0].label} if calls else set()
        previous = []
        for call in calls[1:]:
            if call.label not in seen:
                seen.add(call.label)
                previous.append(call)
        for index in range(RECENT_CALLS - 1):
            row = self.query_one(f"#board-previous-{index}", Horizontal)
            if index < len(previous):
                call = previous[index]
                row.display = True
                row.query_one(".board-previous-ticket", Digits).update(call.label)
                row.query_one(".board-previous-loket", Static).update(
                    Text.assemble(("LOKET", "bold"), "\n", (wib_text(call.at, "%H:%M"), "dim"))
                )
                row.query_one(".board-previous-counter", Digits).update(str(call.counter))
            else:
                row.display = False
        none = self.query_one("#board-previous-none", Static)
        none.display = not previous
        none.update(Text("Belum ada.", style="dim"))
        lines = []
        for count in self.view.services:
            # The count before the name, one line each: a long name is shortened on the TV ("…"), the
            # number never is.
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f" {count.service.code} ", style="bold reverse")
            line.append(f" {count.waiting:>3} ", style="bold")
            line.append(count.service.name)
            lines.append(line)
        self.query_one("#board-waiting", Static).update(Group(*lines))

    # -- leaving ----------------------------------------------------------------------------------
    def action_quit_board(self) -> None:
        self.app.exit()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
