"""Many documents, one library: the same work cited in several places is one reference.

Two citations are one work only on evidence: they share an identifier (PMID, DOI or
PMCID; citations with none of these share first author, year and normalised title), no
identifier of one contradicts the other's, *and* their bibliographic fields do not
contradict each other (first author, year, title, journal, volume, pages), by the very
comparison ``check`` applies to a citation and its PubMed record
(:func:`refgraph.matching.compare_citations`).

- Citations of one work merge into one reference: the first occurrence's fields (empty
  fields filled from later occurrences), every origin, every distinct annotation, and the
  keys a structured input gave the others (``ids``, biblatex's key aliases). A PMID
  repeated inside one document is also reported as ``duplicate_pmid``.
- Citations that share a PMID (or DOI) but disagree are *not* merged: both references are
  kept, each with its own key, origin and annotation, and a ``pmid_conflict`` names both
  places; ``refgraph check`` then tells which one PubMed supports. A PMID on many works is
  weighed and reported a bounded number of times per citation (:data:`_MOST_COMPARED`).

So no citation that was read is ever absent from the library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

from refgraph.ids import normalize_pmid
from refgraph.keys import assign_keys
from refgraph.matching import Comparison, compare_citations
from refgraph.model import Diagnostic, Origin, ParseResult, Reference, unique_in_order
from refgraph.text import fold

__all__ = ["identifiers", "merge", "merge_references", "same_work"]

_SCALARS = tuple(
    f.name
    for f in fields(Reference)
    if f.name not in {"key", "origins", "annotation", "extra", "authors", "et_al"}
    and f.type == "str"
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_LABELS = {"pmid": "PMID", "doi": "DOI", "pmcid": "PMCID"}


def _ids(ref: Reference) -> tuple[tuple[str, str], ...]:
    out = []
    if ref.pmid:
        out.append(("pmid", normalize_pmid(ref.pmid) or ref.pmid.strip()))
    if ref.doi:
        out.append(("doi", ref.doi.strip().lower()))
    if ref.pmcid:
        out.append(("pmcid", ref.pmcid.strip().upper()))
    return tuple(out)


def identifiers(ref: Reference) -> tuple[str, ...]:
    """Return the identity keys under which a citation may meet another citation of its work.

    >>> from refgraph.model import Author
    >>> identifiers(Reference(key="k", pmid="PMID: 0123", doi="10.1/X"))
    ('pmid:123', 'doi:10.1/x')
    >>> identifiers(Reference(key="k", title="A Study.", authors=(Author(last="Li"),),
    ...                       year="2016"))
    ('work:li:2016:a study',)
    """
    ids = _ids(ref)
    if ids:
        return tuple(f"{kind}:{value}" for kind, value in ids)
    title = _NOT_ALNUM.sub(" ", fold(ref.title)).strip()
    if not title:
        return ()  # nothing to recognise it by: never merged
    return (f"work:{fold(ref.first_author)}:{ref.year}:{title}",)


def same_work(a: Reference, b: Reference) -> Comparison | None:
    """Return the field comparison when ``a`` and ``b`` may be one work, else ``None``.

    They may not when an identifier both carry differs, or when their fields contradict
    each other (:func:`refgraph.matching.compare_citations` finds a mismatch).
    """
    theirs = dict(_ids(b))
    if any(kind in theirs and theirs[kind] != value for kind, value in _ids(a)):
        return None
    if _cited_as(a) == _cited_as(b):  # the same citation again (the common repeat)
        return _SAME
    comparison = compare_citations(a, b)
    return comparison if comparison.matches else None


_SAME = Comparison()


def _cited_as(ref: Reference) -> tuple[object, ...]:
    """The fields the comparison looks at, as cited."""
    first = ref.authors[0] if ref.authors else None
    return (ref.title, first, ref.journal, ref.journal_full, ref.year, ref.volume, ref.pages)


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
    extra = _with_alias(first, other) + tuple((k, v) for k, v in other.extra if k not in known)
    if extra != first.extra:
        changes["extra"] = extra
    for name in ("publication_types", "keywords", "trials"):
        merged = unique_in_order((*getattr(first, name), *getattr(other, name)))
        if merged != getattr(first, name):
            changes[name] = merged
    changes["origins"] = tuple(dict.fromkeys((*first.origins, *other.origins)))
    return replace(first, **changes)  # type: ignore[arg-type]


def _with_alias(first: Reference, other: Reference) -> tuple[tuple[str, str], ...]:
    """``first.extra`` with ``other``'s own key added to ``ids`` (biblatex's key aliases)
    when ``other`` came with a key of its own (a structured input: BibTeX, CSL-JSON): a
    document that cites that key still finds the work in refgraph's ``.bib``."""
    if not other.key or other.reading is not None or other.key == first.key:
        return first.extra
    found = dict(first.extra).get("ids", "")
    aliases = [a.strip() for a in found.split(",") if a.strip()]
    if other.key in aliases:
        return first.extra
    value = ", ".join((*aliases, other.key))
    if found:
        return tuple((k, value if k == "ids" else v) for k, v in first.extra)
    return (*first.extra, ("ids", value))


