"""Relation cues: which words in an annotation or a title say how two publications relate (pure).

Every relation has a list of cue patterns. When a text holds cues for several relations, the
:data:`TIE_BREAK` table (not the first regex that happens to match) decides, highest first:

=====================  ==================================================================
relation               why it outranks the ones below it
=====================  ==================================================================
retraction_of          a retraction notice is about nothing but the retracted paper
erratum_for            a correction notice likewise; "corrected results" are still errata
pooled_analysis_of     a pooled/meta-analysis is often also "post hoc" or "long-term"
secondary_analysis_of  a secondary analysis frequently reports "follow up data"
follow_up_of           further/long-term/final results of the same patients
update_of              an updated version (guideline, review) of an earlier publication
comment_on             genre only: a letter reporting further follow up is a follow-up
cites                  a plain mention, the fallback when no cue is present
=====================  ==================================================================

Cues in the same sentence as the cross-reference win over cues elsewhere in the text; among
those, the table decides. ``reports`` (publication -> trial) has no cue: trials.py finds it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = [
    "CUES",
    "RELATIONS",
    "TIE_BREAK",
    "Classification",
    "CueText",
    "classify",
    "classify_record",
    "cue_matches",
]

#: Every edge relation the graph uses, in tie-break order, then ``reports``.
TIE_BREAK: tuple[tuple[str, str], ...] = (
    ("retraction_of", "a retraction notice is about nothing but the retracted paper"),
    ("erratum_for", "a correction notice; 'corrected results' are still an erratum"),
    ("pooled_analysis_of", "pooled/meta-analyses are often also post hoc or long-term"),
    ("secondary_analysis_of", "secondary analyses often report follow up data too"),
    ("follow_up_of", "further, long-term or final results of the same patients"),
    ("update_of", "an updated version of an earlier publication"),
    ("comment_on", "genre only: a letter giving further follow up is a follow-up"),
    ("cites", "a plain mention: the fallback"),
)
RELATIONS: tuple[str, ...] = (*(name for name, _ in TIE_BREAK), "reports")
_RANK = {name: rank for rank, (name, _) in enumerate(TIE_BREAK)}

_FU = r"follow(?:[\s-]*)?ups?"
#: relation -> cue patterns (case-insensitive, matched on whitespace-normalised text).
CUES: dict[str, tuple[str, ...]] = {
    "retraction_of": (r"\bretraction of\b", r"\bretract(?:s|ed|ing)\b", r"\bwithdrawal of\b"),
    "erratum_for": (
        r"\berrat(?:um|a)\b",
        r"\bcorrigend(?:um|a)\b",
        r"\bcorrection (?:to|of)\b",
        r"\bcorrected (?:version|report)\b",
    ),
    "pooled_analysis_of": (
        r"\bmeta[\s-]?analys[ie]s\b",
        r"\bpooled (?:data|analys[ie]s)\b",
        r"\bpooled analysis of\b.{0,120}?\bincluding\b",
        r"\bsystematic review\b",
        r"\bintegrated (?:safety )?analysis\b",
    ),
    "secondary_analysis_of": (
        r"\bsecondary analys[ie]s\b",
        r"\bpost[\s-]?hoc\b",
        r"\bsub[\s-]?group\b",
        r"\bexploratory analys[ie]s\b",
        r"\bancillary (?:study|analysis)\b",
    ),
    "follow_up_of": (
        rf"\bfurther {_FU}\b",
        rf"\bfinal {_FU}\b",
        rf"\blong[\s-]?term {_FU}\b",
        rf"\bextended {_FU}\b",
        r"\blong[\s-]?term (?:results|outcomes?|survival|analysis)\b",
        r"\bupdated (?:results|analysis|survival|outcomes?)\b",
        r"\bfinal (?:results|analysis|report)\b",
        rf"\b{_FU} (?:of|from) (?:patients|the)\b",
    ),
    "update_of": (r"\bupdate of\b", r"\bupdated version\b", r"\bupdates?\b(?! (?:of )?results)"),
    "comment_on": (
        r"\bcomment(?:s|ary|ing)?\b(?: on)?",
        r"\bletter\b",
        r"\beditorial\b",
        r"\bcorrespondence\b",
        r"\bin (?:response|reply) to\b",
    ),
}
_COMPILED: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _relation, _ in TIE_BREAK:  # buckets keep rank order: at one offset the higher rank wins
    for _pattern in CUES.get(_relation, ()):
        _lead = _pattern.removeprefix(r"\b")[:2]
        assert _lead.isalpha(), _pattern  # every cue starts with a literal word
        _COMPILED.setdefault(_lead, []).append((_relation, re.compile(_pattern, re.DOTALL)))
#: one cheap scan for the first two letters of any cue; the full cues are tried only there
_STARTS = re.compile(r"\b(?:" + "|".join(sorted(_COMPILED)) + ")")
#: a sentence ends at the space after . ; ! or ? before a capital or a bracket; the texts are
#: whitespace-normalised (one space), and a match's start + 1 is the position of that space
_SENTENCE_END = re.compile(r"[.;!?] (?=[A-Z(\[])")
#: (relations a text has cues for, the winning one) -> the others, by rank
_COMPETING: dict[tuple[frozenset[str], str], tuple[str, ...]] = {}

#: PubMed publication types that settle a relation for a record on their own.
PUBLICATION_TYPE_RELATIONS: dict[str, str] = {
    "Retraction of Publication": "retraction_of",
    "Published Erratum": "erratum_for",
    "Meta-Analysis": "pooled_analysis_of",
    "Systematic Review": "pooled_analysis_of",
    "Comment": "comment_on",
    "Letter": "comment_on",
    "Editorial": "comment_on",
}


@dataclass(frozen=True, slots=True)
class Classification:
    """The relation a text states, the cue that decided it and the cues it beat."""

    relation: str
    cue: str = ""
    evidence: str = ""
    competing: tuple[str, ...] = ()


def cue_matches(text: str) -> list[tuple[str, int, str]]:
    """Return every cue in ``text`` as ``(relation, offset, matched text)``, by offset.

    >>> [(r, m) for r, _, m in cue_matches("Further follow up; post hoc")]
    [('follow_up_of', 'Further follow up'), ('secondary_analysis_of', 'post hoc')]
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few non-ASCII letters change length: keep offsets exact
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    found: list[tuple[str, int, str]] = []
    end = 0
    for start in _STARTS.finditer(lowered):
        pos = start.start()
        if pos < end:
            continue  # inside the previous cue
        for relation, pattern in _COMPILED[lowered[pos:pos + 2]]:
            m = pattern.match(lowered, pos)
            if m:
                found.append((relation, pos, text[pos:m.end()]))
                end = m.end()
                break
    return found


