"""Queue use cases: issue tickets, counter actions, and the views the screens, the board and the CLI show."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from counter_tui.domain.accounts import Actor, require_supervisor
from counter_tui.domain.clock import SystemClock, office_date, to_utc_text
from counter_tui.domain.day_close import check_day_takes_tickets
from counter_tui.domain.errors import (
    Conflict,
    DuplicateTicket,
    EmptyQueue,
    NotFound,
    QueueClosed,
    ValidationError,
)
from counter_tui.domain.hours import (
    WEEKDAYS,
    DayHours,
    check_can_issue,
    check_quota,
    parse_hhmm,
    time_to_close,
)
from counter_tui.domain.nik import mask_nik, nik_key, normalize_nik_text, validate_nik
from counter_tui.domain.queue import (
    Action,
    Outcome,
    Priority,
    Service,
    Ticket,
    TicketStatus,
    check_counter_free,
    check_transfer_target,
    estimate_wait,
    next_status,
    normalize_service_code,
    parse_outcome,
    parse_priority,
    parse_ticket_label,
    validate_quota,
)
from counter_tui.services._acting import acting, check_actor
from counter_tui.storage import audit
from counter_tui.storage import day_close as day_store
from counter_tui.storage import queue as store
from counter_tui.storage.db import Database

COUNTER_SEEN_WINDOW = timedelta(minutes=5)


def seed_queue_defaults(conn) -> None:
    store.seed_defaults(conn)


def _today(clock) -> tuple[datetime, str]:
    now = clock.now()
    return now, office_date(now).isoformat()


def _require_counter(actor: Actor) -> int:
    if actor.counter < 1:
        raise ValidationError("Loket 0 adalah meja informasi. Masuk dengan nomor loket 1-99 untuk melayani antrian.")
    return actor.counter


# -- services and hours ----------------------------------------------------------------------------
def list_services(db: Database, *, active_only: bool = False) -> list[Service]:
    return store.list_services(db.conn, active_only=active_only)


def _active_service(conn, code: str) -> Service:
    code = normalize_service_code(code)
    service = store.get_service(conn, code)
    if service is None:
        raise NotFound(f"Layanan {code} tidak dikenal.")
    if not service.active:
        raise QueueClosed(f"Layanan {code} ({service.name}) sedang tidak aktif.", overridable=False)
    return service


def update_service(
    db: Database, actor: Actor, code: str, *, name: str | None = None, active: bool | None = None,
    daily_quota: int | str | None | type[...] = ..., clock=None,
) -> Service:
    clock = clock or SystemClock()
    require_supervisor(actor)
    code = normalize_service_code(code)
    with acting(db, actor, supervisor=True) as conn:
        current = store.get_service(conn, code)
        if current is None:
            raise NotFound(f"Layanan {code} tidak dikenal.")
        new_name = current.name if name is None else " ".join(name.split())
        if not new_name or len(new_name) > 80:
            raise ValidationError("Nama layanan wajib diisi (maksimal 80 karakter).")
        quota = current.daily_quota if daily_quota is ... else validate_quota(daily_quota)  # type: ignore[arg-type]
        updated = Service(code, new_name, current.active if active is None else active, quota, current.sort_order)
        store.save_service(conn, updated)
        audit.append(conn, actor, "service.update", f"service:{code}",
                     {"name": updated.name, "active": updated.active, "daily_quota": updated.daily_quota}, clock.now())
    return updated


def weekly_hours(db: Database) -> dict[int, DayHours]:
    return store.weekly_hours(db.conn)


def special_days(db: Database) -> dict[date, DayHours]:
    return store.special_days(db.conn)


def _hours(opens: str | None, closes: str | None, reason: str | None = None) -> DayHours:
    if not (opens or "").strip() and not (closes or "").strip():
        return DayHours(None, None, reason)
    return DayHours(parse_hhmm(opens or ""), parse_hhmm(closes or ""), reason)


def set_weekday_hours(db: Database, actor: Actor, weekday: int, opens: str | None, closes: str | None,
                      clock=None) -> DayHours:
    clock = clock or SystemClock()
    require_supervisor(actor)
    if not 0 <= weekday <= 6:
        raise ValidationError("Hari harus 0 (Senin) sampai 6 (Minggu).")
    hours = _hours(opens, closes)
    with acting(db, actor, supervisor=True) as conn:
        store.set_weekday_hours(conn, weekday, hours)
        audit.append(conn, actor, "hours.weekday", f"weekday:{WEEKDAYS[weekday]}",
                     {"opens": hours.opens, "closes": hours.closes}, clock.now())
    return hours


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationError("Tanggal harus berformat TTTT-BB-HH, misalnya 2024-02-14.") from None


def set_special_day(db: Database, actor: Actor, day: str | date, opens: str | None, closes: str | None,
                    reason: str, clock=None) -> DayHours:
    clock = clock or SystemClock()
    require_supervisor(actor)
    the_day = day if isinstance(day, date) else parse_day(day)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("Alasan hari khusus wajib diisi.")
    hours = _hours(opens, closes, reason)
    with acting(db, actor, supervisor=True) as conn:
        store.set_special_day(conn, the_day, hours)
        audit.append(conn, actor, "hours.special_day", f"day:{the_day.isoformat()}",
                     {"opens": hours.opens, "closes": hours.closes, "reason": reason}, clock.now())
    return hours


def remove_special_day(db: Database, actor: Actor, day: str | date, clock=None) -> None:
    clock = clock or SystemClock()
    require_supervisor(actor)
    the_day = day if isinstance(day, date) else parse_day(day)
    with acting(db, actor, supervisor=True) as conn:
        if not store.delete_special_day(conn, the_day):
            raise NotFound(f"Tidak ada hari khusus pada {the_day.isoformat()}.")
        audit.append(conn, actor, "hours.special_day_removed", f"day:{the_day.isoformat()}", {}, clock.now())


# -- issuing ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class IssuedTicket:
    ticket: Ticket
    service: Service
    position: int
    estimated_wait: timedelta
    overridden: tuple[str, ...] = ()


def issue_ticket(
    db: Database,
    actor: Actor,
    service_code: str,
    *,
    priority: str | Priority | None = None,
    nik: str | None = None,
    override_by: Actor | None = None,
    clock=None,
) -> IssuedTicket:
    """The front desk (or a kiosk) takes a ticket. Hours, quota and one-waiting-ticket-per-NIK are enforced;
    a supervisor's override lifts them and is audited."""
    clock = clock or SystemClock()
    prio = parse_priority(priority) if not isinstance(priority, Priority) else priority
    if override_by is not None:
        require_supervisor(override_by)
    key = masked = None
    now, today = _today(clock)
    if nik:
        digits = normalize_nik_text(nik)
        if not digits.isascii() or not digits.isdigit() or len(digits) != 16:
            raise ValidationError("NIK harus terdiri dari 16 digit angka.")
        # A mistyped NIK would slip past the one-ticket-per-NIK rule: its region code must exist and its date
        # part must be a real birth date.
        validate_nik(digits, today=office_date(now))
        key, masked = nik_key(digits, db.pepper), mask_nik(digits)
    overridden: list[str] = []
    with acting(db, actor) as conn:
        # The time is read again under the write lock, so issue order, number order and queued_at agree.
        now, today = _today(clock)
        if override_by is not None:
            check_actor(conn, override_by, supervisor=True)
        service = _active_service(conn, service_code)
        # A closed day is closed for everyone: a supervisor reopens it (audited) rather than overriding it.
        check_day_takes_tickets(day_store.get_closure(conn, today))
        rules = (
            lambda: check_can_issue(now, store.hours_for_day(conn, office_date(now))),
            lambda: check_quota(service.name, store.count_issued(conn, today, service.code), service.daily_quota),
            lambda: _check_nik_free(conn, today, service, key),
        )
        for rule in rules:
            try:
                rule()
            except (QueueClosed, DuplicateTicket) as refusal:
                if override_by is None:
                    raise
                overridden.append(refusal.message)
        number = store.next_number(conn, today, service.code)
        new = store.NewTicket(today, service.code, number, prio, key, masked, to_utc_text(now), actor.code)
        ticket_id = store.insert_ticket(conn, new)
        ticket = store.get_ticket(conn, ticket_id)
        assert ticket is not None
        details: dict[str, object] = {"priority": prio.value if prio else None}
        if masked:
            details["nik"] = masked
        audit.append(conn, actor, "ticket.issue", f"ticket:{today}:{ticket.label}", details, now)
        if overridden:
            assert override_by is not None
            audit.append(conn, override_by, "ticket.override", f"ticket:{today}:{ticket.label}",
                         {"rules": overridden, "issued_by": actor.code}, now)
        position = store.position_of(conn, ticket)
        wait = _estimate(conn, today, service.code, position, now)
    return IssuedTicket(ticket, service, position, wait, tuple(overridden))


