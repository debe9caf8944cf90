"""The small immutable model every stage of refgraph passes around.

Everything here is a frozen, slotted dataclass and imports nothing from refgraph
except :mod:`refgraph.ids`. Records change with :func:`dataclasses.replace`.

- :class:`Origin`: where a reference (or a problem) was read: file and 1-based line.
- :class:`Author`: one personal or group (collective) author.
- :class:`Reference`: one cited work, as cited, with its annotation and every origin.
- :class:`Diagnostic`: a recoverable problem (a fragment that could not be attached, ...).
- :class:`ParseResult`: what a parser returns: references and diagnostics.
- :class:`CommentCorrection`, :class:`PubmedRecord`: a PubMed record as E-utilities gives it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

__all__ = [
    "DIAGNOSTIC_KINDS",
    "Author",
    "CommentCorrection",
    "Diagnostic",
    "Origin",
    "ParseResult",
    "PubmedRecord",
    "Reference",
    "fold",
]


def fold(text: str) -> str:
    """Return ``text`` without accents, lower-cased: the key for accent-insensitive compares.

    >>> fold("Gökbuget")
    'gokbuget'
    """
    if text.isascii():  # the common case, and 20x cheaper than decomposing
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True, slots=True, order=True)
class Origin:
    """Where something was read: a file (or ``<stdin>``) and a 1-based line number."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Author:
    """One author.

    A personal author has ``last`` and, when known, ``first`` (full forename, possibly
    just initials such as ``"H. M."``) and ``initials`` (``"HM"``). A group author has
    only ``collective`` (``"NIH Consensus Development Panel"``).
    """

    last: str = ""
    first: str = ""
    initials: str = ""
    suffix: str = ""
    collective: str = ""

    @property
    def is_collective(self) -> bool:
        return bool(self.collective)

    @property
    def name_initials(self) -> str:
        """Initials without dots or spaces: ``"HM"``, derived from ``first`` when unset."""
        if self.initials:
            return self.initials
        return initials_of(self.first)

    def short(self) -> str:
        """Return the NLM/Vancouver form: ``"Kantarjian HM"``, ``"Smith J Jr"``, or the group name.

        >>> Author(last="Kantarjian", initials="HM").short()
        'Kantarjian HM'
        """
        if self.collective:
            return self.collective
        parts = [self.last]
        if self.name_initials:
            parts.append(self.name_initials)
        if self.suffix:
            parts.append(self.suffix)
        return " ".join(p for p in parts if p)

    def sort_key(self) -> str:
        return fold(self.collective or f"{self.last} {self.name_initials}")


def initials_of(forename: str) -> str:
    """Return the initials of a forename: ``"Hagop M."`` -> ``"HM"``, ``"Jean-Pierre"`` -> ``"JP"``.

    >>> initials_of("Hagop M")
    'HM'
    >>> initials_of("Jean-Pierre")
    'JP'
    """
    out = []
    for word in forename.replace(".", " ").split():
        for part in word.split("-"):
            if part:
                out.append(part[0].upper())
    return "".join(out)


