"""RateLimiter: spacing, safety margin, Retry-After deferral and thread safety (fake clock)."""

from __future__ import annotations

import itertools
import threading

import pytest

from refgraph.eutils.throttle import SAFETY_FACTOR, RateLimiter


class FakeClock:
    """A clock that only moves when something sleeps on it (thread-safe)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)


def test_first_request_does_not_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock, clock.sleep)
    assert limiter.wait() == 0.0
    assert clock.sleeps == []


def test_three_per_second_spaces_starts_by_0_37_s() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock, clock.sleep)
    starts = []
    for _ in range(10):
        delay = limiter.wait()
        clock.now += delay  # the caller slept that long
        starts.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(gap == pytest.approx(0.37) for gap in gaps)
    # no one-second window ever holds more than 3 request starts
    for i, start in enumerate(starts):
        assert sum(1 for s in starts[i:] if s < start + 1.0) <= 3


def test_ten_per_second_with_a_key() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10.0, clock, clock.sleep)
    limiter.wait()
    assert limiter.wait() == pytest.approx(SAFETY_FACTOR / 10)


def test_time_already_passed_is_not_slept_again() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock, clock.sleep)
    limiter.wait()
    clock.now += 5.0  # the request itself took long
    assert limiter.wait() == 0.0
    clock.now += 0.1
    assert limiter.wait() == pytest.approx(0.27)


def test_defer_pushes_the_next_slot_for_retry_after() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock, clock.sleep)
    limiter.wait()
    limiter.defer(2.0)
    assert limiter.wait() == pytest.approx(2.0)
    limiter.defer(0.01)  # a shorter deferral never pulls the slot earlier
    # the clock has not moved: the next slot is still 2.0 + 0.37, not 0.01
    assert limiter.wait() == pytest.approx(2.37)


def test_threads_get_distinct_evenly_spaced_slots() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock, clock.sleep)
    delays: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(5):
            d = limiter.wait()
            with lock:
                delays.append(d)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # clock never moved: 20 requests must have been given 20 distinct slots 0.37 s apart
    assert sorted(round(d, 6) for d in delays) == [round(i * 0.37, 6) for i in range(20)]


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(0)
