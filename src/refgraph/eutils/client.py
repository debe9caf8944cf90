"""EutilsClient: the record cache first, then NCBI E-utilities, politely and with patience.

The client is three parts (httpx's layout): a transport that sends one POST with a total
deadline, a size limit and no foreign redirects (:mod:`refgraph.eutils.transport`); a pure
reply classifier (:mod:`refgraph.eutils.classify`); and the endpoint methods below, which
batch, pipeline and cache. It implements :class:`~refgraph.pubmed.source.RecordSource`.

- Every request is a form POST with ``tool`` and ``email`` (and ``api_key`` when set) and
  waits for a slot of the machine-wide rate limit (:mod:`refgraph.eutils.throttle`: 3
  requests/s, 10 with a key, shared by every refgraph process of the user).
- Up to ``in_flight`` requests are out at once (3 at 3/s, 10 at 10/s), and replies are parsed
  while the next requests go out; results keep their order and every retry rule applies to
  each (:mod:`refgraph.eutils.calls`). :attr:`EutilsClient.concurrency` tells callers how
  many calls to run at once to keep it busy (:func:`~refgraph.pubmed.source.fetch_cited`).
- Each efetch reply is parsed once, with the XML parser, into records, by the process's
  one parse thread; each record is stored once (raw XML and JSON in one row, one
  transaction per batch).
- Failures are data: PMIDs that could not be had are ``missing`` with a reason, and every
  other endpoint's partial answer travels in the exception
  (:class:`~refgraph.errors.FetchIncompleteError` / :class:`~refgraph.errors.OfflineError`).
- The API key is never logged, cached, or shown in an error message.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from refgraph.cache import CachedSource, RecordCache, import_snapshot, store_articles
from refgraph.cache.records import load_records, paused_gc
from refgraph.cache.source import NOT_CACHED
from refgraph.config import DEFAULT_EUTILS_URL, default_rate_dir
from refgraph.errors import EutilsError, FetchIncompleteError, OfflineError
from refgraph.eutils import replies
from refgraph.eutils.calls import Caller, in_flight_for
from refgraph.eutils.endpoints import ReplyEndpoints, chunks
from refgraph.eutils.throttle import RateLimiter, default_rate_file
from refgraph.eutils.transport import DEFAULT_MAX_BYTES, RequestsTransport, Transport
from refgraph.pubmed.source import CitationMatch, CitationQuery, FetchResult, split_pmids
from refgraph.pubmed.split import ParsedArticle

if TYPE_CHECKING:
    from refgraph.config import Settings

__all__ = ["CitationMatch", "CitationQuery", "EutilsClient", "FetchResult"]

log = logging.getLogger("refgraph.eutils")

_ESUMMARY_CAP = 500
T = TypeVar("T")


class _ParseThread:
    """The one thread that parses every efetch reply of the process.

    Parsing is CPU work under the GIL, so parsing several replies at once (the pipelined
    calls' threads) finishes none sooner: the threads only hand the GIL to each other
    thousands of times. And the XML trees are allocated with ``malloc``, which gives every
    thread its own arena: trees built in twenty threads kept ~590 MB resident where one
    thread's arena, reused reply after reply, keeps ~210 MB (cold ``check`` of 10,000 PMIDs,
    ``benchmarks/bench_check.py``). The calling thread waits for its reply's records;
    exceptions reach it unchanged.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        os.register_at_fork(after_in_child=self._forget)  # a child has no such thread

    def _forget(self) -> None:
        self._lock = threading.Lock()
        self._pool = None

    def run(self, parse: Callable[[bytes], T], body: bytes) -> T:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="refgraph-parse")
            pool = self._pool
        return pool.submit(parse, body).result()


_PARSER = _ParseThread()


def _parse_in_thread(body: bytes) -> list[ParsedArticle]:
    with paused_gc():
        return replies.parse_efetch(body)


def _parse_efetch(body: bytes) -> list[ParsedArticle]:
    return _PARSER.run(_parse_in_thread, body)


