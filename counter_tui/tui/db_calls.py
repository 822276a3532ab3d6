"""How screens and dialogs call a use case: on the DB thread, with a refusal returned as a value.

`await self.attempt(use_case, *args)` runs `use_case(session, *args)` (see `CounterApp.call`: a Session of the
app's current actor and clock) and gives its result, or a `Refused` holding the CounterError; the caller decides
where the sentence goes (inline, a toast, a dialog). `await self.call(...)` is the short form for callers that
only want a toast on refusal: the result or None; `call_quiet` the same without the toast. Typed with
ParamSpec, so a type checker checks the arguments against the use case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from textual import getters
from textual.message_pump import MessagePump

from counter_tui.domain.errors import CounterError

if TYPE_CHECKING:
    from counter_tui.services.session import Session
    from counter_tui.tui.app import CounterApp

T = TypeVar("T")
P = ParamSpec("P")


@dataclass(frozen=True, slots=True)
class Refused:
    """A use case said no. `message` is the Indonesian sentence to show."""

    error: CounterError

    @property
    def message(self) -> str:
        return self.error.message


class DbCallsMixin(MessagePump):
    """Anything other than a CounterError propagates (and reaches the app's crash guard)."""

    if TYPE_CHECKING:
        # Textual types `app` as App[object]; every screen and dialog here runs inside a CounterApp.
        app = getters.app(CounterApp)

    async def attempt(
        self, use_case: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T | Refused:
        try:
            return await self.app.call(use_case, *args, **kwargs)
        except CounterError as error:
            return Refused(error)

    async def call(
        self, use_case: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        result = await self.attempt(use_case, *args, **kwargs)
        if isinstance(result, Refused):
            self.app.notify(result.message, severity="error", timeout=6, markup=False)
            return None
        return result

    async def call_quiet(
        self, use_case: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        result = await self.attempt(use_case, *args, **kwargs)
        return None if isinstance(result, Refused) else result
