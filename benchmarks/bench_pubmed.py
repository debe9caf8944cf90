"""The local PubMed index: map rate per worker, Dask overhead, 1 -> 2 worker speedup, memory.

Input: a synthetic baseline (:mod:`refgraph.testing.baseline`) of 4 files x 30,000 real
recorded records (renumbered, varied; sized like the real baseline) plus 2 update files.

- **map step, CPU per record per worker**: :func:`~refgraph.pubmed.index.mapfile.map_file`
  over each file in this process (gunzip, safe iterparse, the cache's record parser, keys,
  JSON, staged Parquet), CPU seconds; beside it a bare lxml ``iterparse`` (gunzip + parse +
  clear, nothing read) of the same files. Target >= 4,500 records/s.
- **Dask overhead**: the whole build on a 1-worker ``LocalCluster`` vs the same build run
  serially in this process (cluster start-up excluded, reported apart). Target <= 5 %.
- **speedup 1 -> 2 workers** (wall clock), with the load average, which decides it on a
  shared 2-core machine.
- **memory**: the peak RSS (VmHWM) of each Dask worker. Target < 1 GB.
- **projections**: the full 2026 baseline (1,334 files, 40.9 M records) on 4 workers from
  the measured map rate and the measured reduce cost per record (target < 1 hour); a
  join-and-check of 10 M citations from the measured bulk-check rate (target < 2 minutes).

Run: ``.venv/bin/python -m benchmarks --only pubmed`` (``--quick``: 4 x 3,000 records).
"""

from __future__ import annotations

import gzip
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from refgraph.pubmed.element import record_from_element
from refgraph.pubmed.index import build_index, open_executor
from refgraph.pubmed.index.mapfile import map_file, open_input
from refgraph.testing.baseline import write_baseline

AREA = "pubmed"
FULL_RECORDS = 40_900_000
FULL_FILES = 1_334
FULL_GZ_BYTES = 51e9
WORKERS = 4


