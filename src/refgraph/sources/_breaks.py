"""Page breaks and stray blank lines inside a numbered list copied out of a PDF (pure).

Text taken from a PDF keeps what each page prints around the list: the running footer
(an NIH author manuscript's ``J Ex. Author manuscript; available in PMC 2024 June 13.``, a
journal's ``PLOS ONE | https://doi.org/... August 17, 2023``), the page count (``16 / 18``),
the running head (``Kruzan et al.``, ``Page 26``) and margin text set vertically, which
comes out one letter a line (``A`` / ``u`` / ``t`` / ``h`` / ``o`` / ``r``). None of it is
a citation, and a citation the page broke goes on after it. The copy also puts blank lines
inside citations, where the PDF's lines were spaced apart.

:func:`furniture` finds the page's lines; :func:`goes_on` says whether a line after a blank
line continues the numbered item before it.
"""

from __future__ import annotations

import re

from refgraph.sources._joined import CITATION_START_RE
from refgraph.sources._names import read_names

__all__ = ["furniture", "goes_on", "unfinished"]

# (regular expressions, one a line: a table, not logic)
_FOOTER_RE = re.compile(r"\bAuthor manuscript; available in PMC\b", re.I)
_HEAD_RE = re.compile(
    r"^(?:Page \d{1,4}(?: of \d{1,4})?|\d{1,4} / \d{1,4}"
    r"|[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? et al\.?)$"
)
#: A journal's running footer: its name, then "|" and the article's address and date
#: ("PLOS ONE | https://doi.org/10.1371/... August 17, 2023", "Frontiers in X |
#: www.frontiersin.org 5 March 2020 | Volume 11 | Article 12"); no citation is written so.
_JOURNAL_FOOTER_RE = re.compile(
    r"^[A-Z][^|]{1,60} \| (?:https?://|www\.|doi:? ?10\.)\S+ .{0,80}\b(?:1[6-9]|20)\d\d\b"
)
#: A run of this many one-letter lines is margin text set vertically.
_VERTICAL_RUN = 3
#: An item that stops mid-sentence: a comma, a hyphen, a semicolon, "and" or "&".
_MID_RE = re.compile(r"(?:[,;\-‐]|\band|&)$")
_YEAR_END_RE = re.compile(r"^(.*?)[.,]?\s*\(?(?:1[6-9]|20)\d\d[a-z]?\)?\.$")


def furniture(lines: list[str]) -> set[int]:
    """The indices of the lines a PDF page printed around the list (module docstring)."""
    out: set[int] = set()
    run: list[int] = []  # one-letter lines, blank lines between them allowed
    for i, raw in enumerate(lines):
        line = raw.strip()
        if len(line) == 1 and line.isalpha():
            run.append(i)
            continue
        if line:
            if len(run) >= _VERTICAL_RUN:
                out.update(run)
            run = []
            if len(line) <= 200 and (_FOOTER_RE.search(line) or _HEAD_RE.match(line)
                                     or _JOURNAL_FOOTER_RE.match(line)):
                out.add(i)
    if len(run) >= _VERTICAL_RUN:
        out.update(run)
    return out


def unfinished(text: str) -> bool:
    """Is a numbered item's text only its authors, or its authors and year (``Dwight-Johnson
    Megan, ..., and Wells Kenneth B. 2000.``), its title still to come?"""
    m = _YEAR_END_RE.match(text)
    names = (m.group(1) if m is not None else text).strip(" ,;")
    return bool(names) and read_names(names)[2]


def goes_on(item: list[str], line: str) -> bool:
    """Does ``line``, after a blank line, go on with the numbered ``item`` a blank line cut
    (one that is not a whole citation yet)? It does when the item stopped mid-sentence, or
    holds only its authors (and year), or when the line does not start a citation and either
    the item stopped without a full stop or the line opens in lower case or a bracket."""
    last = item[-1]
    if _MID_RE.search(last) or unfinished(" ".join(item)):
        return True
    return CITATION_START_RE.match(line) is None and (
        not last.endswith((".", "?", "!")) or line[:1].islower() or line[:1] == "("
    )


def numbers_on_own_lines(lines: list[str]) -> list[str]:
    """A PDF's text with each list number on a line of its own (``1`` / ``Hu J, Chen R.
    ...``): when such bare numbers count up from 1 (page numbers between them are not the
    next number and are left alone) and each comes before a line opening with a capital, the
    number is written before that line (``1. Hu J, ...``) and its own line left blank. The
    list keeps its length, so line indices stay valid."""
    found: list[tuple[int, int]] = []  # (number line, first text line after it)
    expected = 1
    for i, raw in enumerate(lines):
        if raw.strip() != str(expected):
            continue
        nxt = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), -1)
        if nxt >= 0 and lines[nxt].strip()[:1].isupper():
            found.append((i, nxt))
            expected += 1
    if len(found) < 3:
        return lines
    out = list(lines)
    for i, nxt in found:
        out[i], out[nxt] = "", f"{lines[i].strip()}. {lines[nxt].strip()}"
    return out
