"""The HTTP transport of the E-utilities client: one POST, with bounded patience.

:class:`RequestsTransport` sends one form POST over ``requests`` and returns a
:class:`Response` with the whole body, or raises :class:`TransportError`:

- **A total deadline per request**: connect, send, headers and the whole body must be done
  within ``Request.deadline`` seconds. ``requests``' own timeout is per socket read, so a
  server that drip-feeds one byte every few seconds would never time out; a watchdog thread
  shuts the socket down when the deadline passes.
- **A maximum reply size**: the body is streamed and the request abandoned as soon as it
  passes ``max_bytes`` (a ``Content-Length`` over the limit is refused before reading).
- **No redirects to another host**: a redirect within the configured origin (same scheme,
  host and port) is followed; any other is refused without sending anything there, so the
  request (and the API key in its body) only ever goes to the configured host.
- **The rate limit at the last moment**: the shared limiter is waited for right before the
  request is written to an open connection, so time spent connecting or waiting for the
  CPU never brings two requests closer together at NCBI.

:class:`FunctionTransport` answers from a plain function, for tests of everything above the
transport (as httpx's ``MockTransport``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from refgraph.errors import EutilsError
from refgraph.eutils.deadline import Exchange, HookedAdapter, Limiter, Watchdog, set_current

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FunctionTransport",
    "Request",
    "RequestsTransport",
    "Response",
    "Transport",
    "TransportError",
]

log = logging.getLogger("refgraph.eutils")

#: The largest reply read by default: an efetch of 200 records is a few MB.
DEFAULT_MAX_BYTES = 64 * 2**20
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
#: Bytes asked of the socket at a time: an efetch reply of 200 records is ~3 MB, and few large
#: reads mean few thread switches and few large buffers freed (each free of one makes glibc
#: consolidate the small blocks libxml2 left behind).
_CHUNK = 2**20


@dataclass(frozen=True)
class Request:
    """One form POST: ``data`` are the form fields (credentials included), never logged."""

    url: str
    data: Sequence[tuple[str, str]]
    deadline: float = 30.0
    limiter: Limiter | None = None  # waited for right before the request is written


@dataclass(frozen=True)
class Response:
    """A complete reply: status, headers (case-insensitive), body and seconds it took."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    elapsed: float = 0.0
    waited: float = 0.0  # of ``elapsed``: seconds spent waiting for the rate limiter


class TransportError(EutilsError):
    """No usable HTTP reply: ``retryable`` for network faults and timeouts, not for a reply
    over the size limit or a redirect to another host."""

    def __init__(self, message: str, *, retryable: bool, waited: float = 0.0) -> None:
        self.retryable = retryable
        self.waited = waited
        super().__init__(message)


class Transport(Protocol):
    """Sends one :class:`Request`; returns its :class:`Response` or raises TransportError."""

    def send(self, request: Request) -> Response: ...

    def close(self) -> None: ...


class FunctionTransport:
    """A transport that answers with ``handler(request)`` (a Response, or an exception to raise).

    The limiter is waited for as the real transport does, so request spacing can be tested.

    Example:
        >>> t = FunctionTransport(lambda request: Response(200, b"<ok/>"))
        >>> t.send(Request("http://example.org/efetch.fcgi", [("id", "1")])).body
        b'<ok/>'
    """

    def __init__(self, handler: Callable[[Request], Response | Exception]) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self._lock = threading.Lock()

    def send(self, request: Request) -> Response:
        waited = request.limiter.wait() if request.limiter is not None else 0.0
        with self._lock:
            self.requests.append(request)
        answer = self.handler(request)
        if isinstance(answer, Exception):
            raise answer
        return Response(answer.status, answer.body, answer.headers, answer.elapsed, waited)

    def close(self) -> None:
        """Nothing to release."""


def _same_origin(a: str, b: str) -> bool:
    x, y = urlsplit(a), urlsplit(b)
    return (x.scheme, x.hostname, x.port) == (y.scheme, y.hostname, y.port)


def _socks_proxy(session: requests.Session, url: str) -> bool:
    proxies = dict(session.proxies)
    if session.trust_env:
        proxies = {**requests.utils.get_environ_proxies(url), **proxies}
    proxy = requests.utils.select_proxy(url, proxies)
    return bool(proxy and proxy.lower().startswith("socks"))


