"""The command line: a thin click layer over the use cases. Bare `counter-tui` opens the TUI.

Textual is imported only inside the commands that open a screen, so `counter-tui ticket` never pays for it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from counter_tui import cli_i18n
from counter_tui.domain.errors import CounterError
from counter_tui.paths import ENV_DB, resolve_db_path

if TYPE_CHECKING:
    from counter_tui.services.database import Database
    from counter_tui.services.session import Session

EXIT_ERROR = 1

# click's own texts ("Usage:", "Options:", its usage errors) in Bahasa Indonesia, before any command is declared.
cli_i18n.install()


def fail(message: str) -> None:
    click.echo(f"Galat: {message}", err=True)
    sys.exit(EXIT_ERROR)


def friendly_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """A failure exits non-zero with one clear sentence, never a traceback (which could hold personal data)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CounterError as error:
            fail(error.message)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            fail("Dibatalkan.")
        except Exception as error:  # noqa: BLE001 - the user gets a sentence, not a traceback
            fail(
                f"Terjadi kesalahan tak terduga ({type(error).__name__}). Tidak ada perubahan yang setengah jalan."
            )

    return wrapper


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_path",
        # A plain string: a folder, an empty path or a FIFO is refused by open_database with an Indonesian
        # sentence, not by click in English (click.Path would also turn '' into '.').
        type=str,
        metavar="BERKAS",
        help=f"Berkas basis data (bawaan: ${ENV_DB}, lalu folder data pengguna).",
    )(func)


def _db_path(ctx: click.Context, explicit: Path | str | None) -> Path:
    if explicit is None and ctx.obj:
        explicit = ctx.obj.get("db_path")
    return resolve_db_path(explicit)


def _open(ctx: click.Context, explicit: Path | str | None, **kwargs: Any) -> Database:
    from counter_tui.services.database import open_database

    return open_database(_db_path(ctx, explicit), **kwargs)


def _session(db: Database) -> Session:
    """The one Session of a CLI command: the kiosk (script) actor and the real clock."""
    from counter_tui.services.session import Session

    return Session(db)


def _echo_json(payload: Any) -> None:
    import json  # only the --json outputs pay for it

    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _read_pin_stdin() -> str:
    line = sys.stdin.readline()
    pin = line.strip()
    if not pin:
        raise CounterError("PIN tidak terbaca dari masukan standar (stdin).")
    return pin


class WholeNumberRange(click.IntRange):
    """click names its number types in English in its messages ("'abc' is not a valid integer range")."""

    name = "bilangan bulat"


