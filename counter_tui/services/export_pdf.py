"""rekap.pdf: the A4 recap a supervisor prints, checks and signs, drawn on reportlab's canvas with a hand layout
(platypus would lay out the same page for about 3 MiB more): base-14 Helvetica, figures right-aligned, tables that
break across pages with their header repeated, the signature block kept whole on one page. Invariant output: the
same day gives the same bytes. reportlab is imported only when a PDF is written, so the rest of the export (and
every other command) never pays for it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

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

MM = 72 / 25.4  # reportlab.lib.units.mm
MARGIN_X, MARGIN_Y = 18 * MM, 16 * MM
BODY = 10.0  # the size of body text and table cells
LEADING = 12.0
PAD_X, PAD_Y = 6.0, 2.0  # cell padding
HEADER_GREY, GRID_GREY = 0.827, 0.5  # reportlab's lightgrey and grey
FONTS = {False: "Helvetica", True: "Helvetica-Bold"}
INFO_CREATOR = "counter_tui"
COUNT_WIDTHS = (62, 20, 20, 22, 28, 18)  # the two tickets tables, millimetres


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class _Gap:
    """An empty cell of a given height: the room for a signature."""

    height: float


class _Layout:
    """A cursor down the pages of a reportlab canvas: `need(h)` starts a new page when h points do not fit above
    the bottom margin (unless the page is still empty)."""

    def __init__(
        self, canvas: Any, page_size: tuple[float, float], string_width: Callable[..., float]
    ) -> None:
        self.canvas = canvas
        self.width = string_width
        self.left, self.right = MARGIN_X, page_size[0] - MARGIN_X
        self.top, self.bottom = page_size[1] - MARGIN_Y, MARGIN_Y
        self.y = self.top
        self.pages = 1

    def need(self, height: float) -> None:
        if self.y - height < self.bottom and self.y < self.top:
            self.canvas.showPage()
            self.pages += 1
            self.y = self.top

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        """Greedy word wrap to `width` points (reportlab's simpleSplit); a word longer than a line is cut."""
        from reportlab.lib.utils import simpleSplit  # type: ignore[import-untyped]

        font = FONTS[bold]
        lines: list[str] = []
        for line in simpleSplit(text, font, size, width) or [""]:
            while len(line) > 1 and self.width(line, font, size) > width:
                cut = len(line) - 1
                while cut > 1 and self.width(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
        return lines

    def text(
        self, x: float, y: float, line: str, size: float, *, bold: bool = False, align: str = "left"
    ) -> None:
        self.canvas.setFont(FONTS[bold], size)
        draw = {
            "left": self.canvas.drawString,
            "right": self.canvas.drawRightString,
            "center": self.canvas.drawCentredString,
        }[align]
        draw(x, y, line)

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
        lines = self.wrap(_plain(text), size, self.right - self.left, bold)
        self.need(before + leading * len(lines) + after)
        self.y -= before
        for line in lines:
            self.y -= leading
            x, align = ((self.left + self.right) / 2, "center") if center else (self.left, "left")
            self.text(x, self.y + size * 0.22, line, size, bold=bold, align=align)
        self.y -= after

    def heading(self, text: str, size: float, keep_with: float) -> None:
        """A section title, moved to the next page with what follows when the two do not fit together."""
        self.need(size * 1.2 + 11 + keep_with)
        self.paragraph(text, size, bold=True, before=8.0, after=3.0)

    def _cells(self, rows: list[list[Any]], widths: list[float]) -> list[list[Any]]:
        return [
            [
                c if isinstance(c, _Gap) else self.wrap(_plain(c), BODY, w - 2 * PAD_X)
                for c, w in zip(row, widths, strict=True)
            ]
            for row in rows
        ]

    @staticmethod
    def _height(row: list[Any]) -> float:
        return max(c.height if isinstance(c, _Gap) else LEADING * len(c) for c in row) + 2 * PAD_Y

    def table(self, rows: list[list[Any]], widths_mm: Sequence[float], *, grid: bool = True) -> None:
        """Row 0 is the header (grey, repeated on a new page); with `grid`, columns 1.. are figures, right-aligned."""
        widths = [w * MM for w in widths_mm]
        cells = self._cells(rows, widths)
        canvas = self.canvas

        def draw(row: list[Any], header: bool) -> None:
            h = self._height(row)
            self.need(h)
            top, bottom, right = self.y, self.y - h, self.left + sum(widths)
            if grid and header:
                canvas.setFillGray(HEADER_GREY)
                canvas.rect(self.left, bottom, right - self.left, h, stroke=0, fill=1)
                canvas.setFillGray(0)
            x = self.left
            for c, (cell, w) in enumerate(zip(row, widths, strict=True)):
                if not isinstance(cell, _Gap):
                    base = top - PAD_Y - BODY
                    for i, line in enumerate(cell):
                        if grid and c > 0:
                            self.text(x + w - PAD_X, base - i * LEADING, line, BODY, align="right")
                        else:
                            self.text(x + PAD_X, base - i * LEADING, line, BODY)
                x += w
            if grid:
                canvas.setStrokeGray(GRID_GREY)
                canvas.setLineWidth(0.4)
                lines = [(self.left, top, right, top), (self.left, bottom, right, bottom)]
                x = self.left
                for w in [0.0, *widths]:
                    x += w
                    lines.append((x, top, x, bottom))
                canvas.lines(lines)
            self.y = bottom

        for index, row in enumerate(cells):
            if grid and index > 0 and self.y - self._height(row) < self.bottom:
                self.need(self._height(row))
                draw(cells[0], True)  # the header again at the top of the new page
            draw(row, grid and index == 0)

    def block_height(self, rows: list[list[Any]], widths_mm: Sequence[float]) -> float:
        return sum(self._height(row) for row in self._cells(rows, [w * MM for w in widths_mm]))


def write_pdf(path: Path, recap: dict[str, Any], day: date, closure: DayClosure | None) -> int:
    """Write the recap; returns the number of pages."""
    office = recap["office"]
    n = format_number
    # reportlab ships no type information
    from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
    from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
    from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

    canvas = Canvas(str(path), pagesize=A4, invariant=1, initialFontName=FONTS[False])
    canvas.setTitle(f"Rekap harian {recap['date']}")
    canvas.setAuthor(_plain(office["name"]))
    canvas.setSubject("Rekap harian pelayanan KTP-el")
    canvas.setCreator(INFO_CREATOR)
    canvas.setProducer(INFO_CREATOR)
    doc = _Layout(canvas, A4, stringWidth)
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
    keys = ("issued", "served", "no_show", "not_served", "open")
    doc.heading("Tiket per layanan", 12.0, first_rows)
    doc.table(
        [["Layanan", *counts]]
        + [[f"{g['code']} {g['name']}", *(n(g[k]) for k in keys)] for g in t["by_service"]],
        COUNT_WIDTHS,
    )
    doc.heading("Tiket per prioritas", 12.0, first_rows)
    doc.table(
        [["Prioritas", *counts]]
        + [
            [PRIORITY_NAMES.get(g["priority"], g["priority"]), *(n(g[k]) for k in keys)]
            for g in t["by_priority"]
        ],
        COUNT_WIDTHS,
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

    canvas.showPage()
    canvas.save()
    return doc.pages
