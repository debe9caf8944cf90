"""Bulk checking's pre-check: the citations whose verdict the columns decide, in Arrow.

A citation that agrees *exactly* with its record on every field
:func:`refgraph.matching.compare` reads gets no difference and no note from it; when it also
shares no PMID, DOI or citation signature with another citation of its document,
:func:`refgraph.check.run.check_references` would give it ``ok`` (or ``retracted``) with
only the notes of :func:`refgraph.check.notes.record_notes`, which need the record only
when it has a notice type or notes of its own (:func:`record_status`). :func:`decide` finds those
citations with Arrow compute over the citation columns (:func:`citation_table`, made where
the documents are parsed) and the index's check columns
(:mod:`~refgraph.pubmed.index.columns`); everything else (differences, deletions, PMIDs the
index lacks, missing PMIDs, possible duplicates, notices) is left to ``check_references``
itself. Exact agreement, field by field, is what makes ``compare`` silent:

- title: equal and non-empty, with a letter or digit (so its :func:`~refgraph.text.plain`
  form is not empty);
- first author (surname or group name): equal, or either side without authors;
- journal: none cited, or the record names none, or a cited name with significant words
  equal to one of the record's three names;
- year: none cited, or the record's issue year; volume: equal, or either side empty;
- pages: none cited, or the record has no pagination, or equal to the record's pages, or
  (no pages in the record) equal to its article number without a range.

``tests/pubmed/index/test_bulk.py`` holds the bulk reports equal to ``check_references`` on
citations that miss each of these by a little.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from refgraph.ids import normalize_pmid
from refgraph.journals import journal_words
from refgraph.model import PubmedRecord, Reference

__all__ = ["OWN_NOTES", "PLAIN", "citation_table", "decide", "record_status"]

#: :func:`record_status`: no notes of its own; notes of its own whatever cites it; a notice
#: type (whose note depends on the citation's title and annotation).
PLAIN, OWN_NOTES, NOTICE = 0, 1, 2
_CITATION_COLUMNS = ("doc", "key", "pmid", "title", "author", "journal", "journal_full", "jw",
                     "jfw", "year", "volume", "pages", "sigs", "source", "line",
                      "annotation")  # fmt: skip


def _signature_keys(author: str, year: str, journal: str, volume: str, page: str,
                    doi: str) -> list[str]:  # fmt: skip
    """Keys that two citations share whenever :func:`refgraph.check.notes.duplicates` could
    find them the same work by signature: the DOI, and the year, volume and first page of a
    citation signature (which holds them as they are here)."""
    keys = [f"doi:{doi.lower()}"] if doi else []
    if author and year and journal and volume and page:
        keys.append(f"cite:{year}|{volume.strip().casefold()}|{page.strip().casefold()}")
    return keys


def citation_table(docs: Iterable[Sequence[Reference]]) -> Any:
    """The citation columns of every reference of ``docs`` (an Arrow table, input order)."""
    import pyarrow as pa

    rows: list[tuple[Any, ...]] = []
    for doc, refs in enumerate(docs):
        for ref in refs:
            pmid = normalize_pmid(ref.pmid) if ref.pmid else None
            first = ref.authors[0] if ref.authors else None
            author = (first.collective or first.last) if first is not None else None
            origin = ref.origins[0] if ref.origins else None
            journal = ref.journal or ref.journal_full
            rows.append((
                doc, ref.key, int(pmid) if pmid else None, ref.title, author, ref.journal,
                ref.journal_full, bool(ref.journal and journal_words(ref.journal)),
                bool(ref.journal_full and journal_words(ref.journal_full)), ref.year,
                ref.volume, ref.pages,
                _signature_keys(author or "", ref.year, journal, ref.volume, ref.first_page,
                                ref.doi),
                origin.path if origin else "", origin.line if origin else 0, ref.annotation,
            ))  # fmt: skip
    types = {"doc": pa.int32(), "pmid": pa.int64(), "jw": pa.bool_(), "jfw": pa.bool_(),
             "sigs": pa.list_(pa.string()), "line": pa.int64()}  # fmt: skip
    columns = zip(*rows, strict=True) if rows else ([] for _ in _CITATION_COLUMNS)
    return pa.table({name: pa.array(col, types.get(name, pa.string()))
                     for name, col in zip(_CITATION_COLUMNS, columns, strict=True)})  # fmt: skip


def record_status(records: Any) -> Any:
    """:data:`PLAIN`, :data:`OWN_NOTES` or :data:`NOTICE` for each row of a records table
    (null for a deletion), from its publication types and CommentsCorrections RefTypes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from refgraph.check.notes import NOTE_LINK_TYPES, NOTE_PUBLICATION_TYPES, NOTICE_TYPES

    def rows_with(lists: Any, items: Any, values: Sequence[str]) -> Any:
        hit = pc.is_in(items, value_set=pa.array(values, pa.string()))
        rows = pc.unique(pc.list_parent_indices(lists).filter(hit))
        return pc.is_in(pa.array(range(len(records)), pa.int64()), value_set=rows)

    types = records.column("publication_types")
    links = records.column("comments_corrections")
    link_types = pc.list_element(pc.list_flatten(links), 0)
    own = pc.or_(rows_with(types, pc.list_flatten(types), NOTE_PUBLICATION_TYPES),
                 rows_with(links, link_types, NOTE_LINK_TYPES))  # fmt: skip
    notice = rows_with(types, pc.list_flatten(types), NOTICE_TYPES)
    status = pc.if_else(notice, NOTICE, pc.if_else(own, OWN_NOTES, PLAIN)).cast(pa.int8())
    deleted = pc.equal(records.column("op"), 0)
    return pc.if_else(deleted, pa.scalar(None, pa.int8()), status)


def _agrees(cit: Any, rec: Any) -> Any:
    """Per citation: does it agree exactly with its record (see the module docstring)?"""
    import pyarrow.compute as pc

    def c(name: str) -> Any:
        return cit.column(name)

    def r(name: str) -> Any:
        return rec.column(name)

    def any_of(*masks: Any) -> Any:
        out = masks[0]
        for mask in masks[1:]:
            out = pc.or_kleene(out, mask)
        return out

    def empty(column: Any) -> Any:
        return pc.equal(column, "")

    def named(column: Any) -> Any:
        return any_of(*(pc.equal(column, r(n)) for n in ("journal", "journal_abbrev",
                                                         "medline_ta")))  # fmt: skip

    title = pc.and_kleene(pc.equal(c("title"), r("title")),
                          pc.match_substring_regex(c("title"), "[0-9A-Za-z]"))  # fmt: skip
    author = any_of(pc.is_null(c("author")), pc.is_null(r("first_author")),
                    pc.equal(c("author"), r("first_author")))  # fmt: skip
    journal = any_of(
        pc.and_kleene(empty(c("journal")), empty(c("journal_full"))),
        pc.and_kleene(pc.and_kleene(empty(r("journal")), empty(r("journal_abbrev"))),
                      empty(r("medline_ta"))),
        pc.and_kleene(c("jw"), named(c("journal"))),
        pc.and_kleene(c("jfw"), named(c("journal_full"))),
    )  # fmt: skip
    year = any_of(empty(c("year")),
                  pc.and_kleene(pc.equal(c("year"), r("year")), pc.invert(empty(r("year")))))
    volume = any_of(empty(c("volume")), empty(r("volume")), pc.equal(c("volume"), r("volume")))
    unpaged = empty(r("pages"))
    pages = any_of(
        empty(c("pages")), pc.and_kleene(unpaged, empty(r("elocation"))),
        pc.equal(c("pages"), r("pages")),
        pc.and_kleene(pc.and_kleene(unpaged, pc.equal(c("pages"), r("elocation"))),
                      pc.invert(pc.match_substring(c("pages"), "-"))),
    )  # fmt: skip
    out = pc.is_valid(r("status"))  # a live record
    for mask in (title, author, journal, year, volume, pages):
        out = pc.and_kleene(out, mask)
    return pc.fill_null(out, False)


