"""Typing of one trial's publications from their PubMed records: synthetic records, one
test per general rule (each fails without its rule)."""

from __future__ import annotations

from dataclasses import replace

import networkx as nx

from refgraph.graph import build_graph
from refgraph.keys import assign_keys
from refgraph.model import PubmedRecord
from refgraph.pubmed.reference import record_to_reference

NCT = (("ClinicalTrials.gov", "NCT09999999"),)
TYPED = frozenset({"follow_up_of", "secondary_analysis_of", "pooled_analysis_of", "update_of",
                   "comment_on", "erratum_for", "retraction_of"})


def _typed(*records: PubmedRecord) -> set[tuple[str, str, str]]:
    by_pmid = {r.pmid: r for r in records}
    refs = assign_keys([record_to_reference(r) for r in records])
    graph: nx.MultiDiGraph = build_graph(refs, by_pmid).graph
    pmid = {n: d.get("pmid") for n, d in graph.nodes(data=True)}
    return {(pmid[u], pmid[v], k) for u, v, k in graph.edges(keys=True) if k in TYPED}


def _report(pmid: str, title: str, year: str, abstract: str = "", **kw: object
            ) -> PubmedRecord:
    return PubmedRecord(pmid=pmid, title=title, year=year, abstract=abstract, databanks=NCT,
                        publication_types=("Journal Article", "Randomized Controlled Trial"),
                        **kw)  # type: ignore[arg-type]


def test_the_report_published_online_first_is_the_earlier_one() -> None:
    # printed 2021 but online in July 2020: earlier than a report printed in November 2020
    online_first = _report("20", "Drug A in hospitalized patients", "2021",
                           "Here, we report the final results of this assessment.",
                           month="Feb", epub_year="2020", extra={"epub_date": "2020-07-17"})
    later = _report("10", "Long-term results of drug B in hospitalized patients", "2020",
                    month="Nov")
    assert _typed(online_first, later) == {("10", "20", "follow_up_of")}


def test_effects_over_a_period_are_a_later_report() -> None:
    # "Nine-Year Effects of 3.7 Years of ...": the trial's patients followed on
    primary = _report("1", "Effects of intensive therapy in type 2 diabetes", "2008")
    later = _report("2", "Nine-Year Effects of 3.7 Years of Intensive Therapy on Outcomes",
                    "2016")
    assert _typed(primary, later) == {("2", "1", "follow_up_of")}


def test_a_secondary_outcomes_analysis_is_never_the_primary_report() -> None:
    from refgraph.graph.metadata import Member, primary_report

    types = ("Journal Article", "Randomized Controlled Trial")
    analysis = Member("a", "1", (2016, 8), "Effect of a diet on bodyweight: a prespecified"
                      " secondary outcomes analysis of the X randomised controlled trial",
                      publication_types=types)
    report = Member("b", "2", (2018, 6), "Primary prevention with a diet", publication_types=types)
    assert primary_report([analysis, report]) is report


def _reporters(*records: PubmedRecord) -> dict[str, set[str]]:
    by_pmid = {r.pmid: r for r in records}
    graph = build_graph(assign_keys([record_to_reference(r) for r in records]), by_pmid).graph
    out: dict[str, set[str]] = {}
    for u, v, k in graph.edges(keys=True):
        if k == "reports":
            out.setdefault(v, set()).add(graph.nodes[u]["pmid"])
    return out


def test_an_acronym_another_entry_shows_to_be_a_trial_is_read_bare_in_a_title() -> None:
    named = PubmedRecord(pmid="1", title="Glucose control in diabetes (UKPDS 33). UK Prospective"
                         " Diabetes Study (UKPDS) Group.", year="1998")
    bare = PubmedRecord(pmid="2", title="Tight blood pressure control in diabetes: UKPDS 38.",
                        year="1998")
    inside = PubmedRecord(pmid="3", title="Survival in the UKPDS-EXTEND cohort", year="2010")
    abstract_only = PubmedRecord(pmid="4", title="Blood pressure in diabetes", year="2010",
                                 abstract="Unlike UKPDS, we found no benefit.")
    assert _reporters(named, bare, inside, abstract_only)["UKPDS"] == {"1", "2"}
    assert _reporters(bare, inside, abstract_only) == {}  # nobody said UKPDS is a trial


def test_comparisons_reported_together_each_have_their_follow_up() -> None:
    glucose = _report("11", "Intensive blood-glucose control and complications in diabetes",
                      "1998", month="Sep")
    pressure = _report("10", "Tight blood pressure control and complications in diabetes",
                       "1998", month="Sep")
    glucose_later = _report("21", "10-year follow-up of intensive glucose control in diabetes",
                            "2008", month="Oct")
    pressure_later = _report("22", "Long-term follow-up after tight control of blood pressure"
                             " in diabetes", "2008", month="Oct")
    assert _typed(glucose, pressure, glucose_later, pressure_later) == {
        ("21", "11", "follow_up_of"), ("22", "10", "follow_up_of")}


