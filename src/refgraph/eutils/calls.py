"""Calling E-utilities with bounded patience: retries, back-off, a time budget, pipelining.

:class:`Caller` sends one request through a :class:`~refgraph.eutils.transport.Transport`,
sorts the reply with :func:`~refgraph.eutils.classify.classify`, and retries what is worth
retrying (up to ``max_tries``, exponential back-off with jitter, ``Retry-After`` honoured up
to ``max_retry_after`` seconds). A 429 backs off every process sharing the rate limit.

Patience is bounded in two ways, and when either runs out the caller gives up for good
(every later call fails at once with the same reason, so a run ends with what it has):

- ``patience``: seconds without a usable reply while requests keep failing (45 s by
  default: a dead, drip-feeding or throttling server ends the run well within a minute);
- ``budget``: seconds for all the network work of this caller (none by default).

:meth:`Caller.pipelined` runs several calls at once (each still waits for the shared rate
limiter before it is sent) and yields their results in order. At most ``in_flight``
requests are out at a time, but twice as many calls run, so that a reply is parsed while
the next request is already on its way: a thread that parses holds no request slot.

Requests are logged on the ``refgraph.eutils`` logger: one INFO line per reply (endpoint,
ids, status, seconds, rate-limit wait), DEBUG for detail. The API key is never logged.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from refgraph.errors import EutilsError, EutilsHTTPError, RateLimitError
from refgraph.eutils.classify import Done, Fail, Outcome, Retry, classify
from refgraph.eutils.throttle import RateLimiter
from refgraph.eutils.transport import Request, Response, Transport, TransportError

__all__ = ["Caller", "GaveUpError", "in_flight_for"]

log = logging.getLogger("refgraph.eutils")

T = TypeVar("T")
J = TypeVar("J")
R = TypeVar("R")

_MAX_BACKOFF = 30.0


class GaveUpError(EutilsError):
    """The caller's patience or time budget ran out; nothing more is asked of NCBI."""


class _Patience:
    """Seconds left before giving up: no usable reply for ``patience`` s, or ``budget`` used.

    The stall clock starts when a request goes out while nothing is failing (so idle time
    between calls does not count) and restarts at every usable reply.
    """

    def __init__(self, patience: float, budget: float | None, clock: Callable[[], float]) -> None:
        self.patience = patience
        self.budget = budget
        self._clock = clock
        self._lock = threading.Lock()
        self._deadline = None if budget is None else clock() + budget
        self._stall_start = clock()
        self._active = 0
        self._failing = False
        self.reason = ""

    def _left(self) -> tuple[float, str]:
        now = self._clock()
        left = self._stall_start + self.patience - now
        if self._deadline is not None and self._deadline - now < left:
            return self._deadline - now, f"the time budget of {self.budget:g} s ran out"
        return left, f"no usable reply from NCBI within {self.patience:g} s (the patience)"

    def left(self) -> float:
        """Seconds left; :class:`GaveUpError` when none (then forever)."""
        with self._lock:
            if self.reason:
                raise GaveUpError(self.reason)
            left, why = self._left()
        if left <= 0:
            raise self.give_up(f"{why}; E-utilities not asked any more in this run")
        return left

    def exhausted(self) -> GaveUpError:
        """Give up now because the next wait would outlast the patience or the budget."""
        with self._lock:
            _, why = self._left()
        return self.give_up(
            f"{why.replace(' is used up', ' would be used up')}; E-utilities"
            " not asked any more in this run"
        )

    def started(self) -> None:
        with self._lock:
            if self._active == 0 and not self._failing:
                self._stall_start = self._clock()
            self._active += 1

    def finished(self, good: bool) -> None:
        with self._lock:
            self._active -= 1
            if good:
                self._failing = False
                self._stall_start = self._clock()
            else:
                self._failing = True

    def give_up(self, reason: str) -> GaveUpError:
        with self._lock:
            if not self.reason:
                self.reason = reason
                log.warning("giving up on NCBI E-utilities: %s", reason)
            return GaveUpError(self.reason)


