"""The SQLite cache of raw PubMed records and E-utilities replies.

One row per PubMed record (``pmid`` -> raw ``PubmedArticle`` XML bytes, ``fetched_at``)
and one row per cached reply (canonical request string -> body, ``fetched_at``). Raw text
is the source of truth, so a parser fix applies to cached records too.

Each record row may also carry a derived value: the parsed record as compact JSON
(``parsed``) with the version of the parser that wrote it (``parser_version``). Readers
use it only when the version is theirs; otherwise they parse the raw XML and store the new
JSON (:meth:`RecordCache.put_parsed`). Replacing a row's XML drops its JSON. Cache files
written before these columns existed are upgraded in place when opened.

- WAL mode, a busy timeout, short transactions and a retry on ``database is locked``:
  several processes can share one cache file.
- A corrupt file (truncated, not SQLite) is moved aside to ``<name>.corrupt-<timestamp>``
  with a :class:`~refgraph.errors.CacheWarning` and rebuilt.
- Reply keys come from :func:`request_key`, which leaves out ``tool``, ``email`` and
  ``api_key``: credentials never reach the cache file.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from refgraph.errors import CacheWarning, EutilsResponseError, StoreError
from refgraph.model import Diagnostic

__all__ = ["PRIVATE_PARAMS", "CachedRecord", "RecordCache", "request_key"]

log = logging.getLogger("refgraph.cache")

#: Request parameters that never take part in a cache key (and never reach the cache).
PRIVATE_PARAMS = frozenset({"tool", "email", "api_key"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    pmid TEXT PRIMARY KEY, xml BLOB NOT NULL, fetched_at REAL NOT NULL,
    parsed TEXT, parser_version TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS replies (
    key TEXT PRIMARY KEY, body BLOB NOT NULL, fetched_at REAL NOT NULL
) WITHOUT ROWID;
"""
#: Columns added since the first cache format: (name, SQL type), added by ALTER TABLE.
_ADDED_COLUMNS = (("parsed", "TEXT"), ("parser_version", "TEXT"))
_CHUNK = 900  # stay below SQLite's default limit of 999 bound parameters
_LOCK_RETRIES = 20

T = TypeVar("T")


class CachedRecord(NamedTuple):
    """One cached record as :meth:`RecordCache.get_records` returns it.

    Exactly one of ``xml`` and ``parsed`` is set: ``parsed`` (the JSON form) when it was
    stored by the parser version asked for, else ``xml`` (the raw record).
    """

    xml: bytes | None
    fetched_at: float
    parsed: str | None


def request_key(endpoint: str, params: Mapping[str, str | Iterable[str]]) -> str:
    """Return the canonical cache key of a request: endpoint plus sorted public params.

    >>> request_key("elink.fcgi", {"id": ["2", "1"], "db": "pubmed", "api_key": "SECRET"})
    'elink.fcgi?db=pubmed&id=2&id=1'
    """
    parts: list[str] = []
    for name in sorted(params):
        if name in PRIVATE_PARAMS:
            continue
        value = params[name]
        values = [value] if isinstance(value, str) else list(value)
        parts.extend(f"{name}={v}" for v in values)
    return f"{endpoint}?{'&'.join(parts)}"


def _cutoff(max_age_days: float | None) -> float:
    return time.time() - max_age_days * 86400.0 if max_age_days is not None else float("-inf")