def bare_iterparse(path: Path, read: Callable[[Any], object] | None = None) -> int:
    """The peer: gunzip (the map step's gunzip) + safe iterparse of every article, cleared,
    nothing read; with ``read``, each article given to it first (the record parser alone)."""
    count = 0
    with open_input(path) as stream:
        for _, el in etree.iterparse(
            stream,
            events=("end",),
            tag=("PubmedArticle", "PubmedBookArticle"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        ):
            count += 1
            if read is not None:
                read(el)
            el.clear(keep_tail=False)
            parent = el.getparent()
            while el.getprevious() is not None:
                del parent[0]
    return count


def _vm_hwm_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _build(files: Any, index: Path, pool: Any) -> float:
    shutil.rmtree(index, ignore_errors=True)
    started = time.perf_counter()
    build_index(files.baseline, files.updates, index, pool)
    return time.perf_counter() - started


def _cpu_seconds() -> float:
    """CPU seconds (user + system) this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _warm() -> None:
    """Import in a worker what the build's tasks import (this process has them already)."""
    import importlib

    for name in ("pyarrow.parquet", "pyarrow.compute", "refgraph.pubmed.index.mapfile",
                 "refgraph.pubmed.index.reduce"):  # fmt: skip
        importlib.import_module(name)


def _dask_build(files: Any, index: Path, workers: int) -> tuple[float, float, float, float]:
    """(start-up s, build wall s, max worker peak RSS MB, build CPU s) on a fresh
    LocalCluster; the CPU is every worker's plus this process's (client and scheduler).
    Start-up (the cluster, and the workers' first imports) is not counted."""
    started = time.perf_counter()
    with open_executor(workers, engine="dask") as (pool, _):
        client = pool._client  # type: ignore[attr-defined]
        client.run(_warm)  # imports the serial build found done in this process
        startup = time.perf_counter() - started
        before = sum(client.run(_cpu_seconds).values()) + _cpu_seconds()
        wall = _build(files, index, pool)
        cpu = sum(client.run(_cpu_seconds).values()) + _cpu_seconds() - before
        peaks = client.run(_vm_hwm_mb)
    return startup, wall, max(peaks.values()), cpu


def run(quick: bool = False) -> list[dict[str, object]]:
    per_file = 3_000 if quick else 30_000
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = write_baseline(root / "files", files=4, records=per_file, updates=2, edge=False)
        inputs = sorted(files.baseline.glob("*.xml.gz")) + sorted(files.updates.glob("*.xml.gz"))
        records = 0
        raw_bytes = gz_bytes = 0
        for path in inputs:
            gz_bytes += path.stat().st_size
            with gzip.open(path) as stream:
                raw_bytes += len(stream.read())
        cpu_map = 0.0
        for seq, path in enumerate(inputs):
            result = map_file(str(path), seq, 100_000, str(root / "staging"))
            cpu_map += result.cpu_seconds
            records += result.records + result.deletions
        started = time.process_time()
        assert sum(bare_iterparse(p) for p in inputs) <= records
        cpu_bare = time.process_time() - started
        started = time.process_time()
        sum(bare_iterparse(p, record_from_element) for p in inputs)
        cpu_parser = time.process_time() - started - cpu_bare
        map_rate = records / cpu_map
        size_note = (f"{records:,} records, {raw_bytes / records / 1e3:.1f} kB XML /"
                     f" {gz_bytes / records / 1e3:.2f} kB gzip per record (real baseline:"
                     f" {FULL_GZ_BYTES / FULL_RECORDS / 1e3:.2f} kB gzip)")  # fmt: skip
        rows.append({"area": AREA, "measure": "map step, CPU per record per worker",
                     "size": records, "value": round(map_rate), "unit": "records/s",
                     "peer": "bare lxml iterparse (gunzip+parse)",
                     "peer_value": round(records / cpu_bare),
                     "note": f"target >= 4,500; {size_note}; load average"
                             f" {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"})  # fmt: skip
        floor = 1 / (cpu_bare / records + cpu_parser / records)
        rows.append({"area": AREA, "measure": "map step floor: bare iterparse + the cache's"
                     " record parser", "size": records, "value": round(floor),
                     "unit": "records/s", "peer": "record parser alone (us/record)",
                     "peer_value": round(cpu_parser / records * 1e6, 1),
                     "note": f"bare {cpu_bare / records * 1e6:.1f} us/record; the map step adds"
                             " record JSON, lookup keys and staged Parquet to this"})  # fmt: skip
        cpu_started = time.process_time()
        with open_executor(0) as (serial, _):
            serial_wall = _build(files, root / "serial", serial)
        cpu_serial = time.process_time() - cpu_started
        startup1, wall1, peak1, cpu1 = _dask_build(files, root / "dask1", 1)
        load1 = os.getloadavg()[0]
        _, wall2, peak2, _ = _dask_build(files, root / "dask2", 2)
        load2 = os.getloadavg()[0]
        overhead = (wall1 - serial_wall) / serial_wall * 100
        rows.append({"area": AREA, "measure": "Dask overhead (1-worker LocalCluster vs serial)",
                     "size": records, "value": round(overhead, 1), "unit": "%",
                     "peer": "serial build (s)", "peer_value": round(serial_wall, 2),
                     "note": f"target <= 5 %; Dask build {wall1:.2f} s; cluster start-up"
                             f" {startup1:.1f} s not counted; in CPU time (load-proof: every"
                             f" worker + client + scheduler vs the serial build's"
                             f" {cpu_serial:.1f} s)"
                             f" {(cpu1 - cpu_serial) / cpu_serial * 100:+.1f} %; load average"
                             f" {load1:.2f}"})  # fmt: skip
        rows.append({"area": AREA, "measure": "wall-clock speedup 1 -> 2 workers",
                     "size": records, "value": round(wall1 / wall2, 2), "unit": "x",
                     "peer": "2 workers (s)", "peer_value": round(wall2, 2),
                     "note": f"1 worker {wall1:.2f} s; load average {load1:.2f} / {load2:.2f}"
                             f" on {os.cpu_count()} CPUs (other work on the machine"
                             " takes from the second worker)"})  # fmt: skip
        rows.append({"area": AREA, "measure": "peak memory per Dask worker",
                     "size": records, "value": round(max(peak1, peak2)), "unit": "MB",
                     "peer": "limit", "peer_value": 1024,
                     "note": "VmHWM of each worker process"})  # fmt: skip
        reduce_cpu = max(cpu_serial - cpu_map, 0.0)
        per_record = 1 / map_rate + reduce_cpu / records
        hours = FULL_RECORDS * per_record / WORKERS / 3600
        rows.append({"area": AREA, "measure": "projection: full baseline on 4 workers",
                     "size": FULL_RECORDS, "value": round(hours * 60, 1), "unit": "min",
                     "peer": "target (min)", "peer_value": 60,
                     "note": f"{FULL_RECORDS:,} records ({FULL_FILES} files) x"
                             f" {per_record * 1e6:.0f} us CPU (map {1e6 / map_rate:.0f} +"
                             f" reduce {reduce_cpu / records * 1e6:.0f}) / {WORKERS} workers;"
                             " assumes the files are local and the disk keeps up"})  # fmt: skip
        rows.extend(_bulk_rows(root, quick))
    return rows


def _bulk_rows(root: Path, quick: bool) -> list[dict[str, object]]:
    """Join-and-check rate of ``check --per-document`` on the serial index, one worker."""
    from refgraph.export.bibtex import write_bibtex
    from refgraph.pubmed.index.bulk import check_documents
    from refgraph.pubmed.index.store import PubmedIndex
    from refgraph.pubmed.reference import record_to_reference

    index = PubmedIndex(root / "serial")
    docs, per_doc = (10, 200) if quick else (50, 400)
    table = index.table("records").filter(__import__("pyarrow").compute.is_valid(
        index.table("records").column("record")))  # fmt: skip
    pmids = [str(p) for p in table.column("pmid").to_pylist()[: docs * per_doc]]
    records = index.records(pmids)
    folder = root / "documents"
    folder.mkdir()
    for d in range(docs):
        refs = [record_to_reference(records[p], key=f"r{d}x{i}")
                for i, p in enumerate(pmids[d * per_doc : (d + 1) * per_doc])]  # fmt: skip
        (folder / f"doc{d:03d}.bib").write_text(write_bibtex(refs), encoding="utf-8")
    citations = docs * per_doc
    warm = root / "warm-up"  # a worker's one-time imports (pyarrow.ipc, check) not counted
    warm.mkdir()
    shutil.copy(folder / "doc000.bib", warm / "doc000.bib")
    with open_executor(0) as (serial, _):
        check_documents([warm], root / "serial", root / "warm-results", serial)
        started = time.process_time()
        report = check_documents([folder], root / "serial", root / "results", serial)
        total_cpu = time.process_time() - started
    assert sum(report.counts.values()) == citations, report.counts
    # The documents' parsing is timed inside the tasks, around the very calls that ran (a
    # separate parse of the same files varies by more than the join-and-check costs).
    rate = citations / max(total_cpu - report.parse_seconds, 1e-9)
    minutes = 10_000_000 / rate / WORKERS / 60
    return [{"area": AREA, "measure": "join-and-check, CPU per citation per worker",
             "size": citations, "value": round(rate), "unit": "citations/s",
             "peer": "with BibTeX parsing", "peer_value": round(citations / total_cpu),
             "note": f"{docs} documents; verdicts {dict(report.counts)}; BibTeX parsing"
                     f" {report.parse_seconds:.2f} s of {total_cpu:.2f} s CPU not counted;"
                     f" load average {os.getloadavg()[0]:.2f}"},
            {"area": AREA, "measure": "projection: join-and-check of 10 M citations, 4 workers",
             "size": 10_000_000, "value": round(minutes, 1), "unit": "min",
             "peer": "target (min)", "peer_value": 2,
             "note": "from the measured join-and-check rate (parsing the documents not"
                     " counted)"}]  # fmt: skip
