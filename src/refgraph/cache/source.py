"""The record cache as a :class:`~refgraph.pubmed.source.RecordSource`: no network at all.

:class:`CachedSource` answers from the cache alone and raises one
:class:`~refgraph.errors.OfflineError` (with the part it does have in ``partial``) for what
is not there. The E-utilities client uses it for its cache lookups, and as the whole source
when it runs offline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from refgraph.cache import keys
from refgraph.cache.records import RecordCache, load_records
from refgraph.errors import OfflineError
from refgraph.pubmed.source import (
    NOT_CACHED,
    CitationMatch,
    CitationQuery,
    FetchResult,
    split_pmids,
)

__all__ = ["NOT_CACHED", "CachedSource"]

T = TypeVar("T")


class CachedSource:
    """A :class:`~refgraph.pubmed.source.RecordSource` over a :class:`RecordCache`.

    ``max_age_days`` hides older entries (None: any age, as offline runs use).

    Example:
        >>> import tempfile, pathlib
        >>> source = CachedSource(RecordCache(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite"))
        >>> source.fetch_records(["1", "x"], partial=True).missing
        ('1',)
    """

    def __init__(self, cache: RecordCache, *, max_age_days: float | None = None) -> None:
        self.cache = cache
        self.max_age_days = max_age_days

    def fetch_records(self, pmids: Iterable[str], *, partial: bool = False) -> FetchResult:
        """Return the cached records of ``pmids`` (see the protocol)."""
        wanted, malformed = split_pmids(pmids)
        found = load_records(self.cache, wanted, self.max_age_days)
        missing = tuple(p for p in wanted if p not in found.records)
        result = FetchResult(
            records={p: found.records[p] for p in wanted if p in found.records},
            not_found=malformed,
            missing=missing,
            from_cache=len(found.records),
            fetched=0,
            reasons={p: found.unusable.get(p, NOT_CACHED) for p in missing},
        )
        if missing and not partial:
            raise OfflineError(missing, partial=result)
        return result

    def _replies(
        self, items: Sequence[tuple[str, str]], decode: Callable[[str, bytes], T], what: str
    ) -> dict[str, T]:
        """``{name: decoded reply}`` for ``(name, cache key)`` items; OfflineError for the rest."""
        out: dict[str, T] = {}
        for name, key in items:
            body = self.cache.get_reply(key, self.max_age_days)
            if body is None:
                continue
            try:
                out[name] = decode(name, body)
            except (ValueError, TypeError, KeyError):
                continue  # an unreadable entry is as good as none
        missing = [name for name, _ in items if name not in out]
        if missing:
            raise OfflineError(missing, what=what, partial=out)
        return out

    def esummary(self, pmids: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted, _ = split_pmids(pmids)
        items = [(p, keys.esummary_key(p)) for p in wanted]
        return self._replies(items, _json_object, "summaries")

    def elink(
        self, pmids: Iterable[str], linkname: str = "pubmed_pubmed_citedin"
    ) -> dict[str, tuple[str, ...]]:
        wanted, _ = split_pmids(pmids)
        items = [(p, keys.elink_key(p, linkname)) for p in wanted]
        return self._replies(items, _json_ids, "link sets")

    def ecitmatch(self, queries: Sequence[CitationQuery]) -> dict[str, CitationMatch]:
        items = [(q.key, keys.ecitmatch_key(q)) for q in queries]
        return self._replies(items, keys.decode_citation, "citation(s)")

    def esearch(self, term: str, retmax: int = 100) -> tuple[str, ...]:
        found = self._replies([(term, keys.esearch_key(term, retmax))], _json_ids, "search(es)")
        return found[term]


def _json_object(_: str, body: bytes) -> dict[str, Any]:
    value = json.loads(body)
    if not isinstance(value, dict):
        raise ValueError("not an object")
    return value


def _json_ids(_: str, body: bytes) -> tuple[str, ...]:
    value = json.loads(body)
    if not isinstance(value, list):
        raise ValueError("not a list")
    return tuple(str(v) for v in value)
