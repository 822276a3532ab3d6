"""Dialogs of the case screens: the IKD checklist, the status read from SIAK, stock movements (receipt, damaged,
stock-opname correction), the recording target, and taking someone off the waiting list.

Dialogs that change the database call their use case and stay open on a refusal, showing it inline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Concatenate, ParamSpec, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from counter_tui.domain.cases import IKD_STEPS, RECORDING_TRANSITIONS, IkdOutcome, IkdResult, RecordingStatus
from counter_tui.domain.errors import CounterError
from counter_tui.domain.routing import CaseDecision
from counter_tui.domain.stock import Target
from counter_tui.services import stock, stock_target, waitlist
from counter_tui.services.session import Session
from counter_tui.tui.db_calls import Refused
from counter_tui.tui.dialogs.base import BaseDialog
from counter_tui.tui.widgets.case_widgets import StepChecklist

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")

_OUTCOMES = (IkdOutcome.ACTIVATED, IkdOutcome.GUIDED_HOME, IkdOutcome.NO_SMARTPHONE)


class CaseDialog(BaseDialog[R]):
    """`call` shows a refusal inline (the dialog stays open) instead of a toast; `refused` tells it apart from a
    use case that returns None."""

    DIALOG_CLASSES = "dialog case-dialog"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.refused = False

    async def call(
        self, use_case: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        result = await self.attempt(use_case, *args, **kwargs)
        self.refused = isinstance(result, Refused)
        if isinstance(result, Refused):
            self.show_error(result.message)
            return None
        return result


class IkdChecklistDialog(CaseDialog[IkdResult]):
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
        with Vertical(classes=self.DIALOG_CLASSES):
            yield Static(Text(self.TITLE_TEXT, style="bold"))
            yield Static(Text(self.decision.message, style="dim"))
            yield StepChecklist(IKD_STEPS, id="ikd-steps")
            yield Static("", id="ikd-outcome")
            yield from self.compose_error()
            yield Static(
                Text("↑↓ spasi centang · F5/a semua · 1/2/3 hasil · Enter selesai · Esc kembali"),
                classes="hint",
            )

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
        self.clear_error()

    def on_step_checklist_changed(self, event: StepChecklist.Changed) -> None:
        # "langkah 1..7 belum dicentang" is stale once a step is ticked: Enter checks again.
        event.stop()
        self.clear_error()

    def action_done(self) -> None:
        try:
            result = IkdResult(self.steps_done(), self.outcome)
        except CounterError as error:
            self.show_error(error.message)
            return
        self.dismiss(result)


# -- recording status from SIAK -------------------------------------------------------------------
class SiakStatusDialog(CaseDialog[RecordingStatus]):
    """Pick the status read from SIAK: only the statuses the current one may move to (by number or Enter)."""

    TITLE_TEXT = "Status dari SIAK"
    BINDINGS = [Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)]

    def __init__(self, current: RecordingStatus, nik_masked: str) -> None:
        self.choices = sorted(
            RECORDING_TRANSITIONS[current] - {RecordingStatus.CARD_PRINTED},
            key=lambda s: list(RecordingStatus).index(s),
        )
        super().__init__()
        self.current = current
        self.nik_masked = nik_masked

    def compose(self) -> ComposeResult:
        with Vertical(classes=self.DIALOG_CLASSES):
            yield from self.compose_title()
            yield Static(
                Text(f"NIK {self.nik_masked} · sekarang {self.current.value} ({self.current.label})"),
                classes="hint",
            )
            if self.choices:
                yield OptionList(
                    *(
                        Option(Text(f"{n}  {s.value} — {s.label}"), id=s.value)
                        for n, s in enumerate(self.choices, start=1)
                    ),
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
class _TwoFieldDialog(CaseDialog[object]):
    """Two labelled one-line fields; Enter moves on, then submits; the use case's refusal shows inline."""

    LABELS: tuple[str, str] = ("", "")
    PLACEHOLDERS: tuple[str, str] = ("", "")

    def compose(self) -> ComposeResult:
        with Vertical(classes=self.DIALOG_CLASSES):
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


class CancelWaitingDialog(CaseDialog[bool]):
    """Take someone off the waiting list, with a reason (moved away, got the card elsewhere)."""

    TITLE_TEXT = "Batalkan dari daftar tunggu"

    def __init__(self, entry_id: int, nik_masked: str) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.nik_masked = nik_masked

    def compose(self) -> ComposeResult:
        with Vertical(classes=self.DIALOG_CLASSES):
            yield from self.compose_title()
            yield Static(Text(f"NIK {self.nik_masked}"), classes="hint")
            with Horizontal(classes="case-field"):
                yield Label("Alasan", classes="case-label")
                yield Input(
                    placeholder="mis. pindah domisili, sudah cetak di tempat lain",
                    compact=True,
                    id="cancel-reason",
                )
            yield from self.compose_error()
            yield Static(Text("Enter batalkan entri · Esc kembali"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#cancel-reason", Input).focus()

    @on(Input.Submitted, "#cancel-reason")
    async def _submitted(self, event: Input.Submitted) -> None:
        await self.call(waitlist.cancel_waiting_entry, self.entry_id, event.value)
        if self.is_attached and not self.refused:
            self.dismiss(True)


class TargetDialog(CaseDialog[object]):
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
        with Vertical(classes=self.DIALOG_CLASSES):
            yield from self.compose_title()
            for key, label, hint in self.FIELDS:
                with Horizontal(classes="case-field"):
                    yield Label(label, classes="case-label")
                    yield Input(values[key], placeholder=hint, compact=True, id=f"target-{key}")
            yield from self.compose_error()
            yield Static(Text("Enter lanjut/simpan · Esc batal"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#target-population", Input).focus()

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        # Like the other forms, Enter moves on to an empty field after this one, then saves: Enter after the
        # population alone refused "Jumlah yang sudah direkam", and the next number went into the same field.
        boxes = [self.query_one(f"#target-{key}", Input) for key, _label, _hint in self.FIELDS]
        if event.input in boxes:
            after = boxes[boxes.index(event.input) + 1 :]
            empty = next((box for box in after if not box.value), None)
            if empty is not None:
                self.set_focus(empty)
                return
        population = self.query_one("#target-population", Input).value
        recorded = self.query_one("#target-recorded", Input).value
        day = self.query_one("#target-date", Input).value.strip()
        iso = day
        if day:
            parts = day.replace("/", "-").split("-")
            if len(parts) == 3 and len(parts[2]) == 4:
                iso = f"{parts[2]}-{parts[1].zfill(2)}-{parts[0].zfill(2)}"
        view = await self.call(stock_target.set_target, population, recorded, iso or None)
        if view is not None:
            self.dismiss(view)