class EutilsClient(ReplyEndpoints):
    """PubMed records and searches from the cache, then NCBI (efetch, esummary, elink,
    ecitmatch, esearch).

    Example:
        >>> client = EutilsClient("http://127.0.0.1:9/entrez/eutils/", offline=True)
        >>> client.fetch_records(["0", "x", "1"], partial=True).missing
        ('1',)
        >>> client.close()
    """

    def __init__(
        self,
        base_url: str = DEFAULT_EUTILS_URL,
        *,
        api_key: str = "",
        email: str = "",
        tool: str = "refgraph",
        cache: RecordCache | None = None,
        offline: bool = False,
        refresh: bool = False,
        max_age_days: float | None = None,
        batch_size: int = 200,
        rate: float | None = None,
        max_tries: int = 6,
        timeout: float = 30.0,
        patience: float = 45.0,
        budget: float | None = None,
        max_retry_after: float = 30.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        in_flight: int | None = None,
        limiter: RateLimiter | None = None,
        rate_file: str | None = None,
        transport: Transport | None = None,
        backoff: float = 0.5,
        progress: Callable[[int, int], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
# one attribute per constructor argument (a field list, not logic)
        self._api_key = api_key
        self.email = email
        self.tool = tool
        self.cache = cache
        self.offline = offline
        self.refresh = refresh
        self.max_age_days = max_age_days
        self.batch_size = batch_size
        self.progress = progress
        rate = rate or (10.0 if api_key else 3.0)
        if limiter is None:
            path = rate_file or default_rate_file(default_rate_dir(), self.base_url, api_key)
            limiter = RateLimiter(rate, path)
        self.limiter = limiter
        credentials = [
            ("tool", tool),
            *((("email", email),) if email else ()),
            *((("api_key", api_key),) if api_key else ()),
        ]
        # the transport's options passed on by name (a field list, not logic)
        self._caller = Caller(
            self.base_url,
            transport or RequestsTransport(max_bytes=max_bytes),
            limiter,
            credentials=credentials,
            secret=api_key,
            max_tries=max_tries,
            timeout=timeout,
            patience=patience,
            budget=budget,
            max_retry_after=max_retry_after,
            backoff=backoff,
            in_flight=in_flight or in_flight_for(rate),
            clock=clock,
            sleep=sleep,
        )
        self._offline_source = CachedSource(cache) if cache is not None else None
        self._own_cache = False

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> EutilsClient:
        """Build a client (and its cache, with the snapshot folders imported) from settings."""
        cache = kwargs.pop("cache", None)
        own = cache is None
        if cache is None:
            cache = RecordCache(settings.resolved_cache_path())
            for folder in settings.snapshot_dirs:
                import_snapshot(cache, folder, overwrite=False)
        options: dict[str, Any] = {
            "api_key": settings.api_key,
            "email": settings.email,
            "tool": settings.tool,
            "offline": settings.offline,
            "refresh": settings.refresh,
            "max_age_days": settings.max_age_days,
            "batch_size": settings.batch_size,
            "rate": settings.rate_limit,
            "max_tries": settings.max_tries,
            "timeout": settings.timeout,
            "patience": settings.patience,
            "budget": settings.time_budget,
            "rate_file": settings.rate_file,
        }
        options.update(kwargs)
        client = cls(settings.eutils_url, cache=cache, **options)
        client._own_cache = own
        return client

    @property
    def concurrency(self) -> int:
        """How many calls may usefully run at once (from several threads): the client is
        thread-safe, and that many keep the shared rate limit busy whatever NCBI's latency."""
        return 1 if self.offline else self._caller.workers

    @property
    def request_count(self) -> int:
        """How many HTTP requests this client has sent (retries included)."""
        return self._caller.count

    # -- efetch ------------------------------------------------------------------------------

    def fetch_records(self, pmids: Iterable[str], *, partial: bool = False) -> FetchResult:
        """Return the PubMed records of ``pmids``: from the cache first, then efetch.

        Raises (only with ``partial=False``, and after storing what was fetched):
            OfflineError: offline, and some PMIDs are not cached (or unusable there).
            FetchIncompleteError: some PMIDs could not be fetched; ``reasons`` says why.
        """
        wanted, malformed = split_pmids(pmids)
        records: dict[str, Any] = {}
        unusable: dict[str, str] = {}
        if self.cache is not None and (self.offline or not self.refresh):
            found = load_records(self.cache, wanted, None if self.offline else self.max_age_days)
            records.update(found.records)
            unusable = found.unusable
        from_cache = len(records)
        todo = [p for p in wanted if p not in records]
        log.debug(
            "records: %d PMID(s) asked, %d from the cache, %d unusable there, %d to fetch%s",
            len(wanted), from_cache, len(unusable), len(todo), " (offline)" if self.offline else "",
        )  # fmt: skip
        not_found = list(malformed)
        reasons: dict[str, str] = {}
        if todo and self.offline:
            reasons = {p: unusable.get(p, NOT_CACHED) for p in todo}
        elif todo:
            reasons = self._efetch_all(todo, records, not_found)
        missing = tuple(p for p in todo if p in reasons)
        result = FetchResult(
            records={p: records[p] for p in wanted if p in records},
            not_found=tuple(not_found),
            missing=missing,
            from_cache=from_cache,
            fetched=len(records) - from_cache,
            reasons=reasons,
        )
        if missing and not partial:
            if self.offline:
                raise OfflineError(missing, partial=result)
            first = reasons[missing[0]]
            raise FetchIncompleteError(
                f"efetch failed ({first}); {result.fetched} record(s) fetched and cached",
                missing,
                reasons=reasons,
                partial=result,
            )
        return result

    def _efetch_all(
        self, todo: list[str], records: dict[str, Any], not_found: list[str]
    ) -> dict[str, str]:
        """Fetch ``todo`` in pipelined batches into ``records``; return ``{pmid: reason}``
        for those that could not be fetched."""
        reasons: dict[str, str] = {}
        done = 0

        def run(batch: Sequence[str]) -> list[ParsedArticle]:
            params = [("db", "pubmed"), ("retmode", "xml"), ("id", ",".join(batch))]
            return self._caller.call(
                "efetch.fcgi", params, _parse_efetch, ids=len(batch), on_empty_ids=list
            )

        for batch, result in self._caller.pipelined(chunks(todo, self.batch_size), run):
            if isinstance(result, EutilsError):
                reasons.update(dict.fromkeys(batch, self._why(result)))
            else:
                asked = set(batch)
                got = [a for a in result if a.pmid in asked]
                if self.cache is not None and got:
                    store_articles(self.cache, got)
                records.update((a.pmid, a.record) for a in got)
                have = {a.pmid for a in got}
                not_found.extend(p for p in batch if p not in have)
            done += len(batch)
            if self.progress is not None:
                self.progress(done, len(todo))
        return reasons

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        """Stop the request threads, close the connections and, when this client opened it,
        the cache."""
        self._caller.close()
        if self._own_cache and self.cache is not None:
            self.cache.close()

    def __enter__(self) -> EutilsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        key = ", api_key=***" if self._api_key else ""
        return f"EutilsClient({self.base_url!r}{key}, offline={self.offline})"
