"""Caller with a FunctionTransport and a fake clock: retries, Retry-After cap, patience, budget,
pipelining (no sockets, no real time)."""

from __future__ import annotations

import logging

import pytest

from eutils._data import FakeClock
from refgraph.errors import EutilsHTTPError, RateLimitError
from refgraph.eutils import replies
from refgraph.eutils.calls import Caller, GaveUpError
from refgraph.eutils.throttle import RateLimiter
from refgraph.eutils.transport import FunctionTransport, Request, Response, TransportError

OK = b"<eSearchResult><IdList><Id>7</Id></IdList></eSearchResult>"




def caller(answers: list[Response | Exception], clock: FakeClock, **options: object) -> Caller:
    """A caller whose transport gives ``answers`` in turn (the last one forever)."""
    queue = list(answers)

    def handler(request: Request) -> Response | Exception:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    transport = FunctionTransport(handler)
    limiter = RateLimiter(1000.0, clock=clock, sleep=clock.sleep)
    return Caller(
        "http://ncbi.test/",
        transport,
        limiter,
        clock=clock,
        sleep=clock.sleep,
        backoff=0.5,
        **options,
    )  # type: ignore[arg-type]


def test_a_transient_failure_is_retried_with_growing_backoff() -> None:
    clock = FakeClock()
    c = caller([Response(503), Response(502), Response(200, OK)], clock)
    assert c.call("esearch.fcgi", [("term", "x")], replies.parse_esearch) == ("7",)
    assert c.count == 3
    assert len(clock.sleeps) == 2
    assert 0.25 <= clock.sleeps[0] <= 0.75 and 0.5 <= clock.sleeps[1] <= 1.5


def test_credentials_are_sent_but_never_in_messages() -> None:
    clock = FakeClock()
    c = caller(
        [Response(404, b"<ERROR>no such thing for SECRET</ERROR>")],
        clock,
        credentials=[("api_key", "SECRET")],
        secret="SECRET",
    )
    with pytest.raises(EutilsHTTPError) as info:
        c.call("esearch.fcgi", [("term", "x")], replies.parse_esearch)
    assert info.value.status == 404 and "SECRET" not in str(info.value)
    (request,) = c.transport.requests  # type: ignore[attr-defined]
    assert ("api_key", "SECRET") in request.data


def test_a_permanent_failure_is_not_retried() -> None:
    clock = FakeClock()
    c = caller([TransportError("redirect to http://evil/ refused", retryable=False)], clock)
    with pytest.raises(EutilsHTTPError, match="redirect to http://evil/ refused"):
        c.call("efetch.fcgi", [], replies.parse_efetch)
    assert c.count == 1 and clock.sleeps == []


def test_429_to_the_end_is_a_rate_limit_error_and_backs_everyone_off() -> None:
    clock = FakeClock()
    c = caller(
        [Response(429, b'{"error":"API rate limit exceeded"}', {"Retry-After": "2"})],
        clock,
        max_tries=3,
    )
    with pytest.raises(RateLimitError, match="gave up after 3 tries"):
        c.call("esearch.fcgi", [], replies.parse_esearch)
    assert c.limiter.wait() > 0  # the shared limiter was deferred: the next request waits
    assert min(clock.sleeps) >= 2.0


def test_retry_after_is_capped_with_a_message(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    c = caller(
        [Response(503, b"", {"Retry-After": "40"}), Response(200, OK)],
        clock,
        max_retry_after=30.0,
        patience=45.0,
    )
    with caplog.at_level(logging.WARNING, logger="refgraph.eutils"):
        assert c.call("esearch.fcgi", [], replies.parse_esearch) == ("7",)
    assert 30.0 in clock.sleeps
    assert "NCBI asked refgraph to wait 40 s (HTTP 503); waiting 30 s" in caplog.text


def test_a_retry_after_past_the_patience_gives_up_at_once_and_for_good(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = FakeClock()
    c = caller([Response(503, b"", {"Retry-After": "3600"})], clock, patience=45.0)
    with (
        caplog.at_level(logging.WARNING, logger="refgraph.eutils"),
        pytest.raises(GaveUpError, match="asked refgraph to wait 3600 s"),
    ):
        c.call("efetch.fcgi", [], replies.parse_efetch)
    assert clock.sleeps == [] and c.count == 1
    assert "giving up on NCBI E-utilities" in caplog.text
    with pytest.raises(GaveUpError, match="3600 s"):  # every later call fails at once
        c.call("esearch.fcgi", [], replies.parse_esearch)
    assert c.count == 1


def test_patience_ends_a_run_of_failures() -> None:
    clock = FakeClock()
    c = caller(
        [TransportError("no complete reply within 30 s", retryable=True)],
        clock,
        patience=10.0,
        max_tries=100,
    )
    with pytest.raises(
        GaveUpError, match=r"no usable reply from NCBI within 10 s \(the patience\)"
    ):
        c.call("efetch.fcgi", [], replies.parse_efetch)
    assert clock.now < 10.0 + 8.0  # at most one back-off past the patience


def test_idle_time_between_calls_is_not_a_stall() -> None:
    clock = FakeClock()
    c = caller([Response(200, OK), Response(503), Response(200, OK)], clock, patience=10.0)
    c.call("esearch.fcgi", [], replies.parse_esearch)
    clock.now += 60.0  # the caller's user worked for a minute
    assert c.call("esearch.fcgi", [], replies.parse_esearch) == ("7",)


def test_the_budget_limits_all_network_work() -> None:
    clock = FakeClock()
    c = caller([Response(503)], clock, budget=3.0, max_tries=100)
    with pytest.raises(GaveUpError, match="time budget of 3 s ran out"):
        c.call("esearch.fcgi", [], replies.parse_esearch)


def test_the_request_deadline_is_never_past_the_patience() -> None:
    clock = FakeClock()
    c = caller([Response(503), Response(200, OK)], clock, timeout=30.0, patience=10.0)
    c.call("esearch.fcgi", [], replies.parse_esearch)
    deadlines = [r.deadline for r in c.transport.requests]  # type: ignore[attr-defined]
    assert deadlines[0] == 10.0 and deadlines[1] < 10.0


def test_pipelined_results_keep_their_order_and_errors_are_data() -> None:
    clock = FakeClock()
    c = caller([Response(200, OK)], clock, in_flight=3)
    order: list[int] = []

    def run(job: int) -> int:
        if job == 3:
            raise GaveUpError("job 3 failed")
        order.append(job)
        return job * 10

    results = list(c.pipelined(list(range(8)), run))
    assert [job for job, _ in results] == list(range(8))
    assert [r if isinstance(r, int) else str(r) for _, r in results] == [
        0,
        10,
        20,
        "job 3 failed",
        40,
        50,
        60,
        70,
    ]
    c.close()
