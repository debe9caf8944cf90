"""Cache keys and payloads of the replies refgraph keeps (one per PMID, query or search).

The client stores, and the cache answers offline, with the same keys:

- esummary: one v2.0 document summary (JSON) per PMID;
- elink: the linked PMIDs (a JSON list) per PMID and link name;
- ecitmatch: ``[status, pmid, candidates]`` (JSON) per citation (its fields, not its key);
- esearch: the PMIDs found (a JSON list) per term and ``retmax``.

Keys come from :func:`request_key`, which never includes ``tool``, ``email`` or ``api_key``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from refgraph.cache.db import PRIVATE_PARAMS
from refgraph.pubmed.source import CitationMatch, CitationQuery

__all__ = [
    "citation_fields",
    "decode_citation",
    "ecitmatch_key",
    "elink_key",
    "encode_citation",
    "esearch_key",
    "esummary_key",
    "request_key",
]


def request_key(endpoint: str, params: Mapping[str, str | Iterable[str]]) -> str:
    """Return the canonical cache key of a request: endpoint plus sorted public params.

    >>> request_key("elink.fcgi", {"id": ["2", "1"], "db": "pubmed", "api_key": "SECRET"})
    'elink.fcgi?db=pubmed&id=2&id=1'
    """
    parts: list[str] = []
    for name in sorted(params):
        if name in PRIVATE_PARAMS:
            continue
        value = params[name]
        values = [value] if isinstance(value, str) else list(value)
        parts.extend(f"{name}={v}" for v in values)
    return f"{endpoint}?{'&'.join(parts)}"


def esummary_key(pmid: str) -> str:
    return request_key("esummary.fcgi", {"db": "pubmed", "id": pmid, "version": "2.0"})


def elink_key(pmid: str, linkname: str) -> str:
    params = {"dbfrom": "pubmed", "db": "pubmed", "cmd": "neighbor", "linkname": linkname}
    return request_key("elink.fcgi", {**params, "id": pmid})


def esearch_key(term: str, retmax: int) -> str:
    params = {"db": "pubmed", "term": term, "retmax": str(retmax), "retmode": "xml"}
    return request_key("esearch.fcgi", params)


def _clean(value: str) -> str:
    return " ".join(value.replace("|", " ").split())


def citation_fields(query: CitationQuery) -> list[str]:
    """The five ECitMatch fields of a query (``|`` and runs of spaces cleaned out)."""
    return [
        _clean(query.journal),
        _clean(query.year),
        _clean(query.volume),
        _clean(query.first_page),
        _clean(query.author),
    ]


def ecitmatch_key(query: CitationQuery) -> str:
    return request_key("ecitmatch.cgi", {"db": "pubmed", "bdata": "|".join(citation_fields(query))})


def encode_citation(match: CitationMatch) -> bytes:
    return json.dumps([match.status, match.pmid, list(match.candidates)]).encode()


def decode_citation(key: str, body: bytes) -> CitationMatch:
    """The cached answer for the citation ``key``; ``ValueError`` when unreadable."""
    status, pmid, candidates = json.loads(body)
    if status not in ("found", "not_found", "ambiguous"):
        raise ValueError(f"unknown status {status!r}")
    return CitationMatch(key, str(status), str(pmid), tuple(str(c) for c in candidates))