#: Problem kinds. Parsers may add more, but these have fixed meanings.
DIAGNOSTIC_KINDS = (
    "orphan_annotation",  # a parenthesised annotation with no citation before it
    "fragment",  # stray text that belongs to no citation
    "no_pmid",  # a citation without a PubMed ID
    "unparsed",  # a block that looked like a citation but could not be read
    "duplicate_pmid",  # the same PMID cited twice in one document
    "duplicate_key",  # the same citation key twice in one BibTeX file
    "bad_pmid",  # a PMID that is not a positive integer
    "bad_entry",  # a BibTeX/RIS/MEDLINE entry that could not be read
)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A recoverable problem found while reading input, with its place and the text involved."""

    source: str
    line: int
    kind: str
    text: str
    severity: str = "warning"

    def format(self) -> str:
        """Return the compiler-style one-liner: ``path:line: warning: kind: text``."""
        text = " ".join(self.text.split())
        if len(text) > 160:
            text = text[:157] + "..."
        return f"{self.source}:{self.line}: {self.severity}: {self.kind}: {text}"

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "line": self.line,
            "kind": self.kind,
            "text": self.text,
            "severity": self.severity,
        }


@dataclass(frozen=True, slots=True)
class Reference:
    """One cited work.

    Field values are plain strings as cited (empty when absent). ``pages`` is normalised to
    a hyphenated, fully expanded range (``"740-753"``, ``"e387-e398"``, ``"2101"``);
    renderers abbreviate it again. ``extra`` keeps any other fields (BibTeX fields refgraph
    does not model, ``x-pubmed-fields`` ...) in input order, so nothing is lost.
    """

    key: str
    pmid: str = ""
    entry_type: str = "article"
    authors: tuple[Author, ...] = ()
    et_al: bool = False
    title: str = ""
    journal: str = ""
    journal_full: str = ""
    year: str = ""
    month: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmcid: str = ""
    annotation: str = ""
    publication_types: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    trials: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    origins: tuple[Origin, ...] = ()

    @property
    def origin(self) -> Origin | None:
        """The first place this reference was read, if any."""
        return self.origins[0] if self.origins else None

    @property
    def source(self) -> str:
        return self.origins[0].path if self.origins else ""

    @property
    def line(self) -> int:
        return self.origins[0].line if self.origins else 0

    @property
    def first_author(self) -> str:
        """Surname of the first author (or the group name), ``""`` for anonymous works."""
        if not self.authors:
            return ""
        first = self.authors[0]
        return first.collective or first.last

    @property
    def first_page(self) -> str:
        return self.pages.split("-", 1)[0] if self.pages else ""

    def get_extra(self, name: str, default: str = "") -> str:
        for key, value in self.extra:
            if key == name:
                return value
        return default

    def with_extra(self, name: str, value: str) -> Reference:
        """Return a copy with extra field ``name`` set (replaced in place, or appended)."""
        items = list(self.extra)
        for i, (key, _) in enumerate(items):
            if key == name:
                items[i] = (name, value)
                break
        else:
            items.append((name, value))
        return replace(self, extra=tuple(items))

    def as_dict(self) -> dict[str, object]:
        """Return the JSON shape used by ``refgraph parse --json``."""
        return {
            "key": self.key,
            "pmid": self.pmid or None,
            "type": self.entry_type,
            "authors": [a.short() for a in self.authors],
            "et_al": self.et_al,
            "title": self.title,
            "journal": self.journal,
            "journal_full": self.journal_full,
            "year": self.year,
            "month": self.month,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "pmcid": self.pmcid,
            "annotation": self.annotation,
            "publication_types": list(self.publication_types),
            "keywords": list(self.keywords),
            "trials": list(self.trials),
            "extra": dict(self.extra),
            "source": self.source,
            "line": self.line,
            "origins": [{"source": o.path, "line": o.line} for o in self.origins],
        }


@dataclass(frozen=True, slots=True)
class ParseResult:
    """References and problems read from one or more inputs, in document order."""

    references: tuple[Reference, ...] = ()
    problems: tuple[Diagnostic, ...] = ()
    format: str = ""

    def __add__(self, other: ParseResult) -> ParseResult:
        return ParseResult(
            self.references + other.references,
            self.problems + other.problems,
            self.format if self.format == other.format else "mixed",
        )


@dataclass(frozen=True, slots=True)
class CommentCorrection:
    """One PubMed CommentsCorrections link, e.g. ``RetractionIn`` -> PMID 40251503."""

    ref_type: str
    pmid: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class PubmedRecord:
    """One PubMed record (``PubmedArticle`` or ``PubmedBookArticle``), parsed to plain values.

    ``pages`` is expanded (``"117-126"`` for MedlinePgn ``117-26``); when a record has no
    pagination it stays empty and ``elocation`` holds the article number. ``year`` is the
    issue year; ``epub_year`` the year of ``ArticleDate`` (electronic publication), if any.
    """

    pmid: str
    title: str = ""
    journal: str = ""
    journal_abbrev: str = ""
    medline_ta: str = ""
    volume: str = ""
    issue: str = ""
    year: str = ""
    month: str = ""
    day: str = ""
    season: str = ""
    medline_date: str = ""
    epub_year: str = ""
    pages: str = ""
    elocation: str = ""
    doi: str = ""
    pmcid: str = ""
    authors: tuple[Author, ...] = ()
    authors_complete: bool = True
    language: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    mesh: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    comments_corrections: tuple[CommentCorrection, ...] = ()
    databanks: tuple[tuple[str, str], ...] = ()
    trials: tuple[str, ...] = ()
    abstract: str = ""
    references: tuple[str, ...] = ()
    is_book: bool = False
    book_title: str = ""
    publisher: str = ""
    isbn: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def first_author(self) -> str:
        if not self.authors:
            return ""
        return self.authors[0].collective or self.authors[0].last

    @property
    def first_page(self) -> str:
        if self.pages:
            return self.pages.split("-", 1)[0]
        return self.elocation

    @property
    def is_retracted(self) -> bool:
        return "Retracted Publication" in self.publication_types or any(
            c.ref_type == "RetractionIn" for c in self.comments_corrections
        )

    def links(self, *ref_types: str) -> tuple[CommentCorrection, ...]:
        """Return the CommentsCorrections of the given types (all when none given)."""
        if not ref_types:
            return self.comments_corrections
        return tuple(c for c in self.comments_corrections if c.ref_type in ref_types)


def unique_in_order(items: Iterable[str]) -> tuple[str, ...]:
    """Return ``items`` without repeats, keeping first occurrences in order."""
    return tuple(dict.fromkeys(i for i in items if i))


# Fast constructors for readers that build tens of thousands of records. A frozen dataclass
# __init__ sets each field through object.__setattr__ (about 1.6 us for an Author, 5.7 us
# for a Reference); these set the slots directly through their member descriptors, which
# gives an equal object (same type, same field values, still frozen) in about a third of
# the time. Pass only the types the annotations name: no conversion or check is made.
_new = object.__new__
_AUTHOR_SET = tuple(
    Author.__dict__[name].__set__ for name in ("last", "first", "initials", "suffix", "collective")
)
_ORIGIN_SET = tuple(Origin.__dict__[name].__set__ for name in ("path", "line"))


def _new_author(last: str, initials: str) -> Author:
    """Return ``Author(last=last, initials=initials)``, built without the frozen ``__init__``."""
    author = _new(Author)
    set_last, set_first, set_initials, set_suffix, set_collective = _AUTHOR_SET
    set_last(author, last)
    set_first(author, "")
    set_initials(author, initials)
    set_suffix(author, "")
    set_collective(author, "")
    return author


def _new_authors(names: list[str]) -> tuple[Author, ...]:
    """Return ``_new_author(last, initials)`` for each ``"last initials"`` (exactly one space)."""
    new, cls = _new, Author
    set_last, set_first, set_initials, set_suffix, set_collective = _AUTHOR_SET
    out = []
    append = out.append
    for name in names:
        last, initials = name.split(" ")
        author = new(cls)
        set_last(author, last)
        set_first(author, "")
        set_initials(author, initials)
        set_suffix(author, "")
        set_collective(author, "")
        append(author)
    return tuple(out)


def _new_origin(path: str, line: int) -> Origin:
    """Return ``Origin(path, line)``, built without the frozen ``__init__``."""
    origin = _new(Origin)
    _ORIGIN_SET[0](origin, path)
    _ORIGIN_SET[1](origin, line)
    return origin


_REFERENCE_FIELDS = (
    "key", "pmid", "entry_type", "authors", "et_al", "title", "journal", "journal_full", "year",
    "month", "volume", "issue", "pages", "doi", "pmcid", "annotation", "publication_types",
    "keywords", "trials", "extra", "origins",
)  # fmt: skip
(_R_KEY, _R_PMID, _R_TYPE, _R_AUTHORS, _R_ET_AL, _R_TITLE, _R_JOURNAL, _R_JOURNAL_FULL, _R_YEAR,
 _R_MONTH, _R_VOLUME, _R_ISSUE, _R_PAGES, _R_DOI, _R_PMCID, _R_ANNOTATION, _R_TYPES, _R_KEYWORDS,
 _R_TRIALS, _R_EXTRA, _R_ORIGINS) = (
    Reference.__dict__[name].__set__ for name in _REFERENCE_FIELDS
)  # fmt: skip


def _new_reference(
    key: str,
    pmid: str,
    authors: tuple[Author, ...],
    et_al: bool,
    title: str,
    journal: str,
    year: str,
    month: str,
    volume: str,
    issue: str,
    pages: str,
    doi: str,
    pmcid: str,
    annotation: str,
    extra: tuple[tuple[str, str], ...],
    origins: tuple[Origin, ...],
) -> Reference:
    """Return ``Reference(key=key, pmid=pmid, ...)`` with the other fields at their defaults.

    Equal to the keyword call with the same arguments (see ``tests/test_model_fast.py``),
    built without the frozen ``__init__``.
    """
    ref = _new(Reference)
    _R_KEY(ref, key)
    _R_PMID(ref, pmid)
    _R_TYPE(ref, "article")
    _R_AUTHORS(ref, authors)
    _R_ET_AL(ref, et_al)
    _R_TITLE(ref, title)
    _R_JOURNAL(ref, journal)
    _R_JOURNAL_FULL(ref, "")
    _R_YEAR(ref, year)
    _R_MONTH(ref, month)
    _R_VOLUME(ref, volume)
    _R_ISSUE(ref, issue)
    _R_PAGES(ref, pages)
    _R_DOI(ref, doi)
    _R_PMCID(ref, pmcid)
    _R_ANNOTATION(ref, annotation)
    _R_TYPES(ref, ())
    _R_KEYWORDS(ref, ())
    _R_TRIALS(ref, ())
    _R_EXTRA(ref, extra)
    _R_ORIGINS(ref, origins)
    return ref
