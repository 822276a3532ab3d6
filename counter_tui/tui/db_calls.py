"""How screens and dialogs call a use case: on the DB thread, with a refusal returned as a value.

`await self.attempt(use_case, *args)` gives the use case's result, or a `Refused` holding the CounterError; the
caller decides where the sentence goes (inline, a toast, a dialog). `await self.call(...)` is the short form for
callers that only want a toast on refusal: it returns the result or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from counter_tui.domain.errors import CounterError

if TYPE_CHECKING:
    from counter_tui.tui.app import CounterApp

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Refused:
    """A use case said no. `message` is the Indonesian sentence to show."""

    error: CounterError

    @property
    def message(self) -> str:
        return self.error.message


class DbCallsMixin:
    """Anything other than a CounterError propagates (and reaches the app's crash guard)."""

    app: CounterApp

    async def attempt(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | Refused:
        try:
            return await self.app.db.run(fn, *args, **kwargs)
        except CounterError as error:
            return Refused(error)

    async def call(self, fn: Callable[..., T], *args: Any, quiet: bool = False, **kwargs: Any) -> T | None:
        result = await self.attempt(fn, *args, **kwargs)
        if isinstance(result, Refused):
            if not quiet:
                self.app.notify(result.message, severity="error", timeout=6, markup=False)
            return None
        return result
