"""The demo's simulated morning: tickets in every service, cases finished and printed, a misprint, a no-show."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from counter_tui.domain.accounts import Actor
from counter_tui.domain.cases import IkdOutcome, IkdResult
from counter_tui.domain.clock import office_date
from counter_tui.domain.errors import CounterError, EmptyQueue
from counter_tui.services import case_finish, counter_actions, counter_setup, outreach, recordings, tickets
from counter_tui.services.demo_data import OPERATORS, DemoReport, SimulatedClock, _Person
from counter_tui.services.session import Session
from counter_tui.storage.db import Database

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
        counter_setup.set_counter_services(Session(db, actor, clock), services[actor.code])
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
    school = _school_outreach(db, clock, actors["KADIS"], rng, today, serial, minutes, report)
    for minute in range(minutes + 1):
        clock.moment = start + timedelta(minutes=minute)
        school(minute)
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


# Jemput bola at a school in the morning: the supervisor records a few pupils of 17 there (no queue ticket).
_SCHOOL = "SMAN 1 Sampit"
_SCHOOL_PUPILS = 3


def _school_outreach(
    db: Database,
    clock: SimulatedClock,
    actor: Actor,
    rng: random.Random,
    today: date,
    serial,
    minutes: int,
    report: DemoReport,
):
    """The session's steps, run at their minute of the morning (one call per simulated minute)."""
    first = max(minutes // 6, 1)
    steps = {first: "start", first + 4 * (_SCHOOL_PUPILS + 1): "end"}
    steps.update({first + 4 * (n + 1): "record" for n in range(_SCHOOL_PUPILS)})

    def step(minute: int) -> None:
        what = steps.get(minute)
        if what is None:
            return
        field = Session(db, actor, clock)
        if what == "start":
            outreach.start_session(field, "sekolah", _SCHOOL, "05")
        elif what == "record":
            pupil = _Person(rng, today, next(serial), age=(17, 17))
            case_finish.finish_case(field, pupil.draft("baru", None, documents=["kk"]))
            report.recordings += 1
            report.outreach_recorded += 1
        else:
            outreach.end_session(field)

    return step


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
