"""RequestsTransport against the fake server: deadline, size limit, redirects, late rate limit."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from refgraph.eutils.throttle import RateLimiter
from refgraph.eutils.transport import Request, RequestsTransport, TransportError
from refgraph.testing import FakeEutils

PMID = "31844417"  # a recorded record (cyanheads fixture)
Factory = Callable[..., FakeEutils]


@pytest.fixture
def transport() -> RequestsTransport:
    t = RequestsTransport(max_bytes=2 * 2**20)
    yield t
    t.close()


def efetch(fake: FakeEutils, deadline: float = 10.0, **extra: str) -> Request:
    data = [("db", "pubmed"), ("id", PMID), *extra.items()]
    return Request(fake.url + "efetch.fcgi", data, deadline=deadline)


def test_a_plain_reply_comes_back_whole(
    fake_eutils: FakeEutils, transport: RequestsTransport
) -> None:
    reply = transport.send(efetch(fake_eutils))
    assert reply.status == 200 and PMID.encode() in reply.body
    assert reply.headers["content-type"].startswith("text/xml")
    assert reply.body == transport.send(efetch(fake_eutils)).body  # connection reused


def test_a_drip_fed_body_ends_at_the_deadline(
    fake_eutils: FakeEutils, transport: RequestsTransport
) -> None:
    fake_eutils.set_faults("drip", delay=0.2)  # one byte every 0.2 s: each read "succeeds"
    started = time.monotonic()
    with pytest.raises(TransportError, match=r"within 1\.5 s") as info:
        transport.send(efetch(fake_eutils, deadline=1.5))
    assert 1.4 < time.monotonic() - started < 10.0  # the drip would go on for minutes
    assert info.value.retryable
    fake_eutils.clear_faults()
    assert transport.send(efetch(fake_eutils)).status == 200  # the pool is still usable


def test_a_stalled_server_ends_at_the_deadline(
    fake_eutils: FakeEutils, transport: RequestsTransport
) -> None:
    fake_eutils.set_faults("slow", delay=30)
    started = time.monotonic()
    with pytest.raises(TransportError, match="within 1 s"):
        transport.send(efetch(fake_eutils, deadline=1.0))
    assert time.monotonic() - started < 10.0  # the server would stall for 30 s


def test_a_huge_reply_is_abandoned_at_the_limit(
    fake_eutils: FakeEutils, transport: RequestsTransport
) -> None:
    fake_eutils.set_faults("huge", size=200 * 2**20)
    with pytest.raises(TransportError, match="over the limit of 2,097,152") as info:
        transport.send(efetch(fake_eutils))
    assert not info.value.retryable


def test_a_body_without_length_is_cut_at_the_limit(transport: RequestsTransport) -> None:
    # chunked or compressed replies announce no (or a smaller) length: the count is streamed
    with pytest.raises(TransportError, match="abandoned after 2,097,152 bytes"):
        transport._read(_Streamed(3 * 2**20), {})  # type: ignore[arg-type]


class _Streamed:
    """A response without Content-Length whose body is ``size`` bytes."""

    def __init__(self, size: int) -> None:
        self.size = size

    def iter_content(self, chunk: int) -> object:
        left = self.size
        while left > 0:
            yield b"x" * min(chunk, left)
            left -= chunk


def test_a_redirect_to_another_host_is_refused_and_nothing_reaches_it(
    fake_eutils_factory: Factory, transport: RequestsTransport
) -> None:
    origin = fake_eutils_factory({}, rate_limit=None)
    elsewhere = fake_eutils_factory({}, rate_limit=None)
    origin.set_faults("redirect", location=elsewhere.url + "efetch.fcgi")
    request = Request(origin.url + "efetch.fcgi", [("id", PMID), ("api_key", "SECRET")])
    with pytest.raises(TransportError, match=r"redirect to http://127\.0\.0\.1:") as info:
        transport.send(request)
    assert not info.value.retryable and "SECRET" not in str(info.value)
    assert elsewhere.requests == []


def test_a_redirect_within_the_host_is_followed(
    fake_eutils: FakeEutils, transport: RequestsTransport
) -> None:
    fake_eutils.set_faults("redirect", location=fake_eutils.url + "efetch.fcgi", times=1)
    reply = transport.send(efetch(fake_eutils))
    assert reply.status == 200 and PMID.encode() in reply.body
    assert [r.status for r in fake_eutils.requests] == [307, 200]


def test_connection_refused_is_a_retryable_transport_error(transport: RequestsTransport) -> None:
    with pytest.raises(TransportError, match="connection error") as info:
        transport.send(Request("http://127.0.0.1:9/entrez/eutils/efetch.fcgi", [], deadline=2))
    assert info.value.retryable


def test_the_limiter_is_waited_for_on_the_open_connection(
    fake_eutils: FakeEutils, transport: RequestsTransport
) -> None:
    limiter = RateLimiter(2.0)  # 2 per 1.1 s
    request = Request(fake_eutils.url + "efetch.fcgi", [("id", PMID)], limiter=limiter)
    waits = [transport.send(request).waited for _ in range(3)]
    assert waits[:2] == [0.0, 0.0] and waits[2] > 0.5
    times = [r.time for r in fake_eutils.requests]
    assert times[2] - times[0] >= 0.95  # (recorded by the server thread: some jitter)