def test_a_version_of_a_trial_report_shares_its_trial() -> None:
    from refgraph.model import Author

    estruch, other = Author(last="Estruch", initials="R"), Author(last="Ros", initials="E")
    first = PubmedRecord(pmid="1", title="Primary prevention of disease with a diet.",
                         year="2013", authors=(estruch,))
    again = PubmedRecord(pmid="2", title="Primary Prevention of Disease with a Diet"
                         " Supplemented with Nuts.", year="2018",
                         authors=(estruch, Author(collective="DIETX Study Investigators")))
    someone_else = PubmedRecord(pmid="3", title="Primary prevention of disease with a diet.",
                                year="2014", authors=(other,))
    short = PubmedRecord(pmid="4", title="Prevention with a diet.", year="2014",
                         authors=(estruch,))
    assert _reporters(first, again, someone_else, short)["DIETX"] == {"1", "2"}


def test_a_paper_replacing_its_earlier_report_is_an_update() -> None:
    first = _report("1", "Primary prevention with a diet", "2013")
    again = _report("2", "Primary prevention with a diet, revised", "2018",
                    "In 2013, we reported the results. We have withdrawn our previously"
                    " published report and now report revised effect estimates.")
    other = _report("3", "Exercise and diet", "2019",
                    "Authors elsewhere retracted the original article.")
    assert _typed(first, again, other) == {("2", "1", "update_of")}


def test_a_secondary_analysis_out_with_the_primary_report_is_still_typed() -> None:
    primary = _report("10", "Drug A versus placebo in heart failure", "2020", month="Mar")
    simultaneous = _report("11", "Drug A and quality of sleep in heart failure", "2020",
                           "In this post hoc analysis of the trial, we examined sleep.",
                           month="Mar")
    assert _typed(primary, simultaneous) == {("11", "10", "secondary_analysis_of")}


def test_an_earlier_report_naming_its_trial_does_not_take_an_extensions() -> None:
    first = _report("1", "Drug A in osteoporosis: a randomized trial", "2009")
    extension = replace(
        _report("2", "Long-term results of drug A: the trial and its extension", "2017"),
        databanks=(*NCT, ("ClinicalTrials.gov", "NCT08888888")))
    reporters = _reporters(first, extension)
    assert reporters["NCT08888888"] == {"2"}  # not "1", which names NCT09999999
    assert reporters["NCT09999999"] == {"1", "2"}


def test_a_rationale_design_and_baseline_paper_is_never_the_primary_report() -> None:
    # "Rationale, design, and baseline characteristics of ..." (commas, three nouns) and
    # "Design and methods for a clinical trial": published before the results
    from refgraph.graph.metadata import Member, primary_report

    types = ("Journal Article", "Randomized Controlled Trial")
    for title in ("Rationale, design, and baseline characteristics of a randomized,"
                  " placebo-controlled cardiovascular outcome trial of drug X (ABC-DE)",
                  "The X Program. Design and methods for a clinical trial of diabetes",
                  "Baseline characteristics of participants in the ABC randomized trial"):
        design = Member("a", "1", (2014, 6), title, publication_types=types)
        report = Member("b", "2", (2015, 11), "Drug X, cardiovascular outcomes, and mortality",
                        publication_types=types)
        assert primary_report([design, report]) is report, title


def test_prespecified_outcomes_of_one_kind_are_a_secondary_analysis() -> None:
    # "Prespecified renal outcomes included ...": one kind of the trial's outcomes, analysed
    # after its primary report; "prespecified secondary outcomes" is any report's wording
    primary = _report("1", "Drug X, cardiovascular outcomes, and mortality", "2015")
    kidney = _report("2", "Drug X and progression of kidney disease", "2016",
                     "We randomly assigned patients to drug X or placebo. Prespecified renal"
                     " outcomes included incident or worsening nephropathy.")
    listed = _report("3", "Drug X and the heart", "2017",
                     "Prespecified secondary outcomes included death from any cause.")
    assert _typed(primary, kidney, listed) == {("2", "1", "secondary_analysis_of")}


def test_a_structured_abstracts_label_is_the_paper_speaking_of_itself() -> None:
    # "Design: Post hoc analysis of ...", "Limitation: Post hoc analysis": the label of a
    # structured abstract's part says what the paper is, as "In this post hoc analysis" does
    primary = _report("1", "Lifestyle intervention or drug X in adults at risk", "2002")
    design = _report("2", "Weight and drug X in adults at risk", "2019",
                     "Objective: To identify predictors.\nDesign: Post hoc analysis of the"
                     " randomized trial.")
    limitation = _report("3", "Weight loss and drug X", "2020",
                         "Objective: To identify predictors.\nLimitation: Post hoc analysis;"
                         " nonrandomized subsets.")
    quoted = _report("4", "Body weight and drug X", "2021",
                     "Subgroup analyses showed a benefit.\nConclusion: Weight mattered.")
    assert _typed(primary, design, limitation, quoted) == {
        ("2", "1", "secondary_analysis_of"), ("3", "1", "secondary_analysis_of")}


