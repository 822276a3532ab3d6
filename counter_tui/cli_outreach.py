"""`counter-tui outreach ...`: jemput bola sessions from a script, and the laptop → office transfer file.

Registered in `counter_tui/cli.py`'s COMMANDS (loaded when `outreach` runs). The commands are thin: every rule
lives in services/outreach*.py.

stdin: `--pin-stdin` reads the PIN from the first line; with `--passphrase-stdin` too, the passphrase is the next
line. Without them both are asked at a hidden prompt (the export's passphrase twice).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from counter_tui.cli_common import (
    IndonesianGroup,
    db_option,
    echo_json,
    friendly_errors,
    kiosk_session,
    open_db,
    read_pin_stdin,
)
from counter_tui.domain.errors import CounterError, ValidationError


def _operator_session(db, code: str | None, pin_stdin: bool, *, who: str = "petugas"):
    """A logged-in operator for one command (a login at counter 0: audited, wrong PINs count)."""
    from counter_tui.services.accounts import login
    from counter_tui.services.session import Session

    if not code:
        code = click.prompt(f"Kode {who}")
    pin = read_pin_stdin() if pin_stdin else click.prompt(f"PIN {who}", hide_input=True)
    return Session(db, login(kiosk_session(db), code, pin, 0))


def _passphrase(from_stdin: bool, *, twice: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise CounterError("Frasa sandi tidak terbaca dari masukan standar (stdin).")
        return line
    first = click.prompt("Frasa sandi berkas", hide_input=True)
    if twice and click.prompt("Ulangi frasa sandi", hide_input=True) != first:
        raise ValidationError("Kedua frasa sandi tidak sama; tidak ada yang ditulis.")
    return first


def _operator_options(func):
    func = click.option("--pin-stdin", is_flag=True, help="Baca PIN dari masukan standar (baris pertama).")(
        func
    )
    return click.option(
        "--operator", "operator_code", metavar="KODE", help="Kode petugas (ditanya bila kosong)."
    )(func)


@click.group(cls=IndonesianGroup)
@db_option
@click.pass_context
def outreach(ctx: click.Context, db_path: str | None) -> None:
    """Jemput bola: kegiatan di sekolah atau rumah, dan berkas pindahan laptop → kantor."""
    ctx.ensure_object(dict)
    if db_path is not None:
        ctx.obj["db_path"] = db_path


@outreach.command("start")
@db_option
@click.option("--kind", required=True, metavar="JENIS", help="sekolah, rumah atau lainnya.")
@click.option(
    "--place",
    required=True,
    metavar="TEKS",
    help="Nama sekolah atau desa/kelurahan (bukan nama orang/alamat).",
)
@click.option("--kecamatan", metavar="KODE", help="Kode kecamatan, misalnya 62.02.05 atau 05 (boleh kosong).")
@_operator_options
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.pass_context
@friendly_errors
def outreach_start(
    ctx: click.Context,
    db_path: str | None,
    kind: str,
    place: str,
    kecamatan: str | None,
    operator_code: str | None,
    pin_stdin: bool,
    as_json: bool,
) -> None:
    """Mulai kegiatan jemput bola di perangkat ini (satu kegiatan terbuka per perangkat)."""
    from counter_tui.services.outreach import session_json, start_session

    db = open_db(ctx, db_path)
    try:
        started = start_session(_operator_session(db, operator_code, pin_stdin), kind, place, kecamatan)
    finally:
        db.close()
    if as_json:
        echo_json(session_json(started))
        return
    click.echo(f"Jemput bola dimulai: {started.place} ({started.kind.label}). Kode: {started.uuid}")


@outreach.command("end")
@db_option
@_operator_options
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.pass_context
@friendly_errors
def outreach_end(
    ctx: click.Context, db_path: str | None, operator_code: str | None, pin_stdin: bool, as_json: bool
) -> None:
    """Akhiri kegiatan jemput bola yang sedang berjalan di perangkat ini."""
    from counter_tui.services.outreach import end_session, session_json

    db = open_db(ctx, db_path)
    try:
        ended = end_session(_operator_session(db, operator_code, pin_stdin))
    finally:
        db.close()
    if as_json:
        echo_json(session_json(ended))
        return
    click.echo(f"Jemput bola di {ended.place} selesai: {ended.recorded} perekaman, {ended.cases} berkas.")


@outreach.command("list")
@db_option
@click.option("--date", "day", metavar="TTTT-BB-HH", help="Hari yang ditampilkan (bawaan: hari ini, WIB).")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.pass_context
@friendly_errors
def outreach_list(ctx: click.Context, db_path: str | None, day: str | None, as_json: bool) -> None:
    """Daftar kegiatan jemput bola satu hari, dengan jumlah perekamannya."""
    from counter_tui.services.outreach import sessions_on

    db = open_db(ctx, db_path)
    try:
        listing = sessions_on(kiosk_session(db), day)
    finally:
        db.close()
    if as_json:
        echo_json(listing.as_json())
        return
    if not listing.sessions:
        click.echo(f"Tidak ada kegiatan jemput bola pada {listing.day.isoformat()}.")
        return
    click.echo(
        f"Jemput bola {listing.day.isoformat()}: {len(listing.sessions)} kegiatan, {listing.recorded} perekaman"
    )
    for s in listing.sessions:
        state = "berjalan" if s.is_open else "selesai"
        click.echo(f"  {s.kind.value:<8} {s.place:<40} {s.recorded:>4} rekam  {s.cases:>4} berkas  {state}")


@outreach.command("export")
@db_option
@click.option(
    "--out", "out", required=True, metavar="BERKAS", help="Berkas pindahan yang ditulis (tidak ditimpa)."
)
@click.option(
    "--session", "session_uuid", metavar="UUID", help="Hanya satu kegiatan (bawaan: semua di laptop ini)."
)
@click.option("--passphrase-stdin", is_flag=True, help="Baca frasa sandi dari masukan standar (setelah PIN).")
@_operator_options
@click.pass_context
@friendly_errors
def outreach_export(
    ctx: click.Context,
    db_path: str | None,
    out: str,
    session_uuid: str | None,
    passphrase_stdin: bool,
    operator_code: str | None,
    pin_stdin: bool,
) -> None:
    """Di laptop: tulis SATU berkas terenkripsi berisi kegiatan jemput bola dan perekamannya (khusus supervisor)."""
    from counter_tui.services.outreach_export import export_outreach

    db = open_db(ctx, db_path)
    try:
        session = _operator_session(db, operator_code, pin_stdin, who="supervisor")
        passphrase = _passphrase(passphrase_stdin, twice=True)
        result = export_outreach(session, Path(out), passphrase, session_uuid=session_uuid)
    finally:
        db.close()
    click.echo(result.summary())
    click.echo("Bawa berkas ini ke kantor; sampaikan frasa sandinya terpisah dari berkas.")


@outreach.command("import")
@db_option
@click.argument("file", metavar="BERKAS")
@click.option("--passphrase-stdin", is_flag=True, help="Baca frasa sandi dari masukan standar (setelah PIN).")
@_operator_options
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.pass_context
@friendly_errors
def outreach_import(
    ctx: click.Context,
    db_path: str | None,
    file: str,
    passphrase_stdin: bool,
    operator_code: str | None,
    pin_stdin: bool,
    as_json: bool,
) -> None:
    """Di kantor: gabungkan berkas jemput bola dari laptop (khusus supervisor; impor ulang tidak menambah apa pun)."""
    from counter_tui.services.outreach_import import import_outreach

    db = open_db(ctx, db_path)
    try:
        session = _operator_session(db, operator_code, pin_stdin, who="supervisor")
        passphrase = _passphrase(passphrase_stdin, twice=False)
        result = import_outreach(session, Path(file), passphrase)
    finally:
        db.close()
    if as_json:
        echo_json(result.as_json())
        return
    for line in result.lines():
        click.echo(line)
