"""Where a cold ``check`` at 10 requests/s spends its time after the last reply arrives.

A diagnostic for the 10 req/s line of ``bench_check`` (10,000 PMIDs, 1 s per reply, within
15% of the request floor ``(requests - 1) / rate`` = 4.9 s, i.e. done by 5.64 s). The
client's limiter sends the 50 requests in bursts of 10 (at most 10 in any 1.05 s), so the
last burst leaves at about 4.2 s and its 2,000 records arrive together about 1 s later.
Everything after that arrival is the tail: parsing, storing and comparing those records.

Two runs against the same fake server (its own process, 1 s per reply):

- **as shipped**: the wall time, when the last reply arrived and when its parse ended;
- **record reading skipped (a bound)**: the same run, but each record's fields are not
  read from its XML element: the parsed record is taken from a table built before the
  clock starts (the reply is still parsed by libxml2, split, serialised and stored; the
  references are still compared). No faster field reader can beat this run.

Times are from the start of ``run_check``; arrivals are when a reply's body was complete.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._checkrun import ROOT, serve, write_corpus

AREA = "tail10"
RATE = 10.0
LATENCY = 1.0

_DRIVER = r"""
import json, sys, time
from pathlib import Path
from lxml import etree
import refgraph.eutils.client as client_module
import refgraph.pubmed.split as split
from refgraph.cache import RecordCache
from refgraph.check import run_check
from refgraph.eutils.client import EutilsClient
from refgraph.pubmed.parse import parse_pubmed_xml
from refgraph.sources import load
bib, url, cache, records, mode = sys.argv[1:6]
refs = list(load(Path(bib)).references)
if mode == "bound":
    table = {r.pmid: r for r in parse_pubmed_xml(Path(records).read_bytes())}
    pmid_of = etree.XPath("string(MedlineCitation/PMID)")
    split.record_from_element = lambda el: table[pmid_of(el)]
log = []
parse = client_module._parse_efetch
def timed_parse(body):
    arrived = time.perf_counter()
    out = parse(body)
    log.append((arrived, time.perf_counter()))
    return out
client_module._parse_efetch = timed_parse
with EutilsClient(url, cache=RecordCache(cache), api_key="bench-key") as client:
    began = time.perf_counter()
    report = run_check(refs, client)
    seconds = time.perf_counter() - began
print(json.dumps({"seconds": seconds, "requests": client.request_count,
                  "last_arrival": max(a for a, _ in log) - began,
                  "last_parsed": max(b for _, b in log) - began,
                  "counts": report.counts}), flush=True)
"""


def _run(mode: str, tmp: Path, records: Path, bib: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "XDG_CACHE_HOME": str(tmp / mode)}
    with serve(records, latency=LATENCY) as fake:
        out = subprocess.run(
            [sys.executable, "-c", _DRIVER, str(bib), fake.url, str(tmp / f"{mode}.sqlite"),
             str(records / "records.xml"), mode],
            env=env, stdout=subprocess.PIPE, text=True, check=True, timeout=600,
        ).stdout  # fmt: skip
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    result["throttled"] = fake.throttled
    return result


def run(quick: bool = False) -> list[dict[str, object]]:
    """Return the benchmark rows (see the module docstring)."""
    n = 2_000 if quick else 10_000
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        records, bib, _ = write_corpus(n, tmp / "corpus")
        floor = (-(-n // 200) - 1) / RATE
        for mode, measure in (
            ("shipped", "cold check, 1 s per reply, 10 req/s"),
            ("bound", "the same, record fields not read (a bound)"),
        ):
            r = _run(mode, tmp, records, bib)
            seconds = float(r["seconds"])  # type: ignore[arg-type]
            rows.append({
                "area": AREA, "measure": measure, "size": n, "value": seconds, "unit": "s",
                "peer": "request floor", "peer_value": floor,
                "note": f"{seconds / floor - 1:+.1%} vs floor (target within 15%: "
                f"{floor * 1.15:.2f} s); last reply in at {float(r['last_arrival']):.2f} s "  # type: ignore[arg-type]
                f"(+{float(r['last_arrival']) / floor - 1:.1%}), parsed by "  # type: ignore[arg-type]
                f"{float(r['last_parsed']):.2f} s; {r['requests']} requests, "  # type: ignore[arg-type]
                f"{r['throttled']} x 429, verdicts {r['counts']}",
            })  # fmt: skip
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
