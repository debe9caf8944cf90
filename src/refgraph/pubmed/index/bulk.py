"""Bulk checking: thousands of documents against a local index, one report per document.

``refgraph check DIR --index INDEX --per-document -o RESULTS/`` runs :func:`check_documents`,
in three rounds of tasks on one executor (serial, process pool or Dask, as for the index):

1. **parse** the documents in shards (:data:`SHARD` documents a task), keeping each
   document's references (pickled) and the shard's citation columns (Arrow,
   :func:`~.precheck.citation_table`);
2. **join by PMID partition**: one task per partition the citations touch reads that
   partition's rows for exactly the cited PMIDs, with the check columns
   (:mod:`~.columns`) and each record's status (:func:`~.precheck.record_status`); PMIDs the
   index lacks are fetched once, by this process, from the fallback source (E-utilities with
   its cache, at NCBI's rate);
3. **check** each shard: the citations that agree exactly with their records are decided in
   Arrow (:func:`~.precheck.decide`: ``ok``, or ``retracted`` with the record's notes); the
   others go, document by document, through :func:`refgraph.check.run.check_references` over
   an :class:`~.source.IndexSource` preloaded with the joined rows (records made of the check
   columns, :func:`~.columns.brief_record`: the record JSON is not read); suggestions come from
   key joins (citation-match, then title keys) on lookup buckets each worker reads once.

Each document's report goes to ``RESULTS/<name>.check.json`` (what ``check --json`` prints
for it alone); ``RESULTS/summary.json`` adds them up. Citations the index cannot place are
not searched online (a million ECitMatch requests is what the index is for avoiding).
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import operator
import os
import pickle
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refgraph.files import atomic_write
from refgraph.model import PubmedRecord
from refgraph.pubmed.index.engine import SerialExecutor, gather
from refgraph.pubmed.index.store import PubmedIndex
from refgraph.pubmed.source import FetchResult, RecordSource

__all__ = ["SHARD", "BulkReport", "check_documents"]

#: Documents parsed and checked per task.
SHARD = 64


@dataclass
class BulkReport:
    """What :func:`check_documents` wrote: per-document summaries and the totals."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    problems: int = 0
    #: CPU seconds the tasks spent reading the documents (the rest is the join and check)
    parse_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        bad = ("mismatch", "not_found", "retracted", "unchecked")
        return not any(self.counts[v] for v in bad)

    def summary_line(self) -> str:
        total = sum(self.counts.values())
        parts = ", ".join(f"{n} {v}" for v, n in sorted(self.counts.items()))
        return f"{len(self.documents)} document(s), {total} references: {parts or 'none'}"