class IndonesianCommand(click.Command):
    """The usage line in Bahasa Indonesia too: "[OPSI]" instead of click's "[OPTIONS]"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)


class IndonesianGroup(click.Group):
    command_class = IndonesianCommand
    group_class = type  # subgroups (`stock`, `target`) are IndonesianGroups too: "[OPSI]" in their usage

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        kwargs.setdefault("subcommand_metavar", "[PERINTAH] [ARGUMEN]...")
        super().__init__(*args, **kwargs)


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


# -------------------------------------------------------------------------------------------------
@click.group(
    cls=IndonesianGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@db_option
@click.option(
    "--idle-minutes",
    type=WholeNumberRange(1, 240),
    metavar="MENIT",
    help="Kunci layar setelah sekian menit diam (1-240).",
)
@click.version_option(package_name="counter-tui", prog_name="counter-tui")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, idle_minutes: int | None) -> None:
    """counter_tui: aplikasi loket pelayanan KTP-el Disdukcapil. Tanpa perintah: membuka aplikasi layar."""
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is None:
        _run_tui(_db_path(ctx, db_path), mode="main", idle_minutes=idle_minutes)


def _run_tui(path: Path, *, mode: str, idle_minutes: int | None = None) -> None:
    from counter_tui.tui.app import run_app  # Textual only for the screens

    code = run_app(path, mode=mode, idle_minutes=idle_minutes)
    if code:
        sys.exit(code)


@cli.command()
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
@click.option("--pin-stdin", is_flag=True, help="Baca PIN dari masukan standar (satu baris).")
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

    path = _db_path(ctx, db_path)
    if pin_stdin:
        pin = again = _read_pin_stdin()
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


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.pass_context
@friendly_errors
def locate(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """Tampilkan lokasi basis data, berkas kunci, folder ekspor, konfigurasi dan berkas peta tombol."""
    from counter_tui.paths import config_dir, export_dir, keymap_path, pepper_path

    path = _db_path(ctx, db_path)
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
        _echo_json(payload)
        return
    width = max(len(label) for _key, label, _place in places)
    for key, label, place in places:
        note = ""
        if key == "database" and not place.exists():
            note = "  (belum ada)"
        elif key == "keymap" and not place.exists():
            note = "  (belum ada; tombol bawaan dipakai)"
        click.echo(f"{label:<{width}} : {place}{note}")


@cli.command()
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

    db = _open(ctx, db_path, migrate=False, allow_damaged=True, allow_unfinished=True)
    try:
        key = _audit_key_from(key_file) if key_file else None
        report = run_check(db, key)
    finally:
        db.close()
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


@cli.command()
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
    db = _open(ctx, db_path, allow_damaged=True)
    try:
        report = run_backup(db, Path(dest), Path(key_dest) if key_dest else None)
    finally:
        db.close()
    total = sum(report.table_counts.values())
    click.echo(f"Cadangan terverifikasi: {report.dest} ({len(report.table_counts)} tabel, {total} baris).")
    if report.key_copy is not None:
        click.echo(f"Berkas kunci disalin ke: {report.key_copy}. Simpan terpisah dari salinan basis data.")
    else:
        click.echo(
            "Ingat: berkas kunci tidak ikut; simpan salinannya terpisah dengan aman (--key-dest FOLDER)."
        )


@cli.command()
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
    path = _db_path(ctx, db_path)
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


@cli.command("recover-supervisor")
@db_option
@click.argument("code", metavar="KODE")
@click.option(
    "--key-file",
    required=True,
    type=str,
    metavar="BERKAS",
    help="Berkas kunci di samping basis data (hanya administrator komputer kantor yang bisa membacanya).",
)
@click.option("--pin-stdin", is_flag=True, help="Baca PIN baru dari masukan standar (satu baris).")
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
        pin = again = _read_pin_stdin()
    else:
        pin = click.prompt("PIN baru", hide_input=True)
        again = click.prompt("Ulangi PIN baru", hide_input=True)
    db = _open(ctx, db_path)
    try:
        operator = run_recover(_session(db), key_bytes, code, pin, again)
    finally:
        db.close()
    click.echo(
        f"Supervisor {operator.code} ({operator.full_name}) dipulihkan: PIN baru berlaku, kunci dibuka. "
        "Tindakan ini tercatat di log audit."
    )


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.pass_context
@friendly_errors
def operators(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """Daftar akun petugas (tanpa hash PIN)."""
    from counter_tui.services.account_admin import list_operators

    db = _open(ctx, db_path)
    try:
        accounts = list_operators(_session(db))
    finally:
        db.close()
    if as_json:
        _echo_json(
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


@cli.command()
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
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
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
    db = _open(ctx, db_path)
    session = _session(db)  # the kiosk actor: a script issuing tickets
    try:
        override_by = None
        if override_supervisor:
            from counter_tui.services.accounts import authorize_override  # only the override needs PIN checks

            override_by = authorize_override(session, override_supervisor, _read_pin_stdin(), 0)
        issued = issue_ticket(session, service, priority=priority, nik=nik, override_by=override_by)
    finally:
        db.close()
    t = issued.ticket
    if as_json:
        from counter_tui.domain.clock import to_utc_text

        _echo_json(
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


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
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

    db = _open(ctx, db_path)
    try:
        with streamed_queue(_session(db), limit=limit) as (snapshot, waiting):
            if as_json:
                _stream_json(snapshot.as_json(), "waiting", (waiting_line_json(t) for t in waiting))
                return
            _print_queue(snapshot, waiting)
    finally:
        db.close()


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


@cli.command()
@db_option
@click.pass_context
@friendly_errors
def board(ctx: click.Context, db_path: Path | None) -> None:
    """Papan antrian layar penuh untuk TV ruang tunggu."""
    import shutil

    from counter_tui.domain.announce import ESPEAK_PROGRAM
    from counter_tui.services.database import check_path

    path = _db_path(ctx, db_path)
    if check_path(path) is None:
        from counter_tui.services.database import DatabaseMissing

        raise DatabaseMissing.at(path)
    if shutil.which(ESPEAK_PROGRAM) is None:
        click.echo(
            f"Catatan: {ESPEAK_PROGRAM} tidak terpasang, papan tidak mengumumkan panggilan dengan suara "
            "(lihat README: 'Suara papan antrian').",
            err=True,
        )
    _run_tui(path, mode="board")


# -- end of day ----------------------------------------------------------------------------------
def _supervisor(db, code: str | None, pin_stdin: bool):
    """A supervisor for one command: the code from --operator (or a prompt), the PIN from --pin-stdin or a
    hidden prompt. Checked like the front desk's override (audited, wrong PINs count towards the lockout)."""
    from counter_tui.services.accounts import authorize_override

    if not code:
        code = click.prompt("Kode supervisor")
    pin = _read_pin_stdin() if pin_stdin else click.prompt("PIN supervisor", hide_input=True)
    return authorize_override(_session(db), code, pin, 0)


