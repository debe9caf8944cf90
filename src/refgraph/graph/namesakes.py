"""Entries by first-author surname and year, and by the document they were read from (pure).

A label such as ``[Castaigne 2012]`` names the entries whose first author's surname
(accent- and case-insensitive, letters a-z only: :func:`surname_key`) and year match: its
*namesakes*. In a folder of many monographs merged into one run a label names several
works, and :mod:`refgraph.graph.xrefs` looks first among those read from the citing
entry's own document (document scope).

:class:`Namesakes` keeps both views of one surname and year: the sorted keys, and the same
keys by document, grouped the first time a label of that surname and year is resolved by
document scope. Finding the namesakes of the citing entry's document is then one dictionary
access however many namesakes the label has; scanning them instead costs a random memory
access per namesake and cross-reference, the part of the graph build that grew with the
size of the library (about four namesakes per label at 200,000 references).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from refgraph.model import Reference
from refgraph.text import fold

__all__ = [
    "ONLY",
    "ONLY_IN_DOCUMENT",
    "Local",
    "Namesakes",
    "Parts",
    "by_document",
    "by_name_year",
    "name_year",
    "name_year_groups",
    "only_local",
    "surname_key",
]

#: a resolution as a plain tuple: target, candidates, alternatives, reasons, status
Parts = tuple[str | None, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]

#: the reasons of a label's resolution by its only namesake, or its document's only one
ONLY = ("only candidate",)
ONLY_IN_DOCUMENT = "only candidate in the same document as the citing entry"
_NOT_LETTERS = re.compile(r"[^a-z]")


@functools.lru_cache(maxsize=65536)
def _folded_surname_key(name: str) -> str:
    return _NOT_LETTERS.sub("", fold(name))


def surname_key(name: str) -> str:
    """The surname as compared: accents dropped, lower case, letters a-z only.

    >>> surname_key("Gökbuget"), surname_key("O'Brien")
    ('gokbuget', 'obrien')
    """
    if name.isascii():  # NFKD and casefold of ASCII are plain lower-casing
        low = name.lower()
        return low if low.isalpha() else _NOT_LETTERS.sub("", low)
    return _folded_surname_key(name)


def name_year(first: str, year: str) -> tuple[str, str]:
    """The key of :func:`by_name_year` for a label's first surname and year."""
    return (first.lower() if first.isascii() and first.isalpha() else surname_key(first)), year


@dataclass(slots=True)
class Local:
    """The namesakes read from one document (sorted), and the resolution of a label that
    names them from another entry of that document, once worked out."""

    keys: list[str]
    resolution: Parts | None = None


@dataclass(slots=True)
class Namesakes:
    """The entries of one first-author surname and year: their keys (sorted) and, once
    asked for (:meth:`by_document`), the same keys by the document they were read from."""

    keys: list[str]
    _by_document: dict[str, Local] | None = None
    _candidates: tuple[str, ...] | None = None

    @property
    def candidates(self) -> tuple[str, ...]:
        """:attr:`keys` as a tuple, made once (a resolution's candidates)."""
        found = self._candidates
        if found is None:
            found = self._candidates = tuple(self.keys)
        return found

    def by_document(self, references: Mapping[str, Reference]) -> dict[str, Local]:
        """Document (origin path) -> the namesakes read from it, in key order; an entry
        read from several documents is in each of them once."""
        grouped = self._by_document
        if grouped is None:
            grouped = self._by_document = {}
            for key in self.keys:
                for path in dict.fromkeys(o.path for o in references[key].origins):
                    local = grouped.get(path)
                    if local is None:
                        grouped[path] = Local([key])
                    else:
                        local.keys.append(key)
        return grouped


def by_name_year(references: Iterable[Reference]) -> dict[tuple[str, str], Namesakes]:
    """The entries with a first author and a year by (:func:`surname_key`, year)."""
    return name_year_groups(references)[0]


def name_year_groups(
    references: Iterable[Reference],
) -> tuple[dict[tuple[str, str], Namesakes], list[Namesakes | None]]:
    """:func:`by_name_year`, and each reference's own group (``None`` without a first
    author or a year) in the order of ``references``."""
    groups: dict[tuple[str, str], Namesakes] = {}
    owners: list[Namesakes | None] = []
    for ref in references:
        year = ref.year[:4]
        if not (ref.first_author and year):
            owners.append(None)
            continue
        pair = (surname_key(ref.first_author), year)
        group = groups.get(pair)
        if group is None:
            group = groups[pair] = Namesakes([ref.key])
        else:
            group.keys.append(ref.key)
        owners.append(group)
    for group in groups.values():
        if len(group.keys) > 1:
            group.keys.sort()
    return groups, owners


def only_local(target: str, group: Sequence[str]) -> Parts:
    """The resolution of a label naming ``target``, the one namesake of the citing entry's
    document, ``group`` being all the namesakes (sorted): the only candidate, or the only
    one of that document."""
    if len(group) == 1:
        return target, (target,), (), ONLY, "resolved"
    others = tuple(filter(target.__ne__, group))
    return target, tuple(group), others, (ONLY_IN_DOCUMENT,), "resolved"


def by_document(
    references: Sequence[Reference], groups: Mapping[tuple[str, str], Namesakes],
    owners: Sequence[Namesakes | None] | None = None,
) -> dict[str, dict[tuple[str, str], Parts | None]]:
    """Document (origin path) -> (:func:`surname_key`, year) -> :func:`only_local` when
    one entry of that surname and year was read from the document, ``None`` when several
    were; ``groups`` is :func:`by_name_year` of the same ``references``, ``owners`` (when
    given) each reference's group (:func:`name_year_groups`).

    The labels of one annotation are looked up in its document's table (a few dozen
    entries) whatever the size of the library and however many namesakes a label has.
    The tables are filled in the order of ``references``: given in the order they were
    read, each document's table and resolutions lie together in memory. A label's
    resolution is made as its entry is met, and dropped for ``None`` when a second entry
    of the document has that surname and year (rare within one document).
    """
    out: dict[str, dict[tuple[str, str], Parts | None]] = {}
    for i, ref in enumerate(references):
        year = ref.year[:4]
        if not (ref.first_author and year):
            continue
        pair = (surname_key(ref.first_author), year)
        group = owners[i] if owners is not None else groups[pair]
        assert group is not None  # a first author and a year
        origins = ref.origins
        paths = ((origins[0].path,) if len(origins) == 1
                 else dict.fromkeys(o.path for o in origins))
        for path in paths:
            table = out.get(path)
            if table is None:
                out[path] = {pair: only_local(ref.key, group.candidates)}
            elif pair in table:
                table[pair] = None
            else:
                table[pair] = only_local(ref.key, group.candidates)
    return out
