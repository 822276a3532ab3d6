"""The login screen says who holds a counter; a session whose counter was taken over ends at its next beat."""

from __future__ import annotations

from pathlib import Path

from counter_tui.services import accounts
from counter_tui.services.session import Session
from counter_tui.storage.db import open_database
from counter_tui.tui.app import create_app
from counter_tui.tui.screens.home import HomeScreen
from counter_tui.tui.screens.login import LoginScreen
from tests.conftest import (
    OPERATOR2_CODE,
    OPERATOR2_PIN,
    OPERATOR_CODE,
    OPERATOR_PIN,
    SUPERVISOR_CODE,
    SUPERVISOR_PIN,
)
from tests.tui.helpers import screen_text, settle
from tests.tui.test_accounts_tui import SIZE, log_in


async def test_login_at_a_counter_in_use_names_who_holds_it(ready_db_path: Path, clock) -> None:
    db = open_database(ready_db_path)
    try:
        accounts.login(
            Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1
        )  # another terminal, counter 1
    finally:
        db.close()
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, OPERATOR2_CODE, OPERATOR2_PIN, "1")
        assert isinstance(app.screen, LoginScreen)
        text = " ".join(screen_text(pilot).split())
        assert f"Loket 1 sedang dipakai {OPERATOR_CODE}" in text
        assert app.actor is None


async def test_a_session_taken_over_by_a_supervisor_ends(ready_db_path: Path, clock) -> None:
    app = create_app(ready_db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await log_in(pilot, OPERATOR_CODE, OPERATOR_PIN, "1")
        assert isinstance(app.screen, HomeScreen)
        db = open_database(ready_db_path)
        try:
            accounts.login(
                Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 1
            )  # takes counter 1 over
        finally:
            db.close()
        await app.renew_counter_lease()
        await settle(pilot)
        assert app.actor is None
        assert isinstance(app.screen, LoginScreen)
        assert f"diambil alih oleh {SUPERVISOR_CODE}" in " ".join(screen_text(pilot).split())
