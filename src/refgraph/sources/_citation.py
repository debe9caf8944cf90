"""Read one NLM/Vancouver-style citation string into its parts (pure, linear time).

Shared by the LiverTox, Bookshelf and Vancouver readers. A citation looks like::

    Authors. Title. Journal. 2016 Aug 25;375(8):740-53. doi: 10.x/y. PMID: N; PMCID: PMCn.

- **Identifiers** (``PubMed PMID: N``, ``PMID: N``, ``[PubMed: N]``, ``PMCID: PMCn``,
  ``[PMC free article: PMCn]``, ``doi: 10.x/y``, ``[CrossRef]``, ``Epub 2017 Jul 4.``) are
  taken out first (:func:`split_identifiers`).
- **The source part** is the *last* ``Year[ Mon[ Day]];Vol(Issue):Pages`` in what is left
  (``Journal Year; Vol: Pages`` with spaces is read too). Everything before it is
  ``Authors. Title. Journal.``: the journal is the last sentence, the author list the first
  sentence when it reads as names (``Surname INITIALS``, ``et al``, or a group name such as
  ``NIH Consensus Development Panel on ...``); otherwise the work is anonymous and the
  whole rest is its title.
- **Pages** are normalised by :func:`refgraph.text.expand_pages` to the fully expanded
  hyphenated form (``740-53`` -> ``740-753``, ``e387–e398`` -> ``e387-e398``).

Every regular expression here is anchored or bounded so that a 5 MB line of junk is
scanned in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refgraph.fastmodel import new_author, new_authors
from refgraph.ids import normalize_doi
from refgraph.model import Author
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

# Identifiers: each pattern is bounded (no nested quantifiers).
# The whole digit run, however long: an over-long "PMID" is reported (bad_pmid), never cut.
_PMID_RE = re.compile(r"(?:PubMed\s+PMID|PMID|pmid|Pmid|\[\s*PubMed)\s*:?\s*(\d+)\s*\]?\.?")
_PMCID_RE = re.compile(
    r"(?:\[\s*PMC\s+free\s+article\s*:\s*|PMCID\s*:?\s*)(PMC\d{1,10})\s*\]?[.;]?", re.I
)
_DOI_RE = re.compile(r"(?:\bdoi\s*:\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s\]]+)", re.I)
_EPUB_RE = re.compile(
    r"\bEpub(?:\s+ahead\s+of\s+print)?\s*((?:19|20)\d\d(?:\s+[A-Z][a-z]{2})?(?:\s+\d{1,2})?)?\.?"
)
_LINK_RE = re.compile(r"\[(?:CrossRef|Google Scholar|PubMed|Free full text|PMC)\]", re.I)

# The source part: Year[ Mon[-Mon][ Day]] ; Vol(Issue):Pages
_DATE_RE = re.compile(
    r"(?<![\d/])((?:1[6-9]|20)\d\d)"
    r"(?:\s+([A-Z][a-z]{2,8})(?:-[A-Z][a-z]{2,8})?(?:\s+(\d{1,2}))?)?\s*;"
)
_VOLUME_RE = re.compile(
    r"\s*([^\s():;.,][^():;,.]{0,40})?\s*(?:\(([^()]{0,40})\))?\s*(?::\s*([^\s.;,]{1,40}"
    r"(?:,\s*[^\s.;,]{1,40}){0,8}))?"
)
_YEAR_ONLY_RE = re.compile(r"\.\s+((?:1[6-9]|20)\d\d)(?:\s+[A-Z][a-z]{2})?\.?\s*$")

_SUFFIXES = {"Jr", "Sr", "II", "III", "IV", "V", "2nd", "3rd", "4th"}
_NAME_PUNCT = str.maketrans("", "", "-'’.")
GROUP_WORDS = re.compile(
    r"\b(?:Group|Panel|Committee|Consortium|Society|Association|Collaborat\w*|Investigators"
    r"|Network|Council|Organi[sz]ation|Working|Task Force|Study|Team|Board|Academy|College"
    r"|Institute|Centers?|Agency|Program+e?|Writing)\b"
)
# "Surname AB," / "Surname AB." at the start of a line: a citation starts here.
_START_RE = re.compile(
    r"[^\W\d_][^\s,.;:()]{0,40}(?: [^\W\d_][^\s,.;:()]{0,40}){0,3} [A-Z]{1,4}[,.](?: |$)"
)


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


# Where to start looking for each identifier (the leftmost of several spellings).
_PMID_ANCHOR_RE = re.compile("PMID|PubMed|pmid|Pmid")
_PMCID_ANCHOR_RE = re.compile("PMC|pmc")
_DOI_ANCHOR_RE = re.compile("doi|DOI|http")
# Anything else _identifiers() would take out (or cut links at).
_RARE_ID_RE = re.compile(r"PMC|pmc|doi|DOI|http|Epub|\[")
# Either kind: the first hit of this is the first hit of one of the two above.
_ANY_ID_RE = re.compile(_PMID_ANCHOR_RE.pattern + "|" + _RARE_ID_RE.pattern)


def _take(
    text: str, pattern: re.Pattern[str], anchor: re.Pattern[str]
) -> tuple[str, re.Match[str] | None]:
    """Search ``pattern`` from just before ``anchor``'s first hit; cut the match out."""
    a = anchor.search(text)
    if a is None:
        return text, None
    m = pattern.search(text, max(0, a.start() - 12))
    if m is None:
        return text, None
    return text[: m.start()] + " " + text[m.end() :], m


