"""LiverTox monograph text (as extracted from the PDF) -> references with annotations.

A LiverTox bibliography is a run of citations, each ending in ``PubMed PMID: N.`` and
followed by a parenthesised annotation::

    Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603–10. PubMed PMID:
    28819740.

    (Review of the history of development, mechanism of action, ...).

**Where the references start.** Prose sections come first and are never citations:

1. If a references heading appears on a line of its own (``REFERENCES``, ``References``,
   ``ANNOTATED BIBLIOGRAPHY``, ``Bibliography``, ``References updated: <date>``), the
   references start after the first one.
2. Otherwise the last prose heading before the first PMID decides (``Introduction``,
   ``Background``, ``Hepatotoxicity``, ``Likelihood score:``, ``Mechanism of Liver Injury``,
   ``Outcome and Management``, ``Abbreviations:``, ``Drug Class:``, ``CASE REPORT`` ...).
   An inline heading (``Abbreviations: ...``) is one paragraph that ends with the first line
   ending in a full stop. A heading on its own line starts prose that runs on until a line
   that ends a sentence is followed by a line that cannot continue it: one starting in
   lower case (``factors for this ...``), with ``(`` or like a citation (``Surname AB,``),
   or the first PMID.
3. With no heading at all (a bare list), the references start on line 1.

**Inside the references**, blank lines, running headers and footers (a line with
``Page N of M``, a bare date, an NCBI Bookshelf print header or URL) and repeated
headings are skipped wherever they fall, even inside a citation or between a citation
and its annotation. ``PubMed PMID:`` may be split from its number across lines.
A ``(`` that opens a parenthesis not closed before the end of its line (or closed at the
very end) starts an annotation; it belongs to the citation just read, if that citation
has none yet. Anything that cannot be attached becomes a :class:`~refgraph.model.Diagnostic`
(never merged into a neighbour, never dropped):

- ``orphan_annotation``: an annotation with no citation waiting for one;
- ``fragment``: stray text that does not read as a citation;
- ``no_pmid``: a citation without a PMID (it is still a reference);
- ``unparsed``: text that looks like a citation but cannot be read (kept as a reference
  with just its PMID when it has one).

Each line is looked at a bounded number of times and every pattern is linear, so a 5 MB
single line is read in linear time.

The reader is in three parts: this module (detection and the entry point), the page
layout (:mod:`refgraph.sources._layout`: where the references start, running lines,
headings) and the annotated-citation reader it shares with Bookshelf text
(:mod:`refgraph.sources._annotated`).
"""

from __future__ import annotations

import re

from refgraph.model import ParseResult
from refgraph.sources._annotated import parse_annotated
from refgraph.sources._layout import is_page_artifact, reference_start

__all__ = [
    "EXTENSIONS",
    "NAME",
    "is_page_artifact",
    "parse",
    "parse_annotated",
    "reference_start",
    "sniff",
]

NAME = "livertox"
EXTENSIONS = (".txt",)

_MARKUP_RE = re.compile(
    r"^\s{0,3}(?:#{1,6}\s|>\s?\S|[*+-]\s+\S|\[\^?[^\]\n]{1,80}\]:|\d{1,3}\\?[.)]\s*\S)|\]\(https?://"
    r"|<(?:li|p|br|div|a|i|em|h\d)\b",
    re.M,
)


#: What says a text is a LiverTox monograph: a citation followed by its annotation, a
#: LiverTox references heading, or the name.
_SIGNAL_RE = re.compile(
    r"(?:PubMed\s+Citation|PMID\s*:?\s*\d{1,10})\.?[ \t]*\n(?:[ \t]*\n)?[ \t]*\("
    r"|^[ \t]*(?:REFERENCES|ANNOTATED BIBLIOGRAPHY|References updated)\b|\bLiverTox\b",
    re.M,
)


def sniff(text: str) -> bool:
    """LiverTox text: ``PubMed PMID:`` (or, in the older web form, ``PubMed Citation``)
    citations with LiverTox's annotations or headings, not a numbered or marked-up list."""
    if "PubMed PMID" not in text and "PubMed Citation" not in text:
        return False
    first = text.lstrip()[:8]
    if re.match(r"(?:\[?\d{1,4}[.)\]])\s", first) is not None:
        return False
    # Markup (a README, a PMC page as Markdown, HTML) or a numbered list is not a monograph
    return _MARKUP_RE.search(text[:20000]) is None and _SIGNAL_RE.search(text) is not None


def parse(text: str, source: str) -> ParseResult:
    """Parse LiverTox monograph text; see the module docstring for the rules."""
    return parse_annotated(text, source, NAME)