class RecordCache:
    """A process- and thread-safe SQLite cache of PubMed records and replies.

    Example:
        >>> import tempfile, pathlib
        >>> cache = RecordCache(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
        >>> cache.put_many({"1": b"<PubmedArticle/>"})
        1
        >>> sorted(cache.get_many(["1", "2"]))
        ['1']
        >>> cache.close()
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self.problems: list[Diagnostic] = []
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._open()

    # -- connection handling -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.executescript(_SCHEMA)
        row = conn.execute("PRAGMA quick_check").fetchone()
        if row is None or row[0] != "ok":
            conn.close()
            raise sqlite3.DatabaseError(f"integrity check failed: {row[0] if row else '?'}")
        _upgrade(conn)
        return conn

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the cache folder {self.path.parent}: {exc}") from exc
        for attempt in range(_LOCK_RETRIES):
            try:
                self._conn = self._connect()
                return
            except sqlite3.OperationalError as exc:
                if _is_locked(exc) and attempt + 1 < _LOCK_RETRIES:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                if _is_locked(exc):
                    raise StoreError(f"cache {self.path} stayed locked: {exc}") from exc
                self._set_aside(exc)
                break
            except sqlite3.DatabaseError as exc:
                self._set_aside(exc)
                break
        try:
            self._conn = self._connect()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the cache {self.path}: {exc}") from exc

    def _set_aside(self, exc: Exception) -> None:
        """Move a corrupt cache file (and its WAL/SHM companions) out of the way."""
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            self.path.replace(target)
            for suffix in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    companion.replace(target.with_name(target.name + suffix))
        except OSError as err:
            raise StoreError(f"cache {self.path} is corrupt and cannot be moved: {err}") from err
        warnings.warn(
            f"cache {self.path} was corrupt ({exc}); moved to {target.name} and rebuilt",
            CacheWarning,
            stacklevel=4,
        )

    def _run(self, func: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``func`` on the connection, retrying while locked; rebuild if found corrupt."""
        with self._lock:
            for attempt in range(_LOCK_RETRIES):
                if self._conn is None:
                    raise StoreError(f"cache {self.path} is closed")
                try:
                    return func(self._conn)
                except sqlite3.OperationalError as exc:
                    if _is_locked(exc) and attempt + 1 < _LOCK_RETRIES:
                        time.sleep(0.05 * (attempt + 1))
                        continue
                    raise StoreError(f"cache {self.path}: {exc}") from exc
                except sqlite3.DatabaseError as exc:
                    self._set_aside(exc)
                    self._conn = self._connect()
            raise StoreError(f"cache {self.path} stayed locked")  # pragma: no cover

    # -- records ---------------------------------------------------------------------------

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
                rows = conn.execute(
                    f"SELECT pmid, xml, fetched_at FROM records WHERE pmid IN ({marks})"
                    " AND fetched_at >= ?",
                    [*chunk, cutoff],
                )
                for pmid, xml, fetched_at in rows:
                    found[pmid] = (bytes(xml), float(fetched_at))
            return found

        return self._run(query)

    def put_many(self, items: Mapping[str, bytes], fetched_at: float | None = None) -> int:
        """Store raw record XML by PMID (replacing older copies); return how many."""
        when = time.time() if fetched_at is None else fetched_at
        rows = [(pmid, sqlite3.Binary(xml), when) for pmid, xml in items.items() if xml]

        def write(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO records (pmid, xml, fetched_at) VALUES (?, ?, ?)",
                    rows,
                )
            return len(rows)

        return self._run(write) if rows else 0

    def get_records(
        self, pmids: Iterable[str], max_age_days: float | None = None, parser_version: str = ""
    ) -> dict[str, CachedRecord]:
        """Return the cached, fresh enough records, each as JSON or else as raw XML.

        A record whose JSON was stored under ``parser_version`` comes back as that JSON
        (its XML is not even read); any other comes back as raw XML, for the caller to
        parse and then store with :meth:`put_parsed`.
        """
        wanted = list(dict.fromkeys(pmids))
        cutoff = _cutoff(max_age_days)

        def query(conn: sqlite3.Connection) -> dict[str, CachedRecord]:
            found: dict[str, CachedRecord] = {}
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
                    found[pmid] = CachedRecord(xml, float(fetched_at), parsed)
            return found

        return self._run(query)

    def put_parsed(self, items: Iterable[tuple[str, float, str]], parser_version: str) -> int:
        """Store parsed JSON as ``(pmid, fetched_at, json)``; return how many rows took it.

        A row takes the JSON only while its ``fetched_at`` is still the one given: a
        record refetched in the meantime (by another process) keeps no stale JSON.
        """
        rows = [(text, parser_version, pmid, when) for pmid, when, text in items]

        def write(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                cursor = conn.executemany(
                    "UPDATE records SET parsed = ?, parser_version = ?"
                    " WHERE pmid = ? AND fetched_at = ?",
                    rows,
                )
            return int(cursor.rowcount)

        return self._run(write) if rows else 0

    def pmids(self) -> set[str]:
        """Return every cached PMID."""
        return self._run(lambda c: {r[0] for r in c.execute("SELECT pmid FROM records")})

    # -- replies ---------------------------------------------------------------------------

    def get_reply(self, key: str, max_age_days: float | None = None) -> bytes | None:
        """Return a cached reply body for a canonical request key, or ``None``."""
        row = self._run(
            lambda c: c.execute(
                "SELECT body FROM replies WHERE key = ? AND fetched_at >= ?",
                (key, _cutoff(max_age_days)),
            ).fetchone()
        )
        return bytes(row[0]) if row else None

    def put_reply(self, key: str, body: bytes) -> None:
        """Cache a reply body (callers cache only replies they have checked)."""
        if any(f"{p}=" in key for p in PRIVATE_PARAMS):
            raise ValueError("reply keys must not carry tool, email or api_key")

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.execute(
                    "INSERT OR REPLACE INTO replies (key, body, fetched_at) VALUES (?, ?, ?)",
                    (key, sqlite3.Binary(body), time.time()),
                )

        self._run(write)

    # -- snapshots, housekeeping -------------------------------------------------------------

    def import_dir(self, path: str | Path, *, overwrite: bool = True) -> int:
        """Load every ``*.xml`` file of a folder (one or many records each); return the count.

        With ``overwrite=False`` records already cached are kept (a file named
        ``<pmid>.xml`` for a cached PMID is not even read). Unreadable or malformed files
        are skipped; each becomes a :class:`Diagnostic` in :attr:`problems` and a log line.
        """
        from refgraph.pubmed.parse import iter_article_xml

        folder = Path(path)
        if not folder.is_dir():
            raise StoreError(f"{folder}: not a folder")
        known = set() if overwrite else self.pmids()
        loaded: dict[str, bytes] = {}
        for file in sorted(folder.glob("*.xml")):
            if not overwrite and file.stem in known:
                continue
            try:
                data = file.read_bytes()
                records = list(iter_article_xml(data))
            except (OSError, EutilsResponseError) as exc:
                problem = Diagnostic(str(file), 0, "bad_entry", f"skipped: {exc}")
                self.problems.append(problem)
                log.warning("%s", problem.format())
                continue
            if not records:
                problem = Diagnostic(str(file), 0, "bad_entry", "skipped: no PubMed records")
                self.problems.append(problem)
                log.warning("%s", problem.format())
            for pmid, raw in records:
                if overwrite or pmid not in known:
                    loaded[pmid] = raw
        fetched = min((f.stat().st_mtime for f in folder.glob("*.xml")), default=time.time())
        return self.put_many(loaded, fetched_at=fetched)

    def stats(self) -> dict[str, Any]:
        """Return path, record and reply counts, file size and the fetch-time range."""

        def query(conn: sqlite3.Connection) -> tuple[Any, ...]:
            records, oldest, newest = conn.execute(
                "SELECT count(*), min(fetched_at), max(fetched_at) FROM records"
            ).fetchone()
            (replies,) = conn.execute("SELECT count(*) FROM replies").fetchone()
            return records, replies, oldest, newest

        records, replies, oldest, newest = self._run(query)
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
            with _transaction(conn):
                (n,) = conn.execute("SELECT count(*) FROM records").fetchone()
                conn.execute("DELETE FROM records")
                conn.execute("DELETE FROM replies")
            conn.execute("VACUUM")
            return int(n)

        return self._run(wipe)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> RecordCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _upgrade(conn: sqlite3.Connection) -> None:
    """Add the columns a cache file from an older refgraph lacks (migration-safe)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
    for name, kind in _ADDED_COLUMNS:
        if name in have:
            continue
        try:
            conn.execute(f"ALTER TABLE records ADD COLUMN {name} {kind}")
        except sqlite3.OperationalError as exc:
            if "duplicate column" not in str(exc).lower():  # another process was first
                raise


def _is_locked(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class _transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on error) on an autocommit connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return
            except sqlite3.Error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