@functools.cache
def _field_names(cls: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _rebuild(cls: type, values: tuple[Any, ...]) -> Any:
    """Unpickle a frozen slotted dataclass: what its generated ``__setstate__`` does, with the
    field names looked up once per class instead of once per object."""
    obj: Any = object.__new__(cls)
    for name, value in zip(_field_names(cls), values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


@functools.cache
def _reducer(cls: Any) -> tuple[Callable[[Any], Any], bool]:
    """``(field values getter, rebuilt by calling the class)`` of a frozen slotted dataclass:
    its generated ``__init__`` when every field is an ``__init__`` argument and nothing runs
    after it, else :func:`_rebuild`."""
    names = _field_names(cls)
    get = operator.attrgetter(*names)
    values = get if len(names) > 1 else (lambda obj: (get(obj),))
    direct = all(f.init for f in dataclasses.fields(cls)) and not hasattr(cls, "__post_init__")
    return values, direct


class _Pickler(pickle.Pickler):
    """Pickles the model's frozen slotted dataclasses as ``(class, field values)``; the
    dataclass default (``__getstate__``/``__setstate__`` calling ``dataclasses.fields`` per
    object) was a fifth of the bulk check's CPU, in passing parsed documents between tasks."""

    def reducer_override(self, obj: Any) -> Any:
        cls: Any = type(obj)
        params = getattr(cls, "__dataclass_params__", None)
        if params is None or not params.frozen or "__slots__" not in cls.__dict__:
            return NotImplemented
        values, direct = _reducer(cls)
        return (cls, values(obj)) if direct else (_rebuild, (cls, values(obj)))


def _dumps(obj: Any) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return out.getvalue()


def _write_arrow(table: Any, path: str) -> None:
    import pyarrow as pa

    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read_arrow(path: str) -> Any:
    import pyarrow as pa

    with pa.memory_map(path) as source:
        return pa.ipc.open_file(source).read_all()


def _parse_shard(docs: list[tuple[str, str]], fmt: str | None, out: str,
                 partition_size: int) -> tuple[dict[int, list[int]], float]:  # fmt: skip
    """Parse ``docs``; write ``out.pkl`` (each document's references, pickled apart) and
    ``out.arrow`` (the citation columns); return the cited PMIDs by partition and the CPU
    seconds the parsing took."""
    import time

    import pyarrow.compute as pc

    from refgraph.pubmed.index.precheck import citation_table
    from refgraph.sources import load

    shard = []
    documents = []
    parse_seconds = 0.0
    for path, name in docs:
        started = time.process_time()
        parsed = load(path, fmt)
        parse_seconds += time.process_time() - started
        documents.append(parsed.references)
        shard.append((path, name, len(parsed.problems), len(parsed.references),
                      _dumps(parsed.references)))
    citations = citation_table(documents)
    Path(out + ".pkl").write_bytes(pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL))
    _write_arrow(citations, out + ".arrow")
    parts: dict[int, list[int]] = {}
    for pmid in pc.unique(citations.column("pmid").drop_null()).to_pylist():
        parts.setdefault(pmid // partition_size, []).append(pmid)
    return parts, parse_seconds


def _join_partition(index: str, part: int, pmids: list[int], out: str) -> list[int]:
    """Write the index rows of ``pmids`` (one partition) with their check columns and
    status to ``out``; return the PMIDs the index lacks."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from refgraph.pubmed.index.columns import COLUMNS
    from refgraph.pubmed.index.precheck import record_status

    rows = PubmedIndex(index).partition_rows(part, pmids, ["pmid", "file", "op", *COLUMNS])
    if rows is None:
        return pmids  # no such partition: nothing written
    rows = rows.append_column("status", record_status(rows))
    _write_arrow(rows, out)
    have = pc.is_in(pa.array(pmids, pa.int64()), value_set=rows.column("pmid"))
    return [p for p, found in zip(pmids, have.to_pylist(), strict=True) if not found]


def _empty_rows() -> Any:
    import pyarrow as pa

    from refgraph.pubmed.index.columns import column_types

    types = {"pmid": pa.int64(), "file": pa.string(), "op": pa.int8(), **column_types(),
             "status": pa.int8()}  # fmt: skip
    return pa.table({n: pa.array([], t) for n, t in types.items()})


class _Preloaded:
    """:class:`~.source.IndexSource` answering first from rows joined beforehand."""

    def __init__(self, index: PubmedIndex, rows: dict[str, tuple[str, PubmedRecord | None]],
                 extra: dict[str, PubmedRecord]) -> None:  # fmt: skip
        from refgraph.pubmed.index.source import IndexSource

        self._inner = IndexSource(index)
        self._rows = rows
        self._extra = extra
        self.batch_size = IndexSource.batch_size

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def fetch_records(self, pmids: Iterable[str], *, partial: bool = False) -> FetchResult:
        records: dict[str, PubmedRecord] = {}
        deleted: dict[str, str] = {}
        rest: list[str] = []
        for pmid in pmids:
            if pmid in self._rows:
                file, record = self._rows[pmid]
                if record is None:
                    deleted[pmid] = file
                else:
                    records[pmid] = record
            elif pmid in self._extra:
                records[pmid] = self._extra[pmid]
            else:
                rest.append(pmid)
        more = self._inner.fetch_records(rest, partial=True) if rest else None
        if more is not None:
            records.update(more.records.items())
            deleted.update(more.deleted)
        return FetchResult(records, (*deleted, *(more.not_found if more else ())),
                           more.missing if more else (), len(records), 0,
                           deleted=deleted)  # fmt: skip


def _write_report(target: Path, report: dict[str, Any]) -> None:
    # Atomic (temp file, then rename) but not fsynced one by one: thousands of fsyncs would
    # cost more than the checking; summary.json, written last, is fsynced. One line of JSON
    # (what ``check --json`` prints, without the indentation, which would take Python's slow
    # encoder instead of the C one).
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    temp.write_text(json.dumps(report, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temp, target)


def _check_shard(shard: str, joined: list[str], extra: str, index: str,
                 out_dir: str) -> list[dict[str, Any]]:  # fmt: skip
    import pyarrow as pa
    import pyarrow.compute as pc

    from refgraph.check.results import CheckReport, CheckResult
    from refgraph.check.run import check_references
    from refgraph.pubmed.index.columns import brief_record
    from refgraph.pubmed.index.precheck import decide

    documents = pickle.loads(Path(shard + ".pkl").read_bytes())
    citations = _read_arrow(shard + ".arrow")
    tables = [_read_arrow(p) for p in joined]
    rows = pa.concat_tables(tables) if tables else _empty_rows()
    fetched: dict[str, PubmedRecord] = pickle.loads(Path(extra).read_bytes())
    decided = decide(citations, rows, fetched)
    pmids = citations.column("pmid").to_pylist()
    slow = {pmids[i] for i, d in enumerate(decided) if d is None and pmids[i] is not None}
    slow_rows = rows.filter(pc.is_in(rows.column("pmid"), value_set=pa.array(sorted(slow),
                                                                             pa.int64())))
    preloaded = {str(row["pmid"]): (row["file"], brief_record(str(row["pmid"]), row)
                                    if row["op"] else None) for row in slow_rows.to_pylist()}
    source = _Preloaded(PubmedIndex(index, cache_lookups=True), preloaded, fetched)
    keys = citations.column("key").to_pylist()
    origins = list(zip(citations.column("source").to_pylist(),
                       citations.column("line").to_pylist(), strict=True))  # fmt: skip
    done = []
    start = 0
    for path, name, problems, count, blob in documents:
        mine = range(start, start + count)
        start += count
        slow_here = [i for i in mine if decided[i] is None]
        groups: tuple[tuple[str, ...], ...] = ()
        checked: Iterator[CheckResult] = iter(())
        if slow_here:
            refs = pickle.loads(blob)
            run = check_references([refs[i - mine.start] for i in slow_here], source).report
            checked, groups = iter(run.results), run.duplicates
        results = []
        by_columns = []
        for i in mine:
            answer = decided[i]
            if answer is None:
                results.append(next(checked))
            else:
                by_columns.append(len(results))
                results.append(CheckResult(keys[i], str(pmids[i]), answer[0], answer[1]))
        report = CheckReport(tuple(results), groups)
        data = report.as_dict()
        listed: list[dict[str, Any]] = data["results"]  # type: ignore[assignment]
        for at in by_columns:  # the origin a result without its Reference lacks
            listed[at]["source"], listed[at]["line"] = origins[mine.start + at]
        _write_report(Path(out_dir) / f"{name}.check.json", data)
        done.append({"document": path, "report": f"{name}.check.json", "problems": problems,
                     "counts": report.counts, "summary": report.summary_line()})  # fmt: skip
    return done


def _documents(inputs: Sequence[Path]) -> list[tuple[str, str]]:
    from refgraph.sources import expand_inputs

    docs: list[tuple[str, str]] = []
    for item in inputs:
        for path in expand_inputs([str(item)]):
            name = Path(path).relative_to(item) if item.is_dir() else Path(path).name
            docs.append((str(path), str(name)))
    return docs


def check_documents(
    inputs: Sequence[Path],
    index: Path,
    out_dir: Path,
    executor: Executor | None = None,
    *,
    fmt: str | None = None,
    fallback: RecordSource | None = None,
    shard_size: int = SHARD,
) -> BulkReport:
    """Check every document of ``inputs`` against ``index``; write one report each."""
    pool = executor or SerialExecutor()
    opened = PubmedIndex(index)
    size = opened.manifest.partition_size
    docs = _documents(inputs)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=".bulk-"))
    try:
        shards = [docs[i : i + shard_size] for i in range(0, len(docs), shard_size)]
        parsed = gather([pool.submit(_parse_shard, s, fmt, str(staging / f"shard-{i}"),
                                     size) for i, s in enumerate(shards)])  # fmt: skip
        parts_of = [parts for parts, _ in parsed]
        wanted: dict[int, set[int]] = {}
        for parts in parts_of:
            for part, pmids in parts.items():
                wanted.setdefault(part, set()).update(pmids)
        absent = gather([pool.submit(_join_partition, str(index), part, sorted(pmids),
                                     str(staging / f"part-{part}.arrow"))
                         for part, pmids in sorted(wanted.items())])  # fmt: skip
        extra: dict[str, PubmedRecord] = {}
        missing = [str(p) for p in sorted({p for found in absent for p in found})]
        if missing and fallback is not None:
            extra = dict(fallback.fetch_records(missing, partial=True).records.items())
        (staging / "extra.pkl").write_bytes(_dumps(extra))
        reports = gather([pool.submit(
            _check_shard, str(staging / f"shard-{i}"),
            [str(staging / f"part-{p}.arrow") for p in sorted(parts_of[i])
             if (staging / f"part-{p}.arrow").is_file()],
            str(staging / "extra.pkl"), str(index), str(out_dir))
            for i in range(len(shards))])  # fmt: skip
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report = BulkReport(parse_seconds=sum(cpu for _, cpu in parsed))
    for shard in reports:
        for doc in shard:
            report.documents.append(doc)
            report.counts.update(doc["counts"])
            report.problems += doc["problems"]
    summary = {"documents": report.documents, "totals": dict(sorted(report.counts.items())),
               "input_problems": report.problems, "text": report.summary_line()}  # fmt: skip
    atomic_write(out_dir / "summary.json", json.dumps(summary, indent=2) + "\n")
    return report

