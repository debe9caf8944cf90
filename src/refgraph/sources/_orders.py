"""Citations whose parts come in another order than NLM's (authors, title, source), read
back into that order from the lines they arrive on (pure).

- PubMed's summary form puts the title first: ``Title.`` / ``Authors.`` / ``Source.``.
- A record copied from a PubMed page into notes puts the source first: its link line (read
  as ``PMID: N``), ``Bioinformatics. 2019 Oct 7. pii: btz745. doi: ...`` (or the journal on a
  line of its own and ``. 2020 Jun 1;36(12):3874-3876. doi: ...`` on the next), the title,
  then the authors with their affiliation numbers (``Badel C1, Forterre P1,2`` /
  ``Hao Luo 1 2 3, Feng Gao 1 2 3``).
"""

from __future__ import annotations

import re

from refgraph.sources._citation import parse_authors
from refgraph.sources._joined import CITATION_START_RE, entry_text, wrapped_summary_order
from refgraph.sources._names import read_names

__all__ = ["identifier_only", "starts_a_pubmed_source", "summary_order"]

#: what a PubMed or PMC link on a line of its own has become
_ID_ONLY_RE = re.compile(r"(?:PMID:?\s*\d{1,9}|PMCID:?\s*PMC\d{1,10}|PMC\d{1,10})\.?")
_DOI_ONLY_RE = re.compile(r"(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)10\.\d{4,9}/\S+", re.I)
#: a journal's name on a line of its own (no number, no sentence): "Nucleic Acids Res"
_BARE_JOURNAL_RE = re.compile(r"[A-Z][A-Za-z&'’()\- ]{1,60}")
#: PubMed's source line: the journal, its date, then the volume or the ahead-of-print marks
_SOURCE_RE = re.compile(
    r"[A-Z][^\d,;:]{0,100}?\.\s+(?:1[6-9]|20)\d\d(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?"
    r"\s*(?:;\s*\d|:\s*\w|\.\s+(?:pii|doi|Epub|eCollection|Online)\b|\.\s*$)"
)
#: affiliation numbers after a name: glued (``Badel C1,`` ``Forterre P1,2,``) or spaced
#: (``Hao Luo 1 2 3,``)
_AFFILIATION_RE = re.compile(r"(?<=[^\W\d_])\d{1,2}(?:,\d{1,2})*(?=,|\.?$)|(?:\s+\d{1,2})+(?=,|$)")


def identifier_only(text: str) -> bool:
    """Is ``text`` nothing but an identifier (a PubMed link on a line of its own)?"""
    return _ID_ONLY_RE.fullmatch(text.strip()) is not None


def starts_a_pubmed_source(text: str) -> bool:
    """Does the line start a PubMed source: the line itself, or a journal's name alone?"""
    return _SOURCE_RE.match(text) is not None or _BARE_JOURNAL_RE.fullmatch(text) is not None


def summary_order(parts: list[str], text: str) -> str:
    """The citation of an entry's lines (``parts``, joined: ``text``) in NLM order."""
    copied = _source_first(parts)
    if copied is not None:
        return copied
    if len(parts) >= 3 and parts[1].endswith(".") and not parts[0][:1].isdigit():
        _, _, people = parse_authors(parts[1][:-1].replace(";", ","))
        _, _, first_people = parse_authors(parts[0].rstrip("."))
        if people and not first_people:  # the summary form: title, authors, source
            return entry_text([parts[1], parts[0], *parts[2:]])
    if len(parts) >= 2 and CITATION_START_RE.match(text) is None:
        return wrapped_summary_order(text)
    return text


def _source_first(parts: list[str]) -> str | None:
    """A PubMed record copied from its page: source, title, authors (see the module)."""
    ids = [p for p in parts[:2] if identifier_only(p)]
    rest = parts[len(ids) :]
    if len(rest) >= 2 and _BARE_JOURNAL_RE.fullmatch(rest[0]) and rest[1].startswith(". "):
        rest = [rest[0] + rest[1], *rest[2:]]  # "Bioinformatics" / ". 2020 Jun 1;36(12):..."
    if len(rest) < 3 or _SOURCE_RE.match(rest[0]) is None or "," in rest[0].split(". ")[0]:
        return None
    names = _AFFILIATION_RE.sub("", rest[2]).strip().rstrip(".")
    if names == rest[2].strip().rstrip("."):
        return None  # no affiliation numbers: not the page's author line
    if not read_names(names)[2]:  # NLM's "Badel C, ..." or the page's "Hao Luo, Feng Gao"
        return None
    title = rest[1] if rest[1].endswith((".", "?", "!")) else rest[1] + "."
    # the lines after the authors are the notes' own (links, comments), but for identifiers
    links = [p for p in rest[3:] if identifier_only(p) or _DOI_ONLY_RE.fullmatch(p.strip())]
    return entry_text([names + ".", title, rest[0], *ids, *links])