class Caller:
    """Sends E-utilities requests with retries, shared rate limit, patience and a budget."""

    def __init__(
        self,
        base_url: str,
        transport: Transport,
        limiter: RateLimiter,
        *,
        credentials: Sequence[tuple[str, str]] = (),
        secret: str = "",
        max_tries: int = 6,
        timeout: float = 30.0,
        patience: float = 45.0,
        budget: float | None = None,
        max_retry_after: float = 30.0,
        backoff: float = 0.5,
        in_flight: int = 3,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url
        self.transport = transport
        self.limiter = limiter
        self._credentials = tuple(credentials)
        self._secret = secret
        self.max_tries = max(1, max_tries)
        self.timeout = timeout
        self.max_retry_after = max_retry_after
        self.backoff = backoff
        self.in_flight = max(1, in_flight)
        #: calls run at once: twice the requests in flight (half of them parse, see above)
        self.workers = 2 * self.in_flight
        self._slots = threading.BoundedSemaphore(self.in_flight)
        self.patience = _Patience(patience, budget, clock)
        self._sleep = sleep
        self._random = random.Random()
        self._count = 0
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    @property
    def count(self) -> int:
        """HTTP requests sent (retries included)."""
        return self._count

    def redact(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text

    # -- one call ------------------------------------------------------------------------------

    def _send(self, url: str, params: Sequence[tuple[str, str]]) -> Response | TransportError:
        with self._slots:  # at most in_flight requests out at once
            deadline = min(self.timeout, self.patience.left())
            with self._lock:
                self._count += 1
            return self._exchange(url, params, deadline)

    def _exchange(
        self, url: str, params: Sequence[tuple[str, str]], deadline: float
    ) -> Response | TransportError:
        try:
            return self.transport.send(
                Request(url, [*params, *self._credentials], deadline, self.limiter)
            )
        except TransportError as exc:
            return exc

    def call(
        self,
        endpoint: str,
        params: Sequence[tuple[str, str]],
        parse: Callable[[bytes], T],
        *,
        ids: int = 0,
        on_empty_ids: Callable[[], T] | None = None,
    ) -> T:
        """POST ``params`` to ``endpoint``; return ``parse(body)`` of the first usable reply.

        Raises :class:`GaveUpError` (patience or budget), :class:`EutilsHTTPError` (a reply
        that will not change, or every try failed), :class:`RateLimitError` (429 to the end).
        """
        url = self.base_url + endpoint
        last: Outcome[T] = Retry("not sent")
        for attempt in range(1, self.max_tries + 1):
            self.patience.started()
            if log.isEnabledFor(logging.DEBUG):
                log.debug("%s: try %d, POST %s", endpoint, attempt, self.redact(_shown(params)))
            reply = self._send(url, params)
            if isinstance(reply, TransportError):
                outcome: Outcome[T] = (Retry if reply.retryable else Fail)(self.redact(str(reply)))
                status, elapsed, waited = "no reply", 0.0, reply.waited
            else:
                outcome = classify(
                    reply.status,
                    reply.headers,
                    reply.body,
                    parse,
                    now=time.time(),
                    on_empty_ids=on_empty_ids,
                )
                status, elapsed, waited = f"HTTP {reply.status}", reply.elapsed, reply.waited
            good = isinstance(outcome, Done)
            self.patience.finished(good)
            if not isinstance(reply, TransportError):
                log.debug("%s: reply of %d bytes, Content-Type %s, Retry-After %s", endpoint,
                          len(reply.body), reply.headers.get("Content-Type", "-"),
                          reply.headers.get("Retry-After", "-"))  # fmt: skip
            log.info(
                "%s: %d id(s), %s in %.2f s (waited %.2f s for the rate limit)%s",
                endpoint,
                ids,
                status,
                elapsed,
                waited,
                "" if good else f"; try {attempt}: {self.redact(_reason(outcome))}",
            )
            if isinstance(outcome, Done):
                return outcome.value
            if isinstance(outcome, Fail):
                raise EutilsHTTPError(
                    self.redact(f"{url}: {outcome.reason}"), outcome.status, self.redact(url)
                )
            last = outcome
            if outcome.throttled:
                self.limiter.defer(outcome.retry_after if outcome.retry_after is not None else 2.0)
            if attempt < self.max_tries:
                delay = self._delay(endpoint, attempt, outcome)
                log.debug("%s: next try in %.2f s", endpoint, delay)
                self._sleep(delay)
        message = self.redact(
            f"{url}: gave up after {self.max_tries} tries; last problem: {_reason(last)}"
        )
        if isinstance(last, Retry) and last.throttled:
            raise RateLimitError(message, 429, self.redact(url))
        raise EutilsHTTPError(message, 0, self.redact(url))

    def _delay(self, endpoint: str, attempt: int, outcome: Retry) -> float:
        """The wait before the next try; give up when it is longer than the patience left.

        A ``Retry-After`` longer than all the patience left ends the run's network work at
        once (NCBI said it will not answer in time); one up to the patience is honoured, but
        never for more than ``max_retry_after`` seconds (with a message saying so).
        """
        backoff = min(self.backoff * 2 ** (attempt - 1), _MAX_BACKOFF)
        delay: float = backoff * self._random.uniform(0.5, 1.5)
        left = self.patience.left()
        asked = outcome.retry_after
        if asked is not None and asked >= left:
            raise self.patience.give_up(
                f"{endpoint}: NCBI asked refgraph to wait {asked:.0f} s ({outcome.reason}),"
                f" longer than the {left:.0f} s of patience left; E-utilities not asked any"
                " more in this run"
            )
        if asked is not None and asked > delay:
            delay = min(asked, self.max_retry_after)
            if asked > self.max_retry_after:
                log.warning(
                    "%s: NCBI asked refgraph to wait %.0f s (%s); waiting %.0f s, the longest"
                    " refgraph waits",
                    endpoint,
                    asked,
                    outcome.reason,
                    delay,
                )
            elif asked >= 5:
                log.warning(
                    "%s: NCBI asked refgraph to wait %.0f s (%s); waiting",
                    endpoint,
                    asked,
                    outcome.reason,
                )
        if delay >= left:
            raise self.patience.exhausted()
        return delay

    # -- many calls at once ----------------------------------------------------------------------

    def pipelined(
        self, jobs: Sequence[J], run: Callable[[J], R]
    ) -> Iterator[tuple[J, R | EutilsError]]:
        """Run ``run(job)`` for every job, up to :attr:`workers` at once; yield
        ``(job, result or the EutilsError it raised)`` in the order of ``jobs``."""
        if len(jobs) <= 1 or self.workers <= 1:
            for job in jobs:
                yield job, _guarded(run, job)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="eutils")
        pending: deque[tuple[J, Future[R | EutilsError]]] = deque()
        queue = iter(jobs)

        def submit() -> None:
            for job in queue:
                pending.append((job, self._pool.submit(_guarded, run, job)))  # type: ignore[union-attr]
                return

        try:
            for _ in range(self.workers):
                submit()
            while pending:
                job, future = pending.popleft()
                result = future.result()
                submit()
                yield job, result
        finally:
            for _, future in pending:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self.transport.close()


def _guarded(run: Callable[[J], R], job: J) -> R | EutilsError:
    try:
        return run(job)
    except EutilsError as exc:
        return exc


def _reason(outcome: Outcome[T]) -> str:
    return outcome.reason if isinstance(outcome, Retry | Fail) else "ok"


def in_flight_for(rate: float) -> int:
    """Requests in flight for a rate: enough to keep the limiter busy at 1 s per reply.

    >>> in_flight_for(3.0), in_flight_for(10.0)
    (3, 10)
    """
    return max(2, min(10, math.ceil(rate)))


def _shown(params: Sequence[tuple[str, str]], limit: int = 5) -> str:
    """``params`` for a debug line: long id lists cut to their first ``limit`` ids.

    >>> _shown([("db", "pubmed"), ("id", "1,2,3,4,5,6,7")])
    'db=pubmed&id=1,2,3,4,5,...(7 ids)'
    """
    out = []
    for name, value in params:
        ids = value.split(",") if name == "id" else []
        if len(ids) > limit:
            value = ",".join(ids[:limit]) + f",...({len(ids)} ids)"
        out.append(f"{name}={value[:200]}")
    return "&".join(out)
