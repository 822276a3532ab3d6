"""Small pieces the case screens share: the stock-and-target lines, the NIK decode lines, the route line, and the
wrapping step checklist of the IKD dialog (the dialogs themselves are in tui/dialogs/cases.py).

Every piece of user text (names, references, reasons) is rendered as plain `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from counter_tui.domain.applicant import format_date_id
from counter_tui.domain.nik import NikCheck
from counter_tui.domain.routing import CaseDecision
from counter_tui.domain.stock import StockLevel, Target, format_number


# -- text pieces -------------------------------------------------------------------------------------
def short_date(iso: str) -> str:
    """'2026-12-01' -> '01-12-26': list tables have 80 columns."""
    return f"{iso[8:10]}-{iso[5:7]}-{iso[2:4]}" if len(iso) == 10 else iso


def long_date(iso: str) -> str:
    """'2026-12-01' -> '01-12-2026', the way the office writes dates (not the ISO form)."""
    return f"{iso[8:10]}-{iso[5:7]}-{iso[:4]}" if len(iso) == 10 else iso


def stock_text(level: StockLevel, target: Target | None = None) -> Text:
    """The stock panel: balance and reserve, blanks free for replacements, days left, the target's progress."""
    text = Text()
    text.append("Stok ", style="bold")
    text.append(format_number(level.balance), style="bold red" if level.balance <= level.reserve else "bold")
    text.append(f" · cadangan {format_number(level.reserve)}")
    free = level.available_for_replacement
    text.append("\nPengganti: ")
    text.append(
        f"{format_number(free)} bebas" if level.replacements_allowed else "ditahan (kebijakan)",
        style="" if free else "yellow",
    )
    text.append(f"\nSisa stok: {level.days_left_text()}")
    if target is not None and target.population:
        text.append("\nTarget perekaman:\n", style="bold")
        text.append(target.progress_text())
    return text


def stock_line(level: StockLevel, target: Target | None = None) -> Text:
    """One line for the counter screen: 'Blanko 4.980 (cad. 2.746, pengganti 2.233) · 99,2 % — 2.496 belum rekam'."""
    text = Text()
    text.append("Blanko ", style="bold")
    text.append(format_number(level.balance), style="bold red" if level.balance <= level.reserve else "bold")
    text.append(f" (cad. {format_number(level.reserve)}, pengganti ")
    text.append(format_number(level.available_for_replacement) if level.replacements_allowed else "ditahan")
    text.append(")")
    if target is not None and target.population:
        text.append(" · ")
        text.append(target.progress_text())  # "99,2 % — 2.496 belum rekam": the target's progress
    if level.days_left is not None:
        text.append(f" · {level.days_left_text()}")
    return text


def nik_check_text(check: NikCheck | None) -> Text:
    """The live decode under the NIK field: region, sex and birth date, warnings (yellow) and errors (red)."""
    if check is None:
        return Text("Spasi, titik dan tanda hubung boleh.", style="dim")
    text = Text(no_wrap=True, overflow="ellipsis")
    if check.errors:
        text = Text()
        text.append("\n".join(check.errors), style="bold red")
    else:
        regency = (check.regency or "").replace("Kabupaten ", "Kab. ")
        region = ", ".join(p for p in (check.district, regency, check.province) if p)
        text.append(region or "-")
        if check.sex and check.birth_date:
            sex = "Laki-laki" if check.sex == "L" else "Perempuan"
            text.append(f"\n{sex} · lahir {format_date_id(check.birth_date)}")
    if check.warnings:
        text.append("\n" + "\n".join(check.warnings), style="yellow")
    return text


def decision_text(decision: CaseDecision) -> Text:
    text = Text()
    text.append(f" {decision.route.label} ", style="bold reverse")
    if (
        decision.outcome.label != decision.route.label
    ):  # "Berkas belum lengkap → Berkas belum lengkap" says nothing
        text.append(f" → {decision.outcome.label}", style="bold")
    if decision.joins_waiting_list:
        text.append(" · masuk daftar tunggu cetak", style="bold")
    text.append("\n")
    text.append(decision.message)
    return text


# -- IKD checklist -----------------------------------------------------------------------------------


class StepChecklist(Widget, can_focus=True):
    """Numbered steps with a tick box each, wrapped to the width (a SelectionList cuts long lines): up/down
    move, space ticks or unticks the highlighted step."""

    DEFAULT_CSS = """
    StepChecklist { height: auto; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("space", "toggle_step", "Centang", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    class Changed(Message):
        """A step was ticked or unticked."""

    def __init__(self, steps: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.steps = tuple(steps)
        self.done = [False] * len(self.steps)

    def render(self) -> Text:
        text = Text()
        for n, (step, done) in enumerate(zip(self.steps, self.done, strict=True)):
            if n:
                text.append("\n")
            mark = "[x]" if done else "[ ]"
            here = n == self.cursor and self.has_focus
            text.append(f"{mark} {n + 1}. ", style="bold green" if done else "bold")
            text.append(step, style="reverse" if here else "")
        return text

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.steps)

    def action_toggle_step(self) -> None:
        self.done[self.cursor] = not self.done[self.cursor]
        self.refresh()
        self.post_message(self.Changed())

    def tick_all(self) -> None:
        self.done = [True] * len(self.steps)
        self.refresh()
        self.post_message(self.Changed())

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
