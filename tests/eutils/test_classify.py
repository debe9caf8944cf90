"""The reply classifier, as plain tables: (status, headers, body) -> done, retry or fail."""

from __future__ import annotations

import pytest

from refgraph.eutils import replies
from refgraph.eutils.classify import Done, Fail, Retry, classify, retry_after

PROLOG = b'<?xml version="1.0" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch//EN" "x">\n'
ESEARCH_OK = PROLOG + b"<eSearchResult><Count>1</Count><IdList><Id>7</Id></IdList></eSearchResult>"
HTML = b"<!DOCTYPE html><html><body>Service unavailable</body></html>"
BACKEND = b"<eSearchResult><ERROR>Search Backend failed: x</ERROR></eSearchResult>"
BAD_DB = b"<eSearchResult><ERROR>Invalid db name specified: fleegle</ERROR></eSearchResult>"
BOMB = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><eSearchResult>&a;</eSearchResult>'
RATE = b'{"error":"API rate limit exceeded","api-key":"1.2.3.4","count":"5","limit":"3"}'
EMPTY_IDS = b"<eFetchResult><ERROR>ID list is empty! Possibly it has no correct IDs.</ERROR>"

# (status, headers, body) -> (outcome class, reason fragment, retry_after, throttled)
ESEARCH_TABLE = [
    (200, {}, ESEARCH_OK, Done, "", None, False),
    (200, {}, b"", Retry, "empty reply", None, False),
    (200, {}, b"   \n", Retry, "empty reply", None, False),
    (200, {}, PROLOG, Retry, "prolog but no content", None, False),
    (200, {}, ESEARCH_OK[:-20], Retry, "not well-formed", None, False),
    (200, {}, HTML, Retry, "HTML page", None, False),
    (200, {}, BACKEND, Retry, "transient error", None, False),
    (200, {}, BAD_DB, Fail, "Invalid db name", None, False),
    (200, {}, BOMB, Fail, "entities", None, False),
    (429, {"Retry-After": "2"}, RATE, Retry, "HTTP 429: API rate limit exceeded", 2.0, True),
    (429, {}, RATE, Retry, "HTTP 429", None, True),
    (500, {}, b'{"error":"error forwarding request"}', Retry, "error forwarding", None, False),
    (502, {}, HTML, Retry, "HTTP 502", None, False),
    (503, {"Retry-After": "3600"}, HTML, Retry, "HTTP 503", 3600.0, False),
    (504, {}, b"", Retry, "HTTP 504", None, False),
    (
        400,
        {},
        b"<ERROR>proxy_stream(): Failed to connect</ERROR>",
        Retry,
        "proxy_stream",
        None,
        False,
    ),
    (400, {}, b"Bad Request (400): Unknown Error", Retry, "HTTP 400", None, False),
    (400, {}, b"<ERROR>Invalid query</ERROR>", Fail, "HTTP 400: Invalid query", None, False),
    (404, {}, HTML, Fail, "HTTP 404", None, False),
    (414, {}, HTML, Fail, "HTTP 414", None, False),
    (302, {"Location": "http://x/"}, b"", Fail, "HTTP 302", None, False),
]


@pytest.mark.parametrize(
    ("status", "headers", "body", "kind", "reason", "after", "throttled"),
    ESEARCH_TABLE,
    ids=[f"{row[0]}-{i}" for i, row in enumerate(ESEARCH_TABLE)],
)
def test_esearch_replies(
    status: int,
    headers: dict[str, str],
    body: bytes,
    kind: type,
    reason: str,
    after: float | None,
    throttled: bool,
) -> None:
    outcome = classify(status, headers, body, replies.parse_esearch, now=0.0)
    assert type(outcome) is kind
    if isinstance(outcome, Done):
        assert outcome.value == ("7",)
    else:
        assert reason in outcome.reason
    if isinstance(outcome, Retry):
        assert (outcome.retry_after, outcome.throttled) == (after, throttled)
    if isinstance(outcome, Fail):
        assert outcome.status == status


