"""No text typed into the case form crashes the checks: every field either passes or gets a ValidationError
sentence, and no message echoes a full NIK."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from counter_tui.domain.errors import ValidationError
from counter_tui.services.case_draft import CaseDraft, check_draft

TODAY = date(2026, 11, 30)
typed = st.text(max_size=30) | st.sampled_from(["6202054507060001", "05-07-2006", "P", "kawin", "hilang", ""])


@settings(max_examples=300, deadline=None)
@given(
    nik=typed,
    name=typed,
    birth=typed,
    sex=typed,
    marital=typed,
    kind=typed,
    phone=typed | st.none(),
    siak=typed | st.none(),
    docs=st.lists(typed, max_size=3),
)
def test_no_typed_text_crashes_the_case_checks(
    nik: str,
    name: str,
    birth: str,
    sex: str,
    marital: str,
    kind: str,
    phone: str | None,
    siak: str | None,
    docs: list[str],
) -> None:
    draft = CaseDraft(
        nik=nik,
        name=name,
        birth_date=birth,
        sex=sex,
        marital=marital,
        case_type=kind,
        documents=docs,
        phone=phone,
        siak_status=siak,
    )
    message = None
    try:
        checked = check_draft(draft, TODAY)
    except ValidationError as error:
        message = str(error)
    if message is None:
        assert checked.facts.nik.isdigit()
    else:
        assert message
        assert "6202054507060001" not in message
