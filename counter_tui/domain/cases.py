"""Applicant cases: case types, documents, identity checks, eligibility, recording statuses, IKD and routing.

Pure rules, no clock: the office day and the print day are passed in. Glossary (code → the office's words):
case → berkas/permohonan; recording → perekaman; card print → pencetakan KTP-el; blank → blanko;
waiting list → daftar tunggu cetak; replacement → penggantian (hilang/rusak/perubahan data).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter_tui.domain.errors import ValidationError
from counter_tui.domain.nik import MONTHS_ID, NikFacts
from counter_tui.domain.queue import Outcome

MAX_NAME_LENGTH = 100
RECORDING_AGE = 16
PRINT_AGE = 17


# -- enums ------------------------------------------------------------------------------------------
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


class Document(StrEnum):
    KK = "kk"
    AKTA_NIKAH = "akta_nikah"
    SURAT_KEHILANGAN = "surat_kehilangan"
    KTP_RUSAK = "ktp_rusak"
    KTP_LAMA = "ktp_lama"
    BUKTI_PERUBAHAN = "bukti_perubahan"
    SURAT_PINDAH = "surat_pindah"

    @property
    def label(self) -> str:
        return _DOCUMENT_LABELS[self]


_DOCUMENT_LABELS = {
    Document.KK: "Kartu Keluarga (KK)",
    Document.AKTA_NIKAH: "Akta nikah / buku nikah",
    Document.SURAT_KEHILANGAN: "Surat keterangan kehilangan dari Kepolisian",
    Document.KTP_RUSAK: "KTP-el yang rusak (ditarik petugas)",
    Document.KTP_LAMA: "KTP-el lama",
    Document.BUKTI_PERUBAHAN: "Bukti perubahan data",
    Document.SURAT_PINDAH: "Surat Keterangan Pindah (SKP)",
}

# DOMAIN.md, "Documents". Aktivasi IKD and cetak/pengambilan need no papers (the record is checked instead).
DOCUMENTS_BY_TYPE: dict[CaseType, tuple[Document, ...]] = {
    CaseType.BARU: (Document.KK,),
    CaseType.HILANG: (Document.KK, Document.SURAT_KEHILANGAN),
    CaseType.RUSAK: (Document.KK, Document.KTP_RUSAK),
    CaseType.PERUBAHAN_DATA: (Document.KK, Document.KTP_LAMA, Document.BUKTI_PERUBAHAN),
    CaseType.PINDAH_DATANG: (Document.SURAT_PINDAH, Document.KK),
    CaseType.AKTIVASI_IKD: (),
    CaseType.CETAK: (),
}


def required_documents(case_type: CaseType, *, married_under_17: bool = False) -> tuple[Document, ...]:
    """The checklist for a case type; a baru applicant married under 17 also brings the akta nikah."""
    docs = DOCUMENTS_BY_TYPE[case_type]
    if case_type is CaseType.BARU and married_under_17:
        docs = (*docs, Document.AKTA_NIKAH)
    return docs


def missing_documents(
    case_type: CaseType, brought: Iterable[Document | str], *, married_under_17: bool = False
) -> tuple[Document, ...]:
    have = {Document(d) for d in brought}
    return tuple(d for d in required_documents(case_type, married_under_17=married_under_17) if d not in have)


def missing_documents_message(missing: Iterable[Document]) -> str:
    names = [d.label for d in missing]
    return "Berkas belum lengkap: " + "; ".join(names) + "." if names else ""


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


# -- people -----------------------------------------------------------------------------------------
def clean_line(value: str | None, *, what: str, maximum: int, required: bool = True) -> str:
    """One line of user text as stored: NFC, spaces collapsed; control characters, escape sequences, line breaks
    and invisible format characters refused; longer than `maximum` refused (never cut). `what` names the field
    in the message. Rich markup such as '[/]' is kept as typed: screens render user text as plain Text."""
    text = unicodedata.normalize("NFC", value or "")
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r":
            raise ValidationError(f"{what} harus satu baris, tanpa tab atau baris baru.")
        if category == "Cc":
            raise ValidationError(f"{what} berisi karakter kendali atau kode escape yang tidak sah.")
        if category in ("Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise ValidationError(f"{what} berisi karakter tak terlihat atau tidak sah.")
    text = " ".join(text.split())
    if not text and required:
        raise ValidationError(f"{what} wajib diisi.")
    if len(text) > maximum:
        raise ValidationError(f"{what} terlalu panjang ({len(text)} karakter; maksimal {maximum}).")
    return text


def normalize_person_name(name: str) -> str:
    """A person's name as stored (see `clean_line`), at most MAX_NAME_LENGTH characters, with a letter in it."""
    text = clean_line(name, what="Nama", maximum=MAX_NAME_LENGTH)
    if not any(c.isalpha() for c in text):
        raise ValidationError("Nama harus berisi huruf.")
    return text


