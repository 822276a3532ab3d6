"""The counter screen's texts, built from a view without touching the screen: the time since a call, a waiting
row, the summary and the per-service counts (two layouts: statuses across at 120 columns, services across below).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from rich.text import Text

from counter_tui.domain.clock import wib_text
from counter_tui.domain.hours import format_time_left, time_to_close
from counter_tui.domain.queue import Ticket
from counter_tui.services.queue_views import CounterView, ServiceCount


def format_elapsed(seconds: float) -> str:
    """03:07 or 1:03:07."""
    total = max(int(seconds), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def waiting_row(position: int, ticket: Ticket, now: datetime) -> tuple[Text, ...]:
    waited = (now - ticket.queued_at).total_seconds()
    return (
        Text(str(position), justify="right"),
        Text(ticket.label, style="bold"),
        Text(ticket.service_code),
        Text(ticket.priority.label, style="bold yellow") if ticket.priority else Text("-", style="dim"),
        Text(wib_text(ticket.issued_at, "%H:%M")),
        Text(f"{max(int(waited // 60), 0)} mnt", justify="right"),
    )


def summary_text(view: CounterView, now: datetime) -> Text:
    """Served today, the hours, and the time left until closing at `now`."""
    time_left = time_to_close(now, view.hours)
    summary = Text()
    summary.append("Dilayani hari ini oleh Anda: ", style="bold")
    summary.append(str(view.served_today))
    summary.append("\nJam layanan: ", style="bold")
    summary.append(view.hours.describe())
    summary.append("\nSisa waktu: ", style="bold")
    summary.append(
        format_time_left(time_left) if time_left is not None else "Tutup",
        style="green" if time_left is not None else "red",
    )
    return summary


def _shown(counts: Sequence[ServiceCount]) -> list[ServiceCount]:
    """Active services, and inactive ones that still have tickets in play."""
    return [c for c in counts if c.service.active or c.waiting or c.called or c.serving]


def counts_across(counts: Sequence[ServiceCount], mine: Collection[str]) -> Text:
    """Services across, statuses down: fits beside the summary on an 80-column console. `mine`: this counter's
    services (marked ▶, the others dim)."""
    shown = _shown(counts)
    text = Text(f"{'':<8}", style="bold")
    for count in shown:
        own = count.service.code in mine
        text.append(f"{('▶' if own else ' ') + count.service.code:>5}", style="bold" if own else "dim")
    for label, attr in (
        ("Tunggu", "waiting"),
        ("Panggil", "called"),
        ("Layani", "serving"),
        ("Selesai", "done"),
    ):
        text.append(f"\n{label:<8}", style="bold")
        for count in shown:
            text.append(f"{getattr(count, attr):>5}", style="" if count.service.code in mine else "dim")
    return text


def counts_down(counts: Sequence[ServiceCount], mine: Collection[str]) -> Text:
    """Statuses across, services down."""
    text = Text(f"{'Layanan':<9}{'Tunggu':>7}{'Panggil':>8}{'Layani':>7}{'Selesai':>8}", style="bold")
    for count in _shown(counts):
        own = count.service.code in mine
        text.append("\n")
        text.append(f"{'▶' if own else ' '} {count.service.code:<7}", style="bold" if own else "dim")
        text.append(
            f"{count.waiting:>7}{count.called:>8}{count.serving:>7}{count.done:>8}",
            style="" if own else "dim",
        )
    return text
