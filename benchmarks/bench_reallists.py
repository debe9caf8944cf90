"""Real-world reference lists: what refgraph reads right (``--only reallists``).

The development set is ``tests/data/reallists/`` (public reference sections with expected
output written by reading them); :mod:`benchmarks.reallists` scores it. One row per metric
and split (``tuning``: the lists rules were tuned on; ``held-out``: the quarter not looked
at while tuning). ``python -m benchmarks.reallists -v`` lists every miss of the tuning split.
Further rows read the tuning split's plain-text lists laid out anew (hard-wrapped, without
blank lines, double-spaced: ``python -m benchmarks.reallists --layouts``).
"""

from __future__ import annotations

from benchmarks.reallists import LAYOUTS, THRESHOLDS, layouts, lists, score


def run(quick: bool = False) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for split in ("tuning", "held-out"):
        metrics = score(lists(split)).metrics()
        for name, value in metrics.items():
            if name in ("lists", "citations"):
                continue
            target = THRESHOLDS.get(name)
            rows.append(
                {
                    "area": "reallists",
                    "measure": f"{name} ({split})",
                    "size": metrics["citations"],
                    "value": value,
                    "unit": "%" if target is not None else "count",
                    "note": f"{metrics['lists']} lists; target "
                    + (f">= {target}" if target is not None else "0"),
                }
            )
    for layout, tally in layouts("tuning").items():
        if layout not in LAYOUTS:
            continue
        metrics = tally.metrics()
        for name in ("citation_recall", "first_author", "year", "journal"):
            rows.append(
                {
                    "area": "reallists",
                    "measure": f"{name} (tuning, {layout})",
                    "size": metrics["citations"],
                    "value": metrics[name],
                    "unit": "%",
                    "note": f"{metrics['lists']} plain-text lists laid out anew; "
                    "no target (robustness of segmentation)",
                }
            )
    return rows
