"""rekap.pdf: the A4 recap a supervisor prints, checks and signs (reportlab, invariant output: the same day gives
the same bytes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from counter_tui.domain.clock import from_utc_text, wib_text
from counter_tui.domain.day_close import DayClosure
from counter_tui.domain.export import format_long_date, format_number

PRIORITY_NAMES = {
    "umum": "Umum",
    "lansia": "Lansia",
    "disabilitas": "Disabilitas",
    "hamil": "Ibu hamil",
    "anak": "Anak",
    "bencana": "Korban bencana",
}


def _plain(text: Any) -> str:
    """User text for a reportlab Paragraph: escaped (no markup), and only what the built-in fonts can draw."""
    value = "" if text is None else str(text)
    value = value.encode("latin-1", "replace").decode("latin-1")
    return escape(value)


def write_pdf(path: Path, recap: dict[str, Any], day: date, closure: DayClosure | None) -> int:
    # reportlab ships no type information
    from reportlab.lib import colors  # type: ignore[import-untyped]
    from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
    from reportlab.lib.styles import getSampleStyleSheet  # type: ignore[import-untyped]
    from reportlab.lib.units import mm  # type: ignore[import-untyped]
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # type: ignore[import-untyped]

    styles = getSampleStyleSheet()
    office = recap["office"]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        invariant=1,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Rekap harian {recap['date']}",
        author=_plain(office["name"]),
        subject="Rekap harian pelayanan KTP-el",
        creator="counter_tui",
    )
    n = format_number
    story: list[Any] = [
        Paragraph(_plain(office["name"]), styles["Title"]),
        Paragraph(_plain(f"Wilayah {office['region_code']} {office['region_name']}"), styles["Normal"]),
        Spacer(1, 4 * mm),
        Paragraph(
            _plain(f"REKAP HARIAN PELAYANAN KTP-el · {format_long_date(day)} ({day.isoformat()})"),
            styles["Heading2"],
        ),
    ]
    if closure is not None and closure.is_closed:
        status = f"Hari ditutup {wib_text(from_utc_text(closure.closed_at), '%d-%m-%Y %H:%M')} WIB oleh {closure.closed_by}"
    else:
        status = "Hari BELUM ditutup: angka masih dapat berubah"
    story.append(Paragraph(_plain(status), styles["Normal"]))
    story.append(Spacer(1, 4 * mm))

    def table(rows: list[list[Any]], widths: list[float], header: bool = True) -> Table:
        cells = [
            [Paragraph(_plain(c), styles["BodyText"]) if isinstance(c, str) else c for c in row]
            for row in rows
        ]
        tbl = Table(cells, colWidths=[w * mm for w in widths], hAlign="LEFT")
        style: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        if header:  # a figures table; the signature block has no lines
            style += [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        tbl.setStyle(TableStyle(style))
        return tbl

    t = recap["tickets"]
    w, s = recap["times"]["wait_minutes"], recap["times"]["service_minutes"]
    story += [
        Paragraph("Ringkasan", styles["Heading3"]),
        table(
            [
                ["Uraian", "Jumlah"],
                ["Tiket diambil", n(t["issued"])],
                ["Selesai dilayani", n(t["served"])],
                ["Tidak hadir", n(t["no_show"])],
                ["Tidak terlayani (ditutup)", n(t["not_served"])],
                ["Masih terbuka", n(t["open"])],
                ["Rata-rata / P90 tunggu (menit)", f"{n(w['avg'])} / {n(w['p90'])}"],
                ["Rata-rata / P90 layanan (menit)", f"{n(s['avg'])} / {n(s['p90'])}"],
                [
                    "Perekaman (di antaranya pemula)",
                    f"{n(recap['recordings']['total'])} ({n(recap['recordings']['pemula'])})",
                ],
                ["KTP-el dicetak / gagal cetak", f"{n(recap['cards_printed'])} / {n(recap['misprints'])}"],
                ["IKD dipandu / aktif", f"{n(recap['ikd']['guided'])} / {n(recap['ikd']['activated'])}"],
                ["Hilang/rusak dialihkan ke IKD", n(recap["ikd"]["routed_hilang_rusak"])],
                ["Daftar tunggu cetak (terbuka)", n(recap["waitlist_open"])],
                [
                    "Jemput bola: kegiatan / perekaman",
                    f"{n(recap['outreach']['sessions'])} / {n(recap['outreach']['recorded'])}",
                ],
            ],
            [110, 50],
        ),
    ]

    story += [
        Paragraph("Tiket per layanan", styles["Heading3"]),
        table(
            [["Layanan", "Diambil", "Selesai", "Tidak hadir", "Tidak terlayani", "Terbuka"]]
            + [
                [
                    f"{g['code']} {g['name']}",
                    n(g["issued"]),
                    n(g["served"]),
                    n(g["no_show"]),
                    n(g["not_served"]),
                    n(g["open"]),
                ]
                for g in t["by_service"]
            ],
            [62, 20, 20, 20, 24, 18],
        ),
    ]
    story += [
        Paragraph("Tiket per prioritas", styles["Heading3"]),
        table(
            [["Prioritas", "Diambil", "Selesai", "Tidak hadir", "Tidak terlayani", "Terbuka"]]
            + [
                [
                    PRIORITY_NAMES.get(g["priority"], g["priority"]),
                    n(g["issued"]),
                    n(g["served"]),
                    n(g["no_show"]),
                    n(g["not_served"]),
                    n(g["open"]),
                ]
                for g in t["by_priority"]
            ],
            [62, 20, 20, 20, 24, 18],
        ),
    ]
    b = recap["blanks"]
    story += [
        Paragraph("Stok blanko KTP-el", styles["Heading3"]),
        table(
            [
                ["Stok awal", "Diterima", "Terpakai", "Rusak", "Koreksi", "Stok akhir", "Cadangan"],
                [
                    n(b["opening"]),
                    n(b["received"]),
                    n(b["used"]),
                    n(b["damaged"]),
                    n(b["corrections"]),
                    n(b["closing"]),
                    n(b["reserve"]),
                ],
            ],
            [23, 23, 23, 23, 23, 23, 23],
        ),
    ]
    target = recap["target"]
    if target["population"]:
        progress = (
            f"Target {n(target['population'])} · sudah rekam {n(target['recorded'])} · "
            f"belum rekam {n(target['remaining'])} · capaian {n(target['percent'])} %"
        )
        story += [
            Paragraph("Target perekaman", styles["Heading3"]),
            Paragraph(_plain(progress), styles["Normal"]),
        ]

    place = office["region_name"] or ""
    story += [
        Spacer(1, 12 * mm),
        table(
            [
                ["Dibuat oleh,", "Mengetahui,"],
                ["Petugas / Operator", "Kepala Seksi / Supervisor"],
                [Spacer(1, 20 * mm), Spacer(1, 20 * mm)],
                [
                    "( ............................................ )",
                    "( ............................................ )",
                ],
                ["NIP.", "NIP."],
            ],
            [80, 80],
            header=False,
        ),
    ]
    story.insert(-1, Paragraph(_plain(f"{place}, {format_long_date(day)}"), styles["Normal"]))
    pages: list[int] = []
    doc.build(story, onFirstPage=lambda c, d: pages.append(1), onLaterPages=lambda c, d: pages.append(1))
    return len(pages)
