"""Logging in (operator code, PIN, counter) and the idle lock that asks the same operator for the PIN again."""

from __future__ import annotations

from collections.abc import Awaitable

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Footer, Header, Input, Static

from counter_tui.domain.accounts import MAX_FAILED_LOGINS
from counter_tui.domain.errors import CounterError
from counter_tui.services import accounts, idle_lock
from counter_tui.tui.dialogs.base import BaseDialog
from counter_tui.tui.screens.base import BaseScreen, Refused
from counter_tui.tui.widgets.forms import (
    ErrorLine,
    OrderedEnterMixin,
    code_input,
    field,
    focus_next_empty_or_submit,
    pin_input,
    text_input,
)


def navigate(app: App, work: Awaitable[None], name: str) -> None:
    """Run a change of the whole screen (setup done, login done, logout) on an app worker.

    Input and Button messages run on the screen's own task, and Textual's switch_screen waits for the replaced
    screen's task to end: awaiting it from that screen's handler never returns. An app worker is outside both.
    A refusal on the way (the database busy or read-only while writing the logout row) becomes a notification
    instead of a failed worker, which would close the app.
    """

    async def guarded() -> None:
        try:
            await work
        except CounterError as error:
            app.notify(error.message, severity="error", timeout=8, markup=False)

    app.run_worker(guarded(), name=name, group="navigation", exclusive=True)


class LoginScreen(OrderedEnterMixin, BaseScreen):
    """Operator code, PIN and counter number; Enter moves to the next empty field, then logs in."""

    BINDINGS = OrderedEnterMixin.ORDERED_ENTER_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Center(id="login-center"), Vertical(classes="form", id="login-form"):
            yield Static(self._office_line(), classes="form-title", id="login-office")
            yield Static(Text("Masuk petugas", style="bold"))
            yield field("Kode petugas", code_input("login-code", "kode petugas"))
            yield field("PIN", pin_input("login-pin", "PIN"))
            yield field(
                "Nomor loket",
                text_input(
                    "login-counter",
                    "0 = meja informasi",
                    max_length=2,
                    digits_only=True,
                    refused_message="Nomor loket hanya angka 0-99 (paling banyak 2 angka; 0 = meja informasi).",
                ),
            )
            yield Button("Masuk (Enter)", variant="primary", id="login-submit")
            yield ErrorLine(id="login-error")
        yield Footer()

    def _office_line(self) -> Text:
        office = self.app.office
        if office is None:
            return Text("counter_tui")
        line = Text(office.name, style="bold")
        line.append(Text(f"\n{office.region_name} ({office.region_code})", style="dim"))
        return line

    def on_mount(self) -> None:
        self.query_one("#login-code", Input).focus()

    def show_refusal(self, message: str) -> None:
        """Show why the last attempt (or the session) ended; used after an idle-lock lockout too."""
        self.query_one("#login-error", ErrorLine).show(message)

    def _inputs(self) -> list[Input]:
        return [self.query_one(f"#{name}", Input) for name in ("login-code", "login-pin", "login-counter")]

    def form_inputs(self) -> list[Input]:
        return self._inputs()

    @on(Input.Submitted)
    async def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        if focus_next_empty_or_submit(self._inputs()):
            await self.action_login()
        elif not event.value and event.input.id == "login-counter":
            # Enter on the empty last field would otherwise do nothing and say nothing.
            self.show_refusal("Nomor loket wajib diisi: 1-99, atau 0 untuk meja informasi.")

    @on(Button.Pressed, "#login-submit")
    async def _login_pressed(self) -> None:
        await self.action_login()

    async def action_login(self) -> None:
        if self._busy:
            return
        self._busy = True
        code, pin, counter = (field.value for field in self._inputs())
        self.query_one("#login-error", ErrorLine).clear()
        actor = await self.attempt(accounts.login, code, pin, counter)
        if isinstance(actor, Refused):
            self._busy = False
            self.show_refusal(actor.message)
            self.query_one("#login-pin", Input).value = ""
            focus_next_empty_or_submit(self._inputs())
            return
        navigate(self.app, self.app.login_done(actor), "login-done")


