"""Field-level .bib editing (``check --fix``, ``enrich --in-place``): entries edited per second.

What is timed is :func:`refgraph.bibedit.edit_fields` over a library written by refgraph's
BibTeX writer, with one edit per entry: the ``pmid`` value of every entry (a ``note``
mentioning ``pmid = 1`` before it, so the field is found by the parse, not by a text match).
Issue 11's target: 20,000 changed entries in well under 5 s. The peer is bibtexparser's own
``parse_string`` of the same text, which an edit through bibtexparser's model (parse, change,
write the whole library again) would cost at the least, and which would not keep the bytes.
A second row times the same edits given the entries the fast reader found while the file
was read (:func:`refgraph.sources.bibtex.parse_scanned`), the path ``enrich`` takes: the
text is not split again. (The whole ``enrich`` command: ``bench_enrich``.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from benchmarks.generate import references

SIZES = (2_000, 20_000)
QUICK_SIZES = (2_000,)


def _best(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    cpu = wall = float("inf")
    for _ in range(repeat):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        func()
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    return max(cpu, 1e-9), max(wall, 1e-9)


def run(quick: bool = False) -> list[dict[str, object]]:
    import bibtexparser

    from refgraph.bibedit import edit_fields, pmid_edits
    from refgraph.export.bibtex import write_bibtex
    from refgraph.sources.bibtex import parse_scanned

    rows: list[dict[str, object]] = []
    for n in QUICK_SIZES if quick else SIZES:
        refs = [replace(r, pmid=str(10_000_000 + i)).with_extra("note", "pmid = 1")
                for i, r in enumerate(references(n, seed=3))]  # fmt: skip
        text = write_bibtex(refs)
        edits = pmid_edits([(r, str(int(r.pmid) + 1)) for r in refs])
        result = edit_fields(text, edits)
        if len(result.changed) != n or result.skipped:
            raise RuntimeError(f"bibedit misread the bench library: {len(result.changed)} of {n}")
        cpu, wall = _best(lambda text=text, edits=edits: edit_fields(text, edits), 3)
        peer_cpu, _ = _best(lambda text=text: bibtexparser.parse_string(text), 1)
        _, scanned = parse_scanned(text)
        if scanned is None or edit_fields(text, edits, scanned) != result:
            raise RuntimeError("the fast reader's entries gave another edit")
        fast_cpu, fast_wall = _best(lambda t=text, e=edits, s=scanned: edit_fields(t, e, s), 3)
        rows.append(
            {
                "area": "bibedit",
                "measure": "edit the pmid field of every entry (CPU time)",
                "size": n,
                "value": round(cpu, 2),
                "unit": "s",
                "peer": f"bibtexparser {bibtexparser.__version__} parse_string",
                "peer_value": round(peer_cpu, 2),
                "note": f"{round(n / cpu):,} entries/s; wall {wall:.2f} s; target: 20,000 in < 5 s",
            }
        )
        rows.append(
            {
                "area": "bibedit",
                "measure": "the same, given the entries the fast reader found (enrich's path)",
                "size": n,
                "value": round(fast_cpu, 2),
                "unit": "s",
                "peer": "bibtexparser's split (the row above)",
                "peer_value": round(cpu, 2),
                "note": f"{round(n / fast_cpu):,} entries/s; wall {fast_wall:.2f} s",
            }
        )
    return rows
