"""Pilot helpers: wait for the DB thread and workers instead of sleeping; read what the user sees."""

from __future__ import annotations

from textual._context import visible_screen_stack
from textual.pilot import Pilot
from textual.widgets import DataTable, Digits, Input


async def settle(pilot: Pilot, rounds: int = 6) -> None:
    """Let queued messages, workers and DB-thread jobs finish (one job may start another), without sleeping:
    stop as soon as a pause leaves no worker running and no DB job pending."""
    app = pilot.app
    await pilot.pause()
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await app.db.drain()
        await pilot.pause()
        running = any(not worker.is_finished for worker in app.workers)
        if not running and app.db.pending == 0:
            await pilot.pause()
            return


def screen_text(pilot: Pilot) -> str:
    """The terminal as the user sees it now, one line per row, trailing blanks stripped.

    It is the active screen composited the way Textual paints it: text scrolled out of view or hidden is absent,
    a password Input shows only its bullets, a modal dialog shows what shows through around it, and toasts
    (notifications) are included.

    `Digits` draw their value with box characters, which no test can read; the value of every Digits widget on
    screen is appended as a last line of its own, so `"A-001" in screen_text(pilot)` works for the big numbers.
    """
    app = pilot.app
    screen = app.screen
    # Textual's compositor reads the screens behind a modal from this context variable (export_screenshot does
    # the same).
    visible_screen_stack.set(app._background_screens)
    lines = [strip.text.rstrip() for strip in screen._compositor.render_strips()]
    visible = screen._compositor.visible_widgets
    lines += [str(widget.value) for widget in visible if isinstance(widget, Digits)]
    return "\n".join(lines)


def table_rows(pilot: Pilot, selector: str) -> list[list[str]]:
    """Every row of a DataTable as plain strings, including rows scrolled out of view (use screen_text for what
    is visible)."""
    table = pilot.app.screen.query_one(selector, DataTable)
    rows = []
    for row in table.ordered_rows:
        rows.append([getattr(cell, "plain", str(cell)) for cell in table.get_row(row.key)])
    return rows


async def type_text(pilot: Pilot, text: str) -> None:
    """Type into the focused widget. A focused Input gets the text the way its key handler inserts printable
    characters (one simulated key press costs ~65 ms under Pilot, which made the suite slow); anything else
    gets real key presses (punctuation such as "[" and "/" included)."""
    await pilot.pause()  # let a focus change from the previous key land first
    focused = pilot.app.focused
    if isinstance(focused, Input):
        focused.insert_text_at_cursor(text)
        await pilot.pause()
        return
    for char in text:
        await pilot.press(char if char != " " else "space")