def _check_nik_free(conn, today: str, service: Service, key: str | None) -> None:
    if key and store.has_waiting_nik(conn, today, service.code, key):
        raise DuplicateTicket(
            f"NIK ini sudah memegang tiket aktif untuk layanan {service.code} hari ini. "
            "Satu orang satu tiket per layanan; supervisor dapat memberi izin khusus."
        )


def _estimate(conn, today: str, service_code: str, position: int, now: datetime) -> timedelta:
    average = store.avg_service_minutes(conn, today, service_code)
    counters = store.counters_serving(conn, service_code, to_utc_text(now - COUNTER_SEEN_WINDOW))
    return estimate_wait(position, average, counters)


# -- counter actions -------------------------------------------------------------------------------
def set_counter_services(db: Database, actor: Actor, services: Sequence[str], clock=None) -> tuple[str, ...]:
    clock = clock or SystemClock()
    counter = _require_counter(actor)
    codes = sorted({normalize_service_code(c) for c in services})
    if not codes:
        raise ValidationError("Pilih minimal satu layanan untuk loket ini.")
    now = clock.now()
    with acting(db, actor) as conn:
        for code in codes:
            if store.get_service(conn, code) is None:
                raise NotFound(f"Layanan {code} tidak dikenal.")
        store.save_counter(conn, counter, codes, actor.operator_id, to_utc_text(now))
        audit.append(conn, actor, "counter.services", f"counter:{counter}", {"services": "".join(codes)}, now)
    return tuple(codes)


