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
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from counter_tui.domain.accounts import Actor, Role
from counter_tui.domain.cases import IkdOutcome, IkdResult
from counter_tui.domain.clock import WIB, office_date
from counter_tui.domain.errors import CounterError, EmptyQueue
from counter_tui.domain.nik import build_nik
from counter_tui.services import (
    account_admin,
    case_finish,
    counter_actions,
    office_setup,
    queue_config,
    recordings,
    stock,
    tickets,
)
from counter_tui.services.case_draft import CaseDraft
from counter_tui.services.office_setup import SetupRequest
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import demo as demo_store
from counter_tui.storage.db import Database, StorageError, open_database

OFFICE_NAME = "Disdukcapil Kab. Kotawaringin Timur"
REGION = "62.02"
TARGET_POPULATION = 313_281
RECORDED_BEFORE = 310_785
BLANKS = 5_000


@dataclass(frozen=True, slots=True)
class DemoOperator:
    code: str
    name: str
    role: Role
    pin: str
    counter: int
    services: str = ""


OPERATORS = (
    DemoOperator("KADIS", "Hj. Rahmawati (Kasi Pelayanan)", Role.SUPERVISOR, "739146", 0),
    DemoOperator("SITI", "Siti Nurhaliza", Role.OPERATOR, "582047", 1, "A"),
    DemoOperator("BUDI", "Budi Santoso", Role.OPERATOR, "614825", 2, "BD"),
    DemoOperator("ANI", "Ani Lestari", Role.OPERATOR, "407381", 3, "CE"),
    DemoOperator("RINA", "Rina Marlina", Role.OPERATOR, "295063", 0),
)

FIRST_NAMES = (
    "Ahmad",
    "Siti",
    "Muhammad",
    "Nur",
    "Dewi",
    "Rizky",
    "Putri",
    "Agus",
    "Indah",
    "Fajar",
    "Wulan",
    "Bayu",
    "Ayu",
    "Hendra",
    "Rina",
    "Yusuf",
    "Lestari",
    "Arif",
    "Fitri",
    "Dimas",
    "Sari",
    "Eko",
    "Ratna",
    "Galih",
    "Maya",
    "Taufik",
    "Nabila",
    "Ilham",
    "Citra",
    "Reza",
)
LAST_NAMES = (
    "Saputra",
    "Rahmawati",
    "Hidayat",
    "Lestari",
    "Pratama",
    "Wulandari",
    "Setiawan",
    "Kurniawan",
    "Handayani",
    "Nugroho",
    "Permata",
    "Syahputra",
    "Anggraini",
    "Firmansyah",
    "Maharani",
    "Sembiring",
)
DISTRICTS = tuple(f"62.02.{n:02d}" for n in range(1, 18))


