"""Relations between publications of one trial, read from their PubMed records (pure).

For every trial that several cited works report (same registry number from DataBankList,
abstract or title, or the same acronym), :func:`family_edges`:

1. picks the **primary report**: the earliest member whose publication types or title say
   trial/phase/randomised, which is no notice, comment or review, and whose title carries
   no cue of a later publication (final, long-term, post hoc ...) and which is no design
   or protocol paper; ties go to the lower PMID, then the key. No such member: no typed
   edge for that trial. Other such members of the same month report other comparisons
   of the trial (:mod:`~refgraph.graph.comparisons`): a later member is typed against the
   one whose title is closest to its own.
2. **types every later member** against it from its own title, abstract and publication
   types (:func:`readings`, :func:`classify_record`):

   - title and publication-type cues come first; the abstract speaks only when they do
     not, and only in sentences where the paper speaks of itself ("In this post hoc
     analysis", "We report the final results"), never "subgroup analyses showed"; a
     "post hoc" that qualifies the follow-up cue after it ("post-hoc 5-year results") is
     not read as a secondary analysis;
   - among cues of one tier the :data:`~refgraph.graph.cues.TIE_BREAK` table decides, as
     for annotations (pooled > secondary > follow-up > update);
   - a letter, comment or editorial with no content cue is a ``comment_on`` the primary
     report, unless its CommentsCorrections name the paper it comments on (then that link
     is the edge, drawn by the builder) or name a paper the list lacks (then nothing);
   - errata and retraction notices are left to CommentsCorrections.

Each proposal carries its evidence as ``field: phrase`` items (``title: final efficacy and
safety updates``, ``publication type: Letter``, ``DataBankList: NCT00927498``), the
readings it beat, and passes :func:`refgraph.graph.rules.forbidden`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from refgraph.graph.comparisons import closest, reported_together
from refgraph.graph.cues import TIE_BREAK, Classification
from refgraph.graph.extensions import extension_named
from refgraph.graph.recordcues import (
    OUTCOME_SUBSET,
    PERIOD_CUES,
    RECORD_CUES,
    REPLACES,
    introduces_itself,
)
from refgraph.graph.rules import forbidden, work_type

__all__ = [
    "RECORD_CUES",
    "Member",
    "Proposal",
    "Reading",
    "classify_record",
    "decide",
    "family_edges",
    "primary_report",
    "readings",
]

_RANK = {name: rank for rank, (name, _) in enumerate(TIE_BREAK)}
_CONTENT = frozenset({"pooled_analysis_of", "secondary_analysis_of", "follow_up_of",
                      "update_of"})
#: a notice's title quoting the paper it is about: its words are not its own
_QUOTING_TITLE = re.compile(r"^\s*(?:re:|(?:reply|in reply|response to|comment on|erratum"
                            r"|correction|corrigendum|retraction)\b)", re.IGNORECASE)
_TRIAL_TYPES = ("Randomized Controlled Trial", "Clinical Trial", "Controlled Clinical Trial",
                "Pragmatic Clinical Trial", "Equivalence Trial", "Adaptive Clinical Trial")
_TRIAL_TITLE = re.compile(r"\b(?:trial|randomi[sz]ed|phase\s*(?:[1-4]|I{1,3}V?)\b|versus|vs\.?)",
                          re.IGNORECASE)
#: a design or protocol paper: it describes the trial before its results, so it is never the
#: trial's primary report ("The design and rationale of ... trial", "study protocol",
#: "Rationale, design, and baseline characteristics of ...", "Design and methods for a ...",
#: "Baseline characteristics of ...", "... at randomization in the X study": before any
#: outcome)
_PROTOCOL_TITLE = re.compile(
    r"\b(?:design,? (?:and )?rationale|rationale,? (?:and )?design|design,? and (?:methods"
    r"|baseline)|baseline characteristics|at (?:randomi[sz]ation|study entry|enrol?ment)"
    r"|(?:study|trial) (?:design|protocols?)"
    r"|design of (?:the|a|an)|protocols? (?:for|of) (?:the|a|an)|statistical analysis plan)\b",
    re.IGNORECASE)
_GENRE_TYPES = ("Letter", "Comment", "Editorial", "News")
_NOTICE_RELATIONS = {"Published Erratum": "erratum_for",
                     "Retraction of Publication": "retraction_of"}
#: the paper speaking of itself right before a cue, in an abstract sentence
_SELF = re.compile(
    r"(?:\b(?:this|these|our|the present|the current|herein)(?: [\w-]+){0,2}"
    r"|\b(?:this|the present|our) (?:article|paper|report|study|analysis|work|update)"
    r" (?:reports|presents|describes|provides|updates|gives)(?: [\w-]+){0,2}?"
    r"|\b(?:we|the authors) (?:now |here |also )?(?:report|present|describe|provide|performed"
    r"|conducted|analy[sz]ed|assessed|evaluated|examined|update)(?: [\w-]+){0,3}?"
    r"|^(?:[A-Z][A-Za-z ]{2,30}: )?to (?:report|present|describe|assess|evaluate|examine)"
    r"(?: [\w-]+){0,3}?"
    # the label of a structured abstract's part: "Design: Post hoc analysis of ...",
    # "Limitation: Post hoc analysis"
    r"|\b(?:design|limitations?|participants):) ?$", re.IGNORECASE)
#: a pooled analysis named in an abstract is the paper's own unless said to be another's
_OTHERS = re.compile(r"\b(?:previous(?:ly)?|prior|earlier|recent|published|other)\b",
                     re.IGNORECASE)
#: a later publication analysing patients *of* a named trial: "in/from the OPTiM phase III
#: clinical trial" (a weak cue: it types a member only when nothing else does)
_OF_THE_TRIAL = re.compile(
    r"\b(?:in|from|of) the (?:[\w/-]+ ){0,5}?(?:trials?|study)\b", re.IGNORECASE)
#: fields whose content cues rank with the abstract's, below the title's
_SECOND = frozenset({"abstract", "author"})
_POST_HOC = re.compile(r"post[\s-]?hoc", re.IGNORECASE)
#: a later report pointing back to an earlier report of its trial: "An interim analysis of
#: data from the HPTN 052 trial showed", "the initial results of the X study", "previously
#: reported results of the trial" (not "the primary analysis", which a secondary analysis
#: names as often, nor "previous results", which may be any study's)
_EARLIER_REPORT = re.compile(
    r"\b((?:interim|initial|first|earlier|previously (?:reported|published))(?: [\w-]+){0,2}?"
    r" (?:analys[ie]s|reports?|results|findings|publications?)|(?:previous|prior|earlier)"
    r" (?:reports?|publications?))\b[^.;]{0,120}?\b(?:trials?|study)\b", re.IGNORECASE)
#: "The ... (LEAP) trial showed that ...": what one named trial (not trials) found, told as
#: past: a later report of it
_TRIAL_SHOWED = re.compile(r"\b((?:trial|study) (?:showed|demonstrated|found) that)\b",
                           re.IGNORECASE)
#: "Long-Term Weight Loss With ...": the adjective may be the outcome's, not the report's
#: period, so it does not outrank the abstract calling the paper a post hoc analysis
_BARE_LONG_TERM = re.compile(r"long[\s-]?term", re.IGNORECASE)
_ABSTRACT_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|\n+")


@dataclass(frozen=True, slots=True)
class Reading:
    """One cue for a record's relation: the relation, the field and the words."""

    relation: str
    field: str  # "title", "abstract" or "publication type"
    phrase: str
    weak: bool = False  # decides only when no other cue does
    second: bool = False  # ranks with the abstract's cues (a bare "long-term" in a title)

    @property
    def evidence(self) -> str:
        return f"{self.field}: {self.phrase}"


