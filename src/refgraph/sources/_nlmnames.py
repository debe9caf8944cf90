"""NLM author lists (``Surname INITIALS, ..., et al``) and where an NLM citation starts (pure).

:func:`parse_authors` reads the author sentence of an NLM/Vancouver citation
(``Kantarjian HM, Gökbuget N, et al``, with ``Jr``-style suffixes, name particles and
group names such as ``NIH Consensus Development Panel on ...``) and says whether it reads
as people; :func:`starts_like_citation` tells a line that begins with such an author
(``Surname AB,`` / ``Surname AB.``) from prose. The general reader's author lists in
other orders are :mod:`refgraph.sources._names`.
"""

from __future__ import annotations

import re

from refgraph.fastmodel import new_author, new_authors
from refgraph.model import Author

__all__ = ["GROUP_WORDS", "PARTICLES", "START_RE", "parse_authors", "starts_like_citation"]

_SUFFIXES = {"Jr", "Sr", "II", "III", "IV", "V", "2nd", "3rd", "4th"}
_NAME_PUNCT = str.maketrans("", "", "-'’.")
GROUP_WORDS = re.compile(
    r"\b(?:Group|Panel|Committee|Consortium|Society|Association|Collaborat\w*|Investigators"
    r"|Network|Council|Organi[sz]ation|Working|Task Force|Study|Team|Board|Academy|College"
    r"|Institute|Centers?|Agency|Program+e?|Writing)\b"
)
#: ``Surname AB,`` / ``Surname AB.`` at the start of a line: a citation starts here.
START_RE = re.compile(
    r"[^\W\d_][^\s,.;:()]{0,40}(?: [^\W\d_][^\s,.;:()]{0,40}){0,3} [A-Z]{1,4}[,.](?: |$)"
)

#: Lower-case words a surname may start with (``van der Berg``).
PARTICLES = {
    "van", "von", "de", "der", "den", "da", "di", "la", "le", "du", "dos", "das", "del",
    "della", "ten", "ter", "bin", "al", "el", "y", "zu", "af", "st",
}  # fmt: skip
#: Words that open a surname only before a particle (``an der Heiden``, ``op de Beeck``,
#: ``in het Veld``): on their own they are ordinary lower-case words.
_PARTICLE_LEADS = {"an", "auf", "in", "op", "aus"}
#: Particles written among a Portuguese name's initials ("Barros MB de A", "Sousa NF da S").
_INITIALS_PARTICLES = {"de", "da", "do", "dos", "das"}


def _particle_run(words: list[str]) -> bool:
    """Is every word but the last a particle (``["an", "der", "Heiden"]``)?"""
    leads = words[0] in _PARTICLE_LEADS and len(words) > 2 and words[1] in PARTICLES
    return all(w in PARTICLES or (i == 0 and leads) for i, w in enumerate(words[:-1]))


def _surname_word(word: str) -> bool:
    if word in PARTICLES:
        return True
    if not word[0].isupper():
        return False
    return word.isalpha() or word.translate(_NAME_PUNCT).isalpha()


# "Surname INITIALS": the common case. The surname is checked by _plain_surname, which
# says what _person() would say of a one-word surname. "Et AL" is "et al", not a name.
_SIMPLE_PERSON = r"(?!E[tT] AL(?:,|$))([^\s,;]+) ([A-Z]{1,4})"
_SIMPLE_PERSON_RE = re.compile(_SIMPLE_PERSON)
# A whole list of such names, "A B, C D, E F" with an optional final ", et al".
_SIMPLE_LIST_RE = re.compile(rf"{_SIMPLE_PERSON}(?:, {_SIMPLE_PERSON})*(?P<et_al>, et al)?")
# The same in plain ASCII, where every surname passes _plain_surname (no check needed).
_ASCII_PERSON = r"(?!E[tT] AL(?:,|$))[A-Z][A-Za-z]+ [A-Z]{1,4}"
_ASCII_LIST_RE = re.compile(rf"{_ASCII_PERSON}(?:, {_ASCII_PERSON})*(?P<et_al>, et al)?")


def _plain_surname(word: str) -> bool:
    """Would :func:`_person` accept ``word`` as a one-word surname?"""
    return word[0].isupper() and (word.isalpha() or word.translate(_NAME_PUNCT).isalpha())