def test_a_bare_long_term_in_a_title_does_not_outrank_a_post_hoc_abstract() -> None:
    # "Long-Term Weight Loss With ...": long-term may be the outcome's; the abstract says
    # what the paper is. "Long-term follow-up of ..." still outranks it.
    primary = _report("1", "Lifestyle intervention or drug X in adults at risk", "2002")
    weight = _report("2", "Long-Term Weight Loss With Drug X in Adults at Risk", "2019",
                     "In this post hoc analysis, we identified predictors of weight loss.")
    follow = _report("3", "Long-term follow-up of drug X in adults at risk", "2020",
                     "In this post hoc analysis, we report mortality.")
    plain = _report("4", "Long-term safety of drug X in adults at risk", "2021")
    assert _typed(primary, weight, follow, plain) == {
        ("2", "1", "secondary_analysis_of"), ("3", "1", "follow_up_of"),
        ("4", "1", "follow_up_of")}


def test_a_period_after_the_treatment_stopped_is_a_follow_up() -> None:
    # "2 Years After Termination of the Intensive Lifestyle Intervention", "Health risks and
    # benefits 3 years after stopping randomized treatment": post-intervention follow-ups
    primary = _report("1", "Effects of a lifestyle intervention in type 2 diabetes", "2013")
    after = _report("2", "Weight change 2 years after termination of the intervention in the"
                    " X study", "2020")
    stopped = _report("3", "Health risks and benefits three years after stopping randomized"
                      " treatment with drug A", "2021")
    assert _typed(primary, after, stopped) == {("2", "1", "follow_up_of"),
                                               ("3", "1", "follow_up_of")}


def test_an_analysis_of_the_cohort_at_randomization_is_never_the_primary_report() -> None:
    # "Determinants of glycemic control ... at randomization in the TODAY study" (online
    # before the results) describes the cohort, not the trial's outcome
    baseline = _report("1", "Determinants of glycemic control in youth at randomization in the"
                       " X study", "2012", month="Feb")
    primary = _report("2", "A clinical trial to maintain glycemic control in youth", "2012",
                      month="Jun")
    later = _report("3", "Long-term complications in youth-onset diabetes", "2021")
    assert _typed(baseline, primary, later) == {("3", "2", "follow_up_of")}


def test_a_full_name_spelled_before_its_acronym_joins_the_acronyms_trial() -> None:
    # "The Women's Health Initiative (WHI) trial of ...": the 2002 report, by the "Writing
    # Group for the Women's Health Initiative Investigators" with no registry number, is the
    # primary report of the trial the later records name "WHI" with its number
    from refgraph.model import Author

    types = ("Journal Article", "Randomized Controlled Trial")
    primary = PubmedRecord(pmid="1", title="Risks and benefits of drug A: principal results from"
                           " the Nurses Heart Initiative randomized controlled trial",
                           year="2002", publication_types=types, authors=(Author(
                               collective="Writing Group for the Nurses Heart Initiative"
                               " Investigators"),))
    stopped = PubmedRecord(pmid="2", title="Health risks 3 years after stopping drug A",
                           year="2008", publication_types=types,
                           abstract="The Nurses Heart Initiative (NHI) trial of drug A"
                           " was stopped early.",
                           authors=(Author(collective="NHI Investigators"),))
    later = replace(_report("3", "Drug A and long-term mortality", "2017"),
                    authors=(Author(collective="NHI Investigators"),))
    assert _typed(primary, stopped, later) == {("2", "1", "follow_up_of"),
                                               ("3", "1", "follow_up_of")}


def test_a_title_on_the_time_after_the_trial_is_a_follow_up() -> None:
    # "Mortality and morbidity during and after the <full name> Trial"; not "after the
    # publication of the trial", which is about the trial, not of its patients
    primary = _report("1", "Major outcomes with drug A vs drug B: the Heart Attack Prevention"
                      " Trial (HAPT)", "2002")
    after = _report("2", "Mortality and morbidity during and after the Heart Attack Prevention"
                    " Trial", "2012")
    practice = _report("3", "Prescribing after the publication of the HAPT trial", "2005")
    typed = _typed(primary, after, practice)
    assert ("2", "1", "follow_up_of") in typed
    assert ("3", "1", "follow_up_of") not in typed


def test_a_paper_introducing_itself_as_a_post_hoc_study_is_a_secondary_analysis() -> None:
    # "A post-hoc study evaluated hospitalized HF events.": the work itself, with an article;
    # "A post hoc analysis suggested ..." in a primary report is one of its analyses
    primary = _report("1", "Major outcomes with drug A vs drug B", "2002",
                      "A post hoc analysis suggested a benefit in women.")
    study = _report("2", "Heart failure with drug A: did prior medication matter?", "2009",
                    "Heart failure rates differed early. A post-hoc study evaluated"
                    " hospitalized heart failure events.")
    assert _typed(primary, study) == {("2", "1", "secondary_analysis_of")}
