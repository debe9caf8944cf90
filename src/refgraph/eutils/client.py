"""EutilsClient: polite, retrying, caching access to NCBI E-utilities over ``requests``.

- Every request is a form POST (id lists never hit URL-length limits), carries ``tool``
  and ``email`` (and ``api_key`` when set), and waits for a slot from a shared
  :class:`~refgraph.eutils.throttle.RateLimiter` (3 requests/s, 10 with a key).
- Transient failures are retried with exponential backoff and jitter, honouring
  ``Retry-After``: HTTP 429/500/502/503/504, connection errors, and 200 replies that are
  empty, prolog-only, truncated, HTML, or carry a transient ``<ERROR>``.
- Records are mapped by their own ``MedlineCitation/PMID``; unknown, deleted and malformed
  PMIDs come back as ``not_found``. Fetched records go to the :class:`RecordCache` at once,
  so a later failure never loses them.
- The API key is never logged, cached, or shown in an error message.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, TypeVar

import requests

from refgraph.cache import RecordCache, request_key
from refgraph.config import DEFAULT_EUTILS_URL
from refgraph.errors import (
    EutilsError,
    EutilsHTTPError,
    EutilsResponseError,
    FetchIncompleteError,
    OfflineError,
    RateLimitError,
)
from refgraph.eutils import replies
from refgraph.eutils._records import RecordMap, _ParsedWriter
from refgraph.eutils.replies import RetryableReply
from refgraph.eutils.throttle import RateLimiter
from refgraph.ids import normalize_pmid
from refgraph.pubmed.source import CitationMatch, CitationQuery, FetchResult

if TYPE_CHECKING:
    from refgraph.config import Settings

__all__ = [
    "RETRYABLE_STATUS",
    "CitationMatch",
    "CitationQuery",
    "EutilsClient",
    "FetchResult",
]

log = logging.getLogger("refgraph.eutils")

#: HTTP statuses that are retried (with ``Retry-After`` honoured when sent).
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
_NETWORK_ERRORS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)
_MAX_DELAY = 60.0
_ESUMMARY_CAP = 500
_EMPTY_ID_LIST = "ID list is empty"

T = TypeVar("T")


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class EutilsClient:
    """A client for the E-utilities PubMed uses: efetch, esummary, elink, ecitmatch, esearch.

    Example:
        >>> client = EutilsClient("http://127.0.0.1:9/entrez/eutils/", offline=True)
        >>> client.fetch_records(["0", "x"], partial=True).not_found
        ('0', 'x')
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
        backoff: float = 0.5,
        progress: Callable[[int, int], None] | None = None,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._api_key = api_key
        self.email = email
        self.tool = tool
        self.cache = cache
        self.offline = offline
        self.refresh = refresh
        self.max_age_days = max_age_days
        self.batch_size = batch_size
        self.max_tries = max(1, max_tries)
        self.timeout = timeout
        self.backoff = backoff
        self.progress = progress
        self.throttle = RateLimiter(rate or (10.0 if api_key else 3.0), clock, sleep)
        self._sleep = sleep
        self._own_session = session is None
        self._session = session or requests.Session()
        self._own_cache = False
        self._count = 0
        self._count_lock = threading.Lock()
        self._random = random.Random()
        self._writer = _ParsedWriter(cache) if cache is not None else None

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> EutilsClient:
        """Build a client (and its cache, with the snapshot folders imported) from settings."""
        cache = kwargs.pop("cache", None)
        own = cache is None
        if cache is None:
            cache = RecordCache(settings.resolved_cache_path())
            for folder in settings.snapshot_dirs:
                cache.import_dir(folder, overwrite=False)
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
        }
        options.update(kwargs)
        client = cls(settings.eutils_url, cache=cache, **options)
        client._own_cache = own
        return client

    # -- plumbing --------------------------------------------------------------------------

    @property
    def request_count(self) -> int:
        """How many HTTP requests this client has sent (retries included)."""
        return self._count

    def _redact(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        base = min(self.backoff * 2 ** (attempt - 1), _MAX_DELAY)
        delay: float = base * self._random.uniform(0.5, 1.5)
        return max(delay, retry_after) if retry_after is not None else delay

    def _call(
        self,
        endpoint: str,
        params: list[tuple[str, str]],
        parse: Callable[[bytes], T],
        *,
        on_empty_ids: Callable[[], T] | None = None,
    ) -> T:
        """POST ``params`` to ``endpoint`` and return ``parse(body)``, retrying transient faults.

        ``parse`` raises :class:`RetryableReply` for a bad body that is worth retrying.
        """
        if self.offline:
            raise EutilsError(f"{endpoint}: offline mode, no network requests allowed")
        url = self.base_url + endpoint
        data = [*params, ("tool", self.tool)]
        if self.email:
            data.append(("email", self.email))
        if self._api_key:
            data.append(("api_key", self._api_key))
        last = ""
        last_status = 0
        for attempt in range(1, self.max_tries + 1):
            self.throttle.wait()
            with self._count_lock:
                self._count += 1
            log.debug("POST %s (%d params, try %d)", url, len(params), attempt)
            retry_after: float | None = None
            try:
                response = self._session.post(url, data=data, timeout=self.timeout)
                body = response.content
            except _NETWORK_ERRORS as exc:
                last, last_status = f"connection error ({type(exc).__name__})", 0
            else:
                status = response.status_code
                last_status = status
                if status == 200:
                    try:
                        return parse(body)
                    except RetryableReply as exc:
                        last = str(exc)
                elif status in RETRYABLE_STATUS:
                    retry_after = _retry_after(response)
                    last = f"HTTP {status}" + (f": {replies.error_text(body)}" if body else "")
                    if status == 429:
                        self.throttle.defer(retry_after if retry_after is not None else 1.0)
                else:
                    message = replies.error_text(body)
                    if status == 400 and _EMPTY_ID_LIST in message and on_empty_ids:
                        return on_empty_ids()
                    if status == 400 and replies.is_retryable_message(message or "unknown error"):
                        last = f"HTTP 400: {message or 'no detail'}"
                    else:
                        detail = f"{url}: HTTP {status}" + (f": {message}" if message else "")
                        raise EutilsHTTPError(
                            self._redact(detail),
                            status,
                            url,
                        )
            log.debug("%s: %s", endpoint, self._redact(last))
            if attempt < self.max_tries:
                self._sleep(self._delay(attempt, retry_after))
        message = self._redact(f"{url}: gave up after {self.max_tries} tries; last problem: {last}")
        if last_status == 429:
            raise RateLimitError(message, 429, url)
        raise EutilsHTTPError(message, last_status, url)

    def _cached_reply(self, key: str) -> bytes | None:
        if self.cache is None or (self.refresh and not self.offline):
            return None
        return self.cache.get_reply(key, None if self.offline else self.max_age_days)

    def _store_reply(self, key: str, body: bytes) -> None:
        if self.cache is not None:
            self.cache.put_reply(key, body)

    # -- efetch ----------------------------------------------------------------------------

    def _parse_efetch(self, body: bytes) -> list[tuple[str, bytes]]:
        from refgraph.pubmed.parse import iter_article_xml

        replies.check_body(body, "efetch")
        if b"<PubmedArticleSet" not in body[:8192]:
            replies.check_xml(body, "efetch")  # raises for <ERROR>, HTML, broken XML
            raise RetryableReply("efetch: reply is not a PubmedArticleSet")
        try:
            return list(iter_article_xml(body))
        except EutilsResponseError:
            replies.check_xml(body, "efetch")  # retryable when truncated or transient
            raise

    def fetch_records(self, pmids: Iterable[str], *, partial: bool = False) -> FetchResult:
        """Return the PubMed records of ``pmids``: from the cache first, then efetch.

        Raises:
            FetchIncompleteError: (online, ``partial=False``) some PMIDs could not be
                fetched after every retry; those fetched are cached before raising.
            OfflineError: (offline, ``partial=False``) some PMIDs are not cached.
        """
        unique: dict[str, None] = {}
        not_found: list[str] = []
        for item in pmids:
            pmid = normalize_pmid(str(item))
            if pmid is None:
                not_found.append(str(item))
            else:
                unique[pmid] = None
        wanted = list(unique)
        raw: dict[str, bytes | None] = {}
        parsed_json: dict[str, str] = {}
        stamps: dict[str, float] = {}
        if self.cache is not None and (self.offline or not self.refresh):
            from refgraph.pubmed.parse import RECORD_JSON_VERSION

            age = None if self.offline else self.max_age_days
            for pmid, row in self.cache.get_records(wanted, age, RECORD_JSON_VERSION).items():
                raw[pmid] = row.xml
                stamps[pmid] = row.fetched_at
                if row.parsed is not None:
                    parsed_json[pmid] = row.parsed
        from_cache = len(raw)
        todo = [p for p in wanted if p not in raw]
        missing: list[str] = []
        fetched = 0
        if todo and self.offline:
            if not partial:
                raise OfflineError(todo)
            missing = todo
        elif todo:
            fetched, missing, error = self._efetch_all(todo, raw, stamps, not_found)
            if missing and not partial:
                raise FetchIncompleteError(
                    f"efetch failed ({self._redact(str(error))}); "
                    f"{fetched} record(s) fetched and cached",
                    missing,
                )
        records = RecordMap({p: raw[p] for p in wanted if p in raw}, parsed_json, stamps,
                             self.cache, self._writer)  # fmt: skip
        return FetchResult(
            records=records,
            not_found=tuple(dict.fromkeys(not_found)),
            missing=tuple(missing),
            from_cache=from_cache,
            fetched=fetched,
        )

    def _efetch_all(
        self,
        todo: list[str],
        raw: dict[str, bytes | None],
        stamps: dict[str, float],
        not_found: list[str],
    ) -> tuple[int, list[str], EutilsError | None]:
        """Fetch ``todo`` in batches into ``raw`` (cache times into ``stamps``); return
        (fetched, missing, error)."""
        fetched = 0
        done = 0
        for batch in _chunks(todo, self.batch_size):
            params = [("db", "pubmed"), ("retmode", "xml"), ("id", ",".join(batch))]
            try:
                pairs: list[tuple[str, bytes]] = self._call(
                    "efetch.fcgi", params, self._parse_efetch, on_empty_ids=list
                )
            except EutilsError as exc:
                # Stop at the first batch that fails after every retry: NCBI is down or
                # refusing us, and hammering it with the remaining batches would not help.
                log.debug("efetch gave up: %s", self._redact(str(exc)))
                return fetched, todo[done:], exc
            asked = set(batch)
            got = {pmid: xml for pmid, xml in pairs if pmid in asked}
            if self.cache is not None and got:
                when = time.time()
                self.cache.put_many(got, fetched_at=when)
                stamps.update(dict.fromkeys(got, when))
            raw.update(got)
            fetched += len(got)
            not_found.extend(p for p in batch if p not in got)
            done += len(batch)
            if self.progress is not None:
                self.progress(done, len(todo))
        return fetched, [], None

    # -- esummary ----------------------------------------------------------------------------

    def esummary(self, pmids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Return esummary v2.0 (JSON) document summaries by PMID; per-uid errors left out."""
        wanted = _valid_pmids(pmids)
        out: dict[str, dict[str, Any]] = {}
        todo: list[str] = []
        for pmid in wanted:
            body = self._cached_reply(_esummary_key(pmid))
            if body is not None:
                out[pmid] = json.loads(body)
            else:
                todo.append(pmid)
        if todo and self.offline:
            raise OfflineError(todo)
        for batch in _chunks(todo, min(self.batch_size, _ESUMMARY_CAP)):
            params = [
                ("db", "pubmed"),
                ("retmode", "json"),
                ("version", "2.0"),
                ("retmax", str(max(len(batch), self.batch_size))),
                ("id", ",".join(batch)),
            ]
            docs = self._call("esummary.fcgi", params, replies.parse_esummary)
            for pmid, doc in docs.items():
                if pmid in batch:
                    out[pmid] = doc
                    self._store_reply(_esummary_key(pmid), json.dumps(doc).encode())
        return {p: out[p] for p in wanted if p in out}

    # -- elink -------------------------------------------------------------------------------

    def elink(
        self, pmids: Iterable[str], linkname: str = "pubmed_pubmed_citedin"
    ) -> dict[str, tuple[str, ...]]:
        """Return ``{pmid: linked PMIDs}`` with one link set per PMID (repeated ``id=``).

        Every requested (valid) PMID is a key; no links gives an empty tuple.
        """
        wanted = _valid_pmids(pmids)
        out: dict[str, tuple[str, ...]] = {}
        todo: list[str] = []
        for pmid in wanted:
            body = self._cached_reply(_elink_key(pmid, linkname))
            if body is not None:
                out[pmid] = tuple(json.loads(body))
            else:
                todo.append(pmid)
        if todo and self.offline:
            raise OfflineError(todo)
        for batch in _chunks(todo, self.batch_size):
            params = [
                ("dbfrom", "pubmed"),
                ("db", "pubmed"),
                ("cmd", "neighbor"),
                ("linkname", linkname),
                *(("id", p) for p in batch),
            ]
            links = self._call(
                "elink.fcgi", params, lambda body: replies.parse_elink_xml(body, linkname)
            )
            for pmid in batch:
                out[pmid] = links.get(pmid, ())
                if pmid in links:
                    self._store_reply(_elink_key(pmid, linkname), json.dumps(links[pmid]).encode())
        return {p: out.get(p, ()) for p in wanted}

    # -- ecitmatch -----------------------------------------------------------------------------

    def ecitmatch(self, queries: Sequence[CitationQuery]) -> dict[str, CitationMatch]:
        """Resolve citations to PMIDs; answers are matched by key, never by line position.

        A query whose line NCBI leaves out of its reply comes back as ``not_found`` (and is
        not cached, so a later run asks again).
        """
        out: dict[str, CitationMatch] = {}
        todo: list[tuple[str, CitationQuery, str]] = []  # (wire key, query, cache key)
        used: set[str] = set()
        for index, query in enumerate(queries):
            fields = _citation_fields(query)
            cache_key = request_key("ecitmatch.cgi", {"db": "pubmed", "bdata": "|".join(fields)})
            body = self._cached_reply(cache_key)
            if body is not None:
                status, pmid, candidates = json.loads(body)
                out[query.key] = CitationMatch(query.key, status, pmid, tuple(candidates))
            else:
                wire = _wire_key(query.key, index)
                if wire in used:
                    wire = f"refgraph-q{index}"
                used.add(wire)
                todo.append((wire, query, cache_key))
        if todo and self.offline:
            raise OfflineError([q.key for _, q, _ in todo], "citation queries")
        for batch in _chunks(todo, self.batch_size):
            lines = ["|".join([*_citation_fields(q), wire]) + "|" for wire, q, _ in batch]
            params = [("db", "pubmed"), ("retmode", "xml"), ("bdata", "\r".join(lines))]
            answers = self._call("ecitmatch.cgi", params, replies.parse_ecitmatch)
            for wire, query, cache_key in batch:
                line = answers.get(wire)
                if line is None:
                    out[query.key] = CitationMatch(query.key, "not_found")
                    continue
                match = CitationMatch(query.key, line.status, line.pmid, line.candidates)
                out[query.key] = match
                payload = [match.status, match.pmid, list(match.candidates)]
                self._store_reply(cache_key, json.dumps(payload).encode())
        return {q.key: out[q.key] for q in queries if q.key in out}

    # -- esearch -------------------------------------------------------------------------------

    def esearch(self, term: str, retmax: int = 100) -> tuple[str, ...]:
        """Return the PMIDs matching ``term`` (e.g. ``NCT01564784[si]``), at most ``retmax``."""
        params = [("db", "pubmed"), ("term", term), ("retmax", str(retmax)), ("retmode", "xml")]
        key = request_key("esearch.fcgi", _as_multi(params))
        body = self._cached_reply(key)
        if body is not None:
            return replies.parse_esearch(body)
        if self.offline:
            raise OfflineError([term], "search(es)")

        def parse(reply: bytes) -> tuple[bytes, tuple[str, ...]]:
            return reply, replies.parse_esearch(reply)

        reply, ids = self._call("esearch.fcgi", params, parse)
        self._store_reply(key, reply)
        return ids

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP session and, when this client opened it, the cache.

        Parsed records not yet written back to the cache are written first.
        """
        if self._writer is not None:
            self._writer.flush()
        if self._own_session:
            self._session.close()
        if self._own_cache and self.cache is not None:
            self.cache.close()

    def __enter__(self) -> EutilsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        key = ", api_key=***" if self._api_key else ""
        return f"EutilsClient({self.base_url!r}{key}, offline={self.offline})"


def _valid_pmids(pmids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(p for p in (normalize_pmid(str(i)) for i in pmids) if p))


def _as_multi(params: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in params:
        out.setdefault(name, []).append(value)
    return out


def _esummary_key(pmid: str) -> str:
    return request_key("esummary.fcgi", {"db": "pubmed", "id": pmid, "version": "2.0"})


def _elink_key(pmid: str, linkname: str) -> str:
    params = {"dbfrom": "pubmed", "db": "pubmed", "cmd": "neighbor", "linkname": linkname}
    return request_key("elink.fcgi", {**params, "id": pmid})


def _clean(value: str) -> str:
    return " ".join(value.replace("|", " ").split())


def _citation_fields(query: CitationQuery) -> list[str]:
    return [
        _clean(query.journal),
        _clean(query.year),
        _clean(query.volume),
        _clean(query.first_page),
        _clean(query.author),
    ]


def _wire_key(key: str, index: int) -> str:
    """The key sent to NCBI: the caller's when it is plain, else a positional alias."""
    if key and all(c.isalnum() or c in "_.:-" for c in key) and len(key) <= 64:
        return key
    return f"refgraph-q{index}"
