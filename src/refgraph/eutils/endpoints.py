"""The reply endpoints of the E-utilities client: esummary, elink, ecitmatch, esearch.

Each asks the cache first (:class:`~refgraph.cache.source.CachedSource`), then NCBI in
pipelined batches with efetch's retry rules, caches what it got (one row per PMID, query or
search), and keeps what it got when some batches fail: the exceptions carry it in
``partial`` (see :mod:`refgraph.pubmed.source`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from refgraph.cache import CachedSource, RecordCache, keys
from refgraph.errors import EutilsError, FetchIncompleteError, OfflineError
from refgraph.eutils import replies
from refgraph.eutils.calls import Caller
from refgraph.pubmed.source import CitationMatch, CitationQuery, split_pmids

__all__ = ["ReplyEndpoints", "chunks"]

_ESUMMARY_CAP = 500
T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` in slices of ``size``."""
    return [items[i : i + size] for i in range(0, len(items), size)]


class ReplyEndpoints:
    """The endpoints whose replies are cached as a whole (a base of ``EutilsClient``)."""

    _caller: Caller
    _offline_source: CachedSource | None
    cache: RecordCache | None
    offline: bool
    refresh: bool
    max_age_days: float | None
    batch_size: int

    def _why(self, exc: EutilsError) -> str:
        return self._caller.redact(str(exc))

    def _offline_error(self, missing: Sequence[str], what: str, partial: Any) -> OfflineError:
        return OfflineError(missing, what=what, partial=partial)

    def _cached(self, lookup: Callable[[CachedSource], dict[str, T]]) -> tuple[dict[str, T], bool]:
        """Ask the cache; return (answers, whether the cache answered everything)."""
        if self._offline_source is None or (self.refresh and not self.offline):
            return {}, False
        source = self._offline_source
        source.max_age_days = None if self.offline else self.max_age_days
        try:
            return lookup(source), True
        except OfflineError as exc:
            return dict(exc.partial or {}), False

    def _incomplete(
        self, what: str, failures: dict[str, str], partial: Any, names: str
    ) -> FetchIncompleteError:
        first = next(iter(failures.values()))
        return FetchIncompleteError(
            f"{what} failed ({first})",
            list(failures),
            reasons=failures,
            partial=partial,
            what=names,
        )

    def _per_pmid(
        self,
        endpoint: str,
        wanted: Sequence[str],
        lookup: Callable[[CachedSource], dict[str, T]],
        run: Callable[[Sequence[str]], dict[str, T]],
        cache_key: Callable[[str], str],
        *,
        size: int,
        missing: str,
        default: T | None = None,
    ) -> dict[str, T]:
        """One answer per PMID: the cache first, then ``run`` on pipelined batches of the rest
        (each answer cached as JSON); a PMID the reply leaves out gets ``default`` (or none).
        Offline with PMIDs left: :class:`OfflineError`; failed batches:
        :class:`FetchIncompleteError`, both carrying what was found."""
        out, complete = self._cached(lookup)
        todo = [p for p in wanted if p not in out]
        if complete or not todo:
            return {p: out[p] for p in wanted if p in out}
        if self.offline:
            raise self._offline_error(todo, missing, out)
        failures: dict[str, str] = {}
        for batch, reply in self._caller.pipelined(chunks(todo, size), run):
            if isinstance(reply, EutilsError):
                failures.update(dict.fromkeys(batch, self._why(reply)))
                continue
            got = {p: reply[p] for p in batch if p in reply}
            out.update(got)
            if default is not None:
                out.update((p, default) for p in batch if p not in reply)
            self._store([(cache_key(p), json.dumps(v).encode()) for p, v in got.items()])
        result = {p: out[p] for p in wanted if p in out}
        if failures:
            raise self._incomplete(endpoint, failures, result, "PMIDs")
        return result

    def esummary(self, pmids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Return esummary v2.0 (JSON) document summaries by PMID; unknown PMIDs left out."""
        wanted, _ = split_pmids(pmids)

        def run(batch: Sequence[str]) -> dict[str, dict[str, Any]]:
            params = [
                ("db", "pubmed"),
                ("retmode", "json"),
                ("version", "2.0"),
                ("retmax", str(max(len(batch), self.batch_size))),
                ("id", ",".join(batch)),
            ]
            return self._caller.call(
                "esummary.fcgi", params, replies.parse_esummary, ids=len(batch)
            )

        return self._per_pmid(
            "esummary",
            wanted,
            lambda source: source.esummary(wanted),
            run,
            keys.esummary_key,
            size=min(self.batch_size, _ESUMMARY_CAP),
            missing="summaries",
        )

    def elink(
        self, pmids: Iterable[str], linkname: str = "pubmed_pubmed_citedin"
    ) -> dict[str, tuple[str, ...]]:
        """Return ``{pmid: linked PMIDs}`` with one link set per PMID (repeated ``id=``).

        Every requested (valid) PMID is a key; no links gives an empty tuple.
        """
        wanted, _ = split_pmids(pmids)

        def run(batch: Sequence[str]) -> dict[str, tuple[str, ...]]:
            params = [
                ("dbfrom", "pubmed"),
                ("db", "pubmed"),
                ("cmd", "neighbor"),
                ("linkname", linkname),
                *(("id", p) for p in batch),
            ]
            return self._caller.call(
                "elink.fcgi",
                params,
                lambda body: replies.parse_elink_xml(body, linkname),
                ids=len(batch),
            )

        empty: tuple[str, ...] = ()
        return self._per_pmid(
            "elink",
            wanted,
            lambda source: source.elink(wanted, linkname),
            run,
            lambda pmid: keys.elink_key(pmid, linkname),
            size=self.batch_size,
            missing="link sets",
            default=empty,
        )

    def ecitmatch(self, queries: Sequence[CitationQuery]) -> dict[str, CitationMatch]:
        """Resolve citations to PMIDs; answers are matched by key, never by line position.

        A query whose line NCBI leaves out of its reply is asked once more on its own line
        batch; still left out, it has no answer (it is left out here too, and not cached).
        """
        out, complete = self._cached(lambda source: source.ecitmatch(queries))
        todo = [q for q in queries if q.key not in out]
        if complete or not todo:
            return {q.key: out[q.key] for q in queries if q.key in out}
        if self.offline:
            raise self._offline_error([q.key for q in todo], "citation(s)", out)
        failures: dict[str, str] = {}
        for _ in range(2):  # NCBI may drop lines: ask once more for those
            answered = self._ecitmatch_round(todo, out, failures)
            todo = [q for q in todo if q.key not in answered and q.key not in failures]
            if not todo:
                break
        result = {q.key: out[q.key] for q in queries if q.key in out}
        if failures:
            raise self._incomplete("ecitmatch", failures, result, "citations")
        return result

    def _ecitmatch_round(
        self,
        todo: Sequence[CitationQuery],
        out: dict[str, CitationMatch],
        failures: dict[str, str],
    ) -> set[str]:
        wires: dict[str, CitationQuery] = {}
        for i, query in enumerate(todo):
            wire = _wire_key(query.key, i)
            wires[f"refgraph-q{i}" if wire in wires else wire] = query

        def run(batch: Sequence[str]) -> dict[str, replies.CitationLine]:
            lines = ["|".join([*keys.citation_fields(wires[w]), w]) + "|" for w in batch]
            params = [("db", "pubmed"), ("retmode", "xml"), ("bdata", "\r".join(lines))]
            return self._caller.call(
                "ecitmatch.cgi", params, replies.parse_ecitmatch, ids=len(batch)
            )

        answered: set[str] = set()
        for batch, answers in self._caller.pipelined(chunks(list(wires), self.batch_size), run):
            if isinstance(answers, EutilsError):
                failures.update({wires[w].key: self._why(answers) for w in batch})
                continue
            store = []
            for wire in batch:
                line = answers.get(wire)
                if line is None:
                    continue
                query = wires[wire]
                match = CitationMatch(query.key, line.status, line.pmid, line.candidates)
                out[query.key] = match
                answered.add(query.key)
                store.append((keys.ecitmatch_key(query), keys.encode_citation(match)))
            self._store(store)
        return answered

    def esearch(self, term: str, retmax: int = 100) -> tuple[str, ...]:
        """Return the PMIDs matching ``term`` (e.g. ``NCT01564784[si]``), at most ``retmax``."""
        found, complete = self._cached(lambda source: {"": source.esearch(term, retmax)})
        if complete:
            return found[""]
        if self.offline:
            raise self._offline_error([term], "search(es)", {})
        params = [("db", "pubmed"), ("term", term), ("retmax", str(retmax)), ("retmode", "xml")]
        ids = self._caller.call("esearch.fcgi", params, replies.parse_esearch)
        self._store([(keys.esearch_key(term, retmax), json.dumps(list(ids)).encode())])
        return ids

    def _store(self, items: list[tuple[str, bytes]]) -> None:
        if self.cache is not None and items:
            self.cache.put_replies(items)


def _wire_key(key: str, index: int) -> str:
    """The key sent to NCBI: the caller's when it is plain, else a positional alias."""
    if key and all(c.isalnum() or c in "_.:-" for c in key) and len(key) <= 64:
        return key
    return f"refgraph-q{index}"
