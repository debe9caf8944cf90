"""Typed relations from PubMed metadata on reference lists without annotations.

Six real trial families (tests/data/trials, assembled from public facts): the expected
typed edges must be found (>= 90%), and no edge may be forbidden, a self-edge, or lack
``field: phrase`` evidence. Six more families, added after the typing was tuned
(``trial-families-new.json``), are checked edge by edge: every expected edge but the miss
named below, and no other typed edge.
"""

from __future__ import annotations

import re
from dataclasses import replace

import networkx as nx
import pytest

from refgraph.graph import build_graph
from refgraph.graph.rules import forbidden
from refgraph.model import PubmedRecord, Reference

from ._families import (
    Family,
    all_records,
    families,
    fifth_families,
    fourth_families,
    new_families,
    references,
    seventh_families,
    sixth_families,
    third_families,
)

FIELDS = ("title", "abstract", "publication type", "DataBankList", "annotation",
          "CommentsCorrections", "ReferenceList", "elink", "inferred", "author", "as cited",
          "PubMed record")
EVIDENCE_ITEM = re.compile(rf"^(?:{'|'.join(re.escape(f) for f in FIELDS)})(?: of \S+)?: \S")


def _graph(records: dict[str, PubmedRecord]) -> nx.MultiDiGraph:
    return build_graph(references(records), records).graph


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return _graph(all_records())


def _key(graph: nx.MultiDiGraph, pmid: str) -> str:
    return str(next(n for n, d in graph.nodes(data=True) if d.get("pmid") == pmid))


def test_expected_typed_edges_are_found(graph: nx.MultiDiGraph) -> None:
    expected = [edge for fam in families() for edge in fam.expected]
    missing = [(s, t, r) for s, t, r in expected
               if not graph.has_edge(_key(graph, s), _key(graph, t), r)]
    assert len(expected) >= 14
    assert 1 - len(missing) / len(expected) >= 0.9, missing


@pytest.mark.parametrize("pmid, relation, target, phrase", [
    ("30076173", "follow_up_of", "22482940", "title: final efficacy and safety updates"),
    ("30920645", "follow_up_of", "27292104", "title: Final report"),
    ("29508899", "secondary_analysis_of", "27292104", "title: Patient-reported"),
    ("28889792", "follow_up_of", "26027431", "abstract: 3-year overall survival"),
    ("39282897", "follow_up_of", "26027431", "title: 10-Year Outcomes"),
    ("25156992", "pooled_analysis_of", "23121403", "abstract: individual patient data"),
    ("27342831", "secondary_analysis_of", "26014293",
     "title: in the OPTiM Phase III Clinical Trial"),
])
def test_each_edge_names_the_field_and_phrase_that_typed_it(
    graph: nx.MultiDiGraph, pmid: str, relation: str, target: str, phrase: str
) -> None:
    data = graph.get_edge_data(_key(graph, pmid), _key(graph, target), relation)
    assert data is not None and data["via"] == "pubmed"
    assert data["evidence"].split(" | ")[0] == phrase
    assert data["pubmed_cue"] == phrase


def test_the_same_trial_is_part_of_the_evidence(graph: nx.MultiDiGraph) -> None:
    data = graph.get_edge_data(_key(graph, "30076173"), _key(graph, "22482940"), "follow_up_of")
    assert "DataBankList: ClinicalTrials.gov NCT00927498" in data["evidence"].split(" | ")


def test_no_forbidden_edge_no_self_edge_and_evidence_everywhere(graph: nx.MultiDiGraph) -> None:
    kinds = {n: d.get("work_type", "trial") if d["kind"] == "reference" else "trial"
             for n, d in graph.nodes(data=True)}
    years = {n: int(d.get("year") or 0) for n, d in graph.nodes(data=True)}
    for u, v, key, data in graph.edges(keys=True, data=True):
        assert u != v
        assert not forbidden(key, kinds[u], kinds[v], years[u], years[v]), (u, v, key)
        for item in data["evidence"].split(" | "):
            assert EVIDENCE_ITEM.match(item), (u, v, key, item)


