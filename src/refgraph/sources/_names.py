"""Author lists in every order citations write them (pure).

::

    Kantarjian HM, DeAngelo DJ, et al           NLM / Vancouver
    Katoh K., Misawa K., Kuma K.                 Vancouver with dotted initials
    Bernstein, B. E., Birney, E., & Dunham, I.   APA / Harvard
    S.M. Smith, M. Jenkinson, and P.M. Matthews  initials first
    Nathan C. Wetter, Elizabeth A. Hubbard       given names first
    Corso, Gabriele, Arthur Deng, and T. J.      Chicago (the first author inverted)
    Mann, Henry B.; Whitney, Donald R.           semicolons
    US Preventive Services Task Force            a group

:func:`read_names` reads a segment that is (only) an author list and says whether it is
one; :func:`author_end` finds where the author list at the start of a citation ends (at a
full stop, a colon or an ``(year)``) without being fooled by dotted initials.
"""

from __future__ import annotations

import re

from refgraph.model import Author, initials_of
from refgraph.sources._groups import is_group
from refgraph.sources._nlmnames import PARTICLES, parse_authors

__all__ = ["author_end", "is_group", "read_names", "surname_first"]

_INITIALS_RE = re.compile(r"(?:[A-Z](?:[a-z]\.)?\.?-?\s?){1,5}|[A-Z]{1,5}")
_INITIALS_ITEM_RE = re.compile(r"(?:[A-Z][a-z]?\.?\s?-?\s?){1,6}")
_EDITOR_RE = re.compile(r"\s*\(\s*[Ee]ds?\.?\s*\)\s*$|,?\s+[Ee]ds?\.$|,\s*(?:[Ee]ditors?|eds?)\.?$")
#: One person with initials first or last ("A. Elmagarmid", "Borman D"): an editor, not a body.
_ONE_PERSON_RE = re.compile(
    r"(?:[A-Z][a-z]+\s)?(?:[A-Z][a-z]?\.\s?-?){1,4}\s?[A-Z][\w'’-]+"
    r"|[A-Z][\w'’-]+\s(?:[A-Z]\.?\s?){1,4}"
)
_ET_AL_RE = re.compile(
    r"(?:,\s*|\s+)(?:(?:and|&)\s+)?(?:et\.?\s*al\.?|and others|\.\.\.|…)\s*$", re.I
)
_SEP_RE = re.compile(
    r"\s*,\s*(?:and|&|et(?!\s*al))\s+|\s+(?:and|&|et(?!\s*al))\s+|\s*,\s*"
    # "and" in Spanish, Portuguese, German, Dutch after an initial ("Roe, G y Poe, B"; after a
    # surname "y" is a particle: "Ortega y Gasset")
    r"|(?<=\b[A-Z])\.?\s+(?:y|e|und|en)\s+(?=[A-Z])"
)
YEAR_RE = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
_HYPHEN_INITIALS_RE = re.compile(r"(?<=[A-Z])\.\s*-\s*(?=[A-Z])")
_GAP_RE = re.compile(r"\s*,?\s+(?:\?|…|\.\.\.)\s+")
_SUFFIXES = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "2nd", "3rd"}
_WORD_RE = re.compile(r"[^\W\d_][\w'’.\-]*$")


def _has_prose(segment: str) -> bool:
    """Two or more lower-case words that are no particle or list word: a title, not names."""
    count = 0
    for word in segment.split():
        if word[:1].islower() and word.strip(",.;") not in _LOWER_NAME_WORDS:
            count += 1
            if count >= 2:
                return True
    return False


_LOWER_NAME_WORDS = PARTICLES | {"and", "et", "al", "others", "of", "for", "the", "on", "in",
                                  "to", "contributors", "eds", "ed"}  # fmt: skip


def _initials(word: str) -> bool:
    return _INITIALS_RE.fullmatch(word) is not None and any(c.isupper() for c in word)


def _name_word(word: str) -> bool:
    if word in PARTICLES or word in _SUFFIXES:
        return True
    return word[:1].isupper() and _WORD_RE.match(word) is not None and len(word) <= 30


