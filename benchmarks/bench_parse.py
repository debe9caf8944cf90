"""Parse speed of LiverTox text (citations/s) next to bibtexparser 2.x on the same works.

The peer is ``bibtexparser.parse_string`` (its default parse) over the same references
written as BibTeX by refgraph's writer. Times are CPU seconds of this process
(``time.process_time``), the best of a few runs, so other load on the machine counts less.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from benchmarks.generate import livertox_corpus, references

SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)


def _best(func: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return max(best, 1e-9)


def run(quick: bool = False) -> list[dict[str, object]]:
    import bibtexparser

    from refgraph.export.bibtex import write_bibtex
    from refgraph.sources import livertox

    rows: list[dict[str, object]] = []
    for n in QUICK_SIZES if quick else SIZES:
        text = livertox_corpus(n, seed=1)
        repeat = 3 if n <= 10_000 else 1
        seconds = _best(lambda text=text: livertox.parse(text, "bench.txt"), repeat)
        bib = write_bibtex(references(n, seed=1))
        peer_repeat = 2 if n <= 10_000 else 1
        peer = _best(lambda bib=bib: bibtexparser.parse_string(bib), peer_repeat)
        rows.append(
            {
                "area": "parse",
                "measure": "LiverTox text -> references",
                "size": n,
                "value": round(n / seconds),
                "unit": "citations/s",
                "peer": f"bibtexparser {bibtexparser.__version__} parse_string",
                "peer_value": round(n / peer),
                "note": "target >= 20,000/s; CPU time, best of runs",
            }
        )
    return rows
