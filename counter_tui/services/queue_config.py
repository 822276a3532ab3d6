"""Queue configuration: the services a ticket can be issued for, and the office hours (weekly and special days)."""

from __future__ import annotations

from datetime import date
from types import EllipsisType

from counter_tui.domain.errors import NotFound, ValidationError
from counter_tui.domain.hours import WEEKDAYS, DayHours, parse_hhmm
from counter_tui.domain.queue import (
    SERVICE_NAME_MAX_LENGTH,
    SPECIAL_DAY_REASON_MAX_LENGTH,
    Service,
    normalize_service_code,
    validate_quota,
)
from counter_tui.domain.text import clean_text
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import queue as store
from counter_tui.storage.connection import Connection


def seed_queue_defaults(conn: Connection) -> None:
    store.seed_defaults(conn)


def list_services(session: Session, *, active_only: bool = False) -> list[Service]:
    with session.read() as conn:
        return store.list_services(conn, active_only=active_only)


def update_service(
    session: Session,
    code: str,
    *,
    name: str | None = None,
    active: bool | None = None,
    daily_quota: int | str | None | EllipsisType = ...,  # ... = unchanged
) -> Service:
    code = normalize_service_code(code)
    with session.write(supervisor=True) as conn:
        current = store.get_service(conn, code)
        if current is None:
            raise NotFound(f"Layanan {code} tidak dikenal.")
        new_name = (
            current.name
            if name is None
            else clean_text(name, "Nama layanan", max_length=SERVICE_NAME_MAX_LENGTH)
        )
        quota = current.daily_quota if isinstance(daily_quota, EllipsisType) else validate_quota(daily_quota)
        updated = Service(
            code, new_name, current.active if active is None else active, quota, current.sort_order
        )
        store.save_service(conn, updated)
        audit.append(
            conn,
            session.actor,
            "service.update",
            f"service:{code}",
            {"name": updated.name, "active": updated.active, "daily_quota": updated.daily_quota},
            session.now(),
        )
    return updated


def weekly_hours(session: Session) -> dict[int, DayHours]:
    with session.read() as conn:
        return store.weekly_hours(conn)


def special_days(session: Session) -> dict[date, DayHours]:
    with session.read() as conn:
        return store.special_days(conn)


def _hours(opens: str | None, closes: str | None, reason: str | None = None) -> DayHours:
    if not (opens or "").strip() and not (closes or "").strip():
        return DayHours(None, None, reason)
    return DayHours(parse_hhmm(opens or ""), parse_hhmm(closes or ""), reason)


def set_weekday_hours(session: Session, weekday: int, opens: str | None, closes: str | None) -> DayHours:
    if not 0 <= weekday <= 6:
        raise ValidationError("Hari harus 0 (Senin) sampai 6 (Minggu).")
    hours = _hours(opens, closes)
    with session.write(supervisor=True) as conn:
        store.set_weekday_hours(conn, weekday, hours)
        audit.append(
            conn,
            session.actor,
            "hours.weekday",
            f"weekday:{WEEKDAYS[weekday]}",
            {"opens": hours.opens, "closes": hours.closes},
            session.now(),
        )
    return hours


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationError("Tanggal harus berformat TTTT-BB-HH, misalnya 2024-02-14.") from None


def set_special_day(
    session: Session, day: str | date, opens: str | None, closes: str | None, reason: str
) -> DayHours:
    the_day = day if isinstance(day, date) else parse_day(day)
    reason = clean_text(reason, "Alasan hari khusus", max_length=SPECIAL_DAY_REASON_MAX_LENGTH)
    hours = _hours(opens, closes, reason)
    with session.write(supervisor=True) as conn:
        store.set_special_day(conn, the_day, hours)
        audit.append(
            conn,
            session.actor,
            "hours.special_day",
            f"day:{the_day.isoformat()}",
            {"opens": hours.opens, "closes": hours.closes, "reason": reason},
            session.now(),
        )
    return hours


def remove_special_day(session: Session, day: str | date) -> None:
    the_day = day if isinstance(day, date) else parse_day(day)
    with session.write(supervisor=True) as conn:
        if not store.delete_special_day(conn, the_day):
            raise NotFound(f"Tidak ada hari khusus pada {the_day.isoformat()}.")
        audit.append(
            conn, session.actor, "hours.special_day_removed", f"day:{the_day.isoformat()}", {}, session.now()
        )
