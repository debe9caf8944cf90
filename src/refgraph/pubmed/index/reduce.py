"""The reduce steps: one PMID partition, then one lookup hash bucket (pure Arrow work).

:func:`reduce_partition` gathers a partition's staged events (and, on an update, the rows
the index already holds for it), keeps the **last event per PMID** in ``(seq, pos)`` order
(file order, then position in the file), so a deletion removes a record, a later record
re-adds it, and of a PMID twice in one file the later copy wins. Deleted PMIDs stay as rows
with ``op = 0`` and the file that deleted them. Key rows survive only for the winning
events. :func:`reduce_bucket` merges the key rows of one hash bucket from every partition.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refgraph.pubmed.index.columns import COLUMNS

__all__ = ["PartResult", "bucket_of", "reduce_bucket", "reduce_partition"]

_EVENT_COLUMNS = ("pmid", "seq", "pos", "op", "record", *COLUMNS)
_KEY_COLUMNS = ("kind", "key", "detail", "pmid", "seq", "pos")
_ROW_GROUP = 65536


def bucket_of(kind: str, key: str, buckets: int) -> int:
    """The lookup bucket of a key: a CRC-32 of ``kind`` and ``key`` (stable everywhere)."""
    return zlib.crc32(f"{kind}\t{key}".encode()) % buckets


@dataclass
class PartResult:
    """What reducing one partition wrote."""

    part: int
    records_path: str
    keys_path: str
    records: int
    deleted: int


def _read(paths: list[str], columns: tuple[str, ...]) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables = [pq.read_table(p, columns=list(columns)) for p in paths]
    return pa.concat_tables(tables) if tables else None


def _last_per_pmid(events: Any) -> Any:
    """The last event of each PMID, sorted by PMID. The order is worked out on the three
    small key columns; the table (record JSON: most of the bytes) is copied once, by one
    ``take`` of the winning rows, which keeps a reduce task's memory near twice its input."""
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = events.select(["pmid", "seq", "pos"])
    order = pc.sort_indices(
        keys, sort_keys=[("pmid", "ascending"), ("seq", "descending"), ("pos", "descending")]
    )
    if len(order) == 0:
        return events
    pmids = keys.column("pmid").take(order).combine_chunks()
    first = pc.not_equal(pmids.slice(1), pmids.slice(0, len(pmids) - 1))
    keep = pa.concat_arrays([pa.array([True]), first])
    return events.take(order.filter(keep))


def reduce_partition(
    part: int,
    staged: list[tuple[str, str]],
    old: tuple[str, str] | None,
    file_names: dict[int, str],
    out_dir: str,
    generation: int,
    buckets: int,
) -> PartResult:
    """Reduce one partition to its sorted records table and its key rows (see module doc).

    ``staged`` lists ``(events, keys)`` Parquet paths from the map step; ``old`` the
    partition's current ``(records, keys)`` files on an update. ``file_names`` maps ``seq``
    to the input file's name, written beside each row.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    event_paths = [e for e, _ in staged] + ([old[0]] if old else [])
    key_paths = [k for _, k in staged] + ([old[1]] if old else [])
    winners = _last_per_pmid(_read(event_paths, _EVENT_COLUMNS))
    names = [file_names[s] for s in winners.column("seq").to_pylist()]
    records = winners.append_column("file", pa.array(names, pa.string()))
    out = Path(out_dir)
    records_path = out / "records" / f"part-{part:06d}.g{generation:04d}.parquet"
    keys_path = out / "keys" / f"part-{part:06d}.g{generation:04d}.parquet"
    pq.write_table(records, records_path, compression="zstd", row_group_size=_ROW_GROUP)
    live = winners.filter(pc.equal(winners.column("op"), 1)).select(["pmid", "seq", "pos"])
    keys = _read(key_paths, _KEY_COLUMNS).join(live, ["pmid", "seq", "pos"], join_type="inner")
    kinds, values = keys.column("kind").to_pylist(), keys.column("key").to_pylist()
    bucket = [bucket_of(k, v, buckets) for k, v in zip(kinds, values, strict=True)]
    keys = keys.append_column("bucket", pa.array(bucket, pa.int32()))
    keys = keys.select(["bucket", *_KEY_COLUMNS]).sort_by(
        [("bucket", "ascending"), ("kind", "ascending"), ("key", "ascending"),
         ("pmid", "ascending"), ("detail", "ascending")]
    )  # fmt: skip
    pq.write_table(keys, keys_path, compression="zstd", row_group_size=_ROW_GROUP // 4)
    deleted = len(records) - len(live)
    return PartResult(part, str(records_path), str(keys_path), len(live), deleted)


def reduce_bucket(
    bucket: int,
    key_parts: list[str],
    old: str | None,
    touched: list[int],
    partition_size: int,
    out_dir: str,
    generation: int,
) -> str | None:
    """Merge one lookup bucket; return its new path (``None`` when it holds no rows).

    ``key_parts`` are the key files of the partitions rewritten by this run; ``old`` is the
    bucket's current file, whose rows of ``touched`` partitions are dropped (they come back,
    as they are now, from ``key_parts``).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    columns = ["kind", "key", "detail", "pmid"]
    tables = [pq.read_table(p, columns=columns, filters=[("bucket", "=", bucket)])
              for p in key_parts]  # fmt: skip
    if old:
        kept = pq.read_table(old, columns=columns)
        parts = pc.divide(kept.column("pmid"), partition_size)
        drop = pc.is_in(parts, value_set=pa.array(touched, pa.int64()))
        tables.append(kept.filter(pc.invert(drop)))
    table = pa.concat_tables(tables) if tables else None
    if table is None or len(table) == 0:
        return None
    table = table.sort_by(
        [("kind", "ascending"), ("key", "ascending"), ("pmid", "ascending"),
         ("detail", "ascending")]
    )  # fmt: skip
    path = Path(out_dir) / "lookup" / f"bucket-{bucket:04d}.g{generation:04d}.parquet"
    pq.write_table(table, path, compression="zstd", row_group_size=_ROW_GROUP // 4)
    return str(path)