def counter_heartbeat(db: Database, actor: Actor, clock=None) -> None:
    """Keeps the counter counted as open for the estimated wait."""
    clock = clock or SystemClock()
    if actor.counter < 1:
        return
    with db.transaction() as conn:
        store.touch_counter(conn, actor.counter, to_utc_text(clock.now()))


def saved_counter_services(db: Database, counter: int) -> tuple[str, ...]:
    text = store.counter_services(db.conn, counter)
    return tuple(text) if text else ()


def call_next(db: Database, actor: Actor, services: Sequence[str], clock=None) -> Ticket:
    """Priority first, then the oldest, across this counter's services."""
    clock = clock or SystemClock()
    counter = _require_counter(actor)
    codes = [normalize_service_code(c) for c in services]
    if not codes:
        raise ValidationError("Loket ini belum memilih layanan. Pilih layanan dahulu.")
    now, today = _today(clock)
    with acting(db, actor) as conn:
        check_counter_free(store.current_at_counter(conn, today, counter))
        ticket = store.next_waiting(conn, today, codes)
        if ticket is None:
            raise EmptyQueue(f"Tidak ada antrian menunggu untuk layanan {', '.join(codes)}.")
        next_status(Action.CALL, ticket)
        stamp = to_utc_text(now)
        store.update_ticket(conn, ticket.id, status=TicketStatus.CALLED.value, called_at=stamp, counter=counter,
                            operator_id=actor.operator_id, call_count=ticket.call_count + 1)
        store.insert_call(conn, ticket, counter, stamp)
        audit.append(conn, actor, "ticket.call", f"ticket:{today}:{ticket.label}", {"counter": counter}, now)
        called = store.get_ticket(conn, ticket.id)
    assert called is not None
    return called


def _current(conn, actor: Actor, today: str) -> Ticket:
    counter = _require_counter(actor)
    ticket = store.current_at_counter(conn, today, counter)
    if ticket is None:
        raise Conflict("Tidak ada tiket yang sedang dipanggil atau dilayani di loket ini.")
    return ticket


def current_ticket(db: Database, actor: Actor, clock=None) -> Ticket | None:
    clock = clock or SystemClock()
    _, today = _today(clock)
    return store.current_at_counter(db.conn, today, _require_counter(actor))


def requeue_no_show(db: Database, actor: Actor, label: str, clock=None) -> Ticket:
    """A no-show who turns up after all goes back in the queue, once, behind those waiting now."""
    clock = clock or SystemClock()
    letter, number = parse_ticket_label(label)
    now, today = _today(clock)
    with acting(db, actor) as conn:
        ticket = store.find_ticket(conn, today, letter, number)
        if ticket is None:
            raise NotFound(f"Tiket {letter}-{number:03d} tidak ada hari ini.")
        check_day_takes_tickets(day_store.get_closure(conn, today))
        status = next_status(Action.REQUEUE, ticket)
        store.update_ticket(conn, ticket.id, status=status.value, requeued=1, queued_at=to_utc_text(now),
                            counter=None, finished_at=None)
        audit.append(conn, actor, "ticket.requeue", f"ticket:{today}:{ticket.label}", {}, now)
        updated = store.get_ticket(conn, ticket.id)
    assert updated is not None
    return updated


