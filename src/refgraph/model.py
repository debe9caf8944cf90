"""The small immutable model every stage of refgraph passes around.

Everything here is a frozen, slotted dataclass and imports nothing from refgraph
except the other core modules (:mod:`refgraph.ids`, :mod:`refgraph.text`). Records change
with :func:`dataclasses.replace`.

- :class:`Origin`: where a reference (or a problem) was read: file and 1-based line.
- :class:`Author`: one personal or group (collective) author.
- :class:`Reference`: one cited work, as cited, with its annotation and every origin.
- :class:`Reading`: how a reference was read from text (the rule or the tagger, how sure).
- :class:`Diagnostic`: a recoverable problem (a fragment that could not be attached, ...).
- :class:`ParseResult`: what a parser returns: references and diagnostics.
- :class:`CommentCorrection`, :class:`PubmedRecord`: a PubMed record as E-utilities gives it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from refgraph.text import fold, terminal_safe

__all__ = [
    "DIAGNOSTIC_KINDS",
    "Author",
    "CommentCorrection",
    "Diagnostic",
    "Origin",
    "ParseResult",
    "PubmedRecord",
    "Reading",
    "Reference",
    "extra_with",
    "unique_in_order",
]


@dataclass(frozen=True, slots=True, order=True)
class Origin:
    """Where something was read: a file (or ``<stdin>``) and a 1-based line number."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


# name parts (a field list; jats.JatsCitation has a field list of the same shape)
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

    A forename already written as initials (``"HM"``, as in Vancouver lists and PMC's
    ``given-names``) keeps every letter: two or three capitals are initials, not a name.

    >>> initials_of("HM"), initials_of("J-P"), initials_of("JOHN")
    ('HM', 'JP', 'J')
    """
    out = []
    for word in forename.replace(".", " ").split():
        for part in word.split("-"):
            if 2 <= len(part) <= 3 and part.isalpha() and part.isupper():
                out.append(part)
            elif part:
                out.append(part[0].upper())
    return "".join(out)


#: Problem kinds. Parsers may add more, but these have fixed meanings.
DIAGNOSTIC_KINDS = (
    "orphan_annotation",  # a parenthesised annotation with no citation before it
    "fragment",  # stray text that belongs to no citation
    "no_pmid",  # a citation without a PubMed ID
    "unparsed",  # a block that looked like a citation but could not be read
    "duplicate_pmid",  # the same PMID cited twice in one document
    "pmid_conflict",  # one PMID (or DOI) given to two different works: both kept
    "control_characters",  # control characters (PDF debris, terminal escapes) removed
    "duplicate_key",  # the same citation key twice in one BibTeX file
    "bad_pmid",  # a PMID that is not a positive integer
    "bad_entry",  # a BibTeX/RIS/MEDLINE entry that could not be read
    "extra_pmid",  # one citation giving several PMIDs (run together): the others not read
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
        text = terminal_safe(" ".join(self.text.split()))  # a file name, too, is one line
        if len(text) > 160:
            text = text[:157] + "..."
        return f"{terminal_safe(self.source)}:{self.line}: {self.severity}: {self.kind}: {text}"

    # field by field, in the JSON's order (a field list; matching.Mismatch has the same shape)
    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "line": self.line,
            "kind": self.kind,
            "text": self.text,
            "severity": self.severity,
        }


@dataclass(frozen=True, slots=True)
class Reading:
    """How a reference was read from text, and how sure the reading is.

    ``by`` names the reader's rule (``livertox``, ``bookshelf``, ``nlm``, ``general``) or
    the field tagger (``general+tagger``: the rule, with fields the tagger read); ``ids``
    when only identifiers could be read. ``confidence`` is 0..1 (1.0 for a rule whose
    reading holds together; the tagger's labelling probability where it was asked).
    ``doubtful`` names the fields read with low confidence (``author``, ``journal``,
    ``year`` ...): :mod:`refgraph.matching` does not count a disagreement on them as
    evidence of another work.
    """

    by: str
    confidence: float = 1.0
    doubtful: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"by": self.by, "confidence": self.confidence, "doubtful": list(self.doubtful)}


# The fields below recur in the readers' intermediate records (sources._citation.Citation,
# _fields.Fields, _general.General, jats.JatsCitation) and in PubmedRecord under the same
# names on purpose: field lists, not logic written twice.
@dataclass(frozen=True, slots=True)
class Reference:
    """One cited work.

    Field values are plain strings as cited (empty when absent). ``pages`` is normalised to
    a hyphenated, fully expanded range (``"740-753"``, ``"e387-e398"``, ``"2101"``);
    renderers abbreviate it again. ``extra`` keeps any other fields (BibTeX fields refgraph
    does not model, ``x-pubmed-fields`` ...) in input order, so nothing is lost.
    ``reading`` says how a reference read from text was read (``None`` for structured
    inputs such as BibTeX or PubMed XML, whose fields are given); it is not part of the
    work's identity (equality and hash leave it out).
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
    reading: Reading | None = field(default=None, compare=False)

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
        return replace(self, extra=extra_with(self.extra, name, value))

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
            "read_by": self.reading.as_dict() if self.reading is not None else None,
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


# PubMed's fields (a field list; CitationQuery and sources._source.Source have lists of
# the same shape)
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


def extra_with(
    extra: tuple[tuple[str, str], ...], name: str, value: str
) -> tuple[tuple[str, str], ...]:
    """``extra`` with field ``name`` set to ``value`` (replaced in place, or appended)."""
    items = list(extra)
    for i, (key, _) in enumerate(items):
        if key == name:
            items[i] = (name, value)
            break
    else:
        items.append((name, value))
    return tuple(items)
