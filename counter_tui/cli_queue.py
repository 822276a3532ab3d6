"""The queue's commands: ticket (the kiosk's one light path), queue, board, and the NIK check.

`counter-tui ticket A` imports this module and cli_common only: what the other commands need loads inside them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from counter_tui.cli_common import (
    EXIT_ERROR,
    command,
    db_option,
    db_path_of,
    echo_json,
    friendly_errors,
    json_option,
    kiosk_session,
    opened_db,
    read_pin_stdin,
    run_tui,
)
from counter_tui.domain.errors import CounterError


def _read_nik_stdin() -> str:
    """The NIK from standard input: hidden at a prompt when stdin is a terminal, else the first line."""
    if sys.stdin.isatty():
        nik = click.prompt("NIK pemohon", hide_input=True, default="", show_default=False)
    else:
        nik = sys.stdin.readline()
    nik = nik.strip()
    if not nik:
        raise CounterError("NIK tidak terbaca dari masukan standar (stdin).")
    return nik


@command("ticket")
@db_option
@click.argument("service", metavar="LAYANAN")
# A plain string, checked by the use case, so a wrong KIND gets the Indonesian sentence, not click's English.
@click.option(
    "--priority",
    metavar="JENIS",
    help="Prioritas menurut UU 25/2009 Pasal 29: lansia, disabilitas, hamil, anak atau bencana.",
)
@click.option(
    "--nik",
    metavar="NIK",
    help="NIK pemohon (opsional); satu tiket menunggu per NIK per layanan. PERHATIAN: NIK di baris "
    "perintah terlihat oleh pengguna lain komputer ini (misalnya lewat 'ps') selama perintah berjalan; "
    "pakai --nik-stdin.",
)
@click.option(
    "--nik-stdin",
    is_flag=True,
    help="Baca NIK dari masukan standar (baris pertama), tidak terlihat di 'ps'; di terminal, NIK diminta "
    "tanpa ditampilkan.",
)
@click.option(
    "--override-supervisor",
    metavar="KODE",
    help="Izin khusus supervisor (di luar jam, kuota habis, NIK ganda); PIN dibaca dari stdin "
    "(sesudah baris NIK bila --nik-stdin).",
)
@json_option
@click.pass_context
@friendly_errors
def ticket(
    ctx: click.Context,
    db_path: str | None,
    service: str,
    priority: str | None,
    nik: str | None,
    nik_stdin: bool,
    override_supervisor: str | None,
    as_json: bool,
) -> None:
    """Ambil nomor antrian untuk LAYANAN (huruf layanan, misalnya A)."""
    from counter_tui.services.tickets import issue_ticket

    if nik is not None and nik_stdin:
        raise CounterError("Pilih salah satu: --nik atau --nik-stdin.")
    if nik_stdin:
        nik = _read_nik_stdin()
    with opened_db(ctx, db_path) as db:
        session = kiosk_session(db)  # the kiosk actor: a script issuing tickets
        override_by = None
        if override_supervisor:
            from counter_tui.services.accounts import authorize_override  # only the override needs PIN checks

            override_by = authorize_override(session, override_supervisor, read_pin_stdin(), 0)
        issued = issue_ticket(session, service, priority=priority, nik=nik, override_by=override_by)
    t = issued.ticket
    if as_json:
        from counter_tui.domain.clock import to_utc_text

        echo_json(
            {
                "ticket": t.label,
                "service": t.service_code,
                "service_name": issued.service.name,
                "date": t.service_date,
                "priority": t.priority.value if t.priority else None,
                "position": issued.position,
                "estimated_wait_minutes": round(issued.estimated_wait.total_seconds() / 60, 1),
                "issued_at": to_utc_text(t.issued_at),
                "overridden": list(issued.overridden),
            }
        )
        return
    from counter_tui.domain.queue import format_duration

    click.echo(t.label)
    details = f"{issued.service.name} · urutan {issued.position} · perkiraan tunggu {format_duration(issued.estimated_wait)}"
    if t.priority is not None:
        details += f" · prioritas: {t.priority.label}"
    click.echo(details, err=True)


@command("queue")
@db_option
@json_option
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    metavar="N",
    help="Tampilkan paling banyak N tiket menunggu (urutan panggilan).",
)
@click.pass_context
@friendly_errors
def queue(ctx: click.Context, db_path: Path | None, as_json: bool, limit: int | None) -> None:
    """Tampilkan antrian hari ini: jumlah per layanan dan daftar tunggu sesuai urutan panggilan."""
    from counter_tui.services.queue_views import streamed_queue, waiting_line_json

    with opened_db(ctx, db_path) as db, streamed_queue(kiosk_session(db), limit=limit) as (snapshot, waiting):
        if as_json:
            _stream_json(snapshot.as_json(), "waiting", (waiting_line_json(t) for t in waiting))
            return
        _print_queue(snapshot, waiting)


_JSON_CHUNK = 500


def _stream_json(head: dict, key: str, items) -> None:
    """The same text as json.dumps({**head, key: list(items)}, ensure_ascii=False, indent=2), written in chunks:
    a day's waiting list never sits in memory as one string. The items are flat objects of strings and nulls."""
    import json
    from json.encoder import encode_basestring  # the C string encoder json.dumps itself uses

    out = sys.stdout
    text = json.dumps({**head, key: []}, ensure_ascii=False, indent=2)
    empty = f'"{key}": []\n}}'
    assert text.endswith(empty)
    prefixes: dict[str, str] = {}
    chunk: list[str] = []
    written = 0
    for item in items:
        fields = []
        for name, value in item.items():
            prefix = prefixes.get(name) or prefixes.setdefault(name, f"      {json.dumps(name)}: ")
            if value is None:
                fields.append(prefix + "null")
            elif isinstance(value, str):
                fields.append(prefix + encode_basestring(value))
            else:
                fields.append(prefix + json.dumps(value, ensure_ascii=False))
        chunk.append("    {\n" + ",\n".join(fields) + "\n    }")
        if len(chunk) == _JSON_CHUNK:
            out.write((text[: -len(empty)] + f'"{key}": [\n' if not written else ",\n") + ",\n".join(chunk))
            written += len(chunk)
            chunk = []
    if chunk:
        out.write((text[: -len(empty)] + f'"{key}": [\n' if not written else ",\n") + ",\n".join(chunk))
        written += len(chunk)
    out.write("\n  ]\n}\n" if written else text + "\n")
    out.flush()


