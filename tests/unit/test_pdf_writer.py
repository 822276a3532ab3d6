"""The recap's own PDF writer: a valid file a strict reader opens, text that reads back (escaped, encoded), long
tables that break across pages with their header repeated, and the signature block kept whole."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_tui.services.export_pdf import write_pdf
from counter_tui.services.pdf_writer import Page, text_width, wrap, write_pdf_file

GOLDEN_RECAP = Path(__file__).resolve().parents[1] / "golden" / "eod" / "rekap.json"


def _recap(**changes) -> dict:
    recap = json.loads(GOLDEN_RECAP.read_text(encoding="utf-8"))
    recap.update(changes)
    return recap


def _text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path, strict=True).pages]


def test_a_page_of_text_reads_back_with_parentheses_backslashes_and_accents(tmp_path: Path) -> None:
    page = Page()
    page.text(50, 700, r"Layanan (khusus) \ darurat · café", 10)
    page.text(300, 680, "kanan", 10, bold=True, align="right")
    page.line(50, 670, 300, 670)
    page.box(50, 600, 100, 20, 0.8)
    path = tmp_path / "one.pdf"
    write_pdf_file(path, [page], {"Title": "Rekap ñ 東京"})
    reader = PdfReader(path, strict=True)
    text = reader.pages[0].extract_text()
    assert r"Layanan (khusus) \ darurat · café" in text
    assert "kanan" in text
    assert reader.metadata.title == "Rekap ñ 東京"  # document info is UTF-16: any office name survives


def test_text_outside_winansi_becomes_a_question_mark_not_a_crash(tmp_path: Path) -> None:
    page = Page()
    page.text(50, 700, "Kantor 東京", 10)
    path = tmp_path / "q.pdf"
    write_pdf_file(path, [page], {})
    assert "Kantor ??" in PdfReader(path, strict=True).pages[0].extract_text()


@pytest.mark.parametrize("width", [40.0, 120.0, 400.0])
def test_wrap_keeps_every_word_and_each_line_fits(width: float) -> None:
    text = "Perekaman KTP-el pemula di kecamatan Mentawa Baru Ketapang, Kotawaringin Timur"
    lines = wrap(text, 10, width)
    assert " ".join(lines).split() == text.split() or "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(text_width(line, 10) <= width for line in lines)
    assert text_width("MMMM", 10, bold=True) > text_width("iiii", 10)


def test_the_same_recap_gives_the_same_bytes(tmp_path: Path) -> None:
    write_pdf(tmp_path / "a.pdf", _recap(), date(2026, 11, 30), None)
    write_pdf(tmp_path / "b.pdf", _recap(), date(2026, 11, 30), None)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


@pytest.mark.parametrize("rows", [37, 45, 55])  # 37 and 55: the signatures would straddle a page break
def test_a_long_service_table_breaks_across_pages_and_keeps_the_signatures_whole(
    tmp_path: Path, rows: int
) -> None:
    recap = _recap()
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
    path = tmp_path / "long.pdf"
    pages = write_pdf(path, recap, date(2026, 11, 30), None)
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
        "NIP.",
    ):
        assert part in last
    assert all("Mengetahui," not in t for t in texts[:-1])
