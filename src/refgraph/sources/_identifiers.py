"""The identifiers of one citation string, taken out before its fields are read (pure).

``PubMed PMID: N``, ``PMID: N``, ``[PubMed: N]``, ``PMCID: PMCn``, ``[PMC free article:
PMCn]``, ``doi: 10.x/y`` (or a ``doi.org`` link), ``Epub 2017 Jul 4.`` and the bare link
labels (``[CrossRef]``, ``[PubMed]``, ``[PMC]`` ...) are cut out of the text, which is
returned with its spaces squeezed (:func:`split_identifiers`). Each pattern is bounded (no
nested quantifiers) and searched from just before the leftmost spelling that can start it,
so a 5 MB line of junk is scanned in linear time.
"""

from __future__ import annotations

import re

from refgraph.ids import normalize_doi

__all__ = ["ANY_ID_RE", "PMID_RE", "extra_pmids", "identifiers", "split_identifiers", "squeeze"]

# The whole digit run, however long: an over-long "PMID" is reported (bad_pmid), never cut.
PMID_RE = re.compile(r"(?:PubMed\s+PMID|PMID|pmid|Pmid|\[\s*PubMed)\s*:?\s*(\d+)\s*\]?\.?")
# after its label, or bare (``PMC5721660``; Wikipedia writes ``PMC 5721660``), but not the
# date of an NIH manuscript's footer ("Author manuscript; available in PMC 2024 June 13.")
_PMCID_RE = re.compile(
    r"(?:\[\s*PMC\s+free\s+article\s*:\s*|PMCID\s*:?\s*"
    r"|(?<![\w/])(?=PMC ?\d{4})(?!PMC (?:19|20)\d\d\s+[A-Z][a-z]{2}))"
    r"PMC ?(\d{1,10})\s*\]?[.;]?",
    re.I,
)
# A DOI after its label, in a resolver link (with or without the scheme), or in a
# publisher's link (``.../doi/full/10.x/y``); a link may percent-encode the slash.
_DOI_RE = re.compile(
    r"(?:\bdoi\s*:\s*|(?:https?://)?(?:dx\.|www\.)?\bdoi\.org/"
    r"|(?:https?://[^\s/]{1,100}(?:/[^\s/]{1,100}){0,3})?/doi/(?:(?:abs|full|pdf|epdf|epub|reader)/)?)"
    r"(10\.\d{4,9}(?:/|%2F)[^\s\]]+)",
    re.I,
)
_EPUB_RE = re.compile(
    r"\bEpub(?:\s+ahead\s+of\s+print)?\s*((?:19|20)\d\d(?:\s+[A-Z][a-z]{2})?(?:\s+\d{1,2})?)?\.?"
)
_LINK_RE = re.compile(r"\[(?:CrossRef|Google Scholar|PubMed|Free full text|PMC)\]", re.I)

#: "Freeman 2002 (PMC3181677)": an identifier in brackets right after another work's author
#: and year, the way a note names the paper it cites ("*(Captured via Freeman 2002
#: (PMC3181677))*"); inside a bracketed remark or after an arrow it is that work's, not ours.
_OTHER_WORK_RE = re.compile(
    r"[A-Z][\w’'/-]{1,40}(?: et al\.?)?,? (?:19|20)\d\d[a-z]? (\((?:PMCID:? ?)?PMC ?\d{1,10}\)"
    r"|\(PMID:? ?\d{1,9}\))"
)

# Where to start looking for each identifier (the leftmost of several spellings).
_PMID_ANCHOR_RE = re.compile("PMID|PubMed|pmid|Pmid")
_PMCID_ANCHOR_RE = re.compile("PMC|pmc")
_DOI_ANCHOR_RE = re.compile("doi|DOI|http")
# Anything else identifiers() would take out (or cut links at).
_RARE_ID_RE = re.compile(r"PMC|pmc|doi|DOI|http|Epub|\[")
#: Either kind: the first hit of this is the first hit of one of the two above.
ANY_ID_RE = re.compile(_PMID_ANCHOR_RE.pattern + "|" + _RARE_ID_RE.pattern)


