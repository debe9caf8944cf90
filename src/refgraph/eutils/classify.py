"""The reply classifier (pure): one HTTP reply -> done, retry (and how long to wait), or fail.

Every endpoint's replies go through :func:`classify` with that endpoint's body parser, so
ECitMatch, esearch, elink and esummary get exactly efetch's retry rules:

============================================  =============================================
reply                                         outcome
============================================  =============================================
200 and the parser accepts the body           :class:`Done` (the parsed value)
200, body empty / prolog-only / truncated /   :class:`Retry` (the parser raised
HTML / a transient ``<ERROR>``                :class:`~refgraph.eutils.replies.RetryableReply`)
200 with any other ``<ERROR>``, hostile XML   :class:`Fail`
429                                           :class:`Retry`, ``throttled``, ``Retry-After``
500, 502, 503, 504                            :class:`Retry` with ``Retry-After`` when sent
400 "ID list is empty" (all ids malformed)    :class:`Done` with ``on_empty_ids()``
400 with a transient text (proxy_stream ...)  :class:`Retry`
any other status                              :class:`Fail`
============================================  =============================================

Nothing here does I/O or reads a clock: ``now`` is passed in (for an HTTP-date
``Retry-After``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Generic, TypeVar

from refgraph.errors import EutilsResponseError
from refgraph.eutils import replies
from refgraph.eutils.replies import RetryableReply

__all__ = ["RETRYABLE_STATUS", "Done", "Fail", "Outcome", "Retry", "classify", "retry_after"]

T = TypeVar("T")

#: HTTP statuses that are retried (with ``Retry-After`` honoured when sent).
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
_EMPTY_ID_LIST = "ID list is empty"


@dataclass(frozen=True)
class Done(Generic[T]):
    """A usable reply and what its parser made of it."""

    value: T


@dataclass(frozen=True)
class Retry:
    """A transient failure: try again after ``retry_after`` seconds (when the server said)."""

    reason: str
    retry_after: float | None = None
    throttled: bool = False  # a 429: the rate limit is shared, everyone backs off


@dataclass(frozen=True)
class Fail:
    """A failure that the same request will meet again."""

    reason: str
    status: int = 0


Outcome = Done[T] | Retry | Fail


def retry_after(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or None.

    >>> retry_after({"Retry-After": "2"}, 0.0)
    2.0
    >>> retry_after({"Retry-After": "Thu, 01 Jan 1970 00:01:00 GMT"}, 30.0)
    30.0
    >>> retry_after({"Retry-After": "soon"}, 0.0) is None
    True
    """
    value = (headers.get("Retry-After") or headers.get("retry-after") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError):
        return None


def classify(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    parse: Callable[[bytes], T],
    *,
    now: float,
    on_empty_ids: Callable[[], T] | None = None,
) -> Outcome[T]:
    """Sort one reply into :class:`Done`, :class:`Retry` or :class:`Fail` (see the table).

    >>> classify(503, {"Retry-After": "5"}, b"", bytes.decode, now=0.0)
    Retry(reason='HTTP 503', retry_after=5.0, throttled=False)
    >>> classify(200, {}, b"", replies.parse_esearch, now=0.0)
    Retry(reason='esearch: empty reply', retry_after=None, throttled=False)
    """
    if status == 200:
        try:
            return Done(parse(body))
        except RetryableReply as exc:
            return Retry(str(exc))
        except EutilsResponseError as exc:
            return Fail(str(exc), status)
    message = replies.error_text(body)
    if status in RETRYABLE_STATUS:
        reason = f"HTTP {status}" + (f": {message}" if message else "")
        return Retry(reason, retry_after(headers, now), throttled=status == 429)
    if status == 400 and _EMPTY_ID_LIST in message and on_empty_ids is not None:
        return Done(on_empty_ids())
    if status == 400 and replies.is_retryable_message(message or "unknown error"):
        return Retry(f"HTTP 400: {message or 'no detail'}")
    return Fail(f"HTTP {status}" + (f": {message}" if message else ""), status)