# Every endpoint's parser meets the same bad bodies with the same answer: retry.
BAD_BODIES = [b"", PROLOG, HTML, BACKEND]
PARSERS = {
    "efetch": replies.parse_efetch,
    "esummary": replies.parse_esummary,
    "elink": lambda body: replies.parse_elink_xml(body, "pubmed_pubmed_citedin"),
    "ecitmatch": replies.parse_ecitmatch,
    "esearch": replies.parse_esearch,
}


@pytest.mark.parametrize("endpoint", PARSERS)
@pytest.mark.parametrize("body", BAD_BODIES, ids=["empty", "prolog", "html", "backend"])
def test_every_endpoint_retries_the_same_bad_bodies(endpoint: str, body: bytes) -> None:
    outcome = classify(200, {}, body, PARSERS[endpoint], now=0.0)
    assert isinstance(outcome, Retry), outcome


def test_all_ids_malformed_is_an_empty_answer_only_where_asked() -> None:
    assert classify(400, {}, EMPTY_IDS, replies.parse_efetch, now=0.0, on_empty_ids=list) == Done(
        []
    )
    assert isinstance(classify(400, {}, EMPTY_IDS, replies.parse_efetch, now=0.0), Fail)


ECITMATCH_TABLE = [
    (b"j|2020|1|1|a|k1|123\n", {"k1": ("found", "123", ())}),
    (
        b"j|2020|1|1|a|k1|NOT_FOUND\nj|2020|1|1|a|k2|NOT_FOUND;INVALID_JOURNAL\n",
        {"k1": ("not_found", "", ()), "k2": ("not_found", "", ())},
    ),
    (
        b"j|2020|1|1|a|k1|AMBIGUOUS 33057196,32076266\n",
        {"k1": ("ambiguous", "", ("33057196", "32076266"))},
    ),
    (b"j|2020|1|1|a|k1|AMBIGUOUS (5 citations)\n", {"k1": ("ambiguous", "", ())}),
    (b"j|2020|1|1|a|k1|123\nj|2020|1|1|a|k2|\n", {"k1": ("found", "123", ())}),  # no outcome
    (b"j|2020|1|1|a|k1|0\n", {}),  # not a PMID
    (b"j|2020|1|1|a|k1|123\r\n", {"k1": ("found", "123", ())}),
]


@pytest.mark.parametrize(("body", "expected"), ECITMATCH_TABLE)
def test_ecitmatch_lines(
    body: bytes, expected: dict[str, tuple[str, str, tuple[str, ...]]]
) -> None:
    got = replies.parse_ecitmatch(body)
    assert {k: (v.status, v.pmid, v.candidates) for k, v in got.items()} == expected


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"j|2020|1|1|a|k1|123\nj|2020|1|1|a|k2|45", "cut off"),
        (b'<?xml version="1.0"?>\n<eCitMatchResult/>', "XML reply instead"),
    ],
)
def test_ecitmatch_cut_or_xml_is_retried(body: bytes, reason: str) -> None:
    outcome = classify(200, {}, body, replies.parse_ecitmatch, now=0.0)
    assert isinstance(outcome, Retry) and reason in outcome.reason


@pytest.mark.parametrize(
    ("value", "now", "expected"),
    [
        ("2", 0.0, 2.0),
        (" 120 ", 0.0, 120.0),
        ("Thu, 01 Jan 1970 00:01:00 GMT", 30.0, 30.0),
        ("Thu, 01 Jan 1970 00:01:00 GMT", 90.0, 0.0),
        ("soon", 0.0, None),
        ("", 0.0, None),
        ("-5", 0.0, None),
    ],
)
def test_retry_after_values(value: str, now: float, expected: float | None) -> None:
    assert retry_after({"Retry-After": value}, now) == expected