def _acting_session(db, actor=None):
    from counter_tui.services.session import Session

    return Session(db, actor) if actor is not None else _session(db)


def supervisor_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--pin-stdin", is_flag=True, help="Baca PIN supervisor dari masukan standar (satu baris)."
    )(func)
    return click.option(
        "--operator", "operator_code", metavar="KODE", help="Kode supervisor (ditanya bila kosong)."
    )(func)


@cli.command("close-day")
@db_option
@click.option("--date", "day", metavar="TTTT-BB-HH", help="Hari yang ditutup (bawaan: hari ini, WIB).")
@supervisor_options
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.pass_context
@friendly_errors
def close_day(
    ctx: click.Context,
    db_path: Path | None,
    day: str | None,
    operator_code: str | None,
    pin_stdin: bool,
    as_json: bool,
) -> None:
    """Tutup hari: tiket yang masih menunggu, dipanggil atau ditunda ditutup sebagai tidak terlayani."""
    from counter_tui.services.day_close import close_day as run_close

    db = _open(ctx, db_path)
    try:
        actor = _supervisor(db, operator_code, pin_stdin)
        result = run_close(_acting_session(db, actor), day)
    finally:
        db.close()
    if as_json:
        _echo_json(
            {
                "date": result.day,
                "already_closed": result.already_closed,
                "closed_by": result.closure.closed_by,
                "closed": [
                    {"ticket": t.label, "service": t.service_code, "reason": t.status.value}
                    for t in result.closed
                ],
                "still_serving": [{"ticket": t.label, "counter": t.counter} for t in result.still_serving],
                "open_cases": [
                    {"ref": c.ref, "type": c.case_type, "status": c.status} for c in result.open_cases
                ],
                "totals": result.totals,
            }
        )
        return
    for line in result.summary_lines():
        click.echo(line)


@cli.command("reopen-day")
@db_option
@click.option(
    "--reason", required=True, metavar="TEKS", help="Alasan membuka kembali hari ini (dicatat di log audit)."
)
@supervisor_options
@click.pass_context
@friendly_errors
def reopen_day(
    ctx: click.Context, db_path: Path | None, reason: str, operator_code: str | None, pin_stdin: bool
) -> None:
    """Buka kembali hari ini setelah tutup hari (supervisor, dengan alasan)."""
    from counter_tui.services.day_close import reopen_day as run_reopen

    db = _open(ctx, db_path)
    try:
        actor = _supervisor(db, operator_code, pin_stdin)
        closure = run_reopen(_acting_session(db, actor), reason)
    finally:
        db.close()
    click.echo(
        f"Hari {closure.service_date} dibuka kembali oleh {closure.reopened_by}. Tiket dapat diambil lagi."
    )


