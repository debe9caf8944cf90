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
from refgraph.pubmed.source import CitationMatch, CitationQuery, RecordSource
from refgraph.text import plain

__all__ = ["NO_SUGGESTION_OFFLINE", "Progress", "suggest"]

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


#: The note of a result whose right PMID could not be looked up offline.
NO_SUGGESTION_OFFLINE = "no suggestion offline (the search for the right PMID is not cached)"


def _ecitmatch(
    queryable: Sequence[Reference], source: RecordSource, unsearched: set[str]
) -> dict[str, CitationMatch]:
    """ECitMatch for every query at once; offline, query by query, so that the cached
    answers still count (the keys of the others go to ``unsearched``)."""
    try:
        return source.ecitmatch([_query_for(r) for r in queryable])
    except OfflineError:
        matches: dict[str, CitationMatch] = {}
        for ref in queryable:
            try:
                matches.update(source.ecitmatch([_query_for(ref)]))
            except OfflineError:
                unsearched.add(ref.key)
        return matches


def _candidates(
    refs: Sequence[Reference], source: RecordSource
) -> tuple[dict[str, list[tuple[str, str]]], set[str]]:
    """Return ``key -> [(pmid, via), ...]`` from ECitMatch, then esearch on the title, and
    the keys of the references some search could not be made for (offline)."""
    found: dict[str, list[tuple[str, str]]] = {r.key: [] for r in refs}
    unsearched: set[str] = set()
    queryable = [r for r in refs if (r.journal or r.journal_full) and r.volume and r.first_page]
    if queryable:
        matches = _ecitmatch(queryable, source, unsearched)
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
                try:
                    pmids = source.esearch(term, retmax=5)
                except OfflineError:
                    unsearched.add(ref.key)
                    continue
                found[ref.key].extend((p, "esearch") for p in pmids)
    return found, unsearched


def suggest(
    results: list[CheckResult], source: RecordSource, progress: Progress | None = None
) -> list[CheckResult]:
    """Look for the right PMID of each mismatch / not_found / no_pmid result.

    Candidates come from ECitMatch, then esearch on the title; each is fetched and verified
    with :func:`~refgraph.matching.compare` before it is suggested. Other results are
    returned unchanged, and so is every verdict: offline, a search that is not cached
    leaves the note :data:`NO_SUGGESTION_OFFLINE`.
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
    candidates, unsearched = _candidates(refs, source)
    pmids = sorted({p for cands in candidates.values() for p, _ in cands})
    fetched = source.fetch_records(pmids, partial=True) if pmids else None
    records = dict(fetched.records.items()) if fetched else {}
    unverified = set(fetched.missing) if fetched else set()
    out = []
    for i, result in enumerate(results):
        ref = result.reference
        if i not in wanted or ref is None:
            out.append(result)
            continue
        suggestion, rejected, offline = None, [], ref.key in unsearched
        for pmid, via in candidates.get(ref.key, []):
            record = records.get(pmid)
            offline = offline or pmid in unverified
            if pmid == result.pmid or record is None:
                continue
            if compare(ref, record).matches:
                suggestion = Suggestion(pmid, True, via)
                break
            rejected.append(pmid)
        notes = list(result.notes)
        if suggestion:
            notes.append(f"suggested PMID {suggestion.pmid} (found by {via}, record verified)")
        elif offline:
            notes.append(NO_SUGGESTION_OFFLINE)
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
