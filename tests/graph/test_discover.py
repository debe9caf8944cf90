"""discover() against the fake E-utilities server (real sockets, no mocks)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from refgraph.config import Settings
from refgraph.eutils.client import EutilsClient
from refgraph.graph import build_graph
from refgraph.graph.discover import discover
from refgraph.model import PubmedRecord
from refgraph.pubmed.write import record_to_xml
from refgraph.testing.fake_eutils import FakeEutils

from ._seed import TRIAL, seed_records, seed_references

NEW = {
    # found by esearch NCT01564784[si]: a final analysis of the trial
    "31000001": PubmedRecord(pmid="31000001", year="2019", title="Final results of INO-VATE.",
                             publication_types=("Journal Article",),
                             databanks=(("ClinicalTrials.gov", TRIAL),)),
    # cites the trial report and names the acronym: a post hoc analysis
    "31000002": PubmedRecord(pmid="31000002", year="2020",
                             title="Post hoc analysis of the phase 3 INO-VATE study by age.",
                             publication_types=("Journal Article",)),
    # cites the trial report but is about something else: not suggested
    "31000003": PubmedRecord(pmid="31000003", year="2020", title="A review of CD22 antibodies.",
                             publication_types=("Review",)),
}


def start(factory: Callable[..., FakeEutils]) -> FakeEutils:
    records = {**seed_records(), **NEW}
    return factory(
        {pmid: record_to_xml(r).encode() for pmid, r in records.items()},
        rate_limit=None, key_rate_limit=None,
        links={("27292104", "pubmed_pubmed_citedin"): ["31000002", "31000003", "27959739"]},
        searches={f"{TRIAL}[si]": ["31000001", "27292104", "28687420"]},
    )


def test_discover_lists_missing_publications_of_the_trial(
    fake_eutils_factory: Callable[..., FakeEutils], tmp_path: Path
) -> None:
    fake = start(fake_eutils_factory)
    refs = seed_references()
    graph = build_graph(refs, seed_records()).graph
    settings = Settings(eutils_url=fake.url, cache_path=tmp_path / "cache.sqlite")
    with EutilsClient.from_settings(settings) as client:
        found = discover(graph, refs, client)
    assert [(s.pmid, s.relation, s.trial) for s in found] == [
        ("31000001", "follow_up_of", TRIAL),
        ("31000002", "secondary_analysis_of", TRIAL),
    ]
    assert found[0].found_by == f"esearch {TRIAL}[si]"
    assert found[1].found_by == "cites PMID 27292104"
    assert "INO-VATE" in found[1].evidence
    assert found[0].related_to == "Kantarjian2016"
    terms = [r for r in fake.requests if "esearch" in str(r)]
    assert terms, "discover must ask esearch"
