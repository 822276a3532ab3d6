"""A small, fully deterministic office day for the end-of-day tests: every ticket outcome, a priority, a NIK,
a transfer, a no-show, a parked and a waiting ticket; the times come from a FixedClock."""

from __future__ import annotations

from dataclasses import dataclass

from counter_tui.domain.accounts import Actor
from counter_tui.domain.clock import FixedClock
from counter_tui.services import accounts, queue
from counter_tui.services.session import Session
from counter_tui.storage.db import Database
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


@dataclass
class SmallDay:
    supervisor: Actor
    operator: Actor
    operator2: Actor

    def session(self, db: Database, clock: FixedClock, actor: Actor | None = None) -> Session:
        return Session(db, actor or self.supervisor, clock)


def build_small_day(db: Database, clock: FixedClock) -> SmallDay:
    """Monday 30 November 2026 from 08:00 WIB: 9 tickets; A-001..B-002 served, one no-show, one transferred,
    one parked at counter 2, two still waiting."""
    spv = accounts.login(db, SUPERVISOR_CODE, SUPERVISOR_PIN, 0, clock=clock)
    op1 = accounts.login(db, OPERATOR_CODE, OPERATOR_PIN, 1, clock=clock)
    op2 = accounts.login(db, OPERATOR2_CODE, OPERATOR2_PIN, 2, clock=clock)
    plan = [("A", None, NIK), ("A", None, None), ("B", "lansia", NIK2), ("B", None, None), ("C", None, None),
            ("D", "hamil", None), ("E", None, None), ("A", None, None), ("B", "disabilitas", None)]
    for service, priority, nik in plan:
        clock.advance(minutes=4)
        queue.issue_ticket(db, spv, service, priority=priority, nik=nik, clock=clock)
    queue.set_counter_services(db, op1, "AB", clock=clock)
    queue.set_counter_services(db, op2, "CDE", clock=clock)
    # Counter 1: the priority tickets B-001 (lansia) and B-003 (disabilitas) first, then A-001.
    for outcome in ("selesai", "selesai", "berkas_kurang"):
        clock.advance(minutes=3)
        queue.call_next(db, op1, "AB", clock=clock)
        clock.advance(minutes=1)
        queue.start_serving(db, op1, clock=clock)
        clock.advance(minutes=7)
        queue.finish(db, op1, outcome, clock=clock)
    # A-002 called, does not come.
    clock.advance(minutes=2)
    queue.call_next(db, op1, "AB", clock=clock)
    clock.advance(minutes=2)
    queue.mark_no_show(db, op1, clock=clock)
    # Counter 2: D-001 (hamil) served and routed to IKD; C-001 transferred to D; E-001 parked.
    clock.advance(minutes=1)
    queue.call_next(db, op2, "CDE", clock=clock)
    queue.start_serving(db, op2, clock=clock)
    clock.advance(minutes=6)
    queue.finish(db, op2, "dirujuk_ikd", clock=clock)
    clock.advance(minutes=1)
    queue.call_next(db, op2, "CDE", clock=clock)
    queue.transfer(db, op2, "D", clock=clock)
    clock.advance(minutes=1)
    queue.call_next(db, op2, "CDE", clock=clock)  # C-001 again, now in D (kept its place)
    queue.start_serving(db, op2, clock=clock)
    clock.advance(minutes=4)
    queue.finish(db, op2, "selesai", clock=clock)
    clock.advance(minutes=1)
    queue.call_next(db, op2, "CDE", clock=clock)  # E-001
    queue.park(db, op2, clock=clock)
    clock.advance(minutes=5)
    return SmallDay(spv, op1, op2)