def _identifiers(text: str) -> tuple[str, str, str, str, str]:
    """Return ``(rest, pmid, pmcid, doi, epub)``; see :func:`split_identifiers`."""
    pmid = pmcid = doi = epub = ""
    text, m = _take(text, _PMID_RE, _PMID_ANCHOR_RE)
    if m:
        pmid = m.group(1).lstrip("0")
    if _RARE_ID_RE.search(text) is None:  # the common case: nothing else to take out
        return _squeeze(text), pmid, pmcid, doi, epub
    if "PMC" in text or "pmc" in text:
        text, m = _take(text, _PMCID_RE, _PMCID_ANCHOR_RE)
        if m:
            pmcid = m.group(1).upper()
    if "doi" in text or "DOI" in text or "http" in text:
        text, m = _take(text, _DOI_RE, _DOI_ANCHOR_RE)
        if m:
            doi = normalize_doi(m.group(1))
    at = text.find("Epub")
    if at >= 0:
        m = _EPUB_RE.search(text, max(0, at - 12))
        if m:
            text = text[: m.start()] + " " + text[m.end() :]
            epub = m.group(1) or ""
    if "[" in text:
        text = _LINK_RE.sub(" ", text)
    return _squeeze(text), pmid, pmcid, doi, epub


def _squeeze(text: str) -> str:
    """Return ``" ".join(text.split())``, without splitting when only the ends need it."""
    stripped = text.strip()
    # every whitespace character but " " is unprintable: only single spaces inside?
    if "  " not in stripped and stripped.isprintable():
        return stripped
    return " ".join(stripped.split())


def split_identifiers(text: str) -> tuple[str, dict[str, str]]:
    """Take the identifiers out of a citation; return the rest and ``{pmid, pmcid, doi, epub}``.

    >>> rest, ids = split_identifiers("Drugs. 2017;77:1603-10. PubMed PMID: 28819740.")
    >>> rest, ids["pmid"]
    ('Drugs. 2017;77:1603-10.', '28819740')
    """
    rest, pmid, pmcid, doi, epub = _identifiers(text)
    return rest, {"pmid": pmid, "pmcid": pmcid, "doi": doi, "epub": epub}


_PARTICLES = {
    "van", "von", "de", "der", "den", "da", "di", "la", "le", "du", "dos", "das", "del",
    "della", "ten", "ter", "bin", "al", "el", "y", "zu", "af", "st",
}  # fmt: skip


def _surname_word(word: str) -> bool:
    if word in _PARTICLES:
        return True
    if not word[0].isupper():
        return False
    return word.isalpha() or word.translate(_NAME_PUNCT).isalpha()


# "Surname INITIALS": the common case. The surname is checked by _plain_surname, which
# says what _person() would say of a one-word surname. "Et AL" is "et al", not a name.
_SIMPLE_PERSON = r"(?!E[tT] AL(?:,|$))([^\s,;]+) ([A-Z]{1,4})"
_SIMPLE_PERSON_RE = re.compile(_SIMPLE_PERSON)
# A whole list of such names, "A B, C D, E F" with an optional final ", et al".
_SIMPLE_LIST_RE = re.compile(rf"{_SIMPLE_PERSON}(?:, {_SIMPLE_PERSON})*(?P<et_al>, et al)?")
# The same in plain ASCII, where every surname passes _plain_surname (no check needed).
_ASCII_PERSON = r"(?!E[tT] AL(?:,|$))[A-Z][A-Za-z]+ [A-Z]{1,4}"
_ASCII_LIST_RE = re.compile(rf"{_ASCII_PERSON}(?:, {_ASCII_PERSON})*(?P<et_al>, et al)?")


