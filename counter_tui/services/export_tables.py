"""The CSV files of the bundle: their names, header rows and row streams, and how personal data is shown in them.

The NIK is masked (first 6 + last 4 digits) unless a supervisor asked for the full NIK with a reason (audited by
the export use case). The queue itself never stored a full NIK (only a keyed hash and a 4+2 mask), so tickets.csv
always carries that stored mask.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from counter_tui.domain.export import mask_nik_for_export
from counter_tui.storage import export_queries as q
from counter_tui.storage.connection import Connection
from counter_tui.storage.db import Database


@dataclass
class NikPolicy:
    db: Database
    full: bool = False

    @cached_property
    def cipher(self):
        from counter_tui.domain.keys import PiiCipher

        return PiiCipher.from_key_file(self.db.pepper)

    @cached_property
    def _aead(self):
        # One AES-GCM object for the whole export (PiiCipher.decrypt builds one per value, which is most of the
        # cost of a busy day's cases.csv). Same format and checks: PiiCipher.decrypt stays the reference.
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return AESGCM(self.cipher.key)

    def nik(self, plain: str | None) -> str | None:
        return plain if self.full else mask_nik_for_export(plain)

    def phone(self, plain: str | None) -> str | None:
        if plain is None or self.full or len(plain) < 8:
            return plain if self.full else (None if plain is None else "*" * len(plain))
        return plain[:4] + "*" * (len(plain) - 7) + plain[-3:]

    def decrypt(self, blob: bytes | None, context: str) -> str | None:
        from cryptography.exceptions import InvalidTag

        from counter_tui.domain.keys import _NONCE_BYTES, _VERSION, DecryptionFailed

        if blob is None:
            return None
        if len(blob) < 1 + _NONCE_BYTES + 16 or blob[:1] != _VERSION:
            raise DecryptionFailed("unknown ciphertext format")
        try:
            return self._aead.decrypt(
                blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :], context.encode()
            ).decode()
        except InvalidTag:
            raise DecryptionFailed("ciphertext does not match the key file") from None


Rows = Callable[[Connection, str, NikPolicy], Iterator[tuple]]
Count = Callable[[Connection, str], int]


@dataclass(frozen=True)
class CsvSpec:
    name: str
    header: tuple[str, ...]
    rows: Rows
    count: Count


def _ticket_rows(conn: Connection, day: str, _nik: NikPolicy) -> Iterator[tuple]:
    return q.ticket_rows(conn, day, day)


def case_context(field_name: str, case_uuid: str) -> str:
    """The associated data a case field was encrypted with: the same text as services._cases_common._context (a test
    holds the two together). Spelled out here so an export does not import the whole case service (~3 MiB)."""
    return f"case.{field_name}:{case_uuid}"


def _case_rows(conn: Connection, day: str, nik: NikPolicy) -> Iterator[tuple]:
    for row in q.case_rows(conn, day):
        out = list(row)
        ref = row[1]
        out[q.CASE_NIK] = nik.nik(nik.decrypt(row[q.CASE_NIK], case_context("nik", ref)))
        out[q.CASE_NAME] = nik.decrypt(row[q.CASE_NAME], case_context("name", ref))
        out[q.CASE_BIRTH] = nik.decrypt(row[q.CASE_BIRTH], case_context("birth_date", ref))
        yield tuple(out)


def _ikd_rows(conn: Connection, day: str, nik: NikPolicy) -> Iterator[tuple]:
    for row in q.ikd_rows(conn, day):
        out = list(row)
        out[q.IKD_NIK] = nik.nik(nik.decrypt(row[q.IKD_NIK], case_context("nik", row[1])))
        yield tuple(out)


def _waitlist_rows(conn: Connection, day: str, nik: NikPolicy) -> Iterator[tuple]:
    for row in q.waitlist_rows(conn, day):
        out = list(row)
        ref = row[1]
        out[q.WAITLIST_NIK] = nik.nik(nik.decrypt(row[q.WAITLIST_NIK], case_context("nik", ref)))
        out[q.WAITLIST_NAME] = nik.decrypt(row[q.WAITLIST_NAME], case_context("name", ref))
        out[q.WAITLIST_PHONE] = nik.phone(nik.decrypt(row[q.WAITLIST_PHONE], case_context("phone", ref)))
        yield tuple(out)


CSV_SPECS: tuple[CsvSpec, ...] = (
    CsvSpec("tickets.csv", q.TICKET_HEADER, _ticket_rows, lambda conn, day: q.ticket_count(conn, day, day)),
    CsvSpec("cases.csv", q.CASE_HEADER, _case_rows, q.case_count),
    CsvSpec("stock.csv", q.STOCK_HEADER, lambda conn, day, nik: q.stock_rows(conn, day), q.stock_count),
    CsvSpec("ikd.csv", q.IKD_HEADER, _ikd_rows, q.ikd_count),
    CsvSpec("waitlist.csv", q.WAITLIST_HEADER, _waitlist_rows, q.waitlist_count),
    CsvSpec(
        "outreach.csv", q.OUTREACH_HEADER, lambda conn, day, nik: q.outreach_rows(conn, day), q.outreach_count
    ),
)
