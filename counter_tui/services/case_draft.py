"""The case form's input (a draft) and its check: normalized fields, the NIK facts and the problems found."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from counter_tui.domain.applicant import (
    identity_mismatches,
    normalize_person_name,
    normalize_phone,
    parse_birth_date,
    parse_sex,
)
from counter_tui.domain.cases import (
    CaseType,
    MaritalStatus,
    RecordingStatus,
    parse_case_type,
    parse_marital,
    parse_recording_status,
)
from counter_tui.domain.documents import Document
from counter_tui.domain.errors import ValidationError
from counter_tui.domain.nik import NikFacts, check_nik

__all__ = [
    "CaseDraft",
]


# -- the form's input -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseDraft:
    """What the case form holds. Text as typed; the use cases check and normalise it.

    `siak_status`: for a person recorded before the app (or elsewhere), the recording status the operator reads
    from SIAK. `ticket_id`: the ticket being served (None for a case opened from a search)."""

    nik: str
    name: str
    birth_date: str | date
    sex: str
    marital: str | MaritalStatus
    case_type: str | CaseType
    documents: Iterable[Document | str] = ()
    phone: str | None = None
    siak_status: str | RecordingStatus | None = None
    ticket_id: int | None = None


@dataclass(frozen=True)
class CheckedDraft:
    facts: NikFacts
    name: str
    birth_date: date
    sex: str
    marital: MaritalStatus
    case_type: CaseType
    documents: tuple[Document, ...]
    phone: str | None
    siak_status: RecordingStatus | None
    ticket_id: int | None
    warnings: tuple[str, ...]


def check_draft(draft: CaseDraft, today: date) -> CheckedDraft:
    """Every field checked; all problems reported together (ValidationError, one sentence per problem)."""
    problems: list[str] = []

    def attempt(func, *args):
        try:
            return func(*args)
        except ValidationError as error:
            problems.append(error.message)
            return None

    nik = check_nik(draft.nik, today=today)
    problems.extend(nik.errors)
    name = attempt(normalize_person_name, draft.name)
    birth = attempt(parse_birth_date, draft.birth_date)
    sex = attempt(parse_sex, draft.sex)
    marital = attempt(parse_marital, draft.marital)
    case_type = attempt(parse_case_type, draft.case_type)
    phone = attempt(normalize_phone, draft.phone)
    documents: list[Document] = []
    for item in draft.documents:
        try:
            doc = Document(item)
        except ValueError:
            problems.append("Dokumen tidak dikenal dalam daftar berkas.")
            continue
        if doc not in documents:
            documents.append(doc)
    siak = attempt(parse_recording_status, draft.siak_status) if draft.siak_status else None
    if nik.facts is not None and birth is not None and sex is not None:
        problems.extend(identity_mismatches(nik.facts, birth, sex))
    if birth is not None and birth > today:
        problems.append("Tanggal lahir tidak boleh setelah hari ini.")
    if problems:
        raise ValidationError(" ".join(problems))
    assert nik.facts is not None
    assert name
    assert birth
    assert sex
    assert marital
    assert case_type
    return CheckedDraft(
        nik.facts,
        name,
        birth,
        sex,
        marital,
        case_type,
        tuple(documents),
        phone,
        siak,
        draft.ticket_id,
        nik.warnings,
    )
