"""Read the fields of one citation in any of the styles medical writing uses (pure).

:func:`read_fields` takes the identifiers out (PMID, PMCID, DOI in every spelling: ``PubMed
PMID: N``, ``PMID: N``, ``[PUBMED: N]``, ``PubMed Central PMCID: PMCn``, ``[PMC free article]``,
``doi: ...``, a bare ``10.x/y`` after the source, ``Epub ...``) and then tries the rules in
turn, most specific first; the first that reads authors, a year and a source wins:

- ``nlm``: NLM/Vancouver, PubMed's own "Cite" form (``Journal. 2016 Aug 25;375(8):740-53.``),
  AMA (``Journal. 2016;375:740.``) - :func:`refgraph.sources._citation.citation_parts`;
- ``author-year``: the author list followed by the year in parentheses, as APA, Harvard,
  PLoS, FASEB and Frontiers write it (``Nilas L, Christiansen C (1987) Title. J Clin
  Endocrinol Metab 65: 697-702.``, ``Bernstein, B. E., ... (2012). Title. Nature, 489,
  57-74.``), with the source found from its end;
- ``source-year``: the year after the source (``Pediatr Diabetes (2022) 23(8):1151-6``,
  ``Can J Physiol Pharmacol 88: 83-91, 2010``, ``Diabetologia 2009; 52: 2288-98``);
- ``loose``: authors (if the first sentence reads as names) and the first plausible year;
  everything else is left empty rather than guessed.

What is read is returned with the rule's name (the reference's ``read-by``).
"""

from __future__ import annotations

import re

from refgraph.ids import normalize_doi
from refgraph.model import Author
from refgraph.sources._citation import (
    GROUP_WORDS,
    citation_parts,
    parse_authors,
    split_identifiers,
)
from refgraph.text import expand_pages

__all__ = ["Fields", "first_author_of", "read_fields", "take_ids"]

#: authors, et_al, title, journal, year, month, volume, issue, pages, doi, pmid, pmcid, epub, rule
Fields = tuple[tuple[Author, ...], bool, str, str, str, str, str, str, str, str, str, str, str, str]

_YEAR = r"(?:1[6-9]|20)\d\d"
_PMID_EXTRA_RE = re.compile(r"\[\s*PUBMED\s*:\s*(\d+)\s*\]|\bPMID\s*:?\s*(\d+)", re.I)
_PMCPMC_RE = re.compile(r"PMC(?:PMC)+(\d)", re.I)
_BARE_DOI_RE = re.compile(r"(?<![\w/.])(10\.\d{4,9}/[^\s\]\[\"<>]+)")
_LINK_WORDS_RE = re.compile(
    r"\[(?:DOI|PubMed|PMC free article|CrossRef|Cross Ref|Free full text|Google Scholar|PMC)\]"
    r"|\bPubMed Citation\b|\s-\s*PubMed\b|\bFree PMC article\.?|\bNo abstract available\.?"
    r"|\beCollection\s+\d{4}(?:\s+\w{3})?\.?|\[Epub ahead of print\]|\bReview\.(?=\s|$)"
    r"|\bAvailable (?:from|online at):?\s*(?:https?://\S+)?|\bRetrieved from\s*(?:https?://\S+)?"
    r"|\bhttps?://\S+",
    re.I,
)
_PAREN_YEAR_RE = re.compile(rf"\(\s*({_YEAR})[a-z]?(?:,[^()]{{0,30}})?\s*\)\.?")
_SOURCE_END_RE = re.compile(
    r"(?P<journal>[A-Za-z][^.;:()]*?[A-Za-z.)])\.?,?\s+(?P<volume>\d{1,5}[A-Za-z]?)"
    r"\s*(?:\((?P<issue>[^()]{1,30})\))?\s*[:,]\s*(?P<pages>[A-Za-z]{0,3}\d[\w.]*(?:\s*[-–]\s*"
    r"[A-Za-z]{0,3}\d+[\w]*)?)"
)
_SOURCE_YEAR_RE = re.compile(
    rf"(?P<journal>[A-Za-z][^.;()]*?[A-Za-z.)])\.?\s*\(?(?P<year>{_YEAR})\)?\s*[;,]?\s*"
    r"(?P<volume>\d{1,5})\s*(?:\((?P<issue>[^()]{1,30})\))?\s*[:,]\s*(?P<pages>[A-Za-z]{0,3}\d"
    r"[\w.]*(?:\s*[-–]\s*[A-Za-z]{0,3}\d+\w*)?)"
)
_APS_RE = re.compile(
    rf"(?P<journal>[A-Za-z][^.;()]*?[A-Za-z.)])\.?\s+(?P<volume>\d{{1,5}})\s*"
    rf"(?:\((?P<issue>[^()]{{1,30}})\))?\s*:\s*(?P<pages>[A-Za-z]{{0,3}}\d[\w.]*(?:\s*[-–]\s*"
    rf"[A-Za-z]{{0,3}}\d+\w*)?),\s*(?P<year>{_YEAR})"
)
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.?[-\s]?){1,4}$|^[A-Z]{1,4}$")
_ORG_RE = re.compile(
    r"^(?:[A-ZÀ-Þ][\w'’&-]*|of|and|for|the|de|da|do|des|du|la|le|für|on|in|&|-|–)"
    r"(?: (?:[A-ZÀ-Þ][\w'’&-]*|of|and|for|the|de|da|do|des|du|la|le|für|on|in|&|-|–)){2,14}$"
)
_AUTHORS_DOTTED_RE = re.compile(
    r"(?:[^,.()\d]{1,40}?\s(?:[A-Z]\.\s?-?){1,4},\s*)*(?:[^,.()\d]{1,40}?\s(?:[A-Z]\.\s?-?)"
    r"{1,4}|et al\.)(?=\s|$)"
)
_SUFFIXES = {"Jr", "Jr.", "Sr", "II", "III", "IV", "2nd", "3rd"}


