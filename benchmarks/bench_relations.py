"""Benchmark typing relations from PubMed metadata: 10,000 cited works, records cached.

The works are 2,000 synthetic trials of five publications each (a primary report, a
long-term follow-up, a post hoc analysis, a letter, a pooled analysis naming its trial and
the next one), every record with a DataBankList number and an abstract of about 1,300
characters. The records are put in the SQLite cache through the fake E-utilities server
first (untimed); then, timed: reading them back offline (``fetch_cited``) and building the
graph (trials, families, primary reports, typed edges). Target: < 5 s.

Usage: ``python -m benchmarks --only relations`` (``--quick``: 2,000 works).
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from refgraph.cache import RecordCache
from refgraph.eutils.client import EutilsClient
from refgraph.graph import build_graph
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.pubmed.reference import record_to_reference
from refgraph.pubmed.source import fetch_cited
from refgraph.pubmed.write import record_to_xml
from refgraph.testing import FakeEutils

WORDS = ("patients", "treatment", "survival", "response", "randomised", "placebo", "dose",
         "adverse", "events", "median", "months", "ratio", "hazard", "interval", "confidence",
         "remission", "relapse", "toxicity", "arm", "cohort", "baseline", "endpoint")
KINDS = (
    ("{drug} versus standard therapy in {disease}: a randomised, open-label, phase 3 trial",
     ("Journal Article", "Randomized Controlled Trial", "Clinical Trial, Phase III"), ""),
    ("Long-term outcomes of {drug} in {disease}: final results of the {acronym} trial",
     ("Journal Article", "Clinical Trial, Phase III"), "We report the final analysis."),
    ("{drug} in older patients with {disease}: a post hoc analysis of the {acronym} trial",
     ("Journal Article",), "This post hoc analysis assessed age."),
    ("{drug} for {disease}", ("Letter", "Comment"), ""),
    ("{drug} in {disease}: a pooled analysis of the {acronym} and {other} trials",
     ("Journal Article", "Meta-Analysis"), "We pooled individual patient data."),
)


def _abstract(rng: random.Random, lead: str) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(180))
    return f"BACKGROUND: {words[:600]}.\nMETHODS: {lead} {words[600:1100]}.\nRESULTS: ok."


def works(n: int, seed: int = 0) -> list[PubmedRecord]:
    """``n`` records in trials of five publications (see the module docstring)."""
    rng = random.Random(seed)
    out = []
    trials = max(1, n // len(KINDS))
    for t in range(trials):
        acronym, other = f"TRIAL-{t:05d}", f"TRIAL-{(t + 1) % trials:05d}"
        year = rng.randint(1995, 2015)
        for i, (title, types, lead) in enumerate(KINDS):
            pmid = str(30_000_000 + t * len(KINDS) + i)
            text = title.format(drug=f"Drugumab-{t % 97}", disease="leukaemia",
                                acronym=acronym, other=other)
            nct = f"NCT{10_000_000 + t:08d}"
            out.append(PubmedRecord(
                pmid=pmid, title=text + ".", year=str(year + i), medline_ta="J Trials",
                authors=(Author(last=f"Author{t % 500}", initials="A"),),
                publication_types=types, abstract=_abstract(rng, lead),
                databanks=(("ClinicalTrials.gov", nct),) if i < 3 else (),
                trials=(nct,) if i < 3 else ()))
    return out[:n]


def run(quick: bool = False) -> list[dict[str, object]]:
    n = 2_000 if quick else 10_000
    records = works(n)
    refs: list[Reference] = [record_to_reference(r, key=f"W{r.pmid}") for r in records]
    raw = {r.pmid: record_to_xml(r).encode() for r in records}
    with tempfile.TemporaryDirectory() as tmp, FakeEutils(raw, rate_limit=None,
                                                           key_rate_limit=None) as fake:
        cache = Path(tmp) / "cache.sqlite"
        with EutilsClient(fake.url, cache=RecordCache(cache)) as client:
            fetch_cited(client, refs)  # fills the cache (untimed)
        started, cpu = time.perf_counter(), time.process_time()
        with EutilsClient(fake.url, cache=RecordCache(cache), offline=True) as client:
            cited = fetch_cited(client, refs)
            loaded = {pmid: cited.records[pmid] for pmid in cited.records}
        read = time.perf_counter() - started
    started = time.perf_counter()
    graph = build_graph(refs, loaded).graph
    built = time.perf_counter() - started
    cpu = time.process_time() - cpu
    typed = sum(1 for _, _, k in graph.edges(keys=True)
                if k in ("follow_up_of", "secondary_analysis_of", "pooled_analysis_of",
                         "comment_on"))
    return [{
        "area": "graph", "measure": "typing relations, records+abstracts cached", "size": n,
        "value": read + built, "unit": "s", "peer": "", "peer_value": None,
        "note": f"read {read:.2f} s from the cache offline + build {built:.2f} s"
                f" (CPU {cpu:.2f} s);"
                f" {typed:,} typed edges for {n // len(KINDS):,} trials; target < 5 s"}]
