"""`export`: the day's bundle `<office-code>-<YYYY-MM-DD>/` with the CSV files, rekap.json, rekap.xlsx, rekap.pdf
and manifest.json.

Everything is read on one snapshot, streamed to files in a temporary folder beside the target, and the folder is
renamed into place only when every file and the manifest are written and flushed: a full disk or a kill never
leaves a half bundle that looks complete. The data files of a closed day come out byte-identical every time; only
the manifest's generated-at fields change.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from counter_tui.domain.errors import NotFound
from counter_tui.domain.export import (
    FORMATS,
    ExportError,
    bundle_name,
    normalize_reason,
)
from counter_tui.services.day_close import parse_date
from counter_tui.services.export_bundle import BundleFile, Progress, _write_bundle
from counter_tui.services.recap import has_data, recap_from
from counter_tui.services.session import Session
from counter_tui.storage import audit, export_queries
from counter_tui.storage import office as office_store

STALE_TEMP_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class ExportResult:
    folder: Path
    day: str
    files: list[BundleFile]
    day_closed: bool
    full_nik: bool
    manifest: dict[str, Any]


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

    with session.read() as conn, export_queries.export_cache(conn):
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
    temp = out / f".{final.name}.tmp-{os.urandom(4).hex()}"
    try:
        temp.mkdir(mode=0o700)
        files, manifest = _write_bundle(session, temp, the_day, wanted, full_nik, progress)
        _fsync_dir(temp)
        if final.exists():  # --force: the old bundle leaves only once the new one is complete
            old = out / f".{final.name}.old-{os.urandom(4).hex()}"
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
