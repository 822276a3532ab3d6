"""Rules of the export bundle: its name, the formats, how a NIK is masked in it, and Indonesian number format."""

from __future__ import annotations

import re
from datetime import date

from counter_tui.domain.errors import CounterError, ValidationError

FORMATS = ("csv", "xlsx", "pdf", "json")
MANIFEST = "manifest.json"
CSV_FILES = ("tickets.csv", "cases.csv", "stock.csv", "ikd.csv", "waitlist.csv", "outreach.csv")
FORMAT_FILES = {"csv": CSV_FILES, "json": ("rekap.json",), "xlsx": ("rekap.xlsx",), "pdf": ("rekap.pdf",)}

_SIXTEEN = re.compile(r"\d{16}")


def parse_formats(text: str | None) -> tuple[str, ...]:
    """'csv,xlsx' → ('csv', 'xlsx') in the canonical order; None or '' → every format."""
    if text is None or not text.strip():
        return FORMATS
    wanted = {part.strip().lower() for part in text.split(",") if part.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise ValidationError(
            f"Format tidak dikenal: {', '.join(unknown)}. Pilih dari: {', '.join(FORMATS)}."
        )
    return tuple(f for f in FORMATS if f in wanted)


def bundle_name(region_code: str, day: date) -> str:
    """`<office-code>-<YYYY-MM-DD>`: the office code is its Kemendagri region code, e.g. 62.02-2024-02-14."""
    code = re.sub(r"[^0-9.]", "", region_code or "") or "kantor"
    return f"{code}-{day.isoformat()}"


def mask_nik_for_export(nik: str | None) -> str | None:
    """The bundle's mask: the first 6 digits (province, regency, district) and the last 4 (the serial)."""
    if nik is None or nik == "":
        return nik
    digits = "".join(ch for ch in nik if ch.isdigit())
    if len(digits) != 16:
        return "*" * len(digits)
    return digits[:6] + "*" * 6 + digits[-4:]


def contains_full_nik(text: str) -> bool:
    return _SIXTEEN.search(text) is not None


def normalize_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if len(text) < 5:
        raise ValidationError(
            "Alasan membuka NIK lengkap wajib diisi (minimal 5 karakter), misalnya nomor surat permintaan."
        )
    if len(text) > 300:
        raise ValidationError("Alasan terlalu panjang (maksimal 300 karakter).")
    if any(ord(c) < 32 for c in text):
        raise ValidationError("Alasan berisi karakter yang tidak sah.")
    return text


def format_number(value: int | float | None) -> str:
    """Indonesian: 313.281 and 99,2."""
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value:,.1f}".split(".")
        return whole.replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")


MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def format_long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"


class ExportError(CounterError):
    """The bundle could not be written, or a bundle does not match its manifest."""
