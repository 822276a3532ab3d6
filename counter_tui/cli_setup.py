"""The office's setup and care commands: init, locate, check, backup, restore, recover-supervisor, operators."""

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
    pin_stdin_option,
    read_pin_stdin,
    stdin_is_terminal,
)
from counter_tui.domain.errors import CounterError


@command("init")
@db_option
@click.option(
    "--office-name",
    required=True,
    metavar="TEKS",
    help="Nama kantor, misalnya 'Disdukcapil Kab. Kotawaringin Timur'.",
)
@click.option("--region", required=True, metavar="KODE", help="Kode wilayah Kemendagri, misalnya 62.02.")
@click.option("--supervisor-code", required=True, metavar="KODE", help="Kode supervisor pertama.")
@click.option("--supervisor-name", required=True, metavar="TEKS", help="Nama lengkap supervisor pertama.")
@pin_stdin_option()
@click.pass_context
@friendly_errors
def init(
    ctx: click.Context,
    db_path: Path | None,
    office_name: str,
    region: str,
    supervisor_code: str,
    supervisor_name: str,
    pin_stdin: bool,
) -> None:
    """Siapkan basis data baru: kantor, wilayah, dan supervisor pertama."""
    from counter_tui.services.office_setup import SetupRequest, create_office_database

    path = db_path_of(ctx, db_path)
    if pin_stdin:
        pin = again = read_pin_stdin()
    elif not stdin_is_terminal():
        # click.prompt would fall back to Python's getpass warning and then "Aborted!".
        raise CounterError(
            "PIN supervisor harus diberikan lewat --pin-stdin atau diketik di terminal; "
            "tidak ada yang dibuat."
        )
    else:
        pin = click.prompt("PIN supervisor", hide_input=True)
        again = click.prompt("Ulangi PIN", hide_input=True)
    office = create_office_database(
        path, SetupRequest(office_name, region, supervisor_code, supervisor_name, pin, again)
    )
    from counter_tui.paths import pepper_path

    click.echo(f"Basis data siap: {path}")
    click.echo(f"Kantor: {office.name} ({office.region_code} {office.region_name})")
    click.echo(
        f"Berkas kunci: {pepper_path(path)}. Simpan salinannya terpisah dari cadangan basis data "
        "('counter-tui backup TUJUAN --key-dest FOLDER'); tanpa berkas kunci, PIN tidak dapat diperiksa dan "
        "data terenkripsi hilang."
    )


