"""Textual 8.2.8: every Footer recompose leaves its FooterKey widgets alive (minimal reproduction).

Footer.compose() yields `FooterKey(...).data_bind(compact=Footer.compact)`. data_bind() registers a watcher
(node, setter closure) in the Footer's `__watchers["compact"]` list. The list is only pruned of closed nodes when
`compact` changes, which never happens in a normal app, so every recompose (each push/pop of any screen, each
focus change that changes the bindings) appends one entry per key, and each entry keeps a detached FooterKey
with its render caches alive for as long as the Footer lives.

A second, bounded retention: `StylesCache.get_inner_outer` is an instance method decorated with
`functools.lru_cache(1024)`, so up to 1024 StylesCache objects of removed widgets (with their cached Strips)
stay alive.

Run: python benchmarks/repro/footer_leak.py [rounds]   (prints live FooterKeys; pass --workaround to prune)
"""

import asyncio
import gc
import sys

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Label
from textual.widgets._footer import FooterKey


class Dialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def compose(self):
        yield Label("dialog")


class Main(Screen[None]):
    BINDINGS = [Binding(f"f{n}", f"noop({n})", f"Key {n}") for n in range(2, 7)]

    def compose(self):
        yield Label("main")
        yield Footer()

    def action_noop(self, n: int) -> None:
        pass


class PrunedFooter(Footer):
    """The workaround: drop watchers of FooterKeys that a recompose removed."""

    async def recompose(self) -> None:
        await super().recompose()
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, cb) for node, cb in watchers if node.parent is not None]


class Repro(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Main())


async def main(rounds: int) -> None:
    if "--workaround" in sys.argv:
        Main.compose = lambda self: iter([Label("main"), PrunedFooter()])
    app = Repro()
    async with app.run_test() as pilot:
        await pilot.pause()
        for n in range(rounds + 1):
            if n % 25 == 0:
                gc.collect()
                alive = sum(isinstance(o, FooterKey) for o in gc.get_objects())
                print(
                    f"after {n:4d} push/pop rounds: {alive:5d} FooterKey objects alive "
                    f"({len(app.screen.query(FooterKey))} mounted)"
                )
            app.push_screen(Dialog())
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()


if __name__ == "__main__":
    asyncio.run(main(int(next((a for a in sys.argv[1:] if a.isdigit()), "100"))))
