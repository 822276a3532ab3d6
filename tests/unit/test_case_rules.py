"""Pure case rules: eligibility, routing (every case type × stock above/at/below the reserve × eligible or not),
documents, identity against the NIK, names, recording transitions, the IKD checklist, stock and target."""

from __future__ import annotations

from datetime import date

import pytest

from counter_tui.domain.applicant import (
    identity_mismatches,
    normalize_person_name,
    normalize_phone,
    parse_birth_date,
)
from counter_tui.domain.cases import (
    IKD_STEPS,
    RECORDING_TRANSITIONS,
    CaseType,
    IkdOutcome,
    IkdResult,
    MaritalStatus,
    RecordingStatus,
    check_recording_transition,
    suggest_case_type,
)
from counter_tui.domain.documents import DOCUMENTS_BY_TYPE, Document, missing_documents
from counter_tui.domain.eligibility import (
    age_on,
    birthday,
    is_pemula_for_target,
    print_eligibility,
    printable_from,
    recording_eligibility,
)
from counter_tui.domain.errors import ValidationError
from counter_tui.domain.nik import validate_nik
from counter_tui.domain.queue import Outcome
from counter_tui.domain.routing import CaseFacts, Route, StockRule, outcome_for_ikd, route_case
from counter_tui.domain.stock import (
    ReserveMode,
    ReservePolicy,
    StockLevel,
    Target,
    check_balance_after,
    format_number,
    format_percent,
    parse_quantity,
)

TODAY = date(2024, 2, 13)  # the day before the 2024 election
ELECTION = date(2024, 2, 14)
SINGLE = MaritalStatus.BELUM_KAWIN
MARRIED = MaritalStatus.KAWIN


# -- eligibility ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("born", "marital", "record", "print_"),
    [
        (date(2007, 2, 13), SINGLE, True, True),  # 17th birthday on the print day
        (date(2007, 2, 14), SINGLE, True, False),  # 17 tomorrow
        (date(2008, 2, 13), SINGLE, True, False),  # 16 today: may record, not print
        (date(2008, 2, 14), SINGLE, False, False),  # 16 tomorrow
        (date(2008, 2, 14), MARRIED, True, True),  # married at 15: both
        (date(2007, 8, 1), MaritalStatus.KAWIN, True, True),  # married at 16
        (date(2007, 8, 1), MaritalStatus.CERAI_HIDUP, True, True),  # ever married
        (date(2007, 8, 1), MaritalStatus.CERAI_MATI, True, True),
        (date(1960, 1, 1), SINGLE, True, True),
    ],
)
def test_eligibility(born: date, marital: MaritalStatus, record: bool, print_: bool) -> None:
    assert recording_eligibility(born, marital, TODAY).allowed is record
    assert print_eligibility(born, marital, TODAY).allowed is print_


def test_a_refusal_gives_the_date_from_which_eligible() -> None:
    refused = print_eligibility(date(2007, 3, 5), SINGLE, TODAY)
    assert refused.eligible_from == date(2024, 3, 5)
    assert "5 Maret 2024" in refused.message
    too_young = recording_eligibility(date(2008, 6, 1), SINGLE, TODAY)
    assert too_young.eligible_from == date(2024, 6, 1)
    assert "1 Juni 2024" in too_young.message


def test_born_on_29_february() -> None:
    born = date(2008, 2, 29)
    assert birthday(born, 17) == date(2025, 3, 1)
    assert age_on(born, date(2025, 2, 28)) == 16
    assert age_on(born, date(2025, 3, 1)) == 17
    assert birthday(born, 16) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("born", "marital", "target", "flagged"),
    [
        (date(2007, 2, 14), SINGLE, ELECTION, True),  # 17 on election day
        (date(2007, 2, 15), SINGLE, ELECTION, False),  # one day late
        (date(2008, 1, 1), MARRIED, ELECTION, True),  # married: eligible whatever the age
        (date(2007, 2, 14), SINGLE, None, False),  # no target date set
        (date(2007, 2, 14), SINGLE, date(2024, 2, 1), False),  # target date already past
    ],
)
def test_the_target_date_flag(born: date, marital: MaritalStatus, target: date | None, flagged: bool) -> None:
    assert is_pemula_for_target(born, marital, TODAY, target) is flagged


