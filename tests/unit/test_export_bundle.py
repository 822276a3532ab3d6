"""The export bundle: golden files of a small day, determinism, NIK masking in every file, the full-NIK rule,
verify, and the refusals (existing folder, no data, a full disk)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from counter_tui.domain.errors import NotFound, PermissionDenied, ValidationError
from counter_tui.domain.export import ExportError
from counter_tui.services import export_bundle
from counter_tui.services.day_close import close_day
from counter_tui.services.export import export_day
from counter_tui.services.session import Session
from counter_tui.services.verify import verify_bundle
from tests.eod_day import NIK, NIK2, NIK3, add_school_outreach, build_small_day

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "eod"
DATA_FILES = (
    "tickets.csv",
    "cases.csv",
    "stock.csv",
    "ikd.csv",
    "waitlist.csv",
    "outreach.csv",
    "rekap.json",
    "rekap.xlsx",
    "rekap.pdf",
)


@pytest.fixture(autouse=True)
def _fixed_uuids(monkeypatch):
    """Row UUIDs are random; the golden files need them fixed."""
    import uuid

    counter = iter(range(1, 10_000))
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(counter), version=4))


@pytest.fixture
def closed_day(db, clock):
    day = build_small_day(db, clock)
    add_school_outreach(db, clock, day)
    close_day(day.session(db, clock))
    clock.advance(minutes=3)
    return day


def _export(db, clock, day, out: Path, **kwargs):
    return export_day(day.session(db, clock), "2026-11-30", out_dir=out, **kwargs)


@pytest.mark.parametrize(
    "name", ["tickets.csv", "cases.csv", "stock.csv", "ikd.csv", "waitlist.csv", "outreach.csv", "rekap.json"]
)
def test_golden_files(db, clock, closed_day, tmp_path: Path, name: str) -> None:
    """Byte for byte. After a deliberate change: UPDATE_GOLDEN=1 pytest tests/unit/test_export_bundle.py"""
    result = _export(db, clock, closed_day, tmp_path / "out")
    assert result.folder.name == "62.02-2026-11-30"
    produced = (result.folder / name).read_bytes()
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(produced)
    assert produced == golden.read_bytes()


def test_csv_is_utf8_with_a_header_and_wib_times(db, clock, closed_day, tmp_path: Path) -> None:
    result = _export(db, clock, closed_day, tmp_path / "out")
    lines = (result.folder / "tickets.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("tanggal,tiket,")
    assert len(lines) == 10
    # B-001 (lansia) was issued at 08:12 WIB = 01:12 UTC.
    b001 = next(line for line in lines if ",B-001," in line)
    assert "2026-11-30T08:12:00+07:00" in b001


def test_xlsx_reads_back_with_real_numbers_dates_and_text_niks(db, clock, closed_day, tmp_path: Path) -> None:
    import openpyxl

    result = _export(db, clock, closed_day, tmp_path / "out")
    book = openpyxl.load_workbook(result.folder / "rekap.xlsx", read_only=True)
    assert book.sheetnames == ["Rekap", "Antrian", "Layanan", "Stok Blanko", "IKD", "Jemput Bola"]
    rekap = {row[0]: row[1] for row in book["Rekap"].iter_rows(min_row=3, values_only=True) if row[0]}
    assert rekap["Kantor"] == "Disdukcapil Kab. Kotawaringin Timur"
    assert rekap["Tanggal"] == datetime(2026, 11, 30)  # noqa: DTZ001
    assert rekap["Tiket diambil"] == 9
    assert isinstance(rekap["Tiket diambil"], int)
    assert rekap["Tiket tidak terlayani (tutup hari)"] == 3
    antrian = list(book["Antrian"].iter_rows(values_only=True))
    header, rows = antrian[0], antrian[1:]
    assert header[0] == "tiket"
    a001 = next(r for r in rows if r[0] == "A-001")
    assert a001[5] == datetime(2026, 11, 30, 8, 4)  # noqa: DTZ001 - WIB, as Excel shows it
    assert a001[8] == 57.0
    assert a001[10] == 1
    assert a001[-1] == "6202**********01"
    layanan = list(book["Layanan"].iter_rows(values_only=True))
    assert ("A", "Perekaman KTP-el (baru/pemula)", 3, 1, 1, 1, 0) in layanan
    stok = list(book["Stok Blanko"].iter_rows(values_only=True))
    assert stok[0][:2] == ("Stok awal", 0)
    assert stok[5][:2] == ("Stok akhir", 4998)
    header_at = next(i for i, row in enumerate(stok) if row[0] == "waktu")
    movements = stok[header_at + 1 :]
    assert [r[1] for r in movements] == ["receipt", "misprint"]  # the card print itself is counted above
    assert movements[0][0] == datetime(2026, 11, 30, 8, 0)  # noqa: DTZ001
    assert [r[3] for r in movements] == [5000, 4998]
    ikd = list(book["IKD"].iter_rows(values_only=True))
    assert ikd[1][3] == "620205******0002"
    assert ikd[1][4] == "activated"
    assert rekap["Blanko: stok akhir"] == 4998
    assert rekap["Target perekaman"] == 313281


def test_full_nik_xlsx_keeps_all_sixteen_digits_as_text(db, clock, closed_day, tmp_path: Path) -> None:
    import openpyxl

    result = _export(
        db, clock, closed_day, tmp_path / "out", full_nik=True, full_nik_reason="Permintaan kabupaten"
    )
    book = openpyxl.load_workbook(result.folder / "rekap.xlsx", read_only=True)
    ikd = list(book["IKD"].iter_rows(values_only=True))
    assert ikd[1][3] == NIK2
    assert isinstance(ikd[1][3], str)
    cases_csv = (result.folder / "cases.csv").read_text(encoding="utf-8")
    assert NIK in cases_csv
    assert NIK2 in cases_csv
    assert "+6281234567890" in (result.folder / "waitlist.csv").read_text(encoding="utf-8")


def test_the_blank_stock_adds_up(db, clock, closed_day) -> None:
    from counter_tui.services.recap import recap

    figures = recap(closed_day.session(db, clock), "2026-11-30")
    b = figures["blanks"]
    assert b["opening"] + b["received"] - b["used"] - b["damaged"] + b["corrections"] == b["closing"] == 4998
    assert figures["recordings"] == {"total": 2, "pemula": 2, "pemula_for_target": 0}  # one at the school
    assert figures["outreach"] == {"sessions": 1, "cases": 1, "recorded": 1, "pemula": 1, "open": 0}
    assert (figures["cards_printed"], figures["misprints"]) == (1, 1)
    assert figures["ikd"]["routed_hilang_rusak"] == 1
    assert figures["waitlist_open"] == 1
    assert figures["target"]["progress"] == "99,2 % — 2.494 belum rekam"


def test_pdf_holds_the_office_the_date_the_totals_and_a_signature_place(
    db, clock, closed_day, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    result = _export(db, clock, closed_day, tmp_path / "out")
    reader = PdfReader(result.folder / "rekap.pdf")
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Disdukcapil Kab. Kotawaringin Timur" in text
    assert "62.02 Kabupaten Kotawaringin Timur" in text
    assert "Senin, 30 November 2026" in text
    assert re.search(r"Tiket diambil\s*9", text)
    assert re.search(r"Tidak terlayani \(ditutup\)\s*3", text)
    assert "Hari ditutup 30-11-2026 09:34 WIB oleh SPV1" in text
    assert re.search(r"KTP-el dicetak / gagal cetak\s*1 / 1", text)
    assert "Stok akhir" in text
    assert "4.998" in text
    assert "capaian 99,2 %" in text
    assert "Mengetahui," in text
    assert "Kepala Seksi / Supervisor" in text


def test_the_same_closed_day_gives_the_same_bytes(db, clock, closed_day, tmp_path: Path) -> None:
    first = _export(db, clock, closed_day, tmp_path / "one")
    clock.advance(hours=2)
    second = _export(db, clock, closed_day, tmp_path / "two")
    for name in DATA_FILES:
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes(), name
    m1 = json.loads((first.folder / "manifest.json").read_text())
    m2 = json.loads((second.folder / "manifest.json").read_text())
    assert m1["generated_at"] != m2["generated_at"]
    for manifest in (m1, m2):
        manifest.pop("generated_at")
    assert m1 == m2


def test_manifest_lists_every_file_with_hash_rows_versions_and_the_audit_head(
    db, clock, closed_day, tmp_path: Path
) -> None:
    result = _export(db, clock, closed_day, tmp_path / "out")
    manifest = json.loads((result.folder / "manifest.json").read_text())
    names = [f["name"] for f in manifest["files"]]
    assert sorted(names) == sorted(DATA_FILES)
    tickets = next(f for f in manifest["files"] if f["name"] == "tickets.csv")
    assert tickets["rows"] == 9
    assert tickets["sha256"] == export_bundle.sha256_of(result.folder / "tickets.csv")
    assert (
        manifest["schema_version"]
        == db.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    )
    assert manifest["app_version"]
    seal = db.conn.execute("SELECT id, hash FROM audit_log WHERE action = 'day.close'").fetchone()
    assert manifest["audit"]["head"] == seal["hash"]
    assert manifest["audit"]["head_id"] == seal["id"]
    assert manifest["audit"]["chain_rows"] == seal["id"]
    assert manifest["day_closed"] is True
    assert manifest["generated_by"]["code"] == "SPV1"
    assert manifest["generated_at"].endswith("+07:00")
    assert manifest["nik"] == "masked"


def _all_text(folder: Path) -> str:
    """Every file of a bundle as text: CSV/JSON as they are, the XLSX's XML parts, the PDF's extracted text."""
    from pypdf import PdfReader

    parts = []
    for path in folder.iterdir():
        if path.suffix in (".csv", ".json"):
            parts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                parts += [archive.read(n).decode("utf-8") for n in archive.namelist()]
        elif path.suffix == ".pdf":
            parts += [p.extract_text() for p in PdfReader(path).pages]
            parts.append(path.read_bytes().decode("latin-1"))
    return "\n".join(parts)


def test_no_full_nik_in_any_file_of_a_masked_bundle(db, clock, closed_day, tmp_path: Path) -> None:
    result = _export(db, clock, closed_day, tmp_path / "out")
    text = _all_text(result.folder)
    assert NIK not in text
    assert NIK2 not in text
    assert re.search(r"(?<!\d)\d{16}(?!\d)", text) is None
    assert "6202**********01" in text  # the ticket's stored mask made it into the files
    assert "620205******0001" in text  # the case's NIK, decrypted and masked 6 + 4
    assert "0812" not in text
    assert "+6281234567890" not in text


def test_full_nik_needs_a_supervisor_and_a_reason_and_is_audited(
    db, clock, closed_day, tmp_path: Path
) -> None:
    operator_session = Session(db, closed_day.operator, clock)
    with pytest.raises(PermissionDenied):
        export_day(
            operator_session,
            "2026-11-30",
            out_dir=tmp_path / "a",
            full_nik=True,
            full_nik_reason="Permintaan kabupaten no. 12",
        )
    with pytest.raises(ValidationError, match="Alasan"):
        _export(db, clock, closed_day, tmp_path / "b", full_nik=True, full_nik_reason="")
    assert not (tmp_path / "a").exists()
    assert not (tmp_path / "b").exists()
    assert (
        db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'export.full_nik'").fetchone()[0] == 0
    )
    result = _export(
        db, clock, closed_day, tmp_path / "c", full_nik=True, full_nik_reason="Permintaan kabupaten no. 12"
    )
    row = db.conn.execute(
        "SELECT operator_code, details FROM audit_log WHERE action = 'export.full_nik'"
    ).fetchone()
    assert row["operator_code"] == "SPV1"
    assert "Permintaan kabupaten no. 12" in row["details"]
    assert json.loads((result.folder / "manifest.json").read_text())["nik"] == "full"


def test_verify_passes_an_untouched_bundle(db, clock, closed_day, tmp_path: Path) -> None:
    result = _export(db, clock, closed_day, tmp_path / "out")
    report = verify_bundle(result.folder)
    assert report.ok, report.problems
    assert len(report.checked) == len(DATA_FILES)


@pytest.mark.parametrize("name", ["tickets.csv", "rekap.xlsx", "rekap.pdf", "rekap.json"])
def test_verify_catches_one_changed_byte(db, clock, closed_day, tmp_path: Path, name: str) -> None:
    result = _export(db, clock, closed_day, tmp_path / "out")
    path = result.folder / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify_bundle(result.folder)
    assert not report.ok
    assert any(p.startswith(f"{name}:") for p in report.problems), report.problems


def test_verify_catches_a_missing_file_and_an_extra_one(db, clock, closed_day, tmp_path: Path) -> None:
    result = _export(db, clock, closed_day, tmp_path / "out")
    (result.folder / "stock.csv").unlink()
    (result.folder / "extra.csv").write_text("x\n")
    problems = verify_bundle(result.folder).problems
    assert "stock.csv: berkas hilang." in problems
    assert any(p.startswith("extra.csv:") for p in problems)


def test_verify_catches_a_csv_with_a_row_removed_and_a_rehashed_manifest(
    db, clock, closed_day, tmp_path: Path
) -> None:
    result = _export(db, clock, closed_day, tmp_path / "out")
    path = result.folder / "tickets.csv"
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(True)[:-1]), encoding="utf-8")
    manifest_path = result.folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    entry = next(f for f in manifest["files"] if f["name"] == "tickets.csv")
    entry["sha256"] = export_bundle.sha256_of(path)
    entry["bytes"] = path.stat().st_size
    manifest_path.write_text(json.dumps(manifest))
    problems = verify_bundle(result.folder).problems
    assert problems == ["tickets.csv: jumlah baris 8, manifest mencatat 9."]


def test_an_existing_folder_is_refused_unless_forced(db, clock, closed_day, tmp_path: Path) -> None:
    first = _export(db, clock, closed_day, tmp_path / "out")
    (first.folder / "tickets.csv").write_text("changed")
    with pytest.raises(ExportError, match="sudah ada"):
        _export(db, clock, closed_day, tmp_path / "out")
    assert (first.folder / "tickets.csv").read_text() == "changed"
    again = _export(db, clock, closed_day, tmp_path / "out", force=True)
    assert verify_bundle(again.folder).ok
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["62.02-2026-11-30"]


def test_a_day_with_no_data_gets_a_clear_message(db, clock, tmp_path: Path) -> None:
    from counter_tui.services import accounts
    from tests.conftest import SUPERVISOR_CODE, SUPERVISOR_PIN

    spv = accounts.login(Session(db, clock=clock), SUPERVISOR_CODE, SUPERVISOR_PIN, 0)
    with pytest.raises(NotFound, match="Tidak ada data untuk tanggal 2026-11-29"):
        export_day(Session(db, spv, clock), "2026-11-29", out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_full_disk_leaves_no_half_bundle(db, clock, closed_day, tmp_path: Path, monkeypatch) -> None:
    real = export_bundle.write_csv
    calls = []

    def fill_up(path, header, rows):
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, header, rows)

    monkeypatch.setattr(export_bundle, "write_csv", fill_up)
    out = tmp_path / "out"
    with pytest.raises(ExportError, match="Disk penuh"):
        _export(db, clock, closed_day, out)
    assert list(out.iterdir()) == []  # neither the bundle nor its temporary folder


def test_a_killed_export_leaves_no_bundle_and_its_leftovers_are_cleared(
    db, clock, closed_day, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    leftover = out / ".62.02-2026-11-30.tmp-dead"  # what a kill in the middle leaves: hidden, no manifest
    leftover.mkdir()
    (leftover / "tickets.csv").write_text("half")
    assert not verify_bundle(leftover).ok
    os.utime(leftover, (1_700_000_000, 1_700_000_000))  # hours old
    result = _export(db, clock, closed_day, out)
    assert sorted(p.name for p in out.iterdir()) == [result.folder.name]


def test_only_the_formats_asked_for(db, clock, closed_day, tmp_path: Path) -> None:
    result = _export(db, clock, closed_day, tmp_path / "out", formats=("json", "pdf"))
    assert sorted(p.name for p in result.folder.iterdir()) == ["manifest.json", "rekap.json", "rekap.pdf"]
    assert verify_bundle(result.folder).ok


def test_the_export_decrypts_with_the_case_service_s_context() -> None:
    from counter_tui.services._cases_common import _context
    from counter_tui.services.export_tables import case_context

    for name in ("nik", "name", "birth_date", "phone"):
        assert case_context(name, "00000000-0000-4000-8000-000000000001") == _context(
            name, "00000000-0000-4000-8000-000000000001"
        )


def test_outreach_csv_and_sheet_and_manifest(db, clock, closed_day, tmp_path: Path) -> None:
    import openpyxl

    result = _export(db, clock, closed_day, tmp_path / "out")
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    entry = next(f for f in manifest["files"] if f["name"] == "outreach.csv")
    assert entry["rows"] == 1
    assert entry["sha256"] == hashlib.sha256((result.folder / "outreach.csv").read_bytes()).hexdigest()
    sheet = list(openpyxl.load_workbook(result.folder / "rekap.xlsx", read_only=True)["Jemput Bola"].values)
    assert sheet[0][:3] == ("referensi", "jenis", "tempat")
    assert sheet[1][1:4] == ("sekolah", "SMAN 1 Sampit", "62.02.05")
    assert sheet[1][4] == datetime(2026, 11, 30, 9, 34)  # noqa: DTZ001 - WIB, as Excel shows it
    assert sheet[1][-3:] == (1, 1, 1)
    text = (result.folder / "outreach.csv").read_text(encoding="utf-8")
    assert "Rizky" not in text
    assert NIK3 not in text