def take_ids(text: str) -> tuple[str, str, str, str, str]:
    """Return ``(rest, pmid, pmcid, doi, epub)`` with every identifier spelling taken out."""
    if "PMCPMC" in text.upper():
        text = _PMCPMC_RE.sub(r"PMC\1", text)
    rest, ids = split_identifiers(text)
    pmid, pmcid, doi, epub = ids["pmid"], ids["pmcid"], ids["doi"], ids["epub"]
    if not pmid:
        m = _PMID_EXTRA_RE.search(rest)
        if m:
            pmid = (m.group(1) or m.group(2)).lstrip("0")
            rest = rest[: m.start()] + " " + rest[m.end() :]
    if not doi:
        m = _BARE_DOI_RE.search(rest)
        if m:
            found = normalize_doi(m.group(1).rstrip(".,;"))
            if found:
                doi = found
                rest = rest[: m.start()] + " " + rest[m.end() :]
    for _ in range(3):  # a PMID or DOI given twice (label and link) is one identifier
        m = _PMID_EXTRA_RE.search(rest)
        if m and (m.group(1) or m.group(2)).lstrip("0") == pmid:
            rest = rest[: m.start()] + " " + rest[m.end() :]
        if doi and doi.lower() in rest.lower():
            at = rest.lower().find(doi.lower())
            rest = rest[:at] + " " + rest[at + len(doi) :]
        pmc_at = rest.upper().find(pmcid) if pmcid else -1
        if pmc_at >= 0:
            rest = rest[:pmc_at] + " " + rest[pmc_at + len(pmcid) :]
    rest = _LINK_WORDS_RE.sub(" ", rest)
    rest = re.sub(r"\bdoi\s*:?\s*(?=[\s.]|$)|\bPMCID\s*:?\s*(?=[\s;.]|$)", " ", rest, flags=re.I)
    rest = re.sub(r"\s*[;,]\s*(?=[;,.]|$)", "", " ".join(rest.split()))
    return rest.strip(" ;,"), pmid, pmcid, doi, epub


def _clean_journal(journal: str) -> str:
    journal = journal.strip().strip(",;")
    if journal.lower().startswith("in:"):
        return ""
    return journal[:-1] if journal.endswith(".") and journal.count(".") == 1 else journal


