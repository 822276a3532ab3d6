"""A faster `ready_db_path` for the non-UI suites: the ready office is built once per session and copied.

Building it costs several scrypt hashes and fsyncs (about 0.5 s); a file copy costs a millisecond. The copy holds
exactly what `make_ready_db` writes at the default fixed clock (Monday 30 November 2026, 08:00 WIB).
Tests that check what the app itself creates on disk (file modes) build their own database instead.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_tui.paths import head_path, pepper_path
from tests.clock import FixedClock
from tests.conftest import make_ready_db


def _private_copy(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out)


@pytest.fixture(scope="session")
def ready_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ready-template") / "counter.db"
    make_ready_db(path, FixedClock(datetime(2026, 11, 30, 1, 0, tzinfo=UTC)))
    return path


@pytest.fixture
def ready_db_path(db_path: Path, ready_template: Path) -> Path:
    for suffix in ("", "-wal"):
        source = Path(f"{ready_template}{suffix}")
        if source.exists():
            _private_copy(source, Path(f"{db_path}{suffix}"))
    _private_copy(pepper_path(ready_template), pepper_path(db_path))
    if head_path(ready_template).exists():
        _private_copy(head_path(ready_template), head_path(db_path))
    return db_path
