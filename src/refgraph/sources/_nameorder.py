"""One name order for a whole reference list (pure).

A reference list writes every name the same way. ACM's reference format as PMC author
manuscripts print it writes names surname first without a comma (``Munson Sean A``,
``Archer Janine``); a name with a trailing initial shows the order (:mod:`._names` reads such
a citation surname first), but a citation whose authors have no initial (``Archer Janine,
Bower Peter``) reads as given names first. When several citations of a list show the
surname-first order and they are no fewer than the citations read given-name first, those
are read again surname first, and so is a lone author read as a two-word surname and an
initial (``Davison Gerald C``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from refgraph.model import Author, Reference, initials_of
from refgraph.sources._names import surname_first

__all__ = ["one_name_order"]

#: "Munson Sean A" / "Kaldo Viktor" as written: surname, given name(s), maybe initials.
_SURNAME_GIVEN_INITIAL_RE = re.compile(r"[A-Z][\w'’-]+ [A-Z][a-z][\w'’-]*(?: [A-Z]{1,2})+")
_GIVEN_WORD = r"[A-ZÀ-Þ][a-zß-ÿ'’]+(?:-[A-ZÀ-Þ]?[a-zß-ÿ'’]+)*"  # "Jan", "Nilsson-Ihrfelt"
_GIVEN_WORDS_RE = re.compile(rf"{_GIVEN_WORD}(?: {_GIVEN_WORD})*")


def _shows_surname_first(ref: Reference, cited: str) -> bool:
    """Is a name of ``ref`` written ``Surname Given I`` in ``cited`` (and read so)?"""
    return any(
        a.last and a.first and f"{a.last} {a.first}" in cited
        and _SURNAME_GIVEN_INITIAL_RE.fullmatch(f"{a.last} {a.first}") is not None
        for a in ref.authors
    )  # fmt: skip


def _given_first(ref: Reference, cited: str) -> bool:
    """Were all the persons of ``ref`` read given names first from whole words (``Archer
    Janine`` read as Janine Archer)? Groups may stand among them."""
    persons = [a for a in ref.authors if not a.collective]
    return bool(persons) and all(
        _GIVEN_WORDS_RE.fullmatch(a.first) is not None and f"{a.first} {a.last}" in cited
        for a in persons
    )  # fmt: skip


def _given_in_surname(ref: Reference, cited: str) -> bool:
    """Was a lone ``Davison Gerald C`` read as the surname ``Davison Gerald``?"""
    return any(
        not a.first and a.initials and len(a.last.split()) == 2
        and _SURNAME_GIVEN_INITIAL_RE.fullmatch(f"{a.last} {a.initials}") is not None
        and f"{a.last} {a.initials}" in cited
        for a in ref.authors
    )  # fmt: skip


def _flipped(author: Author) -> Author:
    if author.collective:
        return author
    if not author.first:  # "Davison Gerald" / "C"
        last, given = author.last.split()
        first = f"{given} {author.initials}"
        return Author(last=last, first=first, initials=initials_of(first), suffix=author.suffix)
    last, first = surname_first(f"{author.first} {author.last}".split())
    return Author(last=last, first=first, initials=initials_of(first), suffix=author.suffix)


def one_name_order(refs: Sequence[Reference], cited: Sequence[str]) -> list[Reference]:
    """``refs`` (each read from ``cited`` at the same index) with the list's one name order:
    see the module docstring."""
    shown = sum(1 for r, c in zip(refs, cited, strict=True) if _shows_surname_first(r, c))
    given = [i for i, (r, c) in enumerate(zip(refs, cited, strict=True)) if _given_first(r, c)]
    if shown < 2 or shown < len(given):
        return list(refs)
    out = list(refs)
    for i in given:
        out[i] = replace(out[i], authors=tuple(_flipped(a) for a in out[i].authors))
    for i, (ref, text) in enumerate(zip(refs, cited, strict=True)):
        if len(ref.authors) == 1 and _given_in_surname(ref, text):
            out[i] = replace(ref, authors=(_flipped(ref.authors[0]),))
    return out
