"""One NCBI rate limit per machine: a sliding-window limiter shared through a lock file.

NCBI allows 3 requests/s without an API key and 10 with one, counted per IP address (or key)
in a sliding one-second window, across every process. A per-process limiter lets two runs
on one machine send twice the budget (two builds at once got 429 on 52 of 132 requests), so
:class:`RateLimiter` keeps its state in a small file that every refgraph process of the user
locks (``flock``) for the few microseconds it reads and updates it.

The rule: a request may start when fewer than ``limit`` requests started in the last
``window`` seconds, where ``window`` is one second plus :data:`MARGIN`; any ``limit + 1``
consecutive starts therefore span at least ``window``. A start is committed at the moment
it is allowed, right before the request is written to the socket (the transport calls
:meth:`RateLimiter.wait` there, after the connection is open), so a thread or process that
is held up by CPU load only starts later, never closer to the others. The margin covers what
is left: the time between the commit and the request's arrival at NCBI.

A request that is written late (its thread lost the CPU between the commit and the socket)
is moved, in the shared state, to the moment it really went out (:meth:`RateLimiter.observe`),
so the starts after it are spaced from when NCBI sees it, not from when it was allowed.
Under CPU load the margin also grows by itself: the limiter watches how late its own sleeps wake
up and how long a committed request takes to be written (:meth:`RateLimiter.observe`), and
widens its window by twice the worst recent delay (up to :data:`MAX_SLACK`), shrinking back
as the machine calms down. Before it has seen a delay, the machine's load average stands in
(:func:`load_slack`: more runnable processes than cores means scheduling delays). A request
that is held up can then not join the next window's.

A 429 backs everyone off: :meth:`RateLimiter.defer` writes a "blocked until" time that
every process sharing the file honours.

When the file cannot be used (read-only folder, no ``fcntl`` on the platform, a lock held
for seconds) the limiter says so once in the log and keeps its state in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

try:  # POSIX only; elsewhere the state stays in memory
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["MARGIN", "MAX_SLACK", "RateLimiter", "default_rate_file", "load_slack"]

log = logging.getLogger("refgraph.eutils")

#: Seconds added to NCBI's one-second window: a request that is committed but reaches NCBI
#: up to this much later than the next ones still cannot make a window hold one too many.
#: (Network jitter; the machine's own scheduling delays widen the window on top, see above.)
MARGIN = 0.05
#: The most the window widens under load (on top of MARGIN).
MAX_SLACK = 0.4
#: The longest "blocked until" honoured from the file (a longer one is a stale or broken file).
_MAX_BLOCK = 120.0
#: How long to try for the file lock before falling back to the in-memory state.
_LOCK_PATIENCE = 2.0
_FORMAT = "refgraph-ratelimit-2"
#: How fast a shared slack fades once no process reports delays any more (halves per ...).
_SLACK_HALF_LIFE = 10.0
#: A request written this much after its committed start is moved to when it went out.
_MOVE_AFTER = 0.005


def load_slack(load: float | None = None, cores: int | None = None) -> float:
    """Slack for a machine with ``load`` runnable processes (1-minute average) on ``cores``.

    >>> load_slack(1.0, 2), load_slack(9.0, 2)
    (0.0, 0.175)
    """
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):  # not on this platform
            return 0.0
    cores = cores or os.cpu_count() or 1
    return round(min(MAX_SLACK, 0.05 * max(0.0, load / cores - 1.0)), 6)


def default_rate_file(cache_dir: Path, base_url: str, api_key: str = "") -> Path:
    """The shared limiter file for one E-utilities host and budget (the IP's, or a key's).

    The key itself is never written anywhere; its budget is told apart by a digest.

    >>> default_rate_file(Path("/c"), "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/").name
    'eutils.ncbi.nlm.nih.gov-ip.rate'
    """
    parts = urlsplit(base_url)
    host = (parts.hostname or "local") + (f"_{parts.port}" if parts.port else "")
    who = "key-" + hashlib.sha256(api_key.encode()).hexdigest()[:16] if api_key else "ip"
    return cache_dir / f"{host}-{who}.rate"


@dataclass
class _State:
    """Start times of the last ``limit`` requests, the time a 429 blocks everyone until, and
    the slack the slowest process asked for (at ``slack_at``): shared, because a request one
    process sends late can bunch up with the on-time requests of any other."""

    starts: list[float] = field(default_factory=list)
    blocked_until: float = 0.0
    slack: float = 0.0
    slack_at: float = 0.0

    def shared_slack(self, now: float, mine: float) -> float:
        """Fold this process's slack into the shared one (which fades); return it."""
        faded: float = self.slack * 0.5 ** (max(0.0, now - self.slack_at) / _SLACK_HALF_LIFE)
        if mine >= faded:
            self.slack, self.slack_at = mine, now
            return mine
        return faded

    def delay(self, now: float, limit: int, window: float) -> float:
        """Seconds until a request may start (0 when it may start now)."""
        ready = self.blocked_until
        if len(self.starts) >= limit:
            ready = max(ready, self.starts[-limit] + window)
        return max(0.0, ready - now)

    def commit(self, now: float, limit: int) -> None:
        self.starts.append(now)
        del self.starts[:-limit]

    def move(self, start: float, to: float) -> None:
        """The request committed at ``start`` really went out at ``to``: count it there."""
        for i, t in enumerate(self.starts):
            if abs(t - start) < 2e-6:  # the file keeps microseconds
                self.starts[i] = max(t, to)
                self.starts.sort()
                return

    def sane(self, now: float, window: float) -> None:
        """Forget times a clock jump or a broken file put in the future."""
        if self.starts and self.starts[-1] > now + window:
            self.starts.clear()
        if self.blocked_until > now + _MAX_BLOCK:
            self.blocked_until = 0.0
        if not 0.0 <= self.slack <= MAX_SLACK or self.slack_at > now + window:
            self.slack = self.slack_at = 0.0

    def dumps(self) -> bytes:
        times = " ".join(f"{t:.6f}" for t in self.starts)
        head = f"{_FORMAT} {self.blocked_until:.6f} {self.slack:.6f} {self.slack_at:.6f}"
        return f"{head} {times}\n".encode()

    @classmethod
    def loads(cls, data: bytes) -> _State:
        try:
            head, blocked, slack, slack_at, *times = data.decode("ascii").split()
            if head != _FORMAT:
                return cls()
            return cls(
                sorted(float(t) for t in times), float(blocked), float(slack), float(slack_at)
            )
        except (UnicodeDecodeError, ValueError):
            return cls()  # empty, torn or foreign: start afresh (at worst one short burst)


