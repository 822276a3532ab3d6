"""Domain errors. Every message is a complete sentence in Bahasa Indonesia, safe to show to a user.

Messages never contain a full NIK.
"""

from __future__ import annotations


class CounterError(Exception):
    """Base of every error a user may see. `str(error)` is the Indonesian message.

    `overridable`: a supervisor may lift this refusal (see `supervisor_may_override`)."""

    overridable: bool = False

    def __init__(self, message: str) -> None:
        from counter_tui.domain.text import safe_message  # noqa: PLC0415 - text imports errors

        message = safe_message(message)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(CounterError):
    """Bad input: a field is empty, malformed or out of range."""


class PinRejected(ValidationError):
    """A new PIN is refused (too weak, not digits, or the two entries differ): the form asks for it again."""


class PermissionDenied(CounterError):
    """The actor's role may not do this."""


class AuthError(CounterError):
    """Login failed: wrong PIN, unknown code, locked or inactive account."""


class NotFound(CounterError):
    """The thing asked for does not exist."""


class Conflict(CounterError):
    """The action clashes with the current state (duplicate code, wrong ticket status, ...)."""


class QueueClosed(CounterError):
    """Tickets cannot be issued now: outside opening hours, or the quota is reached."""

    def __init__(self, message: str, *, overridable: bool = True) -> None:
        super().__init__(message)
        self.overridable = overridable


class DuplicateTicket(CounterError):
    """The same NIK already holds a waiting ticket for the same service today."""

    overridable = True


def supervisor_may_override(refusal: CounterError) -> bool:
    """Which refusals a supervisor's override lifts when a ticket is issued: outside the hours, the quota
    reached, a second waiting ticket for one NIK. Never an inactive or unknown service, a bad NIK, or a role."""
    return isinstance(refusal, (QueueClosed, DuplicateTicket)) and refusal.overridable


class EmptyQueue(CounterError):
    """Call next found nobody waiting."""


class ClockBehind(CounterError):
    """The computer's clock is well behind the newest record: issuing now would break the call order."""