def test_printable_from_is_the_17th_birthday_unless_married() -> None:
    assert printable_from(date(2008, 1, 10), SINGLE, TODAY) == date(2025, 1, 10)
    assert printable_from(date(2008, 1, 10), MARRIED, TODAY) == TODAY
    assert printable_from(date(1990, 1, 10), SINGLE, TODAY) == TODAY


# -- routing ----------------------------------------------------------------------------------------
RESERVE = 100
STOCK = {
    "above": StockRule(RESERVE + 50, RESERVE),
    "at": StockRule(RESERVE, RESERVE),
    "below": StockRule(RESERVE - 40, RESERVE),
    "empty": StockRule(0, RESERVE),
}
ADULT, CHILD = date(2000, 5, 5), date(2009, 5, 5)  # 23 and 14 on TODAY

# (case type, recording status) -> expected route for stock above/at/below/empty, eligible (adult) or not (14).
ROUTES = {
    (CaseType.BARU, None): (
        {"above": Route.RECORD, "at": Route.RECORD, "below": Route.RECORD, "empty": Route.RECORD},
        Route.NOT_ELIGIBLE,
    ),
    (CaseType.HILANG, None): (
        {"above": Route.PRINT, "at": Route.IKD, "below": Route.IKD, "empty": Route.IKD},
        Route.NOT_ELIGIBLE,
    ),
    (CaseType.RUSAK, None): (
        {"above": Route.PRINT, "at": Route.IKD, "below": Route.IKD, "empty": Route.IKD},
        Route.NOT_ELIGIBLE,
    ),
    (CaseType.PERUBAHAN_DATA, None): (
        {"above": Route.PRINT, "at": Route.IKD, "below": Route.IKD, "empty": Route.IKD},
        Route.NOT_ELIGIBLE,
    ),
    (CaseType.PINDAH_DATANG, None): (
        {"above": Route.PRINT, "at": Route.PRINT, "below": Route.PRINT, "empty": Route.IKD},
        Route.NOT_ELIGIBLE,
    ),
    (CaseType.CETAK, RecordingStatus.PRINT_READY_RECORD): (
        {"above": Route.PRINT, "at": Route.PRINT, "below": Route.PRINT, "empty": Route.IKD},
        Route.NOT_ELIGIBLE,
    ),
    (CaseType.AKTIVASI_IKD, RecordingStatus.PRINT_READY_RECORD): (
        {"above": Route.IKD, "at": Route.IKD, "below": Route.IKD, "empty": Route.IKD},
        Route.NOT_ELIGIBLE,
    ),
    (CaseType.AKTIVASI_IKD, None): (  # not recorded yet: routed to recording
        {"above": Route.RECORD, "at": Route.RECORD, "below": Route.RECORD, "empty": Route.RECORD},
        Route.NOT_ELIGIBLE,
    ),
}
CASES = [
    (kind, status, level, eligible)
    for (kind, status) in ROUTES
    for level in STOCK
    for eligible in (True, False)
]


def _facts(
    kind: CaseType,
    stock: StockRule,
    *,
    born: date = ADULT,
    status: RecordingStatus | None = None,
    documents: frozenset[Document] | None = None,
    marital: MaritalStatus = SINGLE,
    target: date | None = None,
) -> CaseFacts:
    docs = frozenset(DOCUMENTS_BY_TYPE[kind]) if documents is None else documents
    return CaseFacts(kind, born, marital, docs, status, stock, TODAY, target)


