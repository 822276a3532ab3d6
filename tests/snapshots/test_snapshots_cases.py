"""SVG snapshots of two case screens at 80x24 with a frozen clock: the case form of a hilang applicant (the
route preview says IKD and the waiting list) and the card waiting list.

Update them deliberately: `pytest tests/snapshots --snapshot-update`, then look at the SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

from counter_tui.services import accounts
from counter_tui.tui.app import create_app
from counter_tui.tui.screens.case_form import CaseFormScreen
from counter_tui.tui.screens.counter import CounterScreen
from counter_tui.tui.screens.waitlist import WaitlistScreen
from tests.clock import FixedClock
from tests.conftest import OPERATOR_CODE, OPERATOR_PIN
from tests.tui.helpers import settle, type_text
from tests.tui.test_cases_tui import HILANG_NIK, hilang_on_the_waiting_list, prepare_office

SIZE = (80, 24)


async def _at_counter(app, pilot) -> None:
    await settle(pilot)
    actor = await app.call(accounts.login, OPERATOR_CODE, OPERATOR_PIN, 1)
    await app.login_done(actor)
    await settle(pilot)
    await app.push_screen(CounterScreen())
    await settle(pilot)


def test_case_form_of_a_hilang_applicant(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    prepare_office(ready_db_path, clock, blanks=2_700, services=("B",))
    app = create_app(ready_db_path, clock=clock)

    async def fill(pilot) -> None:
        await _at_counter(app, pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, CaseFormScreen)
        for text, key in (
            (HILANG_NIK, "enter"),
            ("AHMAD [/]", "enter"),
            ("03-03-1990", "enter"),
            ("L", "tab"),
            ("0812-3456-7890", "f5"),
        ):
            await type_text(pilot, text)
            await pilot.press(key)
            await settle(pilot)
        app.clear_notifications()  # the "Memanggil B-001." toast would make the picture depend on timing
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=fill)


def test_waiting_list(snap_compare, ready_db_path: Path, clock: FixedClock) -> None:
    prepare_office(ready_db_path, clock, blanks=2_700)
    hilang_on_the_waiting_list(
        ready_db_path,
        clock,
        [("AHMAD [/]", "0812-3456-7890"), ("Siti Rahmawati", None), ("Budi Santoso", "0813 1111 2222")],
    )
    app = create_app(ready_db_path, clock=clock)

    async def open_list(pilot) -> None:
        await _at_counter(app, pilot)
        await app.push_screen(WaitlistScreen())
        await settle(pilot)
        app.clear_notifications()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_list)
