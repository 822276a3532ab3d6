"""SVG snapshots of the first screens an office sees: first-run setup and login. Update deliberately with
`pytest tests/snapshots --snapshot-update`, then look at the SVGs before committing them."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from counter_tui.tui.app import create_app
from tests.clock import FixedClock
from tests.tui.helpers import settle, type_text

SIZE = (120, 40)


async def steady(pilot: Pilot) -> None:
    """Wait for the DB thread and workers, and stop the cursor blinking so the picture is the same every run."""
    await settle(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_setup_screen(snap_compare, db_path: Path, clock: FixedClock) -> None:
    async def fill_office(pilot: Pilot) -> None:
        await settle(pilot)
        await type_text(pilot, "Disdukcapil Kab. Kotawaringin Timur")
        await pilot.press("enter")
        await type_text(pilot, "62.02")  # the region name appears beside the code
        await steady(pilot)

    assert snap_compare(create_app(db_path, clock=clock), terminal_size=SIZE, run_before=fill_office)


def test_login_screen(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    assert snap_compare(create_app(ready_db_path, clock=clock), terminal_size=SIZE, run_before=steady)
