"""rekap.pdf: the A4 recap a supervisor prints, checks and signs. Laid out by hand on counter_tui's small PDF writer
(services/pdf_writer.py): invariant output, so the same day gives the same bytes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from counter_tui.domain.clock import from_utc_text, wib_text
from counter_tui.domain.day_close import DayClosure
from counter_tui.domain.export import format_long_date, format_number
from counter_tui.services.pdf_writer import A4, MM, Page, wrap, write_pdf_file

PRIORITY_NAMES = {
    "umum": "Umum",
    "lansia": "Lansia",
    "disabilitas": "Disabilitas",
    "hamil": "Ibu hamil",
    "anak": "Anak",
    "bencana": "Korban bencana",
}

LEFT, RIGHT, TOP, BOTTOM = 18 * MM, A4[0] - 18 * MM, A4[1] - 16 * MM, 16 * MM
BODY = 10.0  # the size of body text and table cells
LEADING = 12.0
PAD_X, PAD_Y = 6.0, 2.0  # cell padding
HEADER_GREY, GRID_GREY = 0.827, 0.5  # reportlab's lightgrey and grey, as the recap always had


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class _Gap:
    """An empty cell of a given height: the room for a signature."""

    height: float


@dataclass
class _Layout:
    """A cursor down the pages: `need(h)` starts a new page when h points do not fit above the bottom margin."""

    pages: list[Page] = field(default_factory=lambda: [Page()])
    y: float = TOP

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM and self.y < TOP:
            self.pages.append(Page())
            self.y = TOP

    def paragraph(
        self,
        text: str,
        size: float = BODY,
        *,
        bold: bool = False,
        center: bool = False,
        before: float = 0.0,
        after: float = 0.0,
    ) -> None:
        leading = size * 1.2
        lines = wrap(_plain(text), size, RIGHT - LEFT, bold)
        self.need(before + leading * len(lines) + after)
        self.y -= before
        for line in lines:
            self.y -= leading
            if center:
                self.page.text(
                    (LEFT + RIGHT) / 2, self.y + size * 0.22, line, size, bold=bold, align="center"
                )
            else:
                self.page.text(LEFT, self.y + size * 0.22, line, size, bold=bold)
        self.y -= after

    def heading(self, text: str, size: float, keep_with: float) -> None:
        """A section title, moved to the next page with what follows when the two do not fit together."""
        self.need(size * 1.2 + 11 + keep_with)
        self.paragraph(text, size, bold=True, before=8.0, after=3.0)

    def table(self, rows: list[list[Any]], widths_mm: Sequence[float], *, grid: bool = True) -> None:
        """Row 0 is the header (grey, repeated on a new page); with `grid`, columns 1.. are figures, right-aligned."""
        widths = [w * MM for w in widths_mm]
        cells = [
            [
                c if isinstance(c, _Gap) else wrap(_plain(c), BODY, w - 2 * PAD_X)
                for c, w in zip(row, widths, strict=True)
            ]
            for row in rows
        ]

        def height(row: list[Any]) -> float:
            return max(c.height if isinstance(c, _Gap) else LEADING * len(c) for c in row) + 2 * PAD_Y

        def draw(row: list[Any], header: bool) -> None:
            h = height(row)
            self.need(h)
            top = self.y
            if grid and header:
                self.page.box(LEFT, top - h, sum(widths), h, HEADER_GREY)
            x = LEFT
            for c, (cell, w) in enumerate(zip(row, widths, strict=True)):
                if not isinstance(cell, _Gap):
                    base = top - PAD_Y - BODY
                    for i, line in enumerate(cell):
                        if grid and c > 0:
                            self.page.text(x + w - PAD_X, base - i * LEADING, line, BODY, align="right")
                        else:
                            self.page.text(x + PAD_X, base - i * LEADING, line, BODY)
                x += w
            if grid:
                bottom, right = top - h, LEFT + sum(widths)
                self.page.line(LEFT, top, right, top, grey=GRID_GREY)
                self.page.line(LEFT, bottom, right, bottom, grey=GRID_GREY)
                x = LEFT
                for w in [0.0, *widths]:
                    x += w
                    self.page.line(x, top, x, bottom, grey=GRID_GREY)
            self.y = top - h

        for index, row in enumerate(cells):
            if grid and index > 0 and self.y - height(row) < BOTTOM:
                self.need(height(row))
                draw(cells[0], True)  # the header again at the top of the new page
            draw(row, grid and index == 0)

    def block_height(self, rows: list[list[Any]], widths_mm: Sequence[float]) -> float:
        total = 0.0
        for row in rows:
            tallest = 0.0
            for cell, w in zip(row, widths_mm, strict=True):
                size = (
                    cell.height
                    if isinstance(cell, _Gap)
                    else LEADING * len(wrap(_plain(cell), BODY, w * MM - 2 * PAD_X))
                )
                tallest = max(tallest, size)
            total += tallest + 2 * PAD_Y
        return total


def write_pdf(path: Path, recap: dict[str, Any], day: date, closure: DayClosure | None) -> int:
    """Write the recap; returns the number of pages."""
    office = recap["office"]
    n = format_number
    doc = _Layout()
    doc.paragraph(_plain(office["name"]), 18.0, bold=True, center=True, after=8.0)
    doc.paragraph(f"Wilayah {office['region_code']} {office['region_name']}", after=4 * MM)
    doc.paragraph(
        f"REKAP HARIAN PELAYANAN KTP-el · {format_long_date(day)} ({day.isoformat()})",
        14.0,
        bold=True,
        after=4.0,
    )
    if closure is not None and closure.is_closed:
        status = f"Hari ditutup {wib_text(from_utc_text(closure.closed_at), '%d-%m-%Y %H:%M')} WIB oleh {closure.closed_by}"
    else:
        status = "Hari BELUM ditutup: angka masih dapat berubah"
    doc.paragraph(status, after=2 * MM)

    first_rows = 2 * (LEADING + 2 * PAD_Y)  # a heading keeps the header row and one row of its table
    t = recap["tickets"]
    w, s = recap["times"]["wait_minutes"], recap["times"]["service_minutes"]
    doc.heading("Ringkasan", 12.0, first_rows)
    doc.table(
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
    )
    counts = ["Diambil", "Selesai", "Tidak hadir", "Tidak terlayani", "Terbuka"]
    count_widths = [62, 20, 20, 22, 28, 18]
    doc.heading("Tiket per layanan", 12.0, first_rows)
    doc.table(
        [["Layanan", *counts]]
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
        count_widths,
    )
    doc.heading("Tiket per prioritas", 12.0, first_rows)
    doc.table(
        [["Prioritas", *counts]]
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
        count_widths,
    )
    b = recap["blanks"]
    doc.heading("Stok blanko KTP-el", 12.0, first_rows)
    doc.table(
        [
            ["Stok awal", "Diterima", "Terpakai", "Rusak", "Koreksi", "Stok akhir", "Cadangan"],
            [
                n(b[k])
                for k in ("opening", "received", "used", "damaged", "corrections", "closing", "reserve")
            ],
        ],
        [24, 24, 24, 24, 24, 24, 26],
    )
    target = recap["target"]
    if target["population"]:
        doc.heading("Target perekaman", 12.0, LEADING)
        doc.paragraph(
            f"Target {n(target['population'])} · sudah rekam {n(target['recorded'])} · "
            f"belum rekam {n(target['remaining'])} · capaian {n(target['percent'])} %"
        )

    # The place and date, and the two signatures: kept together on one page.
    signatures: list[list[Any]] = [
        ["Dibuat oleh,", "Mengetahui,"],
        ["Petugas / Operator", "Kepala Seksi / Supervisor"],
        [_Gap(15 * MM), _Gap(15 * MM)],
        [
            "( ............................................ )",
            "( ............................................ )",
        ],
        ["NIP.", "NIP."],
    ]
    place = office["region_name"] or ""
    doc.need(6 * MM + LEADING + doc.block_height(signatures, [80, 80]))
    doc.y -= 6 * MM
    doc.paragraph(f"{place}, {format_long_date(day)}")
    doc.table(signatures, [80, 80], grid=False)

    write_pdf_file(
        path,
        doc.pages,
        {
            "Title": f"Rekap harian {recap['date']}",
            "Author": _plain(office["name"]),
            "Subject": "Rekap harian pelayanan KTP-el",
            "Creator": "counter_tui",
            "Producer": "counter_tui",
        },
    )
    return len(doc.pages)
