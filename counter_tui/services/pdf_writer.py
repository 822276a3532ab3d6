"""A small PDF 1.4 writer for the day's printed recap: A4 pages of text in the base-14 fonts Helvetica and
Helvetica-Bold, lines and filled boxes. Nothing else.

Why not reportlab: importing its canvas alone pulls PIL, pickle and OpenSSL's md5 through reportlab.lib.utils, about
5 MiB of the 40 MiB the export may use, and platypus another 3 MiB; the recap needs none of it. The base-14 fonts
need no embedding (every viewer ships them), so the file is the page's drawing operators plus a few dictionaries.

The output is invariant: no dates, no random document id, the objects written in one fixed order, so the same
figures give the same bytes.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from counter_tui.services.pdf_metrics import HELVETICA, HELVETICA_BOLD

A4 = (595.2756, 841.8898)  # points: 210 x 297 mm
MM = 72 / 25.4

_FONTS = {False: ("F1", "Helvetica", HELVETICA), True: ("F2", "Helvetica-Bold", HELVETICA_BOLD)}


def encode(text: str) -> bytes:
    """WinAnsiEncoding (cp1252): what the base-14 fonts can draw; anything else becomes '?'."""
    return text.encode("cp1252", "replace")


def text_width(text: str, size: float, bold: bool = False) -> float:
    widths = _FONTS[bold][2]
    return sum(widths[b] for b in encode(text)) * size / 1000


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to `width` points; a word longer than a line is cut by characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, bold) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and text_width(word[:cut], size, bold) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _pdf_string(text: str) -> bytes:
    raw = encode(text)
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _info_string(text: str) -> bytes:
    """A document-information string: UTF-16BE with its byte-order mark, so any office name survives."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _num(value: float) -> bytes:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()


class Page:
    """The drawing operators of one page; y grows upwards from the bottom edge, as in PDF."""

    def __init__(self) -> None:
        self.ops: list[bytes] = []

    def text(
        self, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left"
    ) -> None:
        if not text:
            return
        if align != "left":
            width = text_width(text, size, bold)
            x -= width if align == "right" else width / 2
        font = _FONTS[bold][0].encode()
        self.ops.append(
            b"BT /"
            + font
            + b" "
            + _num(size)
            + b" Tf "
            + _num(x)
            + b" "
            + _num(y)
            + b" Td "
            + _pdf_string(text)
            + b" Tj ET"
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.4, grey: float = 0.5) -> None:
        self.ops.append(
            _num(grey)
            + b" G "
            + _num(width)
            + b" w "
            + _num(x1)
            + b" "
            + _num(y1)
            + b" m "
            + _num(x2)
            + b" "
            + _num(y2)
            + b" l S"
        )

    def box(self, x: float, y: float, width: float, height: float, grey: float) -> None:
        """A filled rectangle (its lower left corner at x, y), drawn under what follows."""
        self.ops.append(
            _num(grey)
            + b" g "
            + _num(x)
            + b" "
            + _num(y)
            + b" "
            + _num(width)
            + b" "
            + _num(height)
            + b" re f 0 g"
        )


def write_pdf_file(path: Path, pages: list[Page], info: dict[str, str]) -> None:
    """Catalog 1, page tree 2, fonts 3-4, info 5, then each page and its content stream."""
    objects: list[bytes] = [b"", b""]  # the catalog and the page tree, filled in below
    objects += [
        b"<< /Type /Font /Subtype /Type1 /BaseFont /" + name.encode() + b" /Encoding /WinAnsiEncoding >>"
        for _, name, _ in _FONTS.values()
    ]
    objects.append(
        b"<< "
        + b" ".join(b"/" + key.encode() + b" " + _info_string(value) for key, value in info.items())
        + b" >>"
    )
    kids = []
    for page in pages:
        page_number = len(objects) + 1
        kids.append(page_number)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + _num(A4[0]) + b" " + _num(A4[1]) + b"]"
            b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents "
            + str(page_number + 1).encode()
            + b" 0 R >>"
        )
        body = zlib.compress(b"\n".join(page.ops), 6)
        objects.append(
            b"<< /Length "
            + str(len(body)).encode()
            + b" /Filter /FlateDecode >>\nstream\n"
            + body
            + b"\nendstream"
        )
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{k} 0 R".encode() for k in kids)
        + b"] /Count "
        + str(len(kids)).encode()
        + b" >>"
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
