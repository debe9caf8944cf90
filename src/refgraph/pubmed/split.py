"""Split parsed PubMed XML into records, each read once: PMID, its XML, its ``PubmedRecord``.

The record cache stores what :func:`read_articles` returns, so a record is validated when it
is stored: it was found by the XML parser (a comment or CDATA section that holds
``<PubmedArticle>`` text is not an element, and is never mistaken for one), it is in no
namespace (PubMed's elements never are), and it has a PMID. The XML kept is the element
as lxml serialises it (ASCII with character references, as NCBI sends it today), which
parses back to the same record.

Callers parse the document themselves with :func:`refgraph.pubmed.safexml.safe_parser`
(entities refused first), because what a broken document means depends on where it came
from: a reply to retry, or a snapshot file to report.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from refgraph.ids import normalize_pmid
from refgraph.model import PubmedRecord
from refgraph.pubmed.element import record_from_element

__all__ = ["ARTICLE_TAGS", "ParsedArticle", "UnreadableRecord", "read_articles", "root_name"]

#: The record elements of a ``PubmedArticleSet``.
ARTICLE_TAGS = frozenset({"PubmedArticle", "PubmedBookArticle"})


class UnreadableRecord(ValueError):
    """A record element that cannot be stored: namespaced, without a PMID, or unreadable."""


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """One record as read from XML: its PMID, its element's XML and the parsed record."""

    pmid: str
    xml: bytes
    record: PubmedRecord


def root_name(root: etree._Element) -> str:
    """The local name of an element (a namespace prefix on a reply's root changes nothing).

    >>> root_name(etree.fromstring(b'<n:PubmedArticleSet xmlns:n="urn:x"/>'))
    'PubmedArticleSet'
    """
    return str(etree.QName(root).localname)


def _article(el: etree._Element) -> ParsedArticle:
    try:
        record = record_from_element(el)
    except (ValueError, TypeError, AttributeError) as exc:
        raise UnreadableRecord(f"a <{el.tag}> element cannot be read ({exc})") from None
    pmid = record.pmid
    if not pmid or normalize_pmid(pmid) != pmid:
        raise UnreadableRecord(f"a <{el.tag}> element has no usable PMID ({pmid[:20]!r})")
    if el.nsmap:  # drop namespace declarations inherited from an odd root
        el = _without_namespaces(el)
    return ParsedArticle(pmid, etree.tostring(el, with_tail=False), record)


def _without_namespaces(el: etree._Element) -> etree._Element:
    copy = etree.fromstring(etree.tostring(el, with_tail=False))
    etree.cleanup_namespaces(copy)
    return copy


def read_articles(root: etree._Element) -> list[ParsedArticle]:
    """Return the records of a ``PubmedArticleSet`` root (or of one article element).

    Other children (``DeleteCitation``, text) are left out. Raises
    :class:`UnreadableRecord` for a record element in a namespace, without a PMID, or that
    cannot be read, so that no such record is ever stored.
    """
    if not isinstance(root.tag, str):
        return []
    if root.tag in ARTICLE_TAGS:
        return [_article(root)]
    out: list[ParsedArticle] = []
    for el in root:
        tag = el.tag
        if not isinstance(tag, str):  # comments and processing instructions
            continue
        if tag in ARTICLE_TAGS:
            out.append(_article(el))
        elif root_name(el) in ARTICLE_TAGS:
            raise UnreadableRecord(f"a record element in namespace {etree.QName(el).namespace}")
    return out