def first_author_of(segment: str) -> tuple[tuple[Author, ...], bool]:
    """Read an author list in any usual order (``Surname AB``, ``Surname, A. B.``,
    ``A. B. Surname``, ``Given Surname``, a group name); return it and ``et al``."""
    segment = segment.strip().rstrip(".").strip()
    if not segment:
        return (), False
    authors, et_al, people = parse_authors(segment)
    if people and authors and not authors[0].is_collective:
        return authors, et_al
    et_al = bool(re.search(r"\bet\.? al\b|…|\.\.\.|\s\?\s", segment))
    items = [i.strip() for i in re.split(r",|;|\s&\s|\sand\s", segment) if i.strip()]
    if not items:
        return (), False
    first = items[0]
    if GROUP_WORDS.search(first) or (len(first.split()) > 2 and _ORG_RE.match(first)):
        return (Author(collective=first),), et_al
    if len(first.split()) > 4:
        return (), False
    words = first.replace(".", ". ").split()
    words = [w for w in words if w not in _SUFFIXES]
    if not words:
        return (), False
    if len(items) > 1 and len(words) == 1 and _INITIALS_RE.match(items[1].replace(" ", "")):
        # "Bernstein, B. E., Birney, E." (surname, initials)
        return (Author(last=words[0], initials=items[1].replace(".", "").replace(" ", "")),), True
    tail = [w for w in words if _INITIALS_RE.match(w)]
    if tail and not _INITIALS_RE.match(words[0]):  # "Mader T. H." / "Mader TH"
        surname = " ".join(w for w in words if not _INITIALS_RE.match(w))
        return (Author(last=surname, initials="".join(t.strip(".") for t in tail)),), et_al
    if _INITIALS_RE.match(words[0]):  # "A. B. Surname"
        surname = " ".join(w for w in words if not _INITIALS_RE.match(w))
        return (Author(last=surname),), et_al
    if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):  # "Andy Rimmer"
        return (Author(last=words[-1], first=" ".join(words[:-1])),), et_al
    if len(words) == 1 and words[0][:1].isupper() and words[0].replace("-", "").isalpha():
        return (Author(last=words[0]),), et_al
    return (), False


def _split_title_source(rest: str) -> tuple[str, str]:
    """``Title. Journal`` -> (title, journal): the journal is the last sentence."""
    rest = rest.strip().rstrip(".,")
    cut = rest.rfind(". ")
    if cut < 0:
        return "", rest
    return rest[:cut].strip(), rest[cut + 2 :].strip()


def _source(after: str) -> tuple[str, str, str, str, str, str]:
    """Read ``Title. Journal vol(issue): pages`` -> title, journal, volume, issue, pages, year."""
    best = None
    for m in _SOURCE_END_RE.finditer(after):
        best = m
    if best is None:
        title, journal = _split_title_source(after)
        if re.search(r"\b(?:Press|Publish\w*|Springer|Wiley|Elsevier|University|ed\.)\b", journal):
            return title, "", "", "", "", ""
        return title, _clean_journal(journal), "", "", "", ""
    title, journal = _split_title_source(after[: best.start("volume")])
    return (title, _clean_journal(journal), best.group("volume"), best.group("issue") or "",
            expand_pages(best.group("pages").replace(" ", "")), "")  # fmt: skip


def _author_year(text: str) -> Fields | None:
    m = _PAREN_YEAR_RE.search(text)
    if m is None or m.start() == 0 or m.start() > 600:
        return None
    if re.match(r"\s*\d{1,5}\s*[:(,]", text[m.end() :]):  # "Journal (2022) 23(8):1151": source
        return None
    authors, et_al = first_author_of(text[: m.start()])
    if not authors:
        return None
    title, journal, volume, issue, pages, _ = _source(text[m.end() :])
    return (authors, et_al, title, journal, m.group(1), "", volume, issue, pages, "", "", "", "",
            "author-year")  # fmt: skip


