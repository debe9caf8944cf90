"""Reading a record's relation from its title, abstract and publication types; primary reports."""

from __future__ import annotations

import pytest

from refgraph.graph.metadata import Member, classify_record, family_edges, primary_report, readings

#: real titles (PubMed) and the relation a reader gives them against their trial's report
TITLES = [
    ("Gemtuzumab ozogamicin for de novo acute myeloid leukemia: final efficacy and safety"
     " updates from the open-label, phase III ALFA-0701 trial.", "follow_up_of"),
    ("Five-Year Survival with Combined Nivolumab and Ipilimumab in Advanced Melanoma.",
     "follow_up_of"),
    ("Final, 10-Year Outcomes with Nivolumab plus Ipilimumab in Advanced Melanoma.",
     "follow_up_of"),
    ("Overall survival at 5 years of follow-up in a phase III trial comparing ipilimumab 10"
     " mg/kg with 3 mg/kg in patients with advanced melanoma.", "follow_up_of"),
    ("Medicinal arsenic poisoning: 27-year follow-up.", "follow_up_of"),
    # "post-hoc" qualifies the 5-year results of the whole trial: later results, not a
    # secondary analysis (the abstract: "We present results from 5 years of follow-up")
    ("Pembrolizumab versus ipilimumab in advanced melanoma (KEYNOTE-006): post-hoc 5-year"
     " results from an open-label, multicentre, randomised, controlled, phase 3 study.",
     "follow_up_of"),
    ("Patient-reported outcomes from a phase 3 randomized controlled trial of inotuzumab"
     " ozogamicin versus standard therapy for relapsed/refractory acute lymphoblastic"
     " leukemia.", "secondary_analysis_of"),
    ("Health-related quality of life in adults with relapsed/refractory acute lymphoblastic"
     " leukemia treated with blinatumomab.", "secondary_analysis_of"),
    ("Addition of gemtuzumab ozogamicin to induction chemotherapy in adult patients with"
     " acute myeloid leukaemia: a meta-analysis of individual patient data from randomised"
     " controlled trials.", "pooled_analysis_of"),
    ("Intensive chemotherapy with or without gemtuzumab ozogamicin in patients with"
     " NPM1-mutated acute myeloid leukaemia (AMLSG 09-09): a randomised, open-label,"
     " multicentre, phase 3 trial.", "reports"),
    ("Re: Long-term results of the X trial.", "reports"),  # a letter quoting a title
]


@pytest.mark.parametrize(("title", "relation"), TITLES)
def test_title_cues(title: str, relation: str) -> None:
    assert classify_record(title).relation == relation


#: real abstract sentences: the paper speaking of itself, or of something else
ABSTRACTS = [
    ("We report the final planned analysis of OPTiM, a randomized open-label phase III trial.",
     "follow_up_of"),
    ("This article reports the final INO-VATE results (≥2 years of follow-up) and additional"
     " analyses of patient characteristics associated with improved outcomes.", "follow_up_of"),
    ("Here, we report the final, 10-year results of this trial.", "follow_up_of"),
    ("This post hoc analysis evaluated 5-year progression-free survival and mature overall"
     " survival in patients classified by clinical risk and HRD status.",
     "secondary_analysis_of"),
    ("An individual patient data analysis of these trials was planned, before their results"
     " were known.", "pooled_analysis_of"),
    ("Previous results from this trial showed longer overall survival.", "reports"),
    ("Subgroup analyses showed a consistent benefit.", "reports"),
    ("A previous meta-analysis of these trials found no benefit.", "reports"),
    # a later report pointing back to an earlier report of its trial
    ("An interim analysis of data from the HIV Prevention Trials Network (HPTN) 052 trial"
     " showed that therapy prevented more than 96% of infections.", "follow_up_of"),
    ("The initial results of the ABCD study have been published.", "follow_up_of"),
    ("Previously reported results of the ABCD trial showed a benefit.", "follow_up_of"),
    # ... but not its own report, nor the primary analysis a secondary analysis names
    ("Data obtained through December 2021 are included in this interim report.", "reports"),
    ("We report the first results of the ABCD trial.", "reports"),
    ("The primary analysis of the ABCD trial showed a benefit.", "reports"),
    ("The initial results of the ABCD study showed a benefit. In this post hoc analysis we"
     " looked at age.", "secondary_analysis_of"),
]