@pytest.mark.parametrize(
    ("kind", "status", "level", "eligible"),
    CASES,
    ids=[
        f"{k.value}-{s.value if s else 'unrecorded'}-{lv}-{'ok' if e else 'young'}" for k, s, lv, e in CASES
    ],
)
def test_routing_table(kind: CaseType, status: RecordingStatus | None, level: str, eligible: bool) -> None:
    by_stock, refused = ROUTES[(kind, status)]
    decision = route_case(_facts(kind, STOCK[level], born=ADULT if eligible else CHILD, status=status))
    expected = by_stock[level] if eligible else refused
    assert decision.route is expected, decision.message
    assert decision.uses_blank is (expected is Route.PRINT)
    if expected is Route.NOT_ELIGIBLE:
        assert decision.outcome is Outcome.TIDAK_MEMENUHI_SYARAT
        assert decision.eligible_from is not None
    if expected is Route.IKD:
        assert decision.needs_ikd_checklist
        # Replacements and prints without stock wait for a card; an aktivasi IKD case does not.
        assert decision.joins_waiting_list is (kind is not CaseType.AKTIVASI_IKD)
        assert decision.outcome is (Outcome.SELESAI if kind is CaseType.AKTIVASI_IKD else Outcome.DIRUJUK_IKD)
    if expected is Route.RECORD:
        assert decision.creates_recording
        assert decision.outcome is Outcome.SELESAI


@pytest.mark.parametrize(
    ("balance", "prints"),
    [(RESERVE + 2, True), (RESERVE + 1, False), (RESERVE, False), (RESERVE - 1, False)],
)
def test_a_replacement_prints_only_while_the_stock_after_it_stays_above_the_reserve(
    balance: int, prints: bool
) -> None:
    decision = route_case(_facts(CaseType.HILANG, StockRule(balance, RESERVE)))
    assert (decision.route is Route.PRINT) is prints


def test_policy_can_forbid_replacements_whatever_the_stock() -> None:
    decision = route_case(_facts(CaseType.RUSAK, StockRule(10_000, RESERVE, replacements_allowed=False)))
    assert decision.route is Route.IKD
    assert "Kebijakan kantor" in decision.message
    # First-time cards are not replacements.
    assert (
        route_case(
            _facts(
                CaseType.CETAK, StockRule(10_000, RESERVE, False), status=RecordingStatus.PRINT_READY_RECORD
            )
        ).route
        is Route.PRINT
    )


@pytest.mark.parametrize(
    ("status", "route"),
    [
        (RecordingStatus.DUPLICATE_RECORD, Route.BLOCKED),
        (RecordingStatus.CARD_PRINTED, Route.BLOCKED),
        (RecordingStatus.BIO_CAPTURED, Route.PENDING),
        (RecordingStatus.SENT_FOR_ENROLLMENT, Route.PENDING),
        (RecordingStatus.ADJUDICATE_RECORD, Route.PENDING),
        (RecordingStatus.ENROLL_FAILURE_AT_CENTRAL, Route.PENDING),
        (RecordingStatus.PRINT_READY_RECORD, Route.PRINT),
        (None, Route.PENDING),
    ],
)
def test_cetak_depends_on_the_recording_status(status: RecordingStatus | None, route: Route) -> None:
    decision = route_case(_facts(CaseType.CETAK, STOCK["above"], status=status))
    assert decision.route is route
    if status is RecordingStatus.DUPLICATE_RECORD:
        assert "DUPLICATE_RECORD" in decision.message


def test_baru_for_someone_already_recorded() -> None:
    assert (
        route_case(_facts(CaseType.BARU, STOCK["above"], status=RecordingStatus.PRINT_READY_RECORD)).route
        is Route.PRINT
    )
    assert (
        route_case(_facts(CaseType.BARU, STOCK["above"], status=RecordingStatus.SENT_FOR_ENROLLMENT)).route
        is Route.PENDING
    )
    again = route_case(
        _facts(CaseType.BARU, STOCK["above"], status=RecordingStatus.SEARCH_FAILURE_AT_CENTRAL)
    )
    assert again.route is Route.RECORD
    assert "ulang" in again.message


def test_recorded_at_16_may_not_be_printed_until_17() -> None:
    decision = route_case(
        _facts(
            CaseType.CETAK, STOCK["above"], born=date(2007, 6, 1), status=RecordingStatus.PRINT_READY_RECORD
        )
    )
    assert decision.route is Route.NOT_ELIGIBLE
    assert decision.eligible_from == date(2024, 6, 1)


