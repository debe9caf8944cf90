"""Read one NLM/Vancouver-style citation string into its parts (pure, linear time).

Shared by the LiverTox, Bookshelf and Vancouver readers. A citation looks like::

    Authors. Title. Journal. 2016 Aug 25;375(8):740-53. doi: 10.x/y. PMID: N; PMCID: PMCn.

- **Identifiers** (``PubMed PMID: N``, ``PMID: N``, ``[PubMed: N]``, ``PMCID: PMCn``,
  ``[PMC free article: PMCn]``, ``doi: 10.x/y``, ``[CrossRef]``, ``Epub 2017 Jul 4.``) are
  taken out first (:func:`split_identifiers`, in :mod:`refgraph.sources._identifiers`).
- **The source part** is the *last* ``Year[ Mon[ Day]];Vol(Issue):Pages`` in what is left
  (``Journal Year; Vol: Pages`` with spaces is read too). Everything before it is
  ``Authors. Title. Journal.``: the journal is the last sentence, the author list the first
  sentence when it reads as names (``Surname INITIALS``, ``et al``, or a group name such as
  ``NIH Consensus Development Panel on ...``: :func:`parse_authors`, in
  :mod:`refgraph.sources._nlmnames`); otherwise the work is anonymous and the whole rest is
  its title.
- **Pages** are normalised by :func:`refgraph.text.expand_pages` to the fully expanded
  hyphenated form (``740-53`` -> ``740-753``, ``e387–e398`` -> ``e387-e398``).

Every regular expression here is anchored or bounded so that a 5 MB line of junk is
scanned in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refgraph.model import Author
from refgraph.sources._identifiers import ANY_ID_RE, PMID_RE, identifiers, split_identifiers
from refgraph.sources._nlmnames import GROUP_WORDS, parse_authors, starts_like_citation
from refgraph.text import expand_pages

__all__ = [
    "GROUP_WORDS",
    "Citation",
    "CitationParts",
    "citation_parts",
    "looks_like_citation",
    "parse_authors",
    "parse_citation",
    "split_identifiers",
    "starts_like_citation",
]

# The source part: Year[ Mon[-Mon][ Day]] ; Vol(Issue):Pages
_DATE_RE = re.compile(
    r"(?<![\d/])((?:1[6-9]|20)\d\d)"  # (a month after a stray ";" too: "2020; Apr;111(4)")
    r"(?:(?:\s+|\s*;\s*(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*;))"
    r"([A-Z][a-z]{2,8})(?:-[A-Z][a-z]{2,8})?(?:\s+(\d{1,2}))?)?\s*;"
)
_VOLUME_RE = re.compile(
    r"\s*([^\s():;.,][^():;,.]{0,40})?\s*(?:\(([^()]{0,40})\))?\s*(?::\s*([^\s.;,]{1,40}"
    r"(?:,\s*[^\s.;,]{1,40}){0,8}))?"
)
_YEAR_ONLY_RE = re.compile(r"\.\s+((?:1[6-9]|20)\d\d)(?:\s+[A-Z][a-z]{2})?\.?\s*$")


@dataclass(frozen=True, slots=True)
class Citation:
    """The parts of one citation string, plain strings (empty when absent)."""

    # The Reference fields a citation string can hold, under the same names on purpose
    # (the readers copy them over one to one): a field list, not logic written twice.

    authors: tuple[Author, ...] = ()
    et_al: bool = False
    title: str = ""
    journal: str = ""
    year: str = ""
    month: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    epub: str = ""


def _sentences(text: str) -> list[str]:
    """Split at ``. `` / ``? `` / ``! `` (end of sentence followed by a space)."""
    if "? " not in text and "! " not in text:
        pieces = text.split(". ")
        last = pieces.pop().strip()
        whole = [p.strip() + "." for p in pieces if p.strip()]
        return [*whole, last] if last else whole
    out: list[str] = []
    start = 0
    for m in re.finditer(r"[.?!] ", text):
        piece = text[start : m.start() + 1].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _strip_dot(text: str) -> str:
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(".") else text


def _head(prefix: str) -> tuple[tuple[Author, ...], bool, str, str]:
    """Split ``Authors. Title. Journal`` into authors, et_al, title, journal."""
    sentences = _sentences(prefix)
    if not sentences:
        return (), False, "", ""
    journal = _strip_dot(sentences[-1])
    body = sentences[:-1]
    if not body:
        return (), False, "", journal
    first = _strip_dot(body[0])
    authors, et_al, people = parse_authors(first)
    rest = body[1:]
    # "Surname S, et al." is split into two sentences by the ". " after "al"
    if rest and _strip_dot(rest[0]).lower() == "et al":
        et_al, rest = True, rest[1:]
    if people and rest:
        return authors, et_al, _strip_dot(" ".join(rest)), journal
    if rest and "," not in first and GROUP_WORDS.search(first):
        return (Author(collective=first),), False, _strip_dot(" ".join(rest)), journal
    return (), False, _strip_dot(" ".join(body)), journal


def _last_date(text: str) -> re.Match[str] | None:
    """Return the last ``Year[ Mon[ Day]];`` (found from each ``;``, right to left)."""
    semi = text.rfind(";")
    while semi >= 0:
        for m in _DATE_RE.finditer(text, max(0, semi - 24), semi + 1):
            if m.end() == semi + 1:
                return m
        semi = text.rfind(";", 0, semi)
    return None


#: The fields of a :class:`Citation`, in order, as :func:`citation_parts` returns them.
CitationParts = tuple[
    tuple[Author, ...], bool, str, str, str, str, str, str, str, str, str, str, str
]


# The common LiverTox form read in one match: ``Authors. Title. Journal. 2016[ Aug[ 25]];
# 375(8):740-53. PubMed PMID: N.``, single-spaced, with no full stop, ``?``, ``!``, ``;`` or
# ``[`` inside the author list, title and journal. Whatever it matches, the general steps
# of citation_parts() read the same way (tests/sources/test_citation.py checks this);
# everything else goes the general way.
_PIECE = r"[^\s.?!;\[][^.?!;\[]*(?<! )"
_COMMON_RE = re.compile(
    rf"(?P<authors>{_PIECE})\. (?P<title>{_PIECE})\. (?P<journal>{_PIECE})\. "
    r"(?P<year>(?:1[6-9]|20)\d\d)(?: (?P<month>[A-Z][a-z]{2})(?: \d{1,2})?)?;"
    r"(?P<volume>\d{1,5})(?:\((?P<issue>[0-9A-Za-z-]{1,20})\))?:(?P<pages>[^\s.;,()\[]{1,40})"
    r"\. (?P<label>PubMed PMID): (?P<pmid>[1-9]\d{0,9})\."
)


def _common_parts(text: str) -> CitationParts | None:
    """Read the common form (see ``_COMMON_RE``) in one match; ``None`` otherwise."""
    m = _COMMON_RE.fullmatch(text)
    if (
        m is None
        or "  " in text
        or not text.isprintable()
        # no other identifier (nor another PMID label) before the label
        or ANY_ID_RE.search(text).start() != m.start("label")  # type: ignore[union-attr]
    ):
        return None
    authors_text, title, journal, year, month, volume, issue, pages, pmid = m.group(
        "authors", "title", "journal", "year", "month", "volume", "issue", "pages", "pmid"
    )
    if len(title) == 5 and title.lower() == "et al":
        return None
    authors, et_al, people = parse_authors(authors_text)
    if not people:
        return None
    return (authors, et_al, title, journal, year, month or "", volume, issue or "",
            expand_pages(pages), "", pmid, "", "")  # fmt: skip


def citation_parts(text: str) -> CitationParts | None:
    """Parse one citation into a plain tuple in :class:`Citation` field order.

    Readers that build a :class:`~refgraph.model.Reference` straight away use this to skip
    the intermediate :class:`Citation`; :func:`parse_citation` wraps it.
    """
    if text.endswith("."):
        common = _common_parts(text)
        if common is not None:
            return common
    return _general_parts(text)


def _general_parts(text: str) -> CitationParts | None:
    """:func:`citation_parts` by the general steps (any form)."""
    rest, pmid, pmcid, doi, epub = identifiers(text)
    match = _last_date(rest)
    if match is None:
        m = _YEAR_ONLY_RE.search(rest)
        if not m:
            return None
        authors, et_al, title, journal = _head(rest[: m.start() + 1])
        if not journal:
            return None
        return (authors, et_al, title, journal, m.group(1), "", "", "", "", doi, pmid, pmcid,
                epub)  # fmt: skip
    year, month = match.group(1), match.group(2) or ""
    vol = _VOLUME_RE.match(rest, match.end())
    volume = issue = pages = ""
    if vol:
        volume, issue, pages = vol.group(1, 2, 3)
        volume = volume.strip() if volume else ""
        issue = issue.strip() if issue else ""
        pages = expand_pages(pages) if pages else ""
        if not issue and " Suppl" in volume:  # MEDLINE's "18 Suppl 2": volume 18, issue Suppl 2
            volume, _, supplement = volume.partition(" ")
            issue = supplement.strip()
    authors, et_al, title, journal = _head(rest[: match.start()].strip())
    if not journal:
        return None
    return (authors, et_al, title, journal, year, month, volume, issue, pages, doi, pmid, pmcid,
            epub)  # fmt: skip


def parse_citation(text: str) -> Citation | None:
    """Parse one citation; ``None`` when no ``Year;Volume`` source part can be found.

    >>> c = parse_citation("Lamb YN. Inotuzumab ozogamicin: first global approval. "
    ...                    "Drugs. 2017;77:1603–10. PubMed PMID: 28819740.")
    >>> c.authors[0].short(), c.title, c.journal, c.year, c.volume, c.pages, c.pmid
    ('Lamb YN', 'Inotuzumab ozogamicin: first global approval', 'Drugs', '2017', '77', \
'1603-1610', '28819740')
    """
    parts = citation_parts(text)
    return None if parts is None else Citation(*parts)


def looks_like_citation(text: str) -> bool:
    """Tell text that reads like a (possibly broken) citation from prose fragments."""
    head = text[:300]
    if PMID_RE.search(head) or "PMID" in text[-200:]:
        return True
    if re.search(r"(?:1[6-9]|20)\d\d\s*;\s*\d", text[-400:]):
        return True
    return starts_like_citation(head)