def _sentence_span(text: str, anchor: int, ends: list[int] | None = None) -> tuple[int, int]:
    if ends is None:
        ends = [m.start() + 1 for m in _SENTENCE_END.finditer(text)]
    i = bisect.bisect_left(ends, anchor)
    start = ends[i - 1] + 1 if i else 0
    end = ends[i] if i < len(ends) else len(text)
    return start, end


def _sentence(text: str, anchor: int, ends: list[int] | None = None) -> str:
    start, end = _sentence_span(text, anchor, ends)
    return text[start:end].strip()


class CueText:
    """A text scanned once for cues and sentence ends, then asked about many offsets.

    Offsets are in the whitespace-normalised text (:attr:`flat`).
    """

    __slots__ = ("_by_sentence", "_relations", "_sentences", "ends", "flat", "matches")

    def __init__(self, text: str) -> None:
        self._setup(" ".join(text.split()))

    @classmethod
    def from_flat(cls, flat: str) -> CueText:
        """A CueText of ``flat``, already whitespace-normalised (``" ".join(text.split())``)."""
        self = cls.__new__(cls)
        self._setup(flat)
        return self

    def _setup(self, flat: str) -> None:
        self.flat = flat
        self.matches = cue_matches(flat)
        self.ends = [m.start() + 1 for m in _SENTENCE_END.finditer(flat)] if flat else []
        self._relations = frozenset([match[0] for match in self.matches])
        self._sentences: dict[int, str] = {}
        # sentence number (ends before the offset) -> its cues; a cue never starts on an end
        self._by_sentence: dict[int, list[tuple[str, int, str]]] = {}
        ends, count, i = self.ends, len(self.ends), 0
        for match in self.matches:  # by offset: i = bisect_left(ends, offset), walked forward
            while i < count and ends[i] < match[1]:
                i += 1
            self._by_sentence.setdefault(i, []).append(match)

    def classify(self, anchor: int | None = None) -> Classification:
        """Return the relation stated about the cross-reference at ``anchor`` (see classify)."""
        return Classification(*self.explain(anchor))

    def explain(self, anchor: int | None = None) -> tuple[str, str, str, tuple[str, ...]]:
        """:meth:`classify` as a plain tuple ``(relation, cue, evidence, competing)``."""
        flat, matches = self.flat, self.matches
        if not matches:
            where = _sentence(flat, anchor, self.ends) if anchor is not None else flat
            return "cites", "", where, ()
        ends = self.ends
        i = -1  # the sentence of the cue, as _sentence cuts it, when already known
        if anchor is None:
            best = min(matches, key=lambda m: (_RANK[m[0]], m[1]))
        elif len(matches) == 1:
            best = matches[0]
        else:  # the cues in the anchor's sentence (as _sentence_span cuts it), else all
            i = bisect.bisect_left(ends, anchor)
            pool = self._by_sentence.get(i)
            if pool is None:
                pool, i = matches, -1
            best = pool[0] if len(pool) == 1 else min(
                pool, key=lambda m: (_RANK[m[0]], abs(m[1] - anchor)))
        relation, at, cue = best
        relations = self._relations
        competing = _COMPETING.get((relations, relation))
        if competing is None:
            competing = _COMPETING[relations, relation] = tuple(
                sorted(relations - {relation}, key=_RANK.__getitem__))
        if i < 0:
            i = bisect.bisect_left(ends, at)
        sentence = self._sentences.get(i)
        if sentence is None:
            start = ends[i - 1] + 1 if i else 0
            end = ends[i] if i < len(ends) else len(flat)
            sentence = self._sentences[i] = flat[start:end].strip()
        return relation, cue, sentence, competing


