"""Shared fixtures. No test ever touches a real counter's database: data and config dirs point at tmp_path."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_tui.domain.accounts import Actor, Role
from counter_tui.services import account_admin, accounts, office_setup
from counter_tui.services.office_setup import SetupRequest
from counter_tui.services.session import Session
from counter_tui.storage.db import Database, open_database
from tests.clock import FixedClock

SUPERVISOR_CODE = "SPV1"
SUPERVISOR_PIN = "482913"
OPERATOR_CODE = "OPR1"
OPERATOR_PIN = "572946"
OPERATOR2_CODE = "OPR2"
OPERATOR2_PIN = "639184"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("COUNTER_TUI_DB", raising=False)


@pytest.fixture
def clock() -> FixedClock:
    """Monday 30 November 2026, 08:00 WIB (01:00 UTC)."""
    return FixedClock(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "counter.db"


def make_ready_db(path: Path, clock: FixedClock, *, always_open: bool = True) -> None:
    """An initialised office: supervisor SPV1, operators OPR1 and OPR2; open around the clock if asked."""
    db = open_database(path, create=True)
    try:
        office_setup.setup_office(
            Session(db, clock=clock),
            SetupRequest(
                "Disdukcapil Kab. Kotawaringin Timur",
                "62.02",
                SUPERVISOR_CODE,
                "Agus Supervisor",
                SUPERVISOR_PIN,
                SUPERVISOR_PIN,
            ),
        )
        spv = accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
        as_spv = Session(db, spv, clock)
        account_admin.add_operator(
            as_spv, OPERATOR_CODE, "Siti Petugas", "operator", OPERATOR_PIN, OPERATOR_PIN
        )
        account_admin.add_operator(
            as_spv, OPERATOR2_CODE, "Budi Petugas", "operator", OPERATOR2_PIN, OPERATOR2_PIN
        )
        if always_open:
            from counter_tui.services.queue_config import set_weekday_hours

            for weekday in range(7):
                set_weekday_hours(as_spv, weekday, "00:00", "24:00")
    finally:
        db.close()


@pytest.fixture
def ready_db_path(db_path: Path, clock: FixedClock) -> Path:
    make_ready_db(db_path, clock)
    return db_path


@pytest.fixture
def db(ready_db_path: Path):
    database: Database = open_database(ready_db_path)
    yield database
    database.close()


@pytest.fixture
def supervisor(db: Database, clock: FixedClock) -> Actor:
    return accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)


@pytest.fixture
def operator(db: Database, clock: FixedClock) -> Actor:
    """OPR1 at counter (loket) 1."""
    return accounts.login(Session(db, clock=clock), OPERATOR_CODE, OPERATOR_PIN, 1)


@pytest.fixture
def operator2(db: Database, clock: FixedClock) -> Actor:
    """OPR2 at counter (loket) 2."""
    return accounts.login(Session(db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 2)


@pytest.fixture
def front_desk(db: Database, clock: FixedClock) -> Actor:
    """OPR2 at the front desk (loket 0)."""
    return accounts.login(Session(db, clock=clock), OPERATOR2_CODE, OPERATOR2_PIN, 0)


__all__ = ["Role"]
