"""Textual 8.2.8: two ordinary operations repaint the whole screen (minimal reproduction).

1. A focus change. `Screen.focused` is a `Reactive` with the default `repaint=True`, so moving the focus from
   one widget to another marks the whole screen dirty and the next frame rewrites every cell. The widgets whose
   focus changed already refresh themselves (`Widget._on_focus` / `_on_blur`), and `:focus-within` ancestors
   are restyled by `Screen._update_focus_styles`, so the screen-wide repaint is redundant. Over SSH it costs a
   full screen of bytes per Tab.

2. Showing a widget that comes after its siblings. `Compositor._arrange_root` numbers the painting order of a
   container's children with one running count (`layer_order -= 1`, last placement first), and that number is
   part of every widget's map geometry. Toggling `display` on a widget placed before the others in that walk
   (one composed last, or on a later layer) renumbers all of them, so `reflow` sees every widget as changed
   and marks the whole screen dirty, although nothing moved.

Run: python benchmarks/repro/full_repaints.py
It prints the dirty cells of the frame after each operation (the screen is 80x24 = 1,920 cells).
"""

import asyncio

from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.widgets import Button, Label

dirty: list[int] = []
_render_update = Compositor.render_update


def _spy(self, full=False, screen_stack=None):
    cells = {(x, y) for r in self._dirty_regions for y in range(r.y, r.bottom) for x in range(r.x, r.right)}
    if cells:
        dirty.append(len(cells))
    return _render_update(self, full=full, screen_stack=screen_stack)


Compositor.render_update = _spy


class Demo(App[None]):
    CSS = """
    Screen { layers: default above; }
    #first, #second { width: 12; height: 3; }
    .panel { layer: above; dock: bottom; height: 3; width: 20; display: none; }
    """

    def __init__(self, panel_first: bool) -> None:
        super().__init__()
        self.panel_first = panel_first

    def compose(self) -> ComposeResult:
        if self.panel_first:
            yield Label("panel", classes="panel")
        yield Button("first", id="first")
        yield Button("second", id="second")
        for n in range(20):
            yield Label(f"line {n}")
        if not self.panel_first:
            yield Label("panel", classes="panel")


async def measure(panel_first: bool) -> None:
    app = Demo(panel_first)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dirty.clear()
        app.query_one("#second").focus()
        await pilot.pause(0.1)
        focus_cells = max(dirty, default=0)
        dirty.clear()
        app.query_one(".panel").display = True
        await pilot.pause(0.1)
        show_cells = max(dirty, default=0)
    where = "composed first" if panel_first else "composed last"
    print(f"panel {where}: focus change repaints {focus_cells} cells, showing the 20x3 panel {show_cells}")


if __name__ == "__main__":
    asyncio.run(measure(panel_first=False))
    asyncio.run(measure(panel_first=True))