@pytest.mark.parametrize(("sentence", "relation"), ABSTRACTS)
def test_abstract_cues_only_where_the_paper_speaks_of_itself(sentence: str, relation: str) -> None:
    assert classify_record("Nivolumab in melanoma", (), sentence).relation == relation


def test_title_outranks_abstract_and_genre_yields_to_content() -> None:
    found = classify_record("Long-term follow-up of the X trial", ("Letter",),
                            "In this post hoc analysis we looked at age.")
    assert found.relation == "follow_up_of"  # the title's tier first
    assert set(found.competing) == {"secondary_analysis_of", "comment_on"}
    assert classify_record("On X", ("Letter", "Comment")).relation == "comment_on"


def test_readings_carry_field_and_phrase() -> None:
    found = readings("Final analyses of OPTiM", "We report the final planned analysis.",
                     ("Journal Article", "Meta-Analysis"))
    assert [r.evidence for r in found] == [
        "title: Final analyses", "publication type: Meta-Analysis",
        "abstract: final planned analysis"]


def _m(key: str, year: int, title: str, types: tuple[str, ...] = (), **kw: object) -> Member:
    return Member(key=key, pmid=key[-2:], date=(year, 0), title=title,
                  publication_types=types, **kw)  # type: ignore[arg-type]


def test_primary_report_skips_comments_reviews_and_later_reports() -> None:
    members = [
        _m("Letter2011", 2011, "A trial of X", ("Letter",)),
        _m("Review2011", 2011, "Trials of X: a review", ("Review",)),
        _m("Final2010", 2010, "Final results of the phase 3 trial of X"),
        _m("Design2009", 2009, "Rationale for X", ("Journal Article",)),
        _m("Report2012", 2012, "X versus Y: a randomised phase 3 trial",
           ("Randomized Controlled Trial",)),
        _m("Report2013", 2013, "X versus Y: 12-month results of a phase 3 trial"),
    ]
    primary = primary_report(members)
    assert primary is not None and primary.key == "Report2012"


def test_family_edges_skip_earlier_works_notices_and_located_comments() -> None:
    primary = _m("Report2012", 2012, "X versus Y: a randomised phase 3 trial",
                 ("Randomized Controlled Trial",))
    members = [
        primary,
        _m("Early2010", 2010, "Long-term results of the X trial"),  # before the primary
        _m("Erratum2013", 2013, "Erratum", ("Published Erratum",)),
        _m("Letter2013", 2013, "On X", ("Letter",), comments_on=("99",)),  # names its paper
        _m("Letter2014", 2014, "On X", ("Letter",)),
        _m("Update2015", 2015, "Long-term results of the X trial", trial_evidence="title: X-1"),
    ]
    found, proposals = family_edges(members, in_list=frozenset({"99"}))
    assert found is primary
    assert [(p.source, p.relation) for p in proposals] == [
        ("Letter2014", "comment_on"), ("Update2015", "follow_up_of")]
    assert proposals[1].evidence == ("title: Long-term results", "title: X-1")


@pytest.mark.parametrize(("title", "relation"), [
    ("Drug X in Y (ABCD): post hoc long-term follow-up of a phase 3 trial", "follow_up_of"),
    ("Drug X in Y: a post hoc analysis of 5-year survival in the ABCD trial",
     "secondary_analysis_of"),  # "post hoc" qualifies an analysis, not the follow-up
])
def test_post_hoc_that_qualifies_a_follow_up_cue_is_no_secondary_analysis(
    title: str, relation: str
) -> None:
    assert classify_record(title).relation == relation


@pytest.mark.parametrize(("title", "relation"), [
    ("Eight years of drug X: results from the open-label extension of the ABCD trial",
     "follow_up_of"),
    ("Drug X in Y: results of the ABCD trial extension", "follow_up_of"),
    ("Drug X and the extension of survival in Y: a phase 3 trial", "reports"),
    ("Drug X for Y (ABCD): end-of-study results from a randomised phase 3 study",
     "follow_up_of"),
    ("Drug X for Y (ABCD study): overall survival results from a randomised phase 3 study",
     "follow_up_of"),
])
def test_extension_and_end_of_study_cues(title: str, relation: str) -> None:
    assert classify_record(title).relation == relation


