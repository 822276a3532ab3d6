"""The supervisor dashboard's figures, read in one snapshot: waiting per service, the average wait, served per
counter, blank stock against the reserve, target progress, tickets per hour, and the time to closing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from counter_tui.domain.hours import DayHours, time_to_close
from counter_tui.services.recap import case_figures
from counter_tui.services.session import Session
from counter_tui.storage import day_close as day_store
from counter_tui.storage import export_queries as q
from counter_tui.storage import queue as queue_store


@dataclass(frozen=True, slots=True)
class ServiceLoad:
    code: str
    name: str
    waiting: int
    in_progress: int  # called, serving or parked
    done: int


@dataclass(frozen=True, slots=True)
class DashboardView:
    date: str
    services: list[ServiceLoad]
    waiting_total: int
    avg_wait_minutes: float | None
    served_per_counter: list[tuple[int, int, str | None]]
    hourly: list[tuple[int, int]]  # (WIB hour, tickets issued), over the opening hours
    hours: DayHours
    time_left: timedelta | None
    day_closed: bool
    blanks: dict
    target: dict


def _hour_span(hours: DayHours, seen: dict[int, int]) -> range:
    if hours.opens and hours.closes:
        first = int(hours.opens[:2])
        last = min(int(hours.closes[:2]) - (1 if hours.closes.endswith(":00") else 0), 23)
    else:
        first, last = 8, 15
    if seen:
        first, last = min(first, min(seen)), max(last, max(seen))
    return range(first, last + 1)


def dashboard_view(session: Session) -> DashboardView:
    now = session.now()
    today = session.today()
    key = today.isoformat()
    with session.read() as conn:
        counts = queue_store.status_counts(conn, key)
        services = [
            ServiceLoad(
                s.code,
                s.name,
                counts.get(s.code, {}).get("waiting", 0),
                sum(counts.get(s.code, {}).get(k, 0) for k in ("called", "serving", "parked")),
                counts.get(s.code, {}).get("done", 0),
            )
            for s in queue_store.list_services(conn)
            if s.active or counts.get(s.code)
        ]
        wait = q.wait_minutes(conn, key, key)
        per_counter = q.served_per_counter(conn, key)
        per_hour = q.tickets_per_hour(conn, key)
        hours = queue_store.hours_for_day(conn, today)
        closure = day_store.get_closure(conn, key)
        cases = case_figures(conn, today, today)
    hourly = [(h, per_hour.get(h, 0)) for h in _hour_span(hours, per_hour)]
    return DashboardView(
        date=key,
        services=services,
        waiting_total=sum(s.waiting for s in services),
        avg_wait_minutes=wait.avg,
        served_per_counter=per_counter,
        hourly=hourly,
        hours=hours,
        time_left=time_to_close(now, hours),
        day_closed=bool(closure and closure.is_closed),
        blanks=cases["blanks"],
        target=cases["target"],
    )
