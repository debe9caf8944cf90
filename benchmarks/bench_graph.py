"""Benchmark the follow-up graph: build 100,000 references with 300,000 cross-references.

Targets: build < 10 s and peak RSS < 2 GB; the HTML view of 2,000 nodes < 5 MB. Each build
runs in a fresh subprocess so ``ru_maxrss`` is its own peak. The peer is networkx itself:
a plain ``nx.DiGraph().add_edges_from`` of the same resolved edges (no parsing, no
resolution, no attributes), the floor any networkx-based builder sits on.

Scaling (issue 17): the ambiguous-label generator (:func:`benchmarks.generate.library`, a
folder of 40-entry monographs whose first authors come from 1,500 surnames) at 10k, 30k,
100k and 200k references; the time per 1,000 references must stay within 20% across the
sizes (CPU time of the build, in its own process) and edges must be found at every size.

Usage: ``python -m benchmarks --only graph`` (``--quick``: 10,000 references, scaling to 30k).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CUES = (
    "Further follow up of patients in a trial",
    "Post hoc analysis of",
    "Letter on",
    "Among 40 patients, as in",
    "Meta-analysis of trials including",
    "Updated results of",
)


def _letters(i: int) -> str:
    out = ""
    while True:
        out = chr(97 + i % 26) + out
        i //= 26
        if not i:
            return out


def _references(n: int, xrefs_per_entry: int = 3, seed: int = 0) -> list:  # type: ignore[type-arg]
    """References whose annotations cite ``xrefs_per_entry`` other entries by author and year."""
    try:
        sys.path.insert(0, str(ROOT))
        from benchmarks.generate import references

        refs = references(n, seed)
    except ImportError:  # pragma: no cover - generate.py is written by another helper
        from refgraph.keys import assign_keys
        from refgraph.model import Author, Reference

        rng0 = random.Random(seed)
        refs = assign_keys(
            [
                Reference(
                    key="",
                    pmid=str(10_000_000 + i),
                    year=str(rng0.randint(1985, 2024)),
                    authors=(Author(last=f"Name{rng0.randint(0, 5000)}"),),
                )
                for i in range(n)
            ]
        )
    rng = random.Random(seed + 1)
    named = []
    for i, ref in enumerate(refs):  # 95% distinct first authors; the rest share surnames
        if ref.authors and rng.random() < 0.95:
            first = replace(ref.authors[0], last=ref.authors[0].last + _letters(i))
            ref = replace(ref, authors=(first, *ref.authors[1:]))
        named.append(ref)
    refs = named
    out = []
    for ref in refs:
        parts = []
        for _ in range(xrefs_per_entry):
            other = refs[rng.randrange(n)]
            label = f"{other.first_author or 'Anon'} {other.year}"
            parts.append(f"{rng.choice(CUES)} [{label}].")
        out.append(replace(ref, annotation=" ".join(parts)))
    return out


def _child(mode: str, n: int, edge_file: str) -> None:
    if mode == "library":
        from benchmarks.generate import library
        from refgraph.graph import build_graph

        refs = library(n)
        xrefs = sum(r.annotation.count("[") + r.annotation.count(" et al. ") for r in refs)
        started, cpu = time.perf_counter(), time.process_time()
        result = build_graph(refs)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(json.dumps({"seconds": seconds, "cpu": cpu, "edges": result.graph.number_of_edges(),
                          "xrefs": xrefs, "problems": len(result.problems),
                          "rss_mb": _peak_mb()}))
        return
    if mode == "refgraph":
        from refgraph.graph import build_graph

        refs = _references(n)  # generated outside the timed part
        started, cpu = time.perf_counter(), time.process_time()
        result = build_graph(refs)
        seconds = time.perf_counter() - started
        edges = result.graph.number_of_edges()
        extra = {"problems": len(result.problems), "cpu": time.process_time() - cpu}
        Path(edge_file).write_text(
            json.dumps([[r.key for r in refs], [[u, v] for u, v in result.graph.edges()]])
        )
    else:  # the peer: the same nodes and resolved edges, loaded from the refgraph child
        import networkx as nx

        keys, edge_list = json.loads(Path(edge_file).read_text())
        started, cpu = time.perf_counter(), time.process_time()
        graph = nx.DiGraph()
        graph.add_nodes_from(keys)
        graph.add_edges_from(edge_list)
        seconds = time.perf_counter() - started
        edges = graph.number_of_edges()
        extra = {"cpu": time.process_time() - cpu}
    rss_mb = _peak_mb()
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb, "edges": edges, **extra}))


def _peak_mb() -> float:
    """This process's own peak RSS (VmHWM); ``ru_maxrss`` would include the parent's at fork."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_child(mode: str, n: int, edge_file: Path) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.bench_graph", mode, str(n), str(edge_file)]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> list[dict[str, object]]:
    n = 10_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        ours = _run_child("refgraph", n, Path(tmp) / "edges.json")
        peer = _run_child("networkx", n, Path(tmp) / "edges.json")
    rows: list[dict[str, object]] = [
        {
            "area": "graph",
            "measure": "build_graph seconds",
            "size": n,
            "value": ours["seconds"],
            "unit": "s",
            "peer": "nx.DiGraph add_edges_from",
            "peer_value": peer["seconds"],
            "note": f"{3 * n:,} xrefs -> {int(ours['edges']):,} edges, "
            f"{int(ours['problems']):,} ambiguous/unresolved; value is wall clock,"
            f" CPU (process_time) {ours['cpu']:.2f} s, peer {peer['cpu']:.2f} s;"
            " target < 10 s",
        },
        {
            "area": "graph",
            "measure": "build_graph peak RSS",
            "size": n,
            "value": ours["rss_mb"],
            "unit": "MB",
            "peer": "nx.DiGraph add_edges_from",
            "peer_value": peer["rss_mb"],
            "note": "whole process incl. generating the input; peer: nodes+edges only;"
            " target < 2048 MB",
        },
    ]
    rows.extend(_scaling((10_000, 30_000) if quick else (10_000, 30_000, 100_000, 200_000)))
    from refgraph.graph import build_graph
    from refgraph.graph.html import render_graph_html

    graph = build_graph(_references(2_000)).graph
    started = time.perf_counter()
    html = render_graph_html(graph)
    rows.append(
        {
            "area": "graph",
            "measure": "HTML size, 2,000 references",
            "size": 2_000,
            "value": len(html.encode()) / 1e6,
            "unit": "MB",
            "peer": "",
            "peer_value": None,
            "note": f"{graph.number_of_edges():,} edges; rendered in "
            f"{time.perf_counter() - started:.2f} s; target < 5 MB",
        }
    )
    return rows


def _scaling(sizes: tuple[int, ...]) -> list[dict[str, object]]:
    """Build time per 1,000 references on the ambiguous-label generator, size by size."""
    rows: list[dict[str, object]] = []
    per_k = []
    for n in sizes:
        out = _run_child("library", n, Path("-"))
        per_k.append(1000 * out["cpu"] / n * 1000)
        rows.append({
            "area": "graph", "measure": "ambiguous labels: build CPU ms per 1,000 refs",
            "size": n, "value": per_k[-1], "unit": "ms", "peer": "", "peer_value": None,
            "note": f"{int(out['edges']):,} edges from {int(out['xrefs']):,} xrefs"
                    f" ({out['edges'] / max(out['xrefs'], 1):.1%}), {int(out['problems']):,}"
                    f" problems; wall {out['seconds']:.2f} s; peak {out['rss_mb']:.0f} MB"})
    spread = max(per_k) / min(per_k) - 1 if per_k else 0.0
    rows.append({"area": "graph", "measure": "ambiguous labels: per-1,000 spread (max/min-1)",
                 "size": sizes[-1], "value": spread * 100, "unit": "%", "peer": "",
                 "peer_value": None, "note": "target: within 20% from 10k to 200k"})
    return rows


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]), sys.argv[3])
