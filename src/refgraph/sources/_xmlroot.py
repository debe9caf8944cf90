"""The root element of an XML input file, parsed safely (pure): entity declarations refused,
entity expansion and network access off, a syntax error a :class:`ParseError` at its line."""

from __future__ import annotations

from lxml import etree

from refgraph.errors import ParseError, UnreadableInputError
from refgraph.pubmed.safexml import declares_entity, safe_parser

__all__ = ["xml_root"]


def xml_root(text: str, source: str, kind: str) -> etree._Element:
    """The root of ``text``, an XML input read as ``kind`` (``JATS``, ``EndNote``)."""
    data = text.lstrip("\ufeff").encode("utf-8")
    if declares_entity(data):
        raise UnreadableInputError(
            f"{source}: XML declares entities (entity expansion or external entity); refused"
        )
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        message = str(getattr(exc, "msg", None) or exc).split(" (line")[0]
        raise ParseError(f"malformed {kind} XML: {message}", source, exc.lineno or 0) from None
