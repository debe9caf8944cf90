"""Fault injection for the fake E-utilities server.

Each mode reproduces one row of the failure table in ``docs/eutils-contract.md`` §5, or one
hostile server behaviour a client must survive (:data:`HOSTILE_MODES`). A :class:`FaultPlan`
decides, per request, whether to inject and which mode; :func:`fault_reply` builds the reply for
the body-level modes. Transport-level modes (``connection_reset``, ``truncated``, ``slow``,
``drip``, ``huge``) and ``drop_lines`` are carried out by the server itself, and the reply
rewrites (``comment_article``, ``cdata_article``, ``ns_root``) by :func:`rewrite_reply`.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from refgraph.errors import ConfigError

__all__ = [
    "FAULT_MODES",
    "HOSTILE_MODES",
    "FaultPlan",
    "Reply",
    "cut_in_element",
    "error_reply",
    "fault_reply",
    "is_json",
    "prolog",
    "request_key",
    "rewrite_reply",
]

FAULT_MODES: tuple[str, ...] = (
    "http500_json",
    "http500",
    "http502",
    "http503",
    "http504",
    "http429",
    "http400_proxy",
    "error_backend",
    "error_viewer_timeout",
    "error_exlink",
    "error_cpp",
    "empty",
    "prolog_only",
    "truncated",
    "truncated_xml",
    "html",
    "connection_reset",
    "slow",
    "drop_lines",
    # hostile servers (issue 11): none of these may hang, leak the key or poison the cache
    "retry_after_long",
    "drip",
    "redirect",
    "huge",
    "comment_article",
    "cdata_article",
    "ns_root",
)
#: The modes above that are not in NCBI's failure table but what a hostile or broken server
#: (or a man in the middle) could send.
HOSTILE_MODES = frozenset(FAULT_MODES[FAULT_MODES.index("retry_after_long") :])

XML = "text/xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"
HTML = "text/html; charset=UTF-8"

PROLOGS: dict[str, str] = {
    "efetch": '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD '
    'PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n',
    "esummary": '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSummaryResult PUBLIC '
    '"-//NLM//DTD esummary v1 20041029//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20041029/esummary-v1.dtd">\n',
    "esummary2": '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE eSummaryResult PUBLIC '
    '"-//NLM//DTD eSummaryResult//EN" '
    '"http://www.ncbi.nlm.nih.gov/entrez/query/DTD/eSummaryDTD/eSummary_pubmed.dtd">\n',
    "elink": '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eLinkResult PUBLIC '
    '"-//NLM//DTD elink 20101123//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20101123/elink.dtd">\n',
    "esearch": '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC '
    '"-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n',
    "epost": '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE ePostResult PUBLIC '
    '"-//NLM//DTD epost 20090526//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20090526/epost.dtd">\n',
    "efetch_error": '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eEfetchResult PUBLIC '
    '"-//NLM//DTD efetch 20131226//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n',
}
ROOTS = {
    "efetch": "eFetchResult",
    "esummary": "eSummaryResult",
    "elink": "eLinkResult",
    "esearch": "eSearchResult",
    "epost": "ePostResult",
    "ecitmatch": "eCitMatchResult",
}

BACKEND_FAILED = "Search Backend failed: Unable to open connection to #PMQuerySrv?dbaf=pubmed"
VIEWER_TIMEOUT = " Error: External viewer error: Empty Response. Bytes read: 0 Status: Timeout"
EXLINK = "Couldn't resolve #exLinkSrv2, the address table is empty."
CPP = (
    "NCBI C++ Exception:\n    Error: UNK_MODULE(CException::eInvalid) "
    '"eutils/esummary.cpp", line 512: EUtilsException: Unable to get document summary'
)
PROXY = (
    "proxy_stream(): Failed to connect to PubOne service: <html><head><title>502 Bad Gateway"
    "</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"
)


@dataclass(frozen=True)
class Reply:
    """One HTTP reply: status, content type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def prolog(endpoint: str) -> str:
    return PROLOGS.get(endpoint, PROLOGS["esearch"])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def error_reply(
    endpoint: str, message: str, *, json_mode: bool = False, status: int = 200
) -> Reply:
    """An NCBI-style ``<ERROR>`` reply (or its JSON form) for ``endpoint``."""
    if json_mode:
        header = {"type": endpoint, "version": "0.3"}
        if endpoint == "esearch":
            payload: dict[str, object] = {"header": header, "esearchresult": {"ERROR": message}}
        elif endpoint == "esummary":
            payload = {"header": header, "esummaryresult": [message]}
        else:
            payload = {"header": header, "ERROR": message}
        return Reply(status, JSON, json.dumps(payload).encode())
    root = ROOTS.get(endpoint, "eResult")
    head = prolog("efetch_error" if endpoint == "efetch" else endpoint)
    body = f"{head}<{root}>\n\t<ERROR>{_escape(message)}</ERROR>\n</{root}>\n"
    return Reply(status, XML, body.encode())


