"""Blank stock: the views and the supervisor's changes (receipts, write-offs, stock opname corrections); the target
and the reserve policy are stock_target.py. Every change is one BEGIN IMMEDIATE transaction with its audit row.

Printing a card and a misprint are case use cases (services/recordings.py, waitlist.py); they use `stock_level`
and `take_blank` from here, inside their own transaction, so the stock rule and the ledger have one code path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from counter_tui.domain.accounts import Actor
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import ValidationError
from counter_tui.domain.routing import StockRule
from counter_tui.domain.stock import (
    RATE_DAYS,
    MovementKind,
    ReservePolicy,
    StockLevel,
    Target,
    check_balance_after,
    parse_count,
    parse_quantity,
)
from counter_tui.domain.text import clean_line
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import cases as case_store
from counter_tui.storage import stock as store
from counter_tui.storage.connection import Connection
from counter_tui.storage.stock import Movement, NewMovement


# -- reading ----------------------------------------------------------------------------------------
def target_in(conn: Connection, settings: case_store.CaseSettings | None = None) -> Target:
    settings = settings or case_store.get_settings(conn)
    return Target(
        settings.target_population,
        settings.recorded_before,
        case_store.count_app_recordings(conn),
        settings.target_date,
    )


def stock_level(conn: Connection, today: date, settings: case_store.CaseSettings | None = None) -> StockLevel:
    """Balance, reserve and the last RATE_DAYS days' use, read inside the caller's transaction."""
    settings = settings or case_store.get_settings(conn)
    target = target_in(conn, settings)
    first = (today - timedelta(days=RATE_DAYS - 1)).isoformat()
    return StockLevel(
        balance=store.balance(conn),
        reserve=settings.policy.reserve(target.remaining),
        replacements_allowed=settings.policy.replacements_allowed,
        used_last_days=store.consumed_between(conn, first, today.isoformat()),
    )


def stock_rule(level: StockLevel) -> StockRule:
    return StockRule(level.balance, level.reserve, level.replacements_allowed)


@dataclass(frozen=True, slots=True)
class StockView:
    """What the stock screens and `counter-tui stock` show."""

    date: str
    level: StockLevel
    policy: ReservePolicy
    target: Target
    movements_today: list[Movement]

    @property
    def balance(self) -> int:
        return self.level.balance

    @property
    def reserve(self) -> int:
        return self.level.reserve

    @property
    def available_for_replacement(self) -> int:
        return self.level.available_for_replacement

    @property
    def days_left(self) -> float | None:
        return self.level.days_left

    def as_json(self) -> dict[str, object]:
        """The keys of `counter-tui stock --json`."""
        days = self.level.days_left
        return {
            "date": self.date,
            "balance": self.level.balance,
            "reserve": self.level.reserve,
            "available_for_replacement": self.level.available_for_replacement,
            "days_left": round(days, 1) if days is not None else None,
            "used_last_7_days": self.level.used_last_days,
            "replacements_allowed": self.policy.replacements_allowed,
            "reserve_policy": {
                "mode": self.policy.mode.value,
                "fixed": self.policy.fixed,
                "buffer_percent": self.policy.buffer_percent,
            },
            "movements_today": [
                {
                    "kind": m.kind.value,
                    "quantity": m.quantity,
                    "balance_after": m.balance_after,
                    "reference": m.reference,
                    "reason": m.reason,
                    "operator": m.operator_code,
                    "at": m.at_utc,
                }
                for m in self.movements_today
            ],
        }


def stock_view(session: Session) -> StockView:
    today = session.today()
    with session.read() as conn:
        return StockView(
            today.isoformat(),
            stock_level(conn, today),
            case_store.get_settings(conn).policy,
            target_in(conn),
            store.movements_on(conn, today.isoformat()),
        )


# -- the ledger -------------------------------------------------------------------------------------
def take_blank(
    conn: Connection,
    session: Session,
    kind: MovementKind,
    *,
    case_id: int,
    recording_id: int | None = None,
    reason: str | None = None,
    device: str | None = None,
) -> Movement:
    """One blank out of stock (a printed card, or a misprint), inside the caller's write transaction."""
    return _move(
        conn, session, kind, -1, case_id=case_id, recording_id=recording_id, reason=reason, device=device
    )


def _move(
    conn: Connection,
    session: Session,
    kind: MovementKind,
    quantity: int,
    *,
    reference: str | None = None,
    reason: str | None = None,
    case_id: int | None = None,
    recording_id: int | None = None,
    device: str | None = None,
) -> Movement:
    actor: Actor = session.actor
    now = session.now()
    after = check_balance_after(store.balance(conn), quantity)
    movement_id = store.insert_movement(
        conn,
        device or case_store.device_id(conn),
        NewMovement(
            kind,
            quantity,
            after,
            session.today().isoformat(),
            to_utc_text(now),
            actor.operator_id,
            actor.code,
            reference,
            reason,
            case_id,
            recording_id,
        ),
    )
    details: dict[str, object] = {"kind": kind.value, "quantity": quantity, "balance_after": after}
    if reference:
        details["reference"] = reference
    if reason:
        details["reason"] = reason
    if case_id is not None:
        details["case_id"] = case_id
    audit.append(conn, actor, f"stock.{kind.value}", f"stock_movement:{movement_id}", details, now)
    movement = store.get_movement(conn, movement_id)
    assert movement is not None
    return movement


def _text(value: str | None, what: str, maximum: int) -> str:
    return clean_line(value, what=what, maximum=maximum)


def receive_stock(session: Session, quantity: str | int, reference: str) -> Movement:
    """Blanks received from the centre, with the delivery's reference. Supervisor only; audited."""
    number = parse_quantity(quantity)
    ref = _text(reference, "Referensi", 200)
    with session.write(supervisor=True) as conn:
        return _move(conn, session, MovementKind.RECEIPT, number, reference=ref)


def record_damaged(session: Session, quantity: str | int, reason: str) -> Movement:
    """Blanks found damaged (sent back with a berita acara). Supervisor only; audited."""
    number = parse_quantity(quantity)
    why = _text(reason, "Alasan", 500)
    with session.write(supervisor=True) as conn:
        return _move(conn, session, MovementKind.DAMAGED, -number, reason=why)


def correct_stock(session: Session, counted: str | int, reason: str) -> Movement:
    """A stock count (stock opname): the ledger is corrected to the counted number. Supervisor only; audited."""
    number = parse_count(counted, what="Hasil hitung stok", maximum=10_000_000)
    why = _text(reason, "Alasan", 500)
    with session.write(supervisor=True) as conn:
        difference = number - store.balance(conn)
        if difference == 0:
            raise ValidationError("Hasil hitung sama dengan saldo stok; tidak ada koreksi.")
        return _move(conn, session, MovementKind.CORRECTION, difference, reason=why)
