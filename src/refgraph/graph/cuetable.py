"""Cue tables: many cue patterns matched in one cheap scan of a text (pure).

:class:`CueTable` compiles cue patterns grouped by relation; :mod:`refgraph.graph.cues`
holds the annotation tables and :mod:`refgraph.graph.metadata` the title/abstract ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = ["CueTable", "lower_in_place"]


class CueTable:
    """Cue patterns by relation, compiled for one cheap scan of a text.

    Every pattern starts with a literal word ("further", "post", "meta" ...) or a digit.
    One regex finds where one of those words starts; only the patterns whose word is a
    prefix of the text there are tried. At one offset the relation that comes first in
    ``order`` (the tie-break ranking) wins. ``digits`` is the regex that may start a
    digit-led cue (``\\d`` by default; narrower is faster on number-laden abstracts).
    """

    __slots__ = ("_by_lead", "_starts")

    def __init__(self, cues: Mapping[str, Sequence[str]], order: Sequence[str],
                 digits: str = r"\d") -> None:
        patterns: list[tuple[str, str, re.Pattern[str]]] = []  # (lead, relation, compiled)
        for relation in order:  # rank order: at one place the first relation wins
            for pattern in cues.get(relation, ()):
                patterns.append((_lead(pattern), relation, re.compile(pattern, re.DOTALL)))
        leads = {lead for lead, _, _ in patterns}
        #: lead -> the patterns of every lead that is a prefix of it, in rank order
        self._by_lead: dict[str, list[tuple[str, re.Pattern[str]]]] = {
            lead: [(r, c) for other, r, c in patterns if lead.startswith(other)]
            for lead in leads}
        words = sorted((lead for lead in leads if lead != "\\d"), key=lambda w: (-len(w), w))
        alternatives = [*words, *([f"(?={digits})\\d"] if "\\d" in leads else [])]
        # a lookahead on the first characters lets the engine skip most word starts at once
        firsts = "".join(sorted({re.escape(w[0]) for w in words}))
        self._starts = re.compile(
            r"\b(?=[" + firsts + (r"\d" if "\\d" in leads else "") + r"])(?:"
            + "|".join(alternatives) + ")")

    def matches(self, text: str, lowered: str | None = None, start: int = 0,
                end: int | None = None) -> list[tuple[str, int, str]]:
        """Return every cue in ``text`` as ``(relation, offset, matched text)``, by offset.

        ``lowered`` is ``text`` lower-cased offset for offset (computed when absent);
        ``start``/``end`` limit where cues may begin (one sentence of a longer text).
        """
        if lowered is None:
            lowered = lower_in_place(text)
        by_lead = self._by_lead
        found: list[tuple[str, int, str]] = []
        last = 0
        end = len(text) if end is None else end
        for begin in self._starts.finditer(lowered, start, end):
            pos = begin.start()
            if pos < last:
                continue
            word = begin.group()
            for relation, pattern in by_lead["\\d" if word[0].isdigit() else word]:
                m = pattern.match(lowered, pos)
                if m:
                    found.append((relation, pos, text[pos:m.end()]))
                    last = m.end()
                    break
        return found


_LETTERS = re.compile(r"[a-z]+")


def _lead(pattern: str) -> str:
    """The literal word a cue pattern starts with (``\\d`` for a digit-led one).

    >>> _lead(r"\\bupdated?(?: [\\w-]+)"), _lead(r"\\bmeta[\\s-]?analysis"), _lead(r"\\b\\d{1,2}")
    ('update', 'meta', '\\\\d')
    """
    bare = pattern.removeprefix(r"\b")
    if bare.startswith("\\d"):
        return "\\d"
    m = _LETTERS.match(bare)
    word = m.group() if m else ""
    if word and bare[len(word):len(word) + 1] in ("?", "*", "{"):
        word = word[:-1]  # "updated?": the d is optional
    if len(word) < 2:
        raise ValueError(f"cue pattern must start with a word or a digit: {pattern}")
    return word


def lower_in_place(text: str) -> str:
    """``text`` lower-cased, each character where it was (a few non-ASCII letters would
    otherwise change length and shift every offset after them)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few non-ASCII letters change length: keep offsets
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered
