"""References -> RIS, the tagged format reference managers import (pure).

Tags: ``TY`` (``JOUR`` for articles), ``ID`` (the key), ``AU`` (``Last, F. M.``; one per
author, a group author as ``Name,``), ``TI``, ``T2`` (the journal: its full title when
known, else as cited) and ``J2`` (the journal as cited, when the full title differs),
``PY``, ``DA`` (``YYYY/MM//``; a season or other date text goes to the fourth part,
``2016///Spring``), ``VL``, ``IS``, ``SP``/``EP`` (first and last page), ``DO``, ``AN``
(the PMID, as PubMed and Zotero write it), ``C2`` (PMCID, EndNote's custom field for it),
``M3`` (publication types, ``; ``-separated: EndNote's "type of work"), ``KW``,
``AB``/``LA``/``SN``/``UR``/``PB``/``CY`` from the extra fields of those names, ``N1``
(notes: the annotation), ``ER``. Lines are ``TAG  - value``; line breaks inside a value
become spaces.

RIS has no "et al": a cut-short author list is written with the authors the citation
names plus the note ``N1  - Author list incomplete (et al.)``, which refgraph's RIS
reader reads back as ``et_al``; no reader takes "et al" for an author.

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
from refgraph.text import INCOMPLETE_AUTHORS_NOTE as ET_AL_NOTE
from refgraph.text import month_number, without_controls

__all__ = ["RIS_TYPES", "ris_author", "ris_lines", "write_ris"]

#: BibTeX entry type -> RIS type.
# (a table: BibTeX entry type -> RIS type)
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
    "unpublished": "UNPB",
}
#: ``Reference.extra`` field -> RIS tag, written after the keywords.
_EXTRA_TAGS = (("abstract", "AB"), ("language", "LA"), ("issn", "SN"), ("url", "UR"),
               ("publisher", "PB"), ("address", "CY"))  # fmt: skip


def ris_author(author: Author) -> str:
    """Return one RIS author: ``Last, F. M.`` (``, Jr`` appended), or ``Group name,``.

    A group author ends with a comma, EndNote's mark of a corporate name (nothing after
    the comma is a forename), so no reader splits it into surname and forename.

    >>> ris_author(Author(last="Kantarjian", initials="HM", suffix="Jr"))
    'Kantarjian, H. M., Jr'
    >>> ris_author(Author(collective="INO-VATE Investigators"))
    'INO-VATE Investigators,'
    """
    if author.collective:
        return author.collective + ","
    given = author.first or " ".join(f"{c}." for c in author.name_initials)
    parts = [author.last, given, author.suffix] if author.suffix else [author.last, given]
    return ", ".join(p for p in parts if p) if given or author.suffix else author.last


def _flat(value: str) -> str:
    return " ".join(without_controls(value).split())


def _date(ref: Reference) -> str:
    month = month_number(ref.month)
    if month:
        return f"{ref.year}/{month:02d}//"
    return f"{ref.year}///{_flat(ref.month)}" if ref.month.strip() else ""


def ris_lines(ref: Reference) -> Iterator[tuple[str, str]]:
    """Yield ``(tag, value)`` for one reference, ``TY`` first and ``ER`` last."""
    yield "TY", RIS_TYPES.get(ref.entry_type, "GEN")
    yield "ID", ref.key
    for author in ref.authors:
        yield "AU", ris_author(author)
    if ref.title:
        yield "TI", ref.title
    if ref.journal_full or ref.journal:
        yield "T2", ref.journal_full or ref.journal
    if ref.journal_full and ref.journal and ref.journal != ref.journal_full:
        yield "J2", ref.journal
    if ref.year:
        yield "PY", ref.year
    date = _date(ref)
    if date:
        yield "DA", date
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
    if ref.publication_types:
        yield "M3", "; ".join(ref.publication_types)
    for keyword in ref.keywords:
        yield "KW", keyword
    extra = dict(reversed(ref.extra))  # the first value of a repeated field wins
    for name, tag in _EXTRA_TAGS:
        if extra.get(name):
            yield tag, extra[name]
    if ref.et_al:
        yield "N1", ET_AL_NOTE
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
