"""Citation keys: stable, readable, unique (pure).

``Kantarjian2016``, then ``Kantarjian2016a``, ``Kantarjian2016b`` ... in document order.
Anonymous works are keyed from the journal (``MedLett2018``) or, failing that, the title.
The same input always gives the same keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from refgraph.model import Reference, fold

__all__ = ["assign_keys", "base_key", "suffix"]

_STOP = {"a", "an", "the", "of", "on", "in", "for", "and", "to", "with", "de", "la", "le"}


def _camel(words: Iterable[str], limit: int) -> str:
    out = []
    for word in words:
        clean = re.sub(r"[^A-Za-z0-9]", "", fold(word) if not word.isascii() else word)
        if not clean or clean.lower() in _STOP:
            continue
        out.append(clean[0].upper() + clean[1:])
        if len(out) >= limit:
            break
    return "".join(out)


def _ascii_name(name: str) -> str:
    folded = fold(name)
    # keep the original capitalisation where the name is ASCII already
    source = name if name.isascii() else folded
    letters = re.sub(r"[^A-Za-z]", "", source)
    if not letters:
        return ""
    return letters[0].upper() + letters[1:]


def base_key(ref: Reference) -> str:
    """Return the key before disambiguation: surname (or journal/title) + year.

    >>> from refgraph.model import Author
    >>> base_key(Reference(key="", authors=(Author(last="Gökbuget"),), year="2016"))
    'Gokbuget2016'
    """
    stem = ""
    if ref.authors:
        first = ref.authors[0]
        stem = _ascii_name(first.last) if first.last else _camel(first.collective.split(), 2)
    if not stem and ref.journal:
        stem = _camel(ref.journal.split(), 2)
    if not stem and ref.title:
        stem = _camel(ref.title.split(), 2)
    if not stem:
        stem = f"pmid{ref.pmid}" if ref.pmid else "anon"
    year = re.sub(r"\D", "", ref.year)[:4]
    return f"{stem}{year}" if year else stem


def suffix(n: int) -> str:
    """Return the disambiguation suffix for the n-th repeat (1 -> a, 26 -> z, 27 -> aa).

    >>> [suffix(i) for i in (1, 2, 26, 27)]
    ['a', 'b', 'z', 'aa']
    """
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def assign_keys(refs: Sequence[Reference], *, keep_existing: bool = True) -> list[Reference]:
    """Give every reference a unique key, in order.

    With ``keep_existing``, keys already set (BibTeX input) are kept unless they collide
    with an earlier one; empty keys are generated.
    """
    taken: set[str] = set()
    counts: dict[str, int] = {}
    out: list[Reference] = []
    for ref in refs:
        key = ref.key if keep_existing and ref.key else ""
        if key and key not in taken:
            taken.add(key)
            out.append(ref)
            continue
        base = key or base_key(ref)
        n = counts.get(base, 0)
        candidate = base if n == 0 and base not in taken else ""
        while not candidate or candidate in taken:
            n += 1
            candidate = base + suffix(n)
        counts[base] = n
        taken.add(candidate)
        out.append(replace(ref, key=candidate))
    return out
