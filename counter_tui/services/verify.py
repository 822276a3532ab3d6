"""`verify DIR`: check a bundle against its manifest, for the regency office that receives it. Needs no database."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from counter_tui.domain.export import MANIFEST, ExportError
from counter_tui.services.session import Session

CSV_LIMIT = 1 << 30


@dataclass
class VerifyReport:
    folder: Path
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _csv_rows(path: Path) -> int:
    csv.field_size_limit(CSV_LIMIT)
    with path.open(encoding="utf-8", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def verify_bundle(folder: Path) -> VerifyReport:
    from counter_tui.services.export_bundle import sha256_of

    folder = Path(folder)
    report = VerifyReport(folder)
    if not folder.is_dir():
        raise ExportError(f"Folder bundel tidak ditemukan: {folder}.")
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        report.problems.append(
            f"{MANIFEST}: tidak ada; ini bukan bundel ekspor counter_tui atau manifest hilang."
        )
        return report
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
        assert isinstance(files, list)
    except (ValueError, KeyError, TypeError, AssertionError, UnicodeDecodeError):
        report.problems.append(f"{MANIFEST}: rusak atau diubah (bukan JSON manifest yang sah).")
        return report
    report.manifest = manifest
    listed: set[str] = set()
    for entry in files:
        try:
            name, digest = str(entry["name"]), str(entry["sha256"])
        except (KeyError, TypeError):
            report.problems.append(f"{MANIFEST}: entri berkas tidak lengkap.")
            continue
        if Path(name).name != name or name in (MANIFEST, "", ".", ".."):
            report.problems.append(f"{name}: nama berkas tidak sah di manifest.")
            continue
        listed.add(name)
        path = folder / name
        if not path.is_file():
            report.problems.append(f"{name}: berkas hilang.")
            continue
        if sha256_of(path) != digest:
            report.problems.append(
                f"{name}: isi berkas tidak cocok dengan manifest (SHA-256 berbeda); berkas telah diubah."
            )
            continue
        if "bytes" in entry and path.stat().st_size != entry["bytes"]:
            report.problems.append(f"{name}: ukuran berkas tidak cocok dengan manifest.")
            continue
        if name.endswith(".csv") and entry.get("rows") is not None:
            try:
                rows = _csv_rows(path)
            except (csv.Error, UnicodeDecodeError):
                report.problems.append(f"{name}: bukan CSV UTF-8 yang sah.")
                continue
            if rows != entry["rows"]:
                report.problems.append(f"{name}: jumlah baris {rows}, manifest mencatat {entry['rows']}.")
                continue
        report.checked.append(name)
    for path in sorted(folder.iterdir()):
        if path.name != MANIFEST and path.name not in listed:
            report.problems.append(f"{path.name}: berkas tidak tercantum di manifest.")
    return report


def check_audit_head(session: Session, report: VerifyReport) -> None:
    """With the office's database at hand: the manifest's audit-chain head must be that row of its chain."""
    from counter_tui.storage.audit import hash_of_row

    audit = report.manifest.get("audit") or {}
    head, head_id = audit.get("head"), audit.get("head_id")
    if not head or not isinstance(head_id, int):
        return
    with session.read() as conn:
        stored = hash_of_row(conn, head_id)
    if stored != head:
        report.problems.append(
            f"{MANIFEST}: kepala rantai audit (baris {head_id}) tidak cocok dengan basis data ini."
        )