def test_a_design_paper_is_never_the_primary_report() -> None:
    members = [
        _m("Design2014", 2014, "The design and rationale of a multicenter clinical trial of"
           " X: the ABCD trial", ("Randomized Controlled Trial",)),
        _m("Protocol2014", 2014, "Drug X in Y: study protocol for a randomised controlled"
           " trial", ("Randomized Controlled Trial",)),
        _m("Report2015", 2015, "A Randomized Trial of X versus Y",
           ("Randomized Controlled Trial",)),
        _m("Final2021", 2021, "Final report of a trial of X versus Y"),
    ]
    found, proposals = family_edges(members)
    assert found is not None and found.key == "Report2015"
    assert [(p.source, p.target, p.relation) for p in proposals] == [
        ("Final2021", "Report2015", "follow_up_of")]


def test_overall_survival_results_do_not_disqualify_a_primary_report() -> None:
    members = [_m("Report2012", 2012, "Drug X versus placebo in Y: overall survival results"
                  " of a randomised phase 3 trial", ("Randomized Controlled Trial",)),
               _m("Later2016", 2016, "Drug X in Y: end-of-study results of the phase 3 trial")]
    primary = primary_report(members)
    assert primary is not None and primary.key == "Report2012"


def test_an_extension_study_is_a_follow_up_and_never_the_primary_report() -> None:
    primary = _m("Report2020", 2020, "A randomized trial of X versus Y",
                 ("Randomized Controlled Trial",))
    extension = _m("Extend2019", 2019, "X versus Y: a randomized trial",
                   ("Randomized Controlled Trial",),
                   trial_evidence="author: ABCD-EXTEND Research Group")
    later = _m("Extend2023", 2023, "Survival after X or Y",
               trial_evidence="author: ABCD-EXTEND Research Group")
    age = _m("Age2023", 2023, "Survival after X or Y", abstract="In this post hoc analysis we"
             " looked at age.", trial_evidence="author: ABCD-EXTEND Research Group")
    found, proposals = family_edges([primary, extension, later, age])
    assert found is primary  # an extension's report, even an earlier one, is never primary
    assert [(p.source, p.relation, p.evidence) for p in proposals] == [
        # the abstract's own cue ranks with the group author's: the tie-break decides
        ("Age2023", "secondary_analysis_of",
         ("abstract: post hoc", "author: ABCD-EXTEND Research Group")),
        ("Extend2023", "follow_up_of", ("author: ABCD-EXTEND Research Group",)),
    ]


@pytest.mark.parametrize(("title", "relation"), [
    ("Safety and Efficacy of the X Vaccine through 6 Months.", "follow_up_of"),
    ("Outcomes of Drug Y versus Placebo after Five Years.", "follow_up_of"),
    ("Drug Y at 12 months in a randomized trial of Z.", "reports"),  # not at the end
])
def test_a_title_ending_on_a_period_is_a_follow_up(title: str, relation: str) -> None:
    assert classify_record(title).relation == relation


def test_a_period_title_does_not_disqualify_a_primary_report() -> None:
    first = Member("a", "1", (2020, 1), "Drug Y versus placebo in Z: a randomized trial through"
                   " 2 Years.")
    later = Member("b", "2", (2022, 1), "Drug Y versus placebo in Z through 5 Years.")
    primary, edges = family_edges([first, later])
    assert primary is first and [(e.source, e.relation) for e in edges] == [("b", "follow_up_of")]


@pytest.mark.parametrize(("abstract", "relation"), [
    ("The Learning Early about Peanut (LEAP) trial showed that early peanut prevented allergy."
     " We asked participants to avoid peanut for 12 months.", "follow_up_of"),
    ("The ABC study demonstrated that drug X lowers pressure. Here, outcomes are given.",
     "follow_up_of"),
    ("Earlier trials showed that drug X lowers pressure. We randomly assigned 100 patients.",
     "reports"),  # trials (plural): other trials
    ("This trial showed that drug X lowers pressure.", "reports"),  # the paper's own
])
def test_an_abstract_saying_what_the_trial_showed_is_a_later_report(
        abstract: str, relation: str) -> None:
    assert classify_record("Effect of avoidance on Z", abstract=abstract).relation == relation