def test_works_that_name_no_trial_get_no_typed_edge(graph: nx.MultiDiGraph) -> None:
    for pmid in ("25008258", "29476018"):  # a meta-analysis and an FDA summary
        node = _key(graph, pmid)
        assert [k for _, _, k in graph.out_edges(node, keys=True)] == []


def test_primary_report_is_the_earliest_trial_report(graph: nx.MultiDiGraph) -> None:
    targets = {v for _, v, k in graph.edges(keys=True) if k == "follow_up_of"}
    assert {graph.nodes[t]["pmid"] for t in targets} == {
        "22482940", "27292104", "26027431", "26014293", "28359784"}


def test_without_abstracts_only_the_abstract_typed_edges_go() -> None:
    records = {p: replace(r, abstract="") for p, r in all_records().items()}
    graph = _graph(records)
    wolchok, larkin = _key(graph, "28889792"), _key(graph, "26027431")
    assert not graph.has_edge(wolchok, larkin, "follow_up_of")  # typed by its abstract
    assert graph.has_edge(_key(graph, "31562797"), larkin, "follow_up_of")  # by its title


def test_result_does_not_depend_on_the_order_of_the_list() -> None:
    records = all_records()
    refs = references(records)
    one = build_graph(refs, records).graph
    other = build_graph(list(reversed(refs)), records).graph
    assert sorted(one.edges(keys=True, data=True)) == sorted(other.edges(keys=True, data=True))


TYPED = frozenset({"follow_up_of", "secondary_analysis_of", "pooled_analysis_of", "update_of",
                   "comment_on", "erratum_for", "retraction_of"})
def _typed(family: Family) -> set[tuple[str, str, str]]:
    """The typed edges (source PMID, target PMID, relation) drawn among a family's records."""
    graph = _graph(family.records)
    pmid = {n: d.get("pmid") for n, d in graph.nodes(data=True)}
    return {(pmid[u], pmid[v], k) for u, v, k in graph.edges(keys=True) if k in TYPED}


#: expected edges refgraph does not draw, and why (asserted, so a fix shows up here)
NEW_MISSES = {
    # a subgroup analysis by age whose title and abstract carry no cue ("... in Adults Aged
    # >=75 Years: A Randomized Clinical Trial"; "patients ... who participated in SPRINT")
    ("27195814", "26551272", "secondary_analysis_of"),
}


def test_a_trial_named_by_its_full_name_is_a_family() -> None:
    # WOSCOPS (1995) has no registry number and its papers no acronym: the full name, in
    # the titles, the 2016 abstract and the collective author appended to the 1995 title
    (family,) = [f for f in new_families() if f.name.startswith("WOSCOPS")]
    graph = _graph(family.records)
    trial = "West of Scotland Coronary Prevention Study"
    assert graph.nodes[trial]["kind"] == "trial" and graph.nodes[trial]["label"] == trial
    assert {graph.nodes[u]["pmid"] for u, _, k in graph.in_edges(trial, keys=True)
            if k == "reports"} == {"7566020", "17928596", "26864092"}
    data = graph.get_edge_data(_key(graph, "26864092"), _key(graph, "7566020"), "follow_up_of")
    assert f"abstract: {trial}" in data["evidence"].split(" | ")


@pytest.mark.parametrize("family", new_families(), ids=lambda f: f.name.split(" (")[0])
def test_new_families_edge_by_edge(family: Family) -> None:
    typed = _typed(family)
    assert typed == set(family.expected) - NEW_MISSES


#: third batch (trial-families-3.json): expected edges not drawn, and typed edges drawn that
#: a reader would not draw, each with why (asserted, so a fix shows up here)
THIRD_MISSES = {
    # a subgroup analysis by heart-failure duration "in DAPA-HF": no cue in title or abstract
    ("33164553", "31535829", "secondary_analysis_of"),
}
THIRD_EXTRA = {
    # an independent cost-effectiveness model that only takes SPRINT's published effects:
    # "cost-effectiveness" types it like the trial group's own analysis (a simulation model
    # too: only its authors tell them apart)
    ("27627731", "26551272", "secondary_analysis_of"),
}


