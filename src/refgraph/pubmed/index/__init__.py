"""A local PubMed index: the baseline and update files as Parquet tables (``refgraph[pubmed]``).

- :func:`build_index` / :func:`update_index` (:mod:`.build`): map each file, reduce each PMID
  partition, merge the lookup tables, on any :mod:`concurrent.futures` executor
  (:func:`open_executor`: serial, a process pool, a Dask ``LocalCluster`` or scheduler).
- :class:`PubmedIndex` (:mod:`.source`): read records, deletions and lookups back.
"""

from __future__ import annotations

from refgraph.pubmed.index.build import IndexReport, build_index, update_index
from refgraph.pubmed.index.engine import EngineInfo, SerialExecutor, open_executor

__all__ = [
    "EngineInfo",
    "IndexReport",
    "SerialExecutor",
    "build_index",
    "open_executor",
    "update_index",
]
