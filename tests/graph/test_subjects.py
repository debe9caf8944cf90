"""Cue attribution by grammatical subject: whose relation an annotation's cue states.

Rows marked "LiverTox" are real annotation sentences (the seed monograph, and the gemtuzumab
ozogamicin monograph's FDA-summary sentence quoted in issue 14); the others vary one
grammatical feature of them at a time.
"""

from __future__ import annotations

import pytest

from refgraph.graph import build_graph
from refgraph.graph.cues import CueText
from refgraph.graph.subjects import CITING, labelled_slot, slots_of
from refgraph.model import Author, Reference

FDA = ("Summary of the data supporting the 2017 reapproval, citing the ALFA-0701 trial"
       " [Castaigne 2012] and its final update [Lambert 2019]")

#: (annotation of the citing entry "Citing2020", {label: citing work's relation},
#:  {(labelled, antecedent): relation between the cited works})
ROWS = [
    pytest.param(  # LiverTox, inotuzumab ozogamicin (seed)
        "Further follow up of patients in a controlled trial [Kantarjian 2016] mentions that 15"
        " of 71 patients [21%] who underwent HCT after receipt of inotuzumab for ALL developed"
        " SOS", {"Kantarjian 2016": "follow_up_of"}, {}, id="livertox-further-follow-up"),
    pytest.param(  # LiverTox, inotuzumab ozogamicin (seed)
        "Secondary analysis of liver related adverse events in a large controlled trial of"
        " inotuzumab vs placebo [Kantarjian 2016], with follow up data on all 326 patients"
        " enrolled, reported elevations in ALT in 15% vs 13%",
        {"Kantarjian 2016": "secondary_analysis_of"}, {}, id="livertox-secondary-analysis"),
    pytest.param(  # LiverTox, gemtuzumab ozogamicin (issue 14)
        FDA, {"Castaigne 2012": "cites", "Lambert 2019": "cites"},
        {("Lambert 2019", "Castaigne 2012"): "follow_up_of"}, id="livertox-fda-summary"),
    pytest.param(
        "Summary of the data, citing the trial [Castaigne 2012] and the updated results"
        " [Lambert 2019]", {"Castaigne 2012": "cites", "Lambert 2019": "cites"},
        {("Lambert 2019", "Castaigne 2012"): "follow_up_of"}, id="coordinated-no-possessive"),
    pytest.param(
        "Randomized trial of gemtuzumab in 280 patients; its final update [Later 2023]"
        " confirmed the results", {"Later 2023": "cites"},
        {("Later 2023", "Citing2020"): "follow_up_of"}, id="possessive-refers-to-citing"),
    pytest.param(
        "Final update of the trial [Castaigne 2012] with 5 years of follow up",
        {"Castaigne 2012": "follow_up_of"}, {}, id="cue-with-object-of"),
    pytest.param(
        "Long-term results [Castaigne 2012].", {"Castaigne 2012": "follow_up_of"}, {},
        id="sentence-head-describes-citing"),
    pytest.param(
        "Review citing a meta-analysis [Hills 2014] and the trial [Castaigne 2012]",
        {"Hills 2014": "cites", "Castaigne 2012": "cites"}, {}, id="labelled-without-antecedent"),
    pytest.param(
        "Among 326 patients [Kantarjian 2016], complete remissions were more frequent with"
        " inotuzumab [81% vs 29%]", {"Kantarjian 2016": "cites"}, {}, id="no-cue"),
]

YEARS = {"Kantarjian": "2016", "Castaigne": "2012", "Lambert": "2019", "Hills": "2014",
         "Later": "2023"}


def _library(annotation: str) -> list[Reference]:
    refs = [Reference(key=f"{name}{year}", authors=(Author(last=name),), year=year)
            for name, year in YEARS.items()]
    refs.append(Reference(key="Citing2020", authors=(Author(last="Citing"),), year="2020",
                          annotation=annotation))
    return refs


@pytest.mark.parametrize(("annotation", "citing", "pairs"), ROWS)
def test_cue_goes_to_its_grammatical_subject(
    annotation: str, citing: dict[str, str], pairs: dict[tuple[str, str], str]
) -> None:
    graph = build_graph(_library(annotation)).graph
    key = {f"{n} {y}": f"{n}{y}" for n, y in YEARS.items()} | {"Citing2020": "Citing2020"}
    for label, relation in citing.items():
        assert set(graph["Citing2020"][key[label]]) == {relation}, label
    between = {(u, v, k) for u, v, k in graph.edges(keys=True)
               if u != "Citing2020" and k != "reports"}
    assert between == {(key[a], key[b], r) for (a, b), r in pairs.items()}


def test_pair_edge_evidence_names_the_annotation_it_came_from() -> None:
    graph = build_graph(_library(FDA)).graph
    data = graph.get_edge_data("Lambert2019", "Castaigne2012", "follow_up_of")
    assert data["via"] == "annotation"
    assert data["evidence"] == f"annotation of Citing2020: {FDA}"
    assert data["cue"] == "final update"


def test_acronym_labelling_a_reference_is_the_cited_works_trial() -> None:
    graph = build_graph(_library(FDA)).graph
    assert graph.has_edge("Castaigne2012", "ALFA-0701", "reports")
    assert not graph.has_edge("Citing2020", "ALFA-0701", "reports")
    evidence = graph.get_edge_data("Castaigne2012", "ALFA-0701", "reports")["evidence"]
    assert evidence == "annotation of Citing2020: ALFA-0701 trial [Castaigne 2012]"


@pytest.mark.parametrize(
    ("text", "cue", "labelled"),
    [
        (FDA, "final update", 1),
        ("the long-term results by Lambert et al. 2019 were", "long-term results", 0),
        ("Long-term results of the trial [A 2012]", "Long-term results", -1),
        ("a trial [A 2012] whose final analysis of survival [B 2019] showed", "final analysis",
         1),
        ("an update, see [A 2012]", "update", -1),
    ],
)
def test_labelled_slot(text: str, cue: str, labelled: int) -> None:
    offsets = [text.index(name) for name in ("A 2012", "Castaigne", "B 2019", "Lambert")
               if name in text]
    starts, _, _ = slots_of(text, offsets)
    at = text.index(cue)
    assert labelled_slot(text, at, at + len(cue), starts, len(text)) == labelled


def test_pairs_report_the_antecedent() -> None:
    text = CueText.from_flat(FDA, [FDA.index("Castaigne"), FDA.index("Lambert")])
    assert [(slot, before, relation) for slot, before, relation, _, _ in text.pairs()] == [
        (1, 0, "follow_up_of")]
    alone = "Trial; its final update [Y 2019]"
    assert CueText.from_flat(alone, [alone.index("Y")]).pairs()[0][1] == CITING