@pytest.mark.parametrize("family", third_families(), ids=lambda f: f.name.split(" (")[0])
def test_third_families_edge_by_edge(family: Family) -> None:
    typed = _typed(family)
    pmids = set(family.records)
    extra = {e for e in THIRD_EXTRA if e[0] in pmids}
    assert typed == (set(family.expected) - THIRD_MISSES) | extra


def test_an_earlier_report_named_in_the_abstract_types_a_follow_up() -> None:
    # HPTN 052's final report: "An interim analysis of data from the ... 052 trial showed"
    (family,) = [f for f in third_families() if f.name.startswith("HPTN")]
    graph = _graph(family.records)
    data = graph.get_edge_data(_key(graph, "27424812"), _key(graph, "21767103"), "follow_up_of")
    assert data is not None and data["pubmed_cue"] == "abstract: interim analysis"


@pytest.mark.parametrize("twice", [False, True])
def test_layout_does_not_depend_on_the_order_of_the_list(twice: bool) -> None:
    """Nodes, adjacency orders, edge attributes and problems, with records and citations
    (the passes that take the entries in key order), with and without a key given twice."""
    import random

    records = all_records()
    refs = references(records)
    if twice:
        refs.append(replace(refs[3], title=refs[3].title + " (again)"))
    pmids = [ref.pmid for ref in refs if ref.pmid]
    citations = {pmids[i]: pmids[i + 1:i + 4] for i in range(0, len(pmids), 2)}

    def layout(refs: list[Reference]) -> list[object]:
        result = build_graph(refs, records, citations=citations)
        graph = result.graph
        return [list(graph.nodes(data=True)),
                [(u, v, k, list(d.items())) for u, v, k, d in graph.edges(keys=True, data=True)],
                [(v, list(graph.pred[v])) for v in graph], result.problems]

    expected = layout(refs)
    assert bool(expected[3]) == twice  # the key given twice
    assert any(row[3][2] == ("via", "elink") for row in expected[1])
    for seed in range(3):
        shuffled = refs[:]
        random.Random(seed).shuffle(shuffled)
        assert layout(shuffled) == expected


#: fourth batch (trial-families-4.json): expected edges not drawn, each with why (asserted,
#: so a fix shows up here)
#: none left: the meta-analysis listing "the RE-LY, ROCKET AF, ARISTOTLE, and ENGAGE AF-TIMI 48
#: trials" pools all four since acronyms of several tokens are read (spacedacronyms.py)
FOURTH_MISSES: set[tuple[str, str, str]] = set()


@pytest.mark.parametrize("family", fourth_families(), ids=lambda f: f.name.split(" (")[0])
def test_fourth_families_edge_by_edge(family: Family) -> None:
    typed = _typed(family)
    assert typed == set(family.expected) - FOURTH_MISSES


#: fifth batch (trial-families-5.json): every expected edge is drawn and no other (RECOVERY's
#: three reports, one per comparison of the platform trial, none); nothing left
FIFTH_MISSES: set[tuple[str, str, str]] = set()


@pytest.mark.parametrize("family", fifth_families(),
                         ids=lambda f: f.name.split(" (")[0].split(",")[0])
def test_fifth_families_edge_by_edge(family: Family) -> None:
    typed = _typed(family)
    assert typed == set(family.expected) - FIFTH_MISSES


def _fifth(name: str) -> nx.MultiDiGraph:
    (family,) = [f for f in fifth_families() if f.name.startswith(name)]
    return _graph(family.records)


def test_each_comparison_reported_together_has_its_own_follow_up() -> None:
    # UKPDS 33 (glucose) and UKPDS 38 (blood pressure), September 1998; UKPDS 38 names the
    # trial only bare in its title ("...: UKPDS 38."), read since "Study (UKPDS)" names it
    graph = _fifth("UKPDS")
    assert {graph.nodes[u]["pmid"] for u, _, k in graph.in_edges("ISRCTN75451837", keys=True)
            if k == "reports"} == {"9742976", "9732337", "18784090", "18784091"}
    data = graph.get_edge_data(_key(graph, "18784091"), _key(graph, "9732337"), "follow_up_of")
    assert data is not None and data["pubmed_cue"] == "title: Long-term follow-up"


