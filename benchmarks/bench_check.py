"""Benchmark ``check``: N cited PMIDs against the fake E-utilities server at 3 requests/s.

The request floor is what NCBI's limit allows: ``ceil(N / batch)`` efetch requests at 3/s,
the first one free, i.e. ``(requests - 1) / 3`` seconds. The first run (empty cache) should
stay within 15% of it; a second run over the same cache sends no request at all.

Records are generated here (PubmedRecord -> ``record_to_xml``), references are their
:func:`~refgraph.pubmed.parse.record_to_reference` views, so every verdict should be ``ok``.
"""

from __future__ import annotations

import math
import tempfile
import time
from pathlib import Path

from refgraph.cache import RecordCache
from refgraph.check import run_check
from refgraph.eutils.client import EutilsClient
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.pubmed.reference import record_to_reference
from refgraph.pubmed.write import record_to_xml
from refgraph.testing import FakeEutils

JOURNALS = (
    ("The New England journal of medicine", "N Engl J Med"),
    ("The Lancet. Oncology", "Lancet Oncol"),
    ("British journal of haematology", "Br J Haematol"),
    ("JAMA oncology", "JAMA Oncol"),
)
RATE = 3.0
BATCH = 200


def _records(n: int) -> list[PubmedRecord]:
    out = []
    for i in range(n):
        full, abbrev = JOURNALS[i % len(JOURNALS)]
        out.append(
            PubmedRecord(
                pmid=str(20_000_000 + i),
                title=f"Outcome {i} of inotuzumab ozogamicin in cohort {i % 97}.",
                journal=full,
                medline_ta=abbrev,
                volume=str(100 + i % 300),
                issue=str(1 + i % 12),
                year=str(1990 + i % 35),
                pages=f"{100 + i % 900}-{110 + i % 900}",
                authors=(Author(last=f"Author{i % 1000}", first="Ann", initials="A"),),
                publication_types=("Journal Article",),
            )
        )
    return out


def _run(refs: list[Reference], url: str, cache: Path) -> tuple[float, int, dict[str, int]]:
    start = time.perf_counter()
    with EutilsClient(url, cache=RecordCache(cache), rate=RATE, batch_size=BATCH) as client:
        report = run_check(refs, client)
        requests = client.request_count
    return time.perf_counter() - start, requests, report.counts


def run(quick: bool = False) -> list[dict[str, object]]:
    """Return benchmark rows (first run vs the request floor; cached second run)."""
    n = 1_000 if quick else 10_000
    records = _records(n)
    raw = {r.pmid: record_to_xml(r).encode("utf-8") for r in records}
    refs = [record_to_reference(r, key=f"ref{i}") for i, r in enumerate(records)]
    floor = (math.ceil(n / BATCH) - 1) / RATE
    with tempfile.TemporaryDirectory() as tmp, FakeEutils(raw, rate_limit=RATE) as fake:
        cache = Path(tmp) / "cache.sqlite"
        first, requests, counts = _run(refs, fake.url, cache)
        second, cached_requests, counts2 = _run(refs, fake.url, cache)
    assert counts == counts2 == {"ok": n}, (counts, counts2)
    note = f"verdicts {counts}; floor {floor:.1f} s for {math.ceil(n / BATCH)} requests at 3/s"
    return [
        {
            "area": "check", "measure": "first run (empty cache), 3 req/s", "size": n,
            "value": first, "unit": "s", "peer": "request floor", "peer_value": floor,
            "note": f"{requests} requests; {first / floor - 1:+.1%} over floor; {note}",
        },
        {
            "area": "check", "measure": "second run (cached)", "size": n, "value": second,
            "unit": "s", "peer": "target", "peer_value": 3.0,
            "note": f"{cached_requests} requests",
        },
    ]  # fmt: skip


if __name__ == "__main__":
    for row in run():
        print(row)
