"""PubMed's source line, ``N Engl J Med. 2016 Aug 25;375(8):740-53. doi: 10.1056/x. Epub
2016 Jun 12.``, as PubMed's own exports give it (the "Abstract (text)" records and the CSV
export's ``Citation`` column): the journal abbreviation before the date, and what
:func:`~refgraph.sources._fields.read_fields` reads from the rest (pure)."""

from __future__ import annotations

import re

from refgraph.sources._fields import Fields, read_fields

__all__ = ["source_line"]

_JOURNAL_RE = re.compile(r"(.+?)\.\s+(?=(?:1[6-9]|20)\d\d\b)")


def source_line(text: str) -> tuple[str, Fields | None]:
    """The journal and the fields of a PubMed source line.

    >>> journal, fields = source_line("Drugs. 2017 Sep;77(14):1603-1610. doi: 10.1007/s4.")
    >>> journal, fields.year, fields.month, fields.volume, fields.issue, fields.pages
    ('Drugs', '2017', 'Sep', '77', '14', '1603-1610')
    """
    found = _JOURNAL_RE.match(text)
    return (found.group(1).strip() if found else ""), read_fields(text, tagger=False)
