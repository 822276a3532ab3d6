"""A small, fully deterministic office day for the end-of-day tests: every ticket outcome, a priority, a NIK,
a transfer, a no-show, a parked and a waiting ticket; the times come from a FixedClock."""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain.accounts import Actor
from counter_tui.domain.cases import IkdOutcome, IkdResult
from counter_tui.services import (
    accounts,
    case_finish,
    counter_actions,
    counter_setup,
    counter_transfers,
    recordings,
    stock,
    stock_target,
    tickets,
)
from counter_tui.services.case_draft import CaseDraft
from counter_tui.services.session import Session
from counter_tui.storage.db import Database
from tests.clock import FixedClock
from tests.conftest import (
    OPERATOR2_CODE,
    OPERATOR2_PIN,
    OPERATOR_CODE,
    OPERATOR_PIN,
    SUPERVISOR_CODE,
    SUPERVISOR_PIN,
)

NIK = "6202054507060001"  # Baamang, a woman born 5 July 2006 (DOMAIN.md)
NIK2 = "6202051204050002"


PHONE = "0812-3456-7890"
ACTIVATED = IkdResult((True,) * 7, IkdOutcome.ACTIVATED)


def hilang_draft(ticket_id: int) -> CaseDraft:
    return CaseDraft(
        nik=NIK2,
        name="Budi Santoso",
        birth_date="12-04-2005",
        sex="L",
        marital="belum_kawin",
        case_type="hilang",
        documents=["kk", "surat_kehilangan"],
        phone=PHONE,
        ticket_id=ticket_id,
    )


def pemula_draft(ticket_id: int) -> CaseDraft:
    return CaseDraft(
        nik=NIK,
        name="Siti Aminah",
        birth_date="05-07-2006",
        sex="P",
        marital="belum_kawin",
        case_type="baru",
        documents=["kk"],
        ticket_id=ticket_id,
    )


@dataclass
class SmallDay:
    supervisor: Actor
    operator: Actor
    operator2: Actor

    def session(self, db: Database, clock: FixedClock, actor: Actor | None = None) -> Session:
        return Session(db, actor or self.supervisor, clock)


def build_small_day(db: Database, clock: FixedClock) -> SmallDay:
    """Monday 30 November 2026 from 08:00 WIB: 9 tickets, one no-show, one transferred, one parked at counter 2,
    two still waiting; the target and 5,000 blanks (replacements not printed: hilang/rusak go to IKD); a hilang case
    routed to IKD (activated, on the waiting list), a pemula recorded, printed, and one misprint."""
    kiosk = Session(db, clock=clock)
    spv = accounts.login(kiosk, SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
    op1 = accounts.login(kiosk, OPERATOR_CODE, OPERATOR_PIN, 1)
    op2 = accounts.login(kiosk, OPERATOR2_CODE, OPERATOR2_PIN, 2)
    boss = Session(db, spv, clock)
    stock_target.set_target(boss, 313_281, 310_785, target_date="2024-02-14")
    stock_target.set_reserve_policy(boss, replacements_allowed=False)
    stock.receive_stock(boss, 5000, "BA-01/XI/2026")
    counter1 = Session(db, op1, clock)
    counter2 = Session(db, op2, clock)
    plan = [
        ("A", None, NIK),
        ("A", None, None),
        ("B", "lansia", NIK2),
        ("B", None, None),
        ("C", None, None),
        ("D", "hamil", None),
        ("E", None, None),
        ("A", None, None),
        ("B", "disabilitas", None),
    ]
    for service, priority, nik in plan:
        clock.advance(minutes=4)
        tickets.issue_ticket(boss, service, priority=priority, nik=nik)
    counter_setup.set_counter_services(counter1, "AB")
    counter_setup.set_counter_services(counter2, "CDE")
    # Counter 1: the priority tickets B-001 (lansia) and B-003 (disabilitas) first, then A-001.
    recording_id = case_uuid = None
    for step in ("hilang", "selesai", "pemula"):
        clock.advance(minutes=3)
        ticket = counter_actions.call_next(counter1, "AB")
        clock.advance(minutes=1)
        counter_actions.start_serving(counter1)
        clock.advance(minutes=7)
        if step == "hilang":
            case_finish.finish_case(counter1, hilang_draft(ticket.id), ikd=ACTIVATED)
        elif step == "pemula":
            result = case_finish.finish_case(counter1, pemula_draft(ticket.id))
            assert result.recording is not None
            recording_id, case_uuid = result.recording.id, result.case.uuid
        else:
            counter_actions.finish(counter1, step)
    assert recording_id is not None
    assert case_uuid is not None
    clock.advance(minutes=1)
    recordings.set_recording_status(counter1, recording_id, "SENT_FOR_ENROLLMENT")
    recordings.set_recording_status(counter1, recording_id, "PRINT_READY_RECORD")  # tunggal, read from SIAK
    recordings.print_card(counter1, recording_id)
    clock.advance(minutes=1)
    recordings.report_misprint(counter1, case_uuid)
    # A-002 called, does not come.
    clock.advance(minutes=2)
    counter_actions.call_next(counter1, "AB")
    clock.advance(minutes=2)
    counter_actions.mark_no_show(counter1)
    # Counter 2: D-001 (hamil) served and routed to IKD; C-001 transferred to D; E-001 parked.
    clock.advance(minutes=1)
    counter_actions.call_next(counter2, "CDE")
    counter_actions.start_serving(counter2)
    clock.advance(minutes=6)
    counter_actions.finish(counter2, "dirujuk_ikd")
    clock.advance(minutes=1)
    counter_actions.call_next(counter2, "CDE")
    counter_transfers.transfer(counter2, "D")
    clock.advance(minutes=1)
    counter_actions.call_next(counter2, "CDE")  # C-001 again, now in D (kept its place)
    counter_actions.start_serving(counter2)
    clock.advance(minutes=4)
    counter_actions.finish(counter2, "selesai")
    clock.advance(minutes=1)
    counter_actions.call_next(counter2, "CDE")  # E-001
    counter_actions.park(counter2)
    clock.advance(minutes=5)
    return SmallDay(spv, op1, op2)


NIK3 = "6202050103080003"  # Baamang, a man born 1 March 2008: a pupil recorded at his school


def add_school_outreach(db: Database, clock: FixedClock, day: SmallDay) -> None:
    """A jemput bola session at a school during the small day: one pupil recorded (no ticket). The clock stays
    where it is, so the tickets' golden file (closing times) is the same with or without it."""
    from counter_tui.services import outreach

    field = Session(db, day.operator, clock)
    outreach.start_session(field, "sekolah", "SMAN 1 Sampit", "05")
    case_finish.finish_case(
        field,
        CaseDraft(
            nik=NIK3,
            name="Rizky Pratama",
            birth_date="01-03-2008",
            sex="L",
            marital="belum_kawin",
            case_type="baru",
            documents=["kk"],
        ),
    )
    outreach.end_session(field)
