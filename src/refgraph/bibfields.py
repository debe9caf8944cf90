"""BibTeX's field table, shared by the BibTeX reader and the BibTeX writer.

:data:`BIBTEX_FIELDS` maps model attributes to field names in both dialects (BibTeX and
biblatex), in the order the writer writes them; the reader consumes the same names.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from refgraph.model import Reference

__all__ = [
    "BIBTEX_FIELDS",
    "LIST_SEPARATOR",
    "RESERVED_FIELDS",
    "VERBATIM_FIELDS",
    "FieldSpec",
    "anonymous_key",
    "dotted_initials",
    "field_name",
    "free_field_name",
]

#: Separator of list fields (keywords, pubtype, trials) as written.
LIST_SEPARATOR = "; "


class FieldSpec(NamedTuple):
    """One row of :data:`BIBTEX_FIELDS`: model attribute, BibTeX name, biblatex name, kind."""

    attr: str
    bibtex: str
    biblatex: str
    kind: str  # authors | text | pages | verbatim | list | eprint


#: Model attribute <-> field, in the order fields are written. An empty name means
#: "not written in that dialect"; the biblatex column names the field the reader takes
#: (the writer maps PMCID and the full journal title, see :mod:`refgraph.export.biblatex`).
# (a table: one row per field)
BIBTEX_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("authors", "author", "author", "authors"),
    FieldSpec("title", "title", "title", "text"),
    FieldSpec("journal", "journal", "journaltitle", "text"),
    FieldSpec("journal_full", "journal-full", "journaltitle", "text"),
    FieldSpec("year", "year", "date", "text"),
    FieldSpec("month", "month", "month", "text"),
    FieldSpec("volume", "volume", "volume", "text"),
    FieldSpec("issue", "number", "number", "text"),
    FieldSpec("pages", "pages", "pages", "pages"),
    FieldSpec("doi", "doi", "doi", "verbatim"),
    FieldSpec("pmid", "pmid", "", "verbatim"),
    FieldSpec("pmcid", "pmcid", "addendum", "verbatim"),
    FieldSpec("annotation", "annote", "annotation", "text"),
    FieldSpec("pmid", "eprint", "eprint", "eprint"),  # eprint + eprinttype = {pubmed}
    FieldSpec("keywords", "keywords", "keywords", "list"),
    FieldSpec("publication_types", "pubtype", "", "list"),
    FieldSpec("trials", "trials", "", "list"),
)

#: Field names the reader may consume (an ``extra`` field of one of these names is
#: written as ``x-<name>`` when the name is already taken in that entry).
RESERVED_FIELDS = frozenset(
    {s.bibtex for s in BIBTEX_FIELDS}
    | {s.biblatex for s in BIBTEX_FIELDS}
    | {"booktitle", "issue", "annote", "annotation", "eprinttype", "journaltitle", "date"}
    | {"key", "sortkey", "options", "shortjournal", "addendum"}
) - {""}
#: Fields whose value is not LaTeX text: never decoded on reading, written as is.
VERBATIM_FIELDS = frozenset({"doi", "pmid", "pmcid", "eprint", "url", "file", "pdf", "verba"})


#: What a field name may not hold: what ends it or the entry (BibTeX's rule), controls.
_NOT_IN_NAME_RE = re.compile(r"[\s\"#%'(),={}\\@\x00-\x1f\x7f-\x9f]+")


def field_name(name: str) -> str:
    """``name`` as one BibTeX field name, as the writer gives it and the reader reads it back:
    lower case (BibTeX ignores case: "Title" was a second title), a run of what may not be in
    a name ``-`` (an extra named ``"x = {1}, title"`` wrote a title of its own), ``x`` if
    nothing is left.

    >>> field_name("x = {1}, title"), field_name("Note"), field_name("")
    ('x-1-title', 'note', 'x')
    """
    return _NOT_IN_NAME_RE.sub("-", name.lower()) or "x"


def free_field_name(name: str, taken: set[str] | frozenset[str]) -> str:
    """``name``, or ``x-name`` (``x-x-name`` ...) when that is already ``taken`` in the entry.

    The one renaming rule of refgraph's BibTeX: the writer gives an ``extra`` field whose
    name is already written this name, and the reader keeps the second value of a field
    given twice under it, so what one writes the other reads back as it was.

    >>> free_field_name("note", {"note", "x-note"}), free_field_name("url", set())
    ('x-x-note', 'url')
    """
    while name in taken:
        name = "x-" + name
    return name


def dotted_initials(initials: str) -> str:
    """Return initials written as a forename: ``"HM"`` -> ``"H. M."``.

    >>> dotted_initials("HM"), dotted_initials("")
    ('H. M.', '')
    """
    return " ".join(f"{c}." for c in initials if c.isalpha())


_KEY_SMALL_WORDS = frozenset("a an and at by for from in of on or the to vs with".split())  # noqa: SIM905
_KEY_CUT_RE = re.compile(r"\s*(?:[:;.?!]\s|[:;.?!]$|--|[\u2013\u2014]|\s-\s)")


def anonymous_key(ref: Reference) -> str:
    """Return the sort key of a work without authors: its title's first words.

    Written as BibTeX's ``key`` (``plain``/``unsrt`` sort and label by it when there is no
    author) and biblatex's ``sortkey``: the title up to its first colon, dash or sentence
    end, at most five words and not ending on a small word (the citation key when there
    is no title). The reader drops a ``key``/``sortkey`` equal to this, so it reads back
    as nothing.

    >>> anonymous_key(Reference(key="k", title="Inotuzumab ozogamicin (Besponsa)--an ADC"))
    'Inotuzumab ozogamicin (Besponsa)'
    """
    text = " ".join((ref.title or ref.key).split())
    words = (_KEY_CUT_RE.split(text, maxsplit=1)[0] or text).split()[:5]
    while len(words) > 1 and words[-1].lower() in _KEY_SMALL_WORDS:
        words.pop()  # "Drug-induced liver injury in the" -> "Drug-induced liver injury"
    return " ".join(words)
