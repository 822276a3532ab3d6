"""The blank-card stock and the recording target: stock (receive, damaged, correct, policy) and target (set)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from counter_tui.cli_common import (
    db_option,
    echo_json,
    friendly_errors,
    group,
    json_option,
    kiosk_session,
    opened_db,
    remember_db_path,
    supervisor_options,
    supervisor_session,
)

# The supervisor who records a change: always named on the command line.
recording_supervisor = supervisor_options(
    "Kode supervisor yang mencatat (PIN diminta, atau dari --pin-stdin).", required=True
)


def _group_view(
    ctx: click.Context,
    db_path: Path | None,
    as_json: bool,
    view_of: Callable[[Any], Any],
    show: Callable[[Any], None],
) -> None:
    """A bare group (`stock`, `target`) shows its view, as text or JSON; with a subcommand it only hands on its
    --db."""
    remember_db_path(ctx, db_path)
    if ctx.invoked_subcommand is not None:
        return
    with opened_db(ctx, db_path) as db:
        view = view_of(kiosk_session(db))
    if as_json:
        echo_json(view.as_json())
        return
    show(view)


def _stock_lines(view) -> list[str]:
    from counter_tui.domain.stock import format_number

    level = view.level
    lines = [
        f"Stok blanko {view.date}",
        f"  Saldo                      : {format_number(level.balance)}",
        f"  Cadangan untuk pemula      : {format_number(level.reserve)}"
        + ("" if view.policy.mode.value == "fixed" else f" (sisa target + {view.policy.buffer_percent} %)"),
        f"  Bisa untuk penggantian     : {format_number(level.available_for_replacement)}"
        + ("" if view.policy.replacements_allowed else " (kebijakan: penggantian tidak dicetak)"),
        f"  Perkiraan cukup untuk      : {level.days_left_text()} (pemakaian 7 hari terakhir: "
        f"{format_number(level.used_last_days)})",
        f"  Pergerakan hari ini        : {len(view.movements_today)}",
    ]
    for m in view.movements_today:
        note = m.reference or m.reason or ""
        lines.append(
            f"    {m.kind.label:<22} {m.quantity:>+7} → {m.balance_after:>7}  {m.operator_code}  {note}"
        )
    return lines


def _echo_stock(view) -> None:
    for line in _stock_lines(view):
        click.echo(line)


@group("stock", invoke_without_command=True)
@db_option
@json_option
@click.pass_context
@friendly_errors
def stock(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """Stok blanko KTP-el: saldo, cadangan, sisa untuk penggantian, perkiraan hari, pergerakan hari ini."""
    from counter_tui.services.stock import stock_view

    _group_view(ctx, db_path, as_json, stock_view, _echo_stock)


def _stock_change(
    ctx: click.Context, db_path: Path | None, operator_code: str, pin_stdin: bool, change
) -> None:
    from counter_tui.domain.stock import format_number

    with opened_db(ctx, db_path) as db:
        movement = change(supervisor_session(db, operator_code, pin_stdin))
    click.echo(
        f"Tercatat: {movement.kind.label} {movement.quantity:+d}; saldo sekarang {format_number(movement.balance_after)}."
    )


@stock.command("receive", context_settings={"ignore_unknown_options": True})  # "-3" reaches our check
@db_option
@click.argument("quantity", metavar="N")
@click.option(
    "--ref",
    "reference",
    required=True,
    metavar="TEKS",
    help="Referensi penerimaan, misalnya nomor berita acara.",
)
@recording_supervisor
@click.pass_context
@friendly_errors
def stock_receive(
    ctx: click.Context,
    db_path: Path | None,
    quantity: str,
    reference: str,
    operator_code: str,
    pin_stdin: bool,
) -> None:
    """Catat N blanko yang diterima dari pusat (khusus supervisor)."""
    from counter_tui.services.stock import receive_stock

    _stock_change(ctx, db_path, operator_code, pin_stdin, lambda s: receive_stock(s, quantity, reference))


@stock.command("damaged", context_settings={"ignore_unknown_options": True})  # "-3" reaches our check
@db_option
@click.argument("quantity", metavar="N")
@click.option(
    "--reason", required=True, metavar="TEKS", help="Alasan, misalnya 'rusak saat pengiriman, BA no. 12'."
)
@recording_supervisor
@click.pass_context
@friendly_errors
def stock_damaged(
    ctx: click.Context, db_path: Path | None, quantity: str, reason: str, operator_code: str, pin_stdin: bool
) -> None:
    """Catat N blanko rusak (khusus supervisor)."""
    from counter_tui.services.stock import record_damaged

    _stock_change(ctx, db_path, operator_code, pin_stdin, lambda s: record_damaged(s, quantity, reason))


@stock.command("correct", context_settings={"ignore_unknown_options": True})  # "-3" reaches our check
@db_option
@click.argument("counted", metavar="JUMLAH_HITUNG")
@click.option(
    "--reason", required=True, metavar="TEKS", help="Alasan koreksi, misalnya 'stock opname 30-11-2026'."
)
@recording_supervisor
@click.pass_context
@friendly_errors
def stock_correct(
    ctx: click.Context, db_path: Path | None, counted: str, reason: str, operator_code: str, pin_stdin: bool
) -> None:
    """Koreksi saldo ke hasil hitung fisik (stock opname; khusus supervisor)."""
    from counter_tui.services.stock import correct_stock

    _stock_change(ctx, db_path, operator_code, pin_stdin, lambda s: correct_stock(s, counted, reason))


@stock.command("policy")
@db_option
@click.option("--reserve-fixed", metavar="N", help="Cadangan tetap sebanyak N blanko.")
@click.option(
    "--reserve-buffer",
    metavar="PERSEN",
    help="Cadangan = sisa target perekaman + PERSEN %% untuk pendatang (mis. 10).",
)
@click.option(
    "--replacements/--no-replacements",
    default=None,
    help="Boleh/tidak mencetak KTP-el pengganti (hilang, rusak, perubahan data) di atas cadangan.",
)
@recording_supervisor
@click.pass_context
@friendly_errors
def stock_policy(
    ctx: click.Context,
    db_path: Path | None,
    reserve_fixed: str | None,
    reserve_buffer: str | None,
    replacements: bool | None,
    operator_code: str,
    pin_stdin: bool,
) -> None:
    """Atur cadangan blanko untuk pemula dan kebijakan cetak pengganti (khusus supervisor)."""
    from counter_tui.domain.errors import ValidationError
    from counter_tui.services.stock import stock_view
    from counter_tui.services.stock_target import set_reserve_policy

    if reserve_fixed is not None and reserve_buffer is not None:
        raise ValidationError("Pilih salah satu: --reserve-fixed atau --reserve-buffer.")
    if reserve_fixed is None and reserve_buffer is None and replacements is None:
        raise ValidationError(
            "Tidak ada yang diubah: beri --reserve-fixed, --reserve-buffer atau --[no-]replacements."
        )
    mode = "fixed" if reserve_fixed is not None else "target" if reserve_buffer is not None else None
    with opened_db(ctx, db_path) as db:
        session = supervisor_session(db, operator_code, pin_stdin)
        set_reserve_policy(
            session,
            mode=mode,
            fixed=reserve_fixed,
            buffer_percent=reserve_buffer,
            replacements_allowed=replacements,
        )
        view = stock_view(session)
    click.echo("Kebijakan stok tersimpan.")
    _echo_stock(view)


@group("target", invoke_without_command=True)
@db_option
@json_option
@click.pass_context
@friendly_errors
def target(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """Target perekaman KTP-el: jumlah wajib KTP-el, yang sudah direkam, dan kemajuannya."""
    from counter_tui.services.stock_target import target_view

    _group_view(ctx, db_path, as_json, target_view, _echo_target)


def _echo_target(view) -> None:
    from counter_tui.domain.stock import format_number

    t = view.target
    click.echo(f"Target perekaman: {t.progress_text()}")
    if t.population:
        click.echo(f"  Wajib KTP-el           : {format_number(t.population)}")
        click.echo(f"  Sudah rekam sebelumnya : {format_number(t.recorded_before)}")
        click.echo(f"  Direkam di aplikasi    : {format_number(t.recorded_in_app)}")
    if t.target_date:
        click.echo(f"  Tanggal target         : {t.target_date.strftime('%d-%m-%Y')}")
    click.echo(f"  Cadangan blanko        : {format_number(view.reserve)}")


@target.command("set")
@db_option
@click.option("--population", required=True, metavar="N", help="Jumlah penduduk wajib KTP-el (target).")
@click.option(
    "--recorded-before", required=True, metavar="N", help="Jumlah yang sudah direkam sebelum aplikasi."
)
@click.option("--target-date", metavar="TTTT-BB-HH", help="Tanggal target, misalnya hari pemilu 2024-02-14.")
@recording_supervisor
@click.pass_context
@friendly_errors
def target_set(
    ctx: click.Context,
    db_path: Path | None,
    population: str,
    recorded_before: str,
    target_date: str | None,
    operator_code: str,
    pin_stdin: bool,
) -> None:
    """Atur target perekaman (khusus supervisor)."""
    from counter_tui.services.stock_target import set_target

    with opened_db(ctx, db_path) as db:
        session = supervisor_session(db, operator_code, pin_stdin)
        if target_date is None:
            view = set_target(session, population, recorded_before)
        else:
            view = set_target(session, population, recorded_before, target_date)
    click.echo("Target tersimpan.")
    _echo_target(view)
