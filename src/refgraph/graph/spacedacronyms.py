"""Trial acronyms of several space-separated tokens, and capitals that name no trial (pure).

Many trials carry a name of several tokens in capitals: "ROCKET AF", "ENGAGE AF-TIMI 48",
"EMPA-REG OUTCOME", "ATLAS ACS 2-TIMI 51", "SPRINT MIND". Such a *spaced acronym* is a head
token in capitals (three letters or more, hyphens allowed: "ROCKET", "EMPA-REG") followed by
tokens of capitals or digits, at least one of them with two capital letters or more ("AF",
"AF-TIMI", "OUTCOME"); numbers may follow ("48", "2-TIMI 51"). It is read where
:mod:`~refgraph.graph.trials` reads a one-token acronym: before "trial"/"study", in a list
of trials ("the RE-LY, ROCKET AF, ARISTOTLE, and ENGAGE AF-TIMI 48 trials"), in brackets
right after the trial noun, before a registry number, and in a collective author ("ROCKET
AF Investigators"). The longest name wins: "ENGAGE AF-TIMI 48" is one trial, and the
"AF-TIMI" inside it none (:func:`without_inner`).

Precision comes first, so a spaced name is refused (:func:`is_spaced_acronym`) when its head
is a cooperative group, a disease, an agency or a structured-abstract label
(:data:`NOT_TRIAL_WORDS`: "NSCLC AF", "EORTC AML") or a Roman numeral ("phase III
ALFA-0701 trial"), when a token is a regimen or a disease
(:data:`NOT_TRIALS`: "SPRINT COVID-19"), or when it holds a small word in capitals ("ROCKET
AND ARISTOTLE"). When one candidate is refused, the next token may still begin one.
"""

from __future__ import annotations

import re

__all__ = [
    "GROUP_SUFFIX",
    "LIST_ITEM",
    "LIST_SEPARATOR",
    "NOT_TRIALS",
    "NOT_TRIAL_WORDS",
    "SPACED",
    "is_spaced_acronym",
    "spaced_group",
    "spaced_hits",
    "spaced_list_hits",
    "without_inner",
]

#: capitals before "trial"/"study" that name groups, diseases or designs, not one trial
NOT_TRIAL_WORDS = frozenset({
    "EORTC", "SWOG", "ECOG", "NSABP", "RTOG", "CALGB", "ACOSOG", "NCIC", "GIMEMA", "HOVON",
    "GOELAMS", "NCRI", "AIEOP", "UKALL", "GELA", "LYSA", "JCOG", "WJOG", "KCSG", "AGO", "NRG",
    "GBG", "ABCSG", "IBCSG", "GEICAM", "ANZGOG", "NCTN", "NIH", "NCI", "FDA", "EMA", "WHO",
    "CDC", "USA", "PHASE", "COPD", "NSCLC", "SCLC", "DLBCL", "HNSCC", "MRSA", "COVID", "SARS",
    "HIV", "AIDS", "HBV", "HCV", "NASH", "NAFLD", "MASLD", "DILI", "CKD", "ESRD", "STEMI",
    "NSTEMI", "PCI", "CABG", "ICU", "RCT", "RCTS", "CONSORT", "MRI", "PET", "IPD",
    # structured-abstract labels ("DESIGN: A randomized trial ...") and other capitals
    "BACKGROUND", "METHODS", "METHOD", "RESULTS", "CONCLUSIONS", "CONCLUSION", "OBJECTIVE",
    "OBJECTIVES", "DESIGN", "SETTING", "PURPOSE", "AIMS", "INTRODUCTION", "FINDINGS",
    "INTERPRETATION", "FUNDING", "CONTEXT", "IMPORTANCE", "PARTICIPANTS", "INTERVENTIONS",
    "INTERVENTION", "MEASUREMENTS", "SUMMARY", "NOTE", "TRIAL", "STUDY", "PATIENTS", "MAIN",
    "OUTCOME", "OUTCOMES", "LIMITATIONS", "EVIDENCE", "DATA", "SOURCES", "SELECTION",
    "EXTRACTION", "SYNTHESIS", "REVIEW", "RATIONALE", "HYPOTHESIS", "EXPOSURE", "EXPOSURES",
    "REGISTRATION", "SIGNIFICANCE", "PROTOCOL", "ABSTRACT", "UPDATE",
})
#: hyphenated capitals that are regimens, diseases or markers, not trials
NOT_TRIALS = re.compile(
    r"^(?:COVID|SARS|HIV|HLA|CD-?\d|R-CHOP|CHOP|HYPER|B-ALL|T-ALL|MRD|PCR|CAR-T|IL-\d|TNF|PD-L?1"
    r"|HER-?2|FLT3|BCR-ABL|NF-|MINI)",
    re.IGNORECASE,
)
#: small words and nouns in capitals: never inside a trial's spaced name
_NOT_INSIDE = frozenset({
    "AND", "OR", "OF", "THE", "IN", "FOR", "WITH", "VS", "TO", "ON", "AT", "BY", "TRIAL",
    "TRIALS", "STUDY", "STUDIES", "PHASE", "PROTOCOL", "GROUP",
})

_ROMAN = re.compile(r"^[IVX]+$")
#: a spaced acronym (validated by :func:`is_spaced_acronym`): a head in capitals, then tokens
#: of capitals or digits, each a whole word ("ROCKET AF", "ATLAS ACS 2-TIMI 51")
SPACED = (r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*(?![\w-])"
          r"(?: (?:[A-Z][A-Z0-9]*|\d{1,3})(?:-[A-Z0-9]+)*(?![\w-]))+")