def _html(status: int, title: str) -> bytes:
    return (
        (
            "<!DOCTYPE html>\n<html><head><title>{t}</title></head><body><h1>{t}</h1>"
            "<p>The NCBI E-utilities service is temporarily unavailable. Please try again later."
            "</p></body></html>\n"
        )
        .format(t=f"{status} {title}" if status != 200 else title)
        .encode()
    )


def fault_reply(mode: str, endpoint: str, client: str, *, json_mode: bool, keyed: bool) -> Reply:
    """The reply for a body-level fault ``mode`` (not the transport-level ones)."""
    if mode == "http500_json":
        body = {
            "error": "error forwarding request",
            "api-key": client,
            "type": "api-key" if keyed else "ip",
            "status": "ok",
        }
        return Reply(500, JSON, json.dumps(body, separators=(",", ":")).encode())
    if mode == "http500":
        return Reply(500, HTML, _html(500, "Internal Server Error"))
    if mode == "http502":
        return Reply(502, HTML, _html(502, "Bad Gateway"))
    if mode == "http503":
        return Reply(503, HTML, _html(503, "Service Unavailable"))
    if mode == "http504":
        return Reply(504, HTML, _html(504, "Gateway Time-out"))
    if mode == "http429":
        return rate_limit_reply(client, count=0, limit=10 if keyed else 3)
    if mode == "retry_after_long":
        return Reply(503, HTML, _html(503, "Service Unavailable"), (("Retry-After", "3600"),))
    if mode == "http400_proxy":
        return error_reply("efetch", PROXY, status=400)
    if mode == "error_backend":
        return error_reply(endpoint, BACKEND_FAILED, json_mode=json_mode)
    if mode == "error_viewer_timeout":
        text = f"{PROLOGS['efetch_error']}<eFetchResult>\n\t<ERROR>{VIEWER_TIMEOUT}</ERROR>\n"
        return Reply(200, XML, (text + "</eFetchResult>\n").encode())
    if mode == "error_exlink":
        return error_reply("elink", EXLINK, json_mode=json_mode)
    if mode == "error_cpp":
        return error_reply("esummary", CPP, json_mode=json_mode)
    if mode == "empty":
        return Reply(200, XML, b"")
    if mode == "prolog_only":
        return Reply(200, XML, prolog(endpoint).encode())
    if mode == "html":
        return Reply(200, HTML, _html(200, "NCBI - Service Temporarily Unavailable"))
    raise KeyError(mode)


def rewrite_reply(mode: str, reply: Reply) -> Reply:
    """A well-formed but odd variant of a good efetch reply (``comment_article`` and co.).

    ``comment_article`` puts a comment holding a whole ``<PubmedArticle>`` (PMID 1) before the
    first record; ``cdata_article`` puts the same text in a CDATA section; ``ns_root`` gives the
    root element a namespace prefix. A reply that is not a ``PubmedArticleSet`` is unchanged.
    """
    body = reply.body
    start = body.find(b"<PubmedArticleSet>")
    if reply.status != 200 or start < 0:
        return reply
    after = start + len(b"<PubmedArticleSet>")
    decoy = (
        b'<PubmedArticle><MedlineCitation><PMID Version="1">1</PMID><Article><ArticleTitle>'
        b"decoy</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
    )
    if mode == "comment_article":
        body = body[:after] + b"<!-- " + decoy + b" -->" + body[after:]
    elif mode == "cdata_article":
        body = body[:after] + b"<![CDATA[" + decoy + b"]]>" + body[after:]
    elif mode == "ns_root":
        end = body.rfind(b"</PubmedArticleSet>")
        body = (
            body[:start]
            + b'<nlm:PubmedArticleSet xmlns:nlm="https://www.ncbi.nlm.nih.gov/">'
            + body[after:end]
            + b"</nlm:PubmedArticleSet>"
            + body[end + len(b"</PubmedArticleSet>") :]
        )
    else:
        raise KeyError(mode)
    return Reply(reply.status, reply.content_type, body, reply.headers)


