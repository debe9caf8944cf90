"""PubMed XML parsing speed: ``parse_pubmed_xml`` and ``iter_article_xml`` in records/s.

The input is a ``PubmedArticleSet`` of 10,000 records made from the real efetch recordings
in ``tests/data/eutils/`` (every recorded article, repeated with new PMIDs in the
``MedlineCitation/PMID``). The peer is a plain ``lxml.etree.iterparse`` pass over the same
bytes that only reads each record's PMID (and clears the element). A third row reads the
same records back from their compact JSON form (what the record cache keeps), next to
``json.loads`` of the same strings.

Run: ``.venv/bin/python -m benchmarks --only pubmedxml``.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from refgraph.pubmed.parse import iter_article_xml, parse_pubmed_xml, wrap_articles
from refgraph.pubmed.record_json import record_from_json, record_to_json

ROOT = Path(__file__).resolve().parent.parent
RECORDINGS = ROOT / "tests" / "data" / "eutils"
AREA = "pubmedxml"


def recorded_articles() -> list[tuple[str, bytes]]:
    """Every ``(pmid, raw record)`` in the recorded efetch PubMed bodies, sorted by path."""
    found: list[tuple[str, bytes]] = []
    for path in sorted(RECORDINGS.rglob("*.xml")):
        head = path.read_bytes()[:600]
        if b"<PubmedArticleSet" not in head:
            continue
        found.extend(iter_article_xml(path.read_bytes(), str(path)))
    return found


def synthetic_set(n: int) -> bytes:
    """A PubmedArticleSet of ``n`` real records, renumbered 90000001, 90000002, ..."""
    articles = recorded_articles()
    out = []
    for i in range(n):
        pmid, raw = articles[i % len(articles)]
        new = str(90_000_001 + i)
        out.append(raw.replace(f">{pmid}</PMID>".encode(), f">{new}</PMID>".encode(), 1))
    return wrap_articles(out)


def peer_iterparse(data: bytes) -> int:
    """The plain lxml pass: iterparse each article, read its PMID, clear it."""
    count = 0
    for _, el in etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=("PubmedArticle", "PubmedBookArticle"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    ):
        pmid = el.findtext("MedlineCitation/PMID") or el.findtext("BookDocument/PMID")
        count += bool(pmid)
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]
    return count


def _best(function: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def run(quick: bool = False) -> list[dict[str, object]]:
    n = 1_000 if quick else 10_000
    repeat = 1 if quick else 3
    data = synthetic_set(n)
    records = parse_pubmed_xml(data)
    assert len(records) == n
    texts = [record_to_json(r) for r in records]
    assert [record_from_json(t) for t in texts] == list(records)
    assert peer_iterparse(data) == n
    peer = n / _best(lambda: peer_iterparse(data), repeat)
    parse = n / _best(lambda: parse_pubmed_xml(data), repeat)
    split = n / _best(lambda: list(iter_article_xml(data)), repeat)
    note = f"{len(data) / 1e6:.1f} MB, real recordings renumbered; best of {repeat}"
    row = {
        "area": AREA,
        "size": n,
        "unit": "records/s",
        "peer": "lxml iterparse (PMID only)",
        "peer_value": round(peer),
        "note": note,
    }
    from_json = n / _best(lambda: [record_from_json(t) for t in texts], repeat)
    loads = n / _best(lambda: [json.loads(t) for t in texts], repeat)
    size = sum(map(len, texts)) / n
    return [
        {**row, "measure": "parse_pubmed_xml", "value": round(parse)},
        {**row, "measure": "iter_article_xml (split, byte-identical)", "value": round(split)},
        {**row, "measure": "record_from_json (cached parsed form)", "value": round(from_json),
         "peer": "json.loads of the same strings", "peer_value": round(loads),
         "note": f"{size:,.0f} bytes of JSON per record; best of {repeat}"},
    ]  # fmt: skip
