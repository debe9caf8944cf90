"""The check columns of the records table (pure): every field of a record checking reads.

Beside each record's JSON the records table keeps, as plain columns, what
:func:`refgraph.matching.compare`, :func:`refgraph.check.notes.record_notes` and the
duplicate signatures read of a record: its citation fields, its first four authors (the
first author, and authors 2-4 for "cited first author is a later author"), publication
types and CommentsCorrections (``[ref_type, pmid, source, note]``, as in the record's JSON).
``refgraph check --per-document`` joins citations to these columns: it decides exact
agreement in Arrow (:mod:`refgraph.pubmed.index.precheck`) and checks the rest on records
made of the columns (:func:`brief_record`), never decoding the record JSON (abstract, MeSH,
reference lists: most of a record's bytes). Deleted PMIDs have nulls here.

``first_author`` is the first author's surname or group name (``collective or last``), null
for a record without authors.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any

from refgraph.model import Author, CommentCorrection, PubmedRecord

__all__ = ["AUTHORS", "COLUMNS", "STRING_FIELDS", "brief_record", "column_types", "values"]

#: Record fields kept as string columns, as they are in the record.
STRING_FIELDS = ("title", "journal", "journal_abbrev", "medline_ta", "volume", "issue", "year",
                 "month", "epub_year", "medline_date", "pages", "elocation", "doi", "pmcid")
#: Authors kept (``[last, first, initials, suffix, collective]`` each).
AUTHORS = 4
#: Every check column, in table order.
COLUMNS = (*STRING_FIELDS, "first_author", "authors", "publication_types",
           "comments_corrections", "is_book")  # fmt: skip

_STRING_VALUES = operator.attrgetter(*STRING_FIELDS)


def values(record: PubmedRecord | None) -> tuple[Any, ...]:
    """The check columns' values of ``record`` (all null for a deletion)."""
    if record is None:
        return (None,) * len(COLUMNS)
    first = record.authors[0] if record.authors else None
    return (
        *_STRING_VALUES(record),
        (first.collective or first.last) if first is not None else None,
        [[a.last, a.first, a.initials, a.suffix, a.collective]
         for a in record.authors[:AUTHORS]],
        list(record.publication_types),
        [[c.ref_type, c.pmid, c.source, c.note] for c in record.comments_corrections],
        record.is_book,
    )  # fmt: skip


def column_types() -> dict[str, Any]:
    """Arrow type of each check column."""
    import pyarrow as pa

    types: dict[str, Any] = {name: pa.string() for name in (*STRING_FIELDS, "first_author")}
    types["authors"] = types["comments_corrections"] = pa.list_(pa.list_(pa.string()))
    types["publication_types"] = pa.list_(pa.string())
    types["is_book"] = pa.bool_()
    return types


def brief_record(pmid: str, row: Mapping[str, Any]) -> PubmedRecord:
    """The record of a row of check columns (absent columns: the field's default): every
    field checking reads, and nothing else."""
    return PubmedRecord(
        pmid=pmid, **{name: row[name] for name in STRING_FIELDS if row.get(name)},
        authors=tuple(Author(*a) for a in row.get("authors") or ()),
        publication_types=tuple(row.get("publication_types") or ()),
        comments_corrections=tuple(CommentCorrection(*c)
                                   for c in row.get("comments_corrections") or ()),
        is_book=bool(row.get("is_book")),
    )  # fmt: skip
