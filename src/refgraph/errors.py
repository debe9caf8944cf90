"""refgraph's one exception tree, and its warnings.

::

    RefgraphError                      base of everything refgraph raises on purpose
    ├── SourceError                    an input cannot be used at all (CLI exit 2)
    │   ├── UnreadableInputError       missing, unreadable, binary or undecodable file
    │   ├── UnknownFormatError         the format cannot be detected (use --from)
    │   └── ParseError                 (source, line, column): a fatal syntax error
    ├── StoreError                     writing an output or the cache failed
    │   └── CacheError                 the cache cannot be used (locked, read-only, disk full)
    ├── EutilsError                    talking to NCBI E-utilities failed
    │   ├── EutilsHTTPError            (status, url): a non-retryable HTTP status
    │   ├── EutilsResponseError        an <ERROR> body, malformed or hostile XML
    │   ├── RateLimitError             429s beyond the retry budget
    │   ├── FetchIncompleteError       (missing, reasons, partial): not all fetched in the end
    │   └── OfflineError               (missing, partial): offline, and these are not cached
    ├── PubmedIndexError               a local PubMed index cannot be built, updated or read
    │   └── PubmedFileError            (file): one baseline/update file is unusable
    ├── TemplateError                  a template failed to render
    │   └── TemplateNotFoundError      (also a LookupError)
    └── ConfigError                    a bad setting or option value
        └── OutputIsInputError         an output would overwrite one of the inputs

    RefgraphWarning(UserWarning)
    ├── ParseWarning                   a recoverable input problem (source, line)
    ├── CacheWarning                   a corrupt cache was set aside and rebuilt
    └── EnrichmentWarning              an unknown PMID, a conflicting field
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "CacheError",
    "CacheWarning",
    "ConfigError",
    "EnrichmentWarning",
    "EutilsError",
    "EutilsHTTPError",
    "EutilsResponseError",
    "FetchIncompleteError",
    "OfflineError",
    "OutputIsInputError",
    "ParseError",
    "ParseWarning",
    "PubmedFileError",
    "PubmedIndexError",
    "RateLimitError",
    "RefgraphError",
    "RefgraphWarning",
    "SourceError",
    "StoreError",
    "TemplateError",
    "TemplateNotFoundError",
    "UnknownFormatError",
    "UnreadableInputError",
    "did_you_mean",
]


class RefgraphError(Exception):
    """Base class of every error refgraph raises on purpose."""

    exit_code = 1


# (the classes below are declarations of one shape: a docstring and an exit code, no logic)


class SourceError(RefgraphError):
    """An input that cannot be used at all."""

    exit_code = 2


class UnreadableInputError(SourceError):
    """A missing, unreadable, binary or undecodable input file."""


class UnknownFormatError(SourceError):
    """The input format could not be detected."""


class ParseError(SourceError):
    """A fatal syntax error at a known place."""

    def __init__(self, message: str, source: str = "", line: int = 0, column: int = 0) -> None:
        self.source, self.line, self.column = source, line, column
        where = f"{source}:{line}: " if source and line else (f"{source}: " if source else "")
        super().__init__(f"{where}{message}")


class StoreError(RefgraphError):
    """Writing an output file or the cache failed."""


class CacheError(StoreError):
    """The record cache cannot be used: locked too long, read-only, no permission, disk full.

    Unlike a corrupt cache (set aside and rebuilt), the file is left exactly as it was.
    """

    exit_code = 2


class EutilsError(RefgraphError):
    """Talking to NCBI E-utilities failed."""

    exit_code = 2


class EutilsHTTPError(EutilsError):
    """A non-retryable HTTP status (or a retryable one past the retry budget)."""

    def __init__(self, message: str, status: int = 0, url: str = "") -> None:
        self.status, self.url = status, url
        super().__init__(message)


class EutilsResponseError(EutilsError):
    """An ``<ERROR>`` reply, or XML that is malformed or hostile (entities, DTD tricks)."""


class RateLimitError(EutilsHTTPError):
    """HTTP 429 answers beyond the retry budget."""


def _pmid_list(pmids: Iterable[str], limit: int = 20) -> str:
    items = list(pmids)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


class FetchIncompleteError(EutilsError):
    """Some items could not be had after every retry (or within the time budget).

    ``missing`` names them (PMIDs, citation keys or search terms), ``reasons`` maps each to
    why, and ``partial`` holds what the call did get (same type as its normal return value),
    so a caller can go on with it.
    """

    def __init__(
        self,
        message: str,
        missing: Iterable[str] = (),
        *,
        reasons: Mapping[str, str] | None = None,
        partial: Any = None,
        what: str = "PMIDs",
    ) -> None:
        self.missing = tuple(missing)
        self.reasons = dict(reasons or {})
        self.partial = partial
        if self.missing:
            message = f"{message}; {what} not fetched: {_pmid_list(self.missing)}"
        super().__init__(message)


class OfflineError(EutilsError):
    """Offline, and these items (PMIDs, citation queries, searches) are not in the cache.

    ``what`` names them; ``partial`` holds what the cache did have (same type as the call's
    normal return value).
    """

    def __init__(self, missing: Iterable[str], what: str = "PMID(s)", *, partial: Any = None):
        self.missing = tuple(missing)
        self.partial = partial
        super().__init__(
            f"offline and {len(self.missing)} {what} are not cached: {_pmid_list(self.missing)}"
            " (run once online, or `refgraph cache import DIR`)"
        )


class PubmedIndexError(RefgraphError):
    """A local PubMed index (``refgraph pubmed index``) cannot be built, updated or read."""


class PubmedFileError(PubmedIndexError):
    """One baseline or update file is unusable (truncated gzip, entity prolog, bad XML).

    The message names the file; the index is left as it was.
    """

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        super().__init__(f"{file}: {message}")

    def __reduce__(self) -> tuple[type[PubmedFileError], tuple[str, str]]:
        # Picklable with its two arguments: it crosses process-pool and Dask boundaries.
        return (PubmedFileError, (self.file, str(self).removeprefix(f"{self.file}: ")))


class TemplateError(RefgraphError):
    """A template failed to render (missing field, syntax error, sandbox violation)."""


class TemplateNotFoundError(TemplateError, LookupError):
    """No template of that name in any template directory (unusable input: exit 2)."""

    exit_code = 2


class ConfigError(RefgraphError):
    """A bad setting or option value."""

    exit_code = 2


class OutputIsInputError(ConfigError):
    """An output path is one of the inputs (only explicit in-place edits may rewrite one)."""


class RefgraphWarning(UserWarning):
    """Base class of refgraph's warnings."""


class ParseWarning(RefgraphWarning):
    """A recoverable input problem at a known place."""


class CacheWarning(RefgraphWarning):
    """The cache file was corrupt and has been set aside and rebuilt.

    Not raised as a Python warning any more (the cache logs one clean line on the
    ``refgraph.cache`` logger and records a diagnostic); kept for code that filters it.
    """


class EnrichmentWarning(RefgraphWarning):
    """An unknown PMID or a field PubMed disagrees with."""


def did_you_mean(name: str, known: Iterable[str] | Mapping[str, str], n: int = 3) -> str:
    """Return ``"did you mean 'a', 'b'? "`` for the names in ``known`` close to ``name``
    (case-insensitive), or ``""`` when none is: the hint of a "no such ..." message.
    ``known`` may map the names a thing goes by to the one to suggest."""
    aliases = dict(known) if isinstance(known, Mapping) else {k: k for k in known}
    lowered = {alias.lower(): shown for alias, shown in sorted(aliases.items())}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=3 * n, cutoff=0.6)
    shown = list(dict.fromkeys(lowered[c] for c in close))[:n]
    return f"did you mean {', '.join(repr(s) for s in shown)}? " if shown else ""