@dataclass(frozen=True, slots=True)
class _Event:
    """Something to report once keys are final: a repeat or a conflict between groups."""

    kind: str  # "duplicate_pmid" | "pmid_conflict"
    ref: Reference  # the citation read when it happened
    group: int  # the group it went to
    other: int  # the earlier group it repeats or conflicts with
    where: tuple[Origin, ...]  # where that earlier group had been cited by then
    more: int = 0  # other earlier groups it conflicts with, not reported one by one


#: A PMID (or DOI) on many different works names none of them: a citation is weighed
#: against the first :data:`_MOST_COMPARED` works that share it (beyond them only an exact
#: repeat joins one), and its conflicts with the first :data:`_MOST_REPORTED` are reported,
#: the others counted. One PMID filled down a column of 1,000 citations was half a million
#: comparisons and as many problems: minutes, as good as a hang.
_MOST_COMPARED = 16
_MOST_REPORTED = 3


def merge_references(refs: Iterable[Reference]) -> tuple[list[Reference], list[Diagnostic]]:
    """Merge citations of the same work; return references (unique keys) and the problems.

    Problems are ``duplicate_pmid`` (one work cited twice in one document) and
    ``pmid_conflict`` (two different works given one PMID or DOI: both kept).
    """
    groups: list[Reference] = []
    index: dict[str, list[int]] = {}
    events: list[_Event] = []
    reported: set[tuple[int, int]] = set()
    for ref in refs:
        idents = identifiers(ref)
        candidates = list(dict.fromkeys(g for i in idents for g in index.get(i, ())))
        target, cited = -1, _cited_as(ref)
        conflicts: list[int] = []
        for g in candidates:
            if (len(conflicts) < _MOST_COMPARED or _cited_as(groups[g]) == cited) and same_work(
                groups[g], ref
            ) is not None:
                target = g
                break
            conflicts.append(g)
        if target < 0:
            groups.append(ref)
            target = len(groups) - 1
        else:
            earlier = groups[target]
            if ref.pmid and ref.source and ref.source in {o.path for o in earlier.origins}:
                events.append(_Event("duplicate_pmid", ref, target, target, earlier.origins))
            groups[target] = _combine(earlier, ref)
        for n, g in enumerate(conflicts[:_MOST_REPORTED], 1):
            pair = (min(g, target), max(g, target))
            if pair not in reported:
                reported.add(pair)
                more = len(conflicts) - n if n == _MOST_REPORTED else 0
                events.append(_Event("pmid_conflict", ref, target, g, groups[g].origins, more))
        for ident in idents:
            members = index.setdefault(ident, [])
            if target not in members:
                members.append(target)
    keyed = assign_keys(groups)
    return keyed, [_report(event, keyed) for event in events]


def _places(origins: tuple[Origin, ...], here: str, limit: int = 3) -> str:
    """``origins`` as seen from file ``here``: ``lines 3, 6``, ``b.txt:20``."""
    lines = [str(o.line) for o in origins[:limit] if o.path == here]
    shown = [f"{'lines' if len(lines) > 1 else 'line'} {', '.join(lines)}"] if lines else []
    shown += [str(o) for o in origins[:limit] if o.path != here]
    more = len(origins) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _report(event: _Event, refs: list[Reference]) -> Diagnostic:
    ref, here, other = event.ref, refs[event.group], refs[event.other]
    if event.kind == "duplicate_pmid":
        where = _places(event.where[:1], ref.source)
        alias = ref.key and ref.reading is None and ref.key != other.key
        again = f" as {ref.key} (kept as a key alias)" if alias else ""
        text = f"PMID {here.pmid} is cited again{again} (first at {where}: {other.key})"
        return Diagnostic(ref.source, ref.line, "duplicate_pmid", text)
    mine, theirs = dict(_ids(ref)), dict(_ids(other))
    shared = [f"{_LABELS[k]} {v}" for k, v in mine.items() if theirs.get(k) == v]
    differing = [_LABELS[k] for k, v in mine.items() if theirs.get(k, v) != v]
    comparison = compare_citations(ref, other)
    differing += [d.field for d in comparison.differences if d.severity == "major"]
    text = (
        f"{' and '.join(shared)} on two different works: {here.key} here and {other.key} "
        f"at {_places(event.where, ref.source)} ({', '.join(differing) or 'fields'} disagree); "
        "both kept, `refgraph check` says which is right"
        + (f"; {event.more} more work(s) have it too" if event.more > 0 else "")
    )
    return Diagnostic(ref.source, ref.line, "pmid_conflict", text)


def merge(results: Iterable[ParseResult]) -> ParseResult:
    """Merge the results of several inputs into one library."""
    results = list(results)
    refs = [r for result in results for r in result.references]
    problems = [p for result in results for p in result.problems]
    merged, found = merge_references(refs)
    formats = {r.format for r in results}
    fmt = formats.pop() if len(formats) == 1 else "mixed"
    return ParseResult(tuple(merged), tuple(problems + found), fmt)
