"""E-utilities fetch benchmark: 10,000 PMIDs from the fake server at NCBI's 3 requests/s.

Measures, against :class:`refgraph.testing.fake_eutils.FakeEutils` with its rate limit at
3/s (a real socket on 127.0.0.1):

- the cold run: requests sent, 429s received, wall time against the floor the limit sets
  (``requests / 3`` seconds);
- the warm run (a new client on the same cache): requests sent (should be 0) and wall time,
  both for ``fetch_records`` alone and including parsing every record into ``PubmedRecord``
  (from raw XML: this run also stores each parsed record's JSON in the cache);
- the cached run (a third client): every record parsed, now from the cached JSON.

Records are synthetic: generated :class:`~refgraph.model.PubmedRecord` values serialised by
:func:`refgraph.pubmed.parse.record_to_xml`.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from refgraph.cache import RecordCache
from refgraph.eutils import EutilsClient
from refgraph.model import Author, PubmedRecord
from refgraph.pubmed.write import record_to_xml
from refgraph.testing.fake_eutils import FakeEutils

AREA = "eutils"
FIRST_PMID = 30000001


def _records(count: int) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for n in range(FIRST_PMID, FIRST_PMID + count):
        record = PubmedRecord(
            pmid=str(n),
            title=f"Outcomes of therapy in cohort {n}: a <i>synthetic</i> study",
            journal="Journal of Synthetic Hepatology",
            journal_abbrev="J Synth Hepatol",
            volume=str(n % 60 + 1),
            issue=str(n % 12 + 1),
            year=str(2000 + n % 25),
            month="Mar",
            pages=f"{n % 800 + 1}-{n % 800 + 12}",
            doi=f"10.5555/synth.{n}",
            authors=(
                Author(last="Kantarjian", first="Hagop M", initials="HM"),
                Author(last="Doe", first="Jane", initials="J", suffix="Jr"),
                Author(collective="Synthetic Study Group"),
            ),
            language=("eng",),
            publication_types=("Journal Article", "Randomized Controlled Trial"),
            mesh=("Liver", "Drug-Induced Liver Injury"),
            abstract="Background: synthetic. Methods: generated. Results: none. NCT01564784.",
        )
        out[str(n)] = record_to_xml(record).encode()
    return out


def _row(measure: str, size: int, value: float, unit: str, note: str = "",
         peer: str = "", peer_value: float | None = None) -> dict[str, object]:  # fmt: skip
    return {"area": AREA, "measure": measure, "size": size, "value": value, "unit": unit,
            "peer": peer, "peer_value": peer_value, "note": note}  # fmt: skip


def run(quick: bool = False) -> list[dict[str, object]]:
    """Run the cold and warm fetch of ``10,000`` (quick: 1,000) PMIDs; return result rows."""
    size = 1000 if quick else 10000
    records = _records(size)
    pmids = list(records)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp, FakeEutils(records=records, rate_limit=3.0) as fake:
        cache_path = Path(tmp) / "bench.sqlite"
        with EutilsClient(fake.url, email="bench@example.org",
                          cache=RecordCache(cache_path)) as client:  # fmt: skip
            started = time.perf_counter()
            result = client.fetch_records(pmids)
            cold = time.perf_counter() - started
            requests_cold = client.request_count
            client.cache.close()  # type: ignore[union-attr]
        assert len(result.records) == size, "records lost"
        throttled = sum(1 for r in fake.requests if r.status == 429)
        floor = requests_cold / 3.0
        rows += [
            _row("cold fetch: requests", size, requests_cold, "requests", "limit: <= 50"),
            _row("cold fetch: HTTP 429 received", size, throttled, "responses", "must be 0"),
            _row("cold fetch: wall time", size, cold, "s", f"{cold / floor - 1:+.1%} vs floor",
                 "floor requests/3 s", floor),
        ]  # fmt: skip
        fake.clear_requests()
        with EutilsClient(fake.url, cache=RecordCache(cache_path)) as client:
            started = time.perf_counter()
            warm_result = client.fetch_records(pmids)
            warm = time.perf_counter() - started
            parsed = warm_result.records.values()  # parses every record (one pass)
            warm_parsed = time.perf_counter() - started
            requests_warm = client.request_count + len(fake.requests)
            client.cache.close()  # type: ignore[union-attr]
        assert len(parsed) == size
        rows += [
            _row("warm fetch: requests", size, requests_warm, "requests", "must be 0"),
            _row("warm fetch: wall time", size, warm, "s", "cache lookup, records parsed lazily",
                 "limit", 2.0),
            _row("warm fetch + parse all (from XML, stores JSON)", size, warm_parsed, "s",
                 f"{size / warm_parsed:,.0f} records/s end to end", "limit", 2.0),
        ]  # fmt: skip
        best = float("inf")
        for _ in range(1 if quick else 3):
            with EutilsClient(fake.url, cache=RecordCache(cache_path)) as client:
                started = time.perf_counter()
                cached = client.fetch_records(pmids).records.values()
                best = min(best, time.perf_counter() - started)
                requests_cached = client.request_count + len(fake.requests)
                client.cache.close()  # type: ignore[union-attr]
            assert list(cached) == list(parsed), "cached JSON differs from the parsed XML"
        rows += [
            _row("cached run, all records parsed (JSON)", size, best, "s",
                 f"{requests_cached} requests; best of {1 if quick else 3}", "limit", 2.0),
        ]  # fmt: skip
    return rows


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(row)
