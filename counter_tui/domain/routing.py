"""Routing a case: from the checked facts (case type, documents, recording state, age, blank stock) to one
decision (record, print, IKD with the waiting list, or why not) and the ticket's outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter_tui.domain.cases import CaseType, IkdOutcome, MaritalStatus, RecordingStatus
from counter_tui.domain.documents import Document, missing_documents, missing_documents_message
from counter_tui.domain.eligibility import (
    PRINT_AGE,
    Eligibility,
    age_on,
    is_pemula_for_target,
    print_eligibility,
    recording_eligibility,
)
from counter_tui.domain.queue import Outcome


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


def _not_eligible(eligible: Eligibility, *, pemula: bool = False, message: str | None = None) -> CaseDecision:
    """Refused by age: the rule's message (or `message`) and the first day it is allowed."""
    return CaseDecision(
        Route.NOT_ELIGIBLE,
        Outcome.TIDAK_MEMENUHI_SYARAT,
        message or eligible.message,
        eligible_from=eligible.eligible_from,
        pemula_for_target=pemula,
    )


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
            return _not_eligible(eligible, pemula=pemula)
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
            return _not_eligible(eligible, pemula=pemula)
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
            return _not_eligible(eligible, message=eligible.message.replace("KTP-el", "KTP-el dan IKD"))
        return CaseDecision(Route.IKD, Outcome.SELESAI, "Bimbingan aktivasi IKD.", needs_ikd_checklist=True)
    if kind is CaseType.CETAK:
        return _recorded_state(facts, pemula) or CaseDecision(
            Route.PENDING, Outcome.LAINNYA, "Belum ada rekaman untuk NIK ini; lakukan perekaman dahulu."
        )
    eligible = print_eligibility(facts.birth_date, facts.marital, facts.today)
    if not eligible.allowed:
        return _not_eligible(eligible)
    if kind is CaseType.PINDAH_DATANG:
        return _print_or_ikd(facts, first_time=True, pemula=False)
    return _print_or_ikd(facts, first_time=False, pemula=False)


def outcome_for_ikd(case_type: CaseType, ikd: IkdOutcome) -> Outcome:
    """The ticket's outcome after the IKD checklist. A replacement routed to IKD stays `dirujuk_ikd`; an
    aktivasi IKD case is `selesai` when activated or guided, `tidak_memenuhi_syarat` without a smartphone."""
    if case_type is not CaseType.AKTIVASI_IKD:
        return Outcome.DIRUJUK_IKD
    return Outcome.TIDAK_MEMENUHI_SYARAT if ikd is IkdOutcome.NO_SMARTPHONE else Outcome.SELESAI
