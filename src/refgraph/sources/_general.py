"""Read a citation in any style by its structure, not by a style's rule (pure).

Every citation style puts the same things in nearly the same order; what differs is the
punctuation. This reader finds the parts by what they are:

1. **the source group** (year, volume, issue, pages) by its numbers, in any of the shapes
   :mod:`refgraph.sources._source` knows;
2. **the authors** at the start (:func:`refgraph.sources._names.author_end`), in any name
   order; when the citation starts with its title instead, the names are looked for in the
   sentence just before the journal (``Title. A. Author, B. Author. Journal 1992: 268; 240``);
3. an **author-year** ``(2012)`` (``(November 2002)``, ``(2023, 28 juni)``) or ``2017.``
   right after the names;
4. **title and journal** between them: the journal is the last piece before the source
   group - after the last full stop, question mark or closing quote, else after the last
   comma - with the abbreviated words before it (``Rapid Commun. Mass Spectrom.``).

What is not there stays empty. :func:`read_general` also says which fields it is unsure
of (``doubt``), for the tagger to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from refgraph.model import Author
from refgraph.sources._names import author_end, is_group, read_names
from refgraph.sources._source import YEAR, Source, find_source

__all__ = [
    "ACCESS_WORDS",
    "General",
    "extend_journal",
    "odd_journal",
    "read_general",
    "split_title_journal",
    "without_access_dates",
]


# The Reference fields a citation string can hold, under the same names on purpose (the
# readers copy them over one to one): a field list, not logic written twice.
@dataclass(slots=True)
class General:
    """What :func:`read_general` read (plain strings, empty when absent)."""

    authors: tuple[Author, ...] = ()
    et_al: bool = False
    title: str = ""
    journal: str = ""
    year: str = ""
    month: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doubt: list[str] = field(default_factory=list)


_YEAR_AFTER_NAMES_RE = re.compile(
    rf"\s*[.,]?\s*(?:\(\s*(?:[A-Za-z]{{3,9}}\.?\s+(?:\d{{1,2}},?\s+)?)?(?P<y1>{YEAR})[a-z]?\b"
    rf"[^()]{{0,24}}\)|(?P<y2>{YEAR})[a-z]?(?:\s+[A-Z][a-z]{{2,8}}(?:\s+\d{{1,2}})?)?)\s*[.:,]?\s*"
)
_PAREN_YEAR_RE = re.compile(
    rf"\(\s*(?:[A-Za-z]{{3,9}}\.?\s+)?({YEAR})[a-z]?\b(?!\s*-)[^()]{{0,24}}\)"
)
_ANY_YEAR_RE = re.compile(YEAR)
_RULE_RE = re.compile(r"(?:-{2,}|_{3,})\s*[.,]\s*")  # (normalised: every dash is a "-")
#: The words before the date a work was read on, in the languages reference managers write
#: citations in: ``[cited 2026 Sep 15]``, ``[citado 30 de agosto de 2023]``, ``[cité le 3 oct
#: 2026]``, ``[zitiert am ...]``, ``Acesso em: 2 set. 2026``.
ACCESS_WORDS = (r"cited|accessed|citado|citada|cité|consultado|consulté|zitiert|abgerufen"
                r"|acesso em|acessado|accedido")  # fmt: skip
#: The date of an NLM web citation: the year just before ``[cited ...]`` / ``[updated ...]``.
_WEB_DATE_RE = re.compile(
    rf"({YEAR})(?:\s+[A-Z][a-z]{{2,8}}\.?(?:\s+\d{{1,2}})?)?\s*\[\s*(?:updated|{ACCESS_WORDS})\b",
    re.I,
)
_ACCESS_RE = re.compile(
    rf"\b(?:Accessed|Retrieved|Viewed|Last accessed|Downloaded|{ACCESS_WORDS})\b(?:[^;\]]{{0,30}}?"
    rf"{YEAR}|[^.;\]]{{0,40}})",
    re.I,
)
# (regular expressions, one a line: a table, not logic)
_QUOTE_END_RE = re.compile(r"(?:[.?!,](?:[\"”’]|'')|(?:[\"”’]|'')[.,])\s+")
# a full stop, question mark or exclamation mark (after a closing quote too) and a space, or a
# full stop glued to the next capital word in text copied out of a PDF ("systematicreview.Int")
_SENTENCE_END_RE = re.compile(r"(?<=[^\s.])[.?!][\"”]?\s+(?=\S)|(?<=[a-z])[.?!](?=[A-Z])")
#: How many sentences before the source may hold a title-first citation's names.
_NAMES_SENTENCES = 40
#: A sentence end after one capital letter is an initial ("E. M. Antman"), not an end.
_AFTER_INITIAL_RE = re.compile(r"(?:^|[\s.])[A-Z]$")  # (two characters at most)
_ABBREV_PIECE_RE = re.compile(
    r"^(?:[A-Z][A-Za-z]{0,12}|[A-Z]|of|and|&)(?: (?:[A-Z][A-Za-z]{0,12}|of|&|and)){0,4}$"
)
_SHORT_ABBREV_RE = re.compile(r"[A-Z][a-z]{1,4}(?: [A-Z][a-z]{1,4})?")
_FULL_WORD_RE = re.compile(r"[A-Za-z]{5,}(?:es|ies|ing|tion|ed)$")
_PREPRINT_RE = re.compile(r"\b(bioRxiv|medRxiv|arXiv|ChemRxiv|Research Square|SSRN|Preprints)\b")
_NOT_JOURNAL_RE = re.compile(
    r"\b(?:In|in):|\b(?:Press|Publish\w*|Springer|Wiley|Elsevier|University|ed\.|eds\.|Editors?)\b"
    r"|^(?:Available|Accessed|Retrieved|Updated|Published|URL)\b"
)
_TRAILING_VOL_RE = re.compile(r"[,\s]+(?:[Vv]ol|[Nn]o|pp)\.?$")
_LEAD_RE = re.compile(r"^(?:In|in)\s*:?\s+")
#: A journal's series after its name: "J. Environ. Sci. Health, Part C", "..., Section B".
_SERIES_RE = re.compile(r",?\s+(?:Part|Section|Series|Ser\.)\s+[A-Z0-9]{1,3}$")
#: A work accepted but not yet out: it names its journal, but no year, volume or pages yet.
_IN_PRESS_RE = re.compile(
    r"[.,;]?\s*[(\[]?\b(?:in press|forthcoming|accepted(?: for publication)?)[)\]]?\.?\s*$", re.I
)
#: NLM's date of a work ahead of print, no volume yet: "Bioinformatics. 2019 Oct 7. pii: b7."
_AHEAD_DATE_RE = re.compile(
    rf"\.\s+{YEAR}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?:\s+\d{{1,2}})?"
    r"(?:[.;]\s*pii:\s*[\w.-]+)?[\s.;\[\]]*$"  # ("pii: btz745." and "[Epub ahead of print]")
)


def _clean(piece: str) -> str:
    piece = _TRAILING_VOL_RE.sub("", piece.strip()).strip(",;:")
    return piece[:-1] if piece.endswith(".") and piece.count(".") == 1 else piece.strip()


def extend_journal(title: str, journal: str) -> tuple[str, str]:
    """``Title. Rapid Commun`` + ``Mass Spectrom`` -> journal ``Rapid Commun. Mass Spectrom``."""
    if len(_SERIES_RE.sub("", journal).split()) > 2:  # "J Allergy Clin Immunol" is whole
        return title, journal
    head, comma, tail = title.rpartition(", ")
    # "..., Phys" + "Rev. Lett" (comma style); an abbreviation is cut before a vowel (ISO 4),
    # so "..., in Wuhan, China" + "Lancet" is a place ending the title
    if comma and _SHORT_ABBREV_RE.fullmatch(tail) and tail[-1] not in "aeiouy":
        return head, f"{tail}. {journal}"
    pieces = title.split(". ")
    taken: list[str] = []
    while (len(pieces) > 1 and _ABBREV_PIECE_RE.match(pieces[-1]) and len(taken) < 6
           and not _FULL_WORD_RE.fullmatch(pieces[-1].split()[-1])):  # fmt: skip
        taken.insert(0, pieces.pop())
    if not taken:
        return title, journal
    return ". ".join(pieces), ". ".join([*taken, journal])


def split_title_journal(body: str) -> tuple[str, str]:
    """``Title. Journal`` (or ``"Title." Journal``, ``Title, Journal``) -> title, journal.

    >>> split_title_journal("Improving mass measurement accuracy. J. Proteomics.")
    ('Improving mass measurement accuracy', 'J. Proteomics')
    >>> split_title_journal("Modeling side effects with graph networks, Bioinformatics,")
    ('Modeling side effects with graph networks', 'Bioinformatics')
    """
    body = body.strip().rstrip(",;:").strip()
    if not body:
        return "", ""
    quote = None
    for found in _QUOTE_END_RE.finditer(body):
        quote = found
    if quote is not None and quote.end() < len(body):
        return _clean(body[: quote.start()].strip('"“‘ ')), _clean(body[quote.end() :])
    trimmed = body.rstrip(".")
    ends = [e for e in _SENTENCE_END_RE.finditer(trimmed)
            if not _comma_initial_before(trimmed, e.start())]  # fmt: skip
    if ends:
        cut = ends[-1]
        title, journal = body[: cut.start()], _clean(body[cut.end() :])
        if journal:
            title, journal = extend_journal(title.strip(), journal)
            return _clean(title), journal
    if "," in body:
        title, _, journal = body.rpartition(",")
        journal = _clean(journal)
        if journal and len(journal.split()) <= 8 and journal[:1].isupper():
            return _clean(title), journal
    words = body.split()
    if len(words) <= 8 and body[:1].isupper():
        return "", _clean(body)
    # "... paradigm) Anat Rec": a title ending in ")" and the journal after it
    close = body.rfind(") ")
    if close > 0 and len(body[close + 2 :].split()) <= 6 and body[close + 2 : close + 3].isupper():
        return _clean(body[: close + 1]), _clean(body[close + 2 :])
    return _clean(body), ""


def _names_before(body: str) -> tuple[int, int, tuple[Author, ...], bool] | None:
    """Title-first citations: the sentence of names inside ``body`` (its span, the names)."""
    starts = [
        0,
        *(
            m.end()
            for m in _SENTENCE_END_RE.finditer(body)
            if not _AFTER_INITIAL_RE.search(body, max(0, m.start() - 2), m.start())
        ),
    ]
    # the names are among the last sentences before the source: a head of more sentences
    # than a citation has is read from its last ones (each try reads up to 700 characters)
    for i in range(len(starts) - 1, max(0, len(starts) - 1 - _NAMES_SENTENCES), -1):
        start = starts[i]
        span = author_end(body[start:])
        if span is None:
            continue
        authors, et_al, ok = read_names(body[start : start + span[0]])
        if ok and len(authors) >= 1 and not (len(authors) == 1 and authors[0].collective):
            return start, start + span[1], authors, et_al
    return None


def _year(text: str, source: Source | None, after_names: str) -> str:
    if source is not None and source.year:
        return source.year
    if after_names:
        return after_names
    m = _WEB_DATE_RE.search(text)
    if m:  # NLM web pages: "[Internet]. 2026 [cited 2026 Sep 15]" (later years are a version's)
        return m.group(1)
    m = _PAREN_YEAR_RE.search(text)
    if m:
        return m.group(1)
    if source is not None:  # its numbers are a volume and pages ("66(7), 1693-1704")
        text = text[: source.start] + " " + text[source.end :]
    found = _ANY_YEAR_RE.findall(without_access_dates(text))
    return found[-1] if found else ""


def _comma_initial_before(text: str, end: int) -> bool:
    """Does ``text[:end]`` end in a comma, spaces and one capital (``, J``)? A full stop after
    it is an abbreviation (``, J. Symbolic Logic``), not a sentence end. (Read backwards
    from ``end``: a search from the start at every full stop was quadratic in the text)"""
    at = end - 1
    if at < 2 or not ("A" <= text[at] <= "Z"):
        return False
    at -= 1
    if not text[at].isspace():
        return False
    while at > 0 and text[at].isspace():
        at -= 1
    return text[at] == ","


def _dates_read_blanked(text: str) -> str:
    """``text`` with the dates a work was read on (a year in them) blanked, the same length."""
    return _ACCESS_RE.sub(
        lambda m: " " * len(m.group()) if _ANY_YEAR_RE.search(m.group()) else m.group(), text
    )


def without_access_dates(text: str) -> str:
    """``text`` without its access dates (``Accessed July 9, 2026``, ``[cited 2026 Sep 26]``)."""
    return _ACCESS_RE.sub(" ", text) if _ACCESS_RE.search(text) else text


def read_general(text: str) -> General:
    """Read one citation (identifiers and markup already out, text normalised).

    >>> g = read_general("Bento, A.P., Hersey, A., Félix, E. et al. An open source "
    ...                  "pipeline using RDKit. J Cheminform 12, 51 (2020).")
    >>> g.authors[0].last, g.year, g.journal, g.volume, g.pages
    ('Bento', '2020', 'J Cheminform', '12', '51')
    """
    out = General()
    source = find_source(_dates_read_blanked(text))  # "Acesso em: 24 jun. 2026" is no source
    head = text[: source.start] if source else text
    rule = _RULE_RE.match(head)  # "---. 2018b. Title": the authors of the citation before
    span = (0, rule.end()) if rule else author_end(head)
    body = head
    if span is not None:
        out.authors, out.et_al, _ = read_names(head[: span[0]])
        out.et_al = out.et_al or "et al" in head[span[0] : span[1]]
        body = head[span[1] :]
    year_after = ""
    m = _YEAR_AFTER_NAMES_RE.match(body) if span is not None else None
    if m is not None:
        year_after = m.group("y1") or m.group("y2") or ""
        body = body[m.end() :]
    if span is None:
        found = _names_before(head)
        if found is not None:  # "Title. A. Author, B. Author. Journal"
            start, end, out.authors, out.et_al = found
            body = head[:start] + " " + head[end:]
        elif is_group(head.split(". ", 1)[0]):
            first, _, body = head.partition(". ")
            out.authors = (Author(collective=first.strip()),)
    if (source is not None and source.shape == "nlm-eloc" and year_after
            and source.year != year_after and not source.month):  # fmt: skip
        # "(2010) ... Biochim Biophys Acta 1811: 234-241": the year came after the names, so
        # the number before the colon is a volume that looks like a year
        source = replace(source, year="", volume=source.year)
    if source is not None:
        title, journal = split_title_journal(_LEAD_RE.sub("", body) if not body.startswith(
            "In ") else body)  # fmt: skip
        if _NOT_JOURNAL_RE.search(journal):
            journal = ""
        out.title, out.journal = title, journal
        out.month, out.volume, out.issue, out.pages = (
            source.month,
            source.volume,
            source.issue,
            source.pages,
        )
    else:
        out.title, out.journal = _no_source(body, bool(year_after))
    out.year = _year(text, source, year_after)
    if not out.authors:
        out.doubt.append("author")
    if (source is not None and not out.journal) or (out.journal and odd_journal(out.journal)):
        out.doubt.append("journal")
    if not out.year:
        out.doubt.append("year")
    return out


def _no_source(body: str, author_year: bool) -> tuple[str, str]:
    """Title and journal of a citation without volume or pages: a preprint server, or in an
    author-year citation a short last sentence (``Title. Fly. doi:...``)."""
    preprint = _PREPRINT_RE.search(body)
    if preprint:
        return body[: preprint.start()].strip(" .,"), preprint.group(1)
    press = _IN_PRESS_RE.search(body) or _AHEAD_DATE_RE.search(body)
    if press:  # "Title. J Gerontol A Biol Sci Med Sci. In press": the journal is named
        pieces = [p for p in body[: press.start()].strip(" .").split(". ") if p]
        last = pieces[-1].strip(" .,") if len(pieces) > 1 else ""
        if last and last[:1].isupper() and not odd_journal(last) and not _NOT_JOURNAL_RE.search(
            last
        ):
            return extend_journal(". ".join(pieces[:-1]), last)
    title = body.split(". ", 1)[0].strip(" .,")
    if author_year:
        quote = None
        for found in _QUOTE_END_RE.finditer(body):
            quote = found
        # "“Title.” Journal." (Chicago): the journal is what follows the quoted title
        pieces = ([body[: quote.start()].strip('"“‘ '), body[quote.end() :].strip(" .")]
                  if quote is not None and quote.end() < len(body)
                  else [p for p in body.strip(" .").split(". ") if p])  # fmt: skip
        last = pieces[-1].strip(" .,") if len(pieces) > 1 else ""
        if (last and len(last.split()) <= 6 and last[:1].isupper() and not re.search(r"\d", last)
                and not _NOT_JOURNAL_RE.search(last)):  # fmt: skip
            return extend_journal(". ".join(pieces[:-1]), last)
        comma = _comma_journal(_LEFT_LABEL_RE.sub("", body))
        if comma is not None:
            return comma
    return title, ""


#: a link's label left where the link was taken out ("Biometrics . Available at: <link>")
_LEFT_LABEL_RE = re.compile(r"(?:[\s.]*\b(?:URL|Available (?:at|from|online)|Online)\s*:?)+[\s.]*$")
#: a journal's name after the title's comma, with what is left of a source or a link after it
_COMMA_JOURNAL_RE = re.compile(
    r",\s+((?:[A-Z][\w&®'’-]*:?|of|and|the|in|for|&)(?:\s+(?:[A-Z][\w&®'’-]*:?|of|and|the|in|for|&)"
    r"){0,9})(?:\s+\d{1,5})?(?:\s+p)?\s*[.,]?\s*$"
)


def _comma_journal(body: str) -> tuple[str, str] | None:
    """``Title in words, Journal Name`` with no volume or pages yet (natbib's author-year,
    "Smith, J. (2024). A study of X, Biometrics ."): the capitalised words after the title's
    last comma name the journal; a publisher's place ("..., Wiley, New York") does not."""
    m = _COMMA_JOURNAL_RE.search(body.strip())
    if m is None:
        return None
    title = body[: m.start()].strip(" .,")
    if "," in title[-40:] and not _has_words(title.rpartition(",")[2]):
        return None  # "Statistical analysis with missing data, Wiley, New York"
    if not _has_words(title) or _NOT_JOURNAL_RE.search(m.group(1)):
        return None
    return title, m.group(1).rstrip(":")


def _has_words(text: str) -> bool:
    """Two lower-case words or more: a title's words, not a publisher's or a place's name."""
    return sum(1 for w in text.split() if w[:1].islower()) >= 2


def odd_journal(journal: str) -> bool:
    """Does a journal as read look like something else (a title, a sentence, numbers)?"""
    return journal_oddness(journal) > 0


def journal_oddness(journal: str) -> int:
    """How many signs say a journal as read is something else: over ten words, two lowercase
    words, no capital first, a ``": "``, three digits in a row (0: it looks like a journal).
    Without a letter (``"36-37"``) it is no journal at all: odder than any wordy reading."""
    if not any(c.isalpha() for c in journal):
        return 5
    words = journal.split()
    lower = sum(1 for w in words if w[:1].islower() and w not in _JOURNAL_SMALL_WORDS)
    return ((len(words) > 10) + (lower >= 2) + (not journal[:1].isupper()) + (": " in journal)
            + (re.search(r"\d{3}", journal) is not None))  # fmt: skip


_JOURNAL_SMALL_WORDS = frozenset(("of", "and", "the", "in", "for", "de", "et", "la", "und"))
