"""The counter screen's finish panel: the outcome of the ticket at the counter, chosen on the screen itself.

It replaced a modal dialog (issue 11): pushing and popping a modal screen makes Textual repaint the whole
terminal twice (about 50 KB per finished ticket over SSH) and left detached footer widgets behind. The panel is
mounted once with the counter screen, on its own layer, and only shown and hidden: opening it repaints its own
box, closing it the rows it covered.

Finishing requires an outcome: pick one (arrows + Enter, or its number 1-6). "Lainnya" asks for a short note
in an inline field. Escape closes the panel and changes nothing. The panel only reports the choice
(`FinishPanel.Closed`); the counter screen runs the use case.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from counter_tui.domain.errors import ValidationError
from counter_tui.domain.queue import NOTE_MAX_LENGTH, Outcome, Ticket
from counter_tui.domain.text import clean_text
from counter_tui.tui.widgets.forms import ErrorLine, text_input

TITLE_TEXT = "Selesaikan tiket: pilih hasil layanan"
PICK_HINT = "Enter atau angka 1-6 memilih · Esc batal (tiket tidak berubah)"
NOTE_HINT = "Ketik catatan singkat, lalu Enter · Esc batal (tiket tidak berubah)"


@dataclass(frozen=True, slots=True)
class FinishChoice:
    outcome: Outcome
    note: str | None = None


class FinishPanel(Vertical):
    """Hidden until `open(ticket)`; posts `Closed` with the choice, or with None when cancelled."""

    BINDINGS = [
        *(Binding(str(n), f"choose({n})", show=False) for n in range(1, len(Outcome) + 1)),
        Binding("escape", "cancel", "Batal", show=False, id="finish_panel.cancel"),
    ]

    class Closed(Message):
        def __init__(self, ticket: Ticket, choice: FinishChoice | None) -> None:
            super().__init__()
            self.ticket = ticket
            self.choice = choice

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ticket: Ticket | None = None
        self._focus_before: Widget | None = None
        self.display = False

    def compose(self) -> ComposeResult:
        yield Static(Text(TITLE_TEXT, style="bold"), id="finish-title")
        yield Static("", classes="hint", id="finish-ticket")
        yield OptionList(
            *(Option(Text(f"{n}  {o.label}"), id=o.value) for n, o in enumerate(Outcome, start=1)),
            id="finish-outcomes",
        )
        note = text_input(
            "finish-note", "catatan singkat untuk 'Lainnya' (wajib)", max_length=NOTE_MAX_LENGTH
        )
        note.display = False
        yield note
        yield ErrorLine(id="finish-error")
        yield Static(Text(PICK_HINT), classes="hint", id="finish-hint")

    def on_mount(self) -> None:
        self._focusable(False)

    def _focusable(self, yes: bool) -> None:
        """Closed, nothing in the panel may take the focus: a screen's auto focus picks the first focusable
        widget, hidden or not, and the panel is composed first. (It used to be disabled while closed, but
        flipping `disabled` restyles every widget inside: ~5 ms per ticket.)"""
        for widget in self.query_children("#finish-outcomes, #finish-note"):
            widget.can_focus = yes

    @property
    def is_open(self) -> bool:
        return self.display

    def open(self, ticket: Ticket) -> None:
        """Show the panel for `ticket`, the first outcome highlighted, as a fresh dialog would."""
        self.ticket = ticket
        self.query_one("#finish-ticket", Static).update(
            Text(f"Tiket {ticket.label}: hasil layanan wajib dipilih.")
        )
        note = self.query_one("#finish-note", Input)
        note.value = ""
        note.display = False
        self.query_one("#finish-error", ErrorLine).clear()
        self.query_one("#finish-hint", Static).update(Text(PICK_HINT))
        options = self.query_one("#finish-outcomes", OptionList)
        options.highlighted = 0
        if not self.is_open:
            self._focus_before = self.screen.focused
        self._focusable(True)
        self.display = True
        options.focus()

    def close(self, choice: FinishChoice | None) -> None:
        if not self.is_open or self.ticket is None:
            return
        ticket = self.ticket
        self.display = False
        self.ticket = None
        before, self._focus_before = self._focus_before, None
        if before is not None and before.is_attached and before.focusable:
            before.focus()
        else:
            self.screen.set_focus(None)
        self._focusable(False)
        self.post_message(self.Closed(ticket, choice))

    def action_choose(self, number: int) -> None:
        if self.query_one("#finish-note", Input).display:
            return  # typing a note: digits belong to it (the binding is not reached from a focused Input anyway)
        self._pick(list(Outcome)[number - 1])

    def action_cancel(self) -> None:
        self.close(None)

    @on(OptionList.OptionSelected, "#finish-outcomes")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(Outcome(event.option.id or ""))

    def _pick(self, outcome: Outcome) -> None:
        if outcome is not Outcome.LAINNYA:
            self.close(FinishChoice(outcome))
            return
        note = self.query_one("#finish-note", Input)
        note.display = True
        note.focus()
        self.query_one("#finish-hint", Static).update(Text(NOTE_HINT))

    @on(Input.Submitted, "#finish-note")
    def _note_entered(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            note = clean_text(event.value, "Catatan", max_length=NOTE_MAX_LENGTH)
        except ValidationError as error:
            self.query_one("#finish-error", ErrorLine).show(error.message)
            return
        self.close(FinishChoice(Outcome.LAINNYA, note))
