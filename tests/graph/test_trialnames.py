"""Trials named by their full name: positives, Title Case negatives, groups, the graph."""

from __future__ import annotations

import pytest

from refgraph.graph import build_graph
from refgraph.graph.trialnames import full_names_in, group_full_name, trial_label
from refgraph.model import Author, PubmedRecord, Reference


@pytest.mark.parametrize(("text", "expected"), [
    ("Long-term follow-up of the West of Scotland Coronary Prevention Study.",
     "West of Scotland Coronary Prevention Study"),
    ("Prevention of coronary heart disease with pravastatin in men with hypercholesterolemia."
     " West of Scotland Coronary Prevention Study Group.",
     "West of Scotland Coronary Prevention Study"),
    ("Randomised trial of cholesterol lowering in 4444 patients with coronary heart disease:"
     " the Scandinavian Simvastatin Survival Study (4S).",
     "Scandinavian Simvastatin Survival Study"),
    ("Final report on the aspirin component of the ongoing Physicians' Health Study.",
     "Physicians' Health Study"),
    ("Long-term complications in insulin-dependent diabetes mellitus. The Diabetes Control and"
     " Complications Trial Research Group.", "Diabetes Control and Complications Trial"),
    ("Risk factor changes and mortality results. Multiple Risk Factor Intervention Trial"
     " Research Group.", "Multiple Risk Factor Intervention Trial"),
    ("Coffee and mortality in the Nurses\u2019 Health Study", "Nurses' Health Study"),
    ("Lipoprotein(a) in the Framingham Heart Study: a 30-year analysis",
     "Framingham Heart Study"),
    ("Cost-effectiveness of simvastatin in the Heart Protection Study", "Heart Protection Study"),
    ("Baseline Characteristics of Participants in the Antihypertensive and Lipid-Lowering"
     " Treatment to Prevent Heart Attack Trial",
     "Antihypertensive and Lipid-Lowering Treatment to Prevent Heart Attack Trial"),
])
def test_a_full_name_is_a_trial(text: str, expected: str) -> None:
    assert [name for name, _ in full_names_in(text)] == [expected]


def test_the_acronym_in_brackets_is_kept() -> None:
    assert full_names_in("design of the Systolic Blood Pressure Intervention Trial (SPRINT)") == (
        ("Systolic Blood Pressure Intervention Trial", "SPRINT"),)


@pytest.mark.parametrize("text", [
    "Effect of X on Y: A Randomized Controlled Phase 3 Trial",
    "Results of the Multicenter Open-Label Extension Study",
    "Long-Term Safety of Drug X: Final Results of the Phase 3 Open-Label Extension Study",
    "Efficacy of Vitamin D on Falls: A Double-Blind Placebo-Controlled Crossover Trial",
    "Sepsis Prediction in the Emergency Room: Development and Usability Study",
    "Nurses' Experiences of Telehealth: Mixed Methods Study",
    "Rationale and Design of the Pilot Feasibility Study",
    "Mortality After Hip Fracture: A Nationwide Population-Based Cohort Study",
    "Anticoagulation in Atrial Fibrillation: Insights From the Danish Nationwide Registry Study",
    "Genome-Wide Association Study of Blood Pressure in the Present Study",
    "The Rotterdam Study: 2024 Objectives and Design Update",
    "Outcomes of Hodgkin Lymphoma in the German Hodgkin Study Group trials",
    "Treatment of Childhood Leukemia: The Children's Oncology Group Study",
    "Results From the Cross-Sectional Survey Study of Medical Students",
    "A Mendelian Randomization Study of Body Mass Index and Stroke",
    "Heart failure outcomes in a Community Health Center Study",
    "Findings from the Global Burden of Disease Study",
    "effect of exercise in the ALLHAT Study and the SPRINT Trial",  # acronyms: trials.py
    "a randomized trial in older adults; the study was stopped early",
])
def test_title_case_titles_are_no_trial(text: str) -> None:
    assert full_names_in(text) == ()


