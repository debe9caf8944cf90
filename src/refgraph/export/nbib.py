"""References -> MEDLINE/.nbib, the tagged text PubMed exports (pure).

Each field is a four-character tag padded to ``TAG - value``; long values wrap at 80
columns with continuation lines indented by six spaces, as PubMed writes them. Tags:
``PMID``, ``TI``, ``FAU``/``AU`` (full name when known, and short; ``AU - et al`` for a
cut-short list), ``CN`` (group author), ``TA``
(journal abbreviation), ``JT`` (full title), ``DP`` (year and month), ``VI``, ``IP``,
``PG`` (pages, NLM-abbreviated: ``740-53``), ``LID``/``AID`` (``... [doi]``), ``PMC``,
``PT``, ``OT`` (keywords) and ``GN`` (general note: the annotation). Records are separated
by a blank line.

Example:
    >>> from refgraph.model import Author, Reference
    >>> ref = Reference(key="Lamb2017", pmid="28819740", authors=(Author("Lamb", "", "YN"),),
    ...                 title="First approval", journal="Drugs", year="2017", pages="1603-1610")
    >>> print(write_nbib([ref]), end="")
    PMID- 28819740
    TI  - First approval
    AU  - Lamb YN
    TA  - Drugs
    DP  - 2017
    PG  - 1603-10
    <BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from refgraph.filters import pages_nlm
from refgraph.model import Author, Reference
from refgraph.text import without_controls

__all__ = ["nbib_lines", "write_nbib"]

_WIDTH = 80


def _full_author(author: Author) -> str:
    given = author.first or author.name_initials
    name = f"{author.last}, {given}" if given else author.last
    return f"{name}, {author.suffix}" if author.suffix else name


def nbib_lines(ref: Reference) -> Iterator[tuple[str, str]]:
    """Yield ``(tag, value)`` for one reference in MEDLINE order."""
    if ref.pmid:
        yield "PMID", ref.pmid
    if ref.title:
        yield "TI", ref.title
    for author in ref.authors:
        if author.collective:
            yield "CN", author.collective
        else:
            if author.first:
                yield "FAU", _full_author(author)
            yield "AU", author.short()
    if ref.et_al:
        yield "AU", "et al"
    if ref.journal:
        yield "TA", ref.journal
    if ref.journal_full:
        yield "JT", ref.journal_full
    if ref.year:
        yield "DP", f"{ref.year} {ref.month}".strip()
    for tag, value in (("VI", ref.volume), ("IP", ref.issue), ("PG", pages_nlm(ref.pages))):
        if value:
            yield tag, value
    if ref.doi:
        yield "LID", f"{ref.doi} [doi]"
        yield "AID", f"{ref.doi} [doi]"
    if ref.pmcid:
        yield "PMC", ref.pmcid
    for pub_type in ref.publication_types:
        yield "PT", pub_type
    for keyword in ref.keywords:
        yield "OT", keyword
    if ref.annotation:
        yield "GN", ref.annotation


def _field(tag: str, value: str) -> str:
    """``TAG - value`` wrapped at 80 columns, continuation lines indented by six spaces.

    >>> print(_field("TI", "word " * 20))
    TI  - word word word word word word word word word word word word word word word
          word word word word word
    """
    head = f"{tag:<4}- "
    words = without_controls(value).split()
    if not words:
        return head.rstrip()
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
