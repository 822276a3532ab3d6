"""`counter-tui demo`: a demo office with a simulated morning, apart from the office's own database."""

from __future__ import annotations

from pathlib import Path

import click

from counter_tui.cli_common import command, friendly_errors, run_tui


@command("demo")
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
        run_tui(report.path, mode="main")
