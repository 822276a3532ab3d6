"""Form pieces shared by screens and dialogs: one-line labelled inputs, PIN and code inputs, the inline error line.

No input drops what the user typed without a word: a `FieldInput` that refuses a key or a paste (too long, or
a character the field does not take) says why in a short warning, instead of Textual's bare bell. The use
cases check every value again, with the same rule for the TUI and the CLI (`counter_tui.domain.text`).
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from counter_tui.domain.accounts import CODE_MAX_LENGTH, NAME_MAX_LENGTH
from counter_tui.domain.pins import PIN_MAX_LENGTH

DIGITS = r"[0-9]*"
REFUSAL_TOAST_SECONDS = 4.0
CODE_RESTRICT = r"[A-Za-z0-9_.\-]*"


def to_ascii_digits(text: str) -> str:
    """Fullwidth or other Unicode digits ("１２３", "١٢٣") become ASCII digits; everything else is kept."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text)


class FieldInput(Input):
    """An Input that explains a refusal. `normalize` runs on every insertion (typing and pasting alike), so
    fullwidth digits become ASCII before `restrict` is checked."""

    def __init__(
        self, *args, refused_message: str = "", normalize: Callable[[str], str] | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.refused_message = refused_message
        self.normalize = normalize
        self._last_refusal = -REFUSAL_TOAST_SECONDS

    def replace(self, text: str, start: int, end: int) -> None:
        # Typing, pasting and typing over a selection all end here.
        super().replace(self.normalize(text) if self.normalize else text, start, end)

    def restricted(self) -> None:
        self.app.bell()
        # One toast for a held-down key, not one per repeat.
        now = time.monotonic()
        if self.refused_message and now - self._last_refusal > REFUSAL_TOAST_SECONDS:
            self._last_refusal = now
            self.app.notify(
                self.refused_message, severity="warning", timeout=REFUSAL_TOAST_SECONDS, markup=False
            )


def text_input(
    input_id: str,
    placeholder: str = "",
    *,
    max_length: int = 100,
    digits_only: bool = False,
    restrict: str | None = None,
    refused_message: str = "",
    value: str = "",
) -> FieldInput:
    """A one-line field without a border: forms must fit an 80x24 terminal on an old office PC."""
    if not refused_message:
        refused_message = (
            f"Kolom ini hanya menerima angka, maksimal {max_length} angka."
            if digits_only
            else f"Kolom ini maksimal {max_length} karakter."
        )
    return FieldInput(
        value=value,
        placeholder=placeholder,
        max_length=max_length,
        restrict=DIGITS if digits_only else restrict,
        compact=True,
        id=input_id,
        refused_message=refused_message,
        normalize=to_ascii_digits if digits_only else None,
    )


def pin_input(input_id: str, placeholder: str = "6-12 angka") -> FieldInput:
    """A masked PIN field: digits only, never shown."""
    return FieldInput(
        placeholder=placeholder,
        password=True,
        restrict=DIGITS,
        max_length=PIN_MAX_LENGTH,
        compact=True,
        id=input_id,
        refused_message=f"PIN hanya angka, maksimal {PIN_MAX_LENGTH} angka.",
        normalize=to_ascii_digits,
    )


def code_input(input_id: str, placeholder: str = "mis. SITI01") -> FieldInput:
    return text_input(
        input_id,
        placeholder,
        max_length=CODE_MAX_LENGTH,
        restrict=CODE_RESTRICT,
        refused_message=f"Kode petugas: huruf, angka, titik, garis bawah atau tanda hubung; "
        f"maksimal {CODE_MAX_LENGTH} karakter.",
    )


def name_input(input_id: str, placeholder: str = "") -> FieldInput:
    return text_input(
        input_id,
        placeholder,
        max_length=NAME_MAX_LENGTH,
        refused_message=f"Nama lengkap maksimal {NAME_MAX_LENGTH} karakter.",
    )


def field(label: str, *widgets: Widget, field_id: str | None = None) -> Horizontal:
    """A form row: the label on the left, the input (and anything beside it) on the right."""
    return Horizontal(Label(label, classes="field-label"), *widgets, classes="field", id=field_id)


def focus_next_empty_or_submit(inputs: list[Input]) -> bool:
    """Enter moves to the next empty field; once every field is filled it means "submit". Returns True to submit."""
    for box in inputs:
        if not box.value:
            box.focus()
            return False
    return True


class OrderedEnterMixin:
    """Enter and Tab keep their place in fast typing.

    Textual hands a key to the widget that has the focus when the key arrives; a non-priority Enter or Tab
    moves the focus only after the keys typed behind it were already handed to the old field. Typed ~50 ms
    apart under load, "OPR1 <Tab> 572946" then put the PIN into the code field. As priority bindings they
    move the focus before the next key is handed on. Enter on a field with an empty field after it moves there;
    otherwise the binding stands aside and the field's own Enter (Input.Submitted) submits, after its
    characters are all in."""

    # Textual merges BINDINGS only from DOMNode classes: a screen using this mixin lists these in its own.
    ORDERED_ENTER_BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter_moves_on", show=False, priority=True, id="form.enter")
    ]

    def form_inputs(self) -> list[Input]:
        return list(self.query(Input))  # type: ignore[attr-defined]

    def _empty_field_after_focus(self) -> Input | None:
        focused = self.focused  # type: ignore[attr-defined]
        inputs = self.form_inputs()
        if not isinstance(focused, Input) or focused not in inputs:
            return None
        after = inputs[inputs.index(focused) + 1 :]
        return next((box for box in after if not box.value and not box.disabled), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter_moves_on":
            return self._empty_field_after_focus() is not None
        return super().check_action(action, parameters)  # type: ignore[misc]

    def action_enter_moves_on(self) -> None:
        target = self._empty_field_after_focus()
        if target is not None:
            # Screen.set_focus, not Widget.focus(): the latter is deferred, and the next key would be handed
            # to the old field meanwhile.
            self.set_focus(target)  # type: ignore[attr-defined]


class ErrorLine(Static):
    """The inline refusal under a form (red). Empty when there is nothing to say."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="error", markup=False)
        self.display = False  # takes no row until there is something to say (80x24 forms are tight)

    def show(self, message: str) -> None:
        self.update(Text(message))
        self.display = True
        # Forms taller than an 80x24 terminal scroll: bring the refusal into view, or it is said where no one
        # looks (the first-run setup form ends below the fold).
        self.call_after_refresh(self.scroll_visible, animate=False)

    def clear(self) -> None:
        self.update("")
        self.display = False
