"""What follows a citation's identifiers: its annotation and publication types (pure).

In a reference list the identifiers close the citation (``... 2016;375:740-53. PMID:
27292104.``); what an author writes after them is about the work, not part of it: a
summary (``(Controlled trial of inotuzumab versus chemotherapy in 326 adults.)``), PubMed's
publication types and snippet in a copy of its results page (``PMID: 27292104 Free PMC
article. Clinical Trial.`` / ``BACKGROUND: The prognosis ...``). The fields reader has no
place for it, so it was dropped; :func:`trailing` gives it back as the reference's
annotation and publication types. Link labels (``[PubMed]``, ``Free PMC article``, ``No
abstract available``) are furniture and say nothing. Another citation run on after the
identifiers is not an annotation: it is returned apart, for the reader to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refgraph.sources._annotated import annotation_text
from refgraph.sources._joined import CITATION_START_RE, YEAR_RE

__all__ = ["Trailing", "trailing"]

# The end of the last identifier: a PMID, a PMCID, a DOI (label or link), PubMed's own
# bracketed link labels.
_LAST_ID_RE = re.compile(
    r"(?:PMID|PMCID)\s*:?\s*(?:PMC)?\d+\]?"
    r"|\bPMC\d{4,}"
    r"|(?:\bdoi\s*:?\s*|doi\.org/)10\.\d{4,9}/[^\s\]]+"
    r"|\[(?:PubMed|PMC free article|Google Scholar|CrossRef|DOI|Free full text|PMC)[^\]]{0,40}\]",
    re.I,
)
_FURNITURE_RE = re.compile(
    r"(?:Free (?:PMC )?(?:full[- ]text )?article|No abstract available|Epub ahead of print"
    r"|Epub (?:19|20)\d\d(?: [A-Z][a-z]{2})?(?: \d{1,2})?|eCollection (?:19|20)\d\d[^.]{0,12}"
    r"|\[[^\]]{0,40}\])[.;]?\s*",
    re.I,
)
#: PubMed's publication types as its results page lists them after the PMID.
_TYPE_RE = re.compile(
    r"(?:Clinical Trial(?:, Phase I{1,3}V?| Protocol)?|Randomized Controlled Trial|Meta-Analysis"
    r"|Systematic Review|Review|Case Reports|Comparative Study|Multicenter Study"
    r"|Observational Study|Practice Guideline|Guideline|Letter|Comment|Editorial"
    r"|Published Erratum|Retracted Publication|Retraction of Publication|Consensus Development"
    r"|Controlled Clinical Trial|Equivalence Trial|Validation Study|Evaluation Study"
    r"|Clinical Study|English Abstract|News|Historical Article|Preprint)\.\s*"
)
_WORDS_RE = re.compile(r"[^\W\d_]{2,}")
_URL_RE = re.compile(r"(?:https?://|www\.)\S*")  # (a link's words are no prose)
# What prose about a work does not hold: an identifier of any scheme, a source
# (``Frontiers in Immunology 10, 2657 (2019)``, ``Lancet. 2017;389:e4``)
_NOT_PROSE_RE = re.compile(
    r"\b(?:PMC\w*|PMID|doi|ISSN|ISBN|S2CID|arXiv|OCLC|JSTOR|Bibcode|hdl|MR|Zbl)\b"
    r"|\d\s*[(:,;]\s*[A-Za-z]?\d"
    r"|\b(?:Erratum|Comment|Update|Retraction|Republished) (?:in|of|for)\b",
    re.I,
)


@dataclass(frozen=True)
class Trailing:
    """The annotation, publication types and any run-on citation after the identifiers."""

    annotation: str = ""
    publication_types: tuple[str, ...] = ()
    run_on: str = ""


def trailing(cited: str) -> Trailing:
    """Read what follows the last identifier of ``cited`` (see the module docstring)."""
    end = max((m.end() for m in _LAST_ID_RE.finditer(cited)), default=-1)
    if end < 0:
        return Trailing()
    rest = cited[end:].lstrip(" .;,")
    types: list[str] = []
    while rest:
        m = _FURNITURE_RE.match(rest)
        if m is None:
            m = _TYPE_RE.match(rest)
            if m is None:
                break
            types.append(m.group().strip().rstrip("."))
        rest = rest[m.end() :].lstrip(" .;,")
    rest = rest.strip()
    if CITATION_START_RE.match(rest) and YEAR_RE.search(rest):
        return Trailing(publication_types=tuple(types), run_on=rest)
    return Trailing(annotation_text(rest) if _prose(rest) else "", tuple(types))


def _prose(text: str) -> bool:
    """Sentences about the work: four words or more besides any link, half of them (or a
    parenthesised note's third) in lower case, and no identifier or source among them."""
    words = _WORDS_RE.findall(_URL_RE.sub(" ", text))
    if len(words) < 4 or _NOT_PROSE_RE.search(text):
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower * (3 if text[0] == "(" else 2) >= len(words)
