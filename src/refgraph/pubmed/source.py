"""Where PubMed records come from: the :class:`RecordSource` protocol and its value types.

The E-utilities client (:class:`refgraph.eutils.client.EutilsClient`), the record cache and
a local PubMed index all implement :class:`RecordSource`; the check, enrich, graph and
discover orchestration is typed against it, never against one implementation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from refgraph.ids import normalize_pmid
from refgraph.model import PubmedRecord, Reference

__all__ = [
    "CitationMatch",
    "CitationQuery",
    "CitedRecords",
    "FetchResult",
    "RecordSource",
    "cited_pmids",
    "fetch_citations",
    "fetch_cited",
]


@dataclass(frozen=True)
class FetchResult:
    """What :meth:`RecordSource.fetch_records` found.

    ``records`` maps PMID -> record (parsed on first access); ``not_found`` lists PMIDs
    NCBI does not have (or malformed ones, never sent); ``missing`` lists PMIDs that could
    not be fetched (only with ``partial=True``). ``deleted`` (filled by a source that knows,
    such as a local index of NLM's files) maps a PMID of ``not_found`` that PubMed deleted
    to where that was said: the update file with its ``<DeleteCitation>``.
    """

    records: Mapping[str, PubmedRecord]
    not_found: tuple[str, ...]
    missing: tuple[str, ...]
    from_cache: int
    fetched: int
    deleted: Mapping[str, str] = field(default_factory=dict)


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

    Methods are named after the E-utilities endpoints they mirror. A source that cannot
    answer without the network while offline raises :class:`~refgraph.errors.OfflineError`.
    """

    def fetch_records(self, pmids: Iterable[str], *, partial: bool = False) -> FetchResult:
        """Return the records of ``pmids`` (``partial``: missing ones listed, not raised)."""
        ...

    def ecitmatch(self, queries: Sequence[CitationQuery]) -> dict[str, CitationMatch]:
        """Resolve citations to PMIDs, answers keyed by :attr:`CitationQuery.key`."""
        ...

    def esearch(self, term: str, retmax: int = 100) -> tuple[str, ...]:
        """Return the PMIDs matching a PubMed query ``term``, at most ``retmax``."""
        ...

    def elink(
        self, pmids: Iterable[str], linkname: str = "pubmed_pubmed_citedin"
    ) -> dict[str, tuple[str, ...]]:
        """Return ``{pmid: linked PMIDs}`` for the link set ``linkname``."""
        ...

    def esummary(self, pmids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Return esummary v2.0 document summaries by PMID."""
        ...


@dataclass(frozen=True)
class CitedRecords:
    """The PubMed records of a set of citations, as far as they could be had.

    ``missing``: PMIDs whose record is not available (offline and not in the cache or
    snapshot, or NCBI failing past its retries); ``not_found``: PMIDs PubMed does not have
    (or malformed ones, never asked for); ``deleted``: those of ``not_found`` a source knows
    PubMed deleted, with the file that said so (see :attr:`FetchResult.deleted`).
    """

    records: Mapping[str, PubmedRecord]
    missing: tuple[str, ...] = ()
    not_found: tuple[str, ...] = ()
    deleted: Mapping[str, str] = field(default_factory=dict)


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
    listed in :attr:`CitedRecords.missing`, never raised. With ``batch_size``, records are
    asked for in batches and ``on_batch(pmids, records so far)`` runs after each, so callers
    can work while the rate limiter makes the next request wait.
    """
    pmids = cited_pmids(refs)
    size = batch_size if batch_size > 0 else max(len(pmids), 1)
    records: dict[str, PubmedRecord] = {}
    missing: list[str] = []
    not_found: list[str] = []
    deleted: dict[str, str] = {}
    for start in range(0, len(pmids), size):
        if progress:
            progress("fetching", start, len(pmids))
        chunk = pmids[start : start + size]
        result = source.fetch_records(chunk, partial=True)
        records.update(result.records.items())
        missing.extend(result.missing)
        not_found.extend(result.not_found)
        deleted.update(result.deleted)
        if on_batch is not None:
            on_batch(chunk, records)
    if progress:
        progress("fetching", len(pmids), len(pmids))
    return CitedRecords(records, tuple(missing), tuple(not_found), deleted)


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
