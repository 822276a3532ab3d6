"""`export`: the day's bundle `<office-code>-<YYYY-MM-DD>/` with the CSV files, rekap.json, rekap.xlsx, rekap.pdf
and manifest.json.

Everything is read on one snapshot, streamed to files in a temporary folder beside the target, and the folder is
renamed into place only when every file and the manifest are written and flushed: a full disk or a kill never
leaves a half bundle that looks complete. The data files of a closed day come out byte-identical every time; only
the manifest's generated-at fields change.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counter_tui.domain.clock import WIB, from_utc_text
from counter_tui.domain.errors import NotFound
from counter_tui.domain.export import (
    FORMAT_FILES,
    FORMATS,
    MANIFEST,
    ExportError,
    bundle_name,
    normalize_reason,
)
from counter_tui.services import export_tables as tables
from counter_tui.services.day_close import parse_date
from counter_tui.services.recap import has_data, recap_from
from counter_tui.services.session import Session
from counter_tui.storage import audit
from counter_tui.storage import day_close as day_store
from counter_tui.storage import export_queries as q
from counter_tui.storage import office as office_store

BUNDLE_FORMAT = "counter_tui-bundle/1"
CHUNK = 1000
STALE_TEMP_SECONDS = 3600

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


@dataclass(frozen=True, slots=True)
class ExportResult:
    folder: Path
    day: str
    files: list[BundleFile]
    day_closed: bool
    full_nik: bool
    manifest: dict[str, Any]


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("counter-tui")
    except PackageNotFoundError:
        return "0+unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _disk_error(error: OSError, out: Path) -> ExportError:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return ExportError(
            f"Disk penuh saat menulis ekspor ke {out}. Bundel tidak dibuat (tidak ada folder setengah jadi); "
            "kosongkan ruang disk lalu ulangi."
        )
    return ExportError(f"Gagal menulis ekspor ke {out}: {error.strerror or error}. Bundel tidak dibuat.")


def bundle_path(session: Session, day: str | date | None = None, out_dir: Path | None = None) -> Path | None:
    """Where the day's bundle goes (None before the office is set up): the screen asks before overwriting it."""
    from counter_tui.paths import export_dir

    the_day = parse_date(day, session.today())
    with session.read() as conn:
        office = office_store.get_office(conn)
    if office is None:
        return None
    out = Path(out_dir).expanduser() if out_dir is not None else export_dir(session.db.path)
    return out / bundle_name(office.region_code, the_day)


def export_day(
    session: Session,
    day: str | date | None = None,
    *,
    out_dir: Path | None = None,
    formats: Iterable[str] = FORMATS,
    full_nik_reason: str | None = None,
    full_nik: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    from counter_tui.paths import export_dir

    the_day = parse_date(day, session.today())
    key = the_day.isoformat()
    wanted = tuple(f for f in FORMATS if f in set(formats))
    if full_nik:
        reason = normalize_reason(full_nik_reason)
    out = Path(out_dir).expanduser() if out_dir is not None else export_dir(session.db.path)

    with session.read() as conn:
        office = office_store.get_office(conn)
        recap = recap_from(conn, the_day, the_day)
    if office is None:
        raise NotFound("Kantor belum disiapkan; jalankan 'counter-tui init' dahulu.")
    if not has_data(recap):
        raise NotFound(
            f"Tidak ada data untuk tanggal {key}: tidak ada tiket, berkas atau mutasi stok. "
            "Periksa tanggalnya (format TTTT-BB-HH)."
        )
    final = out / bundle_name(office.region_code, the_day)
    if final.exists() and not force:
        raise ExportError(
            f"Folder ekspor sudah ada: {final}. Pilih folder lain dengan --out, atau timpa dengan --force."
        )

    if full_nik:
        # The access is recorded before a single full NIK is written, so a failed export is still on the record.
        with session.write(supervisor=True) as conn:
            audit.append(
                conn, session.actor, "export.full_nik", f"day:{key}", {"reason": reason}, session.now()
            )

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _disk_error(error, out) from None
    for stale in out.glob(f".{final.name}.tmp-*"):
        # Left by an export that was killed (never a bundle: hidden, no manifest under the bundle's name). One
        # younger than an hour may be another export still writing.
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > STALE_TEMP_SECONDS:
                shutil.rmtree(stale, ignore_errors=True)
    temp = out / f".{final.name}.tmp-{secrets.token_hex(4)}"
    try:
        temp.mkdir(mode=0o700)
        files, manifest = _write_bundle(session, temp, the_day, wanted, full_nik, progress)
        _fsync_dir(temp)
        if final.exists():  # --force: the old bundle leaves only once the new one is complete
            old = out / f".{final.name}.old-{secrets.token_hex(4)}"
            final.rename(old)
            temp.rename(final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            temp.rename(final)
        _fsync_dir(out)
    except OSError as error:
        shutil.rmtree(temp, ignore_errors=True)
        raise _disk_error(error, out) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return ExportResult(final, key, files, manifest["day_closed"], full_nik, manifest)


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
    with session.read() as conn:
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
