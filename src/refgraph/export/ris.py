"""References -> RIS, the tagged format reference managers import (pure).

Tags: ``TY`` (``JOUR`` for articles), ``AU`` (``Last, F. M.``; one per author), ``TI``,
``T2`` (journal as cited) and ``JF`` (full title, when known), ``PY``, ``DA``
(``YYYY/MM//``), ``VL``, ``IS``, ``SP``/``EP`` (first and last page), ``DO``, ``AN``
(the PMID, as PubMed/Zotero write it), ``C2`` (PMCID), ``KW``, ``N1`` (the annotation),
``ER``. Lines are ``TAG  - value``; line breaks inside a value become spaces.

Example:
    >>> from refgraph.model import Author, Reference
    >>> ref = Reference(key="Lamb2017", pmid="28819740", authors=(Author("Lamb", "", "YN"),),
    ...                 title="First approval", journal="Drugs", year="2017", pages="1603-1610")
    >>> for line in write_ris([ref]).splitlines():
    ...     print(line.rstrip())
    TY  - JOUR
    ID  - Lamb2017
    AU  - Lamb, Y. N.
    TI  - First approval
    T2  - Drugs
    PY  - 2017
    SP  - 1603
    EP  - 1610
    AN  - 28819740
    ER  -
    <BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from refgraph.model import Author, Reference
from refgraph.text import without_controls

__all__ = ["RIS_TYPES", "ris_author", "ris_lines", "write_ris"]

#: BibTeX entry type -> RIS type.
RIS_TYPES = {
    "article": "JOUR",
    "book": "BOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "inproceedings": "CPAPER",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "techreport": "RPRT",
    "online": "ELEC",
}


def ris_author(author: Author) -> str:
    """Return one RIS author: ``Last, F. M.`` (``, Jr`` appended), or the group name.

    >>> ris_author(Author(last="Kantarjian", initials="HM", suffix="Jr"))
    'Kantarjian, H. M., Jr'
    """
    if author.collective:
        return author.collective
    given = author.first or " ".join(f"{c}." for c in author.name_initials)
    parts = [author.last, given, author.suffix] if author.suffix else [author.last, given]
    return ", ".join(p for p in parts if p) if given or author.suffix else author.last


def _flat(value: str) -> str:
    return " ".join(without_controls(value).split())


def ris_lines(ref: Reference) -> Iterator[tuple[str, str]]:
    """Yield ``(tag, value)`` for one reference, ``TY`` first and ``ER`` last."""
    yield "TY", RIS_TYPES.get(ref.entry_type, "GEN")
    yield "ID", ref.key
    for author in ref.authors:
        yield "AU", ris_author(author)
    if ref.title:
        yield "TI", ref.title
    if ref.journal or ref.journal_full:
        yield "T2", ref.journal or ref.journal_full
    if ref.journal_full and ref.journal:
        yield "JF", ref.journal_full
    if ref.year:
        yield "PY", ref.year
    if ref.month:
        yield "DA", f"{ref.year}/{ref.month}//"
    for tag, value in (("VL", ref.volume), ("IS", ref.issue)):
        if value:
            yield tag, value
    if ref.pages:
        first, _, last = ref.pages.partition("-")
        yield "SP", first
        if last:
            yield "EP", last
    for tag, value in (("DO", ref.doi), ("AN", ref.pmid), ("C2", ref.pmcid)):
        if value:
            yield tag, value
    for keyword in ref.keywords:
        yield "KW", keyword
    if ref.annotation:
        yield "N1", ref.annotation
    yield "ER", ""


def write_ris(references: Sequence[Reference]) -> str:
    """Return ``references`` as one RIS document (records separated by a blank line)."""
    out: list[str] = []
    for ref in references:
        out.extend(f"{tag}  - {_flat(value)}" for tag, value in ris_lines(ref))
        out.append("")
    return "\n".join(out) + ("\n" if out else "")