def rate_limit_reply(client: str, *, count: int, limit: int) -> Reply:
    """NCBI's 429: one-line JSON body, ``Retry-After: 2``."""
    body = {
        "error": "API rate limit exceeded",
        "api-key": client,
        "count": str(count),
        "limit": str(limit),
    }
    return Reply(
        429,
        "application/json",
        json.dumps(body, separators=(",", ":")).encode(),
        (("Retry-After", "2"),),
    )


class FaultPlan:
    """Decides, request by request, whether a fault is injected (thread-safe).

    A request is *eligible* when its endpoint is in ``endpoints`` (all when None; ``drop_lines``
    only ever applies to ecitmatch). Eligible requests are numbered 0, 1, 2, ... from the moment
    the plan was set; a request is injected when its number is in ``on`` (every number when None)
    and a seeded draw falls below ``rate``, until ``times`` injections were made. The draw is
    made from the seed, the request (``key``: its endpoint and parameters) and how many times
    that request was asked before, so which tries of a request fail does not depend on the
    order in which requests sent at once arrive: a seeded test is the same test every run.
    Successive injections cycle through ``modes`` in order. ``delay`` is the wait of ``slow``
    and the pause between two bytes of ``drip``; ``location`` the target of ``redirect`` (a
    307); ``size`` the length of a ``huge`` body.
    """

    # the options FakeEutils.set_faults repeats for its callers (one signature, no logic)
    def __init__(
        self,
        modes: str | Sequence[str],
        *,
        rate: float = 1.0,
        on: Collection[int] | None = None,
        endpoints: Collection[str] | None = None,
        seed: int = 0,
        times: int | None = None,
        delay: float = 5.0,
        location: str = "http://127.0.0.1:9/entrez/eutils/",
        size: int = 200 * 2**20,
    ) -> None:
        self.modes = (modes,) if isinstance(modes, str) else tuple(modes)
        unknown = [m for m in self.modes if m not in FAULT_MODES]
        if unknown or not self.modes:
            raise ConfigError(f"unknown fault mode(s) {unknown}; choose from {FAULT_MODES}")
        if not 0.0 <= rate <= 1.0:
            raise ConfigError(f"fault rate must be within [0, 1], got {rate}")
        self.rate = rate
        self.on = None if on is None else frozenset(on)
        self.endpoints = None if endpoints is None else frozenset(endpoints)
        self.times = times
        self.delay = delay  # slow: the wait before the reply; drip: between two bytes
        self.location = location  # redirect: where to
        self.size = size  # huge: bytes in the body
        self._seed = seed
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._seen = 0
        self._injected = 0
        self._asked: dict[str, int] = {}

    def _eligible(self, endpoint: str) -> bool:
        if self.endpoints is not None and endpoint not in self.endpoints:
            return False
        return not (self.modes == ("drop_lines",) and endpoint != "ecitmatch")

    def decide(self, endpoint: str, key: str = "") -> str | None:
        """The fault mode to inject into this request, or None."""
        with self._lock:
            if not self._eligible(endpoint):
                return None
            index = self._seen
            self._seen += 1
            asked = self._asked[key] = self._asked.get(key, 0) + 1
            if self.times is not None and self._injected >= self.times:
                return None
            if self.on is not None and index not in self.on:
                return None
            if self.rate < 1.0:
                draw = random.Random(f"{self._seed}\x00{endpoint}\x00{key}\x00{asked}").random()
                if draw >= self.rate:
                    return None
            mode = self.modes[self._injected % len(self.modes)]
            self._injected += 1
            return mode

    def random(self) -> random.Random:
        """The plan's seeded generator (used for ``drop_lines``)."""
        return self._random

    @property
    def injected(self) -> int:
        return self._injected


#: parameters that say who asks, not what is asked
_WHO = frozenset({"api_key", "tool", "email"})


def request_key(params: Mapping[str, list[str]]) -> str:
    """What a request asks (its parameters, without who asks), the same on every try."""
    return "&".join(f"{k}={','.join(v)}" for k, v in sorted(params.items()) if k not in _WHO)


def is_json(params: Mapping[str, list[str]]) -> bool:
    return (params.get("retmode") or [""])[0] == "json"


def cut_in_element(body: bytes) -> bytes:
    """Cut ``body`` inside an element (just after a ``<`` past the middle)."""
    at = body.find(b"<", len(body) // 2)
    return body[: at + 3] if at >= 0 else body[: len(body) // 2]
