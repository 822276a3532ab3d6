"""Writing the files of the day's bundle on one snapshot: the CSV files (streamed in chunks), the documents and
the manifest's file list with their SHA-256.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counter_tui.domain.clock import WIB, from_utc_text
from counter_tui.domain.export import (
    FORMAT_FILES,
    MANIFEST,
)
from counter_tui.services import export_tables as tables
from counter_tui.services.recap import recap_from
from counter_tui.services.session import Session
from counter_tui.storage import day_close as day_store
from counter_tui.storage import export_queries as q
from counter_tui.storage import office as office_store

BUNDLE_FORMAT = "counter_tui-bundle/1"


CHUNK = 1000


# progress(what, done, total): called while the CSV rows stream; the CLI draws a bar from it on a terminal.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class BundleFile:
    name: str
    sha256: str
    bytes: int
    rows: int | None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256, "bytes": self.bytes, "rows": self.rows}


def app_version() -> str:
    """The package's own version string (importlib.metadata would cost the export ~30 ms and the email package;
    a test holds the two together)."""
    from counter_tui import __version__

    return __version__


def sha256_of(path: Path) -> str:
    """Read back after writing: the whole bundle hashes in ~3 ms (measured), so hashing inside each writer (the
    XLSX and PDF libraries write their own files) would save nothing worth the plumbing. file_digest reuses one
    256 KiB buffer instead of a new MiB per block."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _counted(rows: Iterable[tuple], progress: Progress | None, label: str, total: int) -> Iterator[tuple]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if progress is not None and done % CHUNK == 0:
            progress(label, done, total)
    if progress is not None:
        progress(label, done, total)


def write_csv(path: Path, header: tuple[str, ...], rows: Iterable[tuple]) -> int:
    """UTF-8, a header row, RFC 4180 quoting and CRLF line ends; NULL is an empty field. Returns the data rows.
    (The bundle fsyncs every file once, before the rename.)"""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)

        # writerows on a generator stays streaming; the counter wraps it without building a list.
        def counting() -> Iterator[tuple]:
            nonlocal count
            for row in rows:
                count += 1
                yield row

        writer.writerows(counting())
    return count


def _write_bundle(
    session: Session,
    folder: Path,
    the_day: date,
    wanted: tuple[str, ...],
    full_nik: bool,
    progress: Progress | None,
) -> tuple[list[BundleFile], dict[str, Any]]:
    key = the_day.isoformat()
    rows_of: dict[str, int | None] = {}
    with session.read() as conn, q.export_cache(conn):
        office = office_store.get_office(conn)
        assert office is not None
        closure = day_store.get_closure(conn, key)
        sealed = closure.close_audit_id if closure and closure.is_closed else None
        recap = recap_from(conn, the_day, the_day)
        nik = tables.NikPolicy(session.db, full=full_nik)
        if "csv" in wanted:
            for spec in tables.CSV_SPECS:
                total = spec.count(conn, key)
                rows = _counted(spec.rows(conn, key, nik), progress, spec.name, total)
                rows_of[spec.name] = write_csv(folder / spec.name, spec.header, rows)
        if "json" in wanted:
            path = folder / "rekap.json"
            path.write_text(
                json.dumps(recap, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )
            rows_of["rekap.json"] = None
        stamp = _document_time(closure, the_day)
        if "xlsx" in wanted:
            from counter_tui.services.export_xlsx import write_xlsx

            rows_of["rekap.xlsx"] = write_xlsx(
                folder / "rekap.xlsx", conn, recap, the_day, nik, stamp, folder
            )
        if "pdf" in wanted:
            from counter_tui.services.export_pdf import write_pdf

            write_pdf(folder / "rekap.pdf", recap, the_day, closure)
            rows_of["rekap.pdf"] = None
        chain = q.day_chain_head(conn, the_day, sealed)
        version = q.schema_version(conn)
    files = [
        BundleFile(name, sha256_of(folder / name), (folder / name).stat().st_size, rows_of[name])
        for fmt in wanted
        for name in FORMAT_FILES[fmt]
    ]
    now = session.now()
    manifest = {
        "format": BUNDLE_FORMAT,
        "office": {"name": office.name, "region_code": office.region_code, "region_name": office.region_name},
        "date": key,
        "day_closed": sealed is not None,
        "closed_at": from_utc_text(closure.closed_at).astimezone(WIB).isoformat(timespec="seconds")
        if sealed and closure
        else None,
        "closed_by": closure.closed_by if sealed and closure else None,
        "nik": "full" if full_nik else "masked",
        "app_version": app_version(),
        "schema_version": version,
        "audit": {
            "head": chain.head,
            "head_id": chain.head_id,
            "day_rows": chain.day_rows,
            "chain_rows": chain.chain_rows,
        },
        "files": [f.as_json() for f in files],
        "generated_at": now.astimezone(WIB).isoformat(timespec="seconds"),
        "generated_by": {"code": session.actor.code, "name": session.actor.full_name or None},
    }
    with (folder / MANIFEST).open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    for name in (f.name for f in files):
        with contextlib.suppress(OSError), (folder / name).open("rb") as handle:
            os.fsync(handle.fileno())
    return files, manifest


def _document_time(closure: Any, the_day: date) -> datetime:
    """The time written inside the XLSX: the close of a closed day, else the day's start. Never 'now', so the
    same closed day gives the same bytes."""
    if closure is not None and closure.is_closed:
        return from_utc_text(closure.closed_at).astimezone(WIB).replace(tzinfo=None, microsecond=0)
    return datetime(the_day.year, the_day.month, the_day.day)  # noqa: DTZ001 - Excel has no time zones
