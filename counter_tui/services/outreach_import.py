"""At the office: merge a laptop's jemput bola transfer file (supervisor only).

- The file is opened with its passphrase; a wrong one or a changed byte is one sentence, and nothing is written.
- A file made for another office (region code) is refused.
- Rows are merged by UUID: a row the office already has is counted as present and left as it is, so importing
  the same file twice adds nothing (and says so; an import that adds nothing writes nothing, not even an audit
  row). Every row keeps the laptop's `device_id`.
- Operators are matched by their code. A code the office does not know is refused, naming the codes: add those
  accounts at the office first, then import again (never a new person invented from a file).
- Personal data is encrypted again with the office's own key (`PiiCipher`), and the NIK lookup hash is the
  office's; each case keeps its UUID, so the ciphertext stays bound to its row.
- A person the office already has a recording (or a waiting-list entry) for keeps the office's row; the laptop's
  is not added, and the result counts it as a conflict (one recording per person).
- One BEGIN IMMEDIATE, audited: `outreach.import`, and a `case.import` per new case with the laptop's audit facts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter_tui.domain.errors import Conflict, ValidationError
from counter_tui.domain.nik import mask_nik
from counter_tui.domain.outreach_transfer import BAD_FILE, MAX_FILE_BYTES, unseal
from counter_tui.domain.text import quoted_input
from counter_tui.services._cases_common import _cipher, _context, case_nik_key
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import cases as case_store
from counter_tui.storage import office as office_store
from counter_tui.storage import outreach as store

__all__ = ["ImportResult", "import_outreach"]

# (payload key, table, what the result calls it)
_TABLES = (
    ("sessions", "outreach_sessions", "kegiatan"),
    ("cases", "cases", "berkas"),
    ("recordings", "recordings", "perekaman"),
    ("history", "recording_status_history", "riwayat status"),
    ("ikd", "ikd_checklists", "checklist IKD"),
    ("waiting", "card_waiting_list", "daftar tunggu"),
    ("links", "outreach_cases", "tautan berkas"),
)


@dataclass
class ImportResult:
    source_device: str
    new: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)  # masked NIKs whose recording the office already had

    @property
    def total_new(self) -> int:
        return sum(self.new.values())

    @property
    def total_present(self) -> int:
        return sum(self.present.values())

    def lines(self) -> list[str]:
        if self.total_new == 0:
            return [
                f"Semua data di berkas ini sudah ada di kantor ({self.total_present} baris); tidak ada yang "
                "ditambahkan."
            ]
        out = [f"Impor jemput bola dari perangkat {self.source_device}:"]
        for _key, table, label in _TABLES:
            out.append(
                f"  {label:<15}: {self.new.get(table, 0)} baru, {self.present.get(table, 0)} sudah ada"
            )
        if self.conflicts:
            out.append(
                f"  {len(self.conflicts)} rekaman tidak ditambahkan karena kantor sudah punya rekaman orang itu: "
                + ", ".join(self.conflicts)
            )
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "source_device": self.source_device,
            "new": self.new,
            "present": self.present,
            "conflicts": self.conflicts,
            "added_anything": self.total_new > 0,
        }


def read_transfer_file(path: str | Path) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise ValidationError(f"Berkas {quoted_input(file.name)} tidak ditemukan.")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise ValidationError(BAD_FILE)
    return file.read_bytes()


def import_outreach(session: Session, path: str | Path, passphrase: str) -> ImportResult:
    data = read_transfer_file(path)
    header, payload = unseal(data, passphrase)
    with session.write(supervisor=True) as conn:
        office = office_store.get_office(conn)
        assert office is not None
        if header.office_code != office.region_code:
            raise Conflict(
                f"Berkas ini untuk kantor {quoted_input(header.office_code)}, bukan kantor ini "
                f"({office.region_code}); tidak ada yang ditulis."
            )
        result = _merge(session, conn, payload)
        if result.total_new:
            now = session.now()
            assert session.actor.operator_id is not None
            digest = hashlib.sha256(data).hexdigest()
            store.insert_import(
                conn,
                digest,
                header.device_id,
                _stamp(session),
                session.actor.operator_id,
                result.total_new,
                result.total_present,
            )
            audit.append(
                conn,
                session.actor,
                "outreach.import",
                f"device:{header.device_id}",
                {
                    "sha256": digest,
                    "new": result.new,
                    "present": result.present,
                    "conflicts": result.conflicts,
                },
                now,
            )
    return result


def _stamp(session: Session) -> str:
    from counter_tui.domain.clock import to_utc_text

    return to_utc_text(session.now())


def _rows(payload: dict[str, Any], key: str) -> list[dict[str, Any]]:
    rows = payload.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValidationError(BAD_FILE)
    return rows


def _operator_map(conn, payload: dict[str, Any]) -> dict[str, int]:
    known = store.operator_ids_by_code(conn)
    wanted = {s["started_by"] for s in _rows(payload, "sessions")}
    wanted |= {s["ended_by"] for s in _rows(payload, "sessions") if s.get("ended_by")}
    wanted |= {c["operator"] for c in _rows(payload, "cases") if c.get("operator")}
    wanted |= {h["operator"] for h in _rows(payload, "history") if h.get("operator")}
    unknown = sorted(code for code in wanted if code not in known)
    if unknown:
        raise Conflict(
            "Kode petugas dari laptop tidak dikenal di kantor: "
            + ", ".join(quoted_input(c, 20) for c in unknown)
            + ". Tambahkan akunnya dahulu (F10 Petugas), lalu impor lagi; tidak ada yang ditulis."
        )
    return known


def _merge(session: Session, conn, payload: dict[str, Any]) -> ImportResult:
    result = ImportResult(str(payload.get("device_id")))
    ops = _operator_map(conn, payload)
    try:
        rows = {key: _rows(payload, key) for key, _t, _l in _TABLES}
        present = {
            table: store.existing_uuids(conn, table, [r["uuid"] for r in rows[key]])
            for key, table, _l in _TABLES
        }
        for _key, table, _l in _TABLES:
            result.new[table] = 0
            result.present[table] = len(present[table])
        laptop_audit: dict[str, list[list[Any]]] = {}
        for a in _rows(payload, "audit"):
            laptop_audit.setdefault(str(a["object"]), []).append(
                [a["at_utc"], a["operator_code"], a["action"], a["hash"]]
            )
        for s in rows["sessions"]:
            if s["uuid"] in present["outreach_sessions"]:
                continue
            store.insert_row(conn, "outreach_sessions", {
                "uuid": s["uuid"], "device_id": s["device_id"], "kind": s["kind"], "place": s["place"],
                "kecamatan_code": s["kecamatan_code"], "service_date": s["service_date"],
                "started_at": s["started_at"], "started_by": ops[s["started_by"]], "ended_at": s["ended_at"],
                "ended_by": ops[s["ended_by"]] if s["ended_by"] else None,
            })  # fmt: skip
            result.new["outreach_sessions"] += 1
        cipher = _cipher(session)
        nik_keys: dict[str, str] = {}
        for c in rows["cases"]:
            nik_keys[c["uuid"]] = key = case_nik_key(session, c["nik"])
            if c["uuid"] in present["cases"]:
                continue
            if mask_nik(c["nik"]) != c["nik_masked"]:
                raise ValidationError(BAD_FILE)
            u = c["uuid"]
            case_id = store.insert_row(conn, "cases", {
                "uuid": u, "device_id": c["device_id"], "ticket_id": None, "service_date": c["service_date"],
                "case_type": c["case_type"], "status": c["status"], "nik_key": key,
                "nik_masked": c["nik_masked"], "nik_ct": cipher.encrypt(c["nik"], _context("nik", u)),
                "name_ct": cipher.encrypt(c["name"], _context("name", u)),
                "birth_date_ct": cipher.encrypt(c["birth_date"], _context("birth_date", u)),
                "phone_ct": cipher.encrypt(c["phone"], _context("phone", u)) if c["phone"] else None,
                "sex": c["sex"], "marital": c["marital"], "documents": c["documents"], "route": c["route"],
                "outcome": c["outcome"], "message": c["message"], "pemula_for_target": c["pemula_for_target"],
                "opened_at": c["opened_at"], "finished_at": c["finished_at"],
                "operator_id": ops[c["operator"]] if c["operator"] else None, "counter": c["counter"],
            })  # fmt: skip
            result.new["cases"] += 1
            audit.append(
                conn,
                session.actor,
                "case.import",
                f"case:{u}",
                {
                    "nik": c["nik_masked"],
                    "device": c["device_id"],
                    "laptop_audit": laptop_audit.get(f"case:{u}", []),
                },
                session.now(),
            )
        new_recordings: set[str] = set()
        for r in rows["recordings"]:
            if r["uuid"] in present["recordings"]:
                continue
            key = nik_keys[r["case_uuid"]]
            if case_store.recording_for_nik(conn, key) is not None:
                result.conflicts.append(r["nik_masked"])
                continue
            store.insert_row(conn, "recordings", {
                "uuid": r["uuid"], "device_id": r["device_id"], "nik_key": key, "nik_masked": r["nik_masked"],
                "case_id": _id(conn, "cases", r["case_uuid"]), "source": r["source"], "status": r["status"],
                "recorded_on": r["recorded_on"], "printable_from": r["printable_from"],
                "updated_at": r["updated_at"],
            })  # fmt: skip
            new_recordings.add(r["uuid"])
            result.new["recordings"] += 1
        for h in rows["history"]:
            if h["uuid"] in present["recording_status_history"] or h["recording_uuid"] not in new_recordings:
                continue
            store.insert_row(conn, "recording_status_history", {
                "uuid": h["uuid"], "device_id": h["device_id"],
                "recording_id": _id(conn, "recordings", h["recording_uuid"]), "from_status": h["from_status"],
                "to_status": h["to_status"], "note": h["note"], "at_utc": h["at_utc"],
                "operator_id": ops[h["operator"]] if h["operator"] else None,
            })  # fmt: skip
            result.new["recording_status_history"] += 1
        for k in rows["ikd"]:
            if k["uuid"] in present["ikd_checklists"]:
                continue
            store.insert_row(conn, "ikd_checklists", {
                "uuid": k["uuid"], "device_id": k["device_id"], "case_id": _id(conn, "cases", k["case_uuid"]),
                "steps_done": k["steps_done"], "outcome": k["outcome"], "at_utc": k["at_utc"],
            })  # fmt: skip
            result.new["ikd_checklists"] += 1
        for w in rows["waiting"]:
            if w["uuid"] in present["card_waiting_list"]:
                continue
            key = nik_keys[w["case_uuid"]]
            if w["status"] == "waiting" and case_store.waiting_entry_for_nik(conn, key) is not None:
                result.conflicts.append(w["nik_masked"])
                continue
            store.insert_row(conn, "card_waiting_list", {
                "uuid": w["uuid"], "device_id": w["device_id"], "case_id": _id(conn, "cases", w["case_uuid"]),
                "nik_key": key, "nik_masked": w["nik_masked"], "first_time": w["first_time"],
                "status": w["status"], "added_on": w["added_on"], "added_at": w["added_at"],
            })  # fmt: skip
            result.new["card_waiting_list"] += 1
        for link in rows["links"]:
            if link["uuid"] in present["outreach_cases"]:
                continue
            session_id = _id(conn, "outreach_sessions", link["session_uuid"])
            case_id = _id(conn, "cases", link["case_uuid"])
            if store.session_of_case(conn, case_id) is not None:
                continue
            store.insert_row(conn, "outreach_cases", {
                "case_id": case_id, "session_id": session_id, "uuid": link["uuid"], "device_id": link["device_id"],
            })  # fmt: skip
            result.new["outreach_cases"] += 1
    except (KeyError, TypeError) as error:
        raise ValidationError(BAD_FILE) from error
    result.conflicts = sorted(set(result.conflicts))
    return result


def _id(conn, table: str, uuid: str) -> int:
    found = store.id_by_uuid(conn, table, uuid)
    if found is None:
        raise ValidationError(BAD_FILE)
    return found
