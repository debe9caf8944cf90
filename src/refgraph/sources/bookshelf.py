"""LiverTox text copied from the NCBI Bookshelf web page -> references with annotations.

The web page lists each citation on one line, ending in its links, with the annotation on
the next line::

    REFERENCES
    References updated: 10 July 2018
    Kantarjian HM, DeAngelo DJ, ... Lancet Haematol. 2017 Aug;4(8):e387-e398. Epub 2017 Jul 4.
    [PMC free article: PMC5700890] [PubMed: 28687420] [CrossRef]
    (Secondary analysis of liver related adverse events ...)

It is read exactly as :mod:`refgraph.sources.livertox` reads PDF text (same rules for where
the references start, page artifacts, annotations and problems); only the PMID form differs
(``[PubMed: N]`` followed by link labels such as ``[CrossRef]``), ``Epub <date>.`` is kept
as the ``epub`` extra field, and the page footer (``Copyright``, ``Bookshelf ID:``,
``Cite this Page``) ends the list.
"""

from __future__ import annotations

import re

from refgraph.model import ParseResult
from refgraph.sources.livertox import parse_annotated

__all__ = ["EXTENSIONS", "NAME", "parse", "sniff"]

NAME = "bookshelf"
EXTENSIONS = (".txt",)

#: (not a Markdown link whose text is "PubMed: N": that is a README's citation, the general
#: reader's)
_SNIFF_RE = re.compile(r"\[\s*PubMed\s*:\s*\d+\s*\](?!\(\s*<?(?:https?:|www\.|/))")


#: A numbered list item ("[12]. Smith ...", "12. Smith ..."): Bookshelf never numbers its
#: citations, PMC author manuscripts (which tag theirs "[PubMed: N]" too) do.
_NUMBERED_RE = re.compile(r"^[ \t]{0,3}(?:\[\d{1,3}\]\.?|\d{1,3}\.)[ \t]+\S", re.M)


#: The page furniture of a PMC author manuscript (its running footer, its margin text), whose
#: citations carry "[PubMed: N]" too, unnumbered in the journals that do not number them: an
#: article's list, not a Bookshelf page.
_MANUSCRIPT_RE = re.compile(
    r"Author manuscript; available in PMC|^(?:NIH-PA|HHS|Author) (?:Public Access|Manuscript)\s*$",
    re.I | re.M,
)


def sniff(text: str) -> bool:
    """Bookshelf text: ``[PubMed: N]`` links, in a list that is not numbered (and not an
    author manuscript's)."""
    tags = len(_SNIFF_RE.findall(text))
    return (tags > 0 and len(_NUMBERED_RE.findall(text)) < tags
            and _MANUSCRIPT_RE.search(text) is None)  # fmt: skip


def parse(text: str, source: str) -> ParseResult:
    """Parse LiverTox text copied from the NCBI Bookshelf page."""
    return parse_annotated(text, source, NAME)