@command("locate")
@db_option
@json_option
@click.pass_context
@friendly_errors
def locate(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """Tampilkan lokasi basis data, berkas kunci, folder ekspor, konfigurasi dan berkas peta tombol."""
    from counter_tui.paths import config_dir, export_dir, keymap_path, pepper_path

    path = db_path_of(ctx, db_path)
    # (JSON key, label, path): the places something reads or writes.
    places: list[tuple[str, str, Path]] = [
        ("database", "Basis data", path),
        ("pepper", "Pepper", pepper_path(path)),
        ("export", "Folder ekspor", export_dir(path)),
        ("config", "Konfigurasi", config_dir()),
        ("keymap", "Peta tombol", keymap_path()),
    ]
    if as_json:
        payload: dict[str, object] = {key: str(place) for key, _label, place in places}
        payload["database_exists"] = path.exists()
        payload["keymap_exists"] = keymap_path().exists()
        echo_json(payload)
        return
    width = max(len(label) for _key, label, _place in places)
    for key, label, place in places:
        note = ""
        if key == "database" and not place.exists():
            note = "  (belum ada)"
        elif key == "keymap" and not place.exists():
            note = "  (belum ada; tombol bawaan dipakai)"
        click.echo(f"{label:<{width}} : {place}{note}")


@command("check")
@db_option
@click.option(
    "--key-file",
    type=str,
    metavar="BERKAS",
    help="Berkas kunci untuk memeriksa rantai audit (bawaan: berkas kunci di samping basis data).",
)
@click.pass_context
@friendly_errors
def check(ctx: click.Context, db_path: str | None, key_file: str | None) -> None:
    """Periksa integritas basis data, migrasi skema, rantai log audit (berkunci), trigger, dan berkas kepala rantai."""
    from counter_tui.services.db_check import check as run_check

    with opened_db(ctx, db_path, migrate=False, allow_damaged=True, allow_unfinished=True) as db:
        key = _audit_key_from(key_file) if key_file else None
        report = run_check(db, key)
    for line in report.lines():
        click.echo(line, err=not report.ok)
    if not report.ok:
        sys.exit(EXIT_ERROR)


def _audit_key_from(key_file: str) -> bytes:
    from counter_tui.domain.keys import PURPOSE_AUDIT_CHAIN, derive_key
    from counter_tui.services.database import StorageError, shown_path

    try:
        key_bytes = bytes.fromhex(Path(key_file).expanduser().read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        raise StorageError(
            f"Berkas kunci {shown_path(key_file)} tidak ada, rusak, atau tidak dapat dibaca."
        ) from None
    return derive_key(key_bytes, PURPOSE_AUDIT_CHAIN)


@command("backup")
@db_option
@click.argument("dest", type=str, metavar="TUJUAN")
@click.option(
    "--key-dest",
    type=str,
    metavar="FOLDER",
    help="Salin juga berkas kunci ke FOLDER ini (tempat lain dari salinan basis data, misalnya flashdisk "
    "kedua). Tanpa berkas kunci, cadangan tidak dapat dibaca.",
)
@click.pass_context
@friendly_errors
def backup(ctx: click.Context, db_path: str | None, dest: str, key_dest: str | None) -> None:
    """Buat cadangan basis data ke berkas TUJUAN, lalu verifikasi salinannya."""
    from counter_tui.services.db_backup import backup as run_backup

    if not dest.strip():
        raise CounterError("Tujuan cadangan kosong. Sebutkan nama berkas cadangan.")
    with opened_db(ctx, db_path, allow_damaged=True) as db:
        report = run_backup(db, Path(dest), Path(key_dest) if key_dest else None)
    total = sum(report.table_counts.values())
    click.echo(f"Cadangan terverifikasi: {report.dest} ({len(report.table_counts)} tabel, {total} baris).")
    if report.key_copy is not None:
        click.echo(f"Berkas kunci disalin ke: {report.key_copy}. Simpan terpisah dari salinan basis data.")
    else:
        click.echo(
            "Ingat: berkas kunci tidak ikut; simpan salinannya terpisah dengan aman (--key-dest FOLDER)."
        )


@command("restore")
@db_option
@click.argument("backup_file", metavar="CADANGAN", type=str)
@click.option(
    "--key-file",
    type=str,
    metavar="BERKAS",
    help="Berkas kunci yang dicadangkan bersama cadangan ini (bila berkas kunci di samping basis data "
    "hilang atau berbeda).",
)
@click.pass_context
@friendly_errors
def restore(ctx: click.Context, db_path: str | None, backup_file: str, key_file: str | None) -> None:
    """Pulihkan basis data dari berkas CADANGAN yang sudah diverifikasi; berkas lama disimpan dengan nama bertanggal."""
    from counter_tui.services.db_restore import restore as run_restore

    if not backup_file.strip():
        raise CounterError("Berkas cadangan kosong. Sebutkan berkas cadangan.")
    path = db_path_of(ctx, db_path)
    report = run_restore(path, Path(backup_file), Path(key_file) if key_file else None)
    click.echo(
        f"Basis data dipulihkan dari cadangan: {report.database} ({report.audit_rows} baris log audit)."
    )
    if report.kept_as is not None:
        click.echo(f"Berkas lama disimpan sebagai: {report.kept_as}")
    if report.key_replaced:
        click.echo(
            "Berkas kunci diganti dengan berkas kunci cadangan (yang lama disimpan dengan nama bertanggal)."
        )


@command("recover-supervisor")
@db_option
@click.argument("code", metavar="KODE")
@click.option(
    "--key-file",
    required=True,
    type=str,
    metavar="BERKAS",
    help="Berkas kunci di samping basis data (hanya administrator komputer kantor yang bisa membacanya).",
)
@pin_stdin_option("Baca PIN baru dari masukan standar (satu baris).")
@click.pass_context
@friendly_errors
def recover_supervisor(
    ctx: click.Context, db_path: str | None, code: str, key_file: str, pin_stdin: bool
) -> None:
    """Pemulihan supervisor terakhir: PIN baru untuk supervisor KODE, membuka kunci dan jeda salah PIN.

    Butuh berkas kunci basis data ini. Dicatat di log audit."""
    from counter_tui.services.database import shown_path
    from counter_tui.services.recovery import recover_supervisor as run_recover

    try:
        key_bytes = Path(key_file).expanduser().read_bytes()
    except OSError:
        raise CounterError(f"Berkas kunci {shown_path(key_file)} tidak dapat dibaca.") from None
    if pin_stdin:
        pin = again = read_pin_stdin()
    else:
        pin = click.prompt("PIN baru", hide_input=True)
        again = click.prompt("Ulangi PIN baru", hide_input=True)
    with opened_db(ctx, db_path) as db:
        operator = run_recover(kiosk_session(db), key_bytes, code, pin, again)
    click.echo(
        f"Supervisor {operator.code} ({operator.full_name}) dipulihkan: PIN baru berlaku, kunci dibuka. "
        "Tindakan ini tercatat di log audit."
    )


@command("operators")
@db_option
@json_option
@click.pass_context
@friendly_errors
def operators(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """Daftar akun petugas (tanpa hash PIN)."""
    from counter_tui.services.account_admin import list_operators

    with opened_db(ctx, db_path) as db:
        accounts = list_operators(kiosk_session(db))
    if as_json:
        echo_json(
            [
                {
                    "code": o.code,
                    "full_name": o.full_name,
                    "role": o.role.value,
                    "active": o.active,
                    "locked": o.locked,
                    "failed_attempts": o.failed_attempts,
                }
                for o in accounts
            ]
        )
        return

    def state_of(o) -> str:
        return ("aktif" if o.active else "nonaktif") + (", terkunci" if o.locked else "")

    # Columns as wide as their widest value (a code may have 20 characters), with a header.
    code_width = max([len("Kode"), *(len(o.code) for o in accounts)])
    role_width = max([len("Peran"), *(len(o.role.label) for o in accounts)])
    state_width = max([len("Status"), *(len(state_of(o)) for o in accounts)])
    click.echo(f"{'Kode':<{code_width}} {'Peran':<{role_width}} {'Status':<{state_width}} Nama lengkap")
    for o in accounts:
        state = state_of(o)
        click.echo(
            f"{o.code:<{code_width}} {o.role.label:<{role_width}} {state:<{state_width}} {o.full_name}"
        )
