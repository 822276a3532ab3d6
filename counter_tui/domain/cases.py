"""Applicant cases, the core types: case types, marital status, recording statuses (SIAK) and the IKD checklist.

The rules around them live beside this module: `documents` (the papers each case needs), `applicant` (the
applicant's name, phone, birth date and sex as typed, against the NIK), `eligibility` (age: recording from 16,
the card from 17) and `routing` (what happens to a case). Glossary (code → the office's words):
case → berkas/permohonan; recording → perekaman; card print → pencetakan KTP-el; blank → blanko;
waiting list → daftar tunggu cetak; replacement → penggantian (hilang/rusak/perubahan data).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter_tui.domain.errors import ValidationError


class CaseType(StrEnum):
    BARU = "baru"  # perekaman pemula / KTP-el baru
    HILANG = "hilang"
    RUSAK = "rusak"
    PERUBAHAN_DATA = "perubahan_data"
    AKTIVASI_IKD = "aktivasi_ikd"
    CETAK = "cetak"  # cetak / pengambilan
    PINDAH_DATANG = "pindah_datang"

    @property
    def label(self) -> str:
        return _CASE_TYPE_LABELS[self]

    @property
    def is_replacement(self) -> bool:
        """Replacements (hilang/rusak/perubahan data) may not eat into the reserve kept for first-time cards."""
        return self in (CaseType.HILANG, CaseType.RUSAK, CaseType.PERUBAHAN_DATA)


_CASE_TYPE_LABELS = {
    CaseType.BARU: "Baru (pemula)",
    CaseType.HILANG: "Hilang",
    CaseType.RUSAK: "Rusak",
    CaseType.PERUBAHAN_DATA: "Perubahan data",
    CaseType.AKTIVASI_IKD: "Aktivasi IKD",
    CaseType.CETAK: "Cetak / pengambilan",
    CaseType.PINDAH_DATANG: "Pindah datang",
}

# The ticket's service suggests the case type (default services A-E, domain.queue.DEFAULT_SERVICES).
SERVICE_CASE_TYPES = {
    "A": CaseType.BARU,
    "B": CaseType.HILANG,
    "C": CaseType.CETAK,
    "D": CaseType.AKTIVASI_IKD,
    "E": CaseType.PERUBAHAN_DATA,
}


def suggest_case_type(service_code: str | None) -> CaseType | None:
    return SERVICE_CASE_TYPES.get((service_code or "").upper())


def parse_case_type(value: str | CaseType) -> CaseType:
    if isinstance(value, CaseType):
        return value
    text = (value or "").strip().lower().replace(" ", "_").replace("-", "_")
    aliases = {
        "pemula": "baru",
        "perubahan": "perubahan_data",
        "ikd": "aktivasi_ikd",
        "pengambilan": "cetak",
        "pindah": "pindah_datang",
    }
    try:
        return CaseType(aliases.get(text, text))
    except ValueError:
        names = ", ".join(t.value for t in CaseType)
        raise ValidationError(f"Jenis layanan tidak dikenal. Pilih salah satu: {names}.") from None


class MaritalStatus(StrEnum):
    BELUM_KAWIN = "belum_kawin"
    KAWIN = "kawin"
    CERAI_HIDUP = "cerai_hidup"
    CERAI_MATI = "cerai_mati"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def ever_married(self) -> bool:
        return self is not MaritalStatus.BELUM_KAWIN


def parse_marital(value: str | MaritalStatus) -> MaritalStatus:
    if isinstance(value, MaritalStatus):
        return value
    try:
        return MaritalStatus((value or "").strip().lower().replace(" ", "_"))
    except ValueError:
        raise ValidationError(
            "Status perkawinan wajib dipilih: belum kawin, kawin, cerai hidup atau cerai mati."
        ) from None


class RecordingStatus(StrEnum):
    """The dedup statuses read from SIAK (DOMAIN.md), plus CARD_PRINTED once our office printed the card."""

    BIO_CAPTURED = "BIO_CAPTURED"
    SENT_FOR_ENROLLMENT = "SENT_FOR_ENROLLMENT"
    PRINT_READY_RECORD = "PRINT_READY_RECORD"
    DUPLICATE_RECORD = "DUPLICATE_RECORD"
    ADJUDICATE_RECORD = "ADJUDICATE_RECORD"
    ENROLL_FAILURE_AT_CENTRAL = "ENROLL_FAILURE_AT_CENTRAL"
    SEARCH_FAILURE_AT_CENTRAL = "SEARCH_FAILURE_AT_CENTRAL"
    CARD_PRINTED = "CARD_PRINTED"

    @property
    def label(self) -> str:
        return _RECORDING_LABELS[self]

    @property
    def is_failure(self) -> bool:
        return self in (RecordingStatus.ENROLL_FAILURE_AT_CENTRAL, RecordingStatus.SEARCH_FAILURE_AT_CENTRAL)


_RECORDING_LABELS = {
    RecordingStatus.BIO_CAPTURED: "Biometrik terekam",
    RecordingStatus.SENT_FOR_ENROLLMENT: "Dikirim ke pusat",
    RecordingStatus.PRINT_READY_RECORD: "Siap cetak (tunggal)",
    RecordingStatus.DUPLICATE_RECORD: "Ganda (duplicate record)",
    RecordingStatus.ADJUDICATE_RECORD: "Pemeriksaan manual (adjudikasi)",
    RecordingStatus.ENROLL_FAILURE_AT_CENTRAL: "Gagal enroll di pusat",
    RecordingStatus.SEARCH_FAILURE_AT_CENTRAL: "Gagal pencarian di pusat",
    RecordingStatus.CARD_PRINTED: "KTP-el sudah dicetak",
}

_FAILURES = (RecordingStatus.ENROLL_FAILURE_AT_CENTRAL, RecordingStatus.SEARCH_FAILURE_AT_CENTRAL)

# What the operator may enter next, read from SIAK. CARD_PRINTED is set only by printing a card.
RECORDING_TRANSITIONS: dict[RecordingStatus, frozenset[RecordingStatus]] = {
    RecordingStatus.BIO_CAPTURED: frozenset({RecordingStatus.SENT_FOR_ENROLLMENT, *_FAILURES}),
    RecordingStatus.SENT_FOR_ENROLLMENT: frozenset(
        {
            RecordingStatus.PRINT_READY_RECORD,
            RecordingStatus.DUPLICATE_RECORD,
            RecordingStatus.ADJUDICATE_RECORD,
            *_FAILURES,
        }
    ),
    RecordingStatus.ADJUDICATE_RECORD: frozenset(
        {RecordingStatus.PRINT_READY_RECORD, RecordingStatus.DUPLICATE_RECORD}
    ),
    RecordingStatus.DUPLICATE_RECORD: frozenset(
        {RecordingStatus.ADJUDICATE_RECORD, RecordingStatus.PRINT_READY_RECORD}
    ),
    RecordingStatus.ENROLL_FAILURE_AT_CENTRAL: frozenset(
        {RecordingStatus.SENT_FOR_ENROLLMENT, RecordingStatus.BIO_CAPTURED}
    ),
    RecordingStatus.SEARCH_FAILURE_AT_CENTRAL: frozenset(
        {RecordingStatus.SENT_FOR_ENROLLMENT, RecordingStatus.BIO_CAPTURED}
    ),
    RecordingStatus.PRINT_READY_RECORD: frozenset({RecordingStatus.CARD_PRINTED}),
    RecordingStatus.CARD_PRINTED: frozenset(),
}


def parse_recording_status(value: str | RecordingStatus) -> RecordingStatus:
    if isinstance(value, RecordingStatus):
        return value
    try:
        return RecordingStatus((value or "").strip().upper())
    except ValueError:
        names = ", ".join(s.value for s in RecordingStatus if s is not RecordingStatus.CARD_PRINTED)
        raise ValidationError(f"Status perekaman tidak dikenal. Pilih salah satu: {names}.") from None


def check_recording_transition(
    current: RecordingStatus, new: RecordingStatus, *, by_print: bool = False
) -> None:
    """Refuse a status change SIAK cannot make (and CARD_PRINTED unless a card is being printed)."""
    if new is RecordingStatus.CARD_PRINTED and not by_print:
        raise ValidationError("Status 'KTP-el sudah dicetak' hanya diisi otomatis saat kartu dicetak.")
    if new not in RECORDING_TRANSITIONS[current]:
        raise ValidationError(f"Status perekaman tidak bisa berubah dari {current.value} ke {new.value}.")


class IkdOutcome(StrEnum):
    ACTIVATED = "activated"
    GUIDED_HOME = "guided_home"
    NO_SMARTPHONE = "no_smartphone"

    @property
    def label(self) -> str:
        return {
            "activated": "IKD aktif",
            "guided_home": "Sudah dibimbing, dilanjutkan di rumah",
            "no_smartphone": "Tidak punya telepon pintar",
        }[self.value]


# DOMAIN.md, "IKD activation": the operator ticks these off.
IKD_STEPS: tuple[str, ...] = (
    "Unduh aplikasi Identitas Kependudukan Digital (Ditjen Dukcapil Kemendagri) dari Play Store / App Store.",
    "Buka aplikasi, setujui syarat dan ketentuan, isi NIK, email, dan nomor HP, lalu tekan Verifikasi Data.",
    "Lakukan verifikasi wajah (swafoto): cahaya cukup, tanpa masker atau kacamata gelap.",
    "Tunjukkan kode QR di aplikasi kepada petugas; petugas memindai dan memvalidasinya.",
    "Buka email dari SIAK Terpusat Identitas Digital, salin kode aktivasi.",
    "Masukkan kode aktivasi dan captcha di aplikasi, tekan Aktifkan.",
    "Masuk dengan PIN dari email, lalu ganti PIN dan simpan baik-baik.",
)


@dataclass(frozen=True, slots=True)
class IkdResult:
    """The checklist as ticked: `steps_done[i]` for IKD_STEPS[i], and the outcome."""

    steps_done: tuple[bool, ...]
    outcome: IkdOutcome

    def __post_init__(self) -> None:
        if len(self.steps_done) != len(IKD_STEPS):
            raise ValidationError(f"Checklist IKD harus berisi {len(IKD_STEPS)} langkah.")
        if self.outcome is IkdOutcome.ACTIVATED and not all(self.steps_done):
            todo = [str(i + 1) for i, done in enumerate(self.steps_done) if not done]
            raise ValidationError(
                "IKD belum bisa dicatat aktif: langkah " + ", ".join(todo) + " belum dicentang."
            )

    @property
    def steps_text(self) -> str:
        """'1111111': the stored form."""
        return "".join("1" if s else "0" for s in self.steps_done)
