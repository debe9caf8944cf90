"""The general reader's speed on real reference lists (``--only general``).

What is timed is :func:`refgraph.sources.text.parse` - the whole general path: markup out of
the lines, segmentation into citations, every field read by rule, and the field tagger
asked where the rules are unsure - over the development set's lists
(``tests/data/reallists/``: 67 real lists, PMC pages, READMEs, HTML, PDF text, in
many styles), the set read ``REPEAT`` times. Target (issue 12): at least 2,000 citations/s.

Both clocks are reported, each the best of a few runs: CPU seconds of this process
(``time.process_time``, what the shared development machine measures fairly) and wall
seconds. The share of citations the tagger was asked about is reported with them, since
its cost (about 0.5 ms a citation) is most of the time where it is asked.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from benchmarks.reallists import lists

REPEAT = 5


def _best(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    cpu = wall = float("inf")
    for _ in range(repeat):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        func()
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    return max(cpu, 1e-9), max(wall, 1e-9)


def run(quick: bool = False) -> list[dict[str, object]]:
    from refgraph.sources import text

    texts = [(p.read_text(encoding="utf-8"), p.name) for p in lists("all")]
    readings = [r.reading for t, name in texts for r in text.parse(t, name).references]
    citations = len(readings)
    tagged = sum(1 for r in readings if r is not None and "tagger" in r.by)
    repeat = 1 if quick else REPEAT

    def read_all() -> None:
        for _ in range(repeat):
            for source, name in texts:
                text.parse(source, name)

    cpu, wall = _best(read_all, 1 if quick else 3)
    n = citations * repeat
    note = (f"{len(texts)} real lists x {repeat}; tagger asked for {tagged} of {citations} "
            f"({100 * tagged / max(citations, 1):.0f}%); target >= 2,000/s")  # fmt: skip
    return [
        {"area": "general", "measure": f"general reader ({clock} time)", "size": n,
         "value": round(n / seconds), "unit": "citations/s", "note": note}
        for clock, seconds in (("CPU", cpu), ("wall", wall))
    ]  # fmt: skip