_ET_AL = {"et al", "et al.", "and others", "others"}
# A hyphen as PDFs and typesetters write it (U+2010, U+2011, an en dash) between two letters
_ODD_HYPHENS_RE = re.compile("[\u2010\u2011\u2013]")
_ODD_HYPHEN_RE = re.compile("(?<=[^\\W\\d_])[\u2010\u2011\u2013](?=[^\\W\\d_])")


def _person(item: str) -> Author | None:
    words = item.split()
    suffix = ""
    # "Smith JA Jr", "Gates WH III"; not "Ivetić Tkalčević V", whose "V" is an initial
    if len(words) >= 3 and words[-1] in _SUFFIXES and words[-2].isupper():
        suffix = words.pop()
    if not 2 <= len(words) <= 5:
        return None
    if len(words) >= 4 and words[-2] in _INITIALS_PARTICLES and words[-3].isupper():
        # Brazilian names keep a particle among the initials: "Barros MB de A" (Marilisa
        # Berti de Azevedo Barros) is Barros MBA
        words = [*words[:-3], words[-3] + words[-1]]
    initials = words[-1]
    if len(initials) > 4 or not (initials.isascii() and initials.isalpha() and initials.isupper()):
        return None
    surname = words[:-1]
    if not surname[-1][0].isupper():
        return None
    for i, word in enumerate(surname):
        if not _surname_word(word) and not (i == 0 and _particle_run(surname)):
            return None
    return Author(last=" ".join(surname), initials=initials, suffix=suffix)


def parse_authors(segment: str) -> tuple[tuple[Author, ...], bool, bool]:
    """Read an NLM author list; return ``(authors, et_al, looks_like_people)``.

    >>> authors, et_al, ok = parse_authors("Kantarjian HM, Gökbuget N, et al")
    >>> [a.short() for a in authors], et_al, ok
    (['Kantarjian HM', 'Gökbuget N'], True, True)
    """
    if _ODD_HYPHENS_RE.search(segment) is not None:  # "Wagner–Johnston N": one surname
        segment = _ODD_HYPHEN_RE.sub("-", segment)
    # Both short cuts below split a list the pattern has matched whole: its items are
    # "Surname AB" with one space inside, joined by ", " (with a final "et al" if any).
    whole = _ASCII_LIST_RE.fullmatch(segment)
    if whole is not None:  # every item a plain "Surname AB": read them all at once
        items = segment.split(", ")
        et_al = whole.group("et_al") is not None
        if et_al:
            items.pop()
        return new_authors(items), et_al, True
    whole = _SIMPLE_LIST_RE.fullmatch(segment)
    if whole is not None:  # the same with surnames to check one by one
        items = segment.split(", ")
        et_al = whole.group("et_al") is not None
        if et_al:
            items.pop()
        for item in items:  # _plain_surname(surname), inline
            last = item[: item.index(" ")]
            if not last[0].isupper() or not (
                last.isalpha() or last.translate(_NAME_PUNCT).isalpha()
            ):
                break
        else:
            return new_authors(items), et_al, True
    if ";" in segment:
        segment = segment.replace(";", ",")
    authors: list[Author] = []
    et_al = False
    people = 0
    first_is_person = False  # does the first item, as written, read as a person?
    first = True
    simple = _SIMPLE_PERSON_RE.fullmatch
    for raw in segment.split(","):
        item = raw.strip()
        if not item:
            continue
        m = simple(item)
        if m is not None and _plain_surname(m.group(1)):
            person: Author | None = new_author(m.group(1), m.group(2))
        else:
            low = item.lower().rstrip(".")
            if low in _ET_AL:
                et_al, first = True, False
                continue
            if low.endswith(" et al"):
                item = item[: -len(" et al")].strip()
                et_al = True
            person = _person(item)
        if person is not None:
            people += 1
            authors.append(person)
        else:
            authors.append(Author(collective=item))
        if first:
            first_is_person, first = person is not None, False
    # when et_al is set the first item's own reading does not matter; otherwise the first
    # item was read unchanged, so first_is_person is _person(first item)
    ok = bool(authors) and people > 0 and (first_is_person or et_al or people > 1)
    return tuple(authors), et_al, ok


def starts_like_citation(line: str) -> bool:
    """Does ``line`` begin with an NLM author (``Surname AB,`` or ``Surname AB.``)?"""
    text = line.strip()
    if START_RE.match(text) is None:
        return False
    first, _, rest = text.partition(" ")
    return (text[0].isupper() or first in PARTICLES
            or (first in _PARTICLE_LEADS and rest.split(" ", 1)[0] in PARTICLES))
