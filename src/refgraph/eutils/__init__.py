"""The only package that speaks HTTP: the E-utilities client, its throttle and reply parsers."""

from __future__ import annotations

from refgraph.config import DEFAULT_EUTILS_URL
from refgraph.eutils.client import (
    RETRYABLE_STATUS,
    CitationMatch,
    CitationQuery,
    EutilsClient,
    FetchResult,
)
from refgraph.eutils.replies import RetryableReply
from refgraph.eutils.throttle import RateLimiter

__all__ = [
    "DEFAULT_EUTILS_URL",
    "RETRYABLE_STATUS",
    "CitationMatch",
    "CitationQuery",
    "EutilsClient",
    "FetchResult",
    "RateLimiter",
    "RetryableReply",
]
