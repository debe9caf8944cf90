"""How fast refgraph's HTML pages open: ``check.html`` and ``graph.html`` of a 2,000-reference
library in headless Chromium (the one the browser tests use), with the console errors and
the network requests each page makes (both must be 0).

:func:`pages_library` is that library: the generated LiverTox corpus
(:mod:`benchmarks.generate`) with PubMed records in which one work in five reports one of 80
trials (registry numbers in the records, as NCBI gives them), and with citation mistakes a
real library has: wrong, mistyped and missing PMIDs, misquoted pages, a retraction, a
record not available. The same library feeds ``python -m benchmarks.screenshots``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

__all__ = ["Library", "open_timed", "pages_library", "run"]


@dataclass(frozen=True)
class Library:
    references: list[Any]
    records: dict[str, Any]
    missing: frozenset[str]


def pages_library(n: int = 2_000) -> Library:
    """``n`` references, their records, and the PMIDs whose record is not available."""
    from benchmarks.generate import references
    from benchmarks.records import records

    refs = references(n)
    recs = {r.pmid: r for r in records(n)}
    for i, ref in enumerate(refs):
        if i % 5 == 0:  # one work in five reports a trial: 80 trials of 5 reports each
            trial = f"NCT{1_000_000 + (i // 25) % 80:08d}"
            recs[ref.pmid] = replace(recs[ref.pmid], trials=(trial,),
                                     databanks=(("ClinicalTrials.gov", trial),))  # fmt: skip
    missing: set[str] = set()
    for i in range(0, n, 37):
        ref = refs[i]
        kind = (i // 37) % 6
        if kind == 0:  # the PMID of the next work: a mismatch
            refs[i] = replace(ref, pmid=refs[(i + 1) % n].pmid)
        elif kind == 1:  # two digits swapped: not found
            refs[i] = replace(ref, pmid=ref.pmid[:-2] + ref.pmid[-1] + ref.pmid[-2] + "9")
        elif kind == 2:
            refs[i] = replace(ref, pmid="")
        elif kind == 3:  # pages misquoted
            refs[i] = replace(ref, pages="1-9")
        elif kind == 4:
            recs[ref.pmid] = replace(recs[ref.pmid], publication_types=(
                "Journal Article", "Retracted Publication"))  # fmt: skip
        else:
            missing.add(ref.pmid)
    return Library(refs, recs, frozenset(missing))


def pages(library: Library) -> dict[str, str]:
    """``{"check.html": ..., "graph.html": ...}`` as ``build`` writes them."""
    from refgraph.check import CheckReport, check_library
    from refgraph.graph import build_graph
    from refgraph.graph.html import render_graph_html
    from refgraph.render import render_check

    available = {p: r for p, r in library.records.items() if p not in library.missing}
    results, groups = check_library(library.references, available, missing=library.missing)
    report = CheckReport(tuple(results), tuple(groups))
    graph = build_graph(library.references, available).graph
    return {
        "check.html": render_check(report, title=f"Check: {len(results):,} references"),
        "graph.html": render_graph_html(graph, title=f"Graph: {len(results):,} references"),
    }


def open_timed(browser: Any, path: Path, width: int = 1280, height: int = 900
               ) -> dict[str, Any]:  # fmt: skip
    """Open ``path``; return the seconds from navigation to the first frame painted after
    the load event (the page's script has built and laid out the drawing by then), the
    main thread's busy time in that span (CPU-bound work: parsing, script, style, layout,
    paint, from the DevTools ``Performance`` metrics), the console errors and the requests
    the page made."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Performance.enable")
        before = _task_seconds(cdp)
        page.goto(path.as_uri(), wait_until="load")
        shown = page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() =>"
            " requestAnimationFrame(() => done(performance.now()))))")  # fmt: skip
        busy = _task_seconds(cdp) - before
    finally:
        page.close()
    network = [u for u in requests if not u.startswith(("file://", "data:"))]
    return {"seconds": shown / 1000, "busy": busy, "errors": errors, "requests": network}


def _task_seconds(cdp: Any) -> float:
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "TaskDuration"))


def run(quick: bool = False) -> list[dict[str, object]]:
    from playwright.sync_api import sync_playwright

    from benchmarks.screenshots import ARGS, chromium_path

    n = 500 if quick else 2_000
    library = pages_library(n)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            for name, html in pages(library).items():
                path = Path(tmp) / name
                path.write_text(html, encoding="utf-8")
                open_timed(browser, path)  # warm the browser's caches once
                runs = [open_timed(browser, path) for _ in range(5)]
                times = [r["seconds"] for r in runs]
                busy = [r["busy"] for r in runs]
                load = os.getloadavg()[0]
                rows.append({
                    "area": "pages", "measure": f"{name} opens in Chromium (first frame)",
                    "size": n, "value": statistics.median(times), "unit": "s", "peer": "",
                    "peer_value": None,
                    "note": f"median of 5 (min {min(times):.2f}, max {max(times):.2f}), load"
                            f" average {load:.1f}; main thread busy {statistics.median(busy):.2f}"
                            f" s; {len(html.encode()) / 1e6:.1f} MB; console errors"
                            f" {max(len(r['errors']) for r in runs)}, network requests"
                            f" {max(len(r['requests']) for r in runs)}; target < 2 s",
                })  # fmt: skip
        finally:
            browser.close()
    return rows
