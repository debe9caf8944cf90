"""Where PubMed records come from: the :class:`RecordSource` protocol and its value types.

Three implementations: the E-utilities client (:class:`refgraph.eutils.client.EutilsClient`,
cache first, then NCBI), the record cache alone (:class:`refgraph.cache.source.CachedSource`,
what ``--offline`` uses) and a local PubMed index. The check, enrich, graph and discover
orchestration is typed against the protocol, never against one implementation, and gets
its records through one fetcher, :func:`fetch_cited`.

The contract every implementation keeps (names and semantics are stable):

- PMIDs are normalised (:func:`refgraph.ids.normalize_pmid`) and de-duplicated; answers are
  keyed by the normalised PMID (or by :attr:`CitationQuery.key`), never by position.
- ``fetch_records`` never raises for a PMID it does not have when ``partial=True``: a PMID
  is in exactly one of ``records``, ``not_found`` (the source knows it does not exist, or it
  is malformed) and ``missing`` (could not be had this time; ``reasons`` says why).
- Every other method returns what it found, or raises an
  :class:`~refgraph.errors.EutilsError`. The two that mean "part of the answer is missing"
  carry the part that is there in ``partial`` (same type as the return value) and the rest
  in ``missing``: :class:`~refgraph.errors.OfflineError` (the source works without the
  network and does not have these) and :class:`~refgraph.errors.FetchIncompleteError` (the
  network failed after every retry or the time budget ran out; ``reasons`` per item).
- Nothing is guessed: a failure is never reported as "not found".
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol

from refgraph.ids import normalize_pmid
from refgraph.model import PubmedRecord, Reference

__all__ = [
    "NOT_CACHED",
    "CitationMatch",
    "CitationQuery",
    "CitedRecords",
    "FetchResult",
    "RecordSource",
    "cited_pmids",
    "fetch_citations",
    "fetch_cited",
    "split_pmids",
]


#: The reason a source gives for a PMID it does not have while working offline.
NOT_CACHED = "offline: not in the cache or the snapshot"


def split_pmids(items: Iterable[object]) -> tuple[list[str], tuple[str, ...]]:
    """Return the normalised, de-duplicated PMIDs of ``items`` and the malformed ones.

    >>> split_pmids(["27292104", " PMID: 27292104", "0", "x"])
    (['27292104'], ('0', 'x'))
    """
    valid: dict[str, None] = {}
    malformed: dict[str, None] = {}
    for item in items:
        pmid = normalize_pmid(str(item))
        if pmid is None:
            malformed[str(item)] = None
        else:
            valid[pmid] = None
    return list(valid), tuple(malformed)


@dataclass(frozen=True)
class FetchResult:
    """What :meth:`RecordSource.fetch_records` found.

    ``records`` maps PMID -> record; ``not_found`` lists PMIDs that do not exist (NCBI has
    no such record, or the PMID is malformed and was never asked for); ``missing`` lists
    PMIDs that could not be had this time (offline and not cached, NCBI failing past the
    retry budget, a cached record unusable), each with its reason in ``reasons``.
    ``from_cache`` and ``fetched`` count where the records came from. ``deleted`` (filled by
    a source that knows, such as a local index of NLM's files) maps a PMID of ``not_found``
    that PubMed deleted to where that was said: the update file with its
    ``<DeleteCitation>``.
    """

    records: Mapping[str, PubmedRecord]
    not_found: tuple[str, ...]
    missing: tuple[str, ...]
    from_cache: int
    fetched: int
    deleted: Mapping[str, str] = field(default_factory=dict)
    reasons: Mapping[str, str] = field(default_factory=dict)


# ECitMatch's fields (a field list of the same shape as others, not logic)
@dataclass(frozen=True)
class CitationQuery:
    """One citation to resolve with ECitMatch; ``key`` identifies it in the answer."""

    key: str
    journal: str = ""
    year: str = ""
    volume: str = ""
    first_page: str = ""
    author: str = ""


@dataclass(frozen=True)
class CitationMatch:
    """ECitMatch's answer for one query: ``status`` is found, not_found or ambiguous."""

    key: str
    status: str
    pmid: str = ""
    candidates: tuple[str, ...] = ()


class RecordSource(Protocol):
    """A source of PubMed records and of the searches that find them.

    Methods are named after the E-utilities endpoints they mirror; see the module docstring
    for the contract (partial answers, ``missing``, the two exceptions).
    """

    def fetch_records(self, pmids: Iterable[str], *, partial: bool = False) -> FetchResult:
        """Return the records of ``pmids``.

        Raises (only with ``partial=False``): :class:`~refgraph.errors.OfflineError` or
        :class:`~refgraph.errors.FetchIncompleteError` when some are ``missing``.
        """
        ...

    def ecitmatch(self, queries: Sequence[CitationQuery]) -> dict[str, CitationMatch]:
        """Resolve citations to PMIDs, answers keyed by :attr:`CitationQuery.key`.

        A query the source has no answer for is left out (never reported ``not_found``).
        """
        ...

    def esearch(self, term: str, retmax: int = 100) -> tuple[str, ...]:
        """Return the PMIDs matching a PubMed query ``term``, at most ``retmax``."""
        ...

    def elink(
        self, pmids: Iterable[str], linkname: str = "pubmed_pubmed_citedin"
    ) -> dict[str, tuple[str, ...]]:
        """Return ``{pmid: linked PMIDs}`` for the link set ``linkname``; every valid PMID
        asked for is a key (an empty tuple: no links)."""
        ...

    def esummary(self, pmids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Return esummary v2.0 document summaries by PMID (unknown PMIDs left out)."""
        ...


@dataclass(frozen=True)
class CitedRecords:
    """The PubMed records of a set of citations, as far as they could be had.

    ``missing``: PMIDs whose record is not available (offline and not in the cache or
    snapshot, or NCBI failing past its retries), each with its reason in ``reasons``;
    ``not_found``: PMIDs PubMed does not have (or malformed ones, never asked for);
    ``deleted``: those of ``not_found`` a source knows PubMed deleted, with the file that
    said so (see :attr:`FetchResult.deleted`).
    """

    records: Mapping[str, PubmedRecord]
    missing: tuple[str, ...] = ()
    not_found: tuple[str, ...] = ()
    deleted: Mapping[str, str] = field(default_factory=dict)
    reasons: Mapping[str, str] = field(default_factory=dict)


def cited_pmids(refs: Iterable[Reference]) -> list[str]:
    """The normalised PMIDs of ``refs``, each once, in citation order (malformed ones left out).

    >>> cited_pmids([Reference(key="a", pmid="PMID: 0123"), Reference(key="b", pmid="123"),
    ...              Reference(key="c", pmid="x"), Reference(key="d")])
    ['123']
    """
    out: dict[str, None] = {}
    for ref in refs:
        pmid = normalize_pmid(ref.pmid) if ref.pmid else None
        if pmid:
            out[pmid] = None
    return list(out)


def fetch_cited(
    source: RecordSource,
    refs: Iterable[Reference],
    *,
    batch_size: int = 0,
    on_batch: Callable[[Sequence[str], Mapping[str, PubmedRecord]], None] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> CitedRecords:
    """Fetch the record of every PMID ``refs`` cite, once: the one record fetcher.

    PMIDs are normalised (``PMID: 0123`` is ``123``); a record that cannot be had is
    listed in :attr:`CitedRecords.missing` with its reason, never raised. With
    ``batch_size``, records are asked for in batches and ``on_batch(pmids, records so far)``
    runs after each, in order, so callers work while the next replies are awaited. A source
    with a ``concurrency`` above 1 (the E-utilities client: its requests wait for NCBI, not
    for the CPU) is asked for that many batches at once, from as many threads.
    """
    pmids = cited_pmids(refs)
    size = batch_size if batch_size > 0 else max(len(pmids), 1)
    chunks = [pmids[start : start + size] for start in range(0, len(pmids), size)]
    records: dict[str, PubmedRecord] = {}
    missing: list[str] = []
    not_found: list[str] = []
    deleted: dict[str, str] = {}
    reasons: dict[str, str] = {}
    done = 0
    for chunk, result in _fetch_batches(source, chunks):
        if progress:
            progress("fetching", done, len(pmids))
        records.update(result.records)
        missing.extend(result.missing)
        not_found.extend(result.not_found)
        deleted.update(result.deleted)
        reasons.update(result.reasons)
        done += len(chunk)
        if on_batch is not None:
            on_batch(chunk, records)
    if progress:
        progress("fetching", len(pmids), len(pmids))
    return CitedRecords(records, tuple(missing), tuple(not_found), deleted, reasons)


def _fetch_batches(
    source: RecordSource, chunks: list[list[str]]
) -> Iterator[tuple[list[str], FetchResult]]:
    """``(chunk, source.fetch_records(chunk, partial=True))`` in order, up to the source's
    ``concurrency`` at once."""
    workers = int(getattr(source, "concurrency", 1) or 1)
    if workers <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield chunk, source.fetch_records(chunk, partial=True)
        return
    with ThreadPoolExecutor(min(workers, len(chunks)), thread_name_prefix="fetch") as pool:
        pending: deque[tuple[list[str], Future[FetchResult]]] = deque()
        queue = iter(chunks)
        for chunk in islice(queue, workers):
            pending.append((chunk, pool.submit(source.fetch_records, chunk, partial=True)))
        try:
            while pending:
                chunk, future = pending.popleft()
                result = future.result()
                for following in islice(queue, 1):
                    pending.append(
                        (following, pool.submit(source.fetch_records, following, partial=True))
                    )
                yield chunk, result
        finally:
            for _, future in pending:
                future.cancel()


def fetch_citations(source: RecordSource, pmids: Sequence[str]) -> dict[str, list[str]]:
    """Return ``citing PMID -> cited PMIDs`` for ``pmids``, from both directions of eLink
    (``pubmed_pubmed_refs`` and ``pubmed_pubmed_citedin``).

    Raises what :meth:`RecordSource.elink` raises (offline: an uncached link set).
    """
    cited: dict[str, list[str]] = {}
    for citing, targets in source.elink(pmids, "pubmed_pubmed_refs").items():
        cited.setdefault(citing, []).extend(targets)
    for target, citers in source.elink(pmids, "pubmed_pubmed_citedin").items():
        for citing in citers:
            cited.setdefault(citing, []).append(target)
    return cited
