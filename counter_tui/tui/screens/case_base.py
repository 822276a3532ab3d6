"""The base of the case screens: a refusal is a toast and also stays on the screen's own error line."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from counter_tui.domain.errors import CounterError
from counter_tui.tui.db_calls import Refused
from counter_tui.tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from counter_tui.services.session import Session

T = TypeVar("T")
P = ParamSpec("P")


class CaseScreen(BaseScreen):
    async def call(
        self, use_case: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        result = await self.attempt(use_case, *args, **kwargs)
        if isinstance(result, Refused):
            self.app.notify(result.message, severity="error", timeout=6, markup=False)
            self.on_refused(result.error)
            return None
        return result

    def on_refused(self, error: CounterError) -> None:
        """Show the refusal inline (each screen has its error line)."""
