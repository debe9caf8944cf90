"""The record cache: an SQLite file of PubMed records and E-utilities replies.

- :mod:`refgraph.cache.db`: :class:`RecordCache`, the file itself (rows of bytes and text)
  and its faults told apart (corrupt: set aside and rebuilt; locked, read-only, full:
  :class:`~refgraph.errors.CacheError`, file untouched).
- :mod:`refgraph.cache.records`: rows <-> records through the PubMed codec; snapshot import.
- :mod:`refgraph.cache.keys`: the keys and payloads of cached replies.
- :mod:`refgraph.cache.source`: :class:`CachedSource`, the cache as a record source.
"""

from __future__ import annotations

from refgraph.cache.db import PRIVATE_PARAMS, CachedRow, RecordCache, fault_kind
from refgraph.cache.keys import request_key
from refgraph.cache.records import import_snapshot, load_records, store_articles
from refgraph.cache.source import CachedSource

__all__ = [
    "PRIVATE_PARAMS",
    "CachedRow",
    "CachedSource",
    "RecordCache",
    "fault_kind",
    "import_snapshot",
    "load_records",
    "request_key",
    "store_articles",
]