def _take(
    text: str, pattern: re.Pattern[str], anchor: re.Pattern[str]
) -> tuple[str, re.Match[str] | None]:
    """Search ``pattern`` from just before ``anchor``'s first hit; cut the match out."""
    a = anchor.search(text)
    if a is None:
        return text, None
    m = pattern.search(text, max(0, a.start() - 12))
    if m is None:
        return text, None
    return text[: m.start()] + " " + text[m.end() :], m


def identifiers(text: str) -> tuple[str, str, str, str, str]:
    """Return ``(rest, pmid, pmcid, doi, epub)``; see :func:`split_identifiers`."""
    pmid = pmcid = doi = epub = ""
    if " (PM" in text:
        text = _without_other_works(text)
    text, m = _take(text, PMID_RE, _PMID_ANCHOR_RE)
    if m:
        pmid = m.group(1).lstrip("0")
    if _RARE_ID_RE.search(text) is None:  # the common case: nothing else to take out
        return squeeze(text), pmid, pmcid, doi, epub
    if "PMC" in text or "pmc" in text:
        text, m = _take(text, _PMCID_RE, _PMCID_ANCHOR_RE)
        if m:
            pmcid = "PMC" + m.group(1)
    if "doi" in text or "DOI" in text or "http" in text:
        text, m = _take(text, _DOI_RE, _DOI_ANCHOR_RE)
        if m:
            doi = normalize_doi(m.group(1))
    at = text.find("Epub")
    if at >= 0:
        m = _EPUB_RE.search(text, max(0, at - 12))
        if m:
            text = text[: m.start()] + " " + text[m.end() :]
            epub = m.group(1) or ""
    if "[" in text:
        text = _LINK_RE.sub(" ", text)
    return squeeze(text), pmid, pmcid, doi, epub


def extra_pmids(text: str, pmid: str) -> str:
    """What to report when ``text`` gives PMIDs besides ``pmid`` (the one
    :func:`identifiers` read), else ``""``: one citation has one, so more are citations run
    together (another work's, as :data:`_OTHER_WORK_RE` tells it, does not count).

    >>> extra_pmids("A. B. 2016. PMID: 27292104. C. D. 2017. PMID: 28819740.", "27292104")[:40]
    'PMID 28819740 not read: one citation, re'
    >>> extra_pmids("PMID: 27292104 [PubMed: 27292104]", "27292104")
    ''
    """
    if _PMID_ANCHOR_RE.search(text) is None:
        return ""
    if " (PM" in text:
        text = _without_other_works(text)
    found = (m.group(1).lstrip("0") for m in PMID_RE.finditer(text))
    others = [p for p in dict.fromkeys(found) if p and p != pmid]
    if not others:
        return ""
    return (f"PMID {', '.join(others)} not read: one citation, read with PMID "
            f"{pmid or '(none)'}, gives more (citations run together?): {text}")  # fmt: skip


def _without_other_works(text: str) -> str:
    """``text`` without the identifiers a note gives for other works (:data:`_OTHER_WORK_RE`)."""
    out, at, depth, seen = [], 0, 0, 0  # brackets open before text[seen], counted once
    arrow = text.find("→")
    for m in _OTHER_WORK_RE.finditer(text):
        depth += text.count("(", seen, m.start()) - text.count(")", seen, m.start())
        seen = m.end()
        if depth > 0 or 0 <= arrow < m.start():
            out.append(text[at : m.start(1)])
            at = m.end(1)
    return "".join(out) + text[at:] if out else text


def squeeze(text: str) -> str:
    """Return ``" ".join(text.split())``, without splitting when only the ends need it."""
    stripped = text.strip()
    # every whitespace character but " " is unprintable: only single spaces inside?
    if "  " not in stripped and stripped.isprintable():
        return stripped
    return " ".join(stripped.split())


def split_identifiers(text: str) -> tuple[str, dict[str, str]]:
    """Take the identifiers out of a citation; return the rest and ``{pmid, pmcid, doi, epub}``.

    >>> rest, ids = split_identifiers("Drugs. 2017;77:1603-10. PubMed PMID: 28819740.")
    >>> rest, ids["pmid"]
    ('Drugs. 2017;77:1603-10.', '28819740')
    """
    rest, pmid, pmcid, doi, epub = identifiers(text)
    return rest, {"pmid": pmid, "pmcid": pmcid, "doi": doi, "epub": epub}