def _print_queue(snapshot, waiting) -> None:
    from counter_tui.domain.hours import format_time_left

    click.echo(
        f"Antrian {snapshot.date} · jam layanan: {snapshot.hours.describe()} · {format_time_left(snapshot.time_left)}"
    )
    click.echo(f"{'Layanan':<40} {'Tunggu':>6} {'Panggil':>7} {'Layani':>6} {'Selesai':>7} {'Absen':>5}")
    for c in snapshot.services:
        name = f"{c.service.code} {c.service.name}" + ("" if c.service.active else " (nonaktif)")
        click.echo(f"{name[:40]:<40} {c.waiting:>6} {c.called:>7} {c.serving:>6} {c.done:>7} {c.no_show:>5}")
    labels = [t.label + ("*" if t.priority else "") for t in waiting]
    if labels:
        click.echo("Urutan panggilan: " + ", ".join(labels))
        click.echo("(* = prioritas)")


@command("board")
@db_option
@click.pass_context
@friendly_errors
def board(ctx: click.Context, db_path: Path | None) -> None:
    """Papan antrian layar penuh untuk TV ruang tunggu."""
    import shutil

    from counter_tui.domain.announce import ESPEAK_PROGRAM
    from counter_tui.services.database import check_path

    path = db_path_of(ctx, db_path)
    if check_path(path) is None:
        from counter_tui.services.database import DatabaseMissing

        raise DatabaseMissing.at(path)
    if shutil.which(ESPEAK_PROGRAM) is None:
        click.echo(
            f"Catatan: {ESPEAK_PROGRAM} tidak terpasang, papan tidak mengumumkan panggilan dengan suara "
            "(lihat README: 'Suara papan antrian').",
            err=True,
        )
    run_tui(path, mode="board")


@command("nik")
@db_option  # accepted like on every command; the check itself needs no database
@click.argument("nik_text", metavar="NIK", required=False)
@json_option
@friendly_errors
def nik(db_path: Path | None, nik_text: str | None, as_json: bool) -> None:
    """Periksa dan uraikan NIK: wilayah, jenis kelamin, tanggal lahir.

    Tanpa NIK atau dengan '-', NIK dibaca dari masukan standar (tidak terlihat di daftar proses). Keluar 0 bila
    NIK sah, 1 bila tidak.
    """
    from counter_tui.domain.clock import office_date
    from counter_tui.domain.nik import check_nik
    from counter_tui.services.session import SystemClock

    if nik_text is None or nik_text == "-":
        nik_text = (
            sys.stdin.readline().strip() if not sys.stdin.isatty() else click.prompt("NIK", hide_input=True)
        )
    result = check_nik(nik_text, today=office_date(SystemClock().now()))
    if as_json:
        echo_json(result.as_json())
    else:
        if result.valid:
            click.echo(f"NIK sah: {result.as_json()['nik_masked']}")
            click.echo(
                f"Wilayah       : {', '.join(p for p in (result.district, result.regency, result.province) if p)}"
                f" ({result.district_code})"
            )
            click.echo(f"Jenis kelamin : {'laki-laki (L)' if result.sex == 'L' else 'perempuan (P)'}")
            assert result.birth_date is not None
            click.echo(f"Tanggal lahir : {result.birth_date.strftime('%d-%m-%Y')}")
        for message in result.errors:
            click.echo(f"Galat: {message}", err=True)
        for message in result.warnings:
            click.echo(f"Peringatan: {message}", err=True)
    if not result.valid:
        sys.exit(EXIT_ERROR)
