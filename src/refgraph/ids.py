"""Identifier parsing and normalisation: PMID, DOI, PMCID, trial registry numbers (pure)."""

from __future__ import annotations

import re

__all__ = [
    "NCT_RE",
    "TRIAL_ID_RE",
    "normalize_doi",
    "normalize_pmcid",
    "normalize_pmid",
    "pmcid_in_url",
    "pmid_in_text",
    "pmid_in_url",
    "trial_ids_in",
    "unread_ids",
]

_PMID_RE = re.compile(r"^\s*(?:pmid\s*:?\s*)?0*([1-9]\d{0,9})\s*$", re.IGNORECASE)
_DOI_RE = re.compile(r"(10\.\d{4,9}/\S+)")
_PMCID_RE = re.compile(
    r"^\s*(?:pmc\s*(?:id)?\s*:?\s*)?(?:PMC)?\s*(\d{1,9})\s*;?\s*$", re.IGNORECASE
)

_PUBMED_URL_RE = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/|europepmc\.org/"
    r"(?:abstract|article)/MED/)(\d{1,10})(?!\d)",
    re.IGNORECASE,
)
_PMID_LABELLED_RE = re.compile(r"\bPMID\s*:?\s*(\d{1,10})\b", re.IGNORECASE)
_PMC_URL_RE = re.compile(r"/(?:pmc/)?articles/(PMC\d{1,10})(?!\d)", re.IGNORECASE)

#: ClinicalTrials.gov identifiers.
NCT_RE = re.compile(r"\bNCT\s?(\d{8})\b")
#: Registry numbers refgraph recognises in free text (ClinicalTrials.gov, ISRCTN, EudraCT,
#: ANZCTR, ChiCTR, DRKS, JPRN/UMIN).
TRIAL_ID_RE = re.compile(
    r"\b(NCT\d{8}|ISRCTN\d{8}|\d{4}-\d{6}-\d{2}|ACTRN\d{14}|ChiCTR[-\w]{6,20}\d|DRKS\d{8}"
    r"|UMIN\d{9}|JPRN-\w+\d+)\b"
)


def normalize_pmid(value: str) -> str | None:
    """Return the canonical PMID (digits, no leading zeros) or ``None`` when not a PMID.

    >>> normalize_pmid(" PMID: 27292104 ")
    '27292104'
    >>> normalize_pmid("0") is None, normalize_pmid("12a") is None
    (True, True)
    """
    m = _PMID_RE.match(value or "")
    return m.group(1) if m else None


def pmid_in_url(url: str) -> str:
    """The PMID a PubMed (or Europe PMC) address names, or ``""``.

    >>> pmid_in_url("https://pubmed.ncbi.nlm.nih.gov/27292104/")
    '27292104'
    >>> pmid_in_url("http://www.ncbi.nlm.nih.gov/pubmed/?term=x"), pmid_in_url("")
    ('', '')
    """
    m = _PUBMED_URL_RE.search(url or "")
    return (normalize_pmid(m.group(1)) or "") if m else ""


def pmid_in_text(text: str) -> str:
    """The PMID a ``PMID: n`` (or ``PMID n``) in ``text`` names, or ``""``.

    >>> pmid_in_text("Times cited: 3; PMID: 027292104."), pmid_in_text("PMIDs")
    ('27292104', '')
    """
    m = _PMID_LABELLED_RE.search(text or "")
    return (normalize_pmid(m.group(1)) or "") if m else ""


def pmcid_in_url(url: str) -> str:
    """The PMCID a PubMed Central address names (``.../pmc/articles/PMC5594743/``), or ``""``.

    >>> pmcid_in_url("https://www.ncbi.nlm.nih.gov/pmc/articles/pmc5594743/")
    'PMC5594743'
    """
    m = _PMC_URL_RE.search(url or "")
    return m.group(1).upper() if m else ""


def normalize_doi(value: str) -> str:
    """Return the DOI in canonical form (no resolver prefix, no trailing dot), or ``""``.

    >>> normalize_doi("https://doi.org/10.1056/NEJMoa1509277.")
    '10.1056/NEJMoa1509277'
    """
    if value and ("\u2010" in value or "\u2011" in value):  # a typesetter's hyphens
        value = value.replace("\u2010", "-").replace("\u2011", "-")
    if value and "%2" in value:  # from a link: "10.1056%2FNEJMoa1411087"
        value = re.sub(r"%(2[0-9A-F])", lambda m: chr(int(m.group(1), 16)), value, flags=re.I)
    m = _DOI_RE.search(value or "")
    if not m:
        return ""
    doi = _trim_doi(m.group(1))
    return doi if doi.partition("/")[2] else ""  # "10.1000/." has no suffix: not a DOI


_OPENER = {")": "(", "]": "[", "}": "{"}


def _trim_doi(doi: str) -> str:
    """Drop the sentence punctuation after a DOI and any closing bracket it did not open.

    A DOI may end in a bracket it opened itself (``10.1130/2010.2465(22)``), never in one
    the sentence around it opened (``(doi:10.1017/aog.2016.20)``).

    >>> _trim_doi("10.1130/2010.2465(22)."), _trim_doi("10.1017/aog.2016.20)")
    ('10.1130/2010.2465(22)', '10.1017/aog.2016.20')
    """
    while doi:
        last = doi[-1]
        unopened = last in _OPENER and doi.count(last) > doi.count(_OPENER[last])
        if last not in ".,;" and not unopened:
            break
        doi = doi[:-1]
    return doi


def normalize_pmcid(value: str) -> str:
    """Return ``PMC<digits>`` or ``""``.

    >>> normalize_pmcid("pmc-id: PMC12240957;")
    'PMC12240957'
    >>> normalize_pmcid("5123456")
    'PMC5123456'
    """
    text = (value or "").replace("pmc-id:", "").strip()
    m = _PMCID_RE.match(text)
    return f"PMC{m.group(1)}" if m else ""


def unread_ids(doi: str, pmcid: str) -> list[tuple[str, str]]:
    """``("doi", doi)`` and ``("pmcid", pmcid)`` for each given value that is not one: what
    a reader keeps as an extra field, as written, so it is never dropped (the BibTeX reader
    leaves such a field among the entry's other fields).

    >>> unread_ids("10.1000/.", "PMC123"), unread_ids("", "n/a")
    ([('doi', '10.1000/.')], [('pmcid', 'n/a')])
    """
    return [(name, value) for name, value, ok in (
        ("doi", doi, normalize_doi(doi)), ("pmcid", pmcid, normalize_pmcid(pmcid))
    ) if value and not ok]  # fmt: skip


def trial_ids_in(text: str) -> tuple[str, ...]:
    """Return registry numbers found in ``text``, first occurrences in order.

    >>> trial_ids_in("INO-VATE (NCT01564784); see also NCT 01564784 and ISRCTN12345678")
    ('NCT01564784', 'ISRCTN12345678')
    """
    found = [m.group(1).replace(" ", "") for m in TRIAL_ID_RE.finditer(text or "")]
    found += ["NCT" + m.group(1) for m in NCT_RE.finditer(text or "")]
    return tuple(dict.fromkeys(found))
