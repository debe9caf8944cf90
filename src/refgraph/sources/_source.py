"""Find a citation's source numbers - year, volume, issue, pages - in any style (pure).

A citation names its source as a journal followed by a group of numbers in its style's shape
(``2016 Aug 25;375(8):740-53``, ``489, 57-74``, ``13, no. 1 (2021): 43``, ...); the shapes,
one for each style, are the table of :mod:`refgraph.sources._shapes`.

:func:`find_source` tries every shape and keeps the match that ends last in the text
(the source comes after the title, and a title may hold numbers); of matches that end at
the same place, the shape that says more (a year with the volume) wins. Every pattern is bounded
and anchored on digits, so a long line is scanned in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refgraph.sources._shapes import MON as _MON
from refgraph.sources._shapes import NEEDS as _NEEDS
from refgraph.sources._shapes import SHAPES as _SHAPES
from refgraph.sources._shapes import STARTS as _STARTS
from refgraph.sources._shapes import YEAR
from refgraph.text import expand_pages

__all__ = ["YEAR", "Source", "find_source", "last_year", "normalise"]

_MONTH_BEFORE_RE = re.compile(rf"(?:{_MON})\s*$")
_ACCESSED_RE = re.compile(r"\b(?:Accessed|Retrieved|cited|Viewed|Downloaded)\b", re.I)
#: Where any shape can start: a digit, or the words some shapes start with.
_ANCHOR_RE = re.compile(r"\d|Volume|vol\.|Suppl|\bv\.")


# the parts of a source group (a field list of the same shape as others, not logic)
@dataclass(frozen=True, slots=True)
class Source:
    """A source group: where it is in the text and what it says (empty strings if not)."""

    start: int
    end: int
    shape: str
    year: str = ""
    month: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""


def _group(m: re.Match[str], name: str) -> str:
    try:
        value = m.group(name)
    except IndexError:
        return ""
    return value.strip() if value else ""


def _plausible(m: re.Match[str], shape: str, text: str) -> bool:
    volume, pages = _group(m, "volume"), _group(m, "pages")
    if shape in ("vip", "vol-only", "vol-year", "aps", "nature", "elsevier", "chicago"):
        # a volume is a number of a few digits, not a year ("in 2019, 5 ...", "July 9, 2026")
        digits = volume.removeprefix("Suppl").strip(". ")
        if not digits or (shape in ("vip", "vol-only", "vol-year")
                          and re.fullmatch(YEAR, digits)):
            return False
        issue = _group(m, "issue")
        if issue and re.fullmatch(YEAR, issue):  # "12, 51 (2020)": a year, not an issue
            return False
    if shape == "vip":
        before = text[max(0, m.start() - 2) : m.start()]
        if before.endswith(("(", "-")):  # "(2) 159-68" is an issue, "1999-2012" a span
            return False
        if pages and not re.search(r"\d", pages):
            return False
        if len(volume) == 1 and len(pages) == 1:  # a ratio (2:1), no source
            return False
        if _MONTH_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
            return False  # "Accessed July 9, 2026" is a date
    if shape == "year-end" and (
        _MONTH_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
        or _ACCESSED_RE.search(text, max(0, m.start() - 40), m.start())
    ):
        return False  # "Accessed 13 Dec. 2020": when the page was read
    if shape in ("vi-date", "pmc-mla-date") and re.fullmatch(
        YEAR, volume if shape == "vi-date" else pages.rstrip(".")
    ):
        return False
    return bool(volume or pages or shape.startswith("nlm") or shape in ("vol-only", "year-end"))


#: Characters at the end of a citation looked at first (a source group is far shorter).
_WINDOW = 240


def _best_match(text: str, pos: int) -> tuple[int, int, re.Match[str], str] | None:
    """The shape match that ends last from ``pos`` on (and, at one end, says the most).

    Every shape starts at a number, a capital before a number, ``(`` or ``Vol``/``vol``:
    the shapes are tried at those places only (:data:`_CANDIDATE_RE`), each shape at the
    places it can start (:data:`_STARTS`).
    """
    shapes = [(shape, rank, pattern, _STARTS[shape]) for shape, rank, pattern in _SHAPES
              if (needs := _NEEDS.get(shape)) is None or any(n in text for n in needs)]  # fmt: skip
    best: tuple[int, int, re.Match[str], str] | None = None
    for cand in _CANDIDATE_RE.finditer(text, pos):
        start = cand.start()
        kind = _kind(text[start])
        for shape, rank, pattern, starts in shapes:
            if kind not in starts:
                continue
            m = pattern.match(text, start)
            if m is None or not _plausible(m, shape, text):
                continue
            end = start + len(m.group().rstrip(" .,;"))
            if best is None or (end, rank) > best[:2]:
                best = (end, rank, m, shape)
    return best


def _kind(char: str) -> str:
    if char.isdigit():
        return "d"
    if char in "Vv":
        return "v"
    return "(" if char == "(" else "u"


_CANDIDATE_RE = re.compile(r"(?<!\d)\d|[A-Z](?=\d)|Suppl|[Vv]ol|\bv\.(?=\s?\d)|\(")


def find_source(text: str) -> Source | None:
    """Return the source group of a citation (identifiers already taken out, the text
    normalised by :func:`normalise`), or ``None``.

    >>> s = find_source("Smith J. A title. N Engl J Med. 2016 Aug 25;375(8):740-53.")
    >>> s.shape, s.year, s.volume, s.issue, s.pages
    ('nlm', '2016', '375', '8', '740-753')
    >>> s = find_source("Bernstein, B. E. (2012). Title. Nature, 489, 57-74.")
    >>> s.shape, s.year, s.volume, s.pages
    ('vip', '', '489', '57-74')
    """
    if _ANCHOR_RE.search(text) is None:
        return None
    best = None
    if len(text) > _WINDOW:  # the source is near the end: look there first
        best = _best_match(text, len(text) - _WINDOW)
        if best is not None and best[0] < len(text) - _WINDOW // 2:
            best = None  # it may have begun before the window: look at the whole text
    if best is None:
        best = _best_match(text, 0)
    if best is None:
        return None
    _, _, m, shape = best
    pages = _group(m, "pages") or _group(m, "eloc")
    pages = re.sub(r"\s*-\s*", "-", pages).rstrip(".")
    if "(" in pages or ")" in pages:
        pages = ""
    volume = _group(m, "volume")
    return Source(
        m.start(), m.end(), shape, _group(m, "year"), _group(m, "month"), volume,
        _group(m, "issue"), expand_pages(pages) if pages else "",
    )  # fmt: skip


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


_SPACE_BEFORE_RE = re.compile(r"\s+([.,;](?:\s|$))")


def normalise(text: str) -> str:
    """One space between words, every dash a ``-`` (``--`` too): the text :func:`find_source`
    and the readers work on."""
    text = " ".join(text.translate(_DASHES).split())
    if " ." in text or " ," in text:  # "title . Journal": what an identifier taken out left
        text = _SPACE_BEFORE_RE.sub(r"\1", text)
    return text.replace("--", "-") if "--" in text else text


_LAST_YEAR_RE = re.compile(YEAR)


def last_year(text: str) -> str:
    """The last plausible publication year in ``text`` (``""`` if none)."""
    found = _LAST_YEAR_RE.findall(text)
    return found[-1] if found else ""
