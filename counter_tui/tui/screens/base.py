"""Helpers every screen shares: calling a use case off the UI thread and showing its refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import ModalScreen, Screen

from counter_tui.domain.errors import CounterError

if TYPE_CHECKING:
    from counter_tui.tui.app import CounterApp

T = TypeVar("T")


class DbCallsMixin:
    """`await self.call(use_case, *args)` runs it on the DB thread; a CounterError becomes a red notification
    and returns None. Anything else propagates (and reaches the app's crash guard)."""

    app: CounterApp

    async def call(self, fn: Callable[..., T], *args: Any, quiet: bool = False, **kwargs: Any) -> T | None:
        try:
            return await self.app.db.run(fn, *args, **kwargs)
        except CounterError as error:
            if not quiet:
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
