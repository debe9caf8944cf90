"""Whose relation does a cue state? Cue attribution by grammatical subject (pure).

An annotation is a subject-less description of the *citing* work ("Further follow up of
patients in a controlled trial [Kantarjian 2016]"): a cue whose object is the
cross-reference (the cue, then ``of``/``in``/``to`` ..., then the reference) states the
citing work's relation to it. A cue that *labels* a cross-reference instead describes the
cited work: "citing the ALFA-0701 trial [Castaigne 2012] and its final update [Lambert
2019]" says that Lambert 2019 is an update, and of what "its" points to, Castaigne 2012.

The rules (one sentence at a time, on whitespace-normalised text):

1. A cue *labels* the next cross-reference of its sentence when nothing but a few plain
   words stand between them ("its final update [Y]", "long-term results by Y et al. 2019"),
   or when a possessive ("its", "their", "whose") right before the cue makes the reference
   its subject ("its final analysis of survival [Y]"). A linking word in between
   (:data:`LINKING`: "of", "in", "to", "including" ...) makes the reference the cue's
   object instead, and the cue stays with the citing work. So does a cue that opens its
   sentence (bare or after "A"/"An"): the head of an annotation sentence describes the
   annotated work ("Long-term results [Smith 2016]" is a follow-up of Smith 2016).
2. A labelling cue relates the labelled work to its *antecedent*: after a possessive, the
   nearest cross-reference before the cue in the same sentence, else the citing work
   itself; without a possessive, a cross-reference coordinated just before it ("[X] and
   the updated results [Y]"), else nothing.
3. The citing work's own relation to a cross-reference ignores labelling cues.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["CITING", "LINKING", "POSSESSIVES", "antecedent_of", "is_head", "labelled_slot",
           "slots_of"]

#: antecedent value meaning "the citing work itself"
CITING = -1
#: words that make what follows the object of the cue before them
LINKING = frozenset({
    "of", "in", "on", "to", "from", "with", "including", "among", "for", "about", "after",
    "regarding", "versus", "vs", "vs.", "comparing", "and", "or", "that", "which", "who",
    "whom", "was", "were", "is", "are", "be", "been", "showed", "shows", "found", "reported",
    "reporting", "describing", "described", "using", "between", "into", "at", "as", "than",
    "per", "during", "while", "where", "when", "whereas", "but", "although", "mentions",
    "mentioned",
})
#: words that make the cue after them describe another work
POSSESSIVES = frozenset({"its", "their", "whose"})
#: coordination between two cross-references: "[X] and its update [Y]", "[X], the update [Y]"
_COORDINATION = re.compile(r"^\s*(?:,|;|and|as well as|plus|with|, and)?\s*(?:\w+\s+){0,2}$")
_WORD = re.compile(r"[A-Za-z][\w.'’-]*")
_MAX_GAP = 48  # characters: a few words
_HEADS = frozenset({"", "a", "an"})
_YEAR_END = re.compile(r"(?:19|20)\d\d\)?")


def slots_of(flat: str, offsets: Sequence[int]) -> tuple[list[int], list[int], list[int]]:
    """Return where each cross-reference starts and ends in the text, and its slot index.

    A bracketed label's slot is its bracket (``[``, so labels of one bracket share it); a
    label in running text starts at its offset. Returns ``(starts, ends, slot_of_xref)``
    with ``starts`` sorted and unique.
    """
    spans: dict[int, int] = {}
    slot_start: list[int] = []
    for offset in offsets:
        bracket = flat.rfind("[", 0, offset + 1)
        if bracket >= 0 and "]" not in flat[bracket:offset]:
            close = flat.find("]", offset)
            start, end = bracket, (close + 1 if close >= 0 else len(flat))
        else:
            start = offset
            year = _YEAR_END.search(flat, offset)
            end = year.end() if year else offset + 1
        spans[start] = max(end, spans.get(start, end))
        slot_start.append(start)
    starts = sorted(spans)
    index = {start: i for i, start in enumerate(starts)}
    return starts, [spans[s] for s in starts], [index[s] for s in slot_start]


def is_head(flat: str, cue_start: int, sentence_start: int) -> bool:
    """Whether the cue opens its sentence (bare, or after "(", "A", "An")."""
    return cue_start - sentence_start <= 5 and (
        flat[sentence_start:cue_start].strip(" ([").lower() in _HEADS)


def _words_before(flat: str, pos: int, count: int = 2) -> list[str]:
    return [w.lower() for w in _WORD.findall(flat[max(0, pos - 40):pos])][-count:]


def _possessive_before(flat: str, pos: int) -> bool:
    """Whether "its", "their" or "whose" is one of the two words before ``pos``."""
    window = flat[max(0, pos - 30):pos].lower()
    if "its" not in window and "their" not in window and "whose" not in window:
        return False  # the usual case, without a regex
    return bool(POSSESSIVES.intersection(_words_before(flat, pos)))


def labelled_slot(
    flat: str, cue_start: int, cue_end: int, starts: Sequence[int], sentence_end: int,
    sentence_start: int = 0,
) -> int:
    """Return the index of the slot the cue at ``[cue_start, cue_end)`` labels, or ``-1``.

    >>> text = "citing the trial [A 2012] and its final update [B 2019]."
    >>> starts, _, _ = slots_of(text, [text.index("A"), text.index("B")])
    >>> labelled_slot(text, text.index("final"), text.index(" [B"), starts, len(text))
    1
    >>> text = "Further follow up of patients in a trial [A 2016]."
    >>> starts, _, _ = slots_of(text, [text.index("A")])
    >>> labelled_slot(text, 0, len("Further follow up"), starts, len(text))
    -1
    """
    i = bisect.bisect_left(starts, cue_end)
    if i >= len(starts) or starts[i] > sentence_end:
        return -1
    if is_head(flat, cue_start, sentence_start):
        return -1  # the sentence's head: the annotated work itself
    gap = flat[cue_end:starts[i]]
    if _possessive_before(flat, cue_start):
        return i if len(gap) <= 2 * _MAX_GAP and ";" not in gap else -1
    if len(gap) > _MAX_GAP or any(c in gap for c in ",;:()"):
        return -1
    words = [w.lower() for w in _WORD.findall(gap)]
    if any(w in LINKING for w in words) and words != ["by"] and words[-1:] != ["by"]:
        return -1
    return i if len(words) <= 4 else -1


def antecedent_of(
    flat: str, cue_start: int, starts: Sequence[int], ends: Sequence[int], sentence_start: int
) -> int | None:
    """Return the slot a labelling cue relates its labelled work to (see rule 2).

    ``CITING`` means the citing work; ``None`` means nothing in the text says what.
    """
    i = bisect.bisect_left(starts, cue_start) - 1
    before = i if i >= 0 and starts[i] >= sentence_start else -1
    if _possessive_before(flat, cue_start):
        return before if before >= 0 else CITING
    if before >= 0 and _COORDINATION.match(flat[ends[before]:cue_start]):
        return before
    return None
