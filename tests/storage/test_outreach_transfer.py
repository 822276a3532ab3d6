"""The laptop → office round trip with two real database files (different key files, different device ids):
export on the laptop, import at the office; the case and its recording appear at the office, decryptable with the
office's key; a second import adds nothing; a wrong passphrase, a changed byte, another office's file and an
unknown operator code write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_tui.domain.errors import Conflict, CounterError, ValidationError
from counter_tui.domain.outreach_transfer import BAD_FILE
from counter_tui.services import accounts, case_finish, case_search, outreach, recap
from counter_tui.services.outreach_export import export_outreach
from counter_tui.services.outreach_import import import_outreach
from counter_tui.services.session import Session
from counter_tui.storage import office as office_store
from counter_tui.storage.db import Database, open_database
from tests.clock import FixedClock
from tests.conftest import OPERATOR_CODE, OPERATOR_PIN, SUPERVISOR_CODE, SUPERVISOR_PIN, make_ready_db
from tests.storage.test_outreach import ACTIVATED, pemula

PASS = "kunci rahasia jemput bola"
HILANG_NIK = "6202054507060001"

pytestmark = pytest.mark.slow  # scrypt and two databases: about 2 s per test


def _login(db: Database, clock: FixedClock, code: str, pin: str) -> Session:
    return Session(db, accounts.login(Session(db, clock=clock), code, pin, 0), clock)


@pytest.fixture
def laptop_and_office(tmp_path: Path, clock: FixedClock):
    make_ready_db(tmp_path / "laptop.db", clock)
    make_ready_db(tmp_path / "office.db", clock)
    laptop, office = open_database(tmp_path / "laptop.db"), open_database(tmp_path / "office.db")
    yield laptop, office
    laptop.close()
    office.close()


def _outreach_day(laptop: Database, clock: FixedClock) -> tuple[str, list[str]]:
    """A school session on the laptop: two pemula recorded, one hilang guided through IKD (waiting list)."""
    from counter_tui.services.case_draft import CaseDraft

    opr = _login(laptop, clock, OPERATOR_CODE, OPERATOR_PIN)
    started = outreach.start_session(opr, "sekolah", "SMAN 1 Sampit", "05")
    made = [case_finish.finish_case(opr, pemula(n)).case.uuid for n in (1, 2)]
    hilang = CaseDraft(
        nik=HILANG_NIK, name="Siti Aminah", birth_date="05-07-2006", sex="P", marital="belum_kawin",
        case_type="hilang", documents=["kk", "surat_kehilangan"], phone="0812-3456-7890",
    )  # fmt: skip
    made.append(case_finish.finish_case(opr, hilang, ikd=ACTIVATED).case.uuid)
    clock.advance(hours=3)
    outreach.end_session(opr)
    return started.uuid, made


def counts(db: Database) -> dict[str, int]:
    with db.snapshot() as conn:
        return office_store.table_counts(conn)


def test_the_round_trip(laptop_and_office, clock: FixedClock, tmp_path: Path) -> None:
    laptop, office = laptop_and_office
    assert laptop.pepper != office.pepper
    session_uuid, made = _outreach_day(laptop, clock)
    out = tmp_path / "jemput.ctuo"
    exported = export_outreach(_login(laptop, clock, SUPERVISOR_CODE, SUPERVISOR_PIN), out, PASS)
    assert (exported.sessions, exported.cases, exported.recordings) == (1, 3, 2)
    data = out.read_bytes()
    assert b"Siti Aminah" not in data
    assert HILANG_NIK.encode() not in data
    assert b"SMAN" not in data
    assert out.stat().st_mode & 0o077 == 0

    clock.advance(days=1)
    spv = _login(office, clock, SUPERVISOR_CODE, SUPERVISOR_PIN)
    result = import_outreach(spv, out, PASS)
    assert result.new == {
        "outreach_sessions": 1, "cases": 3, "recordings": 2, "recording_status_history": 2,
        "ikd_checklists": 1, "card_waiting_list": 1, "outreach_cases": 3,
    }  # fmt: skip
    assert result.total_present == 0
    laptop_device = laptop.conn.execute("SELECT device_id FROM device").fetchone()[0]
    office_device = office.conn.execute("SELECT device_id FROM device").fetchone()[0]
    assert laptop_device != office_device
    assert {r[0] for r in office.conn.execute("SELECT device_id FROM cases")} == {laptop_device}
    assert {r[0] for r in office.conn.execute("SELECT device_id FROM recordings")} == {laptop_device}
    # Decryptable with the office's key, and found by the office's NIK lookup hash.
    detail = case_search.open_case(spv, made[2])
    assert (detail.nik, detail.name, detail.phone) == (HILANG_NIK, "Siti Aminah", "+6281234567890")
    found, recording = case_search.case_history(spv, HILANG_NIK)
    assert [c.uuid for c in found] == [made[2]]
    # The laptop's ciphertext was not copied: it would not open under the office's key.
    assert (
        office.conn.execute("SELECT nik_ct FROM cases WHERE uuid = ?", (made[2],)).fetchone()[0]
        != (laptop.conn.execute("SELECT nik_ct FROM cases WHERE uuid = ?", (made[2],)).fetchone()[0])
    )
    figures = recap.recap(spv, "2026-11-30")
    assert figures["outreach"]["sessions"] == 1
    assert figures["outreach"]["recorded"] == 2
    assert figures["recordings"]["total"] == 2
    actions = [r[0] for r in office.conn.execute("SELECT action FROM audit_log WHERE action LIKE '%import'")]
    assert actions == ["case.import"] * 3 + ["outreach.import"]

    # Again: nothing added, and said so; nothing written at all.
    before = counts(office)
    again = import_outreach(spv, out, PASS)
    assert again.total_new == 0
    assert again.total_present == 13
    assert "sudah ada" in again.lines()[0]
    assert counts(office) == before
    assert (
        office.conn.execute(
            "SELECT count(*) FROM outreach_sessions WHERE uuid = ?", (session_uuid,)
        ).fetchone()[0]
        == 1
    )


def test_wrong_passphrase_tampered_file_and_another_office_write_nothing(
    laptop_and_office, clock: FixedClock, tmp_path: Path
) -> None:
    laptop, office = laptop_and_office
    _outreach_day(laptop, clock)
    out = tmp_path / "jemput.ctuo"
    export_outreach(_login(laptop, clock, SUPERVISOR_CODE, SUPERVISOR_PIN), out, PASS)
    spv = _login(office, clock, SUPERVISOR_CODE, SUPERVISOR_PIN)
    before = counts(office)
    with pytest.raises(ValidationError) as wrong:
        import_outreach(spv, out, "bukan kunci yang benar")
    assert str(wrong.value) == BAD_FILE
    data = bytearray(out.read_bytes())
    for position in (len(data) - 5, data.index(b'"office"') + 12):  # the body, and the header
        changed = bytearray(data)
        changed[position] ^= 0x01
        (tmp_path / "changed.ctuo").write_bytes(bytes(changed))
        with pytest.raises(ValidationError) as tampered:
            import_outreach(spv, tmp_path / "changed.ctuo", PASS)
        assert str(tampered.value) in (
            BAD_FILE,
            "Berkas ini bukan berkas jemput bola counter_tui; tidak ada yang ditulis.",
        )
    assert counts(office) == before

    other = tmp_path / "other.db"
    from counter_tui.services import office_setup
    from counter_tui.services.office_setup import SetupRequest

    other_db = open_database(other, create=True)
    try:
        office_setup.setup_office(
            Session(other_db, clock=clock),
            SetupRequest(
                "Disdukcapil Kab. Kapuas", "62.03", SUPERVISOR_CODE, "Agus", SUPERVISOR_PIN, SUPERVISOR_PIN
            ),
        )
        other_spv = _login(other_db, clock, SUPERVISOR_CODE, SUPERVISOR_PIN)
        other_before = counts(other_db)
        with pytest.raises(Conflict, match="bukan kantor ini"):
            import_outreach(other_spv, out, PASS)
        assert counts(other_db) == other_before
    finally:
        other_db.close()


def test_unknown_operator_codes_are_refused_and_named(
    laptop_and_office, clock: FixedClock, tmp_path: Path
) -> None:
    laptop, office = laptop_and_office
    from counter_tui.services import account_admin

    spv_laptop = _login(laptop, clock, SUPERVISOR_CODE, SUPERVISOR_PIN)
    account_admin.add_operator(spv_laptop, "LAPT1", "Petugas Laptop", "operator", "583920", "583920")
    field = _login(laptop, clock, "LAPT1", "583920")
    outreach.start_session(field, "rumah", "Desa Bagendang")
    case_finish.finish_case(field, pemula(7))
    outreach.end_session(field)
    out = tmp_path / "jemput.ctuo"
    export_outreach(spv_laptop, out, PASS)
    spv = _login(office, clock, SUPERVISOR_CODE, SUPERVISOR_PIN)
    before = counts(office)
    with pytest.raises(Conflict, match="LAPT1"):
        import_outreach(spv, out, PASS)
    assert counts(office) == before


def test_export_refuses_an_open_session_and_an_operator(
    laptop_and_office, clock: FixedClock, tmp_path: Path
) -> None:
    laptop, office = laptop_and_office
    opr = _login(laptop, clock, OPERATOR_CODE, OPERATOR_PIN)
    outreach.start_session(opr, "sekolah", "SMAN 1 Sampit")
    case_finish.finish_case(opr, pemula(1))
    with pytest.raises(Conflict, match="masih berjalan"):
        export_outreach(_login(laptop, clock, SUPERVISOR_CODE, SUPERVISOR_PIN), tmp_path / "a.ctuo", PASS)
    outreach.end_session(opr)
    with pytest.raises(CounterError, match="supervisor"):
        export_outreach(opr, tmp_path / "a.ctuo", PASS)
    with pytest.raises(ValidationError, match="terlalu pendek"):
        export_outreach(_login(laptop, clock, SUPERVISOR_CODE, SUPERVISOR_PIN), tmp_path / "a.ctuo", "pendek")
    assert not (tmp_path / "a.ctuo").exists()
    assert not list(tmp_path.glob(".a.ctuo*"))
