"""Fast constructors of the model's records, for readers that build tens of thousands.

Each returns an object equal to the dataclass call with the same arguments (same type, same
field values, still frozen); ``tests/test_model_fast.py`` proves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any, cast

from refgraph.model import Author, CommentCorrection, Origin, PubmedRecord, Reading, Reference

__all__ = [
    "author_of",
    "new_author",
    "new_authors",
    "new_origin",
    "new_pubmed_record",
    "new_reference",
    "replaced_reference",
]


# Fast constructors for readers that build tens of thousands of records. A frozen dataclass
# __init__ sets each field through object.__setattr__ (about 1.6 us for an Author, 5.7 us
# for a Reference). These fill a plain twin class with the very same __slots__ (so the same
# memory layout, and plain attribute stores) and then set the instance's __class__ to the
# frozen class, which CPython allows between classes of identical layout. The result is an
# equal object (same type, same field values, still frozen) in about a third of the time.
# The twins declare the frozen class's fields, so the stores are type-checked; the one
# unchecked step is the class switch itself. Pass only the types the annotations name.
class _AuthorSlots:
    """:class:`Author`'s layout without its frozen ``__setattr__`` (fast constructors only)."""

    __slots__ = Author.__slots__
    last: str
    first: str
    initials: str
    suffix: str
    collective: str


class _OriginSlots:
    """:class:`Origin`'s layout without its frozen ``__setattr__`` (fast constructors only)."""

    __slots__ = Origin.__slots__
    path: str
    line: int


class _ReferenceSlots:
    """:class:`Reference`'s layout without its frozen ``__setattr__`` (fast constructors only)."""

    __slots__ = Reference.__slots__
    key: str
    pmid: str
    entry_type: str
    authors: tuple[Author, ...]
    et_al: bool
    title: str
    journal: str
    journal_full: str
    year: str
    month: str
    volume: str
    issue: str
    pages: str
    doi: str
    pmcid: str
    annotation: str
    publication_types: tuple[str, ...]
    keywords: tuple[str, ...]
    trials: tuple[str, ...]
    extra: tuple[tuple[str, str], ...]
    origins: tuple[Origin, ...]
    reading: Reading | None


class _PubmedRecordSlots:
    """:class:`PubmedRecord`'s layout without its frozen ``__setattr__`` (fast constructors
    only)."""

    __slots__ = PubmedRecord.__slots__
    pmid: str
    title: str
    journal: str
    journal_abbrev: str
    medline_ta: str
    volume: str
    issue: str
    year: str
    month: str
    day: str
    season: str
    medline_date: str
    epub_year: str
    pages: str
    elocation: str
    doi: str
    pmcid: str
    authors: tuple[Author, ...]
    authors_complete: bool
    language: tuple[str, ...]
    publication_types: tuple[str, ...]
    mesh: tuple[str, ...]
    keywords: tuple[str, ...]
    comments_corrections: tuple[CommentCorrection, ...]
    databanks: tuple[tuple[str, str], ...]
    trials: tuple[str, ...]
    abstract: str
    references: tuple[str, ...]
    is_book: bool
    book_title: str
    publisher: str
    isbn: str
    extra: Mapping[str, str]


def author_of(parts: list[str]) -> Author:
    """Return ``Author(*parts)`` (``[last, first, initials, suffix, collective]``), built
    without the frozen ``__init__``."""
    author = _AuthorSlots()
    author.last, author.first, author.initials, author.suffix, author.collective = parts
    author.__class__ = Author  # type: ignore[assignment]  # the layout switch (see above)
    return cast(Author, author)


def new_author(last: str, initials: str) -> Author:
    """Return ``Author(last=last, initials=initials)``, built without the frozen ``__init__``.

    >>> new_author("Lamb", "YN") == Author(last="Lamb", initials="YN")
    True
    """
    author = _AuthorSlots()
    author.last, author.first, author.initials, author.suffix, author.collective = (
        last, "", initials, "", "")  # fmt: skip
    author.__class__ = Author  # type: ignore[assignment]  # the layout switch (see above)
    return cast(Author, author)


def new_authors(names: list[str]) -> tuple[Author, ...]:
    """Return ``new_author(last, initials)`` for each ``"last initials"`` (exactly one space)."""
    new, cls = _AuthorSlots, Author
    out: list[Author] = []
    append = out.append
    for name in names:
        author = new()
        author.last, author.initials = name.split(" ")
        author.first = author.suffix = author.collective = ""
        author.__class__ = cls  # type: ignore[assignment]  # the layout switch (see above)
        append(cast(Author, author))
    return tuple(out)


def new_origin(path: str, line: int) -> Origin:
    """Return ``Origin(path, line)``, built without the frozen ``__init__``."""
    origin = _OriginSlots()
    origin.path = path
    origin.line = line
    origin.__class__ = Origin  # type: ignore[assignment]  # the layout switch (see above)
    return cast(Origin, origin)


