"""BibTeX's field table, shared by the BibTeX reader and the BibTeX writer (a table, no code).

:data:`BIBTEX_FIELDS` maps model attributes to field names in both dialects (BibTeX and
biblatex), in the order the writer writes them; the reader consumes the same names.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "BIBTEX_FIELDS",
    "LIST_SEPARATOR",
    "RESERVED_FIELDS",
    "VERBATIM_FIELDS",
    "FieldSpec",
    "dotted_initials",
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
#: "not written in that dialect".
BIBTEX_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("authors", "author", "author", "authors"),
    FieldSpec("title", "title", "title", "text"),
    FieldSpec("journal", "journal", "journaltitle", "text"),
    FieldSpec("journal_full", "journal-full", "journal-full", "text"),
    FieldSpec("year", "year", "date", "text"),
    FieldSpec("month", "month", "month", "text"),
    FieldSpec("volume", "volume", "volume", "text"),
    FieldSpec("issue", "number", "number", "text"),
    FieldSpec("pages", "pages", "pages", "pages"),
    FieldSpec("doi", "doi", "doi", "verbatim"),
    FieldSpec("pmid", "pmid", "pmid", "verbatim"),
    FieldSpec("pmcid", "pmcid", "pmcid", "verbatim"),
    FieldSpec("annotation", "annote", "annotation", "text"),
    FieldSpec("pmid", "eprint", "eprint", "eprint"),  # eprint + eprinttype = {pubmed}
    FieldSpec("keywords", "keywords", "keywords", "list"),
    FieldSpec("publication_types", "pubtype", "pubtype", "list"),
    FieldSpec("trials", "trials", "trials", "list"),
)

#: Field names the reader may consume (an ``extra`` field of one of these names is
#: written as ``x-<name>`` when the name is already taken in that entry).
RESERVED_FIELDS = frozenset(
    {s.bibtex for s in BIBTEX_FIELDS}
    | {s.biblatex for s in BIBTEX_FIELDS}
    | {"booktitle", "issue", "annote", "annotation", "eprinttype", "journaltitle", "date"}
) - {""}
#: Fields whose value is not LaTeX text: never decoded on reading, written as is.
VERBATIM_FIELDS = frozenset({"doi", "pmid", "pmcid", "eprint", "url", "file", "pdf", "verba"})


def dotted_initials(initials: str) -> str:
    """Return initials written as a forename: ``"HM"`` -> ``"H. M."``.

    >>> dotted_initials("HM"), dotted_initials("")
    ('H. M.', '')
    """
    return " ".join(f"{c}." for c in initials if c.isalpha())
