"""Textual 8.2.8: ordinary frames leave reference cycles behind, so full garbage collections get long
(minimal reproduction).

Most of what a frame allocates is freed by reference counting. Five habits of Textual put it in cycles instead,
which only CPython's cyclic collector frees; in a long-lived app a full collection over that garbage (and over
the whole old heap) stalls the event loop for 90-150 ms:

- `Footer.bindings_changed` recomposes the footer on every bindings refresh (each focus change, each
  `refresh_bindings()`), even when nothing shown changed: new FooterKeys each time, the old ones garbage;
- `Stylesheet._process_component_classes` builds a fresh virtual `DOMNode` per component class on every restyle
  of a widget that has component classes (a focus change restyles the DataTable: ten of them);
- `Strip.divide` caches `[self]` in the strip's own cache when there is nothing to cut;
- `Compositor._arrange_root` defines a recursive closure, `add_widget`, that refers to itself through its cell,
  so each arrangement's map stays alive in a cycle;
- `LRUCache.clear` leaves its ring of links (and every cached value) as a cycle.

The app below focuses a DataTable and back, refreshes its bindings and resizes a line, N times, then counts what
a collection finds unreachable, by type. Run:

    python benchmarks/repro/cyclic_garbage.py [rounds] [--workaround]

`--workaround` applies counter_tui's fixes (counter_tui/tui/textual_fixes.py, 6-10). On Textual 8.2.8, 20 rounds
leave ~140,000 objects of cyclic garbage (FooterKey, DOMNode, Strip, MapGeometry, ...); with the workarounds, none.
"""

import asyncio
import gc
import sys
from collections import Counter

from textual.app import App
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static


class Repro(App[None]):
    BINDINGS = [Binding(f"f{n}", "noop", f"Key {n}") for n in range(2, 10)]

    def compose(self):
        yield Static("line", id="top")
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("No.", "Ticket")
        table.add_rows((str(n), f"A-{n:03d}") for n in range(1, 21))

    def action_noop(self) -> None:
        pass


async def main(rounds: int) -> None:
    if "--workaround" in sys.argv:
        from counter_tui.tui import textual_fixes

        textual_fixes.apply()
    app = Repro()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(DataTable)
        top = app.query_one("#top", Static)
        await pilot.pause()
        gc.collect()
        gc.disable()  # keep everything until the census below
        for n in range(rounds):
            table.focus()
            await pilot.pause()
            app.set_focus(None)
            app.refresh_bindings()
            top.styles.height = 1 + n % 2
            await pilot.pause()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        gc.set_debug(0)
        gc.enable()
        census = Counter(type(o).__qualname__ for o in gc.garbage)
        gc.garbage.clear()
    total = sum(census.values())
    print(f"{rounds} rounds: {total} objects of cyclic garbage")
    for name in ("FooterKey", "DOMNode", "Strip", "MapGeometry", "RowRenderables"):
        print(f"  {name:15s} {census[name]}")


if __name__ == "__main__":
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    asyncio.run(main(int(numbers[0]) if numbers else 20))
