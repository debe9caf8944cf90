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
those, the table decides. A cue that labels another cross-reference ("its final update
[Lambert 2019]") is not the citing work's: :mod:`refgraph.graph.subjects` decides whose
it is. ``reports`` (publication -> trial) has no cue: trials.py finds it.

``follow_up_of`` versus ``update_of``: a *follow-up* reports the same patients observed
longer or analysed to the end (long-term, final, extended, updated *results*, "final
efficacy and safety updates", five-year outcomes): new data. An *update* is a newer version
of the same document that replaces it (an updated guideline or review, PubMed's
``UpdateOf``/``RepublishedFrom``, "an update of", "updated version"): new text, not
necessarily new patients. So "the trial's final update" is a follow-up of the trial report.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from refgraph.graph.cuetable import CueTable, lower_in_place
from refgraph.graph.subjects import antecedent_of, is_head, labelled_slot, slots_of

__all__ = [
    "CUES",
    "RELATIONS",
    "TIE_BREAK",
    "Classification",
    "CueTable",
    "CueText",
    "classify",
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
        r"\bfinal,?(?: [\w-]+,?){0,3} (?:updates?|results|analys[ie]s|report)\b",
        r"\blatest updates?\b",
        r"\blong[\s-]?term updates?\b",
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
#: a sentence ends at the space after . ; ! or ? before a capital or a bracket; the texts are
#: whitespace-normalised (one space), and a match's start + 1 is the position of that space
_SENTENCE_END = re.compile(r"[.;!?] (?=[A-Z(\[])")
#: relation -> the set of it alone (a sentence's only cue, the usual case)
_ALONE = {name: frozenset((name,)) for name, _ in TIE_BREAK}
#: (relations a text has cues for, the winning one) -> the others, by rank
_COMPETING: dict[tuple[frozenset[str], str], tuple[str, ...]] = {}

@dataclass(frozen=True, slots=True)
class Classification:
    """The relation a text states, the cue that decided it and the cues it beat."""

    relation: str
    cue: str = ""
    evidence: str = ""
    competing: tuple[str, ...] = ()


#: the cues read in annotations (and, with :data:`refgraph.graph.recordcues.RECORD_CUES`,
#: in titles and abstracts)
ANNOTATION_CUES = CueTable(CUES, [name for name, _ in TIE_BREAK])


def cue_matches(text: str) -> list[tuple[str, int, str]]:
    """Return every annotation cue in ``text`` as ``(relation, offset, matched text)``.

    >>> [(r, m) for r, _, m in cue_matches("Further follow up; post hoc")]
    [('follow_up_of', 'Further follow up'), ('secondary_analysis_of', 'post hoc')]
    """
    return ANNOTATION_CUES.matches(text)


class CueText:
    """A text asked about many cross-references, scanned for cues near them.

    Offsets are in the whitespace-normalised text (:attr:`flat`). With the offsets of the
    text's cross-references, a cue that labels one of them is told apart from the citing
    work's own cues (:mod:`refgraph.graph.subjects`); where they sit is worked out only
    for a cue that is not the head of its sentence. The first question scans, in one pass, the
    sentences from the first cross-reference's to the last one's; other sentences are
    scanned only when a cross-reference's own sentence has no cue and the rest of the text
    must be asked.
    """

    __slots__ = ("_all", "_free", "_hi", "_labelling", "_lo", "_lowered", "_sentences",
                 "_slots", "ends", "flat", "offsets")

    def __init__(self, text: str) -> None:
        self._setup(" ".join(text.split()), ())

    @classmethod
    def from_flat(cls, flat: str, offsets: Sequence[int] = ()) -> CueText:
        """A CueText of ``flat``, already whitespace-normalised (``" ".join(text.split())``),
        whose cross-references start at ``offsets``, in order
        (:func:`refgraph.graph.xrefs.xref_fields`)."""
        self = cls.__new__(cls)
        self._setup(flat, offsets)
        return self

    def _setup(self, flat: str, offsets: Sequence[int]) -> None:
        self.flat = flat
        self.offsets = offsets
        self._slots: tuple[list[int], list[int], list[int]] | None = None
        self.ends = [m.start() + 1 for m in _SENTENCE_END.finditer(flat)] if flat else []
        self._lowered: str | None = None
        self._sentences: dict[int, str] = {}
        self._lo, self._hi = 0, -1  # the sentences scanned so far: lo..hi (none yet)
        #: sentence number -> the citing work's cues / cues labelling a cross-reference
        self._free: dict[int, list[tuple[str, int, str]]] = {}
        self._labelling: dict[int, list[tuple[str, int, str, int]]] = {}
        self._all: list[tuple[str, int, str]] | None = None

    @property
    def labels_a_reference(self) -> bool:
        """Whether a cue scanned so far labels a cross-reference (see :meth:`pairs`)."""
        return bool(self._labelling)

    def slots(self) -> tuple[list[int], list[int], list[int]]:
        """Where the cross-references sit (:func:`subjects.slots_of` of :attr:`offsets`)."""
        if self._slots is None:
            self._slots = slots_of(self.flat, self.offsets)
        return self._slots

    @property
    def matches(self) -> list[tuple[str, int, str]]:
        """Every cue of the text (labelling ones included), by offset."""
        self._everywhere()
        return sorted([m for cues in self._free.values() for m in cues]
                      + [m[:3] for cues in self._labelling.values() for m in cues],
                      key=lambda m: m[1])

    def _bounds(self, i: int) -> tuple[int, int]:
        ends = self.ends
        return (ends[i - 1] + 1 if i else 0), (ends[i] if i < len(ends) else len(self.flat))

    def _scan_range(self, lo: int, hi: int) -> None:
        """Scan sentences ``lo``..``hi`` (none of them scanned yet) in one pass."""
        if self._lowered is None:
            self._lowered = lower_in_place(self.flat)
        flat, ends, offsets = self.flat, self.ends, self.offsets
        count = len(ends)
        begin = ends[lo - 1] + 1 if lo else 0
        end = ends[hi] if hi < count else len(flat)
        i = lo
        last_xref = offsets[-1] if offsets else -1
        free = self._free
        for match in ANNOTATION_CUES.matches(flat, self._lowered, begin, end):
            pos = match[1]
            while i < count and ends[i] < pos:  # i = bisect_left(ends, pos), walked forward
                i += 1
            after = pos + len(match[2])
            if last_xref > after:  # a reference follows: does the cue label it?
                first = ends[i - 1] + 1 if i else 0
                if pos != first and (pos - first > 5 or not is_head(flat, pos, first)):
                    last = ends[i] if i < count else len(flat)
                    slot = labelled_slot(flat, pos, after, self.slots()[0], last, first)
                    if slot >= 0:
                        self._labelling.setdefault(i, []).append((*match, slot))
                        continue
            kept = free.get(i)
            if kept is None:
                free[i] = [match]
            else:
                kept.append(match)

    def _ensure(self, i: int) -> None:
        """Scan sentence ``i`` if not done; the first time, every reference's sentence too."""
        lo, hi = self._lo, self._hi
        if lo <= i <= hi:
            return
        if hi < lo:  # nothing scanned yet
            lo = hi = i
            if self.offsets:
                lo = min(i, bisect.bisect_left(self.ends, self.offsets[0]))
                hi = max(i, bisect.bisect_left(self.ends, self.offsets[-1]))
            self._scan_range(lo, hi)
            self._lo, self._hi = lo, hi
            return
        self._everywhere()  # a sentence outside the references' ones: rare, scan the rest

    def _everywhere(self) -> list[tuple[str, int, str]]:
        """The citing work's cues in the whole text, by offset (the rest scanned now)."""
        if self._all is None:
            lo, hi, last = self._lo, self._hi, len(self.ends)
            if hi < lo:
                self._scan_range(0, last)
            else:
                if lo > 0:
                    self._scan_range(0, lo - 1)
                if hi < last:
                    self._scan_range(hi + 1, last)
            self._lo, self._hi = 0, last
            self._all = [m for i in sorted(self._free) for m in self._free[i]]
        return self._all

    def _sentence(self, i: int) -> str:
        sentence = self._sentences.get(i)
        if sentence is None:
            start, end = self._bounds(i)
            sentence = self._sentences[i] = self.flat[start:end].strip()
        return sentence

    def classify(self, anchor: int | None = None) -> Classification:
        """Return the relation stated about the cross-reference at ``anchor`` (see classify)."""
        return Classification(*self.explain(anchor))

    def explain(self, anchor: int | None = None) -> tuple[str, str, str, tuple[str, ...]]:
        """:meth:`classify` as a plain tuple ``(relation, cue, evidence, competing)``.

        The cues of the anchor's sentence that belong to the citing work decide; when that
        sentence has none, cues elsewhere do, unless the sentence types another cited work
        ("its final update [Y]"): then the citing work merely ``cites``.
        """
        if anchor is None:
            pool = self._everywhere()
            if not pool:
                return "cites", "", self.flat, ()
            best = min(pool, key=lambda m: (_RANK[m[0]], m[1]))
            i = bisect.bisect_left(self.ends, best[1])
        else:
            i = bisect.bisect_left(self.ends, anchor)
            if not self._lo <= i <= self._hi:
                self._ensure(i)
            found = self._free.get(i)
            if found is not None:
                pool = found
            elif i in self._labelling or not self._everywhere():
                return "cites", "", self._sentences.get(i) or self._sentence(i), ()
            else:
                pool = self._all or []
            if len(pool) == 1:
                best = pool[0]
            else:
                best = min(pool, key=lambda m: (_RANK[m[0]], abs(m[1] - anchor)))
            if found is None:
                i = bisect.bisect_left(self.ends, best[1])
        relation = best[0]
        relations = frozenset([m[0] for m in pool]) if len(pool) > 1 else _ALONE[relation]
        competing = _COMPETING.get((relations, relation))
        if competing is None:
            competing = _COMPETING[relations, relation] = tuple(
                sorted(relations - {relation}, key=_RANK.__getitem__))
        sentence = self._sentences.get(i)
        if sentence is None:
            sentence = self._sentence(i)
        return relation, best[2], sentence, competing

    def pairs(self) -> list[tuple[int, int | None, str, str, str]]:
        """Relations between cited works: ``(labelled slot, antecedent, relation, cue,
        sentence)``; the antecedent is a slot, :data:`subjects.CITING` or ``None``."""
        if self.offsets and self._hi < self._lo:
            self._ensure(bisect.bisect_left(self.ends, self.offsets[0]))
        if not self._labelling:
            return []
        starts, slot_ends, _ = self.slots()
        out = []
        for i in sorted(self._labelling):
            best: dict[int, tuple[str, int, str, int]] = {}
            for match in self._labelling[i]:  # one relation per labelled slot: highest rank
                kept = best.get(match[3])
                if kept is None or _RANK[match[0]] < _RANK[kept[0]]:
                    best[match[3]] = match
            start = self._bounds(i)[0]
            for slot in sorted(best):
                relation, pos, cue, _ = best[slot]
                before = antecedent_of(self.flat, pos, starts, slot_ends, start)
                out.append((slot, before, relation, cue, self._sentence(i)))
        return out


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
