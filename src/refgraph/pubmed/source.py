"""Where PubMed records come from: the :class:`RecordSource` protocol and its value types.

The E-utilities client (:class:`refgraph.eutils.client.EutilsClient`), the record cache and
a local PubMed index all implement :class:`RecordSource`; the check, enrich, graph and
discover orchestration is typed against it, never against one implementation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from refgraph.model import PubmedRecord

__all__ = ["CitationMatch", "CitationQuery", "FetchResult", "RecordSource"]


@dataclass(frozen=True)
class FetchResult:
    """What :meth:`RecordSource.fetch_records` found.

    ``records`` maps PMID -> record (parsed on first access); ``not_found`` lists PMIDs
    NCBI does not have (or malformed ones, never sent); ``missing`` lists PMIDs that could
    not be fetched (only with ``partial=True``).
    """

    records: Mapping[str, PubmedRecord]
    not_found: tuple[str, ...]
    missing: tuple[str, ...]
    from_cache: int
    fetched: int


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
