"""Bulk checking: thousands of documents against a local index, one report per document.

``refgraph check DIR --index INDEX --per-document -o RESULTS/`` runs :func:`check_documents`,
in three rounds of tasks on one executor (serial, process pool or Dask, as for the index):

1. **parse** the documents in shards (:data:`SHARD` documents a task);
2. **join by PMID partition**: one task per partition the citations touch reads that
   partition's rows for exactly the cited PMIDs; PMIDs the index lacks are fetched once, by
   this process, from the fallback source (E-utilities with its cache, at NCBI's rate);
3. **check** each shard: every document through :func:`refgraph.check.run.check_references`
   over an :class:`~.source.IndexSource` preloaded with the joined rows; suggestions come
   from key joins (citation-match, then title keys) on lookup buckets each worker reads once.

Each document's report goes to ``RESULTS/<name>.check.json`` (what ``check --json`` prints
for it alone); ``RESULTS/summary.json`` adds them up. Citations the index cannot place are
not searched online (a million ECitMatch requests is what the index is for avoiding).
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import os
import pickle
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refgraph.files import atomic_write
from refgraph.model import Author, CommentCorrection, PubmedRecord
from refgraph.pubmed.index.engine import SerialExecutor, gather
from refgraph.pubmed.index.store import PubmedIndex
from refgraph.pubmed.source import FetchResult, RecordSource

__all__ = ["SHARD", "BulkReport", "brief_record", "check_documents"]

#: Documents parsed and checked per task.
SHARD = 64
_BRIEF_FIELDS = ("title", "journal", "journal_abbrev", "medline_ta", "volume", "issue", "year",
                 "month", "epub_year", "medline_date", "pages", "elocation", "doi", "pmcid")


def brief_record(text: str) -> PubmedRecord:
    """The record of a stored JSON value with only what checking reads (the bulk fast path).

    :func:`refgraph.matching.compare`, the record notes and the duplicate signatures read
    the fields kept here, and of the authors only the first four (the first author, and
    authors 2-4 for "cited first author is a later author"). Abstract, MeSH, keywords,
    reference lists and data banks, most of a record's bytes, are not made into objects.
    ``tests/pubmed/index/test_source.py`` holds bulk reports equal to ``check --index``
    with full records.
    """
    data = json.loads(text)
    fields = {name: data[name] for name in _BRIEF_FIELDS if name in data}
    return PubmedRecord(
        pmid=data["pmid"], **fields,
        authors=tuple(Author(*a) for a in data.get("authors", ())[:4]),
        publication_types=tuple(data.get("publication_types", ())),
        comments_corrections=tuple(CommentCorrection(*c)
                                   for c in data.get("comments_corrections", ())),
        is_book=data.get("is_book", False),
    )  # fmt: skip


@dataclass
class BulkReport:
    """What :func:`check_documents` wrote: per-document summaries and the totals."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    problems: int = 0

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


class _Pickler(pickle.Pickler):
    """Pickles the model's frozen slotted dataclasses as ``(class, field values)``; the
    dataclass default (``__getstate__``/``__setstate__`` calling ``dataclasses.fields`` per
    object) was a fifth of the bulk check's CPU, in passing parsed documents between tasks."""

    def reducer_override(self, obj: Any) -> Any:
        cls: Any = type(obj)
        params = getattr(cls, "__dataclass_params__", None)
        if params is None or not params.frozen or "__slots__" not in cls.__dict__:
            return NotImplemented
        return _rebuild, (cls, tuple(getattr(obj, n) for n in _field_names(cls)))


def _dumps(obj: Any) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return out.getvalue()