@pytest.mark.parametrize(("author", "expected"), [
    ("West of Scotland Coronary Prevention Study Group",
     "West of Scotland Coronary Prevention Study"),
    ("Scandinavian Simvastatin Survival Study Group", "Scandinavian Simvastatin Survival Study"),
    ("Heart Protection Study Collaborative Group", "Heart Protection Study"),
    ("Writing Group for the Women's Health Initiative Investigators", "Women's Health Initiative"),
    ("The Action to Control Cardiovascular Risk in Diabetes Study Group",
     "Action to Control Cardiovascular Risk in Diabetes Study"),
    ("German Hodgkin Study Group", ""),  # a cooperative group: places and diseases only
    ("Polish Adult Leukemia Study Group", ""),
    ("Kidney Study Group", ""),
    ("Early Breast Cancer Trialists' Collaborative Group", ""),
    ("Children's Oncology Group", ""),
    ("International Stroke Study Group", ""),
    ("NIH Consensus Development Panel", ""),
])
def test_collective_authors(author: str, expected: str) -> None:
    assert group_full_name(author) == expected


def test_label_prefers_the_acronym() -> None:
    assert trial_label("NCT01206062", ["SPRINT", "Systolic Blood Pressure Intervention Trial"]
                       ) == "SPRINT (NCT01206062)"
    assert trial_label("", ["Heart Protection Study"]) == "Heart Protection Study"


def _ref(key: str, year: str, title: str) -> Reference:
    return Reference(key=key, pmid=key[-1], authors=(Author(last=key[:-5]),), year=year,
                     title=title)


def test_publications_naming_one_full_name_form_one_trial() -> None:
    refs = [
        _ref("Smith1995", "1995", "Prevention of coronary events with drug X. Northern"
             " Lipid Intervention Study Group."),
        _ref("Jones2007", "2007", "Long-term follow-up of the Northern Lipid Intervention Study."),
    ]
    records = {"5": PubmedRecord(pmid="5", title=refs[0].title,
                                 publication_types=("Randomized Controlled Trial",)),
               "7": PubmedRecord(pmid="7", title=refs[1].title)}
    graph = build_graph(refs, records).graph
    trial = "Northern Lipid Intervention Study"
    assert graph.nodes[trial]["label"] == trial and graph.nodes[trial]["kind"] == "trial"
    assert graph.has_edge("Smith1995", trial, "reports")
    assert graph.has_edge("Jones2007", "Smith1995", "follow_up_of")


def test_a_full_name_given_with_its_acronym_is_the_acronym_s_trial() -> None:
    refs = [
        _ref("Smith1995", "1995", "Drug X in men: the Northern Lipid Intervention Study (NOLOS)."),
        _ref("Jones2007", "2007", "Long-term follow-up of the Northern Lipid Intervention Study."),
        _ref("Brown2009", "2009", "Twenty-year results of the NOLOS trial."),
    ]
    graph = build_graph(refs, {}).graph
    assert graph.nodes["NOLOS"]["label"] == "NOLOS"
    assert "Northern Lipid Intervention Study" not in graph
    assert {u for u, _, k in graph.in_edges("NOLOS", keys=True) if k == "reports"} == {
        "Smith1995", "Jones2007", "Brown2009"}


def test_a_full_name_beside_an_acronym_does_not_undo_the_registry_pairing() -> None:
    one = PubmedRecord(pmid="1", title="Blood pressure in the ABCD trial",
                       abstract="The Heart Protection Study showed ...",
                       databanks=(("ClinicalTrials.gov", "NCT00000001"),))
    two = PubmedRecord(pmid="2", title="Five-year results of the ABCD trial")
    refs = [Reference(key="a1", pmid="1", year="2010"), Reference(key="b2", pmid="2",
                                                                  year="2015")]
    graph = build_graph(refs, {"1": one, "2": two}).graph
    assert graph.nodes["NCT00000001"]["label"] == "ABCD (NCT00000001)"
    assert "Heart Protection Study" not in graph  # an abstract of a registered trial's report
