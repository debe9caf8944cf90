"""Relation cues and the tie-break table."""

from __future__ import annotations

import pytest

from refgraph.graph.cues import CUES, RELATIONS, TIE_BREAK, classify
from refgraph.graph.metadata import classify_record

CUE_PHRASES = [
    ("Further follow up of patients in a trial [Smith 2016].", "follow_up_of"),
    ("Final follow-up of the cohort [Smith 2016].", "follow_up_of"),
    ("Long-term results of a trial [Smith 2016].", "follow_up_of"),
    ("Updated results of a trial [Smith 2016].", "follow_up_of"),
    ("Final results of the phase 3 trial [Smith 2016].", "follow_up_of"),
    ("Secondary analysis of adverse events [Smith 2016].", "secondary_analysis_of"),
    ("Post hoc analysis of the trial [Smith 2016].", "secondary_analysis_of"),
    ("Subgroup analysis of older patients [Smith 2016].", "secondary_analysis_of"),
    ("Exploratory analysis of biomarkers [Smith 2016].", "secondary_analysis_of"),
    ("Meta-analysis of five trials [Smith 2016].", "pooled_analysis_of"),
    ("Pooled analysis of three trials including [Smith 2016].", "pooled_analysis_of"),
    ("Letter commenting on a trial [Smith 2016].", "comment_on"),
    ("Erratum to the trial report [Smith 2016].", "erratum_for"),
    ("Retraction of the trial report [Smith 2016].", "retraction_of"),
    ("An update of the guideline [Smith 2016].", "update_of"),
    ("Among 30 patients with ALL [Smith 2016], 20% responded.", "cites"),
]


@pytest.mark.parametrize(("text", "relation"), CUE_PHRASES, ids=[r for _, r in CUE_PHRASES])
def test_each_cue_gives_its_relation(text: str, relation: str) -> None:
    assert classify(text, text.index("[")).relation == relation


def test_every_relation_with_cues_is_covered_by_the_table() -> None:
    covered = {relation for _, relation in CUE_PHRASES}
    assert set(CUES) <= covered
    assert [name for name, _ in TIE_BREAK][-1] == "cites"
    assert set(RELATIONS) == {*CUES, "cites", "reports"}


TIES = [
    # (text, winner, loser): the table, not the order of appearance, decides
    ("Secondary analysis with follow up of patients [X 2016] and long-term results.",
     "secondary_analysis_of", "follow_up_of"),
    ("Long-term results and post hoc pooled analysis of trials [X 2016].",
     "pooled_analysis_of", "secondary_analysis_of"),
    ("Letter reporting further follow up of a trial [X 2016].", "follow_up_of", "comment_on"),
    ("Erratum correcting the updated results of [X 2016].", "erratum_for", "follow_up_of"),
    ("Retraction of a meta-analysis [X 2016].", "retraction_of", "pooled_analysis_of"),
]


@pytest.mark.parametrize(("text", "winner", "loser"), TIES)
def test_tie_break_table_decides_between_cues(text: str, winner: str, loser: str) -> None:
    result = classify(text, text.index("["))
    assert result.relation == winner
    assert loser in result.competing


def test_cue_in_the_sentence_of_the_xref_wins_over_other_sentences() -> None:
    text = "Meta-analysis of five trials. Further follow up of patients [X 2016] showed more."
    assert classify(text, text.index("[")).relation == "follow_up_of"
    assert classify(text).relation == "pooled_analysis_of"


def test_evidence_is_the_sentence_with_the_cue() -> None:
    text = "Among 9 patients. Further follow up of patients [X 2016]\n mentions SOS."
    assert classify(text, text.index("[")).evidence == (
        "Further follow up of patients [X 2016] mentions SOS."
    )


@pytest.mark.parametrize(
    ("title", "types", "relation"),
    [
        ("Inotuzumab for ALL.", ("Letter", "Comment"), "comment_on"),
        ("Erratum: Inotuzumab for ALL.", ("Published Erratum",), "erratum_for"),
        ("Long-term results of INO-VATE.", ("Journal Article",), "follow_up_of"),
        ("Subgroup analysis of INO-VATE.", ("Letter",), "secondary_analysis_of"),
        ("Inotuzumab versus standard therapy.", ("Randomized Controlled Trial",), "reports"),
    ],
)
def test_classify_record_uses_title_and_publication_types(
    title: str, types: tuple[str, ...], relation: str
) -> None:
    assert classify_record(title, types).relation == relation
