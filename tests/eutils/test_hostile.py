"""The client against hostile or failing servers: bounded time, partial results, no leaks."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from eutils._data import EUTILS, NCT_RECORD, RETRACTED, synthetic
from refgraph.cache import RecordCache
from refgraph.errors import FetchIncompleteError, OfflineError
from refgraph.eutils import CitationQuery, EutilsClient, GaveUpError, RateLimiter
from refgraph.testing.fake_eutils import FakeEutils

Factory = Callable[..., FakeEutils]
PMIDS = [str(n) for n in range(90000001, 90000061)]


@pytest.fixture
def fake() -> Iterator[FakeEutils]:
    with FakeEutils(records_dir=EUTILS, rate_limit=None) as server:
        server.add_records(synthetic(90000001, 60))
        yield server


def client_for(url: str, tmp_path: Path, **options: object) -> EutilsClient:
    settings: dict[str, object] = {
        "cache": RecordCache(tmp_path / "c.sqlite"),
        "rate": 1000.0,
        "backoff": 0.01,
        "api_key": "SECRET-KEY-9",
    }
    settings.update(options)
    return EutilsClient(url, **settings)  # type: ignore[arg-type]


def test_a_drip_feeding_server_ends_the_run_within_the_patience(
    fake: FakeEutils, tmp_path: Path
) -> None:
    fake.set_faults("drip", delay=0.3, endpoints=["efetch"])
    client = client_for(fake.url, tmp_path, timeout=1.0, patience=2.5)
    started = time.monotonic()
    result = client.fetch_records(PMIDS[:3], partial=True)
    assert time.monotonic() - started < 15.0  # the drip would go on for minutes
    assert result.records == {} and result.missing == tuple(PMIDS[:3])
    assert "patience" in result.reasons[PMIDS[0]] or "within 1 s" in result.reasons[PMIDS[0]]
    asked = len(fake.requests)
    with pytest.raises(GaveUpError):  # later calls do not ask again
        client.esearch("anything")
    assert len(fake.requests) == asked
    client.close()


def test_retry_after_of_an_hour_ends_at_once_with_the_reason(
    fake: FakeEutils, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.set_faults("retry_after_long", endpoints=["efetch"])
    client = client_for(fake.url, tmp_path)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="refgraph.eutils"):
        result = client.fetch_records(PMIDS[:3], partial=True)
    assert time.monotonic() - started < 15.0  # not the hour asked for
    assert "NCBI asked refgraph to wait 3600 s (HTTP 503)" in result.reasons[PMIDS[0]]
    assert "giving up on NCBI E-utilities" in caplog.text
    client.close()


def test_a_redirect_elsewhere_sends_nothing_there(
    fake: FakeEutils, fake_eutils_factory: Factory, tmp_path: Path
) -> None:
    elsewhere = fake_eutils_factory({}, rate_limit=None)
    fake.set_faults("redirect", location=elsewhere.url + "efetch.fcgi")
    client = client_for(fake.url, tmp_path)
    result = client.fetch_records(PMIDS[:2], partial=True)
    assert result.missing == tuple(PMIDS[:2])
    assert "refused" in result.reasons[PMIDS[0]] and "SECRET" not in result.reasons[PMIDS[0]]
    assert elsewhere.requests == []
    assert client.request_count == 1  # a redirect is not retried
    client.close()


def test_a_huge_reply_is_refused_not_held(fake: FakeEutils, tmp_path: Path) -> None:
    fake.set_faults("huge", size=100 * 2**20, endpoints=["efetch"])
    client = client_for(fake.url, tmp_path, max_bytes=4 * 2**20)
    result = client.fetch_records(PMIDS[:2], partial=True)
    assert result.missing == tuple(PMIDS[:2]) and "over the limit" in result.reasons[PMIDS[0]]
    client.close()


def test_the_time_budget_ends_with_what_was_fetched(fake: FakeEutils, tmp_path: Path) -> None:
    fake.latency = 0.3
    client = client_for(fake.url, tmp_path, batch_size=10, in_flight=1, budget=1.0)
    result = client.fetch_records(PMIDS, partial=True)
    assert 0 < len(result.records) < len(PMIDS)
    assert set(result.records) | set(result.missing) == set(PMIDS)
    assert all("time budget of 1 s ran out" in result.reasons[p] for p in result.missing)
    with RecordCache(tmp_path / "c.sqlite") as cache:  # what was fetched is kept
        assert cache.pmids() == set(result.records)
    client.close()


def test_elink_failing_keeps_the_link_sets_it_got(fake: FakeEutils, tmp_path: Path) -> None:
    fake.add_links({(p, "pubmed_pubmed_citedin"): [PMIDS[0]] for p in PMIDS[1:]})
    fake.set_faults("http503", on=[1], endpoints=["elink"], times=None)
    client = client_for(fake.url, tmp_path, batch_size=10, max_tries=1, in_flight=1)
    with pytest.raises(FetchIncompleteError) as info:
        client.elink(PMIDS[1:31])
    partial, missing = info.value.partial, set(info.value.missing)
    # the second request to arrive failed: which batch that is depends on scheduling (the
    # calls run in threads), so one whole batch is missing and the other two are kept
    batches = [set(PMIDS[1:11]), set(PMIDS[11:21]), set(PMIDS[21:31])]
    assert missing in batches
    assert set(partial) == set(PMIDS[1:31]) - missing
    assert all(links == (PMIDS[0],) for links in partial.values())
    client.close()


def test_offline_every_endpoint_raises_the_one_offline_error(
    fake: FakeEutils, tmp_path: Path
) -> None:
    client = client_for(fake.url, tmp_path, offline=True)
    calls = [
        lambda: client.fetch_records([RETRACTED]),
        lambda: client.esummary([RETRACTED]),
        lambda: client.elink([RETRACTED]),
        lambda: client.ecitmatch([CitationQuery("k", "J", "2020", "1", "1")]),
        lambda: client.esearch("x"),
    ]
    for call in calls:
        with pytest.raises(OfflineError, match="offline and 1 "):
            call()
    assert fake.requests == []
    client.close()


def test_requests_are_logged_at_info_without_the_key(
    fake: FakeEutils, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.set_faults("http503", on=[0], endpoints=["efetch"])
    client = client_for(fake.url, tmp_path)
    with caplog.at_level(logging.INFO, logger="refgraph.eutils"):
        client.fetch_records([NCT_RECORD, RETRACTED])
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert lines[0].startswith("efetch.fcgi: 2 id(s), HTTP 503 in ")
    assert "waited" in lines[0] and "try 1: HTTP 503" in lines[0]
    assert lines[1].startswith("efetch.fcgi: 2 id(s), HTTP 200 in ")
    assert "SECRET" not in caplog.text
    client.close()


def test_requests_are_pipelined_and_results_keep_their_order(
    fake: FakeEutils, tmp_path: Path
) -> None:
    fake.latency = 0.4
    client = client_for(fake.url, tmp_path, batch_size=10, in_flight=3)
    result = client.fetch_records(PMIDS)
    assert list(result.records) == PMIDS
    times = sorted(r.time for r in fake.requests)
    assert len(times) == 6
    assert times[2] - times[0] < 0.3  # three were out at once, not one after the other
    client.close()


def test_the_shared_limiter_spaces_two_clients(fake: FakeEutils, tmp_path: Path) -> None:
    fake.set_rate_limit(3.0)
    path = tmp_path / "rate" / "shared.rate"
    clients = [
        client_for(fake.url, tmp_path / str(n), rate=3.0, batch_size=1, rate_file=str(path))
        for n in range(2)
    ]
    import threading

    threads = [
        threading.Thread(target=c.fetch_records, args=(PMIDS[n * 4 : n * 4 + 4],))
        for n, c in enumerate(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status for r in fake.requests] == [200] * 8  # no 429
    assert isinstance(clients[0].limiter, RateLimiter) and clients[0].limiter.shared
    for c in clients:
        c.close()
