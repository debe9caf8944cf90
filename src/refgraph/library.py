"""Many documents, one library: the same work cited in several places is one reference.

A reference is identified by its PMID where it has one, otherwise by its DOI, otherwise
by first author + year + normalised title. Merged references keep the first occurrence's
fields (empty fields are filled from later occurrences), every origin, and every distinct
annotation. A PMID repeated inside one document is also reported as ``duplicate_pmid``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields, replace

from refgraph.keys import assign_keys
from refgraph.model import Diagnostic, ParseResult, Reference, fold, unique_in_order

__all__ = ["identity", "merge", "merge_references"]

_SCALARS = tuple(
    f.name
    for f in fields(Reference)
    if f.name not in {"key", "origins", "annotation", "extra", "authors", "et_al"}
    and f.type == "str"
)


def identity(ref: Reference) -> str:
    """Return the key that makes two citations the same work."""
    if ref.pmid:
        return f"pmid:{ref.pmid}"
    if ref.doi:
        return f"doi:{ref.doi.lower()}"
    title = re.sub(r"[^a-z0-9]+", " ", fold(ref.title)).strip()
    if not title:
        return f"key:{ref.source}:{ref.key}:{ref.line}"
    return f"work:{fold(ref.first_author)}:{ref.year}:{title}"


def _combine(first: Reference, other: Reference) -> Reference:
    changes: dict[str, object] = {}
    for name in _SCALARS:
        if not getattr(first, name) and getattr(other, name):
            changes[name] = getattr(other, name)
    if not first.authors and other.authors:
        changes["authors"], changes["et_al"] = other.authors, other.et_al
    if other.annotation and other.annotation not in first.annotation.split("\n\n"):
        changes["annotation"] = (
            f"{first.annotation}\n\n{other.annotation}" if first.annotation else other.annotation
        )
    known = {k for k, _ in first.extra}
    extra = first.extra + tuple((k, v) for k, v in other.extra if k not in known)
    if extra != first.extra:
        changes["extra"] = extra
    for name in ("publication_types", "keywords", "trials"):
        merged = unique_in_order((*getattr(first, name), *getattr(other, name)))
        if merged != getattr(first, name):
            changes[name] = merged
    changes["origins"] = tuple(dict.fromkeys((*first.origins, *other.origins)))
    return replace(first, **changes)  # type: ignore[arg-type]


def merge_references(refs: Iterable[Reference]) -> tuple[list[Reference], list[Diagnostic]]:
    """Merge citations of the same work; return references (unique keys) and duplicate reports."""
    merged: dict[str, Reference] = {}
    problems: list[Diagnostic] = []
    for ref in refs:
        ident = identity(ref)
        if ident in merged:
            earlier = merged[ident]
            if ref.pmid and ref.source and ref.source in {o.path for o in earlier.origins}:
                problems.append(
                    Diagnostic(
                        ref.source,
                        ref.line,
                        "duplicate_pmid",
                        f"PMID {ref.pmid} is cited again (first at line {earlier.line}: "
                        f"{earlier.key})",
                    )
                )
            merged[ident] = _combine(earlier, ref)
        else:
            merged[ident] = ref
    return assign_keys(list(merged.values())), problems


def merge(results: Iterable[ParseResult]) -> ParseResult:
    """Merge the results of several inputs into one library."""
    results = list(results)
    refs = [r for result in results for r in result.references]
    problems = [p for result in results for p in result.problems]
    merged, dupes = merge_references(refs)
    formats = {r.format for r in results}
    fmt = formats.pop() if len(formats) == 1 else "mixed"
    return ParseResult(tuple(merged), tuple(problems + dupes), fmt)
