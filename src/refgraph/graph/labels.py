"""Cross-reference labels in annotation text: ``[Kantarjian 2016]``, "Smith et al. 2019" (pure).

:func:`xref_fields` finds them as plain tuples (:data:`XrefFields`), :func:`find_xrefs` as
:class:`Xref` objects; :mod:`refgraph.graph.xrefs` resolves them to entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Xref", "XrefFields", "find_xrefs", "xref_fields"]

_NAME = r"[A-Z\u00C0-\u024F][\w\u00C0-\u024F'’-]+(?:\s(?:[A-Z][\w'-]+))?"
_PARTICLE = r"(?:(?:van der|van den|van|von|de la|de|del|da|di|le|la|du|dos|das)\s)?"
_YEAR = r"((?:19|20)\d\d)([a-z])?"
_AUTHORS = (
    rf"(?P<first>{_PARTICLE}{_NAME})"
    rf"(?:(?P<etal>\s+et\s+al\.?)|\s+(?:and|&)\s+(?P<second>{_PARTICLE}{_NAME}))?"
)
#: one citation inside brackets: "Kantarjian 2016", "Smith and Jones 2019", "Li et al., 2020"
# (regular expressions, one a line: a table, not logic)
_IN_BRACKETS = re.compile(rf"{_AUTHORS},?\s+{_YEAR}\b")
_BRACKETS = re.compile(r"\[([^\[\]]{4,400})\]")
#: the usual bracket, "[Kantarjian 2016]": what _IN_BRACKETS reads there, found faster
_ONE_NAME_YEAR = re.compile(r"([A-Z][a-z]+) ((?:19|20)\d\d)")
#: running text: "Smith et al. 2019", "Smith et al. (2019)", "Smith and Jones 2019"
_RUNNING = re.compile(
    rf"(?P<first>{_PARTICLE}{_NAME})"
    rf"(?:(?P<etal>\s+et\s+al\.?)|\s+(?:and|&)\s+(?P<second>{_PARTICLE}{_NAME}))"
    rf",?\s+\(?{_YEAR}\)?"
)
_NOT_NAMES = {"among", "in", "since", "and", "the", "of", "from", "during", "until", "by"}


# the parts of a cross-reference (a field list of the same shape as others, not logic)
@dataclass(frozen=True, slots=True)
class Xref:
    """One cross-reference found in an annotation."""

    label: str
    first: str
    year: str
    second: str = ""
    et_al: bool = False
    suffix: str = ""
    offset: int = 0


def find_xrefs(text: str) -> list[Xref]:
    """Return the author-year cross-references in ``text``, in order of appearance.

    >>> [x.label for x in find_xrefs("a trial [Kantarjian 2016; Smith and Jones 2019]")]
    ['Kantarjian 2016', 'Smith and Jones 2019']
    >>> [x.label for x in find_xrefs("as Lee et al. (2020) showed, in 2016 [81% vs 29%]")]
    ['Lee et al. 2020']
    """
    return [Xref(*fields) for fields in xref_fields(text)]


#: the fields of an :class:`Xref`, in order: label, first, year, second, et_al, suffix, offset
XrefFields = tuple[str, str, str, str, bool, str, int]


def xref_fields(text: str) -> list[XrefFields]:
    """:func:`find_xrefs` as plain tuples of the :class:`Xref` fields (no objects built).

    The graph builder finds hundreds of thousands of cross-references and needs an
    :class:`Xref` only for the few that several entries match.
    """
    found: dict[int, XrefFields] = {}
    brackets = [b.span() for b in _BRACKETS.finditer(text)]
    for start, end in brackets:  # inside the brackets, as if the text were cut out there
        usual = _ONE_NAME_YEAR.fullmatch(text, start + 1, end - 1)
        if usual is not None:
            first, year = usual.groups()
            if first.casefold() not in _NOT_NAMES:  # as _make decides
                found[start + 1] = (f"{first} {year}", first, year, "", False, "", start + 1)
            continue
        for m in _IN_BRACKETS.finditer(text, start + 1, end - 1):
            fields = _make(m, m.start())
            if fields is not None:
                found[fields[6]] = fields
    if "et al" not in text and " and " not in text and "&" not in text:
        return list(found.values())  # brackets in order: already by offset
    for m in _RUNNING.finditer(text):
        at = m.start()
        if any(abs(at - o) < 2 for o in found):
            continue
        if not any(start < at < end for start, end in brackets):
            fields = _make(m, at)
            if fields is not None:
                found[fields[6]] = fields
    return [found[o] for o in sorted(found)]


def _make(m: re.Match[str], offset: int) -> XrefFields | None:
    first, etal, second, year, suffix = m.groups()
    words = first.split()
    if words[-1].casefold() in _NOT_NAMES:
        return None
    if len(words) > 1:
        first = " ".join(words)
        if first.casefold() in _NOT_NAMES:
            return None
    suffix = suffix or ""
    second = " ".join(second.split()) if second else ""
    if second:
        label = f"{first} and {second} {year}{suffix}"
    elif etal:
        label = f"{first} et al. {year}{suffix}"
    else:
        label = f"{first} {year}{suffix}"
    return label, first, year, second, bool(etal), suffix, offset
