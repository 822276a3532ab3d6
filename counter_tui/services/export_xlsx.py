"""rekap.xlsx: the sheets Rekap, Antrian, Layanan, Stok Blanko, IKD and Jemput Bola, written by xlsxwriter in constant_memory
mode (rows stream to temporary files, never held in memory).

The NIK is written as text (Excel keeps 15 significant digits of a number, so a NIK as a number loses its last
digit); counts are real numbers and times real Excel date-times (WIB; Excel has no time zones).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from counter_tui.domain.export import format_long_date
from counter_tui.services import export_tables as tables
from counter_tui.storage import export_queries as q
from counter_tui.storage.connection import Connection

SHEETS = ("Rekap", "Antrian", "Layanan", "Stok Blanko", "IKD")

_TIME_COLUMNS_TICKETS = {8, 9, 10, 11}
_NUMBER_COLUMNS_TICKETS = {12, 13, 14, 16, 17}


_EXCEL_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - Excel's day 0; its dates have no time zone
_DAY = timedelta(days=1)


def _excel_serial(text: str | None) -> float | None:
    """'2026-11-30T08:01:02+07:00' → the Excel serial date-time of that WIB wall-clock time."""
    if not text:
        return None
    return (datetime.fromisoformat(text[:19]) - _EXCEL_EPOCH) / _DAY


def write_xlsx(
    path: Path,
    conn: Connection,
    recap: dict[str, Any],
    day: date,
    nik: tables.NikPolicy,
    created: datetime,
    tmpdir: Path,
) -> int:
    """Write the workbook; returns the number of data rows over all sheets."""
    import xlsxwriter  # type: ignore[import-untyped]  # no type information shipped

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "tmpdir": str(tmpdir),
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    office = recap["office"]
    workbook.set_properties(
        {
            "title": f"Rekap harian {recap['date']}",
            "subject": "Rekap harian pelayanan KTP-el",
            "author": office["name"] or "counter_tui",
            "company": office["name"] or "",
            "created": created,
        }
    )
    bold = workbook.add_format({"bold": True})
    title = workbook.add_format({"bold": True, "font_size": 14})
    text = workbook.add_format({"num_format": "@"})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    day_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
    number = workbook.add_format({"num_format": "#,##0"})
    decimal = workbook.add_format({"num_format": "0.0"})
    rows = 0

    def put(sheet, r: int, c: int, value: Any, *, is_text: bool = False) -> None:
        if value is None:
            sheet.write_blank(r, c, None)
        elif is_text:
            sheet.write_string(r, c, str(value), text)
        elif isinstance(value, bool):
            sheet.write_number(r, c, int(value), number)
        elif isinstance(value, int):
            sheet.write_number(r, c, value, number)
        elif isinstance(value, float):
            sheet.write_number(r, c, value, decimal)
        elif isinstance(value, datetime):
            sheet.write_datetime(r, c, value, when)
        elif isinstance(value, date):
            sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day_fmt)  # noqa: DTZ001
        else:
            sheet.write_string(r, c, str(value))

    # -- Rekap: the figures as label / value pairs
    sheet = workbook.add_worksheet("Rekap")
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, 1, 18)
    sheet.write_string(0, 0, "Rekap Harian Pelayanan KTP-el", title)
    lines: list[tuple[str, Any]] = [
        ("Kantor", office["name"]),
        ("Wilayah", f"{office['region_code']} {office['region_name']}"),
        ("Tanggal", day),
        ("Hari", format_long_date(day)),
        ("Status hari", "ditutup" if recap.get("day_closed") else "belum ditutup"),
    ]
    t = recap["tickets"]
    lines += [
        ("Tiket diambil", t["issued"]),
        ("Tiket selesai dilayani", t["served"]),
        ("Tiket tidak hadir", t["no_show"]),
        ("Tiket tidak terlayani (tutup hari)", t["not_served"]),
        ("Tiket masih terbuka", t["open"]),
    ]
    w, s = recap["times"]["wait_minutes"], recap["times"]["service_minutes"]
    lines += [
        ("Rata-rata tunggu (menit)", w["avg"]),
        ("P90 tunggu (menit)", w["p90"]),
        ("Rata-rata layanan (menit)", s["avg"]),
        ("P90 layanan (menit)", s["p90"]),
    ]
    lines += [
        ("Perekaman", recap["recordings"]["total"]),
        ("  di antaranya pemula", recap["recordings"]["pemula"]),
        ("KTP-el dicetak", recap["cards_printed"]),
        ("Gagal cetak", recap["misprints"]),
    ]
    b = recap["blanks"]
    lines += [
        ("Blanko: stok awal", b["opening"]),
        ("Blanko: diterima", b["received"]),
        ("Blanko: terpakai (cetak)", b["used"]),
        ("Blanko: rusak/gagal cetak", b["damaged"]),
        ("Blanko: koreksi (stock opname)", b["corrections"]),
        ("Blanko: stok akhir", b["closing"]),
        ("Blanko: cadangan", b["reserve"]),
    ]
    i = recap["ikd"]
    lines += [
        ("IKD: dipandu", i["guided"]),
        ("IKD: aktif", i["activated"]),
        ("Hilang/rusak dialihkan ke IKD", i["routed_hilang_rusak"]),
        ("Daftar tunggu cetak (terbuka)", recap["waitlist_open"]),
        ("Jemput bola: kegiatan", recap["outreach"]["sessions"]),
        ("Jemput bola: perekaman", recap["outreach"]["recorded"]),
    ]
    target = recap["target"]
    lines += [
        ("Target perekaman", target["population"]),
        ("Sudah rekam (total)", target["recorded"]),
        ("Belum rekam", target["remaining"]),
        ("Capaian (%)", target["percent"]),
    ]
    for r, (label, value) in enumerate(lines, start=2):
        sheet.write_string(r, 0, label, bold)
        put(sheet, r, 1, value)
    rows += len(lines)

    # -- Antrian: every ticket of the day. One writer per column, chosen once: this loop runs for every cell.
    sheet = workbook.add_worksheet("Antrian")
    sheet.freeze_panes(1, 0)
    for c, name in enumerate(q.EXCEL_TICKET_HEADER):
        sheet.write_string(0, c, name, bold)
    key = day.isoformat()
    kinds = ["text"] * 5 + ["time"] * 3 + ["decimal"] * 2 + ["number", "text", "nik"]
    writers = {
        "time": lambda r, c, v: sheet.write_number(r, c, v, when),
        "decimal": lambda r, c, v: sheet.write_number(r, c, v, decimal),
        "number": lambda r, c, v: sheet.write_number(r, c, v, number),
        "text": sheet.write_string,
        "nik": lambda r, c, v: sheet.write_string(r, c, v, text),  # the NIK (masked): always text
    }
    columns = [writers[k] for k in kinds]
    for r, row in enumerate(q.ticket_rows_excel(conn, key, key), start=1):
        for c, value in enumerate(row):
            if value is not None:
                columns[c](r, c, value)
        rows += 1

    # -- Layanan: per service and per priority
    sheet = workbook.add_worksheet("Layanan")
    header = ("kode", "layanan", "diambil", "selesai", "tidak_hadir", "tidak_terlayani", "terbuka")
    for c, name in enumerate(header):
        sheet.write_string(0, c, name, bold)
    r = 1
    for g in t["by_service"]:
        for c, value in enumerate(
            (g["code"], g["name"], g["issued"], g["served"], g["no_show"], g["not_served"], g["open"])
        ):
            put(sheet, r, c, value)
        r += 1
    r += 1
    sheet.write_string(r, 0, "prioritas", bold)
    r += 1
    for g in t["by_priority"]:
        for c, value in enumerate(
            (g["priority"], None, g["issued"], g["served"], g["no_show"], g["not_served"], g["open"])
        ):
            put(sheet, r, c, value)
        r += 1
    rows += len(t["by_service"]) + len(t["by_priority"])

    # -- Stok Blanko: the day's stock formula, then every movement except the one-blank card prints (those are
    # counted in the formula and listed one by one in stock.csv).
    sheet = workbook.add_worksheet("Stok Blanko")
    sheet.set_column(0, 0, 24)
    formula = [
        ("Stok awal", b["opening"]),
        ("Diterima", b["received"]),
        ("Terpakai (cetak)", b["used"]),
        ("Rusak / gagal cetak", b["damaged"]),
        ("Koreksi (stock opname)", b["corrections"]),
        ("Stok akhir", b["closing"]),
        ("Cadangan", b["reserve"]),
    ]
    for r, (label, value) in enumerate(formula):
        sheet.write_string(r, 0, label, bold)
        put(sheet, r, 1, value)
    rows += len(formula)
    rows += _rows_table(
        sheet,
        len(formula) + 1,
        q.STOCK_HEADER,
        (row for row in tables.CSV_SPECS[2].rows(conn, key, nik) if row[1] != "used"),
        put,
        bold,
        when,
        time_columns={0},
    )
    rows += _rows_sheet(
        workbook,
        "IKD",
        q.IKD_HEADER,
        tables.CSV_SPECS[3].rows(conn, key, nik),
        put,
        bold,
        when,
        time_columns={0},
        text_columns={q.IKD_NIK},
    )
    rows += _rows_sheet(
        workbook,
        "Jemput Bola",
        q.OUTREACH_HEADER,
        q.outreach_rows(conn, key),
        put,
        bold,
        when,
        time_columns={4, 5},
        text_columns={3},
    )
    workbook.close()
    return rows


def _rows_sheet(
    workbook,
    name: str,
    header: tuple[str, ...],
    rows: Iterator[tuple],
    put,
    bold,
    when,
    *,
    time_columns: set[int],
    text_columns: set[int] | None = None,
) -> int:
    sheet = workbook.add_worksheet(name)
    sheet.freeze_panes(1, 0)
    return _rows_table(
        sheet, 0, header, rows, put, bold, when, time_columns=time_columns, text_columns=text_columns
    )


def _rows_table(
    sheet,
    top: int,
    header: tuple[str, ...],
    rows: Iterator[tuple],
    put,
    bold,
    when,
    *,
    time_columns: set[int],
    text_columns: set[int] | None = None,
) -> int:
    for c, title in enumerate(header):
        sheet.write_string(top, c, title, bold)
    count = 0
    for r, row in enumerate(rows, start=top + 1):
        for c, value in enumerate(row):
            if c in time_columns:
                serial = _excel_serial(value)
                if serial is not None:
                    sheet.write_number(r, c, serial, when)
            else:
                put(sheet, r, c, value, is_text=bool(text_columns and c in text_columns))
        count += 1
    return count
