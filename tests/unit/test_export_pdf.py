"""rekap.pdf on reportlab's canvas, read back with a strict pypdf: the figures, user text with PDF's special
characters, figures right-aligned in their column, every line inside the margins, long tables that break across
pages with their header repeated, the signature block kept whole, and the same recap giving the same bytes."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_tui.services.export_pdf import MARGIN_X, MM, PAD_X, write_pdf

GOLDEN_RECAP = Path(__file__).resolve().parents[1] / "golden" / "eod" / "rekap.json"
DAY = date(2026, 11, 30)


def _recap(**changes) -> dict:
    recap = json.loads(GOLDEN_RECAP.read_text(encoding="utf-8"))
    recap.update(changes)
    return recap


def _text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path, strict=True).pages]


def _runs(path: Path) -> list[list[tuple[float, float, str, float]]]:
    """Per page, each shown string with its x, y, text and font size (reportlab draws one string per Tm)."""
    pages = []
    for page in PdfReader(path, strict=True).pages:
        runs: list[tuple[float, float, str, float]] = []

        def visit(text, cm, tm, font, size, runs=runs) -> None:
            if text.strip():
                runs.append((tm[4], tm[5], text.strip(), size))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def _width(text: str, size: float, bold: bool = False) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", size)


def _long_services(recap: dict, rows: int) -> dict:
    row = recap["tickets"]["by_service"][0]
    recap["tickets"]["by_service"] = [
        {
            **row,
            "code": f"S{i:02d}",
            "name": f"Layanan panjang nomor {i} dengan nama yang melebihi satu baris kolom",
            "issued": 1000 + i,
        }
        for i in range(rows)
    ]
    return recap


def test_the_page_is_reportlabs_a4_with_fixed_metadata(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4

    path = tmp_path / "rekap.pdf"
    pages = write_pdf(path, _recap(), DAY, None)
    reader = PdfReader(path, strict=True)
    assert pages == len(reader.pages) == 2  # the signatures go whole to page 2
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4)
    meta = reader.metadata
    assert meta.title == "Rekap harian 2026-11-30"
    assert meta.author == "Disdukcapil Kab. Kotawaringin Timur"
    assert (meta.creator, meta.producer) == ("counter_tui", "counter_tui")
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20000101000000+00'00'"  # invariant: no clock


def test_the_recap_shows_the_outreach_line_and_the_open_day(tmp_path: Path) -> None:
    path = tmp_path / "rekap.pdf"
    write_pdf(path, _recap(), DAY, None)
    text = "\n".join(_text(path))
    assert re.search(r"Jemput bola: kegiatan / perekaman\s*1 / 1", text)
    assert "Hari BELUM ditutup: angka masih dapat berubah" in text
    assert "Wilayah 62.02 Kabupaten Kotawaringin Timur" in text


def test_user_text_with_parentheses_backslashes_and_accents_reads_back(tmp_path: Path) -> None:
    name = "Kantor (Sampit) \\ Ñ"
    recap = _recap()
    recap["office"] = {**recap["office"], "name": name, "region_name": "Kab. (Timur) \\ Mentaya"}
    path = tmp_path / "rekap.pdf"
    write_pdf(path, recap, DAY, None)
    text = "\n".join(_text(path))
    assert name in text
    assert "Kab. (Timur) \\ Mentaya, Senin, 30 November 2026" in text
    assert PdfReader(path, strict=True).metadata.author == name


def test_text_the_base_fonts_cannot_draw_still_gives_a_valid_file(tmp_path: Path) -> None:
    recap = _recap()
    recap["office"] = {**recap["office"], "name": "Kantor 東京 Sampit"}
    path = tmp_path / "rekap.pdf"
    write_pdf(path, recap, DAY, None)
    reader = PdfReader(path, strict=True)
    assert reader.metadata.author == "Kantor 東京 Sampit"  # the document info is Unicode
    first = reader.pages[0].extract_text()
    assert "Kantor" in first
    assert "Sampit" in first
    assert "Tiket diambil" in first


def test_figures_are_right_aligned_in_their_column(tmp_path: Path) -> None:
    path = tmp_path / "rekap.pdf"
    write_pdf(path, _recap(), DAY, None)
    runs = _runs(path)[0]
    top = next(y for _, y, text, _ in runs if text == "Uraian")
    bottom = next(y for _, y, text, _ in runs if text == "Jemput bola: kegiatan / perekaman")
    rows = [(x, text, size) for x, y, text, size in runs if bottom <= y <= top]
    split = MARGIN_X + 110 * MM  # Ringkasan: 110 + 50 mm
    figures = [(x, text, size) for x, text, size in rows if x > split]
    labels = [x for x, _, _ in rows if x < split]
    assert len(figures) == len(labels) == 14  # the header and 13 rows
    assert {"9", "48,6 / 65", "2 (2)", "1 / 1"} <= {text for _, text, _ in figures}
    ends = [x + _width(text, size) for x, text, size in figures]
    assert ends == pytest.approx([split + 50 * MM - PAD_X] * 14, abs=0.01)
    assert labels == pytest.approx([MARGIN_X + PAD_X] * 14)


def test_every_line_stays_inside_the_margins_even_a_word_longer_than_its_cell(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4

    recap = _recap()
    recap["tickets"]["by_service"][0]["name"] = "Perekaman" * 12  # one word far wider than the 62 mm column
    recap["office"] = {**recap["office"], "name": "Disdukcapil " * 12}
    path = tmp_path / "rekap.pdf"
    write_pdf(path, recap, DAY, None)
    every = [run for page in _runs(path) for run in page]
    for x, y, text, size in every:
        bold = size > 10
        assert x >= MARGIN_X - 0.01, text
        assert x + _width(text, size, bold) <= A4[0] - MARGIN_X + 0.01, text
        assert 16 * MM - 0.01 <= y <= A4[1] - 16 * MM, text
    pieces = "".join(t for _, _, t, _ in every if t.startswith("A Perekaman") or set(t) <= set("Perekaman"))
    assert pieces.replace("A ", "", 1).replace(" ", "") == "Perekaman" * 12  # cut, nothing lost


def test_the_same_recap_gives_the_same_bytes(tmp_path: Path) -> None:
    write_pdf(tmp_path / "a.pdf", _recap(), DAY, None)
    write_pdf(tmp_path / "b.pdf", _recap(), DAY, None)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    changed = _recap()
    changed["tickets"]["issued"] += 1
    write_pdf(tmp_path / "c.pdf", changed, DAY, None)
    assert (tmp_path / "c.pdf").read_bytes() != (tmp_path / "a.pdf").read_bytes()


@pytest.mark.parametrize("rows", [37, 45, 55])  # 37 and 55: the signatures would straddle a page break
def test_a_long_service_table_breaks_across_pages_and_keeps_the_signatures_whole(
    tmp_path: Path, rows: int
) -> None:
    path = tmp_path / "long.pdf"
    pages = write_pdf(path, _long_services(_recap(), rows), DAY, None)
    texts = _text(path)
    assert pages == len(texts) >= 3
    everything = "\n".join(texts)
    for i in range(rows):
        assert f"S{i:02d} Layanan panjang nomor {i}" in everything
        assert f"1.{i:03d}" in everything
    continued = [t for t in texts[1:] if "Layanan panjang" in t]
    assert continued
    assert all(re.search(r"Layanan\s+Diambil", t) for t in continued)
    last = texts[-1]
    for part in (
        "Kabupaten Kotawaringin Timur, Senin, 30 November 2026",
        "Dibuat oleh,",
        "Mengetahui,",
        "Kepala Seksi / Supervisor",
        "NIP.",
    ):
        assert part in last
    assert all("Mengetahui," not in t and "NIP." not in t for t in texts[:-1])