def _parse_shard(docs: list[tuple[str, str]], fmt: str | None, out: str,
                 partition_size: int) -> dict[int, list[str]]:  # fmt: skip
    from refgraph.pubmed.source import cited_pmids
    from refgraph.sources import load

    shard = []
    parts: dict[int, list[str]] = {}
    for path, name in docs:
        parsed = load(path, fmt)
        shard.append((path, name, parsed.references, len(parsed.problems)))
        for pmid in cited_pmids(parsed.references):
            parts.setdefault(int(pmid) // partition_size, []).append(pmid)
    Path(out).write_bytes(_dumps(shard))
    return parts


def _join_partition(index: str, part: int, pmids: list[str], out: str) -> list[str]:
    """Write the index rows of ``pmids`` (one partition) to ``out``; return the absent."""
    entries = PubmedIndex(index).entries(pmids)
    rows = {p: (e.file, e.record_json) for p, e in entries.items()}
    Path(out).write_bytes(_dumps(rows))
    return [p for p in pmids if p not in entries]


class _Preloaded:
    """:class:`~.source.IndexSource` answering first from rows joined beforehand."""

    def __init__(self, index: PubmedIndex, rows: dict[str, tuple[str, str | None]],
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
                file, text = self._rows[pmid]
                if text is None:
                    deleted[pmid] = file
                else:
                    records[pmid] = brief_record(text)
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


def _check_shard(shard: str, joined: list[str], extra: str, index: str,
                 out_dir: str) -> list[dict[str, Any]]:  # fmt: skip
    from refgraph.check.run import check_references

    rows: dict[str, tuple[str, str | None]] = {}
    for path in joined:
        rows.update(pickle.loads(Path(path).read_bytes()))
    source = _Preloaded(PubmedIndex(index, cache_lookups=True), rows,
                        pickle.loads(Path(extra).read_bytes()))  # fmt: skip
    done = []
    for path, name, refs, problems in pickle.loads(Path(shard).read_bytes()):
        report = check_references(refs, source).report
        target = Path(out_dir) / f"{name}.check.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        # Atomic (temp file, then rename) but not fsynced one by one: thousands of fsyncs
        # would cost more than the checking; summary.json, written last, is fsynced. One
        # line of JSON (what ``check --json`` prints, without the indentation, which would
        # take Python's slow encoder instead of the C one).
        temp = target.with_name(f".{target.name}.tmp")
        temp.write_text(json.dumps(report.as_dict(), ensure_ascii=False) + "\n",
                        encoding="utf-8")  # fmt: skip
        os.replace(temp, target)
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
        parts_of = gather([pool.submit(_parse_shard, s, fmt, str(staging / f"shard-{i}.pkl"),
                                       size) for i, s in enumerate(shards)])  # fmt: skip
        wanted: dict[int, set[str]] = {}
        for parts in parts_of:
            for part, pmids in parts.items():
                wanted.setdefault(part, set()).update(pmids)
        absent = gather([pool.submit(_join_partition, str(index), part, sorted(pmids),
                                     str(staging / f"part-{part}.pkl"))
                         for part, pmids in sorted(wanted.items())])  # fmt: skip
        extra: dict[str, PubmedRecord] = {}
        missing = sorted({p for found in absent for p in found}, key=int)
        if missing and fallback is not None:
            extra = dict(fallback.fetch_records(missing, partial=True).records.items())
        (staging / "extra.pkl").write_bytes(_dumps(extra))
        reports = gather([pool.submit(
            _check_shard, str(staging / f"shard-{i}.pkl"),
            [str(staging / f"part-{p}.pkl") for p in sorted(parts_of[i])],
            str(staging / "extra.pkl"), str(index), str(out_dir))
            for i in range(len(shards))])  # fmt: skip
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report = BulkReport()
    for shard in reports:
        for doc in shard:
            report.documents.append(doc)
            report.counts.update(doc["counts"])
            report.problems += doc["problems"]
    summary = {"documents": report.documents, "totals": dict(sorted(report.counts.items())),
               "input_problems": report.problems, "text": report.summary_line()}  # fmt: skip
    atomic_write(out_dir / "summary.json", json.dumps(summary, indent=2) + "\n")
    return report

