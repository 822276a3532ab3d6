"""Helpers every screen shares: calling a use case off the UI thread and showing its refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from textual import getters
from textual.message_pump import MessagePump
from textual.screen import ModalScreen, Screen

from counter_tui.domain.errors import CounterError

if TYPE_CHECKING:
    from counter_tui.services.session import Session
    from counter_tui.tui.app import CounterApp

T = TypeVar("T")
P = ParamSpec("P")


class DbCallsMixin(MessagePump):
    """`await self.call(use_case, *args)` runs `use_case(session, *args)` on the DB thread, with a Session of
    the app's current actor and clock (see `CounterApp.call`). A CounterError becomes a red notification and
    returns None; `call_quiet` returns None without the notification. Anything else propagates (and reaches the
    app's crash guard). Typed with ParamSpec, so a type checker checks the arguments against the use case."""

    if TYPE_CHECKING:
        # Textual types `app` as App[object]; every screen here runs inside a CounterApp.
        app = getters.app(CounterApp)

    async def call(self, use_case: Callable[Concatenate[Session, P], T], *args: P.args,
                   **kwargs: P.kwargs) -> T | None:
        return await self._call(True, use_case, *args, **kwargs)

    async def call_quiet(self, use_case: Callable[Concatenate[Session, P], T], *args: P.args,
                         **kwargs: P.kwargs) -> T | None:
        return await self._call(False, use_case, *args, **kwargs)

    async def _call(self, notify: bool, use_case: Callable[Concatenate[Session, P], T], *args: P.args,
                    **kwargs: P.kwargs) -> T | None:
        try:
            return await self.app.call(use_case, *args, **kwargs)
        except CounterError as error:
            if notify:
                self.app.notify(error.message, severity="error", timeout=6, markup=False)
            self.on_refused(error)
            return None

    def on_refused(self, error: CounterError) -> None:
        """Hook: a screen may show the refusal inline as well."""


class BaseScreen(DbCallsMixin, Screen):
    """A full screen. `refresh_data` is called when another process changed the database."""

    async def refresh_data(self) -> None:
        return None


class BaseDialog(DbCallsMixin, ModalScreen[T]):
    pass