_SPACED = re.compile(rf"(?<![-/\w]){SPACED}")
#: one trial of a list: "the ALFA-0701 and AML-19 trials", "pooled analysis of ASPIRE and ..."
LIST_ITEM = r"(?:[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|[A-Z][A-Z0-9]{3,})"
LIST_SEPARATOR = re.compile(r",\s*(?:(?:and|or|&)\s+)?|\s+(?:and|or|&)\s+")
#: a list of trials with a spaced name in it: "the RE-LY, ROCKET AF, ARISTOTLE, and ENGAGE
#: AF-TIMI 48 trials"
_ANY_ITEM = rf"(?:{SPACED}|{LIST_ITEM})"
_SPACED_LIST = re.compile(
    rf"(?<![-/\w])({_ANY_ITEM}(?:(?:,\s*|,?\s+(?:and|or|&)\s+){_ANY_ITEM})+)"
    r"\s+(?i:trials|studies)\b")
#: what may stand between the name and the trial noun, then the noun
_NOUN_AFTER = re.compile(
    r"(?:,?\s+(?i:phase\s+\S+|randomi[sz]ed|open-label|double-blind|clinical|controlled"
    r"|pivotal|\d+)){0,3}\s+(?:(?i:trials?|study|studies)|protocol|investigators)\b")
#: a trial noun, then the name in brackets: "the ... Trial (ROCKET AF)"
_IN_BRACKETS = re.compile(rf"\b(?i:trial|study)\s*\(({SPACED})\)")
#: the suffixes of a collective author that names a trial (as in :mod:`~.trials`)
GROUP_SUFFIX = (r"(?:investigators|study group|trial group|collaborative group"
                r"|steering committee|writing committee|trialists|study team|research group"
                r"|committees and investigators|investigators and committees)\b")
_GROUP = re.compile(rf"^(?:[Tt]he )?({SPACED})(?: (?i:trial|study))? (?i:{GROUP_SUFFIX})")


def is_spaced_acronym(name: str) -> bool:
    """Whether a candidate of several tokens is a trial's name (see the module docstring).

    >>> is_spaced_acronym("ENGAGE AF-TIMI 48"), is_spaced_acronym("NSCLC AF")
    (True, False)
    >>> is_spaced_acronym("DECLARE-TIMI 58"), is_spaced_acronym("UK PACE")
    (False, False)
    >>> is_spaced_acronym("III ALFA-0701"), is_spaced_acronym("ABCD III")
    (False, True)
    """
    head, *tail = name.split()
    letters = sum(c.isalpha() for c in head)
    if letters < 3 or not tail or any(part in NOT_TRIAL_WORDS for part in head.split("-")):
        return False
    if _ROMAN.match(head):
        return False  # "phase III ALFA-0701 trial": the phase, then the acronym
    if not any(sum(c.isalpha() for c in token) >= 2 for token in tail):
        return False  # "DECLARE-TIMI 58": a one-token acronym and a number
    return not any(token in _NOT_INSIDE or NOT_TRIALS.match(token)
                   for token in (head, *tail))


def spaced_hits(flat: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, name)`` for every spaced acronym of a whitespace-normalised
    text before the trial noun or in brackets right after it. After a refused candidate the
    next token may begin another ("the EORTC ROCKET AF trial" -> "ROCKET AF").

    >>> spaced_hits("in the ROCKET AF trial and the EORTC AML study")
    [(7, 16, 'ROCKET AF')]
    """
    hits = []
    at = 0
    while (m := _SPACED.search(flat, at)) is not None:
        if _NOUN_AFTER.match(flat, m.end()) and is_spaced_acronym(m.group()):
            hits.append((m.start(), m.end(), m.group()))
            at = m.end()
        else:
            at = m.start() + len(m.group().split()[0]) + 1
    if "(" in flat:
        hits += [(m.start(1), m.end(1), m.group(1)) for m in _IN_BRACKETS.finditer(flat)
                 if is_spaced_acronym(m.group(1))]
    return hits


def spaced_list_hits(flat: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, name)`` for the trials of every list naming a spaced acronym
    before "trials"/"studies" (a list without one is :mod:`~.trials`' to read).

    >>> [name for _, _, name in spaced_list_hits("the RE-LY, ROCKET AF, and EORTC trials")]
    ['RE-LY', 'ROCKET AF']
    """
    hits = []
    for m in _SPACED_LIST.finditer(flat):
        names = LIST_SEPARATOR.split(m.group(1))
        if not any(" " in name and is_spaced_acronym(name) for name in names):
            continue
        at = m.start(1)
        for name in names:
            at = flat.index(name, at)
            if (is_spaced_acronym(name) if " " in name else
                    ("-" in name or name not in NOT_TRIAL_WORDS) and not NOT_TRIALS.match(name)):
                hits.append((at, at + len(name), name))
            at += len(name)
    return hits


def without_inner(hits: list[tuple[int, int, str]],
                  spaced: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop the hits inside a longer spaced name ("AF-TIMI" in "ENGAGE AF-TIMI 48").

    >>> without_inner([(7, 14, "AF-TIMI"), (0, 17, "ENGAGE AF-TIMI 48")],
    ...               [(0, 17, "ENGAGE AF-TIMI 48")])
    [(0, 17, 'ENGAGE AF-TIMI 48')]
    """
    if not spaced:
        return hits
    return [(start, end, name) for start, end, name in hits
            if not any(s <= start and end <= e and e - s > end - start for s, e, _ in spaced)]


def spaced_group(author: str) -> str:
    """Return the spaced acronym a collective author names, else ``""``.

    >>> spaced_group("ENGAGE AF-TIMI 48 Investigators"), spaced_group("NSCLC AF Study Group")
    ('ENGAGE AF-TIMI 48', '')
    """
    m = _GROUP.match(" ".join(author.split()))
    return m.group(1) if m and is_spaced_acronym(m.group(1)) else ""
