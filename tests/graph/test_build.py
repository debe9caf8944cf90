"""build_graph on the seed (records from the offline snapshot) and its invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.graph import build_graph, follow_ups, trial_groups
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.pubmed.parse import parse_pubmed_xml

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "refs" / "pubmed"


@pytest.fixture(scope="module")
def seed_graph():  # type: ignore[no-untyped-def]
    from refgraph.cli._common import load_inputs

    refs = load_inputs([str(ROOT / "refs" / "inotuzumab-ozogamicin.txt")], None).references
    records: dict[str, PubmedRecord] = {}
    for path in sorted(SNAPSHOT.glob("*.xml")):
        records.update((r.pmid, r) for r in parse_pubmed_xml(path.read_bytes(), str(path)))
    assert len(records) == 10
    return refs, records, build_graph(refs, records)


def _key(graph, pmid: str) -> str:  # type: ignore[no-untyped-def]
    return next(n for n, d in graph.nodes(data=True) if d.get("pmid") == pmid)


def test_seed_follow_up_and_secondary_analysis(seed_graph) -> None:  # type: ignore[no-untyped-def]
    _, _, result = seed_graph
    g = result.graph
    trial_report, letter, hepatic = (_key(g, p) for p in ("27292104", "27959739", "28687420"))
    follow = g.get_edge_data(letter, trial_report, "follow_up_of")
    assert follow["via"] == "annotation" and "Further follow up" in follow["evidence"]
    secondary = g.get_edge_data(hepatic, trial_report, "secondary_analysis_of")
    assert secondary["alternatives"] == (letter,)
    assert g.has_edge(letter, trial_report, "comment_on")  # PubMed CommentOn, kept apart
    assert result.problems == ()


def test_seed_trial_links(seed_graph) -> None:  # type: ignore[no-untyped-def]
    _, _, result = seed_graph
    g = result.graph
    assert g.nodes["NCT01564784"]["label"] == "INO-VATE (NCT01564784)"
    for pmid, source in (("27292104", "pubmed"), ("28687420", "pubmed"),
                         ("27959739", "inferred")):
        assert g.get_edge_data(_key(g, pmid), "NCT01564784", "reports")["via"] == source
    group = next(t for t in trial_groups(g) if t.trial == "NCT01564784")
    assert group.primary == _key(g, "27292104")
    assert [(r, d) for _, r, d in group.members] == [
        ("primary", 0), ("follow_up_of", 1), ("secondary_analysis_of", 1)]
    assert follow_ups(g, "27292104") == [_key(g, "27959739"), _key(g, "28687420")]


def test_seed_without_records_keeps_annotation_edges(seed_graph) -> None:  # type: ignore[no-untyped-def]
    refs, _, _ = seed_graph
    g = build_graph(refs).graph
    assert {k for _, _, k in g.edges(keys=True)} >= {"follow_up_of", "secondary_analysis_of"}
    assert not any(d.get("via") == "pubmed" for _, _, d in g.edges(data=True))


def test_citations_become_cites_edges() -> None:
    refs = [Reference(key="a", pmid="1"), Reference(key="b", pmid="2")]
    g = build_graph(refs, citations={"2": ["1", "999"]}).graph
    assert list(g.edges(keys=True, data="via")) == [("b", "a", "cites", "elink")]


NAMES = ["Smith", "Lee", "Kantarjian"]
refs_strategy = st.lists(
    st.builds(
        lambda i, name, year, cue, target, pt: Reference(
            key=f"{name}{year}x{i}", pmid=str(100 + i), authors=(Author(last=name),),
            year=str(year), publication_types=pt,
            annotation=f"({cue} [{target[0]} {target[1]}].)",
        ),
        st.integers(0, 10_000),
        st.sampled_from(NAMES),
        st.integers(2014, 2017),
        st.sampled_from(["Further follow up of", "Post hoc analysis of", "See", "Letter on"]),
        st.tuples(st.sampled_from(NAMES), st.integers(2014, 2017)),
        st.sampled_from([(), ("Letter",), ("Randomized Controlled Trial",)]),
    ),
    max_size=12,
    unique_by=lambda r: r.key,
)


@settings(max_examples=examples(60))
@given(refs=refs_strategy, data=st.data())
def test_order_independent_and_no_self_loops(refs: list[Reference], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(refs))
    one, two = build_graph(refs), build_graph(shuffled)
    edges_one = sorted((u, v, k, sorted(d.items())) for u, v, k, d in one.graph.edges(
        keys=True, data=True))
    edges_two = sorted((u, v, k, sorted(d.items())) for u, v, k, d in two.graph.edges(
        keys=True, data=True))
    assert edges_one == edges_two
    assert dict(one.graph.nodes(data=True)) == dict(two.graph.nodes(data=True))
    assert one.problems == two.problems
    assert not any(u == v for u, v in one.graph.edges())