def _not_qualifying(matches: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """``matches`` (by offset) without a "post hoc" that only qualifies the follow-up cue
    right after it ("post-hoc 5-year results": later results of the whole trial, not a
    secondary analysis)."""
    out = []
    for i, (relation, at, phrase) in enumerate(matches):
        after = matches[i + 1] if i + 1 < len(matches) else None
        if (relation == "secondary_analysis_of" and after is not None
                and after[0] == "follow_up_of" and _POST_HOC.fullmatch(phrase)
                and after[1] - (at + len(phrase)) <= 2):
            continue
        out.append((relation, at, phrase))
    return out


def _title_readings(title: str) -> list[Reading]:
    if not title or _QUOTING_TITLE.match(title):
        return []
    matches = sorted([*RECORD_CUES.matches(title), *PERIOD_CUES.matches(title)],
                     key=lambda m: m[1])
    found = [Reading(r, "title", m, second=_BARE_LONG_TERM.fullmatch(m) is not None)
             for r, _, m in _not_qualifying(matches)]
    of_the_trial = _OF_THE_TRIAL.search(title)
    if of_the_trial:
        found.append(Reading("secondary_analysis_of", "title", of_the_trial.group(),
                             weak=True))
    return found


def _abstract_readings(abstract: str) -> list[Reading]:
    """Cues of an abstract, kept where the paper speaks of itself (one scan per table)."""
    matches = _not_qualifying(sorted(
        [*RECORD_CUES.matches(abstract), *PERIOD_CUES.matches(abstract)], key=lambda m: m[1]))
    if not matches:
        return _earlier_report(abstract)
    ends = [m.end() for m in _ABSTRACT_SENTENCE.finditer(abstract)]
    found = []
    for relation, at, phrase in matches:
        i = bisect.bisect_right(ends, at)
        start = ends[i - 1] if i else 0
        stop = ends[i] if i < len(ends) else len(abstract)
        before = abstract[max(start, at - 60):at]
        if (at > start and _SELF.search(before.split(",")[-1])) or (
                relation == "pooled_analysis_of" and not _OTHERS.search(abstract, start, stop)
        ) or introduces_itself(abstract, start, at, at + len(phrase)):
            found.append(Reading(relation, "abstract", phrase))
    return found + _earlier_report(abstract)


def _earlier_report(abstract: str) -> list[Reading]:
    """A follow-up cue: the abstract names an earlier report of the trial
    (:data:`_EARLIER_REPORT`), not as the paper's own ("this interim report", "we report
    the first results of the trial")."""
    if "trial" not in abstract and "stud" not in abstract and "Trial" not in abstract:
        return []
    for m in (*_EARLIER_REPORT.finditer(abstract), *_TRIAL_SHOWED.finditer(abstract)):
        start = max((e.end() for e in _ABSTRACT_SENTENCE.finditer(abstract, 0, m.start())),
                    default=0)
        if not _SELF.search(abstract[max(start, m.start() - 60):m.start()].split(",")[-1]):
            return [Reading("follow_up_of", "abstract", m.group(1))]
    return []


def readings(title: str, abstract: str = "",
             publication_types: Sequence[str] = ()) -> list[Reading]:
    """Return every cue a record gives for its relation, title first, then types, abstract.

    >>> found = readings("Final efficacy and safety updates from the ALFA-0701 trial",
    ...                  "We report the final analysis of OS.")
    >>> [(r.evidence, r.weak) for r in found]  # doctest: +NORMALIZE_WHITESPACE
    [('title: Final efficacy and safety updates', False),
     ('title: from the ALFA-0701 trial', True), ('abstract: final analysis', False)]
    >>> readings("Phase 3 trial", "Subgroup analyses showed a benefit.")
    []
    """
    found = _title_readings(title)
    for ptype in publication_types:
        if ptype in _NOTICE_RELATIONS:
            found.append(Reading(_NOTICE_RELATIONS[ptype], "publication type", ptype))
        elif ptype in ("Meta-Analysis", "Systematic Review", "Network Meta-Analysis"):
            found.append(Reading("pooled_analysis_of", "publication type", ptype))
        elif ptype in _GENRE_TYPES:
            found.append(Reading("comment_on", "publication type", ptype))
    if abstract:
        found += _abstract_readings(abstract)
        if "withdr" in abstract or "replac" in abstract or "retract" in abstract or (
                "supersed" in abstract):  # (cheap: the verbs of REPLACES)
            found += [Reading("update_of", "abstract", m.group(1))
                      for m in REPLACES.finditer(abstract)][:1]
        if "specified" in abstract or "defined" in abstract:
            found += [Reading("secondary_analysis_of", "abstract", m.group(1))
                      for m in OUTCOME_SUBSET.finditer(abstract)][:1]
    return found


def decide(found: Sequence[Reading]) -> tuple[Reading | None, list[Reading]]:
    """Return the winning reading and the others.

    Tiers, first non-empty wins: notice types (erratum, retraction); content cues of the
    title and publication types; content cues of the abstract, of a collective author (an
    extension study's group, :func:`extension_reading`) and a title's bare "long-term";
    genre (comment); weak title cues ("... in the X trial"). Within a tier the
    :data:`TIE_BREAK` rank decides.
    """
    tiers = (
        [r for r in found if r.field == "publication type" and r.relation in (
            "erratum_for", "retraction_of")],
        [r for r in found if r.relation in _CONTENT and r.field not in _SECOND
         and not (r.weak or r.second)],
        [r for r in found if r.relation in _CONTENT and (r.field in _SECOND or r.second)],
        [r for r in found if r.relation == "comment_on"],
        [r for r in found if r.weak],
    )
    for tier in tiers:
        if tier:
            best = min(tier, key=lambda r: _RANK[r.relation])
            return best, [r for r in found if r is not best]
    return None, list(found)


def classify_record(title: str, publication_types: Sequence[str] = (),
                    abstract: str = "") -> Classification:
    """Return the likely relation of a PubMed record to the trial or paper it is about.

    A record with no cue ``reports`` its trial.

    >>> classify_record("Long-term results of the X trial").relation
    'follow_up_of'
    >>> classify_record("Inotuzumab for ALL", ("Letter", "Comment")).relation
    'comment_on'
    >>> classify_record("Phase 3 trial of X").relation
    'reports'
    """
    best, others = decide(readings(title, abstract, publication_types))
    if best is None:
        return Classification("reports", "", "no relation cue in title, abstract or types")
    competing = tuple(sorted({r.relation for r in others} - {best.relation},
                             key=_RANK.__getitem__))
    return Classification(best.relation, best.evidence, title, competing)


def extension_reading(trial_evidence: str) -> list[Reading]:
    """A follow-up cue: the work names its trial through the trial's extension study
    (``author: ISCHEMIA-EXTEND Research Group``; :mod:`~refgraph.graph.extensions`).

    >>> [r.evidence for r in extension_reading("title: ABCD-EXT")]
    ['title: ABCD-EXT']
    """
    field, _, phrase = trial_evidence.partition(": ")
    if not phrase or not extension_named(phrase):
        return []
    return [Reading("follow_up_of", field, phrase)]


@dataclass(frozen=True, slots=True)
class Member:
    """One cited work that reports a trial, as the family typing needs it."""

    key: str
    pmid: str = ""
    date: tuple[int, int] = (0, 0)
    title: str = ""
    abstract: str = ""
    publication_types: tuple[str, ...] = ()
    comments_on: tuple[str, ...] = ()  # PMIDs of its CommentOn links
    trial_evidence: str = ""  # how it names the trial: "DataBankList: NCT00927498"


@dataclass(frozen=True, slots=True)
class Proposal:
    """A typed edge read from PubMed metadata, with its evidence."""

    source: str
    target: str
    relation: str
    cue: str
    evidence: tuple[str, ...]
    competing: tuple[str, ...] = ()


def _order(member: Member) -> tuple[int, int, int, str]:
    year, month = member.date
    pmid = int(member.pmid) if member.pmid.isdigit() else 1 << 62
    return (year or 9999, month, pmid, member.key)


def primary_report(members: Sequence[Member]) -> Member | None:
    """Return the trial's primary report among ``members`` (see the module docstring)."""
    return min(_candidates(members), key=_order, default=None)


def _candidates(members: Sequence[Member]) -> list[Member]:
    candidates = []
    for m in members:
        if work_type(m.publication_types, m.title) not in ("report", "unknown"):
            continue
        trialish = any(t.startswith(_TRIAL_TYPES) for t in m.publication_types)
        if not (trialish or _TRIAL_TITLE.search(m.title)) or _PROTOCOL_TITLE.search(m.title):
            continue
        if extension_reading(m.trial_evidence):
            continue  # the report of an extension study comes after the trial's
        if any(r.relation in _CONTENT for r in readings(m.title)
               if not r.weak and r.phrase not in _period_phrases(m.title)):
            continue
        candidates.append(m)
    return candidates


def _period_phrases(title: str) -> set[str]:
    return {m for _, _, m in PERIOD_CUES.matches(title)}


def family_edges(members: Sequence[Member], in_list: frozenset[str] = frozenset()
                 ) -> tuple[Member | None, list[Proposal]]:
    """Return the primary report of one trial's ``members`` and the typed edges to it.

    ``in_list`` holds the PMIDs of the whole bibliography (to tell whether a comment's
    CommentsCorrections target is cited).
    """
    candidates = _candidates(members)
    primary = min(candidates, key=_order, default=None)
    if primary is None:
        return None, []
    primaries = [primary, *(  # those with no cue in their abstract either
        c for c in reported_together(candidates, primary, lambda m: m.date)[1:]
        if not any(r.relation in _CONTENT for r in readings(
            c.title, c.abstract, c.publication_types)))]
    out = []
    for m in sorted(members, key=_order):
        if any(m is p for p in primaries) or (
                m.date[0] and primary.date[0] and _order(m) < _order(primary)):
            continue
        target = closest(m.title, primaries, lambda p: p.title)
        kind = work_type(m.publication_types, m.title)
        if kind == "notice":
            continue
        found = [*readings(m.title, m.abstract, m.publication_types),
                 *extension_reading(m.trial_evidence)]
        if m.comments_on:
            if any(p in in_list for p in m.comments_on):
                continue  # its CommentsCorrections say exactly what it comments on
            found = [r for r in found if r.relation != "comment_on"]
        best, others = decide(found)
        if best is None or forbidden(best.relation, kind, work_type(
                target.publication_types, target.title), m.date[0], target.date[0]):
            continue
        agreeing = tuple(dict.fromkeys(
            r.evidence for r in others if r.relation == best.relation))
        competing = tuple(sorted({r.relation for r in others} - {best.relation},
                                 key=_RANK.__getitem__))
        evidence = tuple(dict.fromkeys((best.evidence, *agreeing, *(
            (m.trial_evidence,) if m.trial_evidence else ()))))
        out.append(Proposal(m.key, target.key, best.relation, best.phrase, evidence, competing))
    return primary, out
