"""The end of the day's commands: close-day, reopen-day, export, verify, report (its table: cli_report.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from counter_tui.cli_common import (
    EXIT_ERROR,
    command,
    date_option,
    db_option,
    echo_json,
    friendly_errors,
    json_option,
    kiosk_session,
    opened_db,
    supervisor_options,
    supervisor_session,
)
from counter_tui.domain.errors import CounterError

# The supervisor of close-day, reopen-day and export --full-nik: asked for when --operator is missing or empty
# (hence `operator_code or None` below).
day_supervisor = supervisor_options(
    "Kode supervisor (ditanya bila kosong).", "Baca PIN supervisor dari masukan standar (satu baris)."
)


@command("close-day")
@db_option
@date_option("Hari yang ditutup (bawaan: hari ini, WIB).")
@day_supervisor
@json_option
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

    with opened_db(ctx, db_path) as db:
        result = run_close(supervisor_session(db, operator_code or None, pin_stdin), day)
    if as_json:
        echo_json(
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


@command("reopen-day")
@db_option
@click.option(
    "--reason", required=True, metavar="TEKS", help="Alasan membuka kembali hari ini (dicatat di log audit)."
)
@day_supervisor
@click.pass_context
@friendly_errors
def reopen_day(
    ctx: click.Context, db_path: Path | None, reason: str, operator_code: str | None, pin_stdin: bool
) -> None:
    """Buka kembali hari ini setelah tutup hari (supervisor, dengan alasan)."""
    from counter_tui.services.day_close import reopen_day as run_reopen

    with opened_db(ctx, db_path) as db:
        closure = run_reopen(supervisor_session(db, operator_code or None, pin_stdin), reason)
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


@command("export")
@db_option
@date_option("Hari yang diekspor (bawaan: hari ini, WIB).")
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
@day_supervisor
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
    with opened_db(ctx, db_path) as db:
        session = supervisor_session(db, operator_code or None, pin_stdin) if full_nik else kiosk_session(db)
        with _Bar() as bar:
            result = export_day(
                session,
                day,
                out_dir=out_dir,
                formats=wanted,
                full_nik=full_nik,
                full_nik_reason=reason,
                force=force,
                progress=bar,
            )
    click.echo(f"Bundel ekspor: {result.folder}")
    for f in result.files:
        rows = f" ({f.rows} baris)" if f.rows is not None else ""
        click.echo(f"  {f.name:<14} {f.bytes:>10} bita{rows}")
    if not result.day_closed:
        click.echo("Perhatian: hari ini belum ditutup (tutup hari); angka masih dapat berubah.", err=True)
    if result.full_nik:
        click.echo("Berisi NIK LENGKAP: simpan dan kirim sebagai data pribadi (UU 27/2022).", err=True)


@command("verify")
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
            check_audit_head(kiosk_session(db), report)
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


@command("report")
@db_option
@date_option("Satu hari (bawaan: hari ini, WIB).")
@click.option("--from", "first", metavar="TTTT-BB-HH", help="Awal rentang (bersama --to).")
@click.option("--to", "last", metavar="TTTT-BB-HH", help="Akhir rentang (bersama --from).")
@json_option
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

    with opened_db(ctx, db_path) as db:
        figures = recap(kiosk_session(db), day, first, last)
    if as_json:
        echo_json(figures)
        return
    if not has_data(figures):
        click.echo(f"Tidak ada data untuk {figures['date']}.", err=True)
    from counter_tui.cli_report import print_recap

    print_recap(figures)
