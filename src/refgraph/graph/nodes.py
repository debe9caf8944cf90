"""The attributes of a reference node: what the graph views show of a reference (pure)."""

from __future__ import annotations

from typing import Any

from refgraph.model import PubmedRecord, Reference
from refgraph.text import month_number

__all__ = ["reference_attrs", "reference_date"]


def reference_date(ref: Reference, record: PubmedRecord | None) -> tuple[int, int]:
    """(year, month) of a reference, its record's issue date first; 0 where unknown."""
    year = (record.year if record and record.year else "") or ref.year or (
        record.epub_year if record else "")
    month = (record.month if record else "") or ref.month
    return (int(year[:4]) if year[:4].isdigit() else 0, month_number(month))


def _citation(ref: Reference, record: PubmedRecord | None) -> str:
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


def reference_attrs(
    ref: Reference, record: PubmedRecord | None, date: tuple[int, int]
) -> dict[str, Any]:
    year = date[0]
    first = ref.first_author or (record.first_author if record else "")
    return {
        "kind": "reference",
        "pmid": ref.pmid,
        "label": f"{first or ref.journal or ref.key} {year or ''}".strip(),
        "first_author": first,
        "year": year,
        "title": ref.title or (record.title if record else ""),
        "journal": ref.journal or (record.journal_abbrev if record else ""),
        "publication_types": ref.publication_types or (record.publication_types if record else ()),
        "annotation": ref.annotation,
        "citation": _citation(ref, record),
        "doi": ref.doi or (record.doi if record else ""),
        "origin": str(ref.origin) if ref.origin else "",
    }
