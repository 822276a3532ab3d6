"""Private helpers shared by the case use-case modules: keys and ciphers, role checks, audited views."""

from __future__ import annotations

import functools
from datetime import date, timedelta

from counter_tui.domain.cases import IkdOutcome
from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import PermissionDenied
from counter_tui.domain.keys import PURPOSE_NIK_LOOKUP, PiiCipher, derive_key, keyed_hash
from counter_tui.services.case_views import CaseDetail, RecordingSummary, _recording_summary, _summary
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import cases as store
from counter_tui.storage.cases import CaseRow
from counter_tui.storage.connection import Connection


# -- keys -------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _keys(key_file: bytes) -> tuple[PiiCipher, bytes]:
    return PiiCipher.from_key_file(key_file), derive_key(key_file, PURPOSE_NIK_LOOKUP)


def _cipher(session: Session) -> PiiCipher:
    return _keys(session.db.pepper)[0]


def case_nik_key(session: Session, nik_digits: str) -> str:
    """The keyed hash cases are looked up by (a key of its own, derived from the key file)."""
    return keyed_hash(_keys(session.db.pepper)[1], nik_digits)


def _context(field_name: str, case_uuid: str) -> str:
    # The row's UUID is bound as associated data: a ciphertext copied to another row or column does not decrypt.
    return f"case.{field_name}:{case_uuid}"


def _decrypt_detail(session: Session, conn: Connection, row: CaseRow) -> CaseDetail:
    cipher = _cipher(session)
    ikd = store.ikd_checklist(conn, row.id)
    recording = store.recording_for_nik(conn, row.nik_key)
    return CaseDetail(
        summary=_summary(row),
        nik=cipher.decrypt(row.nik_ct, _context("nik", row.uuid)),
        name=cipher.decrypt(row.name_ct, _context("name", row.uuid)),
        birth_date=date.fromisoformat(cipher.decrypt(row.birth_date_ct, _context("birth_date", row.uuid))),
        sex=row.sex,
        marital=row.marital,
        phone=cipher.decrypt(row.phone_ct, _context("phone", row.uuid)) if row.phone_ct else None,
        documents=row.documents,
        ikd_steps_done=tuple(c == "1" for c in ikd[0]) if ikd else None,
        ikd_outcome=IkdOutcome(ikd[1]) if ikd else None,
        recording=_recording_summary(recording) if recording else None,
    )


def _require_operator(session: Session) -> None:
    """Cases hold personal data: only a logged-in operator (never the kiosk/script actor) works on them."""
    if session.actor.operator_id is None:
        raise PermissionDenied("Masuk sebagai petugas dahulu untuk membuka atau mengubah berkas pemohon.")


def _audit_view(conn: Connection, session: Session, row: CaseRow, why: str) -> None:
    audit.append(
        conn,
        session.actor,
        "case.view",
        f"case:{row.uuid}",
        {"nik": row.nik_masked, "why": why},
        session.now(),
    )


LIST_VIEW_AUDIT_WINDOW = timedelta(minutes=10)


def _audit_list_view(session: Session, what: str, offset: int) -> None:
    """A list that shows names and phones is an audited access. Screens refresh lists whenever another counter
    commits; one audit row per operator, list and page every LIST_VIEW_AUDIT_WINDOW is enough, and a refresh
    that writes nothing cannot wake every other counter's screen in turn."""
    obj = f"{what}:offset={offset}"
    since = to_utc_text(session.now() - LIST_VIEW_AUDIT_WINDOW)
    with session.read() as conn:
        if store.recent_audit_exists(conn, session.actor.operator_id, "case.list_view", obj, since):
            return
    with session.write() as conn:
        if not store.recent_audit_exists(conn, session.actor.operator_id, "case.list_view", obj, since):
            audit.append(conn, session.actor, "case.list_view", obj, {}, session.now())


def _list_view(session: Session, rows: list[store.RecordingListRow]) -> list[RecordingSummary]:
    cipher = _cipher(session)
    result = []
    for r in rows:
        name = cipher.decrypt(r.name_ct, _context("name", r.case_uuid))
        phone = cipher.decrypt(r.phone_ct, _context("phone", r.case_uuid)) if r.phone_ct else None
        result.append(_recording_summary(r.recording, r.case_uuid, name, phone))
    return result