class _Bar:
    """A rich progress bar on a terminal's stderr for long exports; nothing when stderr is not a terminal."""

    def __init__(self) -> None:
        self.progress: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> _Bar:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.progress.start()
        return self

    def __call__(self, what: str, done: int, total: int) -> None:
        if self.progress is None or total < 5000:
            return
        if what not in self.tasks:
            self.tasks[what] = self.progress.add_task(what, total=total)
        self.progress.update(self.tasks[what], completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


@cli.command()
@db_option
@click.option("--date", "day", metavar="TTTT-BB-HH", help="Hari yang diekspor (bawaan: hari ini, WIB).")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    metavar="FOLDER",
    help="Folder tujuan (bawaan: folder ekspor).",
)
@click.option("--format", "formats", metavar="csv,xlsx,pdf,json", help="Format yang ditulis (bawaan: semua).")
@click.option(
    "--full-nik", is_flag=True, help="Tulis NIK lengkap (supervisor, dengan alasan; dicatat di log audit)."
)
@supervisor_options
@click.option("--reason", metavar="TEKS", help="Alasan membuka NIK lengkap (wajib dengan --full-nik).")
@click.option("--force", is_flag=True, help="Timpa folder ekspor yang sudah ada.")
@click.pass_context
@friendly_errors
def export(
    ctx: click.Context,
    db_path: Path | None,
    day: str | None,
    out_dir: Path | None,
    formats: str | None,
    full_nik: bool,
    operator_code: str | None,
    pin_stdin: bool,
    reason: str | None,
    force: bool,
) -> None:
    """Ekspor bundel harian <kode-kantor>-<TTTT-BB-HH>/: CSV, rekap.json, rekap.xlsx, rekap.pdf, manifest.json."""
    from counter_tui.domain.export import normalize_reason, parse_formats
    from counter_tui.services.export import export_day

    wanted = parse_formats(formats)
    if full_nik:
        normalize_reason(reason)  # before any PIN is asked
        if not operator_code:
            raise CounterError("--full-nik memerlukan --operator KODE supervisor dan --reason.")
    db = _open(ctx, db_path)
    try:
        actor = _supervisor(db, operator_code, pin_stdin) if full_nik else None
        with _Bar() as bar:
            result = export_day(
                _acting_session(db, actor),
                day,
                out_dir=out_dir,
                formats=wanted,
                full_nik=full_nik,
                full_nik_reason=reason,
                force=force,
                progress=bar,
            )
    finally:
        db.close()
    click.echo(f"Bundel ekspor: {result.folder}")
    for f in result.files:
        rows = f" ({f.rows} baris)" if f.rows is not None else ""
        click.echo(f"  {f.name:<14} {f.bytes:>10} bita{rows}")
    if not result.day_closed:
        click.echo("Perhatian: hari ini belum ditutup (tutup hari); angka masih dapat berubah.", err=True)
    if result.full_nik:
        click.echo("Berisi NIK LENGKAP: simpan dan kirim sebagai data pribadi (UU 27/2022).", err=True)


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path), metavar="FOLDER")
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    metavar="BERKAS",
    help="Opsional: basis data kantor asal; kepala rantai audit di manifest dicocokkan dengannya.",
)
@friendly_errors
def verify(folder: Path, db_path: Path | None) -> None:
    """Periksa bundel ekspor terhadap manifest-nya (untuk kantor kabupaten yang menerimanya).

    Tanpa --db tidak ada basis data yang dibuka."""
    from counter_tui.services.verify import check_audit_head, verify_bundle

    report = verify_bundle(folder)
    if db_path is not None and report.ok:
        from counter_tui.services.database import open_database

        db = open_database(db_path, migrate=False)
        try:
            check_audit_head(_session(db), report)
        finally:
            db.close()
    if not report.ok:
        for problem in report.problems:
            click.echo(f"GAGAL: {problem}", err=True)
        sys.exit(EXIT_ERROR)
    m = report.manifest
    click.echo(
        f"Bundel utuh: {len(report.checked)} berkas cocok dengan manifest ({m.get('date')}, "
        f"{(m.get('office') or {}).get('name')})."
    )
    head = (m.get("audit") or {}).get("head")
    if head:
        click.echo(f"Kepala rantai audit hari itu: {head}")