def transfer(db: Database, actor: Actor, target_service: str, clock=None) -> Ticket:
    """Send the current ticket to another service. It keeps its original place in time."""
    clock = clock or SystemClock()
    now, today = _today(clock)
    with acting(db, actor) as conn:
        ticket = _current(conn, actor, today)
        target = store.get_service(conn, normalize_service_code(target_service))
        if target is None:
            raise NotFound(f"Layanan {target_service.strip().upper()} tidak dikenal.")
        check_transfer_target(ticket, target)
        status = next_status(Action.TRANSFER, ticket)
        store.update_ticket(conn, ticket.id, status=status.value, service_code=target.code, counter=None,
                            called_at=None, served_at=None)
        audit.append(conn, actor, "ticket.transfer", f"ticket:{today}:{ticket.label}",
                     {"from": ticket.service_code, "to": target.code}, now)
        updated = store.get_ticket(conn, ticket.id)
    assert updated is not None
    return updated


def resume(db: Database, actor: Actor, label: str | None = None, clock=None) -> Ticket:
    """Resume a parked ticket of this counter: the named one, or the one parked longest."""
    clock = clock or SystemClock()
    counter = _require_counter(actor)
    now, today = _today(clock)
    with acting(db, actor) as conn:
        check_counter_free(store.current_at_counter(conn, today, counter))
        parked = store.parked_at_counter(conn, today, counter)
        if label:
            letter, number = parse_ticket_label(label)
            parked = [t for t in parked if (t.origin_service, t.number) == (letter, number)]
        if not parked:
            raise Conflict("Tidak ada tiket yang ditunda di loket ini." if not label
                           else f"Tiket {label.upper()} tidak sedang ditunda di loket ini.")
        ticket = parked[0]
        status = next_status(Action.RESUME, ticket)
        store.update_ticket(conn, ticket.id, status=status.value, served_at=ticket.served_at or to_utc_text(now),
                            operator_id=actor.operator_id)
        audit.append(conn, actor, "ticket.resume", f"ticket:{today}:{ticket.label}", {}, now)
        updated = store.get_ticket(conn, ticket.id)
    assert updated is not None
    return updated


def _change_current(
    db: Database,
    actor: Actor,
    action: Action,
    changes: Callable[[Ticket, TicketStatus, str], dict[str, object]],
    clock,
    *,
    details: dict[str, object] | None = None,
    also: Callable[[object, Ticket, str], None] | None = None,
) -> Ticket:
    """One code path for the actions on this counter's current ticket: check the status change, write it,
    audit it as `ticket.<action>`, return the ticket as it is now."""
    clock = clock or SystemClock()
    now, today = _today(clock)
    with acting(db, actor) as conn:
        ticket = _current(conn, actor, today)
        status = next_status(action, ticket)
        stamp = to_utc_text(now)
        store.update_ticket(conn, ticket.id, **changes(ticket, status, stamp))
        if also is not None:
            also(conn, ticket, stamp)
        audit.append(conn, actor, f"ticket.{action.value}", f"ticket:{today}:{ticket.label}", details or {}, now)
        updated = store.get_ticket(conn, ticket.id)
    assert updated is not None
    return updated


def recall(db: Database, actor: Actor, clock=None) -> Ticket:
    """Call the current ticket again: the board shows it (and says it) once more."""
    return _change_current(
        db, actor, Action.RECALL, lambda t, _s, _at: {"call_count": t.call_count + 1}, clock,
        also=lambda conn, t, at: store.insert_call(conn, t, actor.counter, at),
    )


def start_serving(db: Database, actor: Actor, clock=None) -> Ticket:
    return _change_current(
        db, actor, Action.START,
        lambda _t, s, at: {"status": s.value, "served_at": at, "operator_id": actor.operator_id}, clock,
    )


def mark_no_show(db: Database, actor: Actor, clock=None) -> Ticket:
    return _change_current(db, actor, Action.NO_SHOW, lambda _t, s, at: {"status": s.value, "finished_at": at}, clock)


def park(db: Database, actor: Actor, clock=None) -> Ticket:
    return _change_current(db, actor, Action.PARK, lambda _t, s, _at: {"status": s.value}, clock)


