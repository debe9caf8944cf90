"""Typeset monograph text into a PDF laid out like an NCBI Bookshelf LiverTox PDF (reportlab).

No LiverTox PDF ships with refgraph, so tests and benchmarks make one: every line of the
given text becomes one line of the PDF, as the source PDF had it (the seed monograph is
text extracted from such a PDF, so its lines are the PDF's lines), each line one text
object justified as typesetting engines set it (``spacing="tj"``: words in a ``TJ`` array
whose gaps are displacements with no space glyph, as pdfTeX does; ``"tw"``: space
characters widened by word spacing), in Helvetica 9 pt on US-letter pages, 58 lines a
page, with the
running header NCBI Bookshelf prints (``LiverTox: Clinical and Research Information on
Drug-Induced Liver Injury`` and the monograph title, alternating sides) and the page
number in the footer. Blank lines stay blank lines. ``encrypt`` sets a user password;
:func:`image_only_pdf` draws the page as a picture with no text layer (a scan).

reportlab is a test-only dependency (the ``test`` extra).
"""

from __future__ import annotations

import io

__all__ = ["image_only_pdf", "monograph_pdf"]

HEADER = "LiverTox: Clinical and Research Information on Drug-Induced Liver Injury"
LINES_PER_PAGE = 58


FONT = "Helvetica"
SIZE = 9.0


def _literal(text: str) -> str:
    """A PDF string literal of ``text`` in WinAnsi encoding (Helvetica's)."""
    out = []
    for byte in text.encode("cp1252", "replace"):
        ch = chr(byte)
        if ch in "()\\":
            out.append("\\" + ch)
        elif 32 <= byte < 127:
            out.append(ch)
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def _line_ops(font: str, line: str, x: float, y: float, measure: float, last: bool,
              spacing: str) -> str:
    """Content-stream operators that show one justified line in one text object.

    ``spacing="tj"``: words in one ``TJ`` array, the gaps displacements with no space
    glyph (how pdfTeX sets text); ``spacing="tw"``: the line with its space characters,
    justified by word spacing (``Tw``), as many other engines do.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    indent = 3 * (len(line) - len(line.lstrip(" ")))
    words = line.split()
    space = stringWidth(" ", FONT, SIZE)
    natural = sum(stringWidth(w, FONT, SIZE) for w in words) + space * (len(words) - 1)
    extra = 0.0
    if not last and len(words) > 1 and natural < measure - indent:
        extra = min((measure - indent - natural) / (len(words) - 1), 2 * space)
    head = f"BT {font} {SIZE:g} Tf 1 0 0 1 {x + indent:.2f} {y:.2f} Tm "
    if spacing == "tw":
        return head + f"{extra:.3f} Tw {_literal(' '.join(words))} Tj 0 Tw ET"
    gap = -(space + extra) * 1000 / SIZE
    parts = []
    for i, word in enumerate(words):
        if i:
            parts.append(f"{gap:.0f}")
        parts.append(_literal(word))
    return head + "[" + " ".join(parts) + "] TJ ET"


def monograph_pdf(text: str, title: str = "Inotuzumab Ozogamicin", encrypt: str = "",
                  spacing: str = "tj") -> bytes:
    """Return the PDF bytes of ``text`` typeset one text line per PDF line (see above)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter, encrypt=encrypt or None, invariant=True)
    pdf.setTitle(title)
    width, height = letter
    lines = text.replace("\f", "\n").split("\n")
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    for number, page in enumerate(pages, 1):
        pdf.setFont(FONT, 8)
        left, right = (HEADER, title) if number % 2 == 0 else (title, HEADER)
        pdf.drawString(54, height - 40, left)
        pdf.drawRightString(width - 54, height - 40, right)
        pdf.drawCentredString(width / 2, 30, str(number))
        pdf.setFont(FONT, SIZE)
        font = pdf._doc.getInternalFontName(FONT)  # the page's resource name, /F1
        y = height - 70
        for i, line in enumerate(page):
            if line.strip():
                ends = i + 1 >= len(page) or not page[i + 1].strip()
                pdf._code.append(_line_ops(font, line, 54.0, y, width - 108, ends, spacing))
            y -= 11.5
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def image_only_pdf(pages: int = 2) -> bytes:
    """Return a PDF whose pages are pictures only (a scanned document: no text layer)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    png = io.BytesIO()
    _grey_png(png)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter, invariant=True)
    for _ in range(pages):
        pdf.drawImage(ImageReader(io.BytesIO(png.getvalue())), 54, 100, 500, 600)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _grey_png(out: io.BytesIO) -> None:
    """A small greyscale PNG with stripes (stands in for scanned text)."""
    import struct
    import zlib

    w, h = 64, 64
    rows = b"".join(b"\x00" + bytes(40 if (y // 4) % 2 else 230 for _ in range(w))
                    for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    out.write(b"\x89PNG\r\n\x1a\n")
    out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)))
    out.write(chunk(b"IDAT", zlib.compress(rows)))
    out.write(chunk(b"IEND", b""))
