"""Small pieces the case screens share: the stock-and-target lines, the NIK decode lines, and the dialogs of the
case screens (IKD checklist, SIAK status, stock movements, target).

Every piece of user text (names, references, reasons) is rendered as plain `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from counter_tui.domain.cases import (
    IKD_STEPS,
    RECORDING_TRANSITIONS,
    CaseDecision,
    IkdOutcome,
    IkdResult,
    RecordingStatus,
    format_date_id,
)
from counter_tui.domain.errors import CounterError
from counter_tui.domain.nik import NikCheck
from counter_tui.domain.stock import StockLevel, Target, format_number
from counter_tui.services import cases, stock
from counter_tui.tui.widgets.queue_widgets import QueueDialog


# -- text pieces -------------------------------------------------------------------------------------
def short_date(iso: str) -> str:
    """'2026-12-01' -> '01-12-26': list tables have 80 columns."""
    return f"{iso[8:10]}-{iso[5:7]}-{iso[2:4]}" if len(iso) == 10 else iso

def stock_text(level: StockLevel, target: Target | None = None) -> Text:
    """The stock panel: balance and reserve, blanks free for replacements, days left, the target's progress."""
    text = Text()
    text.append("Stok ", style="bold")
    text.append(format_number(level.balance), style="bold red" if level.balance <= level.reserve else "bold")
    text.append(f" · cadangan {format_number(level.reserve)}")
    free = level.available_for_replacement
    text.append("\nPengganti: ")
    text.append(f"{format_number(free)} bebas" if level.replacements_allowed else "ditahan (kebijakan)",
                style="" if free else "yellow")
    text.append(f"\nSisa stok: {level.days_left_text()}")
    if target is not None and target.population:
        text.append("\nTarget perekaman:\n", style="bold")
        text.append(target.progress_text())
    return text


def stock_line(level: StockLevel, target: Target | None = None) -> Text:
    """One line for the counter screen: 'Blanko 4.980 (cad. 2.746, pengganti 2.233) · Target … · ± 35 hari'."""
    text = Text()
    text.append("Blanko ", style="bold")
    text.append(format_number(level.balance), style="bold red" if level.balance <= level.reserve else "bold")
    text.append(f" (cad. {format_number(level.reserve)}, pengganti ")
    text.append(format_number(level.available_for_replacement) if level.replacements_allowed else "ditahan")
    text.append(")")
    if target is not None and target.population:
        text.append(" · Target ", style="bold")
        text.append(target.progress_text())
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
    text.append(f" → {decision.outcome.label}", style="bold")
    if decision.joins_waiting_list:
        text.append(" · masuk daftar tunggu cetak", style="bold")
    text.append("\n")
    text.append(decision.message)
    return text


