"""The Textual application: opens the database, routes first run → login → home, locks when idle,
and tells the active screen when another counter changed the database."""

from __future__ import annotations

import contextlib
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from counter_tui.domain.accounts import KIOSK, Actor
from counter_tui.domain.errors import CounterError, PermissionDenied
from counter_tui.domain.nik import redact_niks
from counter_tui.domain.office import Office
from counter_tui.services import accounts, counter_setup, idle_lock, office_setup
from counter_tui.services.database import Database
from counter_tui.services.demo_mark import is_demo
from counter_tui.services.session import Clock, Session, SystemClock
from counter_tui.tui import textual_fixes
from counter_tui.tui.db_worker import DbWorker
from counter_tui.tui.heap import AFTER_SCREEN_SECONDS, HeapKeeper
from counter_tui.tui.screens.base import BaseScreen

T = TypeVar("T")
P = ParamSpec("P")

# The counter lease lasts three minutes (domain/leases.py); renewing it every minute survives a missed beat.
LEASE_HEARTBEAT_SECONDS = 60.0


class FatalScreen(Screen):
    """Shown when the database cannot be opened: a sentence, and a way out."""

    BINDINGS = [Binding("q,escape", "app.quit", "Keluar", id="quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="fatal"):
            yield Static(Text("Aplikasi tidak dapat dibuka", style="bold red"))
            yield Static(Text(self.message), id="fatal-message")
            yield Static(Text("Tekan q untuk keluar."))
        yield Footer()


class CounterApp(App[int]):
    CSS_PATH = ["app.tcss", "cases.tcss"]
    TITLE = "counter_tui"
    SUB_TITLE = "Pelayanan KTP-el"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Keluar", id="quit", priority=True),
        # Priority, so that the focus moves before the keys typed after Tab are handed on (see
        # widgets/forms.py, OrderedEnterMixin): fast typing never puts the PIN into the code field.
        Binding("tab", "focus_next", show=False, priority=True, id="focus_next"),
        Binding("shift+tab", "focus_previous", show=False, priority=True, id="focus_previous"),
        # Every screen after login (the idle lock has its own Ctrl+L: "Ganti petugas").
        Binding("ctrl+l", "logout", "Keluar akun", id="logout", show=False),
    ]

    def __init__(
        self,
        db_path: Path,
        *,
        mode: str = "main",
        clock: Clock | None = None,
        idle_minutes: int | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        poll_interval: float = 0.5,
        keymap_file: Path | None = None,
    ) -> None:
        textual_fixes.apply()
        super().__init__()
        self.db_path = Path(db_path)
        self.mode_name = mode
        self.clock = clock or SystemClock()
        self.db = DbWorker(self.db_path)
        self.actor: Actor | None = None
        self.office: Office | None = None
        self.idle_minutes_override = idle_minutes
        self.idle_minutes = idle_minutes or 10
        self.monotonic = monotonic
        self.last_activity = monotonic()
        self.locked = False
        self.poll_interval = poll_interval
        self.keymap_file = keymap_file
        self._data_version: int | None = None
        self._polling = False
        self.demo = False
        self._quit_asked = False
        self.heap = HeapKeeper(monotonic)
        self._settle_retries = 0

    # -- use cases --------------------------------------------------------------------------------
    async def call(
        self, use_case: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run `use_case(session, *args, **kwargs)` on the database thread and await its result (or exception).

        The Session holds the app's database, its current actor (the kiosk before a login) and its clock; the
        actor is taken now, on the UI thread, so a logout racing the call cannot change who acted."""
        actor = self.actor or KIOSK
        clock = self.clock

        def run(db: Database) -> T:
            return use_case(Session(db, actor, clock), *args, **kwargs)

        return await self.db.run(run)

    # -- start-up ---------------------------------------------------------------------------------
    def apply_keymap(self) -> None:
        """The office's own keys (keymap.toml in the config directory); a bad entry is reported, never fatal."""
        from counter_tui.paths import keymap_path
        from counter_tui.tui.keymap import load_keymap

        path = self.keymap_file or keymap_path()
        loaded = load_keymap(path)
        self.set_keymap(loaded.keymap)
        message = loaded.message(path)
        if message:
            self.notify(message, severity="warning", timeout=12, markup=False)

    async def on_mount(self) -> None:
        self.apply_keymap()
        try:
            await self.db.open(create=self.mode_name == "main")
            self.office = await self.call(office_setup.get_office)
            self.demo = await self.call(is_demo)
        except CounterError as error:
            await self.show(FatalScreen(error.message))
            return
        if self.demo:
            self.screen_change_signal.subscribe(self, self._mark_demo)
        self.screen_change_signal.subscribe(self, self._screen_opened)
        self.set_interval(self.poll_interval, self.poll_changes, name="poll-changes")
        self.set_interval(1.0, self.check_idle_lock, name="idle-lock")
        self.set_interval(LEASE_HEARTBEAT_SECONDS, self.renew_counter_lease, name="counter-lease")
        if self.mode_name == "board":
            from counter_tui.tui.screens.board import BoardScreen

            await self.show(BoardScreen())
        elif self.office is None:
            from counter_tui.tui.screens.setup import SetupScreen

            await self.show(SetupScreen())
        else:
            await self.show_login()

    async def show(self, screen: Screen) -> None:
        """Replace every screen of the session with this one (pushed over Textual's default screen)."""
        # Popping without awaiting: switch_screen would wait for the replaced screen's own task, which hangs
        # when this is called from that screen's handler.
        while len(self.screen_stack) > 1:
            self.pop_screen()
        await self.push_screen(screen)

    def _mark_demo(self, screen: Screen) -> None:
        """The demo office says so on every screen, dialogs and the display board included."""
        from counter_tui.tui.widgets.demo_badge import DemoBadge

        badges = screen.query(DemoBadge)
        if badges:
            badges.first().place()
        else:
            screen.mount(DemoBadge())

    def update_titles(self) -> None:
        if self.office:
            self.title = f"DEMO · {self.office.name}" if self.demo else self.office.name
        if self.actor:
            place = f"Loket {self.actor.counter}" if self.actor.counter else "Meja informasi"
            self.sub_title = f"{self.actor.full_name} ({self.actor.code}) · {place}"
        else:
            self.sub_title = "Pelayanan KTP-el"

    async def show_login(self) -> None:
        from counter_tui.tui.screens.login import LoginScreen

        self.office = await self.call(office_setup.get_office)
        self.update_titles()
        await self.show(LoginScreen())

    async def setup_done(self) -> None:
        await self.show_login()

    async def login_done(self, actor: Actor) -> None:
        from counter_tui.tui.screens.home import HomeScreen

        self.actor = actor
        self.locked = False
        self.last_activity = self.monotonic()
        if self.idle_minutes_override is None:
            self.idle_minutes = await self.call(idle_lock.idle_lock_minutes)
        self.update_titles()
        await self.show(HomeScreen())

    async def logout(self) -> None:
        if self.actor is not None:
            await self.call(accounts.logout)
        self.actor = None
        self.locked = False
        # show() drops every screen of the session: the data they showed is not for the next operator.
        await self.show_login()

    # -- the heap (tui/heap.py) ------------------------------------------------------------------
    def _screen_opened(self, screen: Screen) -> None:
        if isinstance(screen, BaseScreen):
            self._settle_retries = 20
            self.set_timer(AFTER_SCREEN_SECONDS, self._settle_after_screen, name="heap-settle")

    def _settle_after_screen(self) -> None:
        due = self.heap.screen_opened_due(self.last_activity)
        if due:
            self.heap.settle()
        elif due is None and self._settle_retries > 0:
            self._settle_retries -= 1  # the operator is typing: ask again in a moment
            self.set_timer(AFTER_SCREEN_SECONDS, self._settle_after_screen, name="heap-settle")

    # -- idle lock --------------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.last_activity = self.monotonic()
        await super().on_event(event)

    async def check_idle_lock(self) -> None:
        if self.heap.idle_due(self.last_activity):
            self.heap.settle()
        if self.actor is None or self.locked:
            return
        if self.monotonic() - self.last_activity < self.idle_minutes * 60:
            return
        from counter_tui.tui.screens.login import LockScreen

        self.locked = True
        # The screen locks even when the audit row cannot be written (the database busy or read-only): an
        # error here would otherwise leave an unattended counter open, or close the app.
        with contextlib.suppress(CounterError):
            await self.call(idle_lock.record_session_lock)
        await self.push_screen(LockScreen())

    async def renew_counter_lease(self) -> None:
        """Keep this session's counter (loket) lease alive on every screen, the idle lock included. When another
        session took the counter over, this one ends: the screens show the login again."""
        if self.actor is None or self.actor.counter < 1:
            return
        try:
            await self.call(counter_setup.counter_heartbeat)
        except PermissionDenied as lost:
            self.actor = None
            self.locked = False
            await self.show_login()
            from counter_tui.tui.screens.login import LoginScreen

            if isinstance(self.screen, LoginScreen):
                self.screen.show_refusal(lost.message)
        except CounterError:
            pass  # busy or read-only for a moment: the next beat tries again, the lease lasts three minutes

    def unlocked(self) -> None:
        self.locked = False
        self.last_activity = self.monotonic()

    # -- changes from other counters --------------------------------------------------------------
    def active_data_screen(self) -> BaseScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, BaseScreen):
                return screen
        return None

    async def poll_changes(self) -> None:
        """PRAGMA data_version moves only when another connection commits: a cheap check every tick."""
        if self._polling:
            return
        self._polling = True
        try:
            version = await self.db.run(lambda db: db.data_version())
            if self._data_version is not None and version != self._data_version:
                screen = self.active_data_screen()
                if screen is not None:
                    await screen.refresh_data()
            self._data_version = version
        except CounterError:
            pass
        finally:
            self._polling = False

    # -- notifications ----------------------------------------------------------------------------
    def _on_notify(self, event) -> None:
        """One toast at a time: a new message replaces the last one instead of stacking over the screen
        (a counter finishing tickets back to back piled up 8-11 toasts, and every screen switch re-mounted them)."""
        self._notifications.clear()
        super()._on_notify(event)

    # -- logging out and shutting down -----------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "logout":
            return self.actor is not None and not self.locked
        return True

    def action_logout(self) -> None:
        if self.actor is None or self.locked:
            return
        from counter_tui.tui.screens.login import navigate

        navigate(self, self.logout(), "logout")

    async def action_quit(self) -> None:
        """Ctrl+Q asks once while this counter has a ticket called or being served (the visitor's turn would
        be left hanging); a second Ctrl+Q, or "Ya", quits."""
        if self.actor is not None and self.actor.counter >= 1 and not self._quit_asked:
            from counter_tui.services import counter_actions

            current = None
            with contextlib.suppress(CounterError):
                current = await self.call(counter_actions.current_ticket)
            if current is not None:
                from counter_tui.tui.dialogs.confirm import ConfirmDialog

                self._quit_asked = True

                async def answered(yes: bool | None) -> None:
                    self._quit_asked = False
                    if yes:
                        await self.quit_now()

                question = (
                    f"Tiket {current.label} masih {current.status.label.lower()} di loket ini. "
                    "Tetap keluar dari aplikasi? Tiket itu tetap tercatat di loket ini."
                )
                self.push_screen(ConfirmDialog(question, "Keluar"), answered)
                return
        await self.quit_now()

    async def quit_now(self) -> None:
        """Quitting while logged in is a logout too: the audit log says when the session ended."""
        if self.actor is not None:
            with contextlib.suppress(CounterError):
                await self.call(accounts.logout)
            self.actor = None
        self.exit(0)

    async def on_unmount(self) -> None:
        self.db.close()

    def _handle_exception(self, error: Exception) -> None:
        self._crash_error = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Textual's crash report prints local variables, which may hold a NIK or a name. Ours does not:
        a plain traceback without locals, with every 16-digit number masked."""
        self.bell()
        error = getattr(self, "_crash_error", None)
        lines = (
            traceback.format_exception(error)
            if error is not None
            else traceback.format_exc().splitlines(True)
        )
        report = redact_niks("".join(lines))
        self._exit_renderables.append(Text("counter_tui berhenti karena kesalahan tak terduga.\n" + report))
        self._close_messages_no_wait()


def create_app(db_path: Path, **kwargs) -> CounterApp:
    """The factory tests use: the app on any database file, with an injected clock (tests.clock.FixedClock)."""
    return CounterApp(db_path, **kwargs)


def run_app(db_path: Path, *, mode: str = "main", idle_minutes: int | None = None) -> int:
    app = create_app(db_path, mode=mode, idle_minutes=idle_minutes)
    app.run()
    return app.return_code or 0
