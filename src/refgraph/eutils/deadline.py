"""What the HTTP transport hooks into ``requests``: deadlines and the last-moment rate limit.

- :class:`Exchange`: one request in flight, its deadline, its sockets, its limiter;
- :class:`Watchdog`: one thread that shuts the sockets of an expired exchange (``requests``'
  own timeout is per socket read: a drip-fed reply would never end without it);
- :class:`HookedAdapter`: a ``requests`` adapter whose urllib3 connections tell the current
  exchange (a thread-local, :func:`set_current`) when a request is about to be written, on
  an open connection: the moment the rate limiter is waited for and the start committed.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any, Protocol

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = ["Exchange", "HookedAdapter", "Limiter", "Watchdog", "set_current"]


class Limiter(Protocol):
    """What an exchange needs of a rate limiter (a :class:`~.throttle.RateLimiter`)."""

    def wait(self) -> float: ...


class Exchange:
    """One request in flight: its deadline, its connections, its limiter."""

    def __init__(self, deadline: float, limiter: Limiter | None, watchdog: Watchdog) -> None:
        self.deadline = deadline
        self.limiter = limiter
        self.expires_at = time.monotonic() + deadline
        self.expired = False
        self.waited = 0.0
        self.limited = False
        self.committed: float | None = None  # when the limiter let this request go
        self._sockets: list[socket.socket] = []
        self._watchdog = watchdog

    def before_send(self, conn: HTTPConnection) -> None:
        """Called on the open connection right before the request is written."""
        sock = getattr(conn, "sock", None)
        if sock is not None:
            self._sockets.append(sock)
        if self.limiter is not None and not self.limited:
            self.limited = True
            waited = self.limiter.wait()
            self.committed = time.time()
            if waited:
                self.waited += waited
                self._watchdog.extend(self, waited)

    def sent(self) -> None:
        """Called once the request is written: tell the limiter how long that took."""
        limiter = self.limiter
        if self.committed is not None and limiter is not None:
            observe = getattr(limiter, "observe", None)
            if observe is not None:
                observe(time.time() - self.committed)
            self.committed = None

    def expire(self) -> None:
        self.expired = True
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


_current = threading.local()


def set_current(exchange: Exchange | None) -> None:
    """Make ``exchange`` the one this thread's next request reports to (None: none)."""
    _current.exchange = exchange


class _HookedConnection:
    """Mixin: tell the current exchange when a request is about to be written."""

    def request(
        self, method: str, url: str, body: Any = None, headers: Any = None, **kwargs: Any
    ) -> None:
        exchange: Exchange | None = getattr(_current, "exchange", None)
        if exchange is not None:
            if getattr(self, "sock", None) is None:
                self.connect()  # type: ignore[attr-defined]  # wait with an open connection
            exchange.before_send(self)  # type: ignore[arg-type]
        super().request(method, url, body=body, headers=headers, **kwargs)  # type: ignore[misc]
        if exchange is not None:
            exchange.sent()


class _HTTPConnection(_HookedConnection, HTTPConnection):
    pass


class _HTTPSConnection(_HookedConnection, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class HookedAdapter(HTTPAdapter):
    """An adapter whose connections (direct or through an HTTP proxy) report to the exchange."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _POOLS
        return manager


class Watchdog:
    """One thread that expires exchanges whose deadline has passed."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active: set[Exchange] = set()
        self._thread: threading.Thread | None = None
        self._closed = False

    def add(self, exchange: Exchange) -> None:
        with self._cond:
            self._active.add(exchange)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="eutils-deadline", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def remove(self, exchange: Exchange) -> None:
        with self._cond:
            self._active.discard(exchange)

    def extend(self, exchange: Exchange, seconds: float) -> None:
        with self._cond:
            exchange.expires_at += seconds
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                now = time.monotonic()
                for exchange in [e for e in self._active if e.expires_at <= now]:
                    self._active.discard(exchange)
                    exchange.expire()
                nearest = min((e.expires_at for e in self._active), default=now + 60.0)
                self._cond.wait(max(0.01, nearest - now))
            self._thread = None