# -- IKD checklist -----------------------------------------------------------------------------------
_OUTCOMES = (IkdOutcome.ACTIVATED, IkdOutcome.GUIDED_HOME, IkdOutcome.NO_SMARTPHONE)


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

    def tick_all(self) -> None:
        self.done = [True] * len(self.steps)
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class IkdChecklistDialog(QueueDialog):
    """The 7 IKD activation steps (DOMAIN.md) to tick, and the outcome. F5 ticks every step, 1/2/3 choose the
    outcome, Enter finishes (the case is written then, in one transaction), Escape goes back to the form."""

    TITLE_TEXT = "Bimbingan aktivasi IKD"
    BINDINGS = [
        Binding("f5,a", "tick_all", "Centang semua", id="ikd.tick_all"),
        Binding("1", "outcome(0)", "IKD aktif", show=False, id="ikd.activated"),
        Binding("2", "outcome(1)", "Lanjut di rumah", show=False, id="ikd.guided_home"),
        Binding("3", "outcome(2)", "Tanpa HP pintar", show=False, id="ikd.no_smartphone"),
        Binding("enter", "done", "Selesai", priority=True, id="ikd.done"),
    ]

    def __init__(self, decision: CaseDecision) -> None:
        super().__init__(id="ikd-dialog")
        self.decision = decision
        self.outcome = IkdOutcome.ACTIVATED

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog case-dialog"):
            yield Static(Text(self.TITLE_TEXT, style="bold"))
            yield Static(Text(self.decision.message, style="dim"))
            yield StepChecklist(IKD_STEPS, id="ikd-steps")
            yield Static("", id="ikd-outcome")
            yield from self.compose_error()
            yield Static(Text("↑↓ spasi centang · F5/a semua · 1/2/3 hasil · Enter selesai · Esc kembali"),
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#ikd-steps", StepChecklist).focus()
        self.render_outcome()

    def render_outcome(self) -> None:
        text = Text("Hasil: ", style="bold")
        for n, outcome in enumerate(_OUTCOMES, start=1):
            chosen = outcome is self.outcome
            text.append(f" {n} {outcome.label} ", style="bold reverse" if chosen else "dim")
            text.append(" ")
        self.query_one("#ikd-outcome", Static).update(text)

    def steps_done(self) -> tuple[bool, ...]:
        return tuple(self.query_one("#ikd-steps", StepChecklist).done)

    def action_tick_all(self) -> None:
        self.query_one("#ikd-steps", StepChecklist).tick_all()

    def action_outcome(self, index: int) -> None:
        self.outcome = _OUTCOMES[index]
        self.render_outcome()

    def action_done(self) -> None:
        try:
            result = IkdResult(self.steps_done(), self.outcome)
        except CounterError as error:
            self.show_error(error.message)
            return
        self.dismiss(result)


# -- recording status from SIAK -------------------------------------------------------------------
class SiakStatusDialog(QueueDialog):
    """Pick the status read from SIAK: only the statuses the current one may move to (by number or Enter)."""

    TITLE_TEXT = "Status dari SIAK"
    BINDINGS = [Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)]

    def __init__(self, current: RecordingStatus, nik_masked: str) -> None:
        self.choices = sorted(RECORDING_TRANSITIONS[current] - {RecordingStatus.CARD_PRINTED},
                              key=lambda s: list(RecordingStatus).index(s))
        super().__init__()
        self.current = current
        self.nik_masked = nik_masked

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            yield Static(Text(f"NIK {self.nik_masked} · sekarang {self.current.value} ({self.current.label})"),
                         classes="hint")
            if self.choices:
                yield OptionList(
                    *(Option(Text(f"{n}  {s.value} — {s.label}"), id=s.value)
                      for n, s in enumerate(self.choices, start=1)),
                    id="siak-statuses",
                )
            else:
                yield Static(Text("Status ini tidak bisa diubah dari SIAK."), classes="error")
            yield Static(Text("Angka atau Enter memilih · Esc batal"), classes="hint")

    def on_mount(self) -> None:
        if self.choices:
            self.query_one(OptionList).focus()

    def action_choose(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self.dismiss(self.choices[number - 1])

    @on(OptionList.OptionSelected, "#siak-statuses")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(RecordingStatus(str(event.option.id)))


# -- stock and target (supervisor) ----------------------------------------------------------------
class _TwoFieldDialog(QueueDialog):
    """Two labelled one-line fields; Enter moves on, then submits; the use case's refusal shows inline."""

    LABELS: tuple[str, str] = ("", "")
    PLACEHOLDERS: tuple[str, str] = ("", "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            for n, (label, hint) in enumerate(zip(self.LABELS, self.PLACEHOLDERS, strict=True)):
                with Horizontal(classes="case-field"):
                    yield Label(label, classes="case-label")
                    yield Input(placeholder=hint, compact=True, id=f"field-{n}")
            yield from self.compose_error()
            yield Static(Text("Enter lanjut/simpan · Esc batal"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#field-0", Input).focus()

    def values(self) -> tuple[str, str]:
        return self.query_one("#field-0", Input).value, self.query_one("#field-1", Input).value

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "field-0" and not self.query_one("#field-1", Input).value:
            self.query_one("#field-1", Input).focus()
            return
        await self.save()

    async def save(self) -> None:
        raise NotImplementedError


class ReceiveStockDialog(_TwoFieldDialog):
    TITLE_TEXT = "Terima blanko dari pusat"
    LABELS = ("Jumlah", "Referensi")
    PLACEHOLDERS = ("mis. 500", "no. surat / berita acara")

    async def save(self) -> None:
        quantity, reference = self.values()
        movement = await self.call(stock.receive_stock, quantity, reference)
        if movement is not None:
            self.dismiss(movement)


class DamagedStockDialog(_TwoFieldDialog):
    TITLE_TEXT = "Catat blanko rusak"
    LABELS = ("Jumlah", "Alasan")
    PLACEHOLDERS = ("mis. 3", "mis. tergores, dikembalikan dgn berita acara")

    async def save(self) -> None:
        quantity, reason = self.values()
        movement = await self.call(stock.record_damaged, quantity, reason)
        if movement is not None:
            self.dismiss(movement)


class CorrectStockDialog(_TwoFieldDialog):
    TITLE_TEXT = "Koreksi stock opname"
    LABELS = ("Hasil hitung", "Alasan")
    PLACEHOLDERS = ("jumlah blanko yang dihitung", "mis. stock opname akhir bulan")

    async def save(self) -> None:
        counted, reason = self.values()
        movement = await self.call(stock.correct_stock, counted, reason)
        if movement is not None:
            self.dismiss(movement)


class CancelWaitingDialog(QueueDialog):
    """Take someone off the waiting list, with a reason (moved away, got the card elsewhere)."""

    TITLE_TEXT = "Batalkan dari daftar tunggu"

    def __init__(self, entry_id: int, nik_masked: str) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.nik_masked = nik_masked
        self.refused = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            yield Static(Text(f"NIK {self.nik_masked}"), classes="hint")
            with Horizontal(classes="case-field"):
                yield Label("Alasan", classes="case-label")
                yield Input(placeholder="mis. pindah domisili, sudah cetak di tempat lain", compact=True,
                            id="cancel-reason")
            yield from self.compose_error()
            yield Static(Text("Enter batalkan entri · Esc kembali"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#cancel-reason", Input).focus()

    @on(Input.Submitted, "#cancel-reason")
    async def _submitted(self, event: Input.Submitted) -> None:
        # The use case returns None: a refusal is told apart by on_refused.
        self.refused = False
        await self.call(cases.cancel_waiting_entry, self.entry_id, event.value)
        if self.is_attached and not self.refused:
            self.dismiss(True)

    def on_refused(self, error: CounterError) -> None:
        self.refused = True
        super().on_refused(error)


class TargetDialog(QueueDialog):
    """The recording target: population, recorded before the app, and an optional target date."""

    TITLE_TEXT = "Target perekaman"
    FIELDS: Sequence[tuple[str, str, str]] = (
        ("population", "Wajib KTP-el", "mis. 313281"),
        ("recorded", "Sudah rekam", "sebelum aplikasi, mis. 310785"),
        ("date", "Tgl target", "HH-BB-TTTT, kosong = tanpa"),
    )

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        values = {
            "population": str(self.target.population or ""),
            "recorded": str(self.target.recorded_before or ""),
            "date": self.target.target_date.strftime("%d-%m-%Y") if self.target.target_date else "",
        }
        with Vertical(classes="queue-dialog"):
            yield from self.compose_title()
            for key, label, hint in self.FIELDS:
                with Horizontal(classes="case-field"):
                    yield Label(label, classes="case-label")
                    yield Input(values[key], placeholder=hint, compact=True, id=f"target-{key}")
            yield from self.compose_error()
            yield Static(Text("Enter simpan · Esc batal"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#target-population", Input).focus()

    @on(Input.Submitted)
    async def _submitted(self) -> None:
        population = self.query_one("#target-population", Input).value
        recorded = self.query_one("#target-recorded", Input).value
        day = self.query_one("#target-date", Input).value.strip()
        iso = day
        if day:
            parts = day.replace("/", "-").split("-")
            if len(parts) == 3 and len(parts[2]) == 4:
                iso = f"{parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}"
        view = await self.call(stock.set_target, population, recorded, iso or None)
        if view is not None:
            self.dismiss(view)