def _plain_surname(word: str) -> bool:
    """Would :func:`_person` accept ``word`` as a one-word surname?"""
    return word[0].isupper() and (word.isalpha() or word.translate(_NAME_PUNCT).isalpha())


_ET_AL = {"et al", "et al.", "and others", "others"}


def _person(item: str) -> Author | None:
    words = item.split()
    suffix = ""
    if len(words) >= 3 and words[-1] in _SUFFIXES:
        suffix = words.pop()
    if not 2 <= len(words) <= 5:
        return None
    initials = words[-1]
    if len(initials) > 4 or not (initials.isascii() and initials.isalpha() and initials.isupper()):
        return None
    surname = words[:-1]
    if not surname[-1][0].isupper():
        return None
    for word in surname:
        if not _surname_word(word):
            return None
    return Author(last=" ".join(surname), initials=initials, suffix=suffix)


def parse_authors(segment: str) -> tuple[tuple[Author, ...], bool, bool]:
    """Read an NLM author list; return ``(authors, et_al, looks_like_people)``.

    >>> authors, et_al, ok = parse_authors("Kantarjian HM, Gökbuget N, et al")
    >>> [a.short() for a in authors], et_al, ok
    (['Kantarjian HM', 'Gökbuget N'], True, True)
    """
    # Both short cuts below split a list the pattern has matched whole: its items are
    # "Surname AB" with one space inside, joined by ", " (with a final "et al" if any).
    whole = _ASCII_LIST_RE.fullmatch(segment)
    if whole is not None:  # every item a plain "Surname AB": read them all at once
        items = segment.split(", ")
        et_al = whole.group("et_al") is not None
        if et_al:
            items.pop()
        return new_authors(items), et_al, True
    whole = _SIMPLE_LIST_RE.fullmatch(segment)
    if whole is not None:  # the same with surnames to check one by one
        items = segment.split(", ")
        et_al = whole.group("et_al") is not None
        if et_al:
            items.pop()
        for item in items:  # _plain_surname(surname), inline
            last = item[: item.index(" ")]
            if not last[0].isupper() or not (
                last.isalpha() or last.translate(_NAME_PUNCT).isalpha()
            ):
                break
        else:
            return new_authors(items), et_al, True
    if ";" in segment:
        segment = segment.replace(";", ",")
    authors: list[Author] = []
    et_al = False
    people = 0
    first_is_person = False  # does the first item, as written, read as a person?
    first = True
    simple = _SIMPLE_PERSON_RE.fullmatch
    for raw in segment.split(","):
        item = raw.strip()
        if not item:
            continue
        m = simple(item)
        if m is not None and _plain_surname(m.group(1)):
            person: Author | None = new_author(m.group(1), m.group(2))
        else:
            low = item.lower().rstrip(".")
            if low in _ET_AL:
                et_al, first = True, False
                continue
            if low.endswith(" et al"):
                item = item[: -len(" et al")].strip()
                et_al = True
            person = _person(item)
        if person is not None:
            people += 1
            authors.append(person)
        else:
            authors.append(Author(collective=item))
        if first:
            first_is_person, first = person is not None, False
    # when et_al is set the first item's own reading does not matter; otherwise the first
    # item was read unchanged, so first_is_person is _person(first item)
    ok = bool(authors) and people > 0 and (first_is_person or et_al or people > 1)
    return tuple(authors), et_al, ok


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
        or _ANY_ID_RE.search(text).start() != m.start("label")  # type: ignore[union-attr]
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
    rest, pmid, pmcid, doi, epub = _identifiers(text)
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
    if _PMID_RE.search(head) or "PMID" in text[-200:]:
        return True
    if re.search(r"(?:1[6-9]|20)\d\d\s*;\s*\d", text[-400:]):
        return True
    return starts_like_citation(head)


def starts_like_citation(line: str) -> bool:
    """Does ``line`` begin with an NLM author (``Surname AB,`` or ``Surname AB.``)?"""
    text = line.strip()
    if _START_RE.match(text) is None:
        return False
    return text[0].isupper() or text.split(" ", 1)[0] in _PARTICLES