class RateLimiter:
    """At most ``rate`` request starts per second, shared by every process using ``path``.

    ``path=None`` keeps the state in this process only. ``clock`` and ``sleep`` are
    injectable, so tests need no real time; every process sharing a file must use the
    same clock (the default, :func:`time.time`). ``load`` gives the slack the machine's
    load asks for (:func:`load_slack`; None: none).

    Example:
        >>> now = [0.0]
        >>> def advance(seconds: float) -> None:
        ...     now[0] += seconds
        >>> limiter = RateLimiter(3.0, clock=lambda: now[0], sleep=advance, load=None)
        >>> [round(limiter.wait(), 2) for _ in range(5)]
        [0.0, 0.0, 0.0, 1.05, 0.0]
    """

    def __init__(
        self,
        rate: float,
        path: str | Path | None = None,
        *,
        margin: float = MARGIN,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        load: Callable[[], float] | None = load_slack,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.limit = max(1, int(rate))
        self.window = max(1.0, self.limit / rate) + margin
        self.path = Path(path) if path is not None else None
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._memory = _State()
        self._shared = self.path is not None and fcntl is not None
        self._slack = 0.0  # extra window seconds while the machine is slow to schedule us
        self._load = load  # slack from the machine's load (None: not used)
        self._load_slack = 0.0
        self._load_at = float("-inf")  # when the load average was last read
        self._committed = threading.local()  # .start: this thread's last committed start

    @property
    def shared(self) -> bool:
        """Whether the state lives in the shared file (False: in this process only)."""
        return self._shared

    @contextlib.contextmanager
    def _state(self) -> Iterator[_State]:
        with self._lock:
            if self._shared:
                try:
                    with self._file_state() as state:
                        yield state
                    return
                except OSError as exc:
                    self._shared = False
                    log.warning(
                        "rate limit: cannot use %s (%s); this process keeps its own limit",
                        self.path,
                        exc,
                    )
            yield self._memory

    @contextlib.contextmanager
    def _file_state(self) -> Iterator[_State]:
        assert self.path is not None and fcntl is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock_file(fd)
            state = _State.loads(os.read(fd, 65536))
            before = state.dumps()
            yield state
            after = state.dumps()
            if after != before:
                os.lseek(fd, 0, os.SEEK_SET)
                os.ftruncate(fd, 0)
                os.write(fd, after)
        finally:
            os.close(fd)  # releases the lock

    @property
    def slack(self) -> float:
        """Seconds the window is widened by now, because of recent scheduling delays."""
        return max(self._slack, self._load_slack)

    def _current_slack(self) -> float:
        now = time.monotonic()
        if self._load is not None and now - self._load_at > 5.0:  # it moves slowly
            self._load_at = now
            self._load_slack = self._load()
        return max(self._slack, self._load_slack)

    def observe(self, delay: float) -> None:
        """Report how long the request this thread's :meth:`wait` committed took to be
        written. A late one is counted from when it really went out (for every process
        sharing the limit), so later starts keep their distance from it."""
        with self._lock:
            self._note(delay)
        start = getattr(self._committed, "start", None)
        self._committed.start = None
        if start is not None and delay > _MOVE_AFTER:
            with self._state() as state:
                state.move(start, start + delay)

    def _note(self, delay: float) -> None:
        self._slack = min(MAX_SLACK, max(2.0 * delay, self._slack * 0.9))

    def wait(self) -> float:
        """Block until a request may start, commit its start; return the seconds slept."""
        slept = 0.0
        while True:
            with self._state() as state:
                now = self._clock()
                state.sane(now, self.window + MAX_SLACK)
                window = self.window + state.shared_slack(now, self._current_slack())
                delay = state.delay(now, self.limit, window)
                if delay <= 0.0:
                    state.commit(now, self.limit)
                    self._committed.start = now
                    return slept
            # Someone else may take the slot meanwhile: check again after the sleep.
            self._sleep(delay)
            slept += delay
            late = self._clock() - (now + delay)
            with self._lock:
                self._note(max(0.0, late))

    def defer(self, seconds: float) -> None:
        """Block every process sharing the limit for ``seconds`` (after a 429)."""
        with self._state() as state:
            until = self._clock() + min(seconds, _MAX_BLOCK)
            state.blocked_until = max(state.blocked_until, until)

    def __repr__(self) -> str:
        where = str(self.path) if self._shared else "this process"
        return f"RateLimiter({self.limit} per {self.window:.2f} s, {where})"


def _lock_file(fd: int) -> None:
    """``flock`` the file, polling; an ``OSError`` after :data:`_LOCK_PATIENCE` seconds."""
    assert fcntl is not None
    deadline = time.monotonic() + _LOCK_PATIENCE
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise OSError("the lock stayed held for 2 s") from None
            time.sleep(0.001)