class LockScreen(BaseDialog[None]):
    """The idle lock, over whatever screen the operator left. Its background is opaque: an applicant's data must
    not stay readable on an unattended counter. The screens underneath are kept and come back on unlock."""

    BINDINGS = [Binding("ctrl+l", "switch_operator", "Ganti petugas", id="lock.switch_operator")]

    def __init__(self) -> None:
        super().__init__(id="lock-screen")
        self.remove_class("dialog-screen")
        self._busy = False

    def compose(self) -> ComposeResult:
        actor = self.app.actor
        who = Text("Petugas: ")
        if actor is not None:
            who.append(Text(f"{actor.full_name} ({actor.code})", style="bold"))
            who.append(Text(f" · Loket {actor.counter}" if actor.counter else " · Meja informasi"))
        with Vertical(classes="dialog form", id="lock-dialog"):
            yield Static(Text("Layar terkunci", style="bold"), classes="dialog-title")
            yield Static(who, id="lock-who")
            yield Static(
                Text(
                    f"Tidak ada aktivitas selama {self.app.idle_minutes} menit. "
                    "Ketik PIN untuk melanjutkan pekerjaan, atau ganti petugas."
                ),
                classes="hint",
            )
            yield field("PIN", pin_input("lock-pin", "PIN"))
            yield ErrorLine(id="lock-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Buka kunci (Enter)", variant="primary", id="lock-unlock")
                yield Button("Ganti petugas (Ctrl+L)", id="lock-switch")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lock-pin", Input).focus()

    @on(Input.Submitted, "#lock-pin")
    async def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_unlock()

    @on(Button.Pressed, "#lock-unlock")
    async def _unlock_pressed(self) -> None:
        await self.action_unlock()

    @on(Button.Pressed, "#lock-switch")
    def _switch_pressed(self) -> None:
        self.action_switch_operator()

    async def action_unlock(self) -> None:
        actor = self.app.actor
        if self._busy or actor is None:
            return
        self._busy = True
        try:
            pin_field = self.query_one("#lock-pin", Input)
            pin = pin_field.value
            pin_field.value = ""
            error_line = self.query_one("#lock-error", ErrorLine)
            error_line.clear()
            try:
                await self.app.call(idle_lock.unlock_session, pin)
            except CounterError as error:
                # Inline only: a toast would outlive this dialog after a lockout logs out.
                error_line.show(error.message)
                pin_field.focus()
                await self._end_session_if_locked(error.message)
                return
        finally:
            self._busy = False
        self.app.unlocked()
        self.dismiss()

    async def _end_session_if_locked(self, message: str) -> None:
        """A wrong PIN keeps the screen locked. Once the account is locked (or was deactivated meanwhile), the
        session is over: log out and say why on the login screen."""
        actor = self.app.actor
        assert actor is not None
        mine = await self.call_quiet(accounts.own_account)
        if mine is not None and mine.may_work:
            return
        if mine is not None and mine.locked:
            # The operator of this session is known: the lock may be named (a guesser at the login is not told).
            message = (
                f"PIN salah {MAX_FAILED_LOGINS} kali berturut-turut. Akun {actor.code} dikunci; minta "
                "supervisor membuka kuncinya."
            )
        navigate(self.app, self._logout_with(message), "lockout-logout")

    async def _logout_with(self, message: str) -> None:
        await self.app.logout()
        screen = self.app.screen
        if isinstance(screen, LoginScreen):
            screen.show_refusal(message)

    def action_switch_operator(self) -> None:
        navigate(self.app, self.app.logout(), "switch-operator")


__all__ = ["LockScreen", "LoginScreen", "navigate"]