def _person(item: str) -> Author | None:
    """One author written any way, or ``None`` when ``item`` is not a person's name."""
    if ".-" in item or ". -" in item:  # "J.-S. Pang", "M.- C. Shan": hyphenated initials
        item = _HYPHEN_INITIALS_RE.sub(". ", item)
    words = item.replace(".", ". ").split() if "." in item else item.split()
    words = [w for w in words if w]
    if not 1 <= len(words) <= 6 or not all(_name_word(w) or _initials(w) for w in words):
        return None
    suffix = ""
    if len(words) > 2 and words[-1] in _SUFFIXES:
        suffix = words.pop()
    tail = len(words)
    while tail > 1 and _initials(words[tail - 1]):
        tail -= 1
    if tail < len(words):  # "Surname AB" / "Surname A. B."
        surname = " ".join(words[:tail])
        if not any(w[:1].isupper() and len(w.rstrip(".")) > 1 for w in words[:tail]):
            return None
        return Author(last=surname, initials="".join(words[tail:]).replace(".", ""),
                      suffix=suffix)  # fmt: skip
    # "A. B. Surname" / "Given M. Surname" / "Given van Surname": the surname is last
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    given, surname = words[:start], " ".join(words[start:])
    if surname.endswith(".") and given[-1:] != ["St."]:
        return None  # "Nano Lett.": an abbreviated journal, not a person
    if not given:
        return Author(last=surname, suffix=suffix) if len(surname) > 1 else None
    if len(surname.rstrip(".")) < 2 or not any(c.islower() for c in surname):
        return None
    first = " ".join(given)
    return Author(last=surname, first=first, initials=initials_of(first), suffix=suffix)


def _items(segment: str) -> list[str]:
    sep = ";" if ";" in segment else None
    if sep:
        return [i.strip() for i in segment.split(";") if i.strip()]
    return [i.strip() for i in _SEP_RE.split(segment) if i.strip()]


def read_names(segment: str) -> tuple[tuple[Author, ...], bool, bool]:
    """Read an author list; return ``(authors, et_al, is_names)``.

    >>> [a.last for a in read_names("Bernstein, B. E., Birney, E., & Dunham, I.")[0]]
    ['Bernstein', 'Birney', 'Dunham']
    >>> [a.last for a in read_names("Nathan C. Wetter, Elizabeth A. Hubbard")[0]]
    ['Wetter', 'Hubbard']
    >>> read_names("Random survival forests")[2]
    False
    """
    segment = segment.strip().strip(",;:")
    if "d" in segment and _EDITOR_RE.search(segment):  # "The Lancet Microbe (Ed.)"
        segment = _EDITOR_RE.sub("", segment)
        if (segment[:1].isupper() and "," not in segment and len(segment.split()) <= 8
                and not _ONE_PERSON_RE.fullmatch(segment)):  # fmt: skip
            return (Author(collective=segment),), False, True
    if segment.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z]\.$", segment):
        segment = segment[:-1]
    if not segment:
        return (), False, False
    if _has_prose(segment):
        return (), False, False
    if "," not in segment and is_group(segment):  # "Project OSRM" is no "Surname INITIALS"
        return (Author(collective=segment),), False, True
    authors, et_al, people = parse_authors(segment)
    if people and not any(a.collective for a in authors):
        return authors, et_al, True
    et_al = False
    m = _ET_AL_RE.search(segment)
    if m:
        et_al, segment = True, segment[: m.start()].strip(" ,")
    if not segment:
        return (), et_al, False
    if _GAP_RE.search(segment):  # "Wang, L., ? Ruden, D. M." (a lost ellipsis): et al
        segment, et_al = _GAP_RE.sub(", ", segment), True
    items = _items(segment)
    if not items:
        return (), et_al, False
    groups = [g.strip() for g in segment.split(",")]
    if len(groups) > 1 and sum(1 for g in groups if " " in g and is_group(g)) >= 2:
        # "Instituto Nacional de Câncer, World Cancer Research Fund": several groups
        return tuple(Author(collective=g) for g in groups if g), et_al, True
    if (is_group(segment) and not any(_INITIALS_ITEM_RE.fullmatch(i) for i in items)
            and not re.search(YEAR_RE, segment)
            and not any(" " in i and _person(i) and not is_group(i) for i in items)):  # fmt: skip
        # "Surveillance, Epidemiology, and End Results (SEER) Program"
        return (Author(collective=segment),), et_al, True
    out: list[Author] = []
    i = 0
    items = [it for it in items if it.strip(".") not in ("Jr", "Sr", "II", "III")] or items
    while i < len(items):
        item, nxt = items[i], items[i + 1] if i + 1 < len(items) else ""
        words = item.split()
        if (nxt and len(words) <= 3 and all(_name_word(w) for w in words)
                and (not any(_initials(w) for w in words) or _capital_surname(words, nxt))
                and _given(nxt, i)):  # fmt: skip
            # "Bernstein, B. E." / "Corso, Gabriele" / "Mann, Henry B." (surname first);
            # "SILVA, A. B." (ABNT and French styles write the surname in capitals)
            out.append(Author(last=item, first=nxt, initials=initials_of(nxt)))
            i += 2
            continue
        if is_group(item):  # "WGS500 Consortium" among the persons
            out.append(Author(collective=item))
            i += 1
            continue
        if "," in item:  # "Mann, Henry B." inside a semicolon list
            last, _, first = item.partition(",")
            person = Author(last=last.strip(), first=first.strip(), initials=initials_of(first))
        else:
            found = _person(item)
            if found is None:
                return (), False, False
            person = found
        out.append(person)
        i += 1
    if len(out) == 1 and not out[0].initials and not out[0].first:
        return (), False, False  # one bare word is not an author list
    if len(out) > 1 and any(_SURNAME_GIVEN_INITIAL_RE.fullmatch(it) for it in items):
        out = [_surname_first(it) or a for it, a in zip(items, out, strict=False)]
    return tuple(out), et_al, True