def new_reference(
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
    reading: Reading | None = None,
) -> Reference:
    """Return ``Reference(key=key, pmid=pmid, ...)`` with the other fields at their defaults.

    Equal to the keyword call with the same arguments (see ``tests/test_model_fast.py``),
    built without the frozen ``__init__``.
    """
    ref = _ReferenceSlots()
# slot by slot on purpose: the fast path skips __init__ (a field list, not logic)
    ref.key = key
    ref.pmid = pmid
    ref.entry_type = "article"
    ref.authors = authors
    ref.et_al = et_al
    ref.title = title
    ref.journal = journal
    ref.journal_full = ""
    ref.year = year
    ref.month = month
    ref.volume = volume
    ref.issue = issue
    ref.pages = pages
    ref.doi = doi
    ref.pmcid = pmcid
    ref.annotation = annotation
    ref.publication_types = ref.keywords = ref.trials = ()
    ref.extra = extra
    ref.origins = origins
    ref.reading = reading
    ref.__class__ = Reference  # type: ignore[assignment]  # the layout switch (see above)
    return cast(Reference, ref)


_REFERENCE_FIELDS = frozenset(f.name for f in fields(Reference))


def replaced_reference(ref: Reference, changes: Mapping[str, Any]) -> Reference:
    """Return ``dataclasses.replace(ref, **changes)`` (``changes``: field names, values of
    the annotated types), built without the frozen ``__init__``."""
    unknown = changes.keys() - _REFERENCE_FIELDS
    if unknown:
        raise TypeError(f"Reference has no field {sorted(unknown)[0]!r}")
    new = _ReferenceSlots()
    # slot by slot on purpose (as new_reference): a field list, not logic
    new.key, new.pmid, new.entry_type, new.authors = ref.key, ref.pmid, ref.entry_type, ref.authors
    new.et_al, new.title, new.journal, new.journal_full = (
        ref.et_al, ref.title, ref.journal, ref.journal_full)  # fmt: skip
    new.year, new.month, new.volume, new.issue = ref.year, ref.month, ref.volume, ref.issue
    new.pages, new.doi, new.pmcid, new.annotation = ref.pages, ref.doi, ref.pmcid, ref.annotation
    new.publication_types, new.keywords, new.trials = (
        ref.publication_types, ref.keywords, ref.trials)  # fmt: skip
    new.extra, new.origins, new.reading = ref.extra, ref.origins, ref.reading
    for name, value in changes.items():
        setattr(new, name, value)
    new.__class__ = Reference  # type: ignore[assignment]  # the layout switch (see above)
    return cast(Reference, new)


def new_pubmed_record(
    *,
    pmid: str,
    title: str,
    journal: str,
    journal_abbrev: str,
    medline_ta: str,
    volume: str,
    issue: str,
    year: str,
    month: str,
    day: str,
    season: str,
    medline_date: str,
    epub_year: str,
    pages: str,
    elocation: str,
    doi: str,
    pmcid: str,
    authors: tuple[Author, ...],
    authors_complete: bool,
    language: tuple[str, ...],
    publication_types: tuple[str, ...],
    mesh: tuple[str, ...],
    keywords: tuple[str, ...],
    comments_corrections: tuple[CommentCorrection, ...],
    databanks: tuple[tuple[str, str], ...],
    trials: tuple[str, ...],
    abstract: str,
    references: tuple[str, ...],
    is_book: bool,
    book_title: str,
    publisher: str,
    isbn: str,
    extra: Mapping[str, str],
) -> PubmedRecord:
    """Return ``PubmedRecord(pmid=pmid, ...)``: every field given, by name (the record
    parser's one call), built without the frozen ``__init__``."""
    rec = _PubmedRecordSlots()
    # slot by slot on purpose: the fast path skips __init__ (a field list, not logic)
    rec.pmid, rec.title, rec.journal, rec.journal_abbrev = pmid, title, journal, journal_abbrev
    rec.medline_ta, rec.volume, rec.issue, rec.year = medline_ta, volume, issue, year
    rec.month, rec.day, rec.season, rec.medline_date = month, day, season, medline_date
    rec.epub_year, rec.pages, rec.elocation, rec.doi = epub_year, pages, elocation, doi
    rec.pmcid, rec.authors, rec.authors_complete = pmcid, authors, authors_complete
    rec.language, rec.publication_types, rec.mesh = language, publication_types, mesh
    rec.keywords, rec.comments_corrections = keywords, comments_corrections
    rec.databanks, rec.trials, rec.abstract = databanks, trials, abstract
    rec.references, rec.is_book, rec.book_title = references, is_book, book_title
    rec.publisher, rec.isbn, rec.extra = publisher, isbn, extra
    rec.__class__ = PubmedRecord  # type: ignore[assignment]  # the layout switch (see above)
    return cast(PubmedRecord, rec)
