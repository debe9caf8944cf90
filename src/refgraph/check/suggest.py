"""Look for the right PMID of a citation: ECitMatch, then esearch on the title; every
candidate is fetched and verified with :func:`~refgraph.matching.compare` before it is
suggested. The only module of :mod:`refgraph.check` that needs a record source."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from refgraph.check.results import CheckResult, Suggestion
from refgraph.errors import OfflineError
from refgraph.ids import normalize_pmid
from refgraph.matching import compare
from refgraph.model import Reference
from refgraph.pubmed.source import CitationQuery, RecordSource
from refgraph.text import plain

__all__ = ["Progress", "suggest"]

Progress = Callable[[str, int, int], None]


def _query_for(ref: Reference) -> CitationQuery:
    author = ""
    if ref.authors:
        first = ref.authors[0]
        author = first.collective or f"{first.last} {first.name_initials}".strip()
    return CitationQuery(
        key=ref.key,
        journal=ref.journal or ref.journal_full,
        year=ref.year,
        volume=ref.volume,
        first_page=ref.first_page,
        author=author,
    )


def _title_term(title: str) -> str:
    words = plain(title).split()
    return " ".join(words[:25])


def _candidates(
    refs: Sequence[Reference], client: RecordSource
) -> dict[str, list[tuple[str, str]]]:
    """Return ``key -> [(pmid, via), ...]`` from ECitMatch, then esearch on the title."""
    found: dict[str, list[tuple[str, str]]] = {r.key: [] for r in refs}
    queryable = [r for r in refs if (r.journal or r.journal_full) and r.volume and r.first_page]
    if queryable:
        matches = client.ecitmatch([_query_for(r) for r in queryable])
        for ref in queryable:
            match = matches.get(ref.key)
            if match is None:
                continue
            if match.status == "found" and match.pmid:
                found[ref.key].append((match.pmid, "ecitmatch"))
            else:
                found[ref.key].extend((p, "ecitmatch") for p in match.candidates[:5])
    for ref in refs:
        cited = normalize_pmid(ref.pmid) if ref.pmid else None
        if not any(p != cited for p, _ in found[ref.key]) and ref.title:
            term = _title_term(ref.title)
            if term:
                found[ref.key].extend((p, "esearch") for p in client.esearch(term, retmax=5))
    return found


def suggest(
    results: list[CheckResult], client: RecordSource, progress: Progress | None = None
) -> list[CheckResult]:
    """Look for the right PMID of each mismatch / not_found / no_pmid result.

    Candidates come from ECitMatch, then esearch on the title; each is fetched and verified
    with :func:`compare` before it is suggested. Other results are returned unchanged.
    """
    wanted = {
        i
        for i, r in enumerate(results)
        if r.verdict in ("mismatch", "not_found", "no_pmid") and r.reference is not None
    }
    refs = [ref for i in sorted(wanted) if (ref := results[i].reference) is not None]
    if not refs:
        return results
    if progress:
        progress("searching", 0, len(refs))
    try:
        candidates = _candidates(refs, client)
        pmids = sorted({p for cands in candidates.values() for p, _ in cands})
        fetched = client.fetch_records(pmids, partial=True).records if pmids else {}
    except OfflineError:
        note = "offline: did not search PubMed for the right PMID"
        return [
            replace(r, notes=(*r.notes, note)) if i in wanted else r for i, r in enumerate(results)
        ]
    out = []
    for i, result in enumerate(results):
        ref = result.reference
        if i not in wanted or ref is None:
            out.append(result)
            continue
        suggestion, rejected = None, []
        for pmid, via in candidates.get(ref.key, []):
            record = fetched.get(pmid)
            if pmid == result.pmid or record is None:
                continue
            if compare(ref, record).matches:
                suggestion = Suggestion(pmid, True, via)
                break
            rejected.append(pmid)
        notes = list(result.notes)
        if suggestion:
            notes.append(f"suggested PMID {suggestion.pmid} (found by {via}, record verified)")
        elif rejected:
            notes.append(
                f"candidate PMID(s) {', '.join(dict.fromkeys(rejected))} did not match the citation"
            )
        else:
            notes.append("no matching PubMed record found")
        out.append(replace(result, suggestion=suggestion, notes=tuple(notes)))
    if progress:
        progress("searching", len(refs), len(refs))
    return out
