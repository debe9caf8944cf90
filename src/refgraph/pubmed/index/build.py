"""Build and update a local PubMed index: map every new file, reduce touched partitions.

:func:`build_index` takes the baseline folder (and optionally an updates folder) and makes
``INDEX`` hold exactly those files; :func:`update_index` applies the new files of an updates
folder. Both end in :func:`_apply`:

1. map every file not yet applied, one task per file (:func:`~.mapfile.map_file`);
2. reduce every partition those files touched, one task each (:func:`~.reduce.reduce_partition`),
   merging with the partition's current rows on an update;
3. merge every lookup bucket with the new key rows (:func:`~.reduce.reduce_bucket`);
4. write the manifest atomically, then delete the files no manifest names.

A rerun with the same files does nothing. The index is rebuilt from scratch (all files
mapped again) when the parser version, the baseline year or the partition size changed,
when an applied file's content changed, or when a new file sorts before the last one applied.
Any failure (a bad file raises :class:`~refgraph.errors.PubmedFileError` naming it)
deletes what the run wrote: the index stays as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path

from refgraph.errors import PubmedIndexError
from refgraph.pubmed.index.engine import SerialExecutor, gather
from refgraph.pubmed.index.layout import (
    FORMAT,
    LOOKUP_BUCKETS,
    MANIFEST,
    PARTITION_SIZE,
    FileEntry,
    Manifest,
    baseline_year,
    file_md5,
    list_inputs,
    read_manifest,
    require_pyarrow,
    write_manifest,
)
from refgraph.pubmed.index.mapfile import MapResult, map_file
from refgraph.pubmed.index.reduce import PartResult, reduce_bucket, reduce_partition
from refgraph.pubmed.parse import RECORD_JSON_VERSION

__all__ = ["IndexReport", "build_index", "update_index"]

Progress = Callable[[str, int, int], None]


@dataclass
class IndexReport:
    """What a build or update did."""

    manifest: Manifest
    mapped: list[str] = field(default_factory=list)
    partitions: list[int] = field(default_factory=list)
    rebuilt: str = ""  # why the index was rebuilt from scratch, if it was
    cpu_map_seconds: float = 0.0

    def summary_line(self) -> str:
        m = self.manifest
        if not self.mapped:
            return (f"index up to date: {m.record_count:,} records, {m.deleted_count:,} deleted,"
                    f" last file {m.last_file or '(none)'}")  # fmt: skip
        why = f" (rebuilt: {self.rebuilt})" if self.rebuilt else ""
        return (f"{len(self.mapped)} file(s) mapped, {len(self.partitions)} partition(s) merged"
                f"{why}: {m.record_count:,} records, {m.deleted_count:,} deleted,"
                f" last file {m.last_file}")  # fmt: skip


@contextlib.contextmanager
def _locked(index: Path) -> Iterator[None]:
    index.mkdir(parents=True, exist_ok=True)
    with (index / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PubmedIndexError(f"{index}: another refgraph run is writing this index") from None
        yield


def _entry(path: Path, kind: str) -> FileEntry:
    stat = path.stat()
    return FileEntry(path.name, kind, stat.st_size, "", 0, 0, str(path.resolve()),
                     stat.st_mtime_ns)  # fmt: skip


def _same_file(old: FileEntry, new: FileEntry) -> bool:
    if old.name != new.name or old.size != new.size:
        return False
    if old.mtime_ns == new.mtime_ns:
        return True
    return old.md5 == file_md5(Path(new.path))


def _plan(old: Manifest | None, wanted: list[FileEntry], fresh: Manifest) -> tuple[str, int]:
    """Return (why a rebuild is needed or "", how many of ``wanted`` are already applied)."""
    if old is None:
        return "", 0
    if old.format != fresh.format:
        return f"index format {old.format} -> {fresh.format}", 0
    if old.parser_version != fresh.parser_version:
        return f"parser version {old.parser_version} -> {fresh.parser_version}", 0
    if old.baseline_year != fresh.baseline_year:
        return f"baseline year {old.baseline_year or '?'} -> {fresh.baseline_year or '?'}", 0
    if old.partition_size != fresh.partition_size:
        return f"partition size {old.partition_size} -> {fresh.partition_size}", 0
    applied = 0
    for have, want in zip(old.files, wanted, strict=False):
        if not _same_file(have, want):
            return f"{want.name} differs from the file applied before", 0
        applied += 1
    if applied < len(old.files):
        missing = old.files[applied].name
        return f"{missing} was applied before but is not among the inputs now", 0
    return "", applied


def build_index(
    baseline: Path,
    updates: Path | None,
    index: Path,
    executor: Executor | None = None,
    *,
    partition_size: int = PARTITION_SIZE,
    lookup_buckets: int = LOOKUP_BUCKETS,
    progress: Progress | None = None,
) -> IndexReport:
    """Make ``index`` hold exactly the files of ``baseline`` (then ``updates``)."""
    files = [_entry(p, "baseline") for p in list_inputs(baseline)]
    if not files:
        raise PubmedIndexError(f"{baseline}: no PubMed files (*.xml.gz, *.xml) in this folder")
    if updates is not None:
        files += [_entry(p, "update") for p in list_inputs(updates)]
    fresh = Manifest(RECORD_JSON_VERSION, baseline_year([f.name for f in files]),
                     partition_size, lookup_buckets)  # fmt: skip
    with _locked(index):
        old = read_manifest(index, any_format=True)
        why, applied = _plan(old, files, fresh)
        base = old if old is not None and not why else None
        todo = files[applied:] if base is not None else files
        return _apply(index, base, fresh, todo, executor, progress, why)


def update_index(
    index: Path, updates: Path, executor: Executor | None = None, *,
    progress: Progress | None = None,
) -> IndexReport:  # fmt: skip
    """Apply the files of ``updates`` that ``index`` has not seen (by name), in order.

    A new file that sorts before the last applied one, a new parser version or index format,
    or another baseline year rebuilds the index from every file it was built from plus the new ones.
    """
    with _locked(index):
        old = read_manifest(index, any_format=True)
        if old is None:
            raise PubmedIndexError(f"{index}: not a PubMed index (no {MANIFEST}); "
                                   "build it with `refgraph pubmed index`")  # fmt: skip
        seen = {f.name for f in old.files}
        new = [_entry(p, "update") for p in list_inputs(updates) if p.name not in seen]
        from refgraph.pubmed.index.layout import _order

        files = old.files + new
        fresh = replace(old, parser_version=RECORD_JSON_VERSION, format=FORMAT,
                        baseline_year=baseline_year([f.name for f in files]))  # fmt: skip
        order = sorted(files, key=lambda f: (f.kind != "baseline", _order(Path(f.name))))
        why = ""
        if (fresh.format, fresh.parser_version, fresh.baseline_year) != (
            old.format, old.parser_version, old.baseline_year
        ):
            why = _plan(old, order, fresh)[0]
        elif order != files:
            why = "a new file sorts before the last file applied"
        if why:
            for f in old.files:
                if not Path(f.path).is_file():
                    raise PubmedIndexError(f"rebuild needed ({why}) but {f.path} is gone")
            blank = Manifest(fresh.parser_version, fresh.baseline_year, old.partition_size,
                             old.lookup_buckets, old.generation)  # fmt: skip
            return _apply(index, None, blank, order, executor, progress, why)
        return _apply(index, old, fresh, new, executor, progress, "")


def _apply(
    index: Path,
    base: Manifest | None,
    fresh: Manifest,
    todo: Sequence[FileEntry],
    executor: Executor | None,
    progress: Progress | None,
    why: str,
) -> IndexReport:
    require_pyarrow()
    current = read_manifest(index, any_format=True)
    if base is not None and not todo:
        return IndexReport(base)
    pool = executor or SerialExecutor()
    generation = max(fresh.generation, current.generation if current else 0) + 1
    kept = list(base.files) if base is not None else []
    seq0 = len(kept)
    for sub in ("records", "keys", "lookup"):
        (index / sub).mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=index, prefix=f".staging-g{generation:04d}-"))
    written: list[str] = []
    try:
        if progress:
            progress("mapping", 0, len(todo))
        maps: list[MapResult] = gather([
            pool.submit(map_file, f.path, seq0 + i, fresh.partition_size, str(staging))
            for i, f in enumerate(todo)
        ])  # fmt: skip
        names = {i: f.name for i, f in enumerate(kept)}
        names.update({seq0 + i: f.name for i, f in enumerate(todo)})
        staged: dict[int, list[tuple[str, str]]] = {}
        for result in maps:
            for part, paths in result.staged.items():
                staged.setdefault(part, []).append(paths)
        old_parts = base.partitions if base is not None else {}
        if progress:
            progress("merging", 0, len(staged))
        parts: list[PartResult] = gather([
            pool.submit(reduce_partition, part, paths,
                        (str(index / old_parts[part]["records_file"]),
                         str(index / old_parts[part]["keys_file"]))
                        if part in old_parts else None,
                        names, str(index), generation, fresh.lookup_buckets)
            for part, paths in sorted(staged.items())
        ])  # fmt: skip
        written += [p.records_path for p in parts] + [p.keys_path for p in parts]
        old_lookup = base.lookup if base is not None else {}
        touched = sorted(staged)
        buckets: list[str | None] = gather([
            pool.submit(reduce_bucket, b, [p.keys_path for p in parts],
                        str(index / old_lookup[b]) if b in old_lookup else None,
                        touched, fresh.partition_size, str(index), generation)
            for b in range(fresh.lookup_buckets)
        ])  # fmt: skip
        written += [b for b in buckets if b]
        manifest = replace(
            fresh, generation=generation,
            files=kept + [replace(f, md5=file_md5(Path(f.path)), records=m.records,
                                  deletions=m.deletions) for f, m in zip(todo, maps, strict=True)],
            partitions={**old_parts, **{p.part: _part_entry(index, p) for p in parts}},
            lookup={b: os.path.relpath(path, index) for b, path in enumerate(buckets) if path},
            skipped=(base.skipped if base is not None else []) + [s for m in maps
                                                                  for s in m.skipped],
        )  # fmt: skip
        write_manifest(index, manifest)
    except BaseException:
        for path in written:
            Path(path).unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _collect_garbage(index, manifest)
    return IndexReport(manifest, [f.name for f in todo], touched, why,
                       sum(m.cpu_seconds for m in maps))  # fmt: skip


def _part_entry(index: Path, result: PartResult) -> dict[str, object]:
    return {"records_file": os.path.relpath(result.records_path, index),
            "keys_file": os.path.relpath(result.keys_path, index),
            "records": result.records, "deleted": result.deleted}  # fmt: skip


def _collect_garbage(index: Path, manifest: Manifest) -> None:
    """Delete data files the manifest does not name (older generations, failed runs)."""
    named = {str(index / p["records_file"]) for p in manifest.partitions.values()}
    named |= {str(index / p["keys_file"]) for p in manifest.partitions.values()}
    named |= {str(index / p) for p in manifest.lookup.values()}
    for sub in ("records", "keys", "lookup"):
        for path in (index / sub).glob("*.parquet"):
            if str(path) not in named:
                path.unlink(missing_ok=True)
