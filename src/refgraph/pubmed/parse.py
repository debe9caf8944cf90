"""PubMed XML (efetch ``db=pubmed&retmode=xml``) -> records (pure).

- :func:`parse_pubmed_xml`: a ``PubmedArticleSet`` (or one ``PubmedArticle`` /
  ``PubmedBookArticle`` element) -> :class:`~refgraph.model.PubmedRecord` tuple.
- :func:`iter_article_xml`: split a set into ``(pmid, raw bytes)`` per record; each slice is
  byte-identical to the input (the cache stores them, the fake server serves them).
- :func:`wrap_articles`: raw records -> a complete reply with NCBI's current prolog.

The codec's other directions live beside this module: :mod:`refgraph.pubmed.write`
(record -> XML), :mod:`refgraph.pubmed.reference` (record -> Reference) and
:mod:`refgraph.pubmed.record_json` (record <-> the compact JSON form the record cache keeps
under :data:`RECORD_JSON_VERSION`).

Safety (:mod:`refgraph.pubmed.safexml`): lxml runs with entity resolution, DTD loading and
network access off, and any document that declares entities (billion laughs, external
entities / XXE) is refused with :class:`~refgraph.errors.EutilsResponseError` before it is
parsed. Field-level decisions are listed in :mod:`refgraph.pubmed.element`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator

from lxml import etree

from refgraph.errors import EutilsResponseError
from refgraph.model import PubmedRecord
from refgraph.pubmed.element import record_from_element
from refgraph.pubmed.record_json import FORMAT_FINGERPRINT
from refgraph.pubmed.safexml import declares_entity, iterparse, safe_parser

__all__ = [
    "PARSER_VERSION",
    "PUBMED_DOCTYPE",
    "RECORD_JSON_VERSION",
    "iter_article_xml",
    "parse_pubmed_xml",
    "wrap_articles",
]

#: Bump whenever :func:`parse_pubmed_xml` may give a different record for the same XML
#: (a field read differently, a new field filled; also a change to ``refgraph.ids`` helpers
#: it uses): cached parsed records of older versions are then parsed again from their raw
#: XML. ``tests/pubmed/test_record_json.py`` holds a digest of the parser source to remind you.
PARSER_VERSION = 4  # 3: pages and months through refgraph.text; 4: spaced dash runs in pages

#: The version stored with each cached parsed record: parser version + record shape.
RECORD_JSON_VERSION = f"{PARSER_VERSION}.{FORMAT_FINGERPRINT}"

#: The DOCTYPE line NCBI's efetch sends today (DTD of 1 January 2025).
PUBMED_DOCTYPE = (
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">'
)
_PROLOG = b'<?xml version="1.0" ?>\n' + PUBMED_DOCTYPE.encode("ascii") + b"\n<PubmedArticleSet>\n"
_ARTICLE_TAGS = ("PubmedArticle", "PubmedBookArticle")
_ARTICLE_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle)[\s>]")
_PMID_XPATH = etree.XPath(
    "/*/PubmedArticle/MedlineCitation/PMID | /*/PubmedBookArticle/BookDocument/PMID"
    " | /PubmedArticle/MedlineCitation/PMID | /PubmedBookArticle/BookDocument/PMID"
)


def _where(source: str) -> str:
    return f"{source}: " if source else ""


def _as_bytes(data: bytes | str) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    return bytes(data)


def _check_safe(data: bytes, source: str) -> None:
    """Refuse empty input and any entity declaration (internal subset or parameter entity)."""
    if not data.strip():
        raise EutilsResponseError(f"{_where(source)}empty reply: no XML")
    if declares_entity(data):
        raise EutilsResponseError(f"{_where(source)}XML declares entities; refusing to parse")


def _error_text(root: etree._Element) -> str | None:
    """Return the text of an NCBI ``<ERROR>`` reply (``<eFetchResult><ERROR>``), if it is one."""
    if root.tag == "ERROR":
        return " ".join("".join(root.itertext()).split()) or "ERROR"
    for child in root:
        if child.tag == "ERROR":
            return " ".join("".join(child.itertext()).split()) or "ERROR"
    return None


def _syntax_error(exc: etree.XMLSyntaxError, source: str) -> EutilsResponseError:
    message = str(exc.msg if getattr(exc, "msg", None) else exc)
    return EutilsResponseError(f"{_where(source)}malformed PubMed XML: {message}")


def _check_root(root: etree._Element, source: str) -> None:
    error = _error_text(root)
    if error is not None:
        raise EutilsResponseError(f"{_where(source)}NCBI returned an error: {error}")
    if root.tag not in ("PubmedArticleSet", *_ARTICLE_TAGS):
        raise EutilsResponseError(
            f"{_where(source)}not a PubMed reply: root element is <{root.tag}>,"
            " expected <PubmedArticleSet>"
        )


def parse_pubmed_xml(data: bytes | str, source: str = "") -> tuple[PubmedRecord, ...]:
    """Parse an efetch PubMed XML reply into records, in document order.

    ``source`` names the reply in error messages. Raises
    :class:`~refgraph.errors.EutilsResponseError` for malformed XML, an ``<ERROR>`` body,
    a document that is not PubMed XML, or one that declares entities.
    """
    raw = _as_bytes(data)
    _check_safe(raw, source)
    records: list[PubmedRecord] = []
    events = iterparse(io.BytesIO(raw), _ARTICLE_TAGS)
    try:
        for _, el in events:
            records.append(record_from_element(el))
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, source) from None
    root = events.root
    if root is None:
        raise EutilsResponseError(f"{_where(source)}malformed PubMed XML: no root element")
    _check_root(root, source)
    return tuple(records)


def _parse_tree(raw: bytes, source: str) -> etree._Element:
    _check_safe(raw, source)
    try:
        root = etree.fromstring(raw, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, source) from None
    _check_root(root, source)
    return root


def _article_end(data: bytes, tag: bytes, start: int) -> int:
    close = b"</" + tag + b">"
    end = data.find(close, start)
    return -1 if end < 0 else end + len(close)


def iter_article_xml(data: bytes, source: str = "") -> Iterator[tuple[str, bytes]]:
    """Split a ``PubmedArticleSet`` into ``(pmid, raw record bytes)``, in document order.

    Each slice is the byte-identical ``<PubmedArticle>...</PubmedArticle>`` (or book) element
    of the input. The whole input is checked first (same rules as :func:`parse_pubmed_xml`),
    so errors are raised by this call, not halfway through the iteration.
    """
    raw = _as_bytes(data)
    root = _parse_tree(raw, source)
    pmids = [(el.text or "").strip() for el in _PMID_XPATH(root)]
    slices: list[tuple[str, bytes]] = []
    position = 0
    for pmid in pmids:
        m = _ARTICLE_START.search(raw, position)
        end = -1 if m is None else _article_end(raw, m.group(1), m.end())
        if m is None or end < 0:
            raise EutilsResponseError(f"{_where(source)}cannot split the PubMed reply at {pmid}")
        chunk = raw[m.start() : end]
        if f">{pmid}</PMID>".encode() not in chunk:
            raise EutilsResponseError(f"{_where(source)}cannot split the PubMed reply at {pmid}")
        slices.append((pmid, chunk))
        position = end
    if _ARTICLE_START.search(raw, position):
        raise EutilsResponseError(f"{_where(source)}a PubMed record has no PMID")
    return iter(slices)


def wrap_articles(articles: Iterable[bytes]) -> bytes:
    """Return a complete efetch reply (NCBI's current prolog) holding ``articles``."""
    body = b"\n".join(articles)
    return _PROLOG + body + (b"\n" if body else b"") + b"</PubmedArticleSet>"
