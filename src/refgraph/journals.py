"""Journal names: is an abbreviation the same journal as a full title? (pure)

PubMed gives three names for a journal: the full title ("The New England journal of
medicine"), the ISO abbreviation ("N. Engl. J. Med.") and the NLM MedlineTA ("N Engl J Med").
Citations use any of them, or their own variant. :func:`journals_match` decides whether two
names denote the same journal:

1. Both names are folded (accents, case), ``&`` becomes ``and``, punctuation goes, and stop
   words ("the", "of", "and", ...) are dropped: :func:`journal_words`.
2. Equal word lists match.
3. Otherwise the names match when they have the same number of significant words and each
   word of one is an *abbreviation* of the word in the same place in the other: it starts
   with the same letter and its letters appear, in order, in the full word
   (``"Br"`` ~ ``"british"``, ``"Haematol"`` ~ ``"haematology"``, ``"J"`` ~ ``"journal"``).

The rule is deliberately strict about word counts so that "J Med" never matches
"Journal of Experimental Medicine".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from refgraph.text import fold

__all__ = ["STOP_WORDS", "is_abbreviation", "journal_words", "journals_match", "normalise_journal"]

#: Words NLM drops when it abbreviates a title (English plus the common European ones).
STOP_WORDS = frozenset(
    {
        *("the", "of", "and", "for", "in", "on", "at", "to", "with"),
        *("de", "la", "le", "les", "des", "du", "der", "die", "das", "und", "fur", "et"),
        *("di", "del", "della", "y", "e"),
    }
)

_PUNCT = re.compile(r"[^\w\s]+")


@functools.lru_cache(maxsize=4096)
def journal_words(name: str) -> tuple[str, ...]:
    """Return the significant words of a journal name, folded.

    >>> journal_words("The Lancet. Oncology")
    ('lancet', 'oncology')
    >>> journal_words("N. Engl. J. Med.")
    ('n', 'engl', 'j', 'med')
    """
    text = fold(name).replace("&", " and ")
    text = _PUNCT.sub(" ", text).replace("_", " ")
    return tuple(w for w in text.split() if w not in STOP_WORDS)


def normalise_journal(name: str) -> str:
    """Return a comparison key for a journal name (its significant words, space-joined).

    >>> normalise_journal("N. Engl. J. Med.") == normalise_journal("N Engl J Med")
    True
    """
    return " ".join(journal_words(name))


def is_abbreviation(short: str, word: str) -> bool:
    """Return True when ``short`` abbreviates ``word``: same first letter, letters in order.

    >>> is_abbreviation("br", "british")
    True
    >>> is_abbreviation("med", "journal")
    False
    """
    if not short or not word or short[0] != word[0] or len(short) > len(word):
        return False
    if word.startswith(short):
        return True
    position = 1
    for letter in short[1:]:
        position = word.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def _abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return len(short) == len(full) and all(
        is_abbreviation(s, f) for s, f in zip(short, full, strict=True)
    )


@functools.lru_cache(maxsize=16384)
def journals_match(a: str, b: str) -> bool:
    """Return True when two journal names denote the same journal.

    >>> journals_match("N Engl J Med", "The New England journal of medicine")
    True
    >>> journals_match("Br J Haematol", "British journal of haematology")
    True
    >>> journals_match("Lancet Oncol", "Lancet Haematol")
    False
    """
    words_a, words_b = journal_words(a), journal_words(b)
    if not words_a or not words_b:
        return False
    if words_a == words_b:
        return True
    # Either side may be the abbreviation; also try with both squeezed of spaces
    # ("JAMA Oncol" vs "JAMA oncology" is covered above; "Biochem Biophys" are words).
    return _abbreviates(words_a, words_b) or _abbreviates(words_b, words_a)


def matches_any(cited: str, names: Iterable[str]) -> bool:
    """Return True when ``cited`` matches any non-empty name in ``names``."""
    return any(journals_match(cited, name) for name in names if name)