def _apart(citations: Any, rows: Any, extra: Mapping[str, PubmedRecord]) -> list[bool]:
    """Per citation: does it share no PMID and no signature key with another citation of its
    document (so :func:`refgraph.check.notes.duplicates` cannot tie it to one)? A citation's
    keys are its own and its record's (the index row, else the fallback's record)."""
    names = ("status", "first_author", "year", "journal", "journal_abbrev", "medline_ta",
             "volume", "pages", "elocation", "doi")  # fmt: skip
    pmids = citations.column("pmid").to_pylist()
    apart = [True] * len(pmids)
    seen: dict[str | int, int] = {}
    current = -1
    for i, (doc, pmid, own, status, author, year, journal, abbrev, ta, volume, pages,
            elocation, doi) in enumerate(zip(
            citations.column("doc").to_pylist(), pmids, citations.column("sigs").to_pylist(),
            *(rows.column(n).to_pylist() for n in names), strict=True)):  # fmt: skip
        if doc != current:  # a document's citations are together, in order
            seen, current = {}, doc
        keys: list[str | int] = [*own, pmid] if pmid is not None else list(own)
        if status is not None:  # a live record
            page = pages.split("-", 1)[0] if pages else elocation
            keys += _signature_keys(author or "", year, ta or abbrev or journal, volume, page,
                                    doi)  # fmt: skip
        elif pmid is not None and (record := extra.get(str(pmid))) is not None:
            keys += _signature_keys(record.first_author, record.year, record.medline_ta or
                                    record.journal_abbrev or record.journal, record.volume,
                                    record.first_page, record.doi)  # fmt: skip
        for key in keys:
            j = seen.setdefault(key, i)
            if j != i:
                apart[i] = apart[j] = False
    return apart


def decide(citations: Any, records: Any, extra: Mapping[str, PubmedRecord],
           ) -> list[tuple[str, tuple[str, ...]] | None]:  # fmt: skip
    """Per citation, ``(verdict, notes)`` where the columns decide it, else ``None``.

    ``records`` is the index rows joined for these citations (the records table's columns
    plus ``status``: :func:`record_status`), any order; ``extra`` the records of PMIDs the
    index lacks, fetched elsewhere.
    """
    import pyarrow.compute as pc

    at = pc.index_in(citations.column("pmid"), value_set=records.column("pmid"))
    rows = records.take(at)  # the row of each citation (nulls where the index has none)
    agrees = _agrees(citations, rows).to_pylist()
    pmids = citations.column("pmid").to_pylist()
    apart = _apart(citations, rows, extra)
    status = rows.column("status").to_pylist()
    decided = [ok and apart[i] for i, ok in enumerate(agrees)]
    noted = [i for i, ok in enumerate(decided) if ok and status[i] != PLAIN]
    notes = dict(zip(noted, _noted(citations, rows, pmids, noted), strict=True))
    return [None if not ok else notes.get(i, ("ok", ())) for i, ok in enumerate(decided)]


def _noted(citations: Any, rows: Any, pmids: list[int | None],
           which: list[int]) -> list[tuple[str, tuple[str, ...]]]:  # fmt: skip
    """Verdict and notes of the citations ``which``, each agreeing exactly with a record that
    has notes of its own (retracted, errata, ...) or a notice type, whose note reads the
    citation's title and annotation (all of the citation that
    :func:`~refgraph.check.notes.record_notes` reads)."""
    import pyarrow as pa

    from refgraph.check.notes import record_notes
    from refgraph.pubmed.index.columns import brief_record

    if not which:
        return []
    at = pa.array(which, pa.int64())
    cited = citations.select(["title", "annotation"]).take(at)
    rows = rows.select(["publication_types", "comments_corrections"]).take(at)
    out = []
    for i, title, annotation, types, links in zip(
        which, *(t.column(c).to_pylist() for t, c in ((cited, "title"), (cited, "annotation"),
        (rows, "publication_types"), (rows, "comments_corrections"))), strict=True):  # fmt: skip
        record = brief_record(str(pmids[i]), {"publication_types": types,
                                              "comments_corrections": links})
        notes = record_notes(Reference(key="", title=title, annotation=annotation), record)
        out.append((("retracted" if record.is_retracted else "ok"), notes))
    return out
