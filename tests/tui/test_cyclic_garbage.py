"""Textual's frames must not leave reference cycles behind (issue 11, textual_fixes 6-9), and the heap policy
(tui/heap.py) freezes what lives long.

Cyclic garbage is what only the cyclic collector frees; a full collection over it stalled the counter's event
loop for 90-150 ms. Each test collects with DEBUG_SAVEALL, so what would have been freed is kept in gc.garbage
and can be counted by type. No timings are asserted.
"""

from __future__ import annotations

import gc
import inspect
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.strip import Strip
from textual.widgets import DataTable, Footer, Static
from textual.widgets._footer import FooterKey

from counter_tui.tui import textual_fixes
from counter_tui.tui.heap import HeapKeeper


@contextmanager
def saved_garbage() -> Iterator[Counter[str]]:
    """Collect first, then count by type name what a collection at the end finds unreachable."""
    found: Counter[str] = Counter()
    gc.collect()
    try:
        yield found
    finally:
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            found.update(
                f"function {o.__qualname__}" if inspect.isfunction(o) else type(o).__qualname__
                for o in gc.garbage
            )
        finally:
            gc.set_debug(0)
            gc.garbage.clear()


class Busy(App[None]):
    """A footer of four keys, one of them disabled while `busy`, and a table with component classes."""

    BINDINGS = [
        Binding("f2", "call", "Panggil", id="t_call"),
        Binding("f3", "recall", "Ulang", id="t_recall"),
        Binding("f4", "serve", "Layani", id="t_serve"),
        Binding("f5", "toggle", "Sibuk", id="t_toggle"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static("x", id="top")
        yield DataTable(id="table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("No.", "Tiket")
        table.add_rows((str(n), f"A-{n:03d}") for n in range(1, 11))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.busy and action in ("call", "recall"):
            return None  # shown, disabled
        return True

    def action_toggle(self) -> None:
        self.busy = not self.busy
        self.refresh_bindings()


def footer_keys(app: App) -> dict[str, FooterKey]:
    return {key.action: key for key in app.screen.query(FooterKey)}


async def test_a_bindings_refresh_that_changes_nothing_keeps_the_footer_keys() -> None:
    textual_fixes.apply()
    app = Busy()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        before = footer_keys(app)
        assert set(before) >= {"call", "recall", "serve", "toggle"}
        with saved_garbage() as garbage:
            for _ in range(5):
                app.screen.refresh_bindings()
                app.query_one(DataTable).focus()
                await pilot.pause()
                app.query_one(Static).focus()  # not focusable: the focus goes nowhere, the bindings refresh
                await pilot.pause()
        after = footer_keys(app)
        # Textual 8.2.8 rebuilt every key on each refresh: new FooterKey objects, the old ones garbage.
        assert all(after[action] is before[action] for action in before)
        assert garbage["FooterKey"] == 0


async def test_a_key_that_becomes_disabled_is_shown_disabled_in_place() -> None:
    textual_fixes.apply()
    app = Busy()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        before = footer_keys(app)
        await pilot.press("f5")
        await pilot.pause()
        keys = footer_keys(app)
        assert keys["call"].has_class("-disabled")
        assert keys["recall"].has_class("-disabled")
        assert keys["call"]._disabled
        assert not keys["serve"]._disabled
        assert not keys["serve"].has_class("-disabled")
        await pilot.press("f2")  # disabled: the action does not run, nothing breaks
        await pilot.press("f5")
        await pilot.pause()
        keys = footer_keys(app)
        assert not keys["call"].has_class("-disabled")
        assert not keys["call"]._disabled
        assert all(keys[action] is before[action] for action in before)


async def test_a_changed_binding_set_still_rebuilds_the_footer() -> None:
    textual_fixes.apply()
    app = Busy()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        app.set_keymap({"t_serve": "f6"})
        await pilot.pause()
        await pilot.pause()
        keys = footer_keys(app)
        assert keys["serve"].key == "f6"


async def test_restyling_and_relayout_leave_no_cycles() -> None:
    """Focus changes restyle the table (component classes: virtual DOM nodes), a layout refresh rearranges
    the screen (the compositor map), and every line is divided (strips)."""
    textual_fixes.apply()
    app = Busy()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        for _ in range(2):  # warm: first styles, first arrangement
            table.focus()
            await pilot.pause()
            app.set_focus(None)
            await pilot.pause()
        with saved_garbage() as garbage:
            for n in range(5):
                table.focus()
                await pilot.pause()
                app.set_focus(None)
                top = app.query_one("#top", Static)
                top.update(f"ronde {n}")
                top.styles.height = 1 + n % 2  # the screen is arranged anew
                await pilot.pause()
    assert garbage["DOMNode"] == 0  # fix 9: one virtual node per widget and component, restyled in place
    # fix 8: the arrangement's closure (and the map it holds) is freed when the next arrangement replaces it
    assert garbage["function Compositor._arrange_root.<locals>.add_widget"] == 0
    assert garbage["MapGeometry"] == 0
    assert garbage["Strip"] == 0  # fix 7: a strip no longer caches a list holding itself


async def test_component_styles_still_follow_the_focus() -> None:
    """The kept virtual nodes are restyled: the table's cursor has one style focused and another blurred."""
    textual_fixes.apply()
    app = Busy()
    async with app.run_test(size=(80, 12)) as pilot:
        table = app.query_one(DataTable)
        table.focus()
        await pilot.pause()
        focused = table.get_component_rich_style("datatable--cursor")
        app.set_focus(None)
        await pilot.pause()
        blurred = table.get_component_rich_style("datatable--cursor")
        table.focus()
        await pilot.pause()
        assert focused != blurred
        assert table.get_component_rich_style("datatable--cursor") == focused
        assert isinstance(table._component_styles["datatable--cursor"].node, DOMNode)


def test_a_strip_divided_without_a_cut_is_not_a_cycle() -> None:
    textual_fixes.apply()
    with saved_garbage() as garbage:
        strip = Strip([Segment("A-001"), Segment(" menunggu")])
        assert strip.divide([strip.cell_length]) == [strip]
        pieces = strip.divide([3, strip.cell_length])
        assert [p.text for p in pieces] == ["A-0", "01 menunggu"]
        del strip, pieces
    assert garbage["Strip"] == 0


def test_arrange_root_is_textual_s_own_with_the_closure_deleted() -> None:
    from textual._compositor import Compositor

    textual_fixes.apply()
    source, first_line = textual_fixes.arrange_root_source()
    assert source.count("del add_widget") == 1
    assert source.index("del add_widget") > source.rindex("add_widget(")
    # The patched function keeps Textual's file and line numbers (tracebacks point at the real source).
    patched = Compositor._arrange_root
    assert patched.__code__.co_filename.endswith("textual/_compositor.py")
    assert patched.__code__.co_firstlineno == first_line
    assert inspect.getsourcelines(patched)[0][0].strip().startswith("def _arrange_root(")


def test_settle_freezes_what_is_alive_and_returns_what_is_not() -> None:
    gc.unfreeze()
    keeper = HeapKeeper()
    try:
        kept = [object() for _ in range(10)]
        keeper.settle()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        keeper.settle()  # unfreezes, collects the cycle, freezes again
        assert gc.get_freeze_count() > 0
        assert kept
    finally:
        gc.unfreeze()


def test_settle_waits_for_a_quiet_moment() -> None:
    now = [1000.0]
    keeper = HeapKeeper(lambda: now[0])
    assert keeper.screen_opened_due(last_key=999.9) is None  # a key 0.1 s ago: later
    assert keeper.screen_opened_due(last_key=990.0) is True
    assert not keeper.idle_due(last_key=999.0)
    assert keeper.idle_due(last_key=990.0)
    try:
        keeper.settle()
    finally:
        gc.unfreeze()
    now[0] += 10
    assert keeper.screen_opened_due(last_key=0.0) is False  # settled 10 s ago
    assert not keeper.idle_due(last_key=0.0)
    now[0] += 300
    assert keeper.idle_due(last_key=0.0)


def test_a_workaround_that_cannot_apply_does_not_stop_the_app(monkeypatch) -> None:
    """Fix 8 recompiles Textual's own source; on another Textual it raises, and the app still starts."""
    from counter_tui.tui import textual_fixes as fixes

    applied: list[str] = []
    for name in dir(fixes):
        if name.startswith("_fix_"):
            monkeypatch.setattr(fixes, name, lambda name=name: applied.append(name))

    def mismatch() -> None:
        raise RuntimeError("textual_fixes: Compositor._arrange_root is not Textual 8.2.8's; review fix 8")

    monkeypatch.setattr(fixes, "_fix_arrange_closure_cycle", mismatch)
    monkeypatch.setattr(fixes, "_applied", False)
    fixes.apply()  # no exception
    assert "_fix_lru_clear_cycle" in applied  # the fixes after it still ran
    assert "_fix_component_virtual_nodes" in applied
