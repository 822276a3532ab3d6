"""The documents (berkas) each case type needs: the checklist at the counter and what is missing."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from counter_tui.domain.cases import CaseType


class Document(StrEnum):
    KK = "kk"
    AKTA_NIKAH = "akta_nikah"
    SURAT_KEHILANGAN = "surat_kehilangan"
    KTP_RUSAK = "ktp_rusak"
    KTP_LAMA = "ktp_lama"
    BUKTI_PERUBAHAN = "bukti_perubahan"
    SURAT_PINDAH = "surat_pindah"

    @property
    def label(self) -> str:
        return _DOCUMENT_LABELS[self]


_DOCUMENT_LABELS = {
    Document.KK: "Kartu Keluarga (KK)",
    Document.AKTA_NIKAH: "Akta nikah / buku nikah",
    Document.SURAT_KEHILANGAN: "Surat keterangan kehilangan dari Kepolisian",
    Document.KTP_RUSAK: "KTP-el yang rusak (ditarik petugas)",
    Document.KTP_LAMA: "KTP-el lama",
    Document.BUKTI_PERUBAHAN: "Bukti perubahan data",
    Document.SURAT_PINDAH: "Surat Keterangan Pindah (SKP)",
}

# DOMAIN.md, "Documents". Aktivasi IKD and cetak/pengambilan need no papers (the record is checked instead).
DOCUMENTS_BY_TYPE: dict[CaseType, tuple[Document, ...]] = {
    CaseType.BARU: (Document.KK,),
    CaseType.HILANG: (Document.KK, Document.SURAT_KEHILANGAN),
    CaseType.RUSAK: (Document.KK, Document.KTP_RUSAK),
    CaseType.PERUBAHAN_DATA: (Document.KK, Document.KTP_LAMA, Document.BUKTI_PERUBAHAN),
    CaseType.PINDAH_DATANG: (Document.SURAT_PINDAH, Document.KK),
    CaseType.AKTIVASI_IKD: (),
    CaseType.CETAK: (),
}


def required_documents(case_type: CaseType, *, married_under_17: bool = False) -> tuple[Document, ...]:
    """The checklist for a case type; a baru applicant married under 17 also brings the akta nikah."""
    docs = DOCUMENTS_BY_TYPE[case_type]
    if case_type is CaseType.BARU and married_under_17:
        docs = (*docs, Document.AKTA_NIKAH)
    return docs


def missing_documents(
    case_type: CaseType, brought: Iterable[Document | str], *, married_under_17: bool = False
) -> tuple[Document, ...]:
    have = {Document(d) for d in brought}
    return tuple(d for d in required_documents(case_type, married_under_17=married_under_17) if d not in have)


def missing_documents_message(missing: Iterable[Document]) -> str:
    names = [d.label for d in missing]
    return "Berkas belum lengkap: " + "; ".join(names) + "." if names else ""
