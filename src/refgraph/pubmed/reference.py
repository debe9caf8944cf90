"""A PubMed record -> the :class:`~refgraph.model.Reference` view of it (pure)."""

from __future__ import annotations

from refgraph.model import PubmedRecord, Reference, unique_in_order

__all__ = ["record_to_reference"]


def _journal_abbrev(record: PubmedRecord) -> str:
    abbrev = record.journal_abbrev or record.medline_ta
    return " ".join(abbrev.replace(".", " ").split())


def record_to_reference(record: PubmedRecord, key: str = "") -> Reference:
    """Return the :class:`Reference` view of a PubMed record (NLM-style journal, full pages).

    ``journal`` is the ISO abbreviation without dots (else MedlineTA), ``journal_full`` the
    journal title; books become ``book`` (or ``incollection`` for a chapter) with
    ``booktitle``, ``publisher``, ``isbn`` and ``editors`` in ``extra``. ``keywords`` are the
    MeSH descriptors followed by the author keywords.
    """
    extra: list[tuple[str, str]] = []
    entry_type = "article"
    if record.is_book:
        is_chapter = bool(record.book_title) and record.title != record.book_title
        entry_type = "incollection" if is_chapter else "book"
        if is_chapter:
            extra.append(("booktitle", record.book_title))
        for name, value in (("publisher", record.publisher), ("isbn", record.isbn),
                            ("editors", record.extra.get("editors", "")),
                            ("bookaccession", record.extra.get("bookaccession", ""))):
            if value:
                extra.append((name, value))
    if record.epub_year and record.epub_year != record.year:
        extra.append(("epub_year", record.epub_year))
    mesh = (m.split("/", 1)[0] for m in record.mesh)
    return Reference(
        key=key,
        pmid=record.pmid,
        entry_type=entry_type,
        authors=record.authors,
        et_al=not record.authors_complete,
        title=record.title,
        journal="" if record.is_book else _journal_abbrev(record),
        journal_full="" if record.is_book else record.journal,
        year=record.year or record.epub_year,
        month=record.month,
        volume=record.volume,
        issue=record.issue,
        pages=record.pages or record.elocation,
        doi=record.doi,
        pmcid=record.pmcid,
        publication_types=record.publication_types,
        keywords=unique_in_order([*mesh, *record.keywords]),
        trials=record.trials,
        extra=tuple(extra),
    )
