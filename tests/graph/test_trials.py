"""Trials: registry numbers, acronyms, aliases and reports edges."""

from __future__ import annotations

import pytest

from refgraph.graph import build_graph, trial_groups
from refgraph.graph.trials import TrialMention, acronyms_in, trial_aliases, trial_mentions
from refgraph.model import Author, PubmedRecord, Reference


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("results from the open-label, randomised, phase 3 INO-VATE study", ("INO-VATE",)),
        ("final analysis of the ALFA-0701 trial", ("ALFA-0701",)),
        ("the EORTC-GIMEMA AML-19 trial", ("EORTC-GIMEMA AML-19",)),
        ("leukaemia (ALFA-0701): a randomised, open-label, phase 3 study", ("ALFA-0701",)),
        ("a randomised phase 3 trial (AML-19) of", ("AML-19",)),
        ("anti-CD22 conjugate; CD-22 study; Mini-Hyper-CVD study; COVID-19 study", ()),
        ("INO-VATE showed", ()),  # no trial/study after it: not taken as a trial
        # a word acronym in brackets after the full name; not a design or a registry number
        ("the Systolic Blood Pressure Intervention Trial (SPRINT) PARTICIPANTS", ("SPRINT",)),
        ("the Heart Outcomes Study (HOPeS) and a trial (RCT) registered (NCT01206062)",
         ("HOPeS",)),
    ],
)
def test_acronyms_in(text: str, expected: tuple[str, ...]) -> None:
    assert acronyms_in(text) == expected


def test_registry_numbers_from_databank_and_text() -> None:
    ref = Reference(key="a", annotation="(registered as NCT00000001)")
    record = PubmedRecord(pmid="1", databanks=(("ClinicalTrials.gov", "NCT01564784"),))
    names = {m.name: m.source for m in trial_mentions(ref, record)}
    assert names == {"NCT01564784": "pubmed", "NCT00000001": "annotation"}


def test_acronym_alias_needs_one_registry_number() -> None:
    m = {
        "a": [TrialMention("ALFA-0701", False, "", ""), TrialMention("NCT00927498", True, "", "")],
        "b": [TrialMention("X-1", False, "", ""), TrialMention("NCT1", True, "", ""),
              TrialMention("NCT2", True, "", "")],
    }
    assert trial_aliases(m) == {"ALFA-0701": "NCT00927498"}


def test_two_publications_of_one_trial_are_connected_through_the_trial_node() -> None:
    refs = [
        Reference(key="Castaigne2012", pmid="1", authors=(Author(last="Castaigne"),), year="2012",
                  title="Effect of gemtuzumab ozogamicin on survival of adult patients with"
                  " de-novo acute myeloid leukaemia (ALFA-0701): a randomised, open-label,"
                  " phase 3 study."),
        Reference(key="Lambert2019", pmid="2", authors=(Author(last="Lambert"),), year="2019",
                  title="Gemtuzumab ozogamicin: final analysis of the ALFA-0701 study."),
    ]
    records = {"2": PubmedRecord(pmid="2", databanks=(("ClinicalTrials.gov", "NCT00927498"),))}
    graph = build_graph(refs, records).graph
    assert graph.nodes["NCT00927498"]["label"] == "ALFA-0701 (NCT00927498)"
    assert graph.nodes["NCT00927498"]["kind"] == "trial"
    assert graph.has_edge("Castaigne2012", "NCT00927498", "reports")
    assert graph.has_edge("Lambert2019", "NCT00927498", "reports")
    (group,) = trial_groups(graph)
    assert group.primary == "Castaigne2012"
    assert group.members == (("Castaigne2012", "primary", 0), ("Lambert2019", "follow_up_of", 1))


def test_an_acronym_named_with_its_registry_number_is_that_trial() -> None:
    one = PubmedRecord(pmid="1", title="Drug X for Y", abstract="(Funded by Z; ABCD"
                       " ClinicalTrials.gov number, NCT00000001.)")
    two = PubmedRecord(pmid="2", title="Ten years of X: the ABCD trial and its extension",
                       abstract="The ABCD trial (NCT00000001) and its extension"
                       " (NCT00000002) are registered.")
    three = PubmedRecord(pmid="3", title="Five years of X in the ABCD trial")
    mentions = {r.pmid: trial_mentions(Reference(key=r.pmid), r) for r in (one, two, three)}
    assert [(m.name, m.pairs_with) for m in mentions["1"]] == [("NCT00000001", ""),
                                                               ("ABCD", "NCT00000001")]
    # the second work names two registry numbers, but the acronym's own is said
    assert trial_aliases(mentions) == {"ABCD": "NCT00000001"}
    covid = PubmedRecord(pmid="4", abstract="the COVID-19 study (NCT00000003)")
    assert [m.name for m in trial_mentions(Reference(key="4"), covid)] == ["NCT00000003"]


@pytest.mark.parametrize("group", ["ABCD Research Group", "ABCD Trial Committees and Investigators",
                                   "ABCD Investigators and Committees"])
def test_a_trial_group_author_pairs_the_acronym_with_the_registry_number(group: str) -> None:
    # the primary report names only its registry number and its group; a later work names
    # only the acronym: the group author joins them
    one = PubmedRecord(pmid="1", title="Drug X for Y", trials=("NCT00000001",),
                       authors=(Author(last="Doe", initials="J"), Author(collective=group)))
    two = PubmedRecord(pmid="2", title="Costs of X in the ABCD study")
    mentions = {r.pmid: trial_mentions(Reference(key=r.pmid), r) for r in (one, two)}
    assert trial_aliases(mentions) == {"ABCD": "NCT00000001"}


def test_a_pooled_analysis_names_its_trials_without_the_noun() -> None:
    pooled = PubmedRecord(pmid="3", title="Drug X across Y: a patient-level, pooled"
                          " meta-analysis of ABCD-HF and DELTA")
    names = [m.name for m in trial_mentions(Reference(key="3"), pooled)]
    assert names == ["ABCD-HF", "DELTA"]
    plain = PubmedRecord(pmid="4", title="Drug X in ABCD-HF and DELTA patients")
    assert trial_mentions(Reference(key="4"), plain) == ()



@pytest.mark.parametrize(("authors", "title", "cue"), [
    # the extension's group author names it; or the title, as the study's name
    ((Author(collective="ABCD-EXTEND Research Group"),), "Survival after X or Y",
     "author: ABCD-EXTEND Research Group"),
    ((Author(last="Doe", initials="J"),), "Survival after X or Y: the ABCD-EXT study",
     "title: ABCD-EXT"),
])
def test_an_extension_study_of_the_trial_is_a_follow_up(
    authors: tuple[Author, ...], title: str, cue: str
) -> None:
    # the extension report names the trial only in sentences not about itself
    one = PubmedRecord(pmid="1", title="A randomized trial of X versus Y", year="2020",
                       trials=("NCT00000001",), publication_types=("Randomized Controlled Trial",),
                       authors=(Author(collective="ABCD Research Group"),))
    two = PubmedRecord(pmid="2", title=title, year="2023", authors=authors,
                       abstract="The ABCD trial compared X with Y. Extended follow-up for"
                       " mortality is ongoing.", publication_types=("Journal Article",))
    refs = [Reference(key=f"R{r.pmid}", pmid=r.pmid, title=r.title, year=r.year)
            for r in (one, two)]
    graph = build_graph(refs, {"1": one, "2": two}).graph
    data = graph.get_edge_data("R2", "R1", "follow_up_of")
    assert data is not None and data["pubmed_cue"] == cue
    assert graph.has_edge("R2", "NCT00000001", "reports")
