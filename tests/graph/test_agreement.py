"""Annotation cues and PubMed metadata on one pair: agreement strengthens, conflict is listed."""

from __future__ import annotations

from refgraph.graph import build_graph
from refgraph.model import Author, PubmedRecord, Reference

TRIAL = "NCT00927498"
PRIMARY = PubmedRecord(pmid="1", year="2012", title="X versus Y (ALFA-0701): a randomised,"
                       " open-label, phase 3 study.",
                       publication_types=("Randomized Controlled Trial",),
                       databanks=(("ClinicalTrials.gov", TRIAL),))
FINAL = PubmedRecord(pmid="2", year="2019", title="Final efficacy and safety updates from the"
                     " ALFA-0701 trial.", publication_types=("Clinical Trial, Phase III",),
                     databanks=(("ClinicalTrials.gov", TRIAL),))
FDA = ("(Summary of the data supporting the 2017 reapproval, citing the ALFA-0701 trial"
       " [Castaigne 2012] and its final update [Lambert 2019].)")


def _refs(lambert_annotation: str = "", fda: str = FDA) -> list[Reference]:
    return [
        Reference(key="Castaigne2012", pmid="1", authors=(Author(last="Castaigne"),),
                  year="2012"),
        Reference(key="Lambert2019", pmid="2", authors=(Author(last="Lambert"),), year="2019",
                  annotation=lambert_annotation),
        Reference(key="Jen2018", pmid="3", authors=(Author(last="Jen"),), year="2018",
                  annotation=fda),
    ]


def test_fda_summary_sentence_with_records_agrees_with_pubmed() -> None:
    result = build_graph(_refs(), {"1": PRIMARY, "2": FINAL})
    graph = result.graph
    assert set(graph["Jen2018"]["Castaigne2012"]) == {"cites"}
    assert set(graph["Jen2018"]["Lambert2019"]) == {"cites"}
    data = graph.get_edge_data("Lambert2019", "Castaigne2012", "follow_up_of")
    assert data["via"] == "annotation+pubmed"  # two independent readings: a stronger edge
    items = data["evidence"].split(" | ")
    assert items[0].startswith("annotation of Jen2018: (Summary of the data")
    assert "title: Final efficacy and safety updates" in items
    assert not [p for p in result.problems if p.kind == "relation_conflict"]


def test_fda_summary_sentence_without_records() -> None:
    graph = build_graph(_refs()).graph
    assert {(u, v, k) for u, v, k in graph.edges(keys=True) if k != "reports"} == {
        ("Jen2018", "Castaigne2012", "cites"), ("Jen2018", "Lambert2019", "cites"),
        ("Lambert2019", "Castaigne2012", "follow_up_of")}


def test_disagreement_keeps_both_readings_on_one_edge_and_lists_the_conflict() -> None:
    refs = _refs("(Post hoc analysis of patients in the trial [Castaigne 2012].)", fda="")
    result = build_graph(refs, {"1": PRIMARY, "2": FINAL})
    edges = result.graph["Lambert2019"]["Castaigne2012"]
    assert set(edges) == {"secondary_analysis_of"}  # the annotation's reading is drawn
    data = edges["secondary_analysis_of"]
    assert data["via"] == "annotation+pubmed"
    assert data["conflict"] == ("annotation: secondary_analysis_of; PubMed metadata:"
                                " follow_up_of (title: Final efficacy and safety updates)")
    assert "PubMed metadata says follow_up_of: title: Final efficacy" in data["evidence"]
    (conflict,) = [p for p in result.problems if p.kind == "relation_conflict"]
    assert "Lambert2019 -> Castaigne2012" in conflict.text


def test_a_plain_mention_is_typed_by_pubmed_on_the_same_edge() -> None:
    refs = _refs("(Among 271 patients of the trial [Castaigne 2012], 5 had SOS.)", fda="")
    graph = build_graph(refs, {"1": PRIMARY, "2": FINAL}).graph
    edges = graph["Lambert2019"]["Castaigne2012"]
    assert set(edges) == {"follow_up_of"}  # no separate 'cites' edge left behind
    assert edges["follow_up_of"]["via"] == "annotation+pubmed"
    assert edges["follow_up_of"]["xref"] == "Castaigne 2012"
