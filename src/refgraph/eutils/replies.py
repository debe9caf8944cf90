"""Pure parsing of E-utilities replies (efetch, esummary, elink, ecitmatch, esearch).

NCBI answers many failures with HTTP 200: an empty body, a prolog with no root element, a
truncated stream, an HTML page, or an ``<ERROR>`` element such as "Search Backend failed".
:func:`check_xml` and :func:`check_json` sort such bodies into

- :class:`RetryableReply` (an :class:`~refgraph.errors.EutilsResponseError`): transient,
  the client should try again;
- :class:`~refgraph.errors.EutilsResponseError`: a real error (bad database, hostile XML).

Nothing here does I/O; every function takes the reply bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from refgraph.errors import EutilsResponseError
from refgraph.pubmed.safexml import declares_entity, safe_parser
from refgraph.pubmed.split import ParsedArticle, UnreadableRecord, read_articles, root_name

__all__ = [
    "RETRYABLE_MARKERS",
    "CitationLine",
    "RetryableReply",
    "check_json",
    "check_xml",
    "error_text",
    "is_retryable_message",
    "parse_ecitmatch",
    "parse_efetch",
    "parse_elink_json",
    "parse_elink_xml",
    "parse_esearch",
    "parse_esummary",
]

#: Substrings of ``<ERROR>`` texts that mark a transient NCBI backend failure.
RETRYABLE_MARKERS = (
    "backend failed",
    "timeout",
    "proxy_stream",
    "c++ exception",
    "unable to open connection",
    "exlinksrv",
    "failed to connect",
    "error forwarding request",
    "temporarily unavailable",
    "unknown error",
)

_PROLOG_RE = re.compile(
    rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?(?:<!--.*?-->\s*)*$", re.S
)
_HTML_RE = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE\s+html|<html|<head|<body)", re.I)


class RetryableReply(EutilsResponseError):
    """A reply that NCBI sends when it is briefly unwell; the same request usually succeeds."""


def is_retryable_message(text: str) -> bool:
    """Return whether an NCBI error text names a transient failure.

    >>> is_retryable_message("Search Backend failed: Database is not supported: pubmed")
    True
    >>> is_retryable_message("Invalid db name specified: fleegle")
    False
    """
    low = text.lower()
    return any(marker in low for marker in RETRYABLE_MARKERS)


def _raise_for_error(message: str, what: str) -> None:
    text = " ".join(message.split()) or "(empty)"
    if is_retryable_message(text):
        raise RetryableReply(f"{what}: NCBI reported a transient error: {text}")
    raise EutilsResponseError(f"{what}: NCBI reported an error: {text}")


def check_body(body: bytes, what: str) -> None:
    """Raise :class:`RetryableReply` for an empty, prolog-only or HTML body."""
    if not body or body.isspace():  # (``strip()`` would copy a 3 MB reply to look at it)
        raise RetryableReply(f"{what}: empty reply")
    head = body[:2048]
    if _HTML_RE.match(head):
        raise RetryableReply(f"{what}: an HTML page instead of data (NCBI outage or throttling)")
    if len(body) < 4096 and _PROLOG_RE.match(body):
        raise RetryableReply(f"{what}: reply has an XML prolog but no content")


def check_xml(body: bytes, what: str = "reply") -> etree._Element:
    """Parse an XML reply safely and return its root element.

    Raises:
        RetryableReply: empty, prolog-only, HTML, truncated/not well-formed, or an
            ``<ERROR>`` with a transient text.
        EutilsResponseError: an ``<ERROR>`` with any other text, or entity declarations
            (billion laughs, external entities), which are never expanded.
    """
    check_body(body, what)
    if declares_entity(body):
        raise EutilsResponseError(
            f"{what}: reply declares XML entities (possible entity-expansion attack); refused"
        )
    try:
        root = etree.fromstring(body, safe_parser(remove_comments=True))
    except etree.XMLSyntaxError as exc:
        raise RetryableReply(f"{what}: reply is not well-formed XML ({exc})") from None
    if root is None:
        raise RetryableReply(f"{what}: reply has no root element")
    if root.tag.lower() in ("html", "head", "body"):
        raise RetryableReply(f"{what}: an HTML page instead of data")
    errors = list(root.iter("ERROR"))
    # An eSearchResult's ErrorList (PhraseNotFound ...) is not fatal, only <ERROR> is.
    for el in errors:
        _raise_for_error("".join(el.itertext()), what)
    return root


def check_json(body: bytes, what: str = "reply") -> Any:
    """Parse a JSON reply; an HTML/empty/truncated body or an error object raises."""
    check_body(body, what)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        if body.lstrip().startswith(b"<"):
            check_xml(body, what)  # an XML <ERROR> body in place of JSON
        raise RetryableReply(f"{what}: reply is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise EutilsResponseError(f"{what}: unexpected JSON reply (not an object)")
    if isinstance(data.get("error"), str):
        _raise_for_error(data["error"], what)
    return data


def error_text(body: bytes) -> str:
    """Return the text of the first ``<ERROR>`` (or JSON ``error``) in a body, or ``""``."""
    match = re.search(rb"<ERROR>(.*?)</ERROR>", body, re.S)
    if match:
        return " ".join(match.group(1).decode("utf-8", "replace").split())
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return ""
    return str(data.get("error", "")) if isinstance(data, dict) else ""


def parse_efetch(body: bytes) -> list[ParsedArticle]:
    """Split an efetch ``PubmedArticleSet`` into records with the XML parser, in order.

    Comments and CDATA are never records (a ``<PubmedArticle>`` inside one cannot poison the
    cache); a namespace prefix on the root is accepted, a record element in a namespace or
    without a PMID is not (the reply is retried, the record never stored). Raises
    :class:`RetryableReply` for an empty, prolog-only, HTML, truncated or odd reply and a
    transient ``<ERROR>``; :class:`~refgraph.errors.EutilsResponseError` for any other
    ``<ERROR>`` and for entity declarations.
    """
    check_body(body, "efetch")
    if declares_entity(body):
        raise EutilsResponseError(
            "efetch: reply declares XML entities (possible entity-expansion attack); refused"
        )
    try:
        root = etree.fromstring(body, safe_parser(remove_comments=True))
    except etree.XMLSyntaxError as exc:
        raise RetryableReply(f"efetch: reply is not well-formed XML ({exc})") from None
    if root is None:
        raise RetryableReply("efetch: reply has no root element")
    name = root_name(root)
    if name != "PubmedArticleSet":
        for el in root.iter("ERROR"):
            _raise_for_error("".join(el.itertext()), "efetch")
        raise RetryableReply(f"efetch: reply is not a PubmedArticleSet (root <{name}>)")
    error = root.find("ERROR")
    if error is not None:
        _raise_for_error("".join(error.itertext()), "efetch")
    try:
        return read_articles(root)
    except UnreadableRecord as exc:
        raise RetryableReply(f"efetch: {exc}") from None


def parse_esummary(body: bytes) -> dict[str, dict[str, Any]]:
    """Return esummary v2.0 JSON document summaries by uid, leaving out per-uid errors.

    A top-level ``error`` (the 500-uid cap) or ``esummaryresult`` message raises
    :class:`EutilsResponseError` (retryable when transient).
    """
    data = check_json(body, "esummary")
    if "esummaryresult" in data:
        messages = data["esummaryresult"]
        text = "; ".join(map(str, messages)) if isinstance(messages, list) else str(messages)
        _raise_for_error(text, "esummary")
    result = data.get("result")
    if not isinstance(result, dict):
        raise RetryableReply("esummary: reply has no result")
    uids = result.get("uids", [])
    out: dict[str, dict[str, Any]] = {}
    for uid in uids if isinstance(uids, list) else []:
        doc = result.get(str(uid))
        if isinstance(doc, dict) and "error" not in doc:
            out[str(uid)] = doc
    return out


def parse_elink_xml(body: bytes, linkname: str) -> dict[str, tuple[str, ...]]:
    """Return ``{input id: linked ids}`` from an eLinkResult with one LinkSet per id.

    A LinkSet with no matching ``LinkSetDb`` gives an empty tuple. A merged LinkSet
    (several ids in one IdList, from a comma list) is refused: links could not be
    attributed to an input.
    """
    root = check_xml(body, "elink")
    if root.tag != "eLinkResult":
        raise RetryableReply(f"elink: unexpected root element <{root.tag}>")
    out: dict[str, tuple[str, ...]] = {}
    for linkset in root.iterfind("LinkSet"):
        ids = [(el.text or "").strip() for el in linkset.iterfind("IdList/Id")]
        if len(ids) != 1:
            raise EutilsResponseError(
                f"elink: a LinkSet holds {len(ids)} ids; expected one per id= parameter"
            )
        links: list[str] = []
        for db in linkset.iterfind("LinkSetDb"):
            if (db.findtext("LinkName") or "").strip() == linkname:
                links.extend((el.text or "").strip() for el in db.iterfind("Link/Id"))
        out[ids[0]] = _merge(out.get(ids[0], ()), links)
    return out


def parse_elink_json(body: bytes, linkname: str) -> dict[str, tuple[str, ...]]:
    """Return ``{input id: linked ids}`` from an elink JSON reply (``linksets``)."""
    data = check_json(body, "elink")
    if "ERROR" in data:
        _raise_for_error(str(data["ERROR"]), "elink")
    out: dict[str, tuple[str, ...]] = {}
    for linkset in data.get("linksets", []) or []:
        ids = [str(i) for i in linkset.get("ids", [])]
        if len(ids) != 1:
            raise EutilsResponseError(
                f"elink: a linkset holds {len(ids)} ids; expected one per id= parameter"
            )
        links: list[str] = []
        for db in linkset.get("linksetdbs", []) or []:
            if db.get("linkname") == linkname:
                for link in db.get("links", []) or []:
                    links.append(str(link["id"]) if isinstance(link, Mapping) else str(link))
        out[ids[0]] = _merge(out.get(ids[0], ()), links)
    return out


def _merge(old: tuple[str, ...], new: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*old, *(i for i in new if i.isdigit() and i != "0")]))


@dataclass(frozen=True, slots=True)
class CitationLine:
    """One ECitMatch reply line, reduced to the key and the outcome (the last field)."""

    key: str
    status: str  # "found" | "not_found" | "ambiguous"
    pmid: str = ""
    candidates: tuple[str, ...] = ()


_AMBIGUOUS_IDS_RE = re.compile(r"^AMBIGUOUS\s+(\d+(?:\s*,\s*\d+)*)\s*$", re.I)


def parse_ecitmatch(body: bytes) -> dict[str, CitationLine]:
    """Read an ECitMatch text reply into ``{key: CitationLine}``.

    Each line is the echoed input with the outcome appended: the key is the field before
    the last one and the outcome is the last field. Echoed journal/author fields are never
    used (NCBI sometimes drops some of them). A line whose outcome is not a PMID,
    ``NOT_FOUND...`` or ``AMBIGUOUS...`` is left out (no answer, not "not found").

    An empty, prolog-only, XML or HTML body, or one whose last line is cut off (every line
    ends with a newline), raises :class:`RetryableReply`: such a reply must never be read
    as "no match".

    >>> parse_ecitmatch(b"science|1987|235|182|palmenberg ac|Art2|3026048\\n")["Art2"].pmid
    '3026048'
    """
    check_body(body, "ecitmatch")
    if body.lstrip().startswith(b"<"):
        check_xml(body, "ecitmatch")  # an <ERROR>; or raises for HTML / broken XML
        raise RetryableReply("ecitmatch: an XML reply instead of the text lines")
    if not body.endswith((b"\n", b"\r")):
        raise RetryableReply("ecitmatch: reply cut off inside a line")
    text = body.decode("utf-8", "replace")
    out: dict[str, CitationLine] = {}
    for raw in text.replace("\r", "\n").split("\n"):
        fields = raw.strip().split("|")
        if len(fields) < 2:
            continue
        key, outcome = fields[-2].strip(), fields[-1].strip()
        answer = _citation_outcome(key, outcome) if key else None
        if answer is not None:
            out[key] = answer
    return out


def _citation_outcome(key: str, outcome: str) -> CitationLine | None:
    if outcome.isdigit() and outcome.strip("0"):
        return CitationLine(key, "found", pmid=outcome)
    upper = outcome.upper()
    if upper.startswith("AMBIGUOUS"):
        m = _AMBIGUOUS_IDS_RE.match(outcome)
        ids = tuple(i.strip() for i in m.group(1).split(",")) if m else ()
        return CitationLine(key, "ambiguous", candidates=ids)
    if upper.startswith("NOT_FOUND"):
        return CitationLine(key, "not_found")
    return None


def parse_esearch(body: bytes) -> tuple[str, ...]:
    """Return the ids of an esearch reply (XML or JSON); an ``<ERROR>`` raises."""
    if body.lstrip().startswith(b"{"):
        data = check_json(body, "esearch")
        result = data.get("esearchresult")
        if not isinstance(result, dict):
            raise RetryableReply("esearch: reply has no esearchresult")
        if "ERROR" in result:
            _raise_for_error(str(result["ERROR"]), "esearch")
        return tuple(str(i) for i in result.get("idlist", []))
    root = check_xml(body, "esearch")
    if root.tag != "eSearchResult":
        raise RetryableReply(f"esearch: unexpected root element <{root.tag}>")
    return tuple((el.text or "").strip() for el in root.iterfind("IdList/Id"))
