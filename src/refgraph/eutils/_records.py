"""The records a fetch returns: a lazy PMID -> :class:`PubmedRecord` map over the cache.

A record is made from its cached JSON form when the cache holds one written by the current
parser (fast path), else parsed from its raw XML; the JSON of records parsed from XML is
written back to the cache in batches, so the next run takes the fast path. Raw XML stays
the source of truth.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from refgraph.cache import RecordCache
from refgraph.errors import EutilsResponseError, StoreError
from refgraph.model import PubmedRecord

__all__ = ["RecordMap"]

log = logging.getLogger("refgraph.eutils")

_FLUSH_EVERY = 1000  # parsed records written back to the cache per transaction


class _ParsedWriter:
    """Parsed records' JSON waiting to be written to the cache, written in batches.

    One per client: maps add to it, and it writes every ``_FLUSH_EVERY`` records, when a
    map has parsed all its records, and when the client closes. The JSON is only a
    speed-up: a cache that cannot take it (closed, read-only, locked for too long) is
    logged and skipped, never an error.
    """

    def __init__(self, cache: RecordCache) -> None:
        self._cache = cache
        self._pending: list[tuple[str, float, str]] = []
        self._lock = threading.Lock()

    def add(self, items: list[tuple[str, float, str]], *, flush: bool = False) -> None:
        with self._lock:
            self._pending.extend(items)
            full = len(self._pending) >= _FLUSH_EVERY
        if flush or full:
            self.flush()

    def flush(self) -> int:
        """Write what is pending; return how many cache rows took it."""
        from refgraph.pubmed.parse import RECORD_JSON_VERSION

        with self._lock:
            pending, self._pending = self._pending, []
        if not pending:
            return 0
        try:
            return self._cache.put_parsed(pending, RECORD_JSON_VERSION)
        except StoreError as exc:
            log.debug("parsed records not cached: %s", exc)
            return 0


class RecordMap(Mapping[str, PubmedRecord]):
    """Records by PMID, made into :class:`PubmedRecord` on first access.

    A record comes from its cached JSON form when the cache holds one written by this
    parser version (fast path), else from its raw XML; the JSON of records parsed from XML
    is written back to the cache through the client's :class:`_ParsedWriter`, so the next
    run takes the fast path. A damaged JSON value is ignored and derived again from the XML.
    """

    def __init__(
        self,
        raw: dict[str, bytes | None],
        parsed_json: dict[str, str],
        stamps: dict[str, float],
        cache: RecordCache | None,
        writer: _ParsedWriter | None,
    ) -> None:
        self._raw = raw  # None: not read from the cache (its JSON was there)
        self._json = parsed_json
        self._stamps = stamps  # fetched_at of each cached row, guards the JSON write-back
        self._cache = cache
        self._writer = writer
        self._parsed: dict[str, PubmedRecord] = {}
        self._lock = threading.RLock()

    def raw(self, pmid: str) -> bytes:
        """Return the raw ``PubmedArticle`` XML of one record."""
        with self._lock:
            if self._raw[pmid] is None:  # loaded as JSON only: read the XML now
                self._load_raw([pmid])
            return self._raw[pmid] or b""

    def _load_raw(self, pmids: list[str]) -> None:
        """Read the raw XML of records that were loaded as JSON only."""
        rows = self._cache.get_many(pmids) if self._cache is not None else {}
        for pmid in pmids:
            if pmid not in rows:
                raise EutilsResponseError(f"PMID {pmid}: its record left the cache meanwhile")
            xml, fetched_at = rows[pmid]
            self._raw[pmid] = xml
            self._stamps[pmid] = fetched_at

    def _parse(self, pmids: Sequence[str]) -> None:
        from refgraph.pubmed.parse import parse_pubmed_xml, wrap_articles
        from refgraph.pubmed.record_json import record_from_json, record_to_json

        with self._lock, _gc_paused() if len(pmids) > 100 else contextlib.nullcontext():
            todo: list[str] = []
            for pmid in pmids:
                if pmid in self._parsed:
                    continue
                text = self._json.pop(pmid, None)
                if text is not None:
                    try:
                        record = record_from_json(text)
                    except ValueError as exc:
                        log.debug("PMID %s: cached parsed record ignored: %s", pmid, exc)
                    else:
                        if record.pmid == pmid:
                            self._parsed[pmid] = record
                            continue
                todo.append(pmid)
            if not todo:
                return
            unread = [p for p in todo if self._raw[p] is None]
            if unread:
                self._load_raw(unread)
            xml = wrap_articles([self._raw[p] or b"" for p in todo])
            by_pmid = {r.pmid: r for r in parse_pubmed_xml(xml, source="cache")}
            for pmid in todo:
                if pmid not in by_pmid:
                    raise EutilsResponseError(f"PMID {pmid}: its cached record could not be parsed")
                self._parsed[pmid] = by_pmid[pmid]
            if self._writer is not None:
                stamps = self._stamps
                self._writer.add(
                    [(p, stamps[p], record_to_json(by_pmid[p])) for p in todo if p in stamps],
                    flush=len(self._parsed) == len(self._raw),
                )

    def __getitem__(self, pmid: str) -> PubmedRecord:
        if pmid not in self._raw:
            raise KeyError(pmid)
        record = self._parsed.get(pmid)
        if record is None:
            self._parse([pmid])
            record = self._parsed[pmid]
        return record

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, pmid: object) -> bool:
        return pmid in self._raw

    def parse_all(self) -> dict[str, PubmedRecord]:
        """Parse every record in one pass (faster than one at a time); return them all."""
        self._parse(list(self._raw))
        return {p: self._parsed[p] for p in self._raw}

    def values(self) -> Any:
        return self.parse_all().values()

    def items(self) -> Any:
        return self.parse_all().items()

    def __repr__(self) -> str:
        return f"<records: {len(self._raw)}>"


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small, acyclic records are built.

    Building 10,000 records triggers dozens of collections that find nothing to free
    (about a quarter of the time of a cached run); the previous state is restored after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