#: "Munson Sean A": surname, given name, initial without a comma (ACM's reference format as
#: PMC manuscripts print it); a list with one such name writes every name surname first.
_SURNAME_GIVEN_INITIAL_RE = re.compile(r"[A-Z][\w'’-]+ [A-Z][a-z][\w'’-]* [A-Z]{1,2}")


def _surname_first(item: str) -> Author | None:
    """``item`` read surname first ("Agapie Elena", "de Zwart Paul L"), or ``None``."""
    words = item.split()
    if "," in item or not all(_name_word(w) for w in words):
        return None
    last, first = surname_first(words)
    return Author(last=last, first=first, initials=initials_of(first)) if first else None


def surname_first(words: list[str]) -> tuple[str, str]:
    """A name's ``words`` written surname first, as ``(surname, given names)``: the surname
    keeps the particles before it (``["de", "Zwart", "Paul", "L"]`` -> ``("de Zwart", "Paul
    L")``); the given names are ``""`` when nothing follows the surname."""
    start = 0
    while start < len(words) - 1 and words[start] in PARTICLES:
        start += 1
    return " ".join(words[: start + 1]), " ".join(words[start + 1 :])


def _capital_surname(words: list[str], nxt: str) -> bool:
    """``SILVA`` / ``DE SOUZA`` before dotted initials (``A. B.``): a surname in capitals,
    not initials (undotted capitals after a comma, ``WHO, CDC``, stay what they were)."""
    return ("." in nxt and _INITIALS_ITEM_RE.fullmatch(nxt) is not None
            and all(len(w) >= 2 and w.isupper() for w in words))  # fmt: skip


def _given(item: str, index: int) -> bool:
    """Is ``item`` the given name(s) of the surname before it (``B. E.``, ``Gabriele``)?"""
    if _INITIALS_ITEM_RE.fullmatch(item) is not None:  # "B. E.", "N. F. C. C.", "T.-O."
        return True
    words = item.replace(".", ". ").split()
    if not words or len(words) > 3:
        return False
    # a plain given name only right after the first surname ("Corso, Gabriele, Arthur Deng")
    return (
        index == 0
        and len(words) <= 2
        and all(_name_word(w) for w in words)
        and (len(words) == 1 or _initials(words[-1]))
    )


