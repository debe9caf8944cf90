"""Citation keys: stable, readable, unique (pure).

``Kantarjian2016``, then ``Kantarjian2016a``, ``Kantarjian2016b`` ... in document order.
Anonymous works are keyed from the journal (``MedLett2018``) or, failing that, the title.
The same input always gives the same keys.

Readers that build many references use :func:`key_stem` and a :class:`KeyAllocator` to
give each reference its key while constructing it (no copy per reference);
:func:`assign_keys` does the same for references that already exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from refgraph.model import Author, Reference
from refgraph.text import fold

__all__ = ["KeyAllocator", "assign_keys", "base_key", "is_bibtex_key", "key_stem", "suffix"]

_STOP = {"a", "an", "the", "of", "on", "in", "for", "and", "to", "with", "de", "la", "le"}
_NOT_ALNUM_RE = re.compile(r"[^A-Za-z0-9]")
_NOT_ALPHA_RE = re.compile(r"[^A-Za-z]")
_NOT_DIGIT_RE = re.compile(r"\D")
#: what no BibTeX key may hold (bibtexparser and BibTeX end the key there, or fail)
_KEY_UNSAFE_RE = re.compile(r'[\s{}()",=#%\\]')


def _camel(words: Iterable[str], limit: int) -> str:
    out = []
    for word in words:
        clean = _NOT_ALNUM_RE.sub("", fold(word) if not word.isascii() else word)
        if not clean or clean.lower() in _STOP:
            continue
        out.append(clean[0].upper() + clean[1:])
        if len(out) >= limit:
            break
    return "".join(out)


def _ascii_name(name: str) -> str:
    if name.isascii() and name.isalpha():  # the common case: nothing to fold or drop
        return name[0].upper() + name[1:]
    folded = fold(name)
    # keep the original capitalisation where the name is ASCII already
    source = name if name.isascii() else folded
    letters = _NOT_ALPHA_RE.sub("", source)
    if not letters:
        return ""
    return letters[0].upper() + letters[1:]


def key_stem(authors: Sequence[Author], journal: str, title: str, pmid: str, year: str) -> str:
    """Return the key before disambiguation from a reference's fields (see :func:`base_key`).

    >>> key_stem((Author(last="Kantarjian"),), "N Engl J Med", "", "27292104", "2016")
    'Kantarjian2016'
    """
    if authors:  # the common case first: an ASCII surname and a year of digits
        last = authors[0].last
        if last.isascii() and last.isalpha() and year.isascii() and year.isdigit():
            return last[0].upper() + last[1:] + year[:4]
    stem = ""
    if authors:
        first = authors[0]
        stem = _ascii_name(first.last) if first.last else _camel(first.collective.split(), 2)
    if not stem and journal:
        stem = _camel(journal.split(), 2)
    if not stem and title:
        stem = _camel(title.split(), 2)
    if not stem:
        stem = f"pmid{pmid}" if pmid else "anon"
    if not (year.isascii() and year.isdigit()):
        year = _NOT_DIGIT_RE.sub("", year)
    year = year[:4]
    return f"{stem}{year}" if year else stem


def base_key(ref: Reference) -> str:
    """Return the key before disambiguation: surname (or journal/title) + year.

    >>> base_key(Reference(key="", authors=(Author(last="Gökbuget"),), year="2016"))
    'Gokbuget2016'
    """
    return key_stem(ref.authors, ref.journal, ref.title, ref.pmid, ref.year)


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


class KeyAllocator:
    """Hand out unique keys in document order: ``Lamb2017``, ``Lamb2017a``, ``Lamb2017b`` ...

    >>> keys = KeyAllocator()
    >>> [keys.allocate("Lamb2017"), keys.allocate("Lamb2017"), keys.keep("x"), keys.keep("x")]
    ['Lamb2017', 'Lamb2017a', 'x', 'xa']
    """

    __slots__ = ("_counts", "_taken")

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._counts: dict[str, int] = {}

    def allocate(self, base: str) -> str:
        """Return ``base`` if still free, else ``base`` + the next free suffix; take it."""
        taken = self._taken
        n = self._counts.get(base, 0)
        if n == 0 and base not in taken:
            taken.add(base)
            self._counts[base] = 0
            return base
        candidate = ""
        while not candidate or candidate in taken:
            n += 1
            candidate = base + suffix(n)
        self._counts[base] = n
        taken.add(candidate)
        return candidate

    def keep(self, key: str) -> str:
        """Keep an existing ``key`` if it is free; otherwise disambiguate it like a base."""
        if key not in self._taken:
            self._taken.add(key)
            return key
        return self.allocate(key)


def is_bibtex_key(key: str) -> bool:
    """Can ``key`` be written as a BibTeX citation key as it is?

    >>> is_bibtex_key("Kantarjian2016:ino"), is_bibtex_key("{"), is_bibtex_key("")
    (True, False, False)
    """
    return bool(key) and _KEY_UNSAFE_RE.search(key) is None


def assign_keys(refs: Sequence[Reference], *, keep_existing: bool = True) -> list[Reference]:
    """Give every reference a unique key, in order.

    With ``keep_existing``, keys already set (BibTeX input) are kept unless they collide
    with an earlier one; empty keys are generated. Characters a BibTeX key cannot hold
    (white space, ``{}()",=#%\\``; a CSL-JSON id may have them) are left out of a kept key.
    A reference whose key does not change
    is returned as is (no copy).
    """
    keys = KeyAllocator()
    out: list[Reference] = []
    for ref in refs:
        kept = _KEY_UNSAFE_RE.sub("", ref.key) if keep_existing else ""
        key = keys.keep(kept) if kept else keys.allocate(base_key(ref))
        out.append(ref if key == ref.key else replace(ref, key=key))
    return out
