"""The page layout of a LiverTox monograph: where its references start, which lines are
running headers and footers or headings, and where a citation ends (pure).

The rules are described in :mod:`refgraph.sources.livertox` (where the references start;
the lines skipped wherever they fall; the sections that end the list). The annotated
reader (:mod:`refgraph.sources._annotated`) uses the cheap pre-checks here
(:data:`MAYBE_SKIPPED_RE`, :data:`SKIPPED_HEADS`) before the exact tests.
"""

from __future__ import annotations

import re
from itertools import product

from refgraph.sources._nlmnames import starts_like_citation
from refgraph.text import MONTHS

__all__ = [
    "END_MARKER_RE",
    "END_RE",
    "MAYBE_SKIPPED_RE",
    "PENDING_RE",
    "REF_HEADING_RE",
    "SENTENCE_ENDS",
    "SKIPPED_HEADS",
    "clean",
    "is_page_artifact",
    "reference_start",
]

#: Where a citation ends: the PMID (PDF form or Bookshelf form with trailing links).
END_RE = re.compile(
    r"(?:PubMed\s+)?PMID\s*:?\s*\d+\s*\.?|PubMed\s+Citation\b\.?"
    r"|\[\s*PubMed\s*:\s*\d+\s*\](?:\s*\[[^\]\n]{0,40}\])*\.?",
)
PENDING_RE = re.compile(r"(?:PMID\s*:?|\[\s*PubMed\s*:?)\s*$")

_MONTHS = "(?:" + "|".join(MONTHS) + r"|Sept)[a-z]{0,6}\.?"  # the one month table
_PAGE_OF_RE = re.compile(r"Page\s+\d{1,4}\s+of\s+\d{1,4}\b", re.I)
_SHORT_ARTIFACT_RE = re.compile(
    r"(?:\d{1,2}\s+)?" + _MONTHS + r"\s+(?:\d{1,2},?\s+)?\d{4}$"
    r"|\d{1,2}/\d{1,2}/\d{2,4}(?:,?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?\b"
    r"|\d{4}-\d{2}-\d{2}$"
    r"|https?://\S*ncbi\.nlm\.nih\.gov\S*(?:\s+\d+/\d+)?$"
    r"|LiverTox$",
    re.I,
)
REF_HEADING_RE = re.compile(
    r"^(?:REFERENCES|References|ANNOTATED BIBLIOGRAPHY|Annotated Bibliography|Bibliography"
    r"|BIBLIOGRAPHY|Key References|KEY REFERENCES)$|^References updated\s*:"
)
_PROSE_NAMES = (
    "OVERVIEW|Introduction|Background|Hepatotoxicity|Likelihood score|Likehood score"
    "|Mechanism of Liver Injury|Mechanism of Injury|Outcome and Management|Abbreviations"
    "|Drug Class|DRUG CLASS|Other Drugs in the Subclass|CASE REPORT|CASE REPORTS"
    "|PRODUCT INFORMATION|CHEMICAL FORMULA AND STRUCTURE|Clinical Use"
)
_PROSE_HEADING_RE = re.compile(rf"^(?:{_PROSE_NAMES})(?:\s*$|\s*:|\s+Case\b)")
_INLINE_HEADING_RE = re.compile(rf"^(?:{_PROSE_NAMES})\s*:\s*\S")
# the page footer, or the monograph's sections after its reference list (web copies)
END_MARKER_RE = re.compile(
    r"^(?:Copyright|Bookshelf ID:|Cite this Page|Disclaimer|Drug Class\s*:|DRUG CLASS\s*:"
    r"|Other Drugs in the Subclass|OTHER DRUGS IN THE SUBCLASS|CHEMICAL FORMULA AND STRUCTURE"
    r"|PRODUCT INFORMATION)"
)


def clean(raw: str) -> str:
    """The line without form feeds, carriage returns and surrounding space."""
    return raw.replace("\f", " ").replace("\r", "").strip()


def is_page_artifact(line: str) -> bool:
    """Is ``line`` a running header/footer (``Page N of M``, a bare date, a print header)?"""
    n = len(line)
    if n > 200:
        return False
    if n <= 3 and line.isdigit():
        return True
    if ("age" in line or "AGE" in line) and _PAGE_OF_RE.search(line) is not None:
        return True
    if "NCBI Bookshelf" in line:
        return True
    return n <= 120 and _SHORT_ARTIFACT_RE.match(line) is not None


def _ends_sentence(line: str) -> bool:
    return line.endswith((".", ".)", '."', ".”", "?", "!"))


def reference_start(lines: list[str]) -> int:
    """Return the 0-based index of the first line of the references (module docstring)."""
    first_pmid = len(lines)
    for i, raw in enumerate(lines):
        if ("PMID" in raw or "PubMed" in raw) and (END_RE.search(raw) or PENDING_RE.search(raw)):
            first_pmid = i
            break
    last_heading = -1
    for i in range(first_pmid):
        line = clean(lines[i])
        if REF_HEADING_RE.match(line):
            return i + 1
        if _PROSE_HEADING_RE.match(line):
            last_heading = i
    if last_heading < 0:
        return 0
    heading = clean(lines[last_heading])
    if _INLINE_HEADING_RE.match(heading):
        for i in range(last_heading, first_pmid):
            if _ends_sentence(clean(lines[i])):
                return i + 1
        return first_pmid
    prev_ended, last_end = True, last_heading
    for i in range(last_heading + 1, first_pmid):
        line = clean(lines[i])
        if not line or is_page_artifact(line):
            continue
        if prev_ended and (line[0].islower() or line[0] == "(" or starts_like_citation(line)):
            return i
        prev_ended = _ends_sentence(line)
        if prev_ended:
            last_end = i
    return last_end + 1 if first_pmid < len(lines) else first_pmid


SENTENCE_ENDS = (".", ".)", '."', ".”", "?", "!")
#: Matches (at least) every short line that is a page artifact by its start, a references
#: heading or an end marker: a cheap pre-check before the exact tests.
MAYBE_SKIPPED_RE = re.compile(
    "(?i:"
    + _SHORT_ARTIFACT_RE.pattern
    + ")|"
    + REF_HEADING_RE.pattern
    + "|"
    + END_MARKER_RE.pattern[1:]
)
#: The first three characters of every ASCII line ``MAYBE_SKIPPED_RE`` can match (in any
#: case) unless it starts with a digit: a cheaper test that rules most lines out first.
_HEADS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",  # dates
    "htt", "liv", "ref", "ann", "bib", "key", "cop", "boo", "cit", "dis", "dru", "oth", "che",
    "pro",
)  # fmt: skip
SKIPPED_HEADS = frozenset(
    "".join(chars) for word in _HEADS for chars in product(*((c, c.upper()) for c in word))
)