class RequestsTransport:
    """Form POSTs over ``requests`` with a total deadline, a size limit and no foreign redirects.

    One ``requests.Session`` per thread (sessions are not documented as thread-safe), all
    closed by :meth:`close`.
    """

    def __init__(self, *, max_bytes: int = DEFAULT_MAX_BYTES, user_agent: str = "") -> None:
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self._watchdog = Watchdog()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = HookedAdapter(max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            if self.user_agent:
                session.headers["User-Agent"] = self.user_agent
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def send(self, request: Request) -> Response:
        """POST ``request``; follow same-origin redirects; return the whole reply."""
        started = time.monotonic()
        exchange = Exchange(request.deadline, request.limiter, self._watchdog)
        self._watchdog.add(exchange)
        set_current(exchange)
        try:
            url = request.url
            for _ in range(_MAX_REDIRECTS + 1):
                status, headers, body = self._post(exchange, request, url)
                if status not in _REDIRECTS or "Location" not in headers:
                    return Response(
                        status, body, headers, time.monotonic() - started, exchange.waited
                    )
                target = urljoin(url, headers["Location"])
                if not _same_origin(target, request.url):
                    where = urlsplit(target)
                    raise TransportError(
                        f"HTTP {status} redirect to {where.scheme}://{where.netloc}/ refused:"
                        " refgraph sends requests (and the API key) only to the configured host",
                        retryable=False,
                        waited=exchange.waited,
                    )
                log.debug("HTTP %d: following a redirect within %s", status, urlsplit(url).netloc)
                url = target
            raise TransportError(
                f"more than {_MAX_REDIRECTS} redirects", retryable=False, waited=exchange.waited
            )
        finally:
            set_current(None)
            self._watchdog.remove(exchange)

    def _post(
        self, exchange: Exchange, request: Request, url: str
    ) -> tuple[int, Mapping[str, str], bytes]:
        session = self._session()
        if request.limiter is not None and not exchange.limited and _socks_proxy(session, url):
            exchange.limited = True  # a SOCKS connection cannot tell when it sends: wait now
            exchange.waited += request.limiter.wait()
            self._watchdog.extend(exchange, exchange.waited)
        left = max(0.05, exchange.expires_at - time.monotonic())
        try:
            response = session.post(
                url,
                data=list(request.data),
                timeout=(min(left, 15.0), left),
                allow_redirects=False,
                stream=True,
            )
            with response:
                headers: Mapping[str, str] = CaseInsensitiveDict(response.headers)
                body = self._read(response, headers)
        except TransportError:
            raise
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            # the watchdog may not have marked it yet (a loaded machine): past the deadline,
            # a read timeout is the deadline too
            if exchange.expired or time.monotonic() >= exchange.expires_at - 0.01:
                raise TransportError(
                    f"no complete reply within {request.deadline:g} s (the deadline per request)",
                    retryable=True,
                    waited=exchange.waited,
                ) from None
            raise TransportError(
                f"connection error ({_describe(exc)})", retryable=True, waited=exchange.waited
            ) from None
        return response.status_code, headers, body

    def _read(self, response: requests.Response, headers: Mapping[str, str]) -> bytes:
        length = headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise TransportError(
                f"reply of {int(length):,} bytes refused: over the limit of {self.max_bytes:,}"
                " (try a smaller --batch-size)",
                retryable=False,
            )
        # chunks joined once at the end: growing a bytearray and copying it out cost more
        # CPU than the rest of reading a 3 MB efetch reply
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(_CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_bytes:
                raise TransportError(
                    f"reply abandoned after {self.max_bytes:,} bytes, the size limit"
                    " (try a smaller --batch-size)",
                    retryable=False,
                )
        return b"".join(chunks)

    def close(self) -> None:
        """Close every session (and its connections) and stop the watchdog."""
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._watchdog.close()


def _describe(exc: BaseException) -> str:
    """The innermost cause's class name (``ConnectionResetError``, ``IncompleteRead``)."""
    seen = exc
    for _ in range(6):
        nxt = seen.__cause__ or seen.__context__
        if nxt is None:
            break
        seen = nxt
    inner = type(seen).__name__
    outer = type(exc).__name__
    return outer if inner == outer else f"{outer}: {inner}"
