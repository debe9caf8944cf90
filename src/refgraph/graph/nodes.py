"""Reference nodes of the follow-up graph: their attributes, dates and keys (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from refgraph.graph.rules import work_type
from refgraph.model import Diagnostic, PubmedRecord, Reference
from refgraph.text import month_number

__all__ = ["citation", "first_published", "reference_attrs", "reference_date", "unique_keys"]


def reference_date(ref: Reference, record: PubmedRecord | None) -> tuple[int, int]:
    """Return ``(year, month)`` of a work (record first, then as cited); 0 when unknown."""
    year = (record.year if record and record.year else "") or ref.year or (
        record.epub_year if record else "")
    month = (record.month if record else "") or ref.month
    return (int(year[:4]) if year[:4].isdigit() else 0, month_number(month))


def first_published(date: tuple[int, int], record: PubmedRecord | None) -> tuple[int, int]:
    """Return the earlier of a work's ``date`` (:func:`reference_date`, the issue's) and its
    electronic publication ahead of print (PubMed ``ArticleDate``): which report of a trial
    came first ("published online July 2020", printed 2021).

    >>> first_published((2021, 2), PubmedRecord(pmid="1", epub_year="2020",
    ...                                          extra={"epub_date": "2020-07-17"}))
    (2020, 7)
    >>> first_published((2021, 2), None)
    (2021, 2)
    """
    if record is None or not record.epub_year[:4].isdigit():
        return date
    parts = str(record.extra.get("epub_date", "")).split("-")
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    epub = (int(record.epub_year[:4]), month)
    return min(date, epub) if date[0] else epub


def citation(ref: Reference, record: PubmedRecord | None) -> str:
    """A short Vancouver-style citation for tooltips and labels."""
    authors = ref.authors or (record.authors if record else ())
    names = ", ".join([  # a.short(), spelt out for the usual "Surname AB"
        f"{a.last} {a.initials}" if a.initials and a.last and not (a.collective or a.suffix)
        else a.short() for a in authors[:3]])
    if len(authors) > 3 or ref.et_al:
        names += ", et al"
    title = (ref.title or (record.title if record else "")).rstrip(".")
    journal = ref.journal or (record.medline_ta or record.journal_abbrev if record else "")
    year = ref.year or (record.year if record else "")
    where = f"{year};{ref.volume}:{ref.pages}" if ref.volume else year
    parts = [p for p in (names, title, journal, where) if p]
    text = ". ".join(parts) + "."
    return f"{text} PMID {ref.pmid}." if ref.pmid else text


def unique_keys(references: Iterable[Reference]) -> tuple[list[Reference], list[Diagnostic]]:
    """Return the references sorted by key, the first of equal keys kept and the rest reported."""
    given = list(references)
    ordered = sorted(given, key=attrgetter("key"))
    if len(set(map(attrgetter("key"), given))) == len(given):  # the usual case
        return ordered, []  # (keys counted in the order given: in key order, a cache miss each)
    ordered.sort(key=lambda r: (r.key, r.pmid, r.title, r.source, r.line))  # equal keys
    kept: list[Reference] = []
    problems = []
    for ref in ordered:
        if kept and kept[-1].key == ref.key:
            problems.append(Diagnostic(ref.source, ref.line, "duplicate_key",
                                       f"{ref.key} appears twice; the graph keeps the first"))
            continue
        kept.append(ref)
    return kept, problems


def reference_attrs(
    ref: Reference, record: PubmedRecord | None, date: tuple[int, int]
) -> dict[str, Any]:
    """Return the attributes of a reference node (``kind="reference"``, ``work_type`` ...)."""
    year = date[0]
    first = ref.first_author or (record.first_author if record else "")
    types = ref.publication_types or (record.publication_types if record else ())
    title = ref.title or (record.title if record else "")
    return {
        "kind": "reference",
        "pmid": ref.pmid,
        "label": f"{first or ref.journal or ref.key} {year or ''}".strip(),
        "first_author": first,
        "year": year,
        "month": date[1],  # 0: unknown (the graph page places a work by month in its year)
        "title": title,
        "journal": ref.journal or (record.journal_abbrev if record else ""),
        "publication_types": types,
        "work_type": work_type(types, title),
        "annotation": ref.annotation,
        "citation": citation(ref, record),
        "doi": ref.doi or (record.doi if record else ""),
        "origin": str(ref.origin) if ref.origin else "",
    }