def classify(text: str, anchor: int | None = None) -> Classification:
    """Return the relation ``text`` states, deciding between cues with :data:`TIE_BREAK`.

    Args:
        text: an annotation (or a title), whitespace as read.
        anchor: the offset (in ``text``) of the cross-reference the relation is about;
            cues in its sentence win over cues elsewhere.

    Returns:
        The winning relation (``cites`` when there is no cue), the cue text, the
        sentence it came from, and the other relations whose cues were present.

    >>> classify("Secondary analysis of a trial [Kantarjian 2016], with follow up data").relation
    'secondary_analysis_of'
    >>> classify("Letter giving further follow up of patients [X 2016]").relation
    'follow_up_of'
    """
    if anchor is not None:  # re-map the anchor onto the whitespace-normalised text
        before = text[:anchor]
        anchor = len(" ".join(before.split())) + (1 if before[-1:].isspace() else 0)
    return CueText(text).classify(anchor)


def classify_record(title: str, publication_types: tuple[str, ...] = ()) -> Classification:
    """Return the likely relation of a PubMed record to the trial or paper it is about.

    Publication types that name a notice (erratum, retraction, comment, meta-analysis)
    outrank title cues of a lower tie-break rank; a record with no cue ``reports`` its trial.

    >>> classify_record("Long-term results of the X trial").relation
    'follow_up_of'
    >>> classify_record("Inotuzumab for ALL", ("Letter", "Comment")).relation
    'comment_on'
    >>> classify_record("Phase 3 trial of X").relation
    'reports'
    """
    from_types = [
        (relation, f"publication type {ptype}")
        for ptype, relation in PUBLICATION_TYPE_RELATIONS.items()
        if ptype in publication_types
    ]
    from_title = classify(title) if title else Classification("cites")
    candidates = list(from_types)
    if from_title.relation != "cites":
        candidates.append((from_title.relation, f"title: {from_title.cue}"))
    if not candidates:
        return Classification("reports", "", "no relation cue in title or publication types")
    relation, why = min(candidates, key=lambda c: _RANK[c[0]])
    competing = tuple(sorted({c[0] for c in candidates} - {relation}, key=_RANK.__getitem__))
    return Classification(relation, why, title, competing)
