"""PDF files -> text for the text readers (LiverTox, Vancouver, ...), page by page.

A PDF is a container, not a citation format: :func:`extract_text` takes the text of every
page with pypdf (chosen over pdfminer.six and pdfplumber by measurement, see
``benchmarks/bench_pdf.py``: the same LiverTox reading of the seed monograph as from the
seed text, at several times their speed), drops the running headers and footers
(:func:`strip_running_lines`) and joins the pages; :func:`refgraph.sources.load` then
hands that text to the normal format detection and readers.

A PDF refgraph cannot read is refused whole with a one-line
:class:`~refgraph.errors.UnreadableInputError` (exit 2), before anything is written:
encrypted with a password, image-only (a scan with no text layer: run OCR first), or
not a readable PDF at all.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence

from refgraph.errors import UnreadableInputError
from refgraph.sources._quiet import quiet

__all__ = ["EXTENSIONS", "NAME", "extract_text", "sniff_bytes", "strip_running_lines"]

NAME = "pdf"
EXTENSIONS = (".pdf",)

#: Lines at the top and at the bottom of a page where running headers/footers sit.
ZONE = 3
_DIGITS_RE = re.compile(r"\d+")
_PAGE_NUMBER_RE = re.compile(r"(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE)


def sniff_bytes(head: bytes) -> bool:
    """A PDF starts with ``%PDF-`` (within its first kilobyte)."""
    return b"%PDF-" in head[:1024]


def _shape(line: str) -> str:
    return _DIGITS_RE.sub("#", " ".join(line.split()))


def strip_running_lines(pages: Sequence[str]) -> list[str]:
    """Drop running headers/footers: lines in the top or bottom :data:`ZONE` lines of a page
    that recur (digits aside) on at least 40% of the pages (and on two or more), and bare
    page numbers (``12``, ``Page 3 of 9``) there.

    >>> pages = ["Drug X  LiverTox\\nText one\\n1", "LiverTox  Drug X\\nText two\\n2",
    ...          "Drug X  LiverTox\\nText three\\n3", "LiverTox  Drug X\\nText four\\n4"]
    >>> strip_running_lines(pages)
    ['Text one', 'Text two', 'Text three', 'Text four']
    """
    split = [page.split("\n") for page in pages]
    zones: list[list[int]] = []
    counts: Counter[str] = Counter()
    for lines in split:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        zone = sorted(set(filled[:ZONE] + filled[-ZONE:]))
        zones.append(zone)
        counts.update({_shape(lines[i]) for i in zone})
    need = max(2, int(0.4 * len(pages) + 0.999))
    out = []
    for lines, zone in zip(split, zones, strict=True):
        drop = {
            i for i in zone
            if counts[_shape(lines[i])] >= need
            or (len(pages) > 1 and _PAGE_NUMBER_RE.fullmatch(lines[i].strip()))
        }  # fmt: skip
        kept = [line for i, line in enumerate(lines) if i not in drop]
        while kept and not kept[-1].strip():
            kept.pop()
        while kept and not kept[0].strip():
            kept.pop(0)
        out.append("\n".join(kept))
    return out


def _page_texts(data: bytes, source: str) -> list[str]:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

    try:
        with quiet("pypdf"):  # its repairs of a damaged file ("EOF marker not found")
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise FileNotDecryptedError("a password is needed")
            return [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError:
        raise UnreadableInputError(
            f"{source}: the PDF is encrypted with a password; save an unprotected copy"
        ) from None
    except LimitReachedError:  # a decompression bomb, stopped by pypdf's own limits
        raise UnreadableInputError(
            f"{source}: the PDF unpacks to more than pypdf's limits allow; refused"
        ) from None
    except DependencyError as exc:  # AES encryption without the cryptography package
        raise UnreadableInputError(
            f"{source}: the PDF is encrypted in a way that needs an extra package "
            f"({exc}); save an unencrypted copy"
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, NotImplementedError, ZeroDivisionError) as exc:
        # pypdf reports a damaged file through its own errors and, for some damage, through
        # the builtin ones of the structure it was walking
        detail = str(exc).split("\n")[0][:120] or type(exc).__name__
        raise UnreadableInputError(f"{source}: not a readable PDF ({detail})") from None


def extract_text(data: bytes, source: str = "<input>") -> str:
    """Return the text of a PDF's pages without running headers and footers.

    Raises:
        UnreadableInputError: encrypted, image-only (no text layer) or damaged PDF.
    """
    pages = _page_texts(data, source)
    if not "".join(pages).strip():
        raise UnreadableInputError(
            f"{source}: the PDF has no text layer (image-only or scanned); run OCR first"
        )
    return "\n".join(strip_running_lines(pages)) + "\n"