def test_missing_documents_give_berkas_kurang_naming_them() -> None:
    decision = route_case(_facts(CaseType.HILANG, STOCK["above"], documents=frozenset({Document.KK})))
    assert decision.route is Route.MISSING_DOCUMENTS
    assert decision.outcome is Outcome.BERKAS_KURANG
    assert decision.missing_documents == (Document.SURAT_KEHILANGAN,)
    assert decision.message == "Berkas belum lengkap: Surat keterangan kehilangan dari Kepolisian."


def test_married_under_17_brings_the_akta_nikah_for_a_new_card() -> None:
    docs = frozenset({Document.KK})
    decision = route_case(
        _facts(CaseType.BARU, STOCK["above"], born=date(2008, 1, 1), marital=MARRIED, documents=docs)
    )
    assert decision.missing_documents == (Document.AKTA_NIKAH,)
    decision = route_case(
        _facts(
            CaseType.BARU,
            STOCK["above"],
            born=date(2008, 1, 1),
            marital=MARRIED,
            documents=docs | {Document.AKTA_NIKAH},
        )
    )
    assert decision.route is Route.RECORD
    assert missing_documents(CaseType.BARU, [Document.KK], married_under_17=False) == ()


def test_pemula_flag_for_the_target_date() -> None:
    decision = route_case(_facts(CaseType.BARU, STOCK["above"], born=date(2007, 2, 14), target=ELECTION))
    assert decision.route is Route.RECORD
    assert decision.pemula_for_target


@pytest.mark.parametrize(
    ("kind", "ikd", "outcome"),
    [
        (CaseType.HILANG, IkdOutcome.ACTIVATED, Outcome.DIRUJUK_IKD),
        (CaseType.RUSAK, IkdOutcome.NO_SMARTPHONE, Outcome.DIRUJUK_IKD),
        (CaseType.AKTIVASI_IKD, IkdOutcome.ACTIVATED, Outcome.SELESAI),
        (CaseType.AKTIVASI_IKD, IkdOutcome.GUIDED_HOME, Outcome.SELESAI),
        (CaseType.AKTIVASI_IKD, IkdOutcome.NO_SMARTPHONE, Outcome.TIDAK_MEMENUHI_SYARAT),
    ],
)
def test_outcome_after_the_ikd_checklist(kind: CaseType, ikd: IkdOutcome, outcome: Outcome) -> None:
    assert outcome_for_ikd(kind, ikd) is outcome


def test_ikd_checklist_has_the_seven_steps_and_activation_needs_them_all() -> None:
    assert len(IKD_STEPS) == 7
    assert "Identitas Kependudukan Digital" in IKD_STEPS[0]
    assert "ganti PIN" in IKD_STEPS[6]
    assert IkdResult((True,) * 7, IkdOutcome.ACTIVATED).steps_text == "1111111"
    assert (
        IkdResult((True, True, False, False, False, False, False), IkdOutcome.GUIDED_HOME).steps_text
        == "1100000"
    )
    with pytest.raises(ValidationError, match="langkah 4, 7"):
        IkdResult((True, True, True, False, True, True, False), IkdOutcome.ACTIVATED)
    with pytest.raises(ValidationError, match="7 langkah"):
        IkdResult((True,) * 6, IkdOutcome.GUIDED_HOME)


def test_the_ticket_service_suggests_the_case_type() -> None:
    assert suggest_case_type("A") is CaseType.BARU
    assert suggest_case_type("b") is CaseType.HILANG
    assert suggest_case_type("Z") is None


