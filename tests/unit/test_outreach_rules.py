"""Jemput bola rules (pure): kinds, the place label, the kecamatan, one open session, what may happen in one, and
the sealed transfer file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from counter_tui.domain.errors import Conflict, ValidationError
from counter_tui.domain.outreach import (
    KOTIM_KECAMATAN,
    OutreachAction,
    OutreachKind,
    OutreachSession,
    check_action_allowed,
    check_can_end,
    check_can_start,
    normalize_place,
    parse_kecamatan,
    parse_kind,
    route_at_outreach,
)
from counter_tui.domain.outreach_transfer import BAD_FILE, seal, unseal
from counter_tui.domain.queue import Outcome
from counter_tui.domain.routing import CaseDecision, Route

T0 = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def _session(ended: datetime | None = None) -> OutreachSession:
    return OutreachSession(1, "u" * 36, "d" * 36, OutreachKind.SEKOLAH, "SMAN 1 Sampit", None, date(2026, 11, 30),
                           T0, "OPR1", ended, "OPR1" if ended else None)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "kind"), [("sekolah", OutreachKind.SEKOLAH), (" RUMAH ", OutreachKind.RUMAH)]
)
def test_kinds(text: str, kind: OutreachKind) -> None:
    assert parse_kind(text) is kind
    assert kind.label


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValidationError, match="sekolah, rumah atau lainnya"):
        parse_kind("pasar")


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("SMAN 1 Sampit", "SMAN 1 Sampit"),
        ("  Desa   Bagendang ", "Desa Bagendang"),
        ("Kel. Baamang Hulu", None),
    ],
)
def test_places_that_are_schools_or_villages(place: str, expected: str | None) -> None:
    assert normalize_place(place) == (expected or place)


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("", "wajib diisi"),
        ("ab", "terlalu pendek"),
        ("x" * 81, "terlalu panjang"),
        ("Jl. Tjilik Riwut 12", "alamat rumah"),
        ("Gg. Mawar No. 3", "alamat rumah"),
        ("Rumah RT 02", "alamat rumah"),
        ("Rumah 6202054507060001", "alamat rumah"),
        ("SMA\tNegeri", "karakter kendali"),
    ],
)
def test_places_that_are_refused(place: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        normalize_place(place)


def test_the_seventeen_kecamatan_of_kotim() -> None:
    assert len(KOTIM_KECAMATAN) == 17
    assert parse_kecamatan("05", "62.02") == "62.02.05"
    assert parse_kecamatan("620217", "62.02") == "62.02.17"
    assert parse_kecamatan("", "62.02") is None
    with pytest.raises(ValidationError, match="bukan bagian"):
        parse_kecamatan("62.03.01", "62.02")
    with pytest.raises(ValidationError):
        parse_kecamatan("62.02.99", "62.02")


def test_one_open_session_and_ending_it() -> None:
    check_can_start(None)
    check_can_start(_session(ended=T0))
    with pytest.raises(Conflict, match="masih berjalan"):
        check_can_start(_session())
    assert check_can_end(_session(), T0).is_open
    with pytest.raises(Conflict, match="Tidak ada"):
        check_can_end(_session(ended=T0), T0)
    with pytest.raises(Conflict):
        check_can_end(None, T0)


def test_recording_and_ikd_yes_printing_no() -> None:
    check_action_allowed(OutreachAction.RECORD)
    check_action_allowed(OutreachAction.IKD_GUIDANCE)
    for action in (OutreachAction.PRINT, OutreachAction.MISPRINT):
        with pytest.raises(Conflict, match="tidak dicetak"):
            check_action_allowed(action)


def test_a_print_decision_becomes_ikd_and_the_waiting_list() -> None:
    printing = CaseDecision(Route.PRINT, Outcome.SELESAI, "cetak", uses_blank=True, first_time_card=True)
    changed = route_at_outreach(printing)
    assert (changed.route, changed.outcome, changed.uses_blank) == (Route.IKD, Outcome.DIRUJUK_IKD, False)
    assert changed.needs_ikd_checklist
    assert changed.joins_waiting_list
    assert changed.first_time_card
    recording = CaseDecision(Route.RECORD, Outcome.SELESAI, "rekam", creates_recording=True)
    assert route_at_outreach(recording) is recording


def test_the_sealed_file_opens_only_with_its_passphrase_and_unchanged() -> None:
    payload = {
        "format": "counter_tui.outreach",
        "office": {"region_code": "62.02"},
        "cases": [{"name": "Siti"}],
    }
    data = seal(payload, "frasa sandi panjang", office_code="62.02", device_id="d" * 36, created_at="t")
    assert b"Siti" not in data
    header, opened = unseal(data, "frasa sandi panjang")
    assert opened == payload
    assert header.office_code == "62.02"
    with pytest.raises(ValidationError) as wrong:
        unseal(data, "frasa sandi keliru")
    assert str(wrong.value) == BAD_FILE
    for position in (20, len(data) // 2, len(data) - 1):
        changed = bytearray(data)
        changed[position] ^= 0x20
        with pytest.raises(ValidationError):
            unseal(bytes(changed), "frasa sandi panjang")
    with pytest.raises(ValidationError, match="terlalu pendek"):
        seal(payload, "pendek", office_code="62.02", device_id="d" * 36, created_at="t")


def test_inflated_scrypt_parameters_are_refused_before_any_work() -> None:
    data = seal({"format": "counter_tui.outreach", "office": {"region_code": "62.02"}}, "frasa sandi panjang",
                office_code="62.02", device_id="d" * 36, created_at="t")  # fmt: skip
    inflated = data.replace(b'"n":32768', b'"n":1073741824')
    with pytest.raises(ValidationError) as refused:
        unseal(inflated, "frasa sandi panjang")
    assert str(refused.value) == BAD_FILE
