"""On the laptop: write ONE sealed transfer file with the jemput bola sessions and what they recorded.

The sessions must be ended (an open session could still change). Cases still open are left out and named in the
result: finish them, then export again (the office's import only adds rows it does not have yet). Personal data
is decrypted with this laptop's key and travels inside the file's encryption (domain/outreach_transfer.py); the
export is audited (`outreach.export`) before the file is written. Supervisor only: it takes personal data out of
the database in bulk, like `export --full-nik`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_tui.domain.clock import to_utc_text
from counter_tui.domain.errors import Conflict, NotFound, ValidationError
from counter_tui.domain.outreach_transfer import FORMAT, VERSION, check_passphrase, seal
from counter_tui.domain.text import quoted_input
from counter_tui.services._cases_common import _cipher, _context
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import cases as case_store
from counter_tui.storage import office as office_store
from counter_tui.storage import outreach as store

__all__ = ["ExportResult", "export_outreach"]


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    sessions: int
    cases: int
    recordings: int
    open_cases_left_out: int
    sha256: str

    def summary(self) -> str:
        text = (
            f"Berkas jemput bola ditulis: {self.path} ({self.sessions} kegiatan, {self.cases} berkas, "
            f"{self.recordings} perekaman)."
        )
        if self.open_cases_left_out:
            text += f" {self.open_cases_left_out} berkas masih terbuka dan tidak ikut; selesaikan, lalu ekspor lagi."
        return text


def _with_plain_pii(session: Session, case: dict[str, Any]) -> dict[str, Any]:
    cipher = _cipher(session)
    uuid = case["uuid"]
    out = {k: v for k, v in case.items() if not k.endswith("_ct")}
    out["nik"] = cipher.decrypt(case["nik_ct"], _context("nik", uuid))
    out["name"] = cipher.decrypt(case["name_ct"], _context("name", uuid))
    out["birth_date"] = cipher.decrypt(case["birth_date_ct"], _context("birth_date", uuid))
    out["phone"] = cipher.decrypt(case["phone_ct"], _context("phone", uuid)) if case["phone_ct"] else None
    return out


def export_outreach(
    session: Session, out: str | Path, passphrase: str, *, session_uuid: str | None = None
) -> ExportResult:
    """Write the transfer file (never over an existing file). Raises before writing anything when a session is
    still open, there is nothing to export, or the passphrase is too short."""
    check_passphrase(passphrase)
    target = Path(out)
    if target.exists():
        raise Conflict(
            f"Berkas {quoted_input(target.name)} sudah ada; pilih nama lain (tidak pernah ditimpa)."
        )
    if not target.parent.is_dir():
        raise ValidationError(f"Folder {quoted_input(target.parent)} tidak ada.")
    with session.write(supervisor=True) as conn:
        device = case_store.device_id(conn)
        if session_uuid is not None and store.get_session_by_uuid(conn, session_uuid) is None:
            raise NotFound(f"Kegiatan jemput bola {quoted_input(session_uuid)} tidak ditemukan.")
        rows = store.transfer_rows(conn, session_uuid)
        if not rows["sessions"]:
            raise NotFound("Belum ada kegiatan jemput bola di perangkat ini untuk diekspor.")
        still_open = [s for s in rows["sessions"] if s["ended_at"] is None]
        if still_open:
            raise Conflict(
                f"Kegiatan jemput bola di {still_open[0]['place']} masih berjalan; akhiri dahulu, lalu ekspor."
            )
        finished = {c["uuid"] for c in rows["cases"] if c["status"] == "finished"}
        left_out = len(rows["cases"]) - len(finished)
        office = office_store.get_office(conn)
        assert office is not None
        now = session.now()
        payload: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "office": {"region_code": office.region_code, "name": office.name},
            "device_id": device,
            "created_at": to_utc_text(now),
            "exported_by": session.actor.code,
            "sessions": rows["sessions"],
            "links": [link for link in rows["links"] if link["case_uuid"] in finished],
            "cases": [_with_plain_pii(session, c) for c in rows["cases"] if c["uuid"] in finished],
            "recordings": [r for r in rows["recordings"] if r["case_uuid"] in finished],
            "history": rows["history"],
            "ikd": [k for k in rows["ikd"] if k["case_uuid"] in finished],
            "waiting": [w for w in rows["waiting"] if w["case_uuid"] in finished],
            "audit": rows["audit"],
        }
        data = seal(
            payload, passphrase, office_code=office.region_code, device_id=device, created_at=to_utc_text(now)
        )
        digest = hashlib.sha256(data).hexdigest()
        audit.append(
            conn,
            session.actor,
            "outreach.export",
            f"file:{target.name}",
            {
                "sessions": [s["uuid"] for s in rows["sessions"]],
                "cases": len(finished),
                "left_out_open": left_out,
                "sha256": digest,
            },
            now,
        )
        # Written inside the transaction: a failure to write rolls the audit row back with it.
        _write_new_file(target, data)
    return ExportResult(
        target, len(rows["sessions"]), len(finished), len(payload["recordings"]), left_out, digest
    )


def _write_new_file(target: Path, data: bytes) -> None:
    """A hidden temporary file beside the target, fsynced, then linked into place: never half a file, never over
    an existing one."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, target)
        except FileExistsError:
            raise Conflict(f"Berkas {quoted_input(target.name)} sudah ada; pilih nama lain.") from None
        except OSError:
            if target.exists():
                raise Conflict(f"Berkas {quoted_input(target.name)} sudah ada; pilih nama lain.") from None
            os.replace(temp, target)  # a file system without hard links (FAT on a USB stick)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