@dataclass
class SimulatedClock:
    """The demo's morning runs on its own clock, moved forward minute by minute."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment


@dataclass
class DemoReport:
    path: Path
    operators: tuple[DemoOperator, ...] = OPERATORS
    tickets: int = 0
    recordings: int = 0
    printed: int = 0
    ikd: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


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


class _Person:
    def __init__(self, rng: random.Random, today: date, serial: int, *, age: tuple[int, int]) -> None:
        self.sex = rng.choice("LP")
        years = rng.randint(*age)
        born = today.replace(year=today.year - years) - timedelta(days=rng.randint(10, 330))
        self.born = born
        self.nik = build_nik(rng.choice(DISTRICTS), born, self.sex, serial)
        self.name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        self.phone = f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}"

    def draft(
        self,
        case_type: str,
        ticket_id: int,
        *,
        documents: list[str] | None = None,
        siak_status: str | None = None,
    ) -> CaseDraft:
        from counter_tui.domain.cases import DOCUMENTS_BY_TYPE, CaseType

        if documents is None:
            documents = [d.value for d in DOCUMENTS_BY_TYPE[CaseType(case_type)]]
        return CaseDraft(
            nik=self.nik,
            name=self.name,
            birth_date=self.born,
            sex=self.sex,
            marital="belum_kawin" if self.born.year > 2000 else "kawin",
            case_type=case_type,
            documents=documents,
            phone=self.phone,
            ticket_id=ticket_id,
            siak_status=siak_status,
        )


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
    clock = SimulatedClock(start - timedelta(minutes=30))
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
    actors: dict[str, Actor] = {}
    for spec in OPERATORS[1:]:
        made = account_admin.add_operator(session, spec.code, spec.name, spec.role.value, spec.pin, spec.pin)
        actors[spec.code] = Actor(made.id, made.code, made.role, spec.counter, made.full_name)
    today = office_date(start)
    hours = queue_config.weekly_hours(session).get(today.weekday())
    if hours is None or hours.closed or (hours.closes or "00:00") < "11:00":
        queue_config.set_special_day(session, today, "08:00", "12:00", "Pelayanan khusus akhir pekan (demo)")
    stock.set_target(session, TARGET_POPULATION, RECORDED_BEFORE)
    stock.set_reserve_policy(session, mode="target", buffer_percent=10, replacements_allowed=False)
    clock.moment = start - timedelta(days=1)  # the blanks arrived yesterday afternoon: today opens with 5,000
    stock.receive_stock(session, BLANKS, "BA-DEMO/2024/01 (kiriman Ditjen Dukcapil)")
    clock.moment = start - timedelta(minutes=30)
    report = DemoReport(Path())
    _simulate(db, clock, start, end, rng, actors, report)
    return report


_SERVICE_WEIGHTS = (("A", 40), ("B", 20), ("C", 15), ("D", 13), ("E", 12))
_PRIORITIES = ("lansia", "disabilitas", "hamil", "anak", "bencana")


def _simulate(
    db: Database,
    clock: SimulatedClock,
    start: datetime,
    end: datetime,
    rng: random.Random,
    actors: dict[str, Actor],
    report: DemoReport,
) -> None:
    desk = actors["RINA"]
    counters = [actors["SITI"], actors["BUDI"], actors["ANI"]]
    services = {a.code: spec.services for spec in OPERATORS for a in counters if a.code == spec.code}
    for actor in counters:
        clock.moment = start
        counter_actions.set_counter_services(Session(db, actor, clock), services[actor.code])
    minutes = int((end - start).total_seconds() // 60)
    arrivals = sorted(rng.randint(0, max(minutes - 5, 1)) for _ in range(max(minutes // 2, 24)))
    letters = [c for c, w in _SERVICE_WEIGHTS for _ in range(w)]
    today = office_date(start)
    busy_until = {a.code: 0 for a in counters}
    serving: dict[str, tuple[object, int]] = {}
    serial = iter(range(1, 10_000))
    misprinted = False
    recorded: list[int] = []
    next_arrival = 0
    for minute in range(minutes + 1):
        clock.moment = start + timedelta(minutes=minute)
        while next_arrival < len(arrivals) and arrivals[next_arrival] <= minute:
            next_arrival += 1
            prio = rng.choice(_PRIORITIES) if rng.random() < 0.12 else None
            tickets.issue_ticket(Session(db, desk, clock), rng.choice(letters), priority=prio)
            report.tickets += 1
        for actor in counters:
            if busy_until[actor.code] > minute:
                continue
            current = serving.pop(actor.code, None)
            if current is not None:
                kind, ticket_id = current
                outcome = _finish(
                    db, clock, actor, kind, ticket_id, rng, today, serial, report, recorded, misprinted
                )
                misprinted = misprinted or outcome == "misprint"
            if minute >= minutes - 2:
                continue
            at_counter = Session(db, actor, clock)
            try:
                ticket = counter_actions.call_next(at_counter, services[actor.code])
            except EmptyQueue:
                continue
            if rng.random() < 0.05:
                counter_actions.mark_no_show(at_counter)
                busy_until[actor.code] = minute + 1
                continue
            counter_actions.start_serving(at_counter)
            serving[actor.code] = (ticket.service_code, ticket.id)
            busy_until[actor.code] = minute + rng.randint(3, 8)
    # The morning's recordings come back from SIAK: most 'tunggal' and printed at once, one 'ganda'.
    supervisor_view = Session(db, counters[0], clock)
    for index, recording_id in enumerate(recorded):
        try:
            recordings.set_recording_status(supervisor_view, recording_id, "SENT_FOR_ENROLLMENT")
            if index == 1:
                recordings.set_recording_status(
                    supervisor_view, recording_id, "DUPLICATE_RECORD", "ganda di pusat"
                )
            elif index % 3 != 2:
                recordings.set_recording_status(supervisor_view, recording_id, "PRINT_READY_RECORD")
                recordings.print_card(supervisor_view, recording_id)
                report.printed += 1
        except CounterError as refusal:  # a 16-year-old is recorded but not printed: that is the rule
            report.notes.append(refusal.message)


def _finish(
    db: Database,
    clock: SimulatedClock,
    actor: Actor,
    service: object,
    ticket_id: int,
    rng: random.Random,
    today: date,
    serial,
    report: DemoReport,
    recorded: list[int],
    misprinted: bool,
) -> str:
    session = Session(db, actor, clock)
    number = next(serial)
    if service == "A":  # pemula: 16-19 years old, never recorded
        person = _Person(rng, today, number, age=(16, 19))
        if rng.random() < 0.1:
            case_finish.finish_case(session, person.draft("baru", ticket_id, documents=[]))
            return "berkas_kurang"
        result = case_finish.finish_case(session, person.draft("baru", ticket_id))
        if result.recording is not None:
            recorded.append(result.recording.id)
            report.recordings += 1
        return "recorded"
    if service == "B":  # hilang/rusak: routed to IKD while blanks are kept for first-timers
        person = _Person(rng, today, number, age=(21, 60))
        kind = rng.choice(("hilang", "rusak"))
        roll = rng.random()
        outcome = (
            IkdOutcome.ACTIVATED
            if roll < 0.6
            else IkdOutcome.GUIDED_HOME
            if roll < 0.85
            else IkdOutcome.NO_SMARTPHONE
        )
        steps = (
            (True,) * 7 if outcome is IkdOutcome.ACTIVATED else (True, True, True, False, False, False, False)
        )
        case_finish.finish_case(session, person.draft(kind, ticket_id), ikd=IkdResult(steps, outcome))
        report.ikd += 1
        return "ikd"
    if service == "D":  # aktivasi IKD for someone recorded before the app
        person = _Person(rng, today, number, age=(18, 45))
        case_finish.finish_case(
            session,
            person.draft("aktivasi_ikd", ticket_id, siak_status="PRINT_READY_RECORD"),
            ikd=IkdResult((True,) * 7, IkdOutcome.ACTIVATED),
        )
        report.ikd += 1
        return "ikd"
    if service == "C":  # cetak: recorded before the app, 'tunggal' in SIAK: the card is printed now
        person = _Person(rng, today, number, age=(17, 30))
        result = case_finish.finish_case(
            session, person.draft("cetak", ticket_id, siak_status="PRINT_READY_RECORD")
        )
        report.printed += 1
        if not misprinted:
            recordings.report_misprint(session, result.case.uuid, "gagal cetak: tinta pita habis")
            return "misprint"
        return "printed"
    # E: perubahan data and other errands: finished at the desk
    counter_actions.finish(session, "selesai")
    return "selesai"
