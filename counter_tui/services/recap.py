"""The daily recap (rekap harian): one dict that `report`, rekap.json, rekap.xlsx, rekap.pdf and the supervisor
dashboard all read, so every place shows the same figures."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from counter_tui.domain.errors import ValidationError
from counter_tui.domain.stock import ReserveMode, ReservePolicy, Target
from counter_tui.services.day_close import parse_date
from counter_tui.services.session import Session
from counter_tui.storage import day_close as day_store
from counter_tui.storage import export_queries as q
from counter_tui.storage import office as office_store
from counter_tui.storage import outreach as outreach_store
from counter_tui.storage import queue as queue_store
from counter_tui.storage.connection import Connection

MAX_RANGE_DAYS = 366


def resolve_range(
    session: Session,
    day: str | date | None = None,
    first: str | date | None = None,
    last: str | date | None = None,
) -> tuple[date, date]:
    """--date D, or --from D --to D (both), or today."""
    if day is not None and (first is not None or last is not None):
        raise ValidationError("Pilih --date, atau --from bersama --to; jangan keduanya.")
    if (first is None) != (last is None):
        raise ValidationError("--from dan --to harus diisi bersama.")
    if first is not None:
        start, end = parse_date(first, session.today()), parse_date(last, session.today())
        if end < start:
            raise ValidationError("Tanggal --to harus sama dengan atau sesudah --from.")
        if (end - start).days >= MAX_RANGE_DAYS:
            raise ValidationError(f"Rentang laporan paling panjang {MAX_RANGE_DAYS} hari.")
        return start, end
    the_day = parse_date(day, session.today())
    return the_day, the_day


def case_figures(conn: Connection, start: date, end: date) -> dict[str, Any]:
    """The recap's case figures: recordings, cards, blanks (opening + received - used - damaged + corrections =
    closing), IKD, the waiting list and the target, as they stood at the end of `end`."""
    raw = q.case_figures_raw(conn, start, end)
    if raw is None:
        raw = {
            k: 0
            for k in (
                "recordings",
                "pemula",
                "pemula_for_target",
                "cards_printed",
                "misprints",
                "opening",
                "closing",
                "received",
                "used",
                "damaged",
                "corrections",
                "ikd_guided",
                "ikd_activated",
                "ikd_guided_home",
                "ikd_no_smartphone",
                "routed_hilang_rusak",
                "waitlist_open",
                "recorded_in_app",
            )
        }
        raw["settings"] = None
    settings = raw["settings"]
    target = Target(
        settings.population if settings else None,
        settings.recorded_before if settings else 0,
        raw["recorded_in_app"],
    )
    policy = (
        ReservePolicy(ReserveMode(settings.reserve_mode), settings.reserve_fixed, settings.reserve_buffer_pct)
        if settings
        else ReservePolicy(ReserveMode.FIXED, 0)
    )
    percent = target.percent
    return {
        "recordings": {
            "total": raw["recordings"],
            "pemula": raw["pemula"],
            "pemula_for_target": raw["pemula_for_target"],
        },
        "cards_printed": raw["cards_printed"],
        "misprints": raw["misprints"],
        "blanks": {
            "opening": raw["opening"],
            "received": raw["received"],
            "used": raw["used"],
            "damaged": raw["damaged"],
            "corrections": raw["corrections"],
            "closing": raw["closing"],
            "reserve": policy.reserve(target.remaining),
        },
        "ikd": {
            "guided": raw["ikd_guided"],
            "activated": raw["ikd_activated"],
            "guided_home": raw["ikd_guided_home"],
            "no_smartphone": raw["ikd_no_smartphone"],
            "routed_hilang_rusak": raw["routed_hilang_rusak"],
        },
        "waitlist_open": raw["waitlist_open"],
        # Jemput bola: the days' sessions (every device's, the laptops' once imported) and what they recorded.
        "outreach": outreach_store.figures(conn, start.isoformat(), end.isoformat()),
        "target": {
            "population": target.population,
            "recorded_before": target.recorded_before,
            "recorded_in_app": target.recorded_in_app,
            "recorded": target.recorded if target.population else None,
            "remaining": target.remaining if target.population else None,
            "percent": math.floor(percent * 10) / 10 if percent is not None else None,
            "progress": target.progress_text() if target.population else None,
        },
    }


def _group(g: q.TicketGroup, **extra: Any) -> dict[str, Any]:
    return {
        **extra,
        "issued": g.issued,
        "served": g.served or 0,
        "no_show": g.no_show or 0,
        "not_served": g.not_served or 0,
        "open": g.open or 0,
    }


def _durations(d: q.Durations) -> dict[str, Any]:
    return {"count": d.count, "avg": d.avg, "p90": d.p90}


def recap_from(conn: Connection, start: date, end: date) -> dict[str, Any]:
    """The recap of the days start..end (inclusive), read on the caller's snapshot."""
    first, last = start.isoformat(), end.isoformat()
    office = office_store.get_office(conn)
    names = {s.code: s.name for s in queue_store.list_services(conn)}
    by_service = q.tickets_by_service(conn, first, last)
    issued = sum(g.issued for g in by_service)
    total = lambda attr: sum(getattr(g, attr) or 0 for g in by_service)  # noqa: E731
    cases = case_figures(conn, start, end)
    recap: dict[str, Any] = {
        "date": first if start == end else f"{first}/{last}",
        "from": first,
        "to": last,
        "office": {
            "name": office.name if office else None,
            "region_code": office.region_code if office else None,
            "region_name": office.region_name if office else None,
        },
        "tickets": {
            "issued": issued,
            "served": total("served"),
            "no_show": total("no_show"),
            "not_served": total("not_served"),
            "open": total("open"),
            "by_service": [_group(g, code=g.key, name=names.get(g.key or "", g.key)) for g in by_service],
            "by_priority": [_group(g, priority=g.key) for g in q.tickets_by_priority(conn, first, last)],
            "by_outcome": q.outcomes(conn, first, last),
        },
        "times": {
            "wait_minutes": _durations(q.wait_minutes(conn, first, last)),
            "service_minutes": _durations(q.service_minutes(conn, first, last)),
        },
        **cases,
    }
    if start == end:
        closure = day_store.get_closure(conn, first)
        recap["day_closed"] = bool(closure and closure.is_closed)
    else:
        recap["days"] = q.days_with_tickets(conn, first, last)
    return recap


def recap(
    session: Session,
    day: str | date | None = None,
    first: str | date | None = None,
    last: str | date | None = None,
) -> dict[str, Any]:
    start, end = resolve_range(session, day, first, last)
    with session.read() as conn:
        return recap_from(conn, start, end)


def has_data(recap_dict: dict[str, Any]) -> bool:
    """A day with no ticket, no case and no stock movement has nothing to report."""
    return bool(
        recap_dict["tickets"]["issued"]
        or recap_dict["recordings"]["total"]
        or recap_dict["cards_printed"]
        or recap_dict["blanks"]["received"]
        or recap_dict["blanks"]["used"]
        or recap_dict["blanks"]["damaged"]
        or recap_dict["ikd"]["guided"]
        or recap_dict["ikd"]["activated"]
        or recap_dict["outreach"]["sessions"]
    )
