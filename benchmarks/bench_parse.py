"""Parse speed of LiverTox text (citations/s) next to bibtexparser 2.x on the same works.

What is timed is the whole ``refgraph.sources.livertox.parse(text, source)`` call: the
text -> lines -> citations and annotations -> :class:`~refgraph.model.Reference` objects
with their keys -> :class:`~refgraph.model.ParseResult`. The text is
:func:`benchmarks.generate.livertox_corpus`: wrapped citations with page-break artifacts
(blank lines, ``LiverTox: ... Page N of M`` headers, dates) inside them, ``PubMed PMID:``
split from its number, varied author names (no parsed-name cache exists to flatter).

The peer is ``bibtexparser.parse_string`` (its default parse) over the same references
written as BibTeX by refgraph's writer. A last row reads the same kind of text with no line
break at all (a web copy: the page headers dropped, everything on one 52 MB line); its
peer is the multi-line read of the same citations, so the two rates show the reader is
linear in the length of a line. Each is timed both ways in the same run: CPU
seconds of this process (``time.process_time``; other load on the shared machine counts
less) and wall-clock seconds, each the best of a few runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from benchmarks.generate import livertox_corpus, references

SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
ONE_LINE_BYTES = 52_000_000
QUICK_ONE_LINE_BYTES = 5_000_000


def one_line_corpus(size_bytes: int) -> tuple[str, str, int]:
    """Return ``(one line, the same citations on lines, count)`` of about ``size_bytes``."""
    from refgraph.sources.livertox import is_page_artifact

    unit = livertox_corpus(2_000, seed=3)
    kept = [line for line in unit.splitlines() if line.strip() and not is_page_artifact(line)]
    lines = "\n".join(kept[2:])  # without the REFERENCES heading and its date line
    copies = max(1, size_bytes // len(lines))
    multi = "REFERENCES\n" + "\n".join([lines] * copies) + "\n"
    single = "REFERENCES\n" + " ".join(multi.splitlines()[1:]) + "\n"
    return single, multi, 2_000 * copies


def _best(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Return the best (CPU seconds, wall seconds) of ``repeat`` calls."""
    cpu = wall = float("inf")
    for _ in range(repeat):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        func()
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    return max(cpu, 1e-9), max(wall, 1e-9)


def run(quick: bool = False) -> list[dict[str, object]]:
    import bibtexparser

    from refgraph.export.bibtex import write_bibtex
    from refgraph.sources import livertox

    rows: list[dict[str, object]] = []
    peer = f"bibtexparser {bibtexparser.__version__} parse_string"
    for n in QUICK_SIZES if quick else SIZES:
        text = livertox_corpus(n, seed=1)
        repeat = 3 if n <= 10_000 else 1
        result = livertox.parse(text, "bench.txt")
        if len(result.references) != n or result.problems:  # the timing must be of a clean read
            raise RuntimeError(f"bench corpus misread: {len(result.references)} of {n} refs")
        cpu, wall = _best(lambda text=text: livertox.parse(text, "bench.txt"), repeat)
        bib = write_bibtex(references(n, seed=1))
        peer_cpu, peer_wall = _best(lambda bib=bib: bibtexparser.parse_string(bib), repeat)
        for clock, ours, theirs in (("CPU", cpu, peer_cpu), ("wall", wall, peer_wall)):
            rows.append(
                {
                    "area": "parse",
                    "measure": f"LiverTox text -> references ({clock} time)",
                    "size": n,
                    "value": round(n / ours),
                    "unit": "citations/s",
                    "peer": peer,
                    "peer_value": round(n / theirs),
                    "note": f"target >= 20,000/s; best of {repeat}; {len(text) // n} chars/cit",
                }
            )
    rows.extend(_one_line_rows(QUICK_ONE_LINE_BYTES if quick else ONE_LINE_BYTES))
    return rows


def _one_line_rows(size_bytes: int) -> list[dict[str, object]]:
    from refgraph.sources import livertox

    single, multi, n = one_line_corpus(size_bytes)
    result = livertox.parse(single, "one-line.txt")
    if len(result.references) != n or result.problems:  # a clean read, or no timing
        raise RuntimeError(f"one-line corpus misread: {len(result.references)} of {n} refs")
    cpu, wall = _best(lambda: livertox.parse(single, "one-line.txt"), 1)
    multi_cpu, multi_wall = _best(lambda: livertox.parse(multi, "lines.txt"), 1)
    return [
        {
            "area": "parse",
            "measure": f"LiverTox text on ONE {len(single) / 1e6:.0f} MB line ({clock} time)",
            "size": n,
            "value": round(n / ours),
            "unit": "citations/s",
            "peer": "the same citations, one line each",
            "peer_value": round(n / theirs),
            "note": "target >= 20,000/s (linear in the length of a line); best of 1",
        }
        for clock, ours, theirs in (("CPU", cpu, multi_cpu), ("wall", wall, multi_wall))
    ]
