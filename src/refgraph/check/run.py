"""Verdicts for a whole library (pure :func:`check_library`) and the orchestration
:func:`run_check`: fetch the cited records, give every reference a verdict, look for
better PMIDs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from refgraph.check.notes import describe, duplicates, record_notes
from refgraph.check.results import CheckReport, CheckResult
from refgraph.check.suggest import Progress, suggest
from refgraph.ids import normalize_pmid
from refgraph.matching import compare
from refgraph.model import PubmedRecord, Reference
from refgraph.pubmed.source import RecordSource

__all__ = ["check_library", "run_check"]


def _records_of(fetch: Any) -> tuple[Mapping[str, PubmedRecord], frozenset[str]]:
    records = getattr(fetch, "records", fetch)
    not_found = frozenset(getattr(fetch, "not_found", ()))
    return records, not_found


def _check_one(ref: Reference, records: Mapping[str, PubmedRecord]) -> CheckResult:
    pmid = normalize_pmid(ref.pmid) if ref.pmid else None
    if not ref.pmid:
        return CheckResult(ref.key, "", "no_pmid", ("the citation has no PMID",), reference=ref)
    if pmid is None:
        note = f"malformed PMID {ref.pmid!r}"
        return CheckResult(ref.key, ref.pmid, "not_found", (note,), reference=ref)
    record = records.get(pmid)
    if record is None:
        note = f"PMID {pmid} does not resolve in PubMed (unknown or deleted)"
        return CheckResult(ref.key, pmid, "not_found", (note,), reference=ref)
    comparison = compare(ref, record)
    notes = list(comparison.notes) + list(record_notes(ref, record))
    verdict = comparison.verdict
    if verdict == "mismatch":
        notes.insert(0, f"PMID {pmid} is a different work: {describe(record)}")
    elif record.is_retracted:
        verdict = "retracted"
    return CheckResult(ref.key, pmid, verdict, tuple(notes), comparison.differences, reference=ref)


def check_library(
    refs: Sequence[Reference], fetch: Any
) -> tuple[list[CheckResult], list[tuple[str, ...]]]:
    """Give each reference its verdict against fetched records; also find duplicates.

    ``fetch`` is a :class:`~refgraph.eutils.client.FetchResult` or a plain mapping
    ``pmid -> PubmedRecord`` (a PMID absent from it does not resolve). Returns the results
    in input order and the duplicate groups (tuples of keys).
    """
    records, _ = _records_of(fetch)
    return _finish(refs, [_check_one(ref, records) for ref in refs], records)


def _finish(
    refs: Sequence[Reference], results: list[CheckResult], records: Mapping[str, PubmedRecord]
) -> tuple[list[CheckResult], list[tuple[str, ...]]]:
    dup_notes, groups = duplicates(refs, records)
    for i, extra in dup_notes.items():
        results[i] = replace(results[i], notes=results[i].notes + tuple(extra))
    return results, groups


def run_check(
    refs: Sequence[Reference],
    client: RecordSource,
    *,
    search: bool = True,
    progress: Progress | None = None,
) -> CheckReport:
    """Fetch the cited records, give each reference a verdict, look for better PMIDs.

    Raises :class:`~refgraph.errors.OfflineError` / ``FetchIncompleteError`` (via the
    client) when cited records cannot be had at all: a verdict is never guessed.
    """
    by_pmid: dict[str, list[int]] = {}
    for i, ref in enumerate(refs):
        pmid = normalize_pmid(ref.pmid) if ref.pmid else None
        if pmid:
            by_pmid.setdefault(pmid, []).append(i)
    pmids = list(by_pmid)
    done: dict[int, CheckResult] = {}
    records: dict[str, PubmedRecord] = {}
    size = int(getattr(client, "batch_size", 200) or 200)
    # Fetch batch by batch and check each batch while the rate limiter makes us wait for
    # the next request anyway: the checking costs (almost) no wall time online.
    for start in range(0, len(pmids), size):
        if progress:
            progress("checking", start, len(pmids))
        chunk = pmids[start : start + size]
        records.update(client.fetch_records(chunk).records.items())
        for pmid in chunk:
            for i in by_pmid[pmid]:
                done[i] = _check_one(refs[i], records)
    if progress:
        progress("checking", len(pmids), len(pmids))
    ordered = [done[i] if i in done else _check_one(ref, records) for i, ref in enumerate(refs)]
    results, groups = _finish(refs, ordered, records)
    if search:
        results = suggest(results, client, progress)
    return CheckReport(tuple(results), tuple(groups))
