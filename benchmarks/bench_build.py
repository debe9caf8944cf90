"""Benchmark the main job at scale: LiverTox corpora of 1,000, 10,000 and 100,000 references.

Per size (``--quick``: 1,000 and 10,000), each measure next to a peer timed in the same run:

==========================  ===============================================================
measure                     peer
==========================  ===============================================================
parse (LiverTox text)       --
PubMed XML -> records       plain ``lxml.etree.iterparse`` over the same bytes (PMID only)
BibTeX write                bibtexparser 2 ``write_string`` of the same entries
BibTeX read                 bibtexparser 2 ``parse_string`` of the same .bib
check, online (3 req/s)     the request floor ``(requests - 1) / 3`` (1,000 and 10,000 only)
check, cached               --
graph build                 networkx ``add_nodes_from`` + ``add_edges_from`` of the same graph
graph export                --  (HTML, GraphML, JSON)
render                      --  (the three bibliographies ``build`` writes)
build end to end, cached    the target (15 s at 10,000, 180 s at 100,000)
peak memory                 the target (2 GB at 100,000)
==========================  ===============================================================

The end-to-end build runs in a fresh subprocess per size (``run_build``, offline, against a
cache filled beforehand with :func:`benchmarks.records.record_set`), which reports its wall
time and ``ru_maxrss``. Run: ``.venv/bin/python -m benchmarks --only build``.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.generate import livertox_corpus
from benchmarks.records import record_set

AREA = "build"
ROOT = Path(__file__).resolve().parent.parent
RATE = 3.0
BATCH = 200
TARGET_SECONDS = {10_000: 15.0, 100_000: 180.0}
TARGET_RSS_MB = 2048.0
T = TypeVar("T")

_END_TO_END = """
import json, resource, sys, time
from pathlib import Path
from refgraph.build import run_build
from refgraph.config import Settings
def peak_mb():
    # VmHWM is this process's own peak; ru_maxrss would include the parent's peak at fork
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
corpus, cache, out = sys.argv[1:4]
start = time.perf_counter()
report = run_build([corpus], out, Settings(cache_path=Path(cache), offline=True))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "verdicts": report.check.counts,
                  "requests": report.requests, "nodes": report.graph_nodes,
                  "edges": report.graph_edges,
                  "maxrss_mb": peak_mb()}))
