"""One citation's lines joined into its text (the general reader's entries).

A line break is a space, except inside a DOI the line broke (``10.1016/j.cell.`` /
``2012.06.013``) and after a hyphen a word was broken at (``anti-`` / ``CD22``). A first line
that is a whole author list without its full stop ends there. :class:`Joined` takes the lines
one at a time, each at the cost of its own length, so an entry that never ends (a hostile
file) is read in linear time.
"""

from __future__ import annotations

import re

from refgraph.sources._citation import parse_authors
from refgraph.sources._names import read_names

__all__ = [
    "CITATION_START_RE",
    "ID_HINT_RE",
    "SAME_AUTHORS_RE",
    "YEAR_RE",
    "Joined",
    "doi_goes_on",
    "entry_text",
    "wrapped_summary_order",
]

YEAR_RE = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
ID_HINT_RE = re.compile(r"arXiv:\d|\b10\.\d{4,9}/|\bPMID\b|\bPMC\d")
#: A line that starts like a citation: ``Surname AB,`` / ``Surname AB et al.`` / ``Surname, A.`` /
#: ``Given Surname, ``;
#: an author-date head, the authors (a group's name too) then the year (``Kohler, Stefan.
#: 2019.``, ``Die Bundesregierung. 2013.``, ``NHS England (2024)``); a rule for the authors.
CITATION_START_RE = re.compile(
    r"^(?:[A-Z][\w'’\-]+(?: [A-Za-z][\w'’\-]+){0,3},? (?:[A-Z]{1,4}|[A-Z]\.(?: ?[A-Z]\.)*)"
    r"(?:[,.]| et al\b)"
    r"|[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)?, [A-Z]\.|The \w+|[A-Z][a-z]+ [A-Z][a-z]+, "
    r"|[A-ZÀ-Þ][^.;:\d]{1,100}?(?:\. |\s\()(?:1[6-9]|20)\d\d[a-z]?[.)]"
    r"|(?:[—―]{2,}|-{3,}|_{3,})\s*[.,])"
)
#: A citation that starts with a rule instead of its authors has the authors of the one
#: before (Chicago, MLA, APA's older editions: ``———. 2018b. “Title.”``, ``---. Title.``).
SAME_AUTHORS_RE = re.compile(r"\s*(?:[—―]{2,}|-{3,}|_{3,})\s*[.,]")


def entry_text(parts: list[str]) -> str:
    """Join the lines of one citation (``anti-`` + ``CD22`` stays ``anti-CD22``).

    A first line that is a whole author list (or a group) without a full stop, with the
    title on the next line, ends there (``American College of Sports Medicine`` /
    ``Exercise and physical activity ...``): the line break was the field's end.
    """
    return Joined(parts).citation()


_HYPHEN_BREAK_RE = re.compile(r"(?<=[a-z])- (?=[a-z])")
#: No DOI runs this long: a longer last word is not one broken over lines.
_LONGEST_DOI = 1000


class Joined:
    """Lines joined as one citation's text, a line at a time: each line costs its own length.
    Keeps what the joining and ``_complete`` look at: the last word (a DOI the line broke
    inside is in it), the size, and whether a year or an identifier has been read."""

    __slots__ = ("_context", "_dated", "_seen", "count", "pieces", "size", "tail")

    def __init__(self, parts: list[str]) -> None:
        self.pieces: list[str] = []
        self.count = self.size = self._seen = 0
        self.tail = self._context = ""
        self._dated = False
        if len(parts) > 1 and _names_line(parts[0], parts[1]):
            parts = [parts[0] + ".", *parts[1:]]
        for part in parts:
            self.add(part)

    def add(self, part: str) -> None:
        tail, pieces = self.tail, self.pieces
        # a DOI the line broke inside ("10.1016/j.cell." / "2012.06.013") is one DOI
        glue = bool(pieces) and doi_goes_on(tail, part)
        if pieces and not glue:
            pieces.append(" ")
            self.size += 1
        space = part.rfind(" ")
        self.tail = part[space + 1 :] if space >= 0 or not glue else tail + part
        pieces.append(part)
        self.size += len(part)
        self.count += 1

    def text(self) -> str:
        return "".join(self.pieces)

    def citation(self) -> str:
        """The text with the words a line broke at a hyphen put back (``anti- CD22``)."""
        return _HYPHEN_BREAK_RE.sub("-", self.text())

    def dated(self) -> bool:
        """Does the text name a year or an identifier? (what is read stays read)"""
        if not self._dated and self._seen < len(self.pieces):
            # the last characters read go with the new ones: a year across a join is read
            window = self._context + "".join(self.pieces[self._seen :])
            start = 1 if len(self._context) == 25 else 0  # (the one before, for look-behinds)
            self._dated = (YEAR_RE.search(window, start) is not None
                           or ID_HINT_RE.search(window, start) is not None)  # fmt: skip
            self._seen, self._context = len(self.pieces), window[-25:]
        return self._dated


