"""The recording target and the reserve policy: the supervisor's view and changes, each one BEGIN IMMEDIATE
transaction with its audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import ValidationError
from counter_tui.domain.stock import (
    ReserveMode,
    ReservePolicy,
    Target,
    parse_count,
)
from counter_tui.services.session import Session
from counter_tui.services.stock import target_in
from counter_tui.storage import audit
from counter_tui.storage import cases as case_store


@dataclass(frozen=True, slots=True)
class TargetView:
    target: Target
    policy: ReservePolicy
    reserve: int

    def as_json(self) -> dict[str, object]:
        """The keys of `counter-tui target --json`."""
        t = self.target
        return {
            "population": t.population,
            "recorded_before": t.recorded_before,
            "recorded_in_app": t.recorded_in_app,
            "recorded": t.recorded,
            "remaining": t.remaining,
            "percent": round(t.percent, 2) if t.percent is not None else None,
            "progress": t.progress_text(),
            "target_date": t.target_date.isoformat() if t.target_date else None,
            "reserve": self.reserve,
        }


def target_view(session: Session) -> TargetView:
    with session.read() as conn:
        target = target_in(conn)
        policy = case_store.get_settings(conn).policy
    return TargetView(target, policy, policy.reserve(target.remaining))


# -- settings ---------------------------------------------------------------------------------------
_UNCHANGED = object()


def set_target(
    session: Session,
    population: str | int,
    recorded_before: str | int,
    target_date: date | str | None | object = _UNCHANGED,
) -> TargetView:
    """The recording target (supervisor): population to record and those recorded before the app; optionally the
    target date (e.g. the election day). Audited."""
    people = parse_count(population, what="Jumlah penduduk wajib KTP-el")
    if people == 0:
        raise ValidationError("Jumlah penduduk wajib KTP-el harus lebih dari 0.")
    before = parse_count(recorded_before, what="Jumlah yang sudah direkam")
    with session.write(supervisor=True) as conn:
        settings = case_store.get_settings(conn)
        if target_date is _UNCHANGED:
            day = settings.target_date
        elif target_date is None or target_date == "":
            day = None
        elif isinstance(target_date, date):
            day = target_date
        else:
            from counter_tui.services.queue_config import parse_day

            day = parse_day(str(target_date))
        now = session.now()
        case_store.save_target(conn, people, before, day, to_utc_text(now))
        audit.append(
            conn,
            session.actor,
            "target.set",
            "case_settings",
            {
                "population": people,
                "recorded_before": before,
                "target_date": day.isoformat() if day else None,
            },
            now,
        )
    return target_view(session)


def set_reserve_policy(
    session: Session,
    *,
    mode: str | ReserveMode | None = None,
    fixed: str | int | None = None,
    buffer_percent: str | int | None = None,
    replacements_allowed: bool | None = None,
) -> ReservePolicy:
    """How the reserve is computed and whether replacements may be printed (supervisor). Audited."""
    with session.write(supervisor=True) as conn:
        current = case_store.get_settings(conn).policy
        try:
            new_mode = current.mode if mode is None else ReserveMode(str(mode).strip().lower())
        except ValueError:
            raise ValidationError(
                "Cara cadangan harus 'fixed' (jumlah tetap) atau 'target' (sisa target + persen)."
            ) from None
        policy = ReservePolicy(
            new_mode,
            current.fixed if fixed is None else parse_count(fixed, what="Cadangan tetap", maximum=10_000_000),
            current.buffer_percent
            if buffer_percent is None
            else parse_count(buffer_percent, what="Persen cadangan", maximum=1000),
            current.replacements_allowed if replacements_allowed is None else bool(replacements_allowed),
        )
        now = session.now()
        case_store.save_policy(conn, policy, to_utc_text(now))
        audit.append(
            conn,
            session.actor,
            "stock.policy",
            "case_settings",
            {
                "mode": policy.mode.value,
                "fixed": policy.fixed,
                "buffer_percent": policy.buffer_percent,
                "replacements_allowed": policy.replacements_allowed,
            },
            now,
        )
    return policy