# -- identity, names, phone -------------------------------------------------------------------------
def test_identity_mismatch_says_which_part_disagrees() -> None:
    facts = validate_nik("6202054507060001", today=TODAY)
    assert identity_mismatches(facts, date(2006, 7, 5), "P") == ()
    (date_problem,) = identity_mismatches(facts, date(2006, 7, 6), "P")
    assert "Tanggal lahir" in date_problem
    assert "hari" in date_problem
    assert "bulan" not in date_problem
    (year_problem,) = identity_mismatches(facts, date(2005, 7, 5), "P")
    assert "tahun" in year_problem
    (sex_problem,) = identity_mismatches(facts, date(2006, 7, 5), "L")
    assert "Jenis kelamin" in sex_problem
    assert "perempuan" in sex_problem
    assert len(identity_mismatches(facts, date(2006, 8, 5), "L")) == 2


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Siti   Aminah ", "Siti Aminah"),
        ("AHMAD [/]", "AHMAD [/]"),  # Rich markup is stored as typed; screens render plain Text
        ("[bold red]BUDI[/bold red]", "[bold red]BUDI[/bold red]"),
        ("Ni Luh Putu Ayu", "Ni Luh Putu Ayu"),
        ("A" * 100, "A" * 100),
    ],
)
def test_names_are_stored_as_typed(typed: str, stored: str) -> None:
    assert normalize_person_name(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("AHMAD\x1b[2J", "kode escape"),
        ("AHMAD\x1b]0;X\x07", "kode escape"),
        ("AHMAD\x00", "karakter kendali"),
        ("AHMAD\nBUDI", "satu baris"),
        ("AHMAD\u202eIDUB", "tak terlihat"),  # right-to-left override
        ("A" * 101, "terlalu panjang (101 karakter; maksimal 100)"),
        ("   ", "wajib diisi"),
        ("12345", "huruf"),
    ],
)
def test_bad_names_are_refused_with_a_message(typed: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        normalize_person_name(typed)


def test_phone_numbers() -> None:
    assert normalize_phone("0812-3456-7890") == "+6281234567890"
    assert normalize_phone("") is None
    with pytest.raises(ValidationError, match="Nomor HP"):
        normalize_phone("12")
    with pytest.raises(ValidationError, match="Nomor HP"):
        normalize_phone("0812\x1b[2J")


def test_birth_date_formats() -> None:
    assert parse_birth_date("05-07-2006") == date(2006, 7, 5)
    assert parse_birth_date("5/7/2006") == date(2006, 7, 5)
    assert parse_birth_date("2006-07-05") == date(2006, 7, 5)
    with pytest.raises(ValidationError, match="HH-BB-TTTT"):
        parse_birth_date("30-02-2006")


# -- recording statuses -----------------------------------------------------------------------------
def test_recording_transitions() -> None:
    check_recording_transition(RecordingStatus.BIO_CAPTURED, RecordingStatus.SENT_FOR_ENROLLMENT)
    check_recording_transition(RecordingStatus.SENT_FOR_ENROLLMENT, RecordingStatus.DUPLICATE_RECORD)
    check_recording_transition(RecordingStatus.ENROLL_FAILURE_AT_CENTRAL, RecordingStatus.BIO_CAPTURED)
    with pytest.raises(ValidationError, match="BIO_CAPTURED ke PRINT_READY_RECORD"):
        check_recording_transition(RecordingStatus.BIO_CAPTURED, RecordingStatus.PRINT_READY_RECORD)
    with pytest.raises(ValidationError, match="otomatis"):
        check_recording_transition(RecordingStatus.PRINT_READY_RECORD, RecordingStatus.CARD_PRINTED)
    check_recording_transition(
        RecordingStatus.PRINT_READY_RECORD, RecordingStatus.CARD_PRINTED, by_print=True
    )
    assert RECORDING_TRANSITIONS[RecordingStatus.CARD_PRINTED] == frozenset()
    assert set(RECORDING_TRANSITIONS) == set(RecordingStatus)


# -- stock and target -------------------------------------------------------------------------------
def test_the_news_report_numbers() -> None:
    target = Target(313_281, 310_785, 0)
    assert target.remaining == 2_496
    assert target.progress_text() == "99,2 % — 2.496 belum rekam"
    assert Target(313_281, 310_785, 496).progress_text() == "99,3 % — 2.000 belum rekam"
    policy = ReservePolicy(ReserveMode.TARGET, buffer_percent=10)
    assert policy.reserve(target.remaining) == 2_746  # 2,496 + 10 %, rounded up
    level = StockLevel(5_000, policy.reserve(target.remaining), True, used_last_days=70)
    assert level.available_for_replacement == 5_000 - 2_746 - 1
    assert level.days_left == pytest.approx(500.0)
    assert Target(None, 0, 0).progress_text() == "Target perekaman belum diatur."


def test_fixed_reserve_and_no_use_means_no_days_left() -> None:
    assert ReservePolicy(ReserveMode.FIXED, fixed=300).reserve(2_496) == 300
    level = StockLevel(200, 300, True, 0)
    assert level.available_for_replacement == 0
    assert level.days_left is None
    assert level.days_left_text() == "—"
    assert StockLevel(5_000, 0, False, 7).available_for_replacement == 0


def test_percent_rounds_down_so_100_means_done() -> None:
    assert format_percent(99.96) == "99,9 %"
    assert format_percent(100.0) == "100,0 %"
    assert format_number(1_234_567) == "1.234.567"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "negatif"),
        ("0", "lebih dari 0"),
        ("abc", "bilangan bulat"),
        ("1,5", "bilangan bulat"),
        ("100001", "terlalu besar"),
        ("99999999999999999999", "terlalu besar"),
        ("", "bilangan bulat"),
        ("５", "bilangan bulat"),
    ],
)
def test_bad_stock_quantities(typed: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_quantity(typed)


def test_good_stock_quantities() -> None:
    assert parse_quantity("5000") == 5000
    assert parse_quantity("5.000") == 5000  # Indonesian thousands separator
    assert parse_quantity(" 12 ") == 12


def test_the_balance_never_goes_negative() -> None:
    assert check_balance_after(1, -1) == 0
    with pytest.raises(ValidationError, match="habis"):
        check_balance_after(0, -1)
    with pytest.raises(ValidationError, match="hanya 3"):
        check_balance_after(3, -5)


# -- properties of the routing ----------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=400, deadline=None)
@given(
    kind=st.sampled_from(list(CaseType)),
    born=st.dates(min_value=date(1930, 1, 1), max_value=TODAY),
    marital=st.sampled_from(list(MaritalStatus)),
    docs=st.sets(st.sampled_from(list(Document))),
    status=st.none() | st.sampled_from(list(RecordingStatus)),
    balance=st.integers(min_value=0, max_value=500),
    reserve=st.integers(min_value=0, max_value=500),
    allowed=st.booleans(),
)
def test_routing_never_breaks_the_stock_or_age_rules(
    kind: CaseType,
    born: date,
    marital: MaritalStatus,
    docs: set[Document],
    status: RecordingStatus | None,
    balance: int,
    reserve: int,
    allowed: bool,
) -> None:
    stock = StockRule(balance, reserve, allowed)
    decision = route_case(CaseFacts(kind, born, marital, frozenset(docs), status, stock, TODAY))
    if decision.uses_blank:
        assert decision.route is Route.PRINT
        assert balance >= 1
        assert print_eligibility(born, marital, TODAY).allowed
        assert not missing_documents(
            kind, docs, married_under_17=marital.ever_married and age_on(born, TODAY) < 17
        )
        if kind.is_replacement:
            assert allowed
            assert balance - 1 > reserve
    if decision.creates_recording:
        assert recording_eligibility(born, marital, TODAY).allowed
    if decision.route is Route.NOT_ELIGIBLE:
        assert decision.eligible_from is not None
        assert decision.eligible_from > TODAY
    if status is RecordingStatus.DUPLICATE_RECORD:
        assert not decision.uses_blank
    assert decision.message
    assert decision.joins_waiting_list <= decision.needs_ikd_checklist


@pytest.mark.parametrize("kind", list(CaseType))
def test_a_duplicate_record_blocks_every_service(kind: CaseType) -> None:
    decision = route_case(_facts(kind, STOCK["above"], status=RecordingStatus.DUPLICATE_RECORD))
    assert decision.route is Route.BLOCKED
    assert not decision.uses_blank
    assert "DUPLICATE_RECORD" in decision.message
