"""The index as a :class:`~refgraph.pubmed.source.RecordSource`, with E-utilities behind it.

:class:`IndexSource` answers what it can from a :class:`~.store.PubmedIndex` and hands the
rest to a fallback source (the E-utilities client, with its cache):

- ``fetch_records``: records from the index; a PMID the index has **deleted** is not found
  and named in :attr:`FetchResult.deleted <refgraph.pubmed.source.FetchResult.deleted>` with
  the update file that deleted it; a PMID the index does not hold (publisher-supplied and
  Bookshelf records are not in NLM's files) goes to the fallback, which fetches it online or
  from its cache; offline and uncached it is ``missing`` (``partial=True``) -- the caller
  reports it as ``unchecked``, never ``not_found``.
- ``ecitmatch``: the citation-match join (:func:`~.keys.citation_key`), ECitMatch's answer
  shapes (found, ambiguous with candidates, not_found); citations the index cannot place go
  to the fallback when it is online.
- ``esearch``: ``NNN[si]`` from the trial table, ``NNN[pmid]`` from the records, anything
  else as a title from the folded title keys; newest (highest PMID) first, like PubMed;
  nothing found and online: the fallback.
- ``elink``: ``pubmed_pubmed_refs`` from the records' reference lists; other link names from
  the fallback. ``esummary``: the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from refgraph.errors import OfflineError
from refgraph.ids import normalize_pmid
from refgraph.model import PubmedRecord
from refgraph.pubmed.index.keys import citation_key, title_key
from refgraph.pubmed.index.store import PubmedIndex
from refgraph.pubmed.source import CitationMatch, CitationQuery, FetchResult, RecordSource

if TYPE_CHECKING:
    from refgraph.config import Settings

__all__ = ["IndexSource", "open_record_source"]

_FIELD_TERM = re.compile(r"^\s*\"?([^\"\[\]]+?)\"?\s*\[(si|pmid|uid)\]\s*$", re.IGNORECASE)


class IndexSource:
    """A :class:`RecordSource` over a local index, falling back to ``fallback``."""

    #: Local reads are cheap: check fetches in large batches.
    batch_size = 10_000

    def __init__(self, index: PubmedIndex, fallback: RecordSource | None = None) -> None:
        self.index = index
        self.fallback = fallback

    def __repr__(self) -> str:
        return f"IndexSource({self.index!r}, fallback={self.fallback!r})"

    @property
    def online(self) -> bool:
        return self.fallback is not None and not getattr(self.fallback, "offline", False)

    @property
    def request_count(self) -> int:
        return int(getattr(self.fallback, "request_count", 0))

    def fetch_records(self, pmids: Iterable[str], *, partial: bool = False) -> FetchResult:
        wanted: dict[str, None] = {}
        bad: list[str] = []
        for item in pmids:
            pmid = normalize_pmid(str(item))
            if pmid is None:
                bad.append(str(item))
            else:
                wanted[pmid] = None
        entries = self.index.entries(wanted)
        records: dict[str, PubmedRecord] = {}
        deleted: dict[str, str] = {}
        for pmid, entry in entries.items():
            if entry.deleted:
                deleted[pmid] = entry.file
            else:
                records[pmid] = entry.record()
        absent = [p for p in wanted if p not in entries]
        not_found = [*bad, *deleted]
        missing: list[str] = []
        reasons: Mapping[str, str] = {}
        from_cache = fetched = 0
        if absent and self.fallback is not None:
            more = self.fallback.fetch_records(absent, partial=partial)
            records.update(more.records.items())
            not_found += more.not_found
            missing += more.missing
            reasons = more.reasons
            from_cache, fetched = more.from_cache, more.fetched
        elif absent and not partial:
            raise OfflineError(absent)
        else:
            missing += absent
        ordered = {p: records[p] for p in wanted if p in records}
        return FetchResult(ordered, tuple(dict.fromkeys(not_found)), tuple(missing),
                           from_cache + len(entries) - len(deleted), fetched,
                           deleted=deleted, reasons=reasons)  # fmt: skip

    def ecitmatch(self, queries: Sequence[CitationQuery]) -> dict[str, CitationMatch]:
        keys = {q.key: citation_key(q.journal, q.year, q.volume, q.first_page) for q in queries}
        hits = self.index.lookup("cit", keys.values())
        out: dict[str, CitationMatch] = {}
        unplaced: list[CitationQuery] = []
        for query in queries:
            pmids = sorted({p for p, _ in hits.get(keys[query.key], [])}, key=int, reverse=True)
            if len(pmids) == 1:
                out[query.key] = CitationMatch(query.key, "found", pmids[0])
            elif pmids:
                out[query.key] = CitationMatch(query.key, "ambiguous", "", tuple(pmids))
            else:
                unplaced.append(query)
        if unplaced and self.online and self.fallback is not None:
            out.update(self.fallback.ecitmatch(unplaced))
        for query in unplaced:
            out.setdefault(query.key, CitationMatch(query.key, "not_found"))
        return {q.key: out[q.key] for q in queries}

    def esearch(self, term: str, retmax: int = 100) -> tuple[str, ...]:
        found: set[str] = set()
        field = _FIELD_TERM.match(term)
        if field and field.group(2).lower() == "si":
            number = field.group(1).strip().upper()
            found = {p for p, _ in self.index.lookup("trial", [number]).get(number, [])}
        elif field:
            pmid = field.group(1).strip()
            found = {p for p, e in self.index.entries([pmid]).items() if not e.deleted}
        else:
            key = title_key(term)
            found = {p for p, _ in self.index.lookup("title", [key]).get(key, [])} if key else set()
        if not found and self.online and self.fallback is not None:
            return self.fallback.esearch(term, retmax)
        return tuple(sorted(found, key=int, reverse=True)[:retmax])

    def elink(
        self, pmids: Iterable[str], linkname: str = "pubmed_pubmed_citedin"
    ) -> dict[str, tuple[str, ...]]:
        wanted = [p for p in pmids if normalize_pmid(p)]
        if linkname == "pubmed_pubmed_refs":
            records = self.index.records(wanted)
            local = {p: records[p].references for p in wanted if p in records}
            rest = [p for p in wanted if p not in local]
            if rest and self.fallback is not None:
                local.update(self.fallback.elink(rest, linkname))
            return {p: local.get(p, ()) for p in wanted}
        if self.fallback is None:
            raise OfflineError(wanted)
        return self.fallback.elink(wanted, linkname)

    def esummary(self, pmids: Iterable[str]) -> dict[str, dict[str, Any]]:
        if self.fallback is None:
            raise OfflineError(list(pmids))
        return self.fallback.esummary(pmids)


@contextmanager
def open_record_source(settings: Settings) -> Iterator[Any]:
    """The record source ``settings`` ask for: the E-utilities client (with its cache), or,
    with ``settings.pubmed_index``, an :class:`IndexSource` in front of it. Closed on exit."""
    from refgraph.eutils.client import EutilsClient

    with EutilsClient.from_settings(settings) as client:
        if settings.pubmed_index is None:
            yield client
        else:
            yield IndexSource(PubmedIndex(settings.pubmed_index), client)
