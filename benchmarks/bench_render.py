"""Benchmark ``render``/``export``: 10,000 annotated references to every shipped format.

Target: under 2 s each. Each format is rendered once to warm up (template compilation)
and then timed three times; the best wall time is reported, with the CPU time of that
run in the note (the machine is shared, so wall time includes waiting for a core).
CSL styles (``refgraph render --csl``) are measured next to pandoc in ``bench_csl``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from refgraph.export import export_text
from refgraph.model import Reference
from refgraph.render import render

TEMPLATES = (
    "livertox", "vancouver", "ama", "bibliography.md", "bibliography.html", "thebibliography",
)  # fmt: skip
EXPORTS = ("bibtex", "biblatex", "csljson", "ris", "nbib")
TARGET_SECONDS = 2.0


def _references(n: int) -> list[Reference]:
    from benchmarks.generate import references

    return references(n, seed=0)


def _best(job: Callable[[], str], repeat: int) -> tuple[float, float, int]:
    job()
    best_wall, best_cpu, size = float("inf"), 0.0, 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        size = len(job())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if wall < best_wall:
            best_wall, best_cpu = wall, cpu
    return best_wall, best_cpu, size


def run(quick: bool = False) -> list[dict[str, object]]:
    """Time each shipped template and export format on 10,000 references (1,000 quick)."""
    n = 1_000 if quick else 10_000
    refs = _references(n)
    repeat = 1 if quick else 3
    jobs: list[tuple[str, Callable[[], str]]] = [
        *((f"render {t}", lambda t=t: render(refs, t)) for t in TEMPLATES),  # type: ignore[misc]
        *((f"export {f}", lambda f=f: export_text(refs, f)) for f in EXPORTS),  # type: ignore[misc]
    ]
    rows: list[dict[str, object]] = []
    for measure, job in jobs:
        wall, cpu, size = _best(job, repeat)
        verdict = "ok" if wall < TARGET_SECONDS else "OVER TARGET"
        rows.append(
            {
                "area": "render",
                "measure": measure,
                "size": n,
                "value": round(wall, 3),
                "unit": "s",
                "peer": None,
                "peer_value": None,
                "note": f"best of {repeat}; cpu {cpu:.2f} s; {size / 1e6:.1f} MB out; "
                f"target < {TARGET_SECONDS:g} s: {verdict}",
            }
        )
    return rows


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(row)
