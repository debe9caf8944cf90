"""The cues read in PubMed titles and abstracts, on top of the annotations' (pure).

:data:`RECORD_CUES` adds to :data:`~refgraph.graph.cues.CUES` the wording of record
titles and abstracts; :data:`PERIOD_CUES` reads a period ("five-year survival", "Nine-Year
Effects"), a later report that never disqualifies a primary report; :data:`REPLACES` reads
a paper saying it replaces its earlier report; :data:`OUTCOME_SUBSET` reads an abstract
analysing one kind of the trial's prespecified outcomes. :mod:`refgraph.graph.metadata` uses
them.
"""

from __future__ import annotations

import re

from refgraph.graph.cues import CUES, TIE_BREAK, CueTable

__all__ = ["OUTCOME_SUBSET", "PERIOD_CUES", "RECORD_CUES", "RECORD_EXTRA_CUES", "REPLACES",
           "introduces_itself"]

_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "fifteen", "twenty")
_PERIOD_NOUNS = (r"(?: [\w-]+){0,2}? (?:follow[\s-]?ups?|survival|outcomes?|results|updates?"
                 r"|analys[ie]s|data|efficacy|safety|effects?)\b")
#: the randomised treatment's end, after which a post-intervention follow-up counts its period
_STOPPED = r"(?:stopping|ending|termination|cessation|discontinuation|the end|completion)\b"
#: cues of titles and abstracts on top of the annotation ones (:data:`CUES`)
RECORD_EXTRA_CUES: dict[str, tuple[str, ...]] = {
    "pooled_analysis_of": (
        r"\bpooled\b", r"\bindividual[\s-]patient[\s-]data\b", r"\bcombined analys[ie]s\b",
        r"\bintegrated analys[ie]s\b",
    ),
    "secondary_analysis_of": (
        r"\bpharmacokinetics?\b", r"\bpharmacodynamics?\b", r"\bexposure[\s-]response\b",
        r"\bquality[\s-]of[\s-]life\b", r"\bhealth[\s-]related quality\b",
        r"\bpatient[\s-]reported\b", r"\bcost[\s-]effectiveness\b",
        r"\bbiomarker analys[ie]s\b", r"\bpre-?specified analys[ie]s\b",
        r"\bsecondary (?:outcomes?|end[\s-]?points?) analys[ie]s\b",
        r"\badverse[\s-]events? profile\b", r"\bsafety profile\b",
        r"\boutcomes? (?:by|according to)\b",
    ),
    "follow_up_of": (
        r"\blong[\s-]?term\b", r"\bextended (?:follow|results|analys)",
        r"\bextension\b(?! of (?!the |a |an ))",  # an (open-label) extension of the trial
        r"\bmature (?:overall survival|survival|data|results)\b",
        # the period after the trial ended: "Mortality and morbidity during and after the
        # <trial's full name> Trial", "post-trial follow-up" (not "after the publication of")
        r"\bafter the (?!(?:publication|results?|release|report|announcement)\b)"
        r"(?:[\w'-]+ ){0,12}?(?:trial|study)\b",
        r"\bpost[\s-]?trial (?:follow|period|monitoring|observation)",
        r"\bupdated?(?: [\w-]+){0,3}? (?:results|analys[ie]s|survival|efficacy|safety"
        r"|outcomes?|data)\b",
    ),
}
#: "five-year survival", "4-year outcomes": a later report, but a primary report may say so
#: too ("12-month results"), so these never disqualify a primary report
PERIOD_CUES = CueTable({"follow_up_of": (
    rf"\b\d{{1,2}}[\s-](?:years?|months?){_PERIOD_NOUNS}",
    *(rf"\b{word}[\s-](?:years?|months?){_PERIOD_NOUNS}" for word in _NUMBERS),
    # "overall survival results", "end-of-study analysis": a later report of a trial whose
    # first report gave its primary end point (a primary report may say so of itself too)
    r"\boverall survival (?:results|analys[ie]s)\b",
    r"\bend[\s-]of[\s-](?:study|trial) (?:results|analys[ie]s|data|report)\b",
    # a title ending on its period: "... Vaccine through 6 Months", "... after Five Years"
    *(rf"\b{prep} (?:\d{{1,2}}|{'|'.join(_NUMBERS)})[\s-](?:years?|months?)(?=\.?$)"
      for prep in ("through", "after", "at", "over", "beyond")),
    # the period after the randomised treatment ended: "3 years after stopping randomized
    # treatment with ...", "2 Years After Termination of the Intensive Lifestyle Intervention"
    *(rf"\b{count}[\s-](?:years?|months?) (?:after|following) {_STOPPED}"
      for count in (r"\d{1,2}", *_NUMBERS)),
)}, ["follow_up_of"], digits=r"\d{1,2}[\s-](?:years?|months?)\b")
RECORD_CUES = CueTable({relation: (*CUES.get(relation, ()), *RECORD_EXTRA_CUES.get(relation, ()))
                        for relation, _ in TIE_BREAK}, [name for name, _ in TIE_BREAK])
#: a new version the paper itself says replaces its earlier report: "We have withdrawn our
#: previously published report and now report revised effect estimates", "This article
#: replaces the original article" (a corrected republication: an update)
REPLACES = re.compile(
    r"\b(?:we(?: have)?|this (?:article|report|paper|version|publication))\s+((?:withdr[ae]wn?"
    r"|retract(?:ed)?|replac(?:es|ed|e)|supersed(?:es|ed|e))\s+(?:our|the|an?)\s+(?:previously"
    r" published|previous|earlier|original|prior|initial|first)\s+(?:report|article|paper"
    r"|publication|version))\b", re.IGNORECASE)
#: an abstract analysing one named kind of its trial's prespecified outcomes ("Prespecified
#: renal outcomes included ...", "predefined heart-failure end points"): a secondary analysis
#: (not "prespecified secondary outcomes", which a primary or final report lists as well)
OUTCOME_SUBSET = re.compile(
    r"\b((?:pre-?specified|pre-?defined) (?!(?:primary|secondary|co-?primary|key|main|major"
    r"|efficacy|safety|exploratory|tertiary|other|clinical|study|trial|and|or)\b)[a-z][\w-]*"
    r"(?: (?!and\b|or\b)[a-z][\w-]*)? (?:outcomes?|end[\s-]?points?))\b", re.IGNORECASE)


_ARTICLE_ONLY = re.compile(r"\s*(?:A|An)\s+")
_WORK_NOUN = re.compile(r"\s*(?:study|studies)\b")


def introduces_itself(abstract: str, start: int, at: int, end: int) -> bool:
    """Whether the cue ``abstract[at:end]`` of the sentence beginning at ``start`` is the
    paper introducing itself as a whole work, with an article: "A post-hoc study evaluated
    hospitalized HF events." (not "A post hoc analysis showed ...", which a primary report
    says of one of its analyses).

    >>> text = "HF rates differed. A post-hoc study evaluated HF events."
    >>> introduces_itself(text, 19, 21, 29), introduces_itself("A post hoc analysis", 0, 2, 10)
    (True, False)
    """
    return bool(_ARTICLE_ONLY.fullmatch(abstract, start, at)) and bool(
        _WORK_NOUN.match(abstract, end))