"""


def _timed(func: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def _row(
    measure: str,
    size: int,
    value: float,
    unit: str = "s",
    peer: str = "",
    peer_value: float | None = None,
    note: str = "",
) -> dict[str, Any]:
    return {"area": AREA, "measure": measure, "size": size, "value": value, "unit": unit,
            "peer": peer, "peer_value": peer_value, "note": note}  # fmt: skip


def _peer_iterparse(data: bytes) -> int:
    import io

    from lxml import etree

    count = 0
    for _, el in etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag="PubmedArticle",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    ):
        count += bool(el.findtext("MedlineCitation/PMID"))
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]
    return count


def _peer_bibtex_write(bib: str) -> tuple[Any, Callable[[], str]]:
    import bibtexparser

    library = bibtexparser.parse_string(bib)
    return library, lambda: bibtexparser.write_string(library)


def _peer_graph(graph: Any) -> Callable[[], Any]:
    import networkx as nx

    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges(keys=True, data=True))

    def build() -> Any:
        peer = nx.MultiDiGraph()
        peer.add_nodes_from(nodes)
        peer.add_edges_from(edges)
        return peer

    return build


def _stages(n: int, tmp: Path, raw: dict[str, bytes], corpus: str) -> list[dict[str, Any]]:
    import bibtexparser

    from refgraph.build import BIBLIOGRAPHIES, GRAPH_FORMATS
    from refgraph.cache import RecordCache
    from refgraph.cache.records import store_xml
    from refgraph.check import run_check
    from refgraph.eutils.client import EutilsClient
    from refgraph.export.bibtex import write_bibtex
    from refgraph.graph import build_graph
    from refgraph.graph.formats import write_graph
    from refgraph.pubmed.parse import parse_pubmed_xml, wrap_articles
    from refgraph.render import render
    from refgraph.sources import bibtex, parse_text

    rows = []
    seconds, parsed = _timed(lambda: parse_text(corpus, "corpus.txt", "livertox"))
    refs = list(parsed.references)
    assert len(refs) == n, (len(refs), n)
    rows.append(
        _row(
            "parse LiverTox text",
            n,
            seconds,
            note=f"{len(corpus) / 1e6:.1f} MB, {len(parsed.problems)} problems",
        )
    )

    xml = wrap_articles(raw.values())
    seconds, records_list = _timed(lambda: parse_pubmed_xml(xml, "records.xml"))
    peer, count = _timed(lambda: _peer_iterparse(xml))
    assert len(records_list) == count == n
    records = {r.pmid: r for r in records_list}
    rows.append(
        _row(
            "PubMed XML -> records",
            n,
            seconds,
            peer="lxml iterparse (PMID only)",
            peer_value=peer,
            note=f"{len(xml) / 1e6:.1f} MB of XML",
        )
    )

    seconds, bib = _timed(lambda: write_bibtex(refs))
    _, peer_write = _peer_bibtex_write(bib)
    peer, _ = _timed(peer_write)
    rows.append(
        _row(
            "BibTeX write",
            n,
            seconds,
            peer="bibtexparser write_string",
            peer_value=peer,
            note=f"{len(bib) / 1e6:.1f} MB",
        )
    )
    seconds, back = _timed(lambda: bibtex.parse(bib, "corpus.bib"))
    peer, library = _timed(lambda: bibtexparser.parse_string(bib))
    assert len(back.references) == len(library.entries) == n
    rows.append(_row("BibTeX read", n, seconds, peer="bibtexparser parse_string", peer_value=peer))

    cache_path = tmp / f"check-{n}.sqlite"
    if n <= 10_000:
        from refgraph.testing import FakeEutils

        with FakeEutils(raw, rate_limit=RATE) as fake:
            for run in ("online, empty cache, 3 req/s", "second run, cached"):
                with EutilsClient(
                    fake.url, cache=RecordCache(cache_path), rate=RATE, batch_size=BATCH
                ) as client:
                    seconds, report = _timed(lambda c=client: run_check(refs, c))
                    sent = client.request_count
                assert report.counts == {"ok": n}, report.counts
                floor = (math.ceil(n / BATCH) - 1) / RATE if sent else None
                rows.append(
                    _row(
                        f"check, {run}",
                        n,
                        seconds,
                        peer="request floor" if sent else "",
                        peer_value=floor,
                        note=f"{sent} requests",
                    )
                )
    else:
        with RecordCache(cache_path) as cache:
            store_xml(cache, raw.values())
        with EutilsClient(
            "http://127.0.0.1:9/", cache=RecordCache(cache_path), offline=True, batch_size=BATCH
        ) as client:
            seconds, report = _timed(lambda: run_check(refs, client, search=False))
            sent = client.request_count
        assert report.counts == {"ok": n}, report.counts
        rows.append(_row("check, cached", n, seconds, note=f"{sent} requests (offline)"))

    seconds, result = _timed(lambda: build_graph(refs, records))
    graph = result.graph
    peer, _ = _timed(_peer_graph(graph))
    rows.append(
        _row(
            "graph build",
            n,
            seconds,
            peer="networkx add_edges_from",
            peer_value=peer,
            note=f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
        )
    )
    seconds, _ = _timed(lambda: [write_graph(graph, f) for f in GRAPH_FORMATS.values()])
    rows.append(_row("graph export (html, graphml, json)", n, seconds))
    seconds, _ = _timed(lambda: [render(refs, t, graph=graph) for t in BIBLIOGRAPHIES.values()])
    rows.append(_row("render (livertox, md, html)", n, seconds))
    return rows


def _end_to_end(n: int, tmp: Path, corpus_path: Path, raw: dict[str, bytes]) -> dict[str, Any]:
    from refgraph.cache import RecordCache
    from refgraph.cache.records import store_xml

    cache = tmp / f"build-{n}.sqlite"
    with RecordCache(cache) as store:
        store_xml(store, raw.values())
    proc = subprocess.run(
        [sys.executable, "-c", _END_TO_END, str(corpus_path), str(cache), str(tmp / f"out-{n}")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"end-to-end build of {n} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Return benchmark rows for every size (see the module docstring)."""
    sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000)
    rows: list[dict[str, Any]] = []
    for n in sizes:
        print(f"#   build: {n:,} references ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="refgraph-bench-") as name:
            tmp = Path(name)
            corpus = livertox_corpus(n, seed=0)
            corpus_path = tmp / "corpus.txt"
            corpus_path.write_text(corpus, encoding="utf-8")
            raw = record_set(n, seed=0)
            rows.extend(_stages(n, tmp, raw, corpus))
            e2e = _end_to_end(n, tmp, corpus_path, raw)
            target = TARGET_SECONDS.get(n)
            verdicts = e2e["verdicts"]
            ok = (
                ""
                if target is None
                else ("meets target" if e2e["seconds"] < target else "MISSES target")
            )
            rows.append(
                _row(
                    "build end to end, cached",
                    n,
                    e2e["seconds"],
                    peer="target" if target else "",
                    peer_value=target,
                    note=f"{ok}; verdicts {verdicts}; {e2e['requests']} requests; "
                    f"{e2e['nodes']} nodes, {e2e['edges']} edges".lstrip("; "),
                )
            )
            mem_ok = "meets target" if e2e["maxrss_mb"] < TARGET_RSS_MB else "MISSES target"
            rows.append(
                _row(
                    "peak memory (build subprocess)",
                    n,
                    e2e["maxrss_mb"],
                    unit="MB",
                    peer="target" if n == 100_000 else "",
                    peer_value=TARGET_RSS_MB if n == 100_000 else None,
                    note=mem_ok if n == 100_000 else "VmHWM of the build subprocess",
                )
            )
    return rows


if __name__ == "__main__":
    for item in run(quick="--quick" in sys.argv):
        print(item)
