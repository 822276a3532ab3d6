"""The TUI refuses to start on a damaged database, and on a file that is not ours; it never writes into them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from counter_tui.paths import damage_marker_path
from counter_tui.tui.app import FatalScreen, create_app
from tests.tui.helpers import screen_text, settle

SIZE = (100, 30)


async def test_the_app_refuses_to_start_on_a_damaged_database(ready_db_path: Path, clock) -> None:
    damage_marker_path(ready_db_path).write_text("2026-11-30T01:00:00Z database disk image is malformed\n")
    before = ready_db_path.read_bytes()
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FatalScreen)
        text = " ".join(screen_text(pilot).split())
        assert "rusak" in text
        assert "counter-tui check" in text
        assert "counter-tui restore" in text
    assert ready_db_path.read_bytes() == before


async def test_the_app_does_not_set_up_an_office_in_a_foreign_file(tmp_path: Path, clock) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    app = create_app(other, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FatalScreen)
        assert "bukan basis data counter_tui" in " ".join(screen_text(pilot).split())
    assert other.read_bytes() == before