@cli.command()
@db_option
@click.option("--date", "day", metavar="TTTT-BB-HH", help="Satu hari (bawaan: hari ini, WIB).")
@click.option("--from", "first", metavar="TTTT-BB-HH", help="Awal rentang (bersama --to).")
@click.option("--to", "last", metavar="TTTT-BB-HH", help="Akhir rentang (bersama --from).")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.pass_context
@friendly_errors
def report(
    ctx: click.Context,
    db_path: Path | None,
    day: str | None,
    first: str | None,
    last: str | None,
    as_json: bool,
) -> None:
    """Rekap harian (atau rentang tanggal) sebagai tabel, atau JSON."""
    from counter_tui.services.recap import has_data, recap

    db = _open(ctx, db_path)
    try:
        figures = recap(_session(db), day, first, last)
    finally:
        db.close()
    if as_json:
        _echo_json(figures)
        return
    if not has_data(figures):
        click.echo(f"Tidak ada data untuk {figures['date']}.", err=True)
    from counter_tui.cli_report import print_recap

    print_recap(figures)


# -- cases: NIK check, blank stock, recording target ------------------------------------------------
@cli.command()
@db_option  # accepted like on every command; the check itself needs no database
@click.argument("nik_text", metavar="NIK", required=False)
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
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
        _echo_json(result.as_json())
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


def _supervisor_session(db, operator_code: str, pin_stdin: bool):
    """The same credential check as `ticket --override-supervisor`: code and PIN, supervisor only, audited."""
    from counter_tui.services.accounts import authorize_override
    from counter_tui.services.session import Session

    pin = _read_pin_stdin() if pin_stdin else click.prompt("PIN supervisor", hide_input=True)
    return Session(db, authorize_override(Session(db), operator_code, pin, 0))


def _kiosk_session(db):
    from counter_tui.services.session import Session

    return Session(db)


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


