"""References -> MEDLINE/.nbib, the tagged text PubMed exports (pure).

Each field is a four-character tag padded to ``TAG - value``; long text values (title,
abstract ...) wrap at 80 columns with continuation lines indented by six spaces, as
PubMed writes them, while repeatable tags stay on one line (see :func:`_field`). Tags,
in PubMed's order: ``PMID``, ``IS`` (ISSN with its medium), ``VI``, ``IP``, ``DP`` (year
and month), ``TI``, ``PG`` (pages, NLM-abbreviated: ``740-53``), ``LID``
(``... [doi]``), ``AB`` (abstract), ``FAU`` and ``AU`` for every personal author
(``FAU - Kantarjian, Hagop M`` and ``AU  - Kantarjian HM``; an initials-only forename is
written as its initials, ``FAU - Lamb, Y N``), ``CN`` (group author), ``LA``, ``SI``
(``ClinicalTrials.gov/NCT01564784``), ``PT``, ``TA`` (journal as cited), ``JT`` (full
title), ``PMC``, ``OT`` (keywords), ``GN`` (general notes: the annotation), ``AID``.

MEDLINE has no "et al": PubMed keeps an incomplete author list as a flag of the record
(``CompleteYN="N"``), which the text format does not show. A cut-short list is written
with the authors the citation names and the general note :data:`ET_AL_NOTE`, which
refgraph's MEDLINE reader reads back as ``et_al`` (it also still reads the ``AU - et al``
older exports wrote); no tool reads "et al" as an author. Records are separated by a
blank line.

Example:
    >>> from refgraph.model import Author, Reference
    >>> ref = Reference(key="Lamb2017", pmid="28819740", authors=(Author("Lamb", "", "YN"),),
    ...                 title="First approval", journal="Drugs", year="2017", pages="1603-1610")
    >>> print(write_nbib([ref]), end="")
    PMID- 28819740
    DP  - 2017
    TI  - First approval
    PG  - 1603-10
    FAU - Lamb, Y N
    AU  - Lamb YN
    TA  - Drugs
    <BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from refgraph.filters import pages_nlm
from refgraph.model import Author, Reference
from refgraph.text import INCOMPLETE_AUTHORS_NOTE as ET_AL_NOTE
from refgraph.text import without_controls

__all__ = ["ET_AL_NOTE", "nbib_lines", "write_nbib"]

_WIDTH = 80
#: Single-valued text tags, wrapped at :data:`_WIDTH` as PubMed wraps them.
_WRAPPED = frozenset({"TI", "AB", "JT", "TA", "DP", "PG", "LID", "IS", "VI", "IP", "PMC"})
_ISSN_RE = re.compile(r"\d{4}-\d{3}[\dX] \([A-Za-z]+\)")  # PubMed's "0028-4793 (Print)"
#: ``Reference.extra`` fields with a MEDLINE tag of their own.
_EXTRA_TAGS = (("issn", "IS"), ("abstract", "AB"), ("language", "LA"))


def _full_author(author: Author) -> str:
    """``FAU``: ``Last, Forename`` (initials when no forename is known), ``, Suffix``."""
    given = author.first or " ".join(author.name_initials)
    name = f"{author.last}, {given}" if given else author.last
    return f"{name}, {author.suffix}" if author.suffix else name


def nbib_lines(ref: Reference) -> Iterator[tuple[str, str]]:
    """Yield ``(tag, value)`` for one reference in MEDLINE order."""
    extra = dict(reversed(ref.extra))  # the first value of a repeated field wins
    if ref.pmid:
        yield "PMID", ref.pmid
    if _ISSN_RE.fullmatch(extra.get("issn", "")):  # readers expect the medium with it
        yield "IS", extra["issn"]
    for tag, value in (("VI", ref.volume), ("IP", ref.issue)):
        if value:
            yield tag, value
    if ref.year:
        yield "DP", f"{ref.year} {ref.month}".strip()
    if ref.title:
        yield "TI", ref.title
    if ref.pages:
        yield "PG", pages_nlm(ref.pages)
    if ref.doi:
        yield "LID", f"{ref.doi} [doi]"
    if extra.get("abstract"):
        yield "AB", extra["abstract"]
    for author in ref.authors:
        if author.collective:
            yield "CN", author.collective
        else:
            yield "FAU", _full_author(author)
            yield "AU", author.short()
    if extra.get("language"):
        yield "LA", extra["language"]
    for trial in ref.trials:
        yield "SI", f"ClinicalTrials.gov/{trial}" if trial.startswith("NCT") else trial
    for pub_type in ref.publication_types:
        yield "PT", pub_type
    if ref.journal:
        yield "TA", ref.journal
    if ref.journal_full:
        yield "JT", ref.journal_full
    if ref.pmcid:
        yield "PMC", ref.pmcid
    for keyword in ref.keywords:
        yield "OT", keyword
    if ref.et_al:
        yield "GN", ET_AL_NOTE
    if ref.annotation:
        yield "GN", ref.annotation
    if ref.doi:
        yield "AID", f"{ref.doi} [doi]"


def _field(tag: str, value: str) -> str:
    """``TAG - value`` wrapped at 80 columns, continuation lines indented by six spaces.

    Only single-valued text tags are wrapped. A repeatable tag (``GN``, ``OT``, ``FAU``
    ...) stays on one line however long: readers such as Bio.Medline take each
    continuation line of those as a value of its own.

    >>> print(_field("TI", "word " * 20))
    TI  - word word word word word word word word word word word word word word word
          word word word word word
    """
    head = f"{tag:<4}- "
    words = without_controls(value).split()
    if not words:
        return head.rstrip()
    if tag not in _WRAPPED:
        return head + " ".join(words)
    lines: list[str] = []
    current = head + words[0]
    for word in words[1:]:
        if len(current) + 1 + len(word) > _WIDTH:
            lines.append(current)
            current = "      " + word
        else:
            current += " " + word
    lines.append(current)
    return "\n".join(lines)


def write_nbib(references: Sequence[Reference]) -> str:
    """Return ``references`` as one MEDLINE (.nbib) document."""
    records = ["\n".join(_field(t, v) for t, v in nbib_lines(ref)) for ref in references]
    return "".join(r + "\n\n" for r in records)