def test_the_report_online_first_is_the_platform_trials_first() -> None:
    # the dexamethasone report, printed 2021, was online in July 2020: before the
    # hydroxychloroquine report (November 2020); its "final results of this assessment" are
    # its own comparison's, so no edge joins the platform trial's reports
    graph = _fifth("RECOVERY")
    assert not [k for _, _, k in graph.edges(keys=True) if k in TYPED]


def test_a_republication_and_a_secondary_analysis_reach_the_retracted_report() -> None:
    # the 2013 record names no trial: it joins PREDIMED through its 2018 republication
    # (same first author, the title begun by its own)
    graph = _fifth("PREDIMED")
    old = _key(graph, "23432189")
    assert graph.get_edge_data(old, "PREDIMED", "reports")["evidence"].startswith(
        "title: Primary prevention of cardiovascular disease with a Mediterranean diet (begins")
    data = graph.get_edge_data(_key(graph, "29897866"), old, "update_of")
    assert data["pubmed_cue"] == "abstract: withdrawn our previously published report"
    assert graph.has_edge(_key(graph, "29897867"), old, "retraction_of")


def test_a_follow_on_study_is_not_given_to_the_trials_earlier_reports() -> None:
    # "ACCORD Follow-on (ACCORDION) study" makes ACCORDION a trial node (left: a follow-on
    # study's node is not told from a trial's); ACCORD's 2008 report names its own trial, so
    # the follow-up edge does not give it ACCORDION, nor through it the 2010 analysis
    graph = _fifth("ACCORD")
    assert {graph.nodes[u]["pmid"] for u, _, k in graph.in_edges("ACCORDION", keys=True)
            if k == "reports"} == {"26822326"}


#: sixth batch (trial-families-6.json): every expected edge is drawn and no other; nothing left
SIXTH_MISSES: set[tuple[str, str, str]] = set()


@pytest.mark.parametrize("family", sixth_families(), ids=lambda f: f.name.split(" (")[0])
def test_sixth_families_edge_by_edge(family: Family) -> None:
    typed = _typed(family)
    assert typed == set(family.expected) - SIXTH_MISSES


def test_a_design_paper_before_the_results_takes_no_typed_edge() -> None:
    # EMPA-REG OUTCOME: "Rationale, design, and baseline characteristics of ..." (2014) is
    # no primary report; the kidney analysis is typed against the 2015 report
    (family,) = [f for f in sixth_families() if f.name.startswith("EMPA-REG")]
    graph = _graph(family.records)
    design = _key(graph, "24943000")
    assert not [k for u, v, k in graph.edges(keys=True) if k in TYPED and design in (u, v)]
    data = graph.get_edge_data(_key(graph, "27299675"), _key(graph, "26378978"),
                               "secondary_analysis_of")
    assert data is not None and data["pubmed_cue"] == "abstract: Prespecified renal outcomes"


#: seventh batch (trial-families-7.json): expected edges not drawn, and edges drawn that no
#: reader expects (asserted both ways, so a fix shows up here); see PROVENANCE.md
SEVENTH_MISSES: set[tuple[str, str, str]] = {
    # TODAY: "trial demonstrated that" (a result told as earlier) types it follow_up_of;
    # "Herein we describe the temporal changes in measures of ..." is no cue
    ("23704674", "22540912", "secondary_analysis_of"),
}
SEVENTH_WRONG: set[tuple[str, str, str]] = {
    ("23704674", "22540912", "follow_up_of"),
}


@pytest.mark.parametrize("family", seventh_families(), ids=lambda f: f.name.split(" (")[0])
def test_seventh_families_edge_by_edge(family: Family) -> None:
    typed = _typed(family)
    pmids = set(family.records)
    wrong = {e for e in SEVENTH_WRONG if e[0] in pmids}
    assert typed == (set(family.expected) - SEVENTH_MISSES) | wrong
