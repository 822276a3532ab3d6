"""`counter-tui report` in a terminal: the recap as rich tables (plain text, never markup)."""

from __future__ import annotations

from typing import Any

from counter_tui.domain.export import format_number as n


def print_recap(recap: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    office = recap["office"]
    title = Text(
        f"Rekap {recap['date']} · {office['name'] or ''} ({office['region_code'] or ''})", style="bold"
    )
    console.print(title)
    if "day_closed" in recap:
        console.print(
            Text("Hari sudah ditutup." if recap["day_closed"] else "Hari belum ditutup.", style="dim")
        )

    t = recap["tickets"]
    services = Table(
        "Layanan",
        "Diambil",
        "Selesai",
        "Tidak hadir",
        "Tidak terlayani",
        "Terbuka",
        title="Tiket per layanan",
    )
    for g in t["by_service"]:
        services.add_row(
            Text(f"{g['code']} {g['name']}"),
            n(g["issued"]),
            n(g["served"]),
            n(g["no_show"]),
            n(g["not_served"]),
            n(g["open"]),
        )
    services.add_row(
        Text("Jumlah", style="bold"),
        n(t["issued"]),
        n(t["served"]),
        n(t["no_show"]),
        n(t["not_served"]),
        n(t["open"]),
    )
    console.print(services)
    priorities = Table(
        "Prioritas", "Diambil", "Selesai", "Tidak hadir", "Tidak terlayani", title="Per prioritas"
    )
    for g in t["by_priority"]:
        priorities.add_row(
            Text(str(g["priority"])), n(g["issued"]), n(g["served"]), n(g["no_show"]), n(g["not_served"])
        )
    console.print(priorities)

    w, s = recap["times"]["wait_minutes"], recap["times"]["service_minutes"]
    b, i, target = recap["blanks"], recap["ikd"], recap["target"]
    figures = Table("Uraian", "Nilai", title="Rekap")
    rows = [
        ("Tunggu rata-rata / p90 (menit)", f"{n(w['avg'])} / {n(w['p90'])}"),
        ("Layanan rata-rata / p90 (menit)", f"{n(s['avg'])} / {n(s['p90'])}"),
        ("Perekaman (pemula)", f"{n(recap['recordings']['total'])} ({n(recap['recordings']['pemula'])})"),
        ("KTP-el dicetak / gagal cetak", f"{n(recap['cards_printed'])} / {n(recap['misprints'])}"),
        (
            "Blanko awal / terima / pakai / rusak / akhir",
            f"{n(b['opening'])} / {n(b['received'])} / {n(b['used'])} / {n(b['damaged'])} / {n(b['closing'])}",
        ),
        ("Cadangan blanko", n(b["reserve"])),
        ("IKD dipandu / aktif", f"{n(i['guided'])} / {n(i['activated'])}"),
        ("Hilang/rusak dialihkan ke IKD", n(i["routed_hilang_rusak"])),
        ("Daftar tunggu cetak (terbuka)", n(recap["waitlist_open"])),
        (
            "Jemput bola: kegiatan / perekaman",
            f"{n(recap['outreach']['sessions'])} / {n(recap['outreach']['recorded'])}",
        ),
    ]
    if target["population"]:
        rows.append(("Target perekaman", f"{n(target['percent'])} % — {n(target['remaining'])} belum rekam"))
    for label, value in rows:
        figures.add_row(Text(label), Text(value))
    console.print(figures)
