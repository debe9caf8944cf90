"""Trial acronyms of several space-separated tokens ("ROCKET AF", "ENGAGE AF-TIMI 48")."""

from __future__ import annotations

import pytest

from refgraph.graph import build_graph
from refgraph.graph.trials import acronyms_in, group_acronym, trial_aliases, trial_mentions
from refgraph.model import Author, PubmedRecord, Reference


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("results of the ABCD XY trial", ("ABCD XY",)),
        ("the WXYZ AB-TIMI 12 trial", ("WXYZ AB-TIMI 12",)),  # not "AB-TIMI" inside it
        ("the EFGH-IJ OUTCOME trial", ("EFGH-IJ OUTCOME",)),
        ("in the KLMN ACS 2-TIMI 51 study", ("KLMN ACS 2-TIMI 51",)),
        ("the PQRS MIND trial", ("PQRS MIND",)),  # not "MIND" too
        ("a randomised, double-blind ABCD XY phase 3 trial", ("ABCD XY",)),
        ("the Long Name Trial (ABCD XY) showed", ("ABCD XY",)),
        # a list: each name on its own, the spaced ones whole
        ("participants in the AB-CD, ABCD XY, EFGHIJ, and WXYZ AB-TIMI 12 trials",
         ("AB-CD", "ABCD XY", "EFGHIJ", "WXYZ AB-TIMI 12")),
        ("the ABCD XY and EFGH trials", ("ABCD XY", "EFGH")),
        # a group, a disease or an agency is no head; the next token may begin the name
        ("in the NSCLC AF trial", ()),
        ("the EORTC ABCD XY trial", ("ABCD XY",)),
        ("the NIH ABCD study", ("ABCD",)),
        # a phase in Roman numerals is no head
        ("updates from the open-label, phase III ABCD-0701 trial", ("ABCD-0701",)),
        ("a phase II ABCD XY trial", ("ABCD XY",)),
        # two letters are no head; a number alone is no second token
        ("the UK ABCD trial", ("ABCD",)),
        ("the ABCD-TIMI 58 trial", ("ABCD-TIMI",)),
        ("the ABCD 2 trial", ("ABCD 2",)),
        # a regimen or disease, a small word or a noun in capitals is no part of a name
        ("the ABCD COVID-19 study", ()),
        ("the ABCD AND EFGH trials", ("EFGH",)),
        ("the ABCD PHASE III trial", ("ABCD",)),  # not "ABCD PHASE III"
        ("ABCD XY showed", ()),  # no trial noun
        ("RESULTS OF THE ABCD XY TRIAL", ()),  # an all-capitals title
    ],
)
def test_spaced_acronyms_in(text: str, expected: tuple[str, ...]) -> None:
    assert acronyms_in(text) == expected


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("ABCD XY Investigators", "ABCD XY"),
        ("WXYZ AB-TIMI 12 Investigators", "WXYZ AB-TIMI 12"),
        ("EFGH-IJ OUTCOME Steering Committee", "EFGH-IJ OUTCOME"),
        ("NSCLC AF Study Group", ""),
        ("UK ABCD Investigators", ""),
        ("ABCD Investigators", "ABCD"),
    ],
)
def test_a_group_author_names_a_spaced_acronym(author: str, expected: str) -> None:
    assert group_acronym(author) == expected


def test_a_spaced_acronym_named_with_its_registry_number_is_that_trial() -> None:
    record = PubmedRecord(pmid="1", title="X versus Y", abstract="(Funded by Z; ABCD XY"
                          " ClinicalTrials.gov number, NCT00000001.)")
    mentions = trial_mentions(Reference(key="1"), record)
    assert [(m.name, m.pairs_with) for m in mentions] == [("NCT00000001", ""),
                                                          ("ABCD XY", "NCT00000001")]


def test_a_pooled_analysis_names_spaced_acronyms_without_the_noun() -> None:
    pooled = PubmedRecord(pmid="3", title="X across Y: a pooled analysis of ABCD XY and EFGH")
    assert [m.name for m in trial_mentions(Reference(key="3"), pooled)] == ["ABCD XY", "EFGH"]


def test_a_meta_analysis_of_trials_with_spaced_names_pools_them() -> None:
    reports = [
        PubmedRecord(pmid=str(i), title=f"Drug {i} versus Y", year="2011", trials=(nct,),
                     publication_types=("Randomized Controlled Trial",),
                     authors=(Author(last="Doe", initials="J"), Author(collective=group)))
        for i, (nct, group) in enumerate([("NCT00000001", "ABCD XY Investigators"),
                                          ("NCT00000002", "WXYZ AB-TIMI 12 Investigators")], 1)
    ]
    meta = PubmedRecord(pmid="9", title="X versus Y: a meta-analysis of randomised trials",
                        year="2014", publication_types=("Meta-Analysis",),
                        abstract="We did a meta-analysis of all participants in the ABCD XY"
                        " and WXYZ AB-TIMI 12 trials.")
    records = {r.pmid: r for r in [*reports, meta]}
    mentions = {p: trial_mentions(Reference(key=p), r) for p, r in records.items()}
    assert trial_aliases(mentions) == {"ABCD XY": "NCT00000001",
                                       "WXYZ AB-TIMI 12": "NCT00000002"}
    refs = [Reference(key=f"R{p}", pmid=p, title=r.title, year=r.year)
            for p, r in records.items()]
    graph = build_graph(refs, records).graph
    assert graph.has_edge("R9", "R1", "pooled_analysis_of")
    assert graph.has_edge("R9", "R2", "pooled_analysis_of")
    labels = {d["label"] for _, d in graph.nodes(data=True) if d.get("kind") == "trial"}
    assert labels == {"ABCD XY (NCT00000001)", "WXYZ AB-TIMI 12 (NCT00000002)"}
