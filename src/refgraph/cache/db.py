"""The record cache's rows: records (raw XML and parsed JSON) and reply bodies.

One row per PubMed record (``pmid`` -> raw ``PubmedArticle`` XML, ``fetched_at``, and the
parsed record as JSON with the version of the codec that wrote it) and one row per cached
reply (canonical request string -> body, ``fetched_at``). Nothing here parses XML or JSON:
:mod:`refgraph.cache.records` turns rows into records with the PubMed codec. Faults of the
file itself are handled by :class:`~refgraph.cache.sqlite.CacheFile`.

Reply keys come from :func:`refgraph.cache.keys.request_key`, which leaves out ``tool``,
``email`` and ``api_key``: credentials never reach the cache file.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from refgraph.cache.sqlite import CacheFile, transaction

__all__ = ["PRIVATE_PARAMS", "CacheDB", "CachedRow"]

#: Request parameters that never take part in a cache key (and never reach the cache).
PRIVATE_PARAMS = frozenset({"tool", "email", "api_key"})

_CHUNK = 900  # stay below SQLite's default limit of 999 bound parameters


class CachedRow(NamedTuple):
    """One record row: raw XML (None when not read), fetch time, JSON of the asked version."""

    xml: bytes | None
    fetched_at: float
    parsed: str | None


def _cutoff(max_age_days: float | None) -> float:
    return time.time() - max_age_days * 86400.0 if max_age_days is not None else float("-inf")


class CacheDB(CacheFile):
    """Record rows and reply bodies in an SQLite cache file (thread- and process-safe).

    Example:
        >>> import tempfile, pathlib
        >>> cache = CacheDB(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
        >>> cache.put_rows([("1", b"<PubmedArticle/>", '{"pmid": "1"}')], "v1")
        1
        >>> cache.get_rows(["1", "2"], parser_version="v1")["1"].parsed
        '{"pmid": "1"}'
        >>> cache.close()
    """

    # -- records ---------------------------------------------------------------------------

    def get_rows(
        self, pmids: Iterable[str], max_age_days: float | None = None, parser_version: str = ""
    ) -> dict[str, CachedRow]:
        """Return the cached, fresh enough record rows; JSON only for ``parser_version``.

        A row whose JSON was stored under ``parser_version`` comes back with that JSON and
        no XML (the XML is not even read); any other comes back with its raw XML.
        """
        wanted = list(dict.fromkeys(pmids))
        cutoff = _cutoff(max_age_days)

        def query(conn: sqlite3.Connection) -> dict[str, CachedRow]:
            found: dict[str, CachedRow] = {}
            for i in range(0, len(wanted), _CHUNK):
                chunk = wanted[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    "SELECT pmid, fetched_at, CASE WHEN parser_version = ?1 THEN parsed END,"
                    " CASE WHEN parser_version = ?1 AND parsed IS NOT NULL THEN NULL ELSE xml END"
                    f" FROM records WHERE fetched_at >= ?2 AND pmid IN ({marks})",
                    [parser_version, cutoff, *chunk],
                )
                for pmid, fetched_at, parsed, xml in rows:
                    found[pmid] = CachedRow(
                        None if xml is None else bytes(xml), float(fetched_at), parsed
                    )
            return found

        return self._run(query, "read records")

    def get_many(
        self, pmids: Iterable[str], max_age_days: float | None = None
    ) -> dict[str, tuple[bytes, float]]:
        """Return ``{pmid: (raw xml, fetched_at)}`` for the cached, fresh enough PMIDs."""
        wanted = list(dict.fromkeys(pmids))
        cutoff = _cutoff(max_age_days)

        def query(conn: sqlite3.Connection) -> dict[str, tuple[bytes, float]]:
            found: dict[str, tuple[bytes, float]] = {}
            for i in range(0, len(wanted), _CHUNK):
                chunk = wanted[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                sql = (
                    "SELECT pmid, xml, fetched_at FROM records"
                    f" WHERE fetched_at >= ? AND pmid IN ({marks})"
                )
                for pmid, xml, fetched_at in conn.execute(sql, [cutoff, *chunk]):
                    found[pmid] = (bytes(xml), float(fetched_at))
            return found

        return self._run(query, "read records")

    def put_rows(
        self,
        rows: Iterable[tuple[str, bytes, str | None]],
        parser_version: str,
        fetched_at: float | None = None,
    ) -> int:
        """Store ``(pmid, raw xml, json or None)`` rows in one transaction; return how many.

        Each row is written once, its XML and its parsed form together; an older row of the
        same PMID is replaced.
        """
        when = time.time() if fetched_at is None else fetched_at
        data = [
            (pmid, sqlite3.Binary(xml), when, parsed, parser_version if parsed else None)
            for pmid, xml, parsed in rows
            if xml
        ]

        def write(conn: sqlite3.Connection) -> int:
            with transaction(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO records (pmid, xml, fetched_at, parsed, parser_version)"
                    " VALUES (?, ?, ?, ?, ?)",
                    data,
                )
            return len(data)

        return self._write(write, "store records") if data else 0

    def put_parsed(self, items: Iterable[tuple[str, float, str]], parser_version: str) -> int:
        """Store parsed JSON as ``(pmid, fetched_at, json)``; return how many rows took it.

        A row takes the JSON only while its ``fetched_at`` is still the one given: a
        record refetched in the meantime (by another process) keeps no stale JSON.
        """
        rows = [(text, parser_version, pmid, when) for pmid, when, text in items]

        def write(conn: sqlite3.Connection) -> int:
            with transaction(conn):
                cursor = conn.executemany(
                    "UPDATE records SET parsed = ?, parser_version = ?"
                    " WHERE pmid = ? AND fetched_at = ?",
                    rows,
                )
            return int(cursor.rowcount)

        return self._write(write, "store parsed records") if rows else 0

    def pmids(self) -> set[str]:
        """Return every cached PMID."""
        return self._run(
            lambda c: {r[0] for r in c.execute("SELECT pmid FROM records")}, "read records"
        )

    # -- replies ---------------------------------------------------------------------------

    def get_reply(self, key: str, max_age_days: float | None = None) -> bytes | None:
        """Return a cached reply body for a canonical request key, or ``None``."""
        row = self._run(
            lambda c: c.execute(
                "SELECT body FROM replies WHERE key = ? AND fetched_at >= ?",
                (key, _cutoff(max_age_days)),
            ).fetchone(),
            "read replies",
        )
        return bytes(row[0]) if row else None

    def put_replies(self, items: Sequence[tuple[str, bytes]]) -> None:
        """Cache reply bodies by canonical key in one transaction (checked replies only)."""
        for key, _ in items:
            if any(f"{p}=" in key for p in PRIVATE_PARAMS):
                raise ValueError("reply keys must not carry tool, email or api_key")
        now = time.time()
        rows = [(key, sqlite3.Binary(body), now) for key, body in items]

        def write(conn: sqlite3.Connection) -> None:
            with transaction(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO replies (key, body, fetched_at) VALUES (?, ?, ?)",
                    rows,
                )

        if rows:
            self._write(write, "store replies")

    def put_reply(self, key: str, body: bytes) -> None:
        """Cache one reply body (see :meth:`put_replies`)."""
        self.put_replies([(key, body)])

    # -- housekeeping -----------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Return path, record and reply counts, file size and the fetch-time range."""

        def query(conn: sqlite3.Connection) -> tuple[Any, ...]:
            records, oldest, newest = conn.execute(
                "SELECT count(*), min(fetched_at), max(fetched_at) FROM records"
            ).fetchone()
            (replies,) = conn.execute("SELECT count(*) FROM replies").fetchone()
            return records, replies, oldest, newest

        records, replies, oldest, newest = self._run(query, "read statistics")
        size = sum(
            p.stat().st_size
            for p in (self.path, self.path.with_name(self.path.name + "-wal"))
            if p.exists()
        )
        return {
            "path": str(self.path),
            "records": int(records),
            "replies": int(replies),
            "size_bytes": size,
            "oldest": oldest,
            "newest": newest,
        }

    def clear(self) -> int:
        """Delete every record and reply; return how many records there were."""

        def wipe(conn: sqlite3.Connection) -> int:
            with transaction(conn):
                (n,) = conn.execute("SELECT count(*) FROM records").fetchone()
                conn.execute("DELETE FROM records")
                conn.execute("DELETE FROM replies")
            conn.execute("VACUUM")
            return int(n)

        return self._write(wipe, "clear it")