_PHONE_CHARS = re.compile(r"[\s().-]")
# The common case, a mobile number (08…, 628…, +628…, 10-13 digits with the 0), is read without lokal-id.
_MOBILE = re.compile(r"(?:\+62|62|0)(8[1-9]\d{7,10})")


def normalize_phone(phone: str | None) -> str | None:
    """An Indonesian phone number as +62…, or None when empty. Refused with a message when not a phone number."""
    text = (phone or "").strip()
    if not text:
        return None
    if len(text) > 30 or any(unicodedata.category(c).startswith("C") for c in text):
        raise ValidationError("Nomor HP tidak sah (contoh: 0812-3456-7890).")
    compact = _PHONE_CHARS.sub("", text)
    mobile = _MOBILE.fullmatch(compact)
    if mobile:
        return "+62" + mobile.group(1)
    from lokal import parse_phone  # lazy, like the rest of lokal-id

    parsed = parse_phone(compact)
    e164 = getattr(parsed, "e164", None)
    if not getattr(parsed, "valid", False) or not e164:
        raise ValidationError("Nomor HP tidak sah (contoh: 0812-3456-7890).")
    return str(e164)


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    return phone[:5] + "*" * max(0, len(phone) - 8) + phone[-3:]


_DATE_DMY = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})")


def parse_birth_date(value: str | date) -> date:
    """DD-MM-YYYY (as on the KTP), DD/MM/YYYY or YYYY-MM-DD."""
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    try:
        match = _DATE_DMY.fullmatch(text)
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("Tanggal lahir tidak sah; tulis HH-BB-TTTT, misalnya 05-07-2006.") from None


def format_date_id(day: date) -> str:
    """'5 Juli 2006'."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def parse_sex(value: str) -> str:
    text = (value or "").strip().upper()
    if text in ("L", "LAKI-LAKI", "LAKI", "PRIA"):
        return "L"
    if text in ("P", "PEREMPUAN", "WANITA"):
        return "P"
    raise ValidationError("Jenis kelamin wajib dipilih: L (laki-laki) atau P (perempuan).")


def identity_mismatches(facts: NikFacts, birth_date: date, sex: str) -> tuple[str, ...]:
    """What the applicant says against what the NIK encodes, each disagreement named."""
    problems = []
    if birth_date != facts.birth_date:
        parts = []
        if birth_date.day != facts.birth_date.day:
            parts.append("hari")
        if birth_date.month != facts.birth_date.month:
            parts.append("bulan")
        if birth_date.year != facts.birth_date.year:
            parts.append("tahun")
        problems.append(
            f"Tanggal lahir tidak cocok dengan NIK ({', '.join(parts)} berbeda): NIK menyebut "
            f"{format_date_id(facts.birth_date)}."
        )
    if sex != facts.sex:
        said = "laki-laki" if facts.sex == "L" else "perempuan"
        problems.append(
            f"Jenis kelamin tidak cocok dengan NIK: NIK menyebut {said} "
            "(tanggal lahir di NIK ditambah 40 untuk perempuan)."
        )
    return tuple(problems)


# -- eligibility ------------------------------------------------------------------------------------
def birthday(birth: date, age: int) -> date:
    """The day someone reaches `age`. Born on 29 February: 1 March in a non-leap year."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return date(birth.year + age, 3, 1)


def age_on(birth: date, day: date) -> int:
    years = day.year - birth.year
    return years if birthday(birth, years) <= day else years - 1


