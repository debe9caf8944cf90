"""Benchmark ``check`` against the fake E-utilities server: the request floor, 429s, CPU.

Records are real recorded PubMed records cloned with new ids (:mod:`benchmarks._checkrun`);
the references are their own views, so every verdict is ``ok`` (or ``retracted``). The fake
server runs in its own process, as NCBI would: its CPU is not the client's.

- **The request floor**: ``ceil(N / 200)`` efetch requests at NCBI's rate, the first one
  free: ``(requests - 1) / rate`` seconds. ``check`` of N PMIDs against a server that takes
  1 s per reply (as NCBI's efetch of 200 records does) should stay within 15% of it, at 3
  requests/s and at 10 (API key). Timed in-process, after the references are loaded.
- **One limit per machine**: 1, 2 and 4 ``check`` processes at once (a share of the PMIDs
  each) against the same server, rate-limited as NCBI: the 429s it answered (must be 0) and
  the wall time against the floor of all their requests together.
- **Cold-check CPU per record**: ``run_check`` of N PMIDs with an empty cache, the CPU time
  of the whole process (every thread: fetching, parsing, storing, checking) after the
  references are loaded, per record. With ``REFGRAPH_BASELINE_SRC=<checkout>/src`` the same
  is measured for that checkout in the same run (the peer), interleaved, best of two, e.g. a
  ``git worktree`` of the commit before the change.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

from benchmarks._checkrun import ROOT, serve, timed_checks, write_corpus

AREA = "check"
BATCH = 200
LATENCY = 1.0


def _row(
    measure: str,
    size: int,
    value: float,
    unit: str,
    note: str = "",
    peer: str = "",
    peer_value: float | None = None,
) -> dict[str, object]:
    return {
        "area": AREA,
        "measure": measure,
        "size": size,
        "value": value,
        "unit": unit,
        "peer": peer,
        "peer_value": peer_value,
        "note": note,
    }


def _floor(n: int, rate: float) -> float:
    return (math.ceil(n / BATCH) - 1) / rate


def _latency_rows(n: int, tmp: Path, records: Path, bib: Path) -> list[dict[str, object]]:
    rows = []
    for rate, key in ((3.0, ""), (10.0, "bench-key")):
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "XDG_CACHE_HOME": str(tmp / f"xdg-{rate:g}"),
        }
        with serve(records, latency=LATENCY) as fake:
            (result,) = timed_checks(
                bib, fake.url, [tmp / f"lat-{rate:g}.sqlite"], key=key, size=n, env=env
            )
        seconds, floor = float(result["seconds"]), _floor(n, rate)  # type: ignore[arg-type]
        rows.append(
            _row(
                f"cold check, {LATENCY:g} s per reply, {rate:g} req/s",
                n,
                seconds,
                "s",
                f"{result['requests']} requests, {fake.throttled} x 429, {seconds / floor - 1:+.1%}"
                " vs floor (target: within 15%)",
                "request floor",
                floor,
            )
        )
    return rows


def _process_rows(n: int, tmp: Path, records: Path, bib: Path) -> list[dict[str, object]]:
    rows = []
    for processes in (1, 2, 4):
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "XDG_CACHE_HOME": str(tmp / f"xdg-p{processes}"),
        }  # shared by the processes
        caches = [tmp / f"p{processes}-{i}.sqlite" for i in range(processes)]
        with serve(records, latency=LATENCY) as fake:
            results = timed_checks(bib, fake.url, caches, size=n // processes, env=env)
        seconds = max(float(r["seconds"]) for r in results)  # type: ignore[arg-type]
        requests = sum(int(r["requests"]) for r in results)  # type: ignore[call-overload]
        floor = (requests - 1) / 3.0
        rows.append(
            _row(
                f"{processes} check process(es) at once, 3 req/s",
                n,
                fake.throttled,
                "x 429",
                f"{requests} requests in {seconds:.1f} s (floor {floor:.1f} s); must be 0 x 429",
                "target",
                0,
            )
        )
    return rows


def _cpu_rows(n: int, tmp: Path, records: Path, bib: Path) -> list[dict[str, object]]:
    sources = [("refgraph", ROOT / "src")]
    baseline = os.environ.get("REFGRAPH_BASELINE_SRC")
    if baseline:
        sources.append(("baseline", Path(baseline)))
    per_record: dict[str, float] = {}
    with serve(records, rate_limit="none", key_rate_limit="none") as fake:
        for repeat in range(2):  # interleaved, best of two
            for name, src in sources:
                env = {
                    **os.environ,
                    "PYTHONPATH": str(src),
                    "XDG_CACHE_HOME": str(tmp / f"cpu-{name}-{repeat}"),
                }
                cache = tmp / f"cpu-{name}-{repeat}.sqlite"
                (result,) = timed_checks(bib, fake.url, [cache], key="bench-key", size=n, env=env)
                value = float(result["cpu"]) / n * 1000  # type: ignore[arg-type]
                per_record[name] = min(per_record.get(name, value), value)
    peer = per_record.get("baseline")
    note = (
        f"{(peer - per_record['refgraph']) / peer:.0%} less than the baseline (target >= 25%)"
        if peer
        else "set REFGRAPH_BASELINE_SRC=<checkout>/src for the side-by-side figure"
    )
    return [
        _row(
            "cold check CPU per record (run_check, all threads)",
            n,
            per_record["refgraph"],
            "ms",
            note,
            "baseline checkout" if peer else "",
            peer,
        )
    ]


def run(quick: bool = False) -> list[dict[str, object]]:
    """Return the benchmark rows (see the module docstring)."""
    n = 2_000 if quick else 10_000
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        records, bib, _ = write_corpus(n, tmp / "corpus")
        rows = _latency_rows(n, tmp, records, bib)
        rows += _process_rows(n, tmp, records, bib)
        rows += _cpu_rows(n, tmp, records, bib)
    return rows


if __name__ == "__main__":
    import sys

    for row in run(quick="--quick" in sys.argv):
        print(row)