def doi_goes_on(tail: str, part: str) -> bool:
    """Does ``part`` go on with the DOI ``tail`` ends in, broken at a line end
    (``10.1016/j.cell.`` / ``2012.06.013``; ``doi.org/10.1039/`` / ``c3cs60141b``)?"""
    return (len(tail) <= _LONGEST_DOI and _BROKEN_DOI_RE.search(tail) is not None
            and (part[:1].isdigit() or (not tail.endswith(".") and part[:1].isalnum()
                                        and not _ID_WORD_RE.match(part))))  # fmt: skip


_ID_WORD_RE = re.compile(r"(?:doi|https?|pmid|pmc|epub|available)\b", re.I)
#: A line ending inside a DOI: after its "/" or at one of its inner ".", "-", "_" or "/".
_BROKEN_DOI_RE = re.compile(r"(?:doi\.org/|\b10\.\d{4,9}/)\S*[./_-]$|\b10\.\d{4,9}/$", re.I)


#: What no author list holds: a quoted title, or a year of its own ("Bonita. 2010.", "(2010)").
_NOT_NAMES_RE = re.compile(r"[“”\"«»]|[.,] (?:1[6-9]|20)\d\d[a-z]?[.,]|\((?:1[6-9]|20)\d\d")
#: A list that breaks after the initials of its last name (``..., and JN`` / ``Wasserheit.``).
_CUT_NAME_RE = re.compile(r"(?:\band|&) [A-Z]{1,3}$")


def _names_line(first: str, second: str) -> bool:
    if (not (first[-1:].isalnum() or first.endswith(")")) or not second[:1].isupper()
            or len(first) > 300 or _INITIALS_NEXT_RE.match(second)
            or first.split()[-1] in ("and", "of", "for", "the")
            or _NOT_NAMES_RE.search(first) or _CUT_NAME_RE.search(first)):  # fmt: skip
        return False
    authors, _, ok = read_names(first)
    last = authors[-1] if authors else None
    if (last is not None and len(authors) >= 2 and re.search(r"[a-z]{2}", last.first)
            and not any(a.first or a.collective for a in authors[:-1])):  # fmt: skip
        return False  # "Balding DJ, Mackay I. Multiple Quantitative Trait": a title goes on
    return ok and last is not None and bool(last.collective or last.initials or last.first)


#: The next line goes on with the names: initials, or a word and a comma (the given name of
#: a surname-first name the line broke inside: ``..., Williams`` / ``Lucretia, Lee Jong Ho``).
_INITIALS_NEXT_RE = re.compile(r"[A-Z]{1,3}\b[,.]|[A-Z]\.|[A-ZÀ-Þ][a-zß-ÿ'’-]+,")


# "... donation: glass half-full or half-empty? Allegretti AS, Yeung MY, Riella LV. Am J ..."
_AUTHORS_AFTER_TITLE_RE = re.compile(r"[.?!] (?=[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)? [A-Z]{1,4}[,.])")
_SENTENCE_END_RE = re.compile(r"\. (?=[A-Z0-9])")


def wrapped_summary_order(text: str) -> str:
    """The summary form wrapped at any width (the title's lines, then the authors'): the
    first sentence that is a whole NLM author list, after a title that is none, goes first."""
    for m in _AUTHORS_AFTER_TITLE_RE.finditer(text, 0, 400):
        title, rest = text[: m.start() + 1], text[m.end() :]
        end = _SENTENCE_END_RE.search(rest)
        if end is None:
            return text
        _, _, people = parse_authors(rest[: end.start()].replace(";", ","))
        if people:
            _, _, title_people = parse_authors(title.rstrip(".?!"))
            if not title_people:
                return f"{rest[: end.start() + 1]} {title} {rest[end.end() :]}"
        return text
    return text