# (regular expressions, one a line: a table, not logic)
_END_RE = re.compile(
    r"\.\.?\s+|:\s+|,?\s*(?=[\"“‘«]|``)|\s+(?=(?:1[6-9]|20)\d\d[a-z]?[.,:]?\s)|\bet\.?\s*al\.?,?\s+|\s*\(\s*(?:1[6-9]|20)\d\d[a-z]?\b[^()]{0,20}\)"
    r"|\s*\(\s*\w{3,9}\.?\s+(?:1[6-9]|20)\d\d\s*\)"
)
#: After "Katoh K. " another author goes on: an initial, or "Surname," / "Surname K".
_INITIAL_NEXT_RE = re.compile(r"[A-Z]\.|[A-Z][a-z]*\.?-?[A-Z]?\.?\s*[,&]|(?:and|&)\s")
_SURNAME_NEXT_RE = re.compile(
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?:[.,](?:\s|$)|\s+(?:and|&)\s+[A-Z]|\s+et\.?\s+al\b)"
)
#: "Surname INITIALS" as NLM writes a name: surname words, then undotted capital initials
_NLM_NAME_RE = re.compile(r"[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*){0,3} ([A-Z]{1,4})")
_ET_AL_NEXT_RE = re.compile(r"et\.?\s*al\.?,?\s*")
_ENDS_IN_INITIAL_RE = re.compile(r"(?:^|[\s.])[A-Z]$")


def author_end(text: str, limit: int = 700) -> tuple[int, int] | None:
    """Where the author list at the start of ``text`` ends: ``(end, next)``, the end of the
    list and where the rest starts; ``None`` when ``text`` does not start with authors.

    >>> t = "S.M. Smith, M. Jenkinson. Advances in MR. NeuroImage, 23, 2004"
    >>> end, nxt = author_end(t); t[:end], t[nxt:nxt + 8]
    ('S.M. Smith, M. Jenkinson', 'Advances')
    """
    for m in _END_RE.finditer(text, 0, limit):
        sep = m.group()
        stop = m.end() if sep.lstrip().startswith("et") else m.start()
        head = text[:stop].strip()
        if not head:
            continue
        if _has_prose(head):
            break  # longer heads hold the same prose: no author list ends further on
        after = text[m.end() : m.end() + 40]
        if sep.startswith("."):
            if _nlm_list(head):
                pass  # "Roe D, Ter Horst PGJ. Sertraline, citalopram ...": NLM names end
            elif _INITIAL_NEXT_RE.match(after):
                continue  # "Katoh K. Misawa" is not an end; an initial goes on
            elif _ENDS_IN_INITIAL_RE.search(head) and _SURNAME_NEXT_RE.match(after):
                continue  # "Bradley P. Sutton. Title": the surname after a middle initial
        _, _, ok = read_names(head)
        if ok:
            nxt = m.start() if sep.lstrip().startswith("(") else m.end()
            tail = _ET_AL_NEXT_RE.match(text, nxt)
            return stop, tail.end() if tail else nxt
        if sep.startswith((".", ":")) and len(head) > 60 and "," not in head:
            break
    return _comma_run(text[:limit])


def _nlm_list(head: str) -> bool:
    """Does ``head`` end an NLM author list ("Roe D, Ter Horst PGJ"), so that a full stop
    after it ends the list whatever follows ("Ter Horst PGJ. Sertraline, citalopram ...")?"""
    items = head.split(", ")
    names = [_NLM_NAME_RE.fullmatch(item) for item in items]
    if names[-1] is None:
        return False
    return len(names[-1].group(1)) >= 2 or (len(items) >= 2 and all(names))


def _comma_run(text: str) -> tuple[int, int] | None:
    """``Given Surname, Given Surname, Title, Journal`` / ``Surname, I., Title, ...``: the
    longest run of comma-separated items at the start that reads as names (then a title)."""
    ends = [m.start() for m in re.finditer(",", text)]
    best = None
    for end in ends[:40]:
        head = text[:end]
        _, _, ok = read_names(head)
        if not ok:
            continue
        nxt = end + 1
        while nxt < len(text) and text[nxt] == " ":
            nxt += 1
        follow = text[nxt : nxt + 40]
        if _INITIAL_NEXT_RE.match(follow) or re.match(r"[A-Z]\.(?:\s|,|$)|[A-Z](?:,|$)", follow):
            continue  # the initials of the last surname follow
        best = (end, nxt)
    if best is None:
        return None
    authors, _, _ = read_names(text[: best[0]])
    full = len(authors) == 1 and bool(authors[0].first or authors[0].initials)
    return best if len(authors) >= 2 or "," in text[: best[0]] or full else None
