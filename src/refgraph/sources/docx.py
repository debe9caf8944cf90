"""Word ``.docx`` files -> text for the text readers (python-docx).

A ``.docx`` is a container, not a citation format: :func:`extract_text` writes each
paragraph of the body (tables included, cell by cell, and content controls, in document
order; every run, tracked insertions and fields included, deletions not) as one line, then
the endnotes and footnotes (numbered as Word shows them), paragraphs separated by a blank
line, and :func:`refgraph.sources.load` hands the text to the normal detection and readers
(Vancouver, LiverTox, ...).

**Automatic numbering.** Word keeps a numbered list's numbers out of the text: a list
paragraph only names a numbering definition (``w:numPr``: ``numId`` and level, on the
paragraph or on its style). The numbers are rebuilt here as Word shows them: one counter
per list and level (a level's counter restarts after a higher level's item), the level's
start value and ``lvlText`` pattern (``%1.``, ``[%1]``, ``%1)``, ``%1.%2``), and its
format (decimal, letters, roman numerals; bullets become ``•``). So a numbered reference
list reads ``1. Smith J, ...`` as it looks in Word.

A file python-docx cannot open (damaged, encrypted, not a Word 2007+ document) is refused
whole with a one-line :class:`~refgraph.errors.UnreadableInputError` (exit 2).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from refgraph.errors import UnreadableInputError
from refgraph.pubmed.safexml import declares_entity
from refgraph.text import roman

__all__ = ["EXTENSIONS", "NAME", "extract_text", "sniff_bytes"]

NAME = "docx"
EXTENSIONS = (".docx",)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BULLET = "•"


def sniff_bytes(head: bytes) -> bool:
    """A zip archive holding ``word/`` parts (a WordprocessingML package)."""
    return head.startswith(b"PK\x03\x04") and b"word/" in head


def _attr(el: Any, name: str) -> str:
    return "" if el is None else str(el.get(_W + name) or "")


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    """A counter in Word's ``numFmt``.

    >>> [_format(4, f) for f in ("decimal", "lowerLetter", "upperRoman", "decimalZero")]
    ['4', 'd', 'IV', '04']
    """
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Word's numbering definitions, and the counters of the lists met so far."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[int, str, str]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for node in root.iter(_W + "abstractNum"):
            levels = {}
            for lvl in node.iter(_W + "lvl"):
                start = _attr(lvl.find(_W + "start"), "val")
                levels[int(_attr(lvl, "ilvl") or 0)] = (
                    int(start) if start.lstrip("-").isdigit() else 1,
                    _attr(lvl.find(_W + "numFmt"), "val") or "decimal",
                    _attr(lvl.find(_W + "lvlText"), "val"),
                )
            abstract[_attr(node, "abstractNumId")] = levels
        for num in root.iter(_W + "num"):
            num_id = _attr(num, "numId")
            levels = dict(abstract.get(_attr(num.find(_W + "abstractNumId"), "val"), {}))
            for override in num.iter(_W + "lvlOverride"):
                ilvl = int(_attr(override, "ilvl") or 0)
                start = _attr(override.find(_W + "startOverride"), "val")
                if start.isdigit() and ilvl in levels:
                    levels[ilvl] = (int(start), *levels[ilvl][1:])
            for ilvl, level in levels.items():
                self.levels[(num_id, ilvl)] = level

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list ``num_id`` at level ``ilvl`` (``""`` when not a list)."""
        if num_id in ("", "0") or (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        start, fmt, text = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        if fmt == "bullet":
            return _BULLET
        if fmt == "none":
            return text
        for level in range(ilvl, -1, -1):
            own = self.levels.get((num_id, level), (1, "decimal", ""))
            value = counters[level] or own[0]
            text = text.replace(f"%{level + 1}", _format(value, own[1]))
        return text


def _num_pr(paragraph: Any) -> tuple[str, int]:
    """``(numId, ilvl)`` of a paragraph, from itself or its style chain."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        s_pr = style.element.pPr
        num_pr = s_pr.numPr if s_pr is not None else None
        style = style.base_style
    if num_pr is None:
        return "", 0
    num_id = num_pr.numId.val if num_pr.numId is not None else ""
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return str(num_id), int(ilvl)


#: Where a run's text is not the paragraph's: deleted or moved-away text (tracked changes),
#: and a run inside a run (a text box in a drawing, often twice: Choice and Fallback).
_NOT_SHOWN = frozenset({_W + "del", _W + "moveFrom", _W + "r"})


def _paragraph_text(p: Any) -> str:
    """A paragraph's text as Word shows it: every run in order, also those python-docx's
    ``Paragraph.text`` skips (it reads only the runs and links right under the paragraph):
    tracked insertions (``w:ins``, ``w:moveTo``), simple fields (``w:fldSimple``), smart tags,
    inline content controls (``w:sdt``, citation plug-ins use them) and custom XML. A whole
    citation inside one of these was lost without a word."""
    texts = []
    for run in p.iter(_W + "r"):
        parent = run.getparent()
        while parent is not None and parent is not p and parent.tag not in _NOT_SHOWN:
            parent = parent.getparent()
        if parent is p:
            texts.append(run.text)  # python-docx's run text: w:t, w:tab, w:br, hyphens
    return "".join(texts)


def _blocks(document: Any) -> Iterator[Any]:
    """Body paragraphs in order, a table's paragraphs cell by cell (merged cells once), and
    the paragraphs inside content controls (``w:sdt``: Word's own Bibliography, Mendeley
    Cite and many templates put the reference list in one) and custom XML blocks."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    parent = document._body

    def walk(container: Any) -> Iterator[Any]:
        for child in container.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                yield Paragraph(child, parent)
            elif tag == _W + "tbl":
                seen: set[int] = set()
                for row in Table(child, parent).rows:
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        yield from walk(cell._tc)
            elif tag == _W + "sdt":
                for content in child.iterchildren(_W + "sdtContent"):
                    yield from walk(content)
            elif tag == _W + "customXml":
                yield from walk(child)

    yield from walk(document.element.body)


_NOTE_PARTS = (("/word/endnotes.xml", "endnote"), ("/word/footnotes.xml", "footnote"))
#: Notes that are Word's own furniture (the line above the notes), not text.
_NOTE_FURNITURE = {"separator", "continuationSeparator", "continuationNotice"}


def _notes(document: Any) -> list[str]:
    """The endnotes, then the footnotes, numbered as Word numbers them (``1.``, ``2.``...):
    a manuscript's reference list is often a run of endnotes."""
    from docx.oxml import parse_xml

    parts = {part.partname: part for part in document.part.package.iter_parts()}
    lines: list[str] = []
    for name, kind in _NOTE_PARTS:
        part = parts.get(name)
        if part is None:
            continue
        root = parse_xml(part.blob)  # python-docx's parser: entities are not expanded
        number = 0
        for note in root.iterchildren(_W + kind):
            if _attr(note, "type") in _NOTE_FURNITURE:
                continue
            number += 1
            texts = []
            for paragraph in note.iter(_W + "p"):
                pieces = paragraph.iter(_W + "t", _W + "tab")
                words = "".join(t.text or "" if t.tag == _W + "t" else " " for t in pieces)
                texts.append(" ".join(words.split()))
            text = " ".join(t for t in texts if t)
            if text:
                lines.append(f"{number}. {text}")
    return lines


#: The most a ``.docx`` may unpack to (its parts together): a Word file of 20 MB of text
#: unpacks to well under this; a zip bomb does not.
MAX_UNPACKED = 256 * 1024 * 1024


def _refuse_bombs(data: bytes, source: str) -> None:
    """Refuse a package whose parts unpack to more than :data:`MAX_UNPACKED` (by the sizes
    its zip directory gives, which reading never exceeds), before anything is unpacked, and
    one whose XML declares entities (python-docx leaves them unexpanded, and the text around
    one was lost: a citation gone, "no references found")."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(item.file_size for item in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # python-docx reports the damage in its own words
    if unpacked > MAX_UNPACKED:
        raise UnreadableInputError(
            f"{source}: the .docx unpacks to {unpacked >> 20} MB (more than "
            f"{MAX_UNPACKED >> 20} MB); refused"
        )
    for item in package.infolist():
        if item.filename.endswith((".xml", ".rels")) and _declares_entity(package, item):
            raise UnreadableInputError(
                f"{source}: {item.filename} declares XML entities (entity expansion or "
                "external entity); refused"
            )


def _declares_entity(package: zipfile.ZipFile, item: zipfile.ZipInfo) -> bool:
    """Whether a part declares an entity, read a megabyte at a time (damage: python-docx's)."""
    tail = b""
    try:
        with package.open(item) as part:
            while chunk := part.read(1 << 20):
                if declares_entity(tail + chunk):
                    return True
                tail = chunk[-8:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False
    return False


def extract_text(data: bytes, source: str = "<input>") -> str:
    """Return a ``.docx``'s paragraphs as text (list numbers rebuilt; see the module docstring).

    Raises:
        UnreadableInputError: the file is not a readable Word 2007+ document.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    _refuse_bombs(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        lines = []
        for paragraph in _blocks(document):
            text = _paragraph_text(paragraph._p).replace("\t", " ").rstrip()
            label = numbering.label(*_num_pr(paragraph)) if text.strip() else ""
            lines.append(f"{label} {text.lstrip()}" if label else text)
        lines.extend(_notes(document))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, LxmlError,
            AttributeError, TypeError, OSError, RecursionError, EOFError) as exc:
        # python-docx reports a damaged package through zipfile's, lxml's and builtin errors
        detail = str(exc).split("\n")[0][:120] or type(exc).__name__
        raise UnreadableInputError(
            f"{source}: not a readable .docx (damaged, encrypted or not Word 2007+: {detail})"
        ) from None
    return "\n\n".join(lines).strip("\n") + "\n"