@cli.group(cls=IndonesianGroup, invoke_without_command=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.pass_context
@friendly_errors
def stock(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """Stok blanko KTP-el: saldo, cadangan, sisa untuk penggantian, perkiraan hari, pergerakan hari ini."""
    ctx.ensure_object(dict)
    if db_path is not None:
        ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is not None:
        return
    from counter_tui.services.stock import stock_view

    db = _open(ctx, db_path)
    try:
        view = stock_view(_kiosk_session(db))
    finally:
        db.close()
    if as_json:
        _echo_json(view.as_json())
        return
    for line in _stock_lines(view):
        click.echo(line)


def _stock_change(ctx: click.Context, db_path: Path | None, operator: str, pin_stdin: bool, change) -> None:
    from counter_tui.domain.stock import format_number

    db = _open(ctx, db_path)
    try:
        movement = change(_supervisor_session(db, operator, pin_stdin))
    finally:
        db.close()
    click.echo(
        f"Tercatat: {movement.kind.label} {movement.quantity:+d}; saldo sekarang {format_number(movement.balance_after)}."
    )


_operator_option = click.option(
    "--operator",
    "operator",
    required=True,
    metavar="KODE",
    help="Kode supervisor yang mencatat (PIN diminta, atau dari --pin-stdin).",
)
_pin_option = click.option("--pin-stdin", is_flag=True, help="Baca PIN dari masukan standar (satu baris).")


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
@_operator_option
@_pin_option
@click.pass_context
@friendly_errors
def stock_receive(
    ctx: click.Context, db_path: Path | None, quantity: str, reference: str, operator: str, pin_stdin: bool
) -> None:
    """Catat N blanko yang diterima dari pusat (khusus supervisor)."""
    from counter_tui.services.stock import receive_stock

    _stock_change(ctx, db_path, operator, pin_stdin, lambda s: receive_stock(s, quantity, reference))


@stock.command("damaged", context_settings={"ignore_unknown_options": True})  # "-3" reaches our check
@db_option
@click.argument("quantity", metavar="N")
@click.option(
    "--reason", required=True, metavar="TEKS", help="Alasan, misalnya 'rusak saat pengiriman, BA no. 12'."
)
@_operator_option
@_pin_option
@click.pass_context
@friendly_errors
def stock_damaged(
    ctx: click.Context, db_path: Path | None, quantity: str, reason: str, operator: str, pin_stdin: bool
) -> None:
    """Catat N blanko rusak (khusus supervisor)."""
    from counter_tui.services.stock import record_damaged

    _stock_change(ctx, db_path, operator, pin_stdin, lambda s: record_damaged(s, quantity, reason))


@stock.command("correct", context_settings={"ignore_unknown_options": True})  # "-3" reaches our check
@db_option
@click.argument("counted", metavar="JUMLAH_HITUNG")
@click.option(
    "--reason", required=True, metavar="TEKS", help="Alasan koreksi, misalnya 'stock opname 30-11-2026'."
)
@_operator_option
@_pin_option
@click.pass_context
@friendly_errors
def stock_correct(
    ctx: click.Context, db_path: Path | None, counted: str, reason: str, operator: str, pin_stdin: bool
) -> None:
    """Koreksi saldo ke hasil hitung fisik (stock opname; khusus supervisor)."""
    from counter_tui.services.stock import correct_stock

    _stock_change(ctx, db_path, operator, pin_stdin, lambda s: correct_stock(s, counted, reason))


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
@_operator_option
@_pin_option
@click.pass_context
@friendly_errors
def stock_policy(
    ctx: click.Context,
    db_path: Path | None,
    reserve_fixed: str | None,
    reserve_buffer: str | None,
    replacements: bool | None,
    operator: str,
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
    db = _open(ctx, db_path)
    try:
        session = _supervisor_session(db, operator, pin_stdin)
        set_reserve_policy(
            session,
            mode=mode,
            fixed=reserve_fixed,
            buffer_percent=reserve_buffer,
            replacements_allowed=replacements,
        )
        view = stock_view(session)
    finally:
        db.close()
    click.echo("Kebijakan stok tersimpan.")
    for line in _stock_lines(view):
        click.echo(line)


@cli.group(cls=IndonesianGroup, invoke_without_command=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@click.pass_context
@friendly_errors
def target(ctx: click.Context, db_path: Path | None, as_json: bool) -> None:
    """Target perekaman KTP-el: jumlah wajib KTP-el, yang sudah direkam, dan kemajuannya."""
    ctx.ensure_object(dict)
    if db_path is not None:
        ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is not None:
        return
    from counter_tui.services.stock_target import target_view

    db = _open(ctx, db_path)
    try:
        view = target_view(_kiosk_session(db))
    finally:
        db.close()
    if as_json:
        _echo_json(view.as_json())
        return
    _echo_target(view)


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
@_operator_option
@_pin_option
@click.pass_context
@friendly_errors
def target_set(
    ctx: click.Context,
    db_path: Path | None,
    population: str,
    recorded_before: str,
    target_date: str | None,
    operator: str,
    pin_stdin: bool,
) -> None:
    """Atur target perekaman (khusus supervisor)."""
    from counter_tui.services.stock_target import set_target

    db = _open(ctx, db_path)
    try:
        session = _supervisor_session(db, operator, pin_stdin)
        if target_date is None:
            view = set_target(session, population, recorded_before)
        else:
            view = set_target(session, population, recorded_before, target_date)
    finally:
        db.close()
    click.echo("Target tersimpan.")
    _echo_target(view)


@cli.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    metavar="BERKAS",
    help="Berkas basis data demo (bawaan: folder demo tersendiri, terpisah dari basis data kantor).",
)
@click.option("--no-open", is_flag=True, help="Hanya bangun kantor demo, jangan buka aplikasinya.")
@friendly_errors
def demo(db_path: Path | None, no_open: bool) -> None:
    """Bangun kantor demo (Kab. Kotawaringin Timur) dengan pagi yang disimulasikan, lalu buka aplikasinya."""
    from counter_tui.services.demo import build_demo

    report = build_demo(db_path)
    click.echo(f"Kantor DEMO siap dalam {report.seconds:.2f} detik: {report.path}")
    click.echo(
        f"{report.tickets} tiket pagi ini, {report.recordings} perekaman, {report.printed} kartu dicetak, "
        f"{report.ikd} bimbingan IKD."
    )
    click.echo("PIN demo (hanya untuk demo):")
    for spec in report.operators:
        place = f"loket {spec.counter}" if spec.counter else "meja informasi"
        click.echo(f"  {spec.code:<6} PIN {spec.pin}  {spec.role.label:<10} {place:<15} {spec.name}")
    if not no_open:
        _run_tui(report.path, mode="main")


from counter_tui.cli_outreach import outreach  # noqa: E402  (it imports the helpers above)

cli.add_command(outreach)


def main() -> None:
    cli(prog_name="counter-tui")