@dataclass(frozen=True, slots=True)
class Eligibility:
    allowed: bool
    eligible_from: date | None = None  # when refused: the first day it is allowed
    message: str = ""


def recording_eligibility(birth: date, marital: MaritalStatus, today: date) -> Eligibility:
    """Recording (perekaman) from 16, or at any age once married or ever married."""
    if marital.ever_married or age_on(birth, today) >= RECORDING_AGE:
        return Eligibility(True)
    start = birthday(birth, RECORDING_AGE)
    return Eligibility(
        False,
        start,
        f"Belum cukup umur untuk perekaman: perekaman bisa mulai {format_date_id(start)} (umur 16 tahun).",
    )


def print_eligibility(birth: date, marital: MaritalStatus, print_day: date) -> Eligibility:
    """Printing from 17 on the print day, or at any age if married or ever married (UU 24/2013 Pasal 63)."""
    if marital.ever_married or age_on(birth, print_day) >= PRINT_AGE:
        return Eligibility(True)
    start = birthday(birth, PRINT_AGE)
    return Eligibility(
        False,
        start,
        f"Belum cukup umur untuk KTP-el: kartu bisa dicetak mulai {format_date_id(start)} "
        "(umur 17 tahun), atau lebih awal bila sudah menikah.",
    )


def printable_from(birth: date, marital: MaritalStatus, recorded_on: date) -> date:
    """The first day a recorded person may get the card (for the 'siap cetak' list)."""
    if marital.ever_married:
        return recorded_on
    return max(recorded_on, birthday(birth, PRINT_AGE))


def is_pemula_for_target(birth: date, marital: MaritalStatus, today: date, target_date: date | None) -> bool:
    """Flag for the office's target date (e.g. the election): not yet 17 today, 17 (or married) by then."""
    if target_date is None or target_date < today:
        return False
    return print_eligibility(birth, marital, target_date).allowed


# -- routing ----------------------------------------------------------------------------------------
class Route(StrEnum):
    RECORD = "rekam"  # perekaman: status BIO_CAPTURED
    PRINT = "cetak"  # one blank is used
    IKD = "ikd"  # IKD checklist; replacements and no-stock prints also join the waiting list
    MISSING_DOCUMENTS = "berkas_kurang"
    NOT_ELIGIBLE = "tidak_memenuhi_syarat"
    BLOCKED = "diblokir"  # DUPLICATE_RECORD: no card until resolved
    PENDING = "menunggu_siak"  # recorded, not yet PRINT_READY_RECORD

    @property
    def label(self) -> str:
        return {
            "rekam": "Perekaman",
            "cetak": "Cetak KTP-el",
            "ikd": "Aktivasi IKD",
            "berkas_kurang": "Berkas belum lengkap",
            "tidak_memenuhi_syarat": "Tidak memenuhi syarat",
            "diblokir": "Tidak bisa dicetak",
            "menunggu_siak": "Menunggu hasil SIAK",
        }[self.value]


@dataclass(frozen=True, slots=True)
class StockRule:
    """What routing needs to know about the blanks (see domain.stock.StockLevel)."""

    balance: int
    reserve: int
    replacements_allowed: bool = True

    def can_print_first_time(self) -> bool:
        """First-time cards (and newcomers) may use the reserve: it is kept for them."""
        return self.balance >= 1

    def can_print_replacement(self) -> bool:
        """A replacement only while the stock after this card stays above the reserve, if policy allows."""
        return self.replacements_allowed and self.balance - 1 > self.reserve


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """Everything routing looks at: checked input, the recording state for this NIK, and the stock."""

    case_type: CaseType
    birth_date: date
    marital: MaritalStatus
    documents: frozenset[Document]
    recording: (
        RecordingStatus | None
    )  # the app's recording, or the status read from SIAK; None = not recorded
    stock: StockRule
    today: date
    target_date: date | None = None


@dataclass(frozen=True, slots=True)
class CaseDecision:
    route: Route
    outcome: Outcome  # the ticket's outcome
    message: str
    missing_documents: tuple[Document, ...] = ()
    eligible_from: date | None = None
    needs_ikd_checklist: bool = False
    joins_waiting_list: bool = False
    uses_blank: bool = False
    creates_recording: bool = False
    first_time_card: bool = False  # the reserve applies to it (False = replacement)
    pemula_for_target: bool = False


_PRINT_MESSAGE = "Rekaman siap cetak: KTP-el dicetak (1 blanko)."


def _print_or_ikd(facts: CaseFacts, *, first_time: bool, pemula: bool) -> CaseDecision:
    stock = facts.stock
    can = stock.can_print_first_time() if first_time else stock.can_print_replacement()
    if can:
        return CaseDecision(
            Route.PRINT,
            Outcome.SELESAI,
            _PRINT_MESSAGE
            if first_time
            else "Stok blanko mencukupi di atas cadangan: KTP-el pengganti dicetak (1 blanko).",
            uses_blank=True,
            first_time_card=first_time,
            pemula_for_target=pemula,
        )
    if stock.balance < 1:
        why = "Stok blanko habis."
    elif not first_time and not stock.replacements_allowed:
        why = "Kebijakan kantor: KTP-el pengganti belum dicetak saat ini."
    else:
        why = (
            f"Stok blanko ({stock.balance}) tidak boleh turun sampai cadangan ({stock.reserve}) untuk pemula."
        )
    return CaseDecision(
        Route.IKD,
        Outcome.DIRUJUK_IKD,
        f"{why} Pemohon dibimbing aktivasi IKD dan masuk daftar tunggu cetak.",
        needs_ikd_checklist=True,
        joins_waiting_list=True,
        first_time_card=first_time,
        pemula_for_target=pemula,
    )


def _recorded_state(facts: CaseFacts, pemula: bool) -> CaseDecision | None:
    """For a person with a recording: print when PRINT_READY, otherwise say why not."""
    status = facts.recording
    if status is None:
        return None
    if status is RecordingStatus.DUPLICATE_RECORD:
        return CaseDecision(
            Route.BLOCKED,
            Outcome.LAINNYA,
            "Rekaman ganda (DUPLICATE_RECORD): KTP-el tidak dapat dicetak sampai diselesaikan "
            "dengan Dukcapil pusat.",
            pemula_for_target=pemula,
        )
    if status is RecordingStatus.CARD_PRINTED:
        return CaseDecision(
            Route.BLOCKED,
            Outcome.LAINNYA,
            "KTP-el untuk rekaman ini sudah dicetak. Kartu hilang atau rusak: pilih layanan hilang/rusak.",
            pemula_for_target=pemula,
        )
    if status is RecordingStatus.PRINT_READY_RECORD:
        eligible = print_eligibility(facts.birth_date, facts.marital, facts.today)
        if not eligible.allowed:
            return CaseDecision(
                Route.NOT_ELIGIBLE,
                Outcome.TIDAK_MEMENUHI_SYARAT,
                eligible.message,
                eligible_from=eligible.eligible_from,
                pemula_for_target=pemula,
            )
        return _print_or_ikd(facts, first_time=True, pemula=pemula)
    return CaseDecision(
        Route.PENDING,
        Outcome.LAINNYA,
        f"Sudah direkam, status {status.value} ({status.label}): belum bisa dicetak.",
        pemula_for_target=pemula,
    )


