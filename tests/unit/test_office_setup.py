"""The first run as one use case: validation before any file exists, the private folder rule shared by `init` and
the TUI's first run, and the clean-up of a half-created database."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest

from counter_tui.domain.errors import ValidationError
from counter_tui.paths import default_db_path, pepper_path
from counter_tui.services import office_setup
from counter_tui.services.office_setup import SetupRequest, create_office_database, validate_setup
from counter_tui.storage.errors import StorageError
from counter_tui.tui.db_worker import DbWorker
from tests.clock import FixedClock

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX-only")
PIN = "482913"


def request(**changes: str) -> SetupRequest:
    fields = {
        "office_name": "  Disdukcapil   Kotim ",
        "region_code": "62.02",
        "supervisor_code": "spv1",
        "supervisor_name": "Agus  Supervisor",
        "pin": PIN,
        "pin_again": PIN,
    }
    fields.update(changes)
    return SetupRequest(**fields)


def test_a_valid_request_is_normalized() -> None:
    valid = validate_setup(request())
    assert (valid.office_name, valid.region.code, valid.region.name) == (
        "Disdukcapil Kotim",
        "62.02",
        "Kabupaten Kotawaringin Timur",
    )
    assert (valid.supervisor_code, valid.supervisor_name) == ("SPV1", "Agus Supervisor")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"office_name": "   "}, "Nama kantor wajib diisi"),
        ({"office_name": "x" * 201}, "Nama kantor terlalu panjang"),
        ({"region_code": "99.99"}, "tidak dikenal"),
        ({"supervisor_code": "X"}, "Kode petugas"),
        ({"supervisor_name": ""}, "Nama lengkap wajib diisi"),
        ({"pin": "123456", "pin_again": "123456"}, "berurutan"),
        ({"pin_again": "482914"}, "tidak sama"),
    ],
)
def test_every_bad_field_is_refused_before_a_file_exists(tmp_path: Path, changes: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_setup(request(**changes))
    with pytest.raises(ValidationError, match=message):
        create_office_database(tmp_path / "counter.db", request(**changes), FixedClock())
    assert list(tmp_path.iterdir()) == []


def test_the_setup_screen_use_case_checks_the_same_rules(db_path: Path) -> None:
    """setup_office (the TUI's first run) refuses what init refuses, through the same validation."""
    from counter_tui.services.session import Session
    from counter_tui.storage.db import open_database

    db = open_database(db_path, create=True)
    try:
        with pytest.raises(ValidationError, match="Nama kantor terlalu panjang"):
            office_setup.setup_office(Session(db, clock=FixedClock()), request(office_name="x" * 201))
        assert office_setup.needs_setup(Session(db))
    finally:
        db.close()


def test_a_failure_after_the_file_exists_removes_what_it_created(tmp_path: Path, monkeypatch) -> None:
    def broken_seed(conn) -> None:
        raise StorageError("seed gagal")

    monkeypatch.setattr("counter_tui.services.queue_config.seed_queue_defaults", broken_seed)
    with pytest.raises(StorageError, match="seed gagal"):
        create_office_database(tmp_path / "counter.db", request(), FixedClock())
    assert list(tmp_path.iterdir()) == []


def test_a_failure_keeps_a_pepper_and_a_database_that_were_there(tmp_path: Path) -> None:
    path = tmp_path / "counter.db"
    office = create_office_database(path, request(), FixedClock())
    assert office.region_code == "62.02"
    before = path.read_bytes(), pepper_path(path).read_bytes()
    with pytest.raises(StorageError, match="sudah disiapkan"):
        create_office_database(path, request(supervisor_code="SPV2"), FixedClock())
    assert (path.read_bytes(), pepper_path(path).read_bytes()) == before


@posix_only
@pytest.mark.parametrize("opener", ["init", "tui"])
def test_init_and_the_tui_first_run_create_the_default_folder_private(opener: str) -> None:
    target = default_db_path()
    assert not target.parent.exists()
    old_umask = os.umask(0o022)
    try:
        if opener == "init":
            create_office_database(target, request(), FixedClock())
        else:
            worker = DbWorker(target)
            asyncio.run(worker.open(create=True))
            worker.close()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_another_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="Folder basis data tidak ada"):
        create_office_database(tmp_path / "missing" / "counter.db", request(), FixedClock())
    assert list(tmp_path.iterdir()) == []
