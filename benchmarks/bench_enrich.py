"""``refgraph enrich --in-place`` of a .bib whose every entry gets changed: the whole command.

The library: ``n`` real recorded PubMed records cloned with new ids
(:mod:`benchmarks._checkrun`), each cited in the .bib as a user would have it: key, PMID,
the first author only (``and others``), title, journal, year and volume, without DOI, PMCID,
issue, pages, month, publication types, keywords or trial numbers. So enrich changes every
entry (full authors, and eight to ten fields added) and leaves the rest of each entry alone.

What is timed is ``python -m refgraph enrich refs.bib --in-place`` in a child process, the
whole command as a user types it (start-up, reading, the records, the edit, the atomic
write with its ``.bak``), with the records served by the cache, filled beforehand from the
local fake E-utilities server (never the network): the CPU time of the child (user +
system, which load barely moves) and its wall time with the load average beside it. The
first (cold) run, which fetches the records from the fake server and stores them, is shown
too. Issue 11's target: 20,000 changed entries in < 5 s.

With ``REFGRAPH_BASELINE_SRC=<checkout>/src`` the same command of that checkout runs
interleaved on the same input (the peer), and its output must be byte for byte the same.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from benchmarks._checkrun import ROOT, serve, write_corpus

AREA = "enrich"
SIZES = (20_000,)
QUICK_SIZES = (2_000,)
REPEAT = 3
_DROPPED = dict.fromkeys(("doi", "pmcid", "issue", "pages", "month", "journal_full"), "")


def _user_bib(bib: Path) -> str:
    """The library as a user has it before enrich (see the module doc)."""
    from refgraph.export.bibtex import write_bibtex
    from refgraph.sources import load

    lists = {"publication_types": (), "keywords": (), "trials": ()}
    refs = [
        replace(r, authors=r.authors[:1], et_al=len(r.authors) > 1, **_DROPPED, **lists)
        for r in load(bib).references
    ]
    return write_bibtex(refs)


def _enrich(src: Path, bib: Path, url: str, cache: Path) -> tuple[float, float, str]:
    """One ``refgraph enrich BIB --in-place`` of checkout ``src``: CPU s, wall s, stderr."""
    env = {k: v for k, v in os.environ.items() if k not in ("NCBI_API_KEY", "REFGRAPH_CACHE")}
    env.update({"PYTHONPATH": str(src), "REFGRAPH_EUTILS_URL": url, "NCBI_API_KEY": "bench"})
    command = [sys.executable, "-m", "refgraph", "enrich", str(bib), "--in-place",
               "--cache", str(cache), "--batch-size", "1000"]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"enrich failed ({proc.returncode}): {proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, proc.stderr


def _check_all_changed(stderr: str, n: int) -> None:
    found = re.search(r"(\d+) references: (\d+) enriched", stderr)
    if found is None or int(found.group(1)) != n or int(found.group(2)) != n:
        raise RuntimeError(f"enrich did not change every entry: {stderr[-500:]}")


def _row(measure: str, n: int, cpu: float, note: str, **peer: object) -> dict[str, object]:
    return {"area": AREA, "measure": measure, "size": n, "value": round(cpu, 2), "unit": "s",
            "peer": peer.get("peer", ""), "peer_value": peer.get("peer_value"),
            "note": note}  # fmt: skip


def _size_rows(n: int, tmp: Path) -> list[dict[str, object]]:
    records, full_bib, _ = write_corpus(n, tmp / "corpus")
    original = _user_bib(full_bib)
    sources = [("refgraph", ROOT / "src")]
    if os.environ.get("REFGRAPH_BASELINE_SRC"):
        sources.append(("baseline", Path(os.environ["REFGRAPH_BASELINE_SRC"])))
    best: dict[str, tuple[float, float, float]] = {}
    outputs: dict[str, bytes] = {}
    rows = []
    with serve(records, rate_limit="none", key_rate_limit="none") as fake:
        for name, src in sources:  # cold: each checkout fills its own cache
            bib = tmp / f"{name}.bib"
            bib.write_text(original, encoding="utf-8")
            cpu, wall, err = _enrich(src, bib, fake.url, tmp / f"{name}.sqlite")
            _check_all_changed(err, n)
            outputs[name] = bib.read_bytes()
            if name == "refgraph":
                note = f"wall {wall:.2f} s at load {os.getloadavg()[0]:.1f}"
                rows.append(_row("enrich --in-place, cold cache (fake E-utilities), CPU", n, cpu,
                                 note))  # fmt: skip
        for _ in range(REPEAT):  # warm, interleaved
            for name, src in sources:
                bib = tmp / f"{name}.bib"
                bib.write_text(original, encoding="utf-8")
                load = os.getloadavg()[0]
                cpu, wall, err = _enrich(src, bib, fake.url, tmp / f"{name}.sqlite")
                _check_all_changed(err, n)
                if bib.read_bytes() != outputs[name]:
                    raise RuntimeError(f"{name}: the warm run wrote other bytes than the cold one")
                if cpu < best.get(name, (float("inf"), 0.0, 0.0))[0]:
                    best[name] = (cpu, wall, load)
    if "baseline" in outputs and outputs["baseline"] != outputs["refgraph"]:
        raise RuntimeError("the output differs from the baseline's")
    cpu, wall, load = best["refgraph"]
    peer = {}
    if "baseline" in best:
        peer = {"peer": "baseline checkout (same input, same bytes out)",
                "peer_value": round(best["baseline"][0], 2)}  # fmt: skip
    note = (f"records from the cache; best of {REPEAT}; wall {wall:.2f} s at load {load:.1f}; "
            f"{len(original) / 1e6:.1f} MB; target: 20,000 in < 5 s")  # fmt: skip
    rows.insert(0, _row("enrich --in-place of every entry changed, CPU", n, cpu, note, **peer))
    return rows


def run(quick: bool = False) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for n in QUICK_SIZES if quick else SIZES:
        tmp = Path(tempfile.mkdtemp(prefix="refgraph-bench-enrich-"))
        try:
            rows.extend(_size_rows(n, tmp))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return rows