def finish(db: Database, actor: Actor, outcome: str | Outcome | None, clock=None) -> Ticket:
    """Finish the current ticket. An outcome is required."""
    result = outcome if isinstance(outcome, Outcome) else parse_outcome(outcome)
    return _change_current(
        db, actor, Action.FINISH,
        lambda t, s, at: {"status": s.value, "outcome": result.value, "finished_at": at,
                          "served_at": t.served_at or t.called_at, "operator_id": actor.operator_id},
        clock, details={"outcome": result.value},
    )


# -- views -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ServiceCount:
    service: Service
    waiting: int = 0
    called: int = 0
    serving: int = 0
    parked: int = 0
    done: int = 0
    no_show: int = 0
    closed: int = 0


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    date: str
    services: list[ServiceCount]
    waiting: list[Ticket]
    hours: DayHours
    time_left: timedelta | None

    def as_json(self) -> dict:
        return {
            "date": self.date,
            "hours": {"opens": self.hours.opens, "closes": self.hours.closes, "reason": self.hours.reason},
            "services": [
                {"code": c.service.code, "name": c.service.name, "active": c.service.active,
                 "waiting": c.waiting, "called": c.called, "serving": c.serving, "parked": c.parked,
                 "done": c.done, "no_show": c.no_show}
                for c in self.services
            ],
            "waiting": [
                {"ticket": t.label, "service": t.service_code, "priority": t.priority.value if t.priority else None,
                 "issued_at": t.issued_at}
                for t in self.waiting
            ],
        }


def _service_counts(conn, today: str) -> list[ServiceCount]:
    counts = store.status_counts(conn, today)
    return [ServiceCount(s, **counts.get(s.code, {})) for s in store.list_services(conn)]


def queue_snapshot(db: Database, clock=None, *, waiting_limit: int | None = None) -> QueueSnapshot:
    """Today's queue: counts per service and the waiting list in the order counters will call it."""
    clock = clock or SystemClock()
    now, today = _today(clock)
    with db.snapshot() as conn:
        services = _service_counts(conn, today)
        limit = waiting_limit if waiting_limit is not None else -1
        waiting = store.waiting_page(conn, today, None, 0, limit)
        hours = store.hours_for_day(conn, office_date(now))
    return QueueSnapshot(today, services, waiting, hours, time_to_close(now, hours))


@dataclass(frozen=True, slots=True)
class CounterView:
    date: str
    counter: int
    current: Ticket | None
    parked: list[Ticket]
    services: list[ServiceCount]
    served_today: int
    waiting: list[Ticket]
    waiting_total: int
    time_left: timedelta | None
    hours: DayHours


def counter_view(db: Database, actor: Actor, services: Sequence[str], *, offset: int = 0, limit: int = 50,
                 clock=None) -> CounterView:
    """What a counter screen shows. The waiting list is one page, never the whole day."""
    clock = clock or SystemClock()
    now, today = _today(clock)
    codes = list(services)
    with db.snapshot() as conn:
        current = store.current_at_counter(conn, today, actor.counter) if actor.counter else None
        parked = store.parked_at_counter(conn, today, actor.counter) if actor.counter else []
        counts = _service_counts(conn, today)
        served = store.served_count(conn, today, actor.operator_id)
        waiting = store.waiting_page(conn, today, codes, offset, limit)
        total = store.count_waiting(conn, today, codes)
        hours = store.hours_for_day(conn, office_date(now))
    return CounterView(today, actor.counter, current, parked, counts, served, waiting, total,
                       time_to_close(now, hours), hours)


@dataclass(frozen=True, slots=True)
class BoardView:
    date: str
    calls: list[store.Call]
    services: list[ServiceCount] = field(default_factory=list)


def board_view(db: Database, clock=None, *, limit: int = 6) -> BoardView:
    clock = clock or SystemClock()
    _, today = _today(clock)
    with db.snapshot() as conn:
        calls = store.recent_calls(conn, today, limit)
        counts = [c for c in _service_counts(conn, today) if c.service.active]
    return BoardView(today, calls, counts)


def find_ticket_today(db: Database, label: str, clock=None) -> Ticket:
    clock = clock or SystemClock()
    letter, number = parse_ticket_label(label)
    _, today = _today(clock)
    ticket = store.find_ticket(db.conn, today, letter, number)
    if ticket is None:
        raise NotFound(f"Tiket {letter}-{number:03d} tidak ada hari ini.")
    return ticket
