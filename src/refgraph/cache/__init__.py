"""The record cache: an SQLite file of PubMed records and E-utilities replies.

- :mod:`refgraph.cache.sqlite`: the file and its faults told apart (corrupt: set aside and
  rebuilt; locked, read-only, full: :class:`~refgraph.errors.CacheError`, file untouched).
- :mod:`refgraph.cache.db`: rows of bytes and text (records and replies), no parsing.
- :mod:`refgraph.cache.records`: rows <-> records through the PubMed codec; snapshot import;
  :class:`RecordCache`, the cache as callers open it.
- :mod:`refgraph.cache.keys`: the keys and payloads of cached replies.
- :mod:`refgraph.cache.source`: :class:`CachedSource`, the cache as a record source.
"""

from __future__ import annotations

from refgraph.cache.db import PRIVATE_PARAMS, CachedRow
from refgraph.cache.keys import request_key
from refgraph.cache.records import RecordCache, import_snapshot, load_records, store_articles
from refgraph.cache.source import CachedSource
from refgraph.cache.sqlite import fault_kind

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
