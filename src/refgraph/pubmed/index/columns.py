"""The comparison columns of the records table (pure): what bulk checking compares in Arrow.

Beside each record's JSON the records table keeps, as plain columns, the fields a citation is
compared on (:func:`refgraph.matching.compare`) and the two lists that give a record notes
of its own (:func:`refgraph.check.notes.record_notes`): its publication types and its
CommentsCorrections (``[ref_type, pmid, source, note]``, as in the record's JSON).
``refgraph check --per-document`` joins citations to these columns and decides exact
agreement without decoding the records (:mod:`refgraph.pubmed.index.precheck`). Deleted
PMIDs have nulls here.

``first_author`` is the first author's surname or group name (``collective or last``), null
for a record without authors.
"""

from __future__ import annotations

from typing import Any

from refgraph.model import CommentCorrection, PubmedRecord

__all__ = ["COLUMNS", "STRING_FIELDS", "column_types", "notes_record", "values"]

#: Record fields kept as string columns, as they are in the record.
STRING_FIELDS = ("title", "journal", "journal_abbrev", "medline_ta", "year", "volume",
                 "pages", "elocation", "doi")  # fmt: skip
#: Every comparison column, in table order.
COLUMNS = (*STRING_FIELDS, "first_author", "publication_types", "comments_corrections")


def values(record: PubmedRecord | None) -> tuple[Any, ...]:
    """The comparison columns' values of ``record`` (all null for a deletion)."""
    if record is None:
        return (None,) * len(COLUMNS)
    first = record.authors[0] if record.authors else None
    return (
        record.title, record.journal, record.journal_abbrev, record.medline_ta, record.year,
        record.volume, record.pages, record.elocation, record.doi,
        (first.collective or first.last) if first is not None else None,
        list(record.publication_types),
        [[c.ref_type, c.pmid, c.source, c.note] for c in record.comments_corrections],
    )  # fmt: skip


def column_types() -> dict[str, Any]:
    """Arrow type of each comparison column."""
    import pyarrow as pa

    types: dict[str, Any] = {name: pa.string() for name in (*STRING_FIELDS, "first_author")}
    types["publication_types"] = pa.list_(pa.string())
    types["comments_corrections"] = pa.list_(pa.list_(pa.string()))
    return types


def notes_record(pmid: str, publication_types: list[str],
                 comments_corrections: list[list[str]]) -> PubmedRecord:  # fmt: skip
    """The record of the two note columns alone (what record notes and retraction read)."""
    return PubmedRecord(
        pmid=pmid, publication_types=tuple(publication_types),
        comments_corrections=tuple(CommentCorrection(*c) for c in comments_corrections),
    )  # fmt: skip
