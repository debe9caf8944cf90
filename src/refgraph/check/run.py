"""Verdicts for a whole library: the pure :func:`check_library`, and :func:`check_references`,
the one check orchestration (``refgraph check``, ``build``, and the Python API use it).

:func:`check_references` fetches every cited record once
(:func:`~refgraph.pubmed.source.fetch_cited`, cache and snapshot first), gives every reference
a verdict and then looks for better PMIDs (:func:`~refgraph.check.suggest.suggest`). Nothing
that can be had is left unchecked:

- a record that cannot be had (offline and not in the cache or snapshot, or NCBI failing past
  its retries) makes its references ``unchecked``, with the reason; the others get their
  verdict;
- offline, a suggestion that cannot be looked up leaves the verdict (``mismatch``,
  ``not_found``) as it is, with the note ``no suggestion offline``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from refgraph.cache.records import paused_gc
from refgraph.check.notes import describe, duplicates, record_notes
from refgraph.check.results import CheckReport, CheckResult
from refgraph.check.suggest import Progress, suggest
from refgraph.ids import normalize_pmid
from refgraph.matching import compare
from refgraph.model import PubmedRecord, Reference
from refgraph.pubmed.source import NOT_CACHED, CitedRecords, RecordSource, fetch_cited

__all__ = ["UNCHECKED_NOTE", "CheckRun", "check_library", "check_references", "run_check"]

#: The note of an ``unchecked`` result.
UNCHECKED_NOTE = "PubMed record not available (offline and not cached, or NCBI unavailable)"


@dataclass(frozen=True, slots=True)
class CheckRun:
    """One check of a library: the report, and the records it was made from (which
    ``build`` reuses for enrichment and the graph)."""

    report: CheckReport
    cited: CitedRecords


def _check_one(
    ref: Reference,
    records: Mapping[str, PubmedRecord],
    missing: Collection[str] = (),
    deleted: Mapping[str, str] | None = None,
) -> CheckResult:
    pmid = normalize_pmid(ref.pmid) if ref.pmid else None
    if not ref.pmid:
        return CheckResult(ref.key, "", "no_pmid", ("the citation has no PMID",), reference=ref)
    if pmid is None:
        note = f"malformed PMID {ref.pmid!r}"
        return CheckResult(ref.key, ref.pmid, "not_found", (note,), reference=ref)
    record = records.get(pmid)
    if record is None:
        if pmid in missing:
            reason = missing.get(pmid) if isinstance(missing, Mapping) else None
            told = reason and reason != NOT_CACHED  # the note itself says "offline, not cached"
            note = f"{UNCHECKED_NOTE}: {reason}" if told else UNCHECKED_NOTE
            return CheckResult(ref.key, pmid, "unchecked", (note,), reference=ref)
        if deleted and pmid in deleted:
            note = f"PMID {pmid} was deleted from PubMed (<DeleteCitation> in {deleted[pmid]})"
            return CheckResult(ref.key, pmid, "not_found", (note,), reference=ref)
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
    refs: Sequence[Reference],
    records: Mapping[str, PubmedRecord],
    missing: Collection[str] = (),
    deleted: Mapping[str, str] | None = None,
) -> tuple[list[CheckResult], list[tuple[str, ...]]]:
    """Give each reference its verdict against fetched records; also find duplicates.

    A PMID absent from ``records`` does not resolve (``not_found``), unless it is in
    ``missing`` (its record could not be had: ``unchecked``); one in ``deleted`` is
    ``not_found`` with the file that deleted it. Returns the results in input order and the
    duplicate groups (tuples of keys).
    """
    results = [_check_one(ref, records, missing, deleted) for ref in refs]
    return _finish(refs, results, records)


def _finish(
    refs: Sequence[Reference], results: list[CheckResult], records: Mapping[str, PubmedRecord]
) -> tuple[list[CheckResult], list[tuple[str, ...]]]:
    dup_notes, groups, conflicts = duplicates(refs, records)
    for i, extra in dup_notes.items():
        results[i] = replace(results[i], notes=results[i].notes + tuple(extra))
    for i, keys in conflicts.items():
        results[i] = replace(results[i], conflicts=keys)
    return results, groups


def check_references(
    refs: Sequence[Reference],
    source: RecordSource,
    *,
    search: bool = True,
    batch_size: int = 0,
    progress: Progress | None = None,
) -> CheckRun:
    """Fetch the cited records once, give every reference a verdict, look for better PMIDs.

    Never raises for records that cannot be had (see the module docstring); ``search=False``
    skips the search for better PMIDs. Records are asked for ``batch_size`` at a time
    (default: the source's own ``batch_size``, else 200).
    """
    size = batch_size or int(getattr(source, "batch_size", 0) or 200)
    by_pmid: dict[str, list[int]] = {}
    for i, ref in enumerate(refs):
        pmid = normalize_pmid(ref.pmid) if ref.pmid else None
        if pmid:
            by_pmid.setdefault(pmid, []).append(i)
    done: dict[int, CheckResult] = {}

    def check_batch(pmids: Sequence[str], records: Mapping[str, PubmedRecord]) -> None:
        # Records are checked batch by batch while the rate limiter makes the next request
        # wait anyway: online, the checking costs (almost) no wall time.
        for pmid in pmids:
            if pmid in records:
                for i in by_pmid[pmid]:
                    done[i] = _check_one(refs[i], records)

    # the cyclic GC finds nothing to free among records and verdicts, but walks them all
    with paused_gc(len(by_pmid) > 100):
        cited = fetch_cited(source, refs, batch_size=size, on_batch=check_batch,
                            progress=progress)  # fmt: skip
        missing = {p: cited.reasons.get(p, "") for p in cited.missing}  # unchecked, and why
        ordered = [done.get(i) or _check_one(ref, cited.records, missing, cited.deleted)
                   for i, ref in enumerate(refs)]  # fmt: skip
        results, groups = _finish(refs, ordered, cited.records)
    if search:
        results = suggest(results, source, progress)
    return CheckRun(CheckReport(tuple(results), tuple(groups)), cited)


def run_check(
    refs: Sequence[Reference],
    source: RecordSource,
    *,
    search: bool = True,
    progress: Progress | None = None,
) -> CheckReport:
    """The report of :func:`check_references` (for callers that need no records)."""
    return check_references(refs, source, search=search, progress=progress).report
