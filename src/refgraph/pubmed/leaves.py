"""The leaves of a PubMed record's XML: text, dates, authors, identifiers (pure).

Helpers of :mod:`refgraph.pubmed.element`, which walks the record and calls these on the
elements it meets. Each reads the direct children of one element (no XPath per field); the
walks have the same shape (a loop over the children, dispatching on the tag) because each
element has its own children, not because one piece of logic is written twice.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from refgraph.fastmodel import author_of
from refgraph.ids import trial_ids_in
from refgraph.model import Author, CommentCorrection
from refgraph.text import squash

__all__ = [
    "TRIAL_REGISTRIES",
    "abstract_lines",
    "article_ids",
    "author_list",
    "comment_correction",
    "date_parts",
    "leaf_text",
    "mesh_heading",
    "reference_pmids",
    "text_of",
    "trial_ids",
]

Element = Any  # lxml.etree._Element

_REFERENCE_PMIDS = etree.XPath(
    ".//Reference/ArticleIdList/ArticleId[@IdType='pubmed']/text()", smart_strings=False
)
# A gate only (trial_ids_in does the matching): a registry prefix, or what any EudraCT
# number ``\d{4}-\d{6}-\d{2}`` contains, ``-\d{6}-\d\d`` (not ``\d{4}``, tried at every
# position of a long abstract). One search for all of them: a third less CPU than seven
# substring scans and a search.
_TRIAL_HINT = re.compile(r"NCT|ISRCTN|ACTRN|ChiCTR|DRKS|UMIN|JPRN|-\d{6}-\d\d")
#: Author child tag -> position in ``Author(last, first, initials, suffix, collective)``.
_AUTHOR_PARTS = {"LastName": 0, "ForeName": 1, "Initials": 2, "Suffix": 3, "CollectiveName": 4}

#: DataBankName values that are clinical-trial registries.
TRIAL_REGISTRIES = frozenset(
    {
        "ClinicalTrials.gov", "ISRCTN", "EudraCT", "ANZCTR", "ChiCTR", "CRiS", "CTRI",
        "DRKS", "IRCT", "JPRN", "NTR", "PACTR", "ReBec", "RPCEC", "SLCTR", "TCTR",
        "UMIN-CTR", "ReBEC", "EU-CTR", "CTIS",
    }
)  # fmt: skip


def text_of(el: Element) -> str:
    """Full text content of ``el`` (inline markup flattened), whitespace normalised."""
    if el is None:
        return ""
    text = "".join(el.itertext()) if len(el) else el.text
    return squash(text) if text else ""


def leaf_text(el: Element) -> str:
    """The stripped ``.text`` of an element without children."""
    text = el.text
    return text.strip() if text else ""


def date_parts(el: Element) -> dict[str, str]:
    """A date element's parts by tag (``Year``, ``Month``, ``Day``, ``MedlineDate`` ...)."""
    out: dict[str, str] = {}
    for child in el:
        out[child.tag] = leaf_text(child)
    return out


def author_list(el: Element) -> tuple[tuple[Author, ...], bool]:
    """Authors of an AuthorList (ValidYN="N" and nameless ones dropped), CompleteYN."""
    found: list[Author] = []
    parts_of = _AUTHOR_PARTS.get
    for author in el.iterchildren("Author"):
        if author.get("ValidYN") == "N":
            continue
        parts = ["", "", "", "", ""]
        for child in author:  # (iterchildren(*tags) is slower: it builds a matcher per call)
            i = parts_of(child.tag)
            if i is not None:
                text = "".join(child.itertext()) if len(child) else child.text
                parts[i] = squash(text) if text else ""
        if parts[0] or parts[4]:
            found.append(author_of(parts))  # Author(*parts), without the frozen __init__
    return tuple(found), el.get("CompleteYN") != "N"


def abstract_lines(el: Element, parts: list[str]) -> None:
    """Append each ``AbstractText`` of an ``Abstract`` to ``parts`` (``LABEL: text``)."""
    for child in el:
        if child.tag == "AbstractText":
            text = text_of(child)
            if text:
                label = (child.get("Label") or "").strip()
                parts.append(f"{label}: {text}" if label else text)


def article_ids(el: Element, ids: dict[str, str]) -> None:
    """Fill ``ids`` (type -> first value) from an ``ArticleIdList``."""
    for child in el:
        if child.tag == "ArticleId":
            kind = child.get("IdType") or ""
            if kind and kind not in ids:
                value = leaf_text(child)
                if value:
                    ids[kind] = value


def reference_pmids(el: Element, out: list[str]) -> None:
    """PMIDs of a ReferenceList (nested lists included); sentinels such as
    ``NOT_FOUND;INVALID_JOURNAL`` are skipped."""
    for value in _REFERENCE_PMIDS(el):
        value = value.strip()
        if value.isdecimal():  # the same characters as ``\d`` (Unicode Nd), no regex
            out.append(value)


def trial_ids(text: str) -> tuple[str, ...]:
    """:func:`refgraph.ids.trial_ids_in`, skipped (it is slow on long abstracts) when no
    registry prefix or EudraCT-shaped number can be in ``text``."""
    if _TRIAL_HINT.search(text):
        return trial_ids_in(text)
    return ()


# one branch per child tag, as the walks in pubmed/element.py (same shape, its own tags)
def comment_correction(el: Element) -> CommentCorrection:
    """One ``CommentsCorrections`` element."""
    pmid = source = note = ""
    for child in el:
        if child.tag == "PMID":
            pmid = leaf_text(child)
        elif child.tag == "RefSource":
            source = text_of(child)
        elif child.tag == "Note":
            note = text_of(child)
    return CommentCorrection(ref_type=el.get("RefType") or "", pmid=pmid, source=source, note=note)


def mesh_heading(el: Element) -> str:
    """One ``MeshHeading``: ``Descriptor/Qualifier/...``."""
    parts = []
    for child in el:
        tag = child.tag
        if tag == "DescriptorName" or tag == "QualifierName":
            text = text_of(child)
            if text:
                parts.append(text)
    return "/".join(parts)
