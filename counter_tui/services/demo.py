"""`counter-tui demo`: a whole working office in one command, built through the same use cases as the real app.

Kabupaten Kotawaringin Timur (62.02) as in the news report: the target 313,281 with 310,785 recorded before the
app, 5,000 blanks with the reserve kept for first-time applicants (replacements go to IKD), the 2024 election-day
special hours, demo operators with their PINs, and a simulated morning: tickets in every service, pemula
recordings (some printed at once, one 'ganda'), hilang/rusak routed to IKD and the card waiting list, cards printed
for people recorded before the app, a misprint, a no-show, and counters still at work.

The demo database lives apart from the real one (its own default path) and is marked as a demo, so the app says
"DEMO" on every screen; building again replaces only a database that is itself a demo.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from counter_tui.domain.accounts import Actor, Role
from counter_tui.domain.clock import WIB, office_date
from counter_tui.services import account_admin, office_setup, queue_config, stock, stock_target
from counter_tui.services.demo_data import (
    BLANKS,
    OFFICE_NAME,
    OPERATORS,
    RECORDED_BEFORE,
    REGION,
    TARGET_POPULATION,
    DemoReport,
    SimulatedClock,
)
from counter_tui.services.demo_simulation import _simulate
from counter_tui.services.office_setup import SetupRequest
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import demo as demo_store
from counter_tui.storage.db import Database, StorageError, open_database


def default_demo_path() -> Path:
    from counter_tui.paths import default_data_dir

    return default_data_dir() / "demo" / "counter-demo.db"


def _remove_old_demo(path: Path) -> None:
    """Replace an earlier demo; refuse anything that is not one (never a real office's database)."""
    from counter_tui.paths import default_db_path, pepper_path

    if path.resolve() == default_db_path().resolve():
        raise StorageError("Demo tidak boleh memakai basis data kantor yang sebenarnya; pilih --db lain.")
    if not path.exists():
        return
    db = open_database(path, migrate=False)
    try:
        with Session(db).read() as conn:
            demo = demo_store.is_demo(conn)
    finally:
        db.close()
    if not demo:
        raise StorageError(
            f"{path} sudah berisi basis data yang bukan demo; demo tidak menimpanya. Pilih --db lain."
        )
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), pepper_path(path)):
        leftover.unlink(missing_ok=True)


def morning_window(now: datetime) -> tuple[datetime, datetime]:
    """From 08:00 WIB today to now (at most 10:45, at least 45 simulated minutes)."""
    day = office_date(now)
    start = datetime.combine(day, time(8, 0), tzinfo=WIB)
    end = min(
        max(now.astimezone(WIB), start + timedelta(minutes=45)),
        datetime.combine(day, time(10, 45), tzinfo=WIB),
    )
    return start.astimezone(UTC), end.astimezone(UTC)


def build_demo(path: Path | None = None, *, now: datetime | None = None, seed: int = 14022024) -> DemoReport:
    """Create the demo database at `path` (default: its own folder) and simulate the morning."""
    import time as _time

    from counter_tui.paths import ensure_private_dir

    started = _time.perf_counter()
    path = Path(path) if path is not None else default_demo_path()
    if path == default_demo_path():
        ensure_private_dir(path.parent)
    _remove_old_demo(path)
    real_now = now or datetime.now(UTC)
    start, end = morning_window(real_now)
    # The office is set up yesterday, before the blanks arrive, so the audit log's times only move forward.
    clock = SimulatedClock(start - timedelta(days=1, hours=2))
    db = open_database(path, create=True)
    try:
        demo_store.fast_writes(db)
        report = _build(db, clock, start, end, random.Random(seed))
        demo_store.safe_writes(db)
    except BaseException:
        db.close()
        from counter_tui.paths import pepper_path

        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), pepper_path(path)):
            leftover.unlink(missing_ok=True)
        raise
    db.close()
    report.path = path
    report.seconds = _time.perf_counter() - started
    return report


def _build(
    db: Database, clock: SimulatedClock, start: datetime, end: datetime, rng: random.Random
) -> DemoReport:
    boss_spec = OPERATORS[0]
    office_setup.setup_office(
        Session(db, clock=clock),
        SetupRequest(OFFICE_NAME, REGION, boss_spec.code, boss_spec.name, boss_spec.pin, boss_spec.pin),
    )
    boss_id = next(
        o.id for o in account_admin.list_operators(Session(db, clock=clock)) if o.code == boss_spec.code
    )
    boss = Actor(boss_id, boss_spec.code, Role.SUPERVISOR, 0, boss_spec.name)
    session = Session(db, boss, clock)
    with session.write(supervisor=True) as conn:
        demo_store.mark_demo(conn)
        audit.append(conn, boss, "demo.build", "office", {"region": REGION}, clock.now())
    actors: dict[str, Actor] = {boss_spec.code: boss}  # the supervisor goes out for the jemput bola
    for spec in OPERATORS[1:]:
        made = account_admin.add_operator(session, spec.code, spec.name, spec.role.value, spec.pin, spec.pin)
        actors[spec.code] = Actor(made.id, made.code, made.role, spec.counter, made.full_name)
    today = office_date(start)
    hours = queue_config.weekly_hours(session).get(today.weekday())
    if hours is None or hours.closed or (hours.closes or "00:00") < "11:00":
        queue_config.set_special_day(session, today, "08:00", "12:00", "Pelayanan khusus akhir pekan (demo)")
    stock_target.set_target(session, TARGET_POPULATION, RECORDED_BEFORE)
    stock_target.set_reserve_policy(session, mode="target", buffer_percent=10, replacements_allowed=False)
    clock.moment = start - timedelta(days=1)  # the blanks arrived yesterday afternoon: today opens with 5,000
    stock.receive_stock(session, BLANKS, "BA-DEMO/2024/01 (kiriman Ditjen Dukcapil)")
    clock.moment = start - timedelta(minutes=30)
    report = DemoReport(Path())
    _simulate(db, clock, start, end, rng, actors, report)
    return report
