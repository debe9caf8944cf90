"""Pure reply parsing: esummary JSON, elink XML/JSON, ecitmatch text, esearch, bad bodies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refgraph.errors import EutilsResponseError
from refgraph.eutils.replies import (
    RetryableReply,
    check_json,
    check_xml,
    error_text,
    is_retryable_message,
    parse_ecitmatch,
    parse_elink_json,
    parse_elink_xml,
    parse_esearch,
    parse_esummary,
)

EUTILS = Path(__file__).resolve().parent.parent / "data" / "eutils"
PROLOG = (
    b'<?xml version="1.0" ?>\n'
    b'<!DOCTYPE eLinkResult PUBLIC "-//NLM//DTD elink 20101123//EN" "x.dtd">\n'
)


# -- bad bodies ---------------------------------------------------------------------------

RETRYABLE_BODIES = {
    "empty": b"",
    "whitespace": b"  \n",
    "prolog_only": PROLOG,
    "html": b"<!DOCTYPE html>\n<html><body><h1>502 Bad Gateway</h1></body></html>",
    "html_no_doctype": b"<html><head><title>Error</title></head></html>",
    "truncated": PROLOG + b"<eLinkResult><LinkSet><DbFrom>pubmed</DbFrom><IdList><Id>1",
    "backend_failed": b"<eSearchResult><ERROR>Search Backend failed: Database is not supported:"
    b" pubmed</ERROR></eSearchResult>",
    "viewer_timeout": b"<eFetchResult><ERROR> Error: External viewer error: Empty Response."
    b" Bytes read: 0 Status: Timeout</ERROR></eFetchResult>",
    "exlink": b"<eLinkResult><ERROR>Couldn't resolve #exLinkSrv2, the address table is empty."
    b"</ERROR></eLinkResult>",
    "cpp": b"<eSummaryResult><ERROR>NCBI C++ Exception: EUtilsException</ERROR></eSummaryResult>",
    "proxy": b"<eFetchResult><ERROR>proxy_stream(): Failed to connect to PubOne service"
    b"</ERROR></eFetchResult>",
    "pmqueryserver": b"<eSearchResult><ERROR>Unable to open connection to #PMQuerySrv?dbaf="
    b"</ERROR></eSearchResult>",
}


@pytest.mark.parametrize("body", RETRYABLE_BODIES.values(), ids=RETRYABLE_BODIES.keys())
def test_transient_bad_bodies_are_retryable(body: bytes) -> None:
    with pytest.raises(RetryableReply):
        check_xml(body, "elink")


def test_permanent_error_is_not_retryable() -> None:
    body = (EUTILS / "klortho-eutils-json/samples/esearch.baderror.xml").read_bytes()
    with pytest.raises(EutilsResponseError, match="Invalid db name") as info:
        check_xml(body, "esearch")
    assert not isinstance(info.value, RetryableReply)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<eLinkResult><LinkSet><IdList><Id>&lol2;</Id></IdList></LinkSet></eLinkResult>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><eSearchResult><Count>&xxe;</Count>
</eSearchResult>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL], ids=["billion_laughs", "xxe"])
def test_entity_declarations_are_refused_not_retried(body: bytes) -> None:
    with pytest.raises(EutilsResponseError, match="entities") as info:
        check_xml(body, "elink")
    assert not isinstance(info.value, RetryableReply)


def test_json_error_object_and_bad_json() -> None:
    with pytest.raises(RetryableReply):
        check_json(b'{"error":"error forwarding request","api-key":"1.2.3.4"}', "x")
    with pytest.raises(RetryableReply, match="not valid JSON"):
        check_json(b'{"header": {"type": "esum', "x")
    with pytest.raises(EutilsResponseError, match="Too many UIDs"):
        check_json(b'{"error":"Too many UIDs in request. Maximum number of UIDs is 500."}', "x")


def test_error_text_and_markers() -> None:
    assert error_text(b"<x><ERROR>ID list is empty! Possibly</ERROR></x>") == (
        "ID list is empty! Possibly"
    )
    assert error_text(b'{"error":"API rate limit exceeded"}') == "API rate limit exceeded"
    assert error_text(b"plain") == ""
    assert is_retryable_message("Status: Timeout")
    assert not is_retryable_message("ID list is empty! Possibly it has no correct IDs.")


# -- esummary -----------------------------------------------------------------------------


def test_esummary_leaves_out_per_uid_errors() -> None:
    body = (EUTILS / "klortho-eutils-json/samples/esummary.pmcerror.json").read_bytes()
    data = json.loads(body)
    uids = data["result"]["uids"]
    errored = [u for u in uids if "error" in data["result"][u]]
    assert errored, "fixture should hold a per-uid error"
    docs = parse_esummary(body)
    assert set(docs) == set(uids) - set(errored)


def test_esummary_pubmed_sample_by_uid() -> None:
    body = (EUTILS / "klortho-eutils-json/samples/esummary.pubmed.json").read_bytes()
    docs = parse_esummary(body)
    assert docs
    for uid, doc in docs.items():
        assert doc["uid"] == uid


def test_esummary_500_uid_cap_raises() -> None:
    body = (
        b'{"header":{"type":"esummary","version":"0.3"},"error":"Too many UIDs in request.'
        b' Maximum number of UIDs is 500 for JSON format output."}'
    )
    with pytest.raises(EutilsResponseError, match="Maximum number of UIDs is 500"):
        parse_esummary(body)


def test_esummary_bad_db_raises() -> None:
    body = (EUTILS / "klortho-eutils-json/samples/esummary.error.json").read_bytes()
    with pytest.raises(EutilsResponseError, match="fleegle"):
        parse_esummary(body)


def test_esummary_cpp_exception_is_retryable() -> None:
    body = b'{"header":{},"esummaryresult":["NCBI C++ Exception: EUtilsException"]}'
    with pytest.raises(RetryableReply):
        parse_esummary(body)


# -- elink ---------------------------------------------------------------------------------


def test_elink_one_linkset_per_id_recorded() -> None:
    body = (EUTILS / "bioperl-eutilities/t/data/eutils/elink_neighbor_corr.xml").read_bytes()
    links = parse_elink_xml(body, "protein_pubmed")
    assert links == {
        "1621261": ("12368430", "9634230"),
        "68536103": ("15968079",),
        "20807972": ("11997336",),
        "730439": ("8206848",),
    }


def test_elink_other_linkname_and_no_linksetdb_give_empty() -> None:
    body = PROLOG + (
        b"<eLinkResult><LinkSet><DbFrom>pubmed</DbFrom><IdList><Id>5</Id></IdList></LinkSet>"
        b"<LinkSet><DbFrom>pubmed</DbFrom><IdList><Id>6</Id></IdList><LinkSetDb><DbTo>pubmed"
        b"</DbTo><LinkName>pubmed_pubmed_refs</LinkName><Link><Id>1</Id></Link></LinkSetDb>"
        b"</LinkSet></eLinkResult>"
    )
    assert parse_elink_xml(body, "pubmed_pubmed_citedin") == {"5": (), "6": ()}
    assert parse_elink_xml(body, "pubmed_pubmed_refs") == {"5": (), "6": ("1",)}


def test_elink_merged_linkset_is_refused() -> None:
    body = (EUTILS / "biopython/Tests/Entrez/elink3.xml").read_bytes()
    with pytest.raises(EutilsResponseError, match="one per id"):
        parse_elink_xml(body, "pubmed_pubmed")


def test_elink_exlinksrv_error_is_retryable() -> None:
    with pytest.raises(RetryableReply):
        parse_elink_xml(RETRYABLE_BODIES["exlink"], "pubmed_pubmed_citedin")


def test_elink_json() -> None:
    body = json.dumps(
        {
            "header": {"type": "elink", "version": "0.3"},
            "linksets": [
                {
                    "dbfrom": "pubmed",
                    "ids": ["9298984"],
                    "linksetdbs": [
                        {
                            "dbto": "pubmed",
                            "linkname": "pubmed_pubmed_citedin",
                            "links": ["38830800", "38188366"],
                        }
                    ],
                },
                {"dbfrom": "pubmed", "ids": ["1"]},
            ],
        }
    ).encode()
    assert parse_elink_json(body, "pubmed_pubmed_citedin") == {
        "9298984": ("38830800", "38188366"),
        "1": (),
    }


# -- ecitmatch ------------------------------------------------------------------------------


def test_ecitmatch_outcomes_by_key() -> None:
    body = (
        b"proc natl acad sci u s a|1991|88|3248|mann bj|citation_1|2014248\n"
        b"science|1987|235|182|palmenberg ac|Art2|3026048\n"
        b"nature|2000|1|1|x|k3|NOT_FOUND\n"
        b"fake journal|2000|1|1|x|k4|NOT_FOUND;INVALID_JOURNAL\n"
        b"PNAS|2008|||An|k5|AMBIGUOUS (5 citations)\n"
        b"PNAS|2008|||An|k6|AMBIGUOUS 33057196,32076266,32025019\n"
    )
    got = parse_ecitmatch(body)
    assert got["citation_1"].pmid == "2014248"
    assert got["Art2"].status == "found"
    assert got["k3"].status == "not_found"
    assert got["k4"].status == "not_found"
    assert got["k5"].status == "ambiguous"
    assert got["k5"].candidates == ()
    assert got["k6"].candidates == ("33057196", "32076266", "32025019")


def test_ecitmatch_reordered_and_dropped_lines_use_keys() -> None:
    body = b"b|1|1|1|y|second|222\na|1|1|1|x|first|111\n"
    got = parse_ecitmatch(body)
    assert got["first"].pmid == "111"
    assert got["second"].pmid == "222"
    assert "third" not in got


def test_ecitmatch_miss_with_dropped_author_field_still_keyed() -> None:
    assert parse_ecitmatch(b"nature|2000|1|1|k9|NOT_FOUND\n")["k9"].status == "not_found"


def test_ecitmatch_html_is_retryable() -> None:
    with pytest.raises(RetryableReply):
        parse_ecitmatch(RETRYABLE_BODIES["html"])


# -- esearch ----------------------------------------------------------------------------------


def test_esearch_xml_recorded() -> None:
    body = (EUTILS / "biopython/Tests/Entrez/esearch1.xml").read_bytes()
    ids = parse_esearch(body)
    assert len(ids) == 20
    assert ids[0] == "41282813"


def test_esearch_json_and_errors() -> None:
    body = b'{"header":{},"esearchresult":{"count":"2","idlist":["1","2"]}}'
    assert parse_esearch(body) == ("1", "2")
    bad = (EUTILS / "klortho-eutils-json/samples/esearch.baderror.json").read_bytes()
    with pytest.raises(EutilsResponseError, match="fleegle"):
        parse_esearch(bad)
    with pytest.raises(RetryableReply):
        parse_esearch(RETRYABLE_BODIES["backend_failed"])


def test_esearch_phrase_not_found_is_not_an_error() -> None:
    body = (
        b"<eSearchResult><Count>0</Count><IdList/><ErrorList><PhraseNotFound>zzz"
        b"</PhraseNotFound></ErrorList></eSearchResult>"
    )
    assert parse_esearch(body) == ()
