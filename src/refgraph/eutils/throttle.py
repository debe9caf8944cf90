"""A thread-safe request spacer: at most ``rate`` requests per second across threads.

NCBI allows 3 requests/s without an API key and 10 with one, counted per IP (or key) in a
sliding one-second window. Spacing request *starts* exactly ``1/rate`` apart still trips
the limit now and then (network jitter bunches requests up on arrival), so, like
Biopython's 0.37 s for 3/s, the limiter adds a safety margin of :data:`SAFETY_FACTOR`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["SAFETY_FACTOR", "RateLimiter"]

#: Interval multiplier: 1/3 s x 1.11 = 0.37 s for 3/s; 0.111 s for 10/s.
SAFETY_FACTOR = 1.11


class RateLimiter:
    """Space calls to :meth:`wait` at least ``interval`` seconds apart.

    The slot is reserved under a lock, then the caller sleeps outside it, so concurrent
    threads queue up in order instead of racing. ``clock`` and ``sleep`` are injectable
    so tests need no real time.

    Example:
        >>> now = [0.0]
        >>> def advance(seconds: float) -> None:
        ...     now[0] += seconds
        >>> limiter = RateLimiter(3.0, clock=lambda: now[0], sleep=advance)
        >>> [round(limiter.wait(), 2) for _ in range(3)]
        [0.0, 0.37, 0.37]
    """

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        *,
        safety: float = SAFETY_FACTOR,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.interval = safety / rate
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: float | None = None

    def wait(self) -> float:
        """Block until the next request may start; return how long this call slept."""
        with self._lock:
            now = self._clock()
            start = now if self._next is None else max(now, self._next)
            self._next = start + self.interval
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return delay

    def defer(self, seconds: float) -> None:
        """Push the next slot at least ``seconds`` from now (after a 429's ``Retry-After``)."""
        with self._lock:
            target = self._clock() + seconds
            if self._next is None or self._next < target:
                self._next = target
