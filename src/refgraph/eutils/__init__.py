"""The only package that speaks HTTP: the E-utilities client and its parts.

- :mod:`~refgraph.eutils.client`: :class:`EutilsClient`, the endpoint methods (a
  :class:`~refgraph.pubmed.source.RecordSource`);
- :mod:`~refgraph.eutils.calls`: retries, patience, time budget, pipelining;
- :mod:`~refgraph.eutils.classify`: the pure reply classifier;
- :mod:`~refgraph.eutils.replies`: the pure reply parsers;
- :mod:`~refgraph.eutils.transport`: one POST with a deadline, a size limit, no foreign
  redirects;
- :mod:`~refgraph.eutils.throttle`: the machine-wide rate limit.
"""

from __future__ import annotations

from refgraph.config import DEFAULT_EUTILS_URL
from refgraph.eutils.calls import GaveUpError
from refgraph.eutils.classify import RETRYABLE_STATUS
from refgraph.eutils.client import CitationMatch, CitationQuery, EutilsClient, FetchResult
from refgraph.eutils.replies import RetryableReply
from refgraph.eutils.throttle import RateLimiter
from refgraph.eutils.transport import FunctionTransport, RequestsTransport, Response

__all__ = [
    "DEFAULT_EUTILS_URL",
    "RETRYABLE_STATUS",
    "CitationMatch",
    "CitationQuery",
    "EutilsClient",
    "FetchResult",
    "FunctionTransport",
    "GaveUpError",
    "RateLimiter",
    "RequestsTransport",
    "Response",
    "RetryableReply",
]
