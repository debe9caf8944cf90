"""Read a local PubMed index: records and deletions by PMID, key lookups, whole tables.

:class:`PubmedIndex` opens ``INDEX/manifest.json`` once and reads only the Parquet files a
question needs: a PMID's partition (row groups pruned by the sorted ``pmid`` column), a
key's hash bucket. Records come back through :func:`refgraph.pubmed.record_json.record_from_json`,
the form the record cache keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refgraph.errors import PubmedIndexError
from refgraph.model import PubmedRecord
from refgraph.pubmed.index.layout import MANIFEST, Manifest, read_manifest, require_pyarrow
from refgraph.pubmed.index.reduce import bucket_of
from refgraph.pubmed.parse import RECORD_JSON_VERSION
from refgraph.pubmed.record_json import record_from_json

__all__ = ["IndexEntry", "PubmedIndex"]


@dataclass(frozen=True)
class IndexEntry:
    """The index's answer for one PMID: its record, or the file that deleted it."""

    pmid: str
    file: str
    record_json: str | None

    @property
    def deleted(self) -> bool:
        return self.record_json is None

    def record(self) -> PubmedRecord:
        if self.record_json is None:
            raise PubmedIndexError(f"PMID {self.pmid} was deleted by {self.file}")
        return record_from_json(self.record_json)


class PubmedIndex:
    """A built index, opened read-only.

    Raises :class:`~refgraph.errors.PubmedIndexError` when ``path`` holds no index, or one
    written by another parser version (rebuild it: ``refgraph pubmed index``).
    """

    def __init__(self, path: str | Path, *, cache_lookups: bool = False) -> None:
        require_pyarrow()
        self.path = Path(path)
        manifest = read_manifest(self.path)
        if manifest is None:
            raise PubmedIndexError(f"{self.path}: not a PubMed index (no {MANIFEST}); "
                                   "build one with `refgraph pubmed index`")  # fmt: skip
        if manifest.parser_version != RECORD_JSON_VERSION:
            raise PubmedIndexError(
                f"{self.path}: built by parser version {manifest.parser_version}, this"
                f" refgraph has {RECORD_JSON_VERSION}; rebuild it with `refgraph pubmed index`"
            )
        self.manifest: Manifest = manifest
        #: With ``cache_lookups``, each lookup bucket is read once and kept (bulk checking).
        self._buckets: dict[int, dict[tuple[str, str], list[tuple[str, str]]]] | None = (
            {} if cache_lookups else None)  # fmt: skip

    def __repr__(self) -> str:
        return f"PubmedIndex({str(self.path)!r}, last_file={self.manifest.last_file!r})"

    # -- by PMID ---------------------------------------------------------------------------

    def entries(self, pmids: Iterable[str]) -> dict[str, IndexEntry]:
        """The index's row of each PMID it knows (record or deletion); others are absent."""
        size = self.manifest.partition_size
        by_part: dict[int, list[int]] = {}
        for pmid in pmids:
            if pmid.isdecimal() and pmid.isascii():
                by_part.setdefault(int(pmid) // size, []).append(int(pmid))
        out: dict[str, IndexEntry] = {}
        for part, wanted in sorted(by_part.items()):
            table = self.partition_rows(part, wanted, ["pmid", "file", "record"])
            if table is None:
                continue
            for pmid, file, record in zip(*(table.column(c).to_pylist()
                                            for c in ("pmid", "file", "record")), strict=True):
                out[str(pmid)] = IndexEntry(str(pmid), file, record)
        return out

    def partition_rows(self, part: int, pmids: Iterable[int], columns: list[str]) -> Any:
        """``columns`` of the records-table rows of ``pmids`` (all in partition ``part``), an
        Arrow table; ``None`` when the index has no such partition.

        A partition is one row group or two, so it is read whole and filtered after, on one
        thread: the CPU time of a dataset filter, or of Arrow's reader threads, is twice as
        much (the parallelism is the workers', one task per partition).
        """
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        info = self.manifest.partitions.get(part)
        if info is None:
            return None
        table = pq.read_table(self.path / info["records_file"], columns=columns,
                              use_threads=False, memory_map=True)  # fmt: skip
        wanted = pa.array(sorted(set(pmids)), pa.int64())
        return table.filter(pc.is_in(table.column("pmid"), value_set=wanted))

    def records(self, pmids: Iterable[str]) -> dict[str, PubmedRecord]:
        """Records of the PMIDs the index holds (not deleted)."""
        return {p: e.record() for p, e in self.entries(pmids).items() if not e.deleted}

    # -- by key ----------------------------------------------------------------------------

    def lookup(self, kind: str, keys: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        """``key -> [(pmid, detail), ...]`` (ascending PMID) for each key found.

        ``kind`` is one of :data:`refgraph.pubmed.index.keys.KINDS`.
        """
        import pyarrow.parquet as pq

        buckets: dict[int, set[str]] = {}
        for key in keys:
            if key:
                buckets.setdefault(bucket_of(kind, key, self.manifest.lookup_buckets),
                                   set()).add(key)  # fmt: skip
        out: dict[str, list[tuple[str, str]]] = {}
        for bucket, wanted in sorted(buckets.items()):
            rel = self.manifest.lookup.get(bucket)
            if rel is None:
                continue
            if self._buckets is not None:
                rows = self._cached_bucket(bucket, rel)
                for key in sorted(wanted):
                    if (kind, key) in rows:
                        out[key] = list(rows[(kind, key)])
                continue
            table = pq.read_table(self.path / rel, columns=["key", "pmid", "detail"],
                                  filters=[("kind", "=", kind), ("key", "in", sorted(wanted))])
            for key, pmid, detail in zip(*(table.column(c).to_pylist()
                                           for c in ("key", "pmid", "detail")), strict=True):
                out.setdefault(key, []).append((str(pmid), detail))
        return out

    def _cached_bucket(self, bucket: int, rel: str) -> dict[tuple[str, str], list[tuple[str, str]]]:
        import pyarrow.parquet as pq

        assert self._buckets is not None
        if bucket not in self._buckets:
            table = pq.read_table(self.path / rel, columns=["kind", "key", "pmid", "detail"])
            rows: dict[tuple[str, str], list[tuple[str, str]]] = {}
            for kind, key, pmid, detail in zip(*(table.column(c).to_pylist() for c in
                                                 ("kind", "key", "pmid", "detail")), strict=True):
                rows.setdefault((kind, key), []).append((str(pmid), detail))
            self._buckets[bucket] = rows
        return self._buckets[bucket]

    # -- whole tables (tests, bulk work) ---------------------------------------------------

    def partition_files(self) -> Iterator[tuple[int, Path]]:
        """``(partition, records file)`` in partition order."""
        for part, info in sorted(self.manifest.partitions.items()):
            yield part, self.path / info["records_file"]

    def table(self, name: str) -> Any:
        """The whole ``records``, ``keys`` or ``lookup`` table as one sorted Arrow table."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if name == "lookup":
            paths = [self.path / p for _, p in sorted(self.manifest.lookup.items())]
            sort = ["kind", "key", "pmid", "detail"]
        else:
            column = {"records": "records_file", "keys": "keys_file"}[name]
            paths = [self.path / info[column] for _, info in sorted(
                self.manifest.partitions.items())]  # fmt: skip
            sort = ["pmid"] if name == "records" else ["kind", "key", "pmid", "detail"]
        tables = [pq.read_table(p) for p in paths]
        if not tables:
            return pa.table({})
        table = pa.concat_tables(tables)
        if "bucket" in table.column_names:
            table = table.drop_columns(["bucket"])
        return table.sort_by([(c, "ascending") for c in sort])