def _source_year(text: str) -> Fields | None:
    for pattern in (_SOURCE_YEAR_RE, _APS_RE):
        found = list(pattern.finditer(text))
        if not found:
            continue
        m = found[-1]
        head = text[: m.start("journal")].strip()
        title, journal = _split_title_source(head + " " + m.group("journal"))
        first = head.split(". ", 1)[0] if head else ""
        authors, et_al = first_author_of(first)
        if len(head.split(". ", 1)) < 2:
            title = ""
        return (authors, et_al, title.split(". ", 1)[-1] if title else "", _clean_journal(journal),
                m.group("year"), "", m.group("volume"), m.group("issue") or "",
                expand_pages(m.group("pages").replace(" ", "")), "", "", "", "",
                "source-year")  # fmt: skip
    return None


def _loose(text: str) -> Fields | None:
    years = re.findall(rf"(?<![\d/.\-]){_YEAR}(?![\d/\-])", text)
    first = re.split(r"\.\s", text, maxsplit=1)[0]
    authors, et_al = first_author_of(first) if len(first) < 400 else ((), False)
    if not years and not authors:
        return None
    return (authors, et_al, "", "", years[0] if years else "", "", "", "", "", "", "", "", "",
            "loose")  # fmt: skip


def _compact_initials(text: str) -> str:
    """``Crucian B.E., Stowe R.P. Title`` -> ``Crucian BE, Stowe RP. Title`` (NLM initials)."""
    m = _AUTHORS_DOTTED_RE.match(text)
    if m is None or "." not in m.group():
        return text
    names = re.sub(r"(?<=[A-Z])\.\s?-?(?=[A-Z]\b|[A-Z]\.)", "", m.group())
    names = re.sub(r"(?<=\s[A-Z])\.(?=,)|(?<=\s[A-Z]{2})\.(?=,)|(?<=\s[A-Z]{3})\.(?=,)", "", names)
    return names + text[m.end() :]


def _extend_journal(title: str, journal: str) -> tuple[str, str]:
    """``Title. Aviat. Space Environ`` + ``Med`` -> the journal ``Aviat. Space Environ. Med``."""
    pieces = title.split(". ")
    taken: list[str] = []
    while len(pieces) > 1 and _ABBREV_PIECE_RE.match(pieces[-1]):
        taken.insert(0, pieces.pop())
    if not taken:
        return title, journal
    return ". ".join(pieces), ". ".join([*taken, journal])


_ABBREV_PIECE_RE = re.compile(
    r"^(?:[A-Z][A-Za-z]{0,9}|[A-Z]|of|and|&)(?: (?:[A-Z][A-Za-z]{0,9}|of|&)){0,3}$"
)


def read_fields(text: str) -> Fields | None:
    """Read one citation (markup already removed); ``None`` when nothing reads as one."""
    rest, pmid, pmcid, doi, epub = take_ids(text)
    rest = _compact_initials(rest)
    found: Fields | None = None
    parts = citation_parts(rest) if rest else None
    if parts is not None and parts[3] and parts[4] and (parts[0] or parts[6] or parts[8]):
        found = (*parts[:13], "nlm")
    if found is None:
        found = _author_year(rest) or _source_year(rest) or _loose(rest)
        if found is None and parts is not None:
            found = (*parts[:13], "nlm")
    if found is None:
        if not (pmid or pmcid or doi):
            return None
        found = ((), False, "", "", "", "", "", "", "", "", "", "", "", "ids")
    (authors, et_al, title, journal, year, month, volume, issue, pages, _, _, _, ep,
     rule) = found  # fmt: skip
    authors = tuple(a for a in authors if a.last.strip() or a.collective.strip())
    if title and journal and len(journal) < 40:
        title, journal = _extend_journal(title, journal)
    if not authors and rule in ("nlm", "source-year"):  # "Javed, A., Agrawal, S. & Ng, P. C."
        named, named_et_al = first_author_of(rest.split(". ", 1)[0])
        if named and named[0].initials:
            authors, et_al = named, named_et_al
    return (authors, et_al, title, journal, year, month, volume, issue, pages, doi, pmid, pmcid,
            epub or ep, rule)  # fmt: skip