def route_case(facts: CaseFacts) -> CaseDecision:
    """Decide what happens to a case: the rules the news report is about.

    - baru: record (BIO_CAPTURED); already recorded → print if PRINT_READY_RECORD, else say the status;
    - hilang/rusak/perubahan data: print only while the stock after this card stays above the reserve and policy
      allows replacements; otherwise IKD guidance and the card waiting list;
    - aktivasi IKD: the checklist; a person not yet recorded is routed to recording;
    - cetak/pengambilan: print a PRINT_READY_RECORD (the reserve may be used: it is kept for first-time cards);
    - pindah datang: a newcomer; the reserve's newcomer buffer may be used.
    Documents are checked first (berkas belum lengkap), then a DUPLICATE_RECORD (blocks every service), then age.
    """
    kind = facts.case_type
    married_under_17 = facts.marital.ever_married and age_on(facts.birth_date, facts.today) < PRINT_AGE
    pemula = kind is CaseType.BARU and is_pemula_for_target(
        facts.birth_date, facts.marital, facts.today, facts.target_date
    )
    missing = missing_documents(kind, facts.documents, married_under_17=married_under_17)
    if missing:
        return CaseDecision(
            Route.MISSING_DOCUMENTS,
            Outcome.BERKAS_KURANG,
            missing_documents_message(missing),
            missing_documents=missing,
            pemula_for_target=pemula,
        )
    if facts.recording is RecordingStatus.DUPLICATE_RECORD:
        # Whatever the service: no card, and no IKD (it reads the same record), until the centre resolves it.
        return CaseDecision(
            Route.BLOCKED,
            Outcome.LAINNYA,
            "Rekaman ganda (DUPLICATE_RECORD): KTP-el tidak dapat dicetak dan IKD tidak dapat "
            "diaktifkan sampai diselesaikan dengan Dukcapil pusat.",
            pemula_for_target=pemula,
        )
    recorded = facts.recording is not None and not facts.recording.is_failure

    def record() -> CaseDecision:
        eligible = recording_eligibility(facts.birth_date, facts.marital, facts.today)
        if not eligible.allowed:
            return CaseDecision(
                Route.NOT_ELIGIBLE,
                Outcome.TIDAK_MEMENUHI_SYARAT,
                eligible.message,
                eligible_from=eligible.eligible_from,
                pemula_for_target=pemula,
            )
        again = " (perekaman ulang setelah gagal di pusat)" if facts.recording is not None else ""
        return CaseDecision(
            Route.RECORD,
            Outcome.SELESAI,
            f"Perekaman dilakukan{again}: status BIO_CAPTURED.",
            creates_recording=True,
            pemula_for_target=pemula,
        )

    if kind is CaseType.BARU:
        return (_recorded_state(facts, pemula) if recorded else None) or record()
    if kind is CaseType.AKTIVASI_IKD:
        if not recorded:
            decision = record()
            if decision.route is Route.RECORD:
                return CaseDecision(
                    Route.RECORD,
                    Outcome.SELESAI,
                    "Belum ada rekaman KTP-el: IKD butuh rekaman, jadi perekaman dilakukan dahulu.",
                    creates_recording=True,
                    pemula_for_target=pemula,
                )
            return decision
        eligible = print_eligibility(facts.birth_date, facts.marital, facts.today)
        if not eligible.allowed:
            return CaseDecision(
                Route.NOT_ELIGIBLE,
                Outcome.TIDAK_MEMENUHI_SYARAT,
                eligible.message.replace("KTP-el", "KTP-el dan IKD"),
                eligible_from=eligible.eligible_from,
            )
        return CaseDecision(Route.IKD, Outcome.SELESAI, "Bimbingan aktivasi IKD.", needs_ikd_checklist=True)
    if kind is CaseType.CETAK:
        return _recorded_state(facts, pemula) or CaseDecision(
            Route.PENDING, Outcome.LAINNYA, "Belum ada rekaman untuk NIK ini; lakukan perekaman dahulu."
        )
    eligible = print_eligibility(facts.birth_date, facts.marital, facts.today)
    if not eligible.allowed:
        return CaseDecision(
            Route.NOT_ELIGIBLE,
            Outcome.TIDAK_MEMENUHI_SYARAT,
            eligible.message,
            eligible_from=eligible.eligible_from,
        )
    if kind is CaseType.PINDAH_DATANG:
        return _print_or_ikd(facts, first_time=True, pemula=False)
    return _print_or_ikd(facts, first_time=False, pemula=False)


def outcome_for_ikd(case_type: CaseType, ikd: IkdOutcome) -> Outcome:
    """The ticket's outcome after the IKD checklist. A replacement routed to IKD stays `dirujuk_ikd`; an
    aktivasi IKD case is `selesai` when activated or guided, `tidak_memenuhi_syarat` without a smartphone."""
    if case_type is not CaseType.AKTIVASI_IKD:
        return Outcome.DIRUJUK_IKD
    return Outcome.TIDAK_MEMENUHI_SYARAT if ikd is IkdOutcome.NO_SMARTPHONE else Outcome.SELESAI
