"""Trials whose randomised comparisons are reported apart, in the same month (pure).

A factorial or multi-comparison trial may publish one primary report per comparison at
once: UKPDS 33 (glucose control) and UKPDS 38 (blood-pressure control), both in September
1998, under one registry number. Reports of the trial with no cue of a later publication,
published in the same month as its primary report, are primary reports too
(:func:`reported_together`; unless their abstract says otherwise), and typed against
nothing; a later report follows up the one whose title shares most words with its own
(:func:`closest`): "Long-term follow-up after tight control of blood pressure in type 2
diabetes" follows UKPDS 38, not UKPDS 33.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["closest", "reported_together", "title_words"]

T = TypeVar("T")

_WORD = re.compile(r"[a-z][a-z0-9]{2,}")
#: words every title of a trial may share: they tell no comparison from another
_COMMON = frozenset({
    "the", "and", "with", "for", "from", "after", "before", "during", "versus", "than",
    "into", "among", "between", "its", "their", "this", "that", "our", "are", "was",
    "were", "who", "which", "trial", "study", "group", "randomised", "randomized",
    "controlled", "patients", "people", "results", "outcomes", "effect", "effects",
    "report", "phase",
})


def title_words(title: str) -> frozenset[str]:
    """The words of a title that may tell one comparison from another.

    >>> sorted(title_words("Tight blood-pressure control in type 2 diabetes: UKPDS 38."))
    ['blood', 'control', 'diabetes', 'pressure', 'tight', 'type', 'ukpds']
    """
    return frozenset(_WORD.findall(title.lower())) - _COMMON


def reported_together(candidates: Sequence[T], primary: T, date: Callable[[T], tuple[int, int]]
                      ) -> list[T]:
    """The candidates published in the primary report's month (year and month known),
    the primary report first. (The caller leaves out the candidates whose abstract has a
    cue of a later publication: a secondary analysis may come out with the primary report.)"""
    when = date(primary)
    if not when[0] or not when[1]:
        return [primary]
    return [primary, *(c for c in candidates if c is not primary and date(c) == when)]


def closest(title: str, primaries: Sequence[T], title_of: Callable[[T], str]) -> T:
    """The primary report whose title shares most words with ``title``; the first one
    (the trial's primary report) unless another shares strictly more.

    >>> closest("Long-term follow-up after tight control of blood pressure",
    ...         ["Intensive blood-glucose control", "Tight blood pressure control"], str)
    'Tight blood pressure control'
    """
    words = title_words(title)
    best, most = primaries[0], len(words & title_words(title_of(primaries[0])))
    for other in primaries[1:]:
        shared = len(words & title_words(title_of(other)))
        if shared > most:
            best, most = other, shared
    return best
