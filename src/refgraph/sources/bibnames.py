"""BibTeX name lists and values -> the model (pure): ``parse_authors`` and its helpers.

Part of the BibTeX reader (:mod:`refgraph.sources.bibtex`): a name is ``Last, First``,
``Last, Suffix, First``, ``First von Last`` or a ``{Group name}``; ``and others`` is
``et al``. Braces protect separators; ``\\{`` is not a brace.
"""

from __future__ import annotations

import functools
import re

from refgraph.bibfields import dotted_initials
from refgraph.latex import decode_latex, needs_decoding
from refgraph.model import Author, initials_of
from refgraph.text import squash

__all__ = [
    "canonical_author",
    "clean_value",
    "forget_names",
    "names_anyone",
    "parse_authors",
    "split_top",
    "whole_group",
]

_INITIALS_RE = re.compile(r"(?:[A-Z]\.?[ ]?){1,4}")


def clean_value(value: str) -> str:
    """A field value as text: LaTeX decoded, whitespace squashed."""
    if needs_decoding(value):
        value = decode_latex(value)
    return squash(value)


def _first_name(first: str) -> str:
    """Initials-only forenames (``HM``, ``H.M.``, ``H M``) become ``"H. M."``."""
    if first and _INITIALS_RE.fullmatch(first):
        return dotted_initials(first)
    return first


def _person(last: str, first: str, suffix: str = "") -> Author:
    first = _first_name(first)
    return Author(last=last, first=first, initials=initials_of(first), suffix=suffix)


def canonical_author(author: Author) -> Author:
    """Return ``author`` in the form reading it back from BibTeX gives."""
    if author.collective:
        return Author(collective=" ".join(author.collective.split()))
    first = " ".join((author.first or dotted_initials(author.initials)).split())
    return _person(" ".join(author.last.split()), first, " ".join(author.suffix.split()))


def split_top(value: str, sep: str) -> list[str]:
    """Split ``value`` on ``sep`` where it is not inside braces (``\\{`` is not a brace)."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    n, width = len(value), len(sep)
    while i < n:
        char = value[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and value.startswith(sep, i):
            parts.append(value[start:i])
            i += width
            start = i
            continue
        i += 1
    parts.append(value[start:])
    return parts


def whole_group(name: str) -> bool:
    """Is ``name`` one ``{...}`` group (a group author), escaped braces not counting?"""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    i = 0
    while i < len(name):
        char = name[i]
        if char == "\\":
            i += 2
            continue
        depth += char == "{"
        depth -= char == "}"
        if depth == 0:
            return i == len(name) - 1
        i += 1
    return False


@functools.lru_cache(maxsize=65536)
def _parse_name(raw: str) -> Author:
    """One name of a name list (names repeat across a library: the answer is cached for
    the length of one read, see :func:`forget_names`)."""
    if whole_group(raw):
        return Author(collective=clean_value(raw[1:-1]))
    parts = [clean_value(p) for p in split_top(raw, ",")]
    if len(parts) == 1:
        words = [clean_value(w) for w in split_top(raw, " ") if w]
        if len(words) == 1:
            return _person(words[0], "")
        # BibTeX's First von Last: the forename ends at the first lower-case word
        # ("Ludwig van Beethoven", "van der Berg"), else before the last word
        cut = next((i for i, w in enumerate(words[:-1]) if w[:1].islower()), len(words) - 1)
        return _person(" ".join(words[cut:]), " ".join(words[:cut]))
    if len(parts) == 2:
        return _person(parts[0], parts[1])
    return _person(parts[0], " ".join(parts[2:]), parts[1])


def forget_names() -> None:
    """Empty the cache of split names (a read does at its end: up to ~25 MB otherwise
    stays held by a long-running process)."""
    _parse_name.cache_clear()


_INITIALS_RE = re.compile(r"[A-Z]{1,4}")


def _pairs(raw: str) -> tuple[str, ...]:
    """``Huey, SL, Mehta, NH,``: several ``Surname, INITIALS`` pairs run together with
    commas where BibTeX wants ``and`` (the Cochrane Library's export); ``()`` for a name as
    BibTeX means it (``Last, First`` or ``Last, Jr, First``: no run of initials-only
    parts).

    >>> _pairs("Huey, SL, Mehta, NH,"), _pairs("Smith, Jr., John"), _pairs("Doe, J")
    (('Huey, SL', 'Mehta, NH'), (), ())
    """
    if raw.count(",") < 3 or "{" in raw:
        return ()
    parts = [p.strip() for p in raw.strip().rstrip(",").split(",")]
    if len(parts) % 2 or not all(_INITIALS_RE.fullmatch(p) for p in parts[1::2]):
        return ()
    if not all(p[:1].isupper() for p in parts[::2]):
        return ()
    return tuple(f"{last}, {initials}" for last, initials in zip(parts[::2], parts[1::2],
                                                                 strict=True))  # fmt: skip


def names_anyone(author: Author) -> bool:
    """Whether any part of ``author`` names someone: an empty name (``{}`` in BibTeX, ``AU
    - ,`` in RIS) names no one, and initials alone do not make one."""
    return bool(author.last or author.first or author.collective or author.suffix)


def parse_authors(value: str) -> tuple[tuple[Author, ...], bool]:
    """Split a BibTeX name list into authors; return ``(authors, et_al)``.

    >>> authors, et_al = parse_authors(r"G{\\"o}kbuget, N. and {NIH Panel} and others")
    >>> [a.short() for a in authors], et_al
    (['Gökbuget N', 'NIH Panel'], True)
    """
    text = squash(value)
    if not text:
        return (), False
    authors: list[Author] = []
    et_al = False
    # without braces or escapes, " and " can only be the separator
    plain = "{" not in text and "\\" not in text
    for raw in text.split(" and ") if plain else split_top(text, " and "):
        raw = raw.strip()
        if not raw:
            continue
        if raw.casefold() == "others":
            et_al = True
            continue
        for name in _pairs(raw) or (raw,):
            author = _parse_name(name)
            if names_anyone(author):  # an empty name ("{}", ",") names no one
                authors.append(author)
    return tuple(authors), et_al
