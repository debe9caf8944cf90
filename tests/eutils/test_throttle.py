"""RateLimiter: the window and its margin, 429 deferral, sharing through a file (fake clock)."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from eutils._data import FakeClock
from refgraph.eutils.throttle import MARGIN, RateLimiter, default_rate_file, load_slack


def starts_of(limiter: RateLimiter, clock: FakeClock, n: int) -> list[float]:
    out = []
    for _ in range(n):
        limiter.wait()
        out.append(clock.now)
    return out


def max_in_window(starts: list[float], width: float = 1.0) -> int:
    ordered = sorted(starts)
    return max(sum(1 for s in ordered[i:] if s < t + width) for i, t in enumerate(ordered))


def test_three_start_at_once_then_the_window_holds_the_fourth() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep, load=None)
    starts = starts_of(limiter, clock, 9)
    w = 1.0 + MARGIN
    assert starts == pytest.approx([0, 0, 0, w, w, w, 2 * w, 2 * w, 2 * w])
    assert max_in_window(starts) == 3


def test_any_four_consecutive_starts_span_the_window_plus_margin() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep, load=None)
    starts = []
    for i in range(60):  # irregular callers: sometimes idle, sometimes in a hurry
        clock.now += (i % 7) * 0.05
        limiter.wait()
        starts.append(clock.now)
    assert all(b - a >= 1.0 + MARGIN - 1e-9 for a, b in zip(starts, starts[3:], strict=False))
    # a request held up by up to MARGIN seconds after its start still cannot make four
    late = [s + (MARGIN * 0.99 if i % 3 == 0 else 0.0) for i, s in enumerate(starts)]
    assert max_in_window(late) == 3


def test_ten_per_second_with_a_key() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10.0, clock=clock, sleep=clock.sleep, load=None)
    starts = starts_of(limiter, clock, 40)
    assert max_in_window(starts) == 10
    assert starts[-1] == pytest.approx(3 * (1.0 + MARGIN))


def test_fractional_rate_stretches_the_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(0.5, clock=clock, sleep=clock.sleep, load=None)
    w = 2.0 + MARGIN
    assert starts_of(limiter, clock, 3) == pytest.approx([0, w, 2 * w])


def test_defer_blocks_the_next_start() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep, load=None)
    limiter.wait()
    limiter.defer(2.0)
    assert limiter.wait() == pytest.approx(2.0)


def test_threads_never_exceed_the_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep, load=None)
    starts: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(5):
            limiter.wait()
            with lock:
                starts.append(clock())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(starts) == 20
    assert max_in_window(starts) <= 3


def test_two_limiters_on_one_file_share_the_budget_and_the_429(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "rate" / "host-ip.rate"
    a = RateLimiter(3.0, path, clock=clock, sleep=clock.sleep, load=None)
    b = RateLimiter(3.0, path, clock=clock, sleep=clock.sleep, load=None)
    starts = []
    for limiter in (a, b, a, b, a, b):
        limiter.wait()
        starts.append(clock.now)
    assert a.shared and b.shared
    w = 1.0 + MARGIN
    assert starts == pytest.approx([0, 0, 0, w, w, w])
    a.defer(5.0)
    assert b.wait() == pytest.approx(5.0)  # blocked until now + 5 by a's 429


def test_a_broken_or_future_file_is_read_as_empty(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "x.rate"
    for content in (
        b"\xff\xfe garbage",
        b"refgraph-ratelimit-2 99999 9 0 1e12 1e12 1e12\n",
        b"refgraph-ratelimit-1 0 1 2 3\n",
        b"",
    ):
        path.write_bytes(content)
        limiter = RateLimiter(3.0, path, clock=clock, sleep=clock.sleep, load=None)
        assert limiter.wait() == 0.0
    assert path.read_bytes().startswith(b"refgraph-ratelimit-2 0.000000 0.000000 ")


def test_a_file_in_place_of_the_folder_falls_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "f").write_text("not a folder")
    clock = FakeClock()
    limiter = RateLimiter(3.0, tmp_path / "f" / "x.rate", clock=clock, sleep=clock.sleep, load=None)
    with caplog.at_level(logging.WARNING, logger="refgraph.eutils"):
        assert limiter.wait() == 0.0
    assert not limiter.shared and "keeps its own limit" in caplog.text


def test_a_slow_process_widens_the_window_for_everyone_then_it_fades(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "x.rate"
    slow = RateLimiter(3.0, path, clock=clock, sleep=clock.sleep, load=None)
    quick = RateLimiter(3.0, path, clock=clock, sleep=clock.sleep, load=None)
    slow.observe(0.15)  # its requests take 0.15 s from commit to the socket
    assert slow.slack == pytest.approx(0.3)
    starts = starts_of(slow, clock, 3) + starts_of(quick, clock, 1)
    assert starts[3] == pytest.approx(1.0 + MARGIN + 0.3)  # quick waits the wider window too
    clock.now += 60.0  # six half-lives later nobody is slow any more
    later = starts_of(quick, clock, 4)
    assert later[3] - later[0] < 1.0 + MARGIN + 0.01


def test_a_loaded_machine_widens_the_window_from_the_start() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, clock=clock, sleep=clock.sleep, load=lambda: load_slack(9.0, 2))
    assert starts_of(limiter, clock, 4)[3] == pytest.approx(1.0 + MARGIN + 0.175)
    assert limiter.slack == pytest.approx(0.175)


def test_rate_file_names_the_host_and_never_the_key(tmp_path: Path) -> None:
    url = "http://127.0.0.1:8765/entrez/eutils/"
    keyed = default_rate_file(tmp_path, url, "SECRET-KEY-123")
    assert keyed.parent == tmp_path and keyed.name.startswith("127.0.0.1_8765-key-")
    assert "SECRET" not in str(keyed)
    assert default_rate_file(tmp_path, url).name == "127.0.0.1_8765-ip.rate"
    assert default_rate_file(tmp_path, url, "other") != keyed


_CHILD = """
import sys, time
from refgraph.eutils.throttle import RateLimiter
limiter = RateLimiter(10.0, sys.argv[1])
for _ in range(12):
    limiter.wait()
    print(repr(time.time()), flush=True)
"""


def test_two_processes_share_one_window(tmp_path: Path) -> None:
    path = tmp_path / "shared.rate"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(path)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    starts = [float(line) for p in procs for line in p.communicate(timeout=60)[0].split()]
    assert len(starts) == 24
    assert max_in_window(starts, 1.0 + MARGIN / 2) <= 10


def test_a_request_written_late_is_counted_from_when_it_went_out(tmp_path: Path) -> None:
    """A thread that loses the CPU between its commit and the socket: the next starts, in
    any process sharing the limit, keep a full window from when the request went out."""
    clock = FakeClock()
    path = tmp_path / "x.rate"
    late = RateLimiter(3.0, path, clock=clock, sleep=clock.sleep, load=None)
    other = RateLimiter(3.0, path, clock=clock, sleep=clock.sleep, load=None)
    late.wait()
    clock.now += 0.8  # written 0.8 s after its start was committed (more than any slack)
    late.observe(0.8)
    starts = starts_of(other, clock, 3)  # two more fit in the window, the third waits
    assert starts[2] - 0.8 >= 1.0 + MARGIN - 1e-9  # a full window after it really went out
    arrivals = [0.8, *starts]  # as the server sees them
    assert max_in_window(arrivals) == 3
