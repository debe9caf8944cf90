"""The SQLite file behind the record cache: rows of bytes and text, and its faults told apart.

One row per PubMed record (``pmid`` -> raw ``PubmedArticle`` XML, ``fetched_at``, and the
parsed record as JSON with the version of the codec that wrote it) and one row per cached
reply (canonical request string -> body, ``fetched_at``). Nothing here parses XML or JSON:
:mod:`refgraph.cache.records` turns rows into records with the PubMed codec.

Faults are told apart by SQLite's error code, because each needs a different answer:

===========================================  ==================================================
fault                                        what happens
===========================================  ==================================================
corrupt (not SQLite, truncated, malformed)   moved aside to ``<name>.corrupt-<time>``, one
                                             warning line on the ``refgraph.cache`` logger, and
                                             a new cache is built
locked by another process                    waits (one message when it starts), up to
                                             ``lock_wait`` seconds, then :class:`CacheError`
read-only, no permission, cannot open,       :class:`CacheError` naming the file and the cause;
disk full, I/O error                         the file is left exactly as it was (a failed
                                             write is rolled back)
===========================================  ==================================================

:class:`~refgraph.errors.CacheError` exits with code 2: the run could not be done, which is
not the same as "problems found" (1).

Several processes can share one file: WAL mode, short ``BEGIN IMMEDIATE`` transactions.
Reply keys come from :func:`refgraph.cache.keys.request_key`, which leaves out ``tool``,
``email`` and ``api_key``: credentials never reach the cache file.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from refgraph.errors import CacheError
from refgraph.model import Diagnostic

__all__ = ["PRIVATE_PARAMS", "CachedRow", "RecordCache", "fault_kind"]

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

# SQLite primary result codes (https://www.sqlite.org/rescode.html)
_KINDS = {
    3: "permission",  # SQLITE_PERM
    5: "locked",  # SQLITE_BUSY
    6: "locked",  # SQLITE_LOCKED
    8: "read-only",  # SQLITE_READONLY
    10: "I/O error",  # SQLITE_IOERR
    11: "corrupt",  # SQLITE_CORRUPT
    13: "full",  # SQLITE_FULL
    14: "cannot open",  # SQLITE_CANTOPEN
    23: "permission",  # SQLITE_AUTH
    26: "corrupt",  # SQLITE_NOTADB
}
_ADVICE = {
    "permission": "no permission to use it",
    "read-only": "it is read-only (choose a writable file with --cache)",
    "I/O error": "the disk reported an I/O error",
    "full": "the disk is full (free some space, or choose another file with --cache)",
    "cannot open": "it cannot be opened (check that its folder exists and is writable)",
}

T = TypeVar("T")


def fault_kind(exc: sqlite3.Error) -> str:
    """Name the kind of an SQLite error: corrupt, locked, read-only, full, ... or "other".

    >>> fault_kind(sqlite3.DatabaseError("file is not a database"))
    'corrupt'
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _KINDS:
        return _KINDS[code & 0xFF]
    text = str(exc).lower()
    for needle, kind in (
        ("not a database", "corrupt"),
        ("malformed", "corrupt"),
        ("locked", "locked"),
        ("busy", "locked"),
        ("readonly", "read-only"),
        ("read-only", "read-only"),
        ("disk is full", "full"),
        ("unable to open", "cannot open"),
        ("disk i/o", "I/O error"),
    ):
        if needle in text:
            return kind
    return "other"


class CachedRow(NamedTuple):
    """One record row: raw XML (None when not read), fetch time, JSON of the asked version."""

    xml: bytes | None
    fetched_at: float
    parsed: str | None


def _cutoff(max_age_days: float | None) -> float:
    return time.time() - max_age_days * 86400.0 if max_age_days is not None else float("-inf")


class RecordCache:
    """A process- and thread-safe SQLite file of PubMed record rows and reply bodies.

    ``lock_wait`` bounds how long a lock held by another process is waited for;
    ``readonly`` opens the file for reading only (writes then raise :class:`CacheError`).

    Example:
        >>> import tempfile, pathlib
        >>> cache = RecordCache(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
        >>> cache.put_rows([("1", b"<PubmedArticle/>", '{"pmid": "1"}')], "v1")
        1
        >>> cache.get_rows(["1", "2"], parser_version="v1")["1"].parsed
        '{"pmid": "1"}'
        >>> cache.close()
    """

    def __init__(
        self,
        path: str | Path,
        *,
        lock_wait: float = 60.0,
        readonly: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = Path(path).expanduser()
        self.problems: list[Diagnostic] = []
        self.lock_wait = lock_wait
        self.readonly = readonly
        self._sleep = sleep
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._open()

    # -- connection handling -------------------------------------------------------------

    def _error(self, exc: sqlite3.Error | OSError, kind: str, doing: str) -> CacheError:
        why = _ADVICE.get(kind, str(exc))
        return CacheError(f"cache {self.path}: cannot {doing}: {why} ({exc}); file left as it was")

    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            target, uri = f"file:{self.path}?mode=ro", True
        else:
            target, uri = str(self.path), False
        conn = sqlite3.connect(
            target, timeout=1.0, isolation_level=None, check_same_thread=False, uri=uri
        )
        try:
            conn.execute("PRAGMA busy_timeout = 1000")
            if not self.readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.executescript(_SCHEMA)
            row = conn.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed ({row})")
            if not self.readonly:
                _upgrade(conn)
                conn.execute("BEGIN IMMEDIATE")  # can we write? (read-only files fail here)
                conn.execute("ROLLBACK")
        except BaseException:
            conn.close()
            raise
        return conn

    def _open(self) -> None:
        if not self.readonly:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                folder = self.path.parent
                raise CacheError(f"cannot create the cache folder {folder}: {exc}") from exc
        self._conn = self._retry_locked(self._connect, "open it", rebuild=True)

    def _retry_locked(self, func: Callable[[], T], doing: str, *, rebuild: bool = False) -> T:
        """Run ``func``, waiting while another process holds the lock (bounded, with one
        message), setting a corrupt file aside when ``rebuild``."""
        started = time.monotonic()
        delay = 0.05
        told = False
        rebuilt = False
        while True:
            try:
                return func()
            except sqlite3.Error as exc:
                kind = fault_kind(exc)
                if kind == "locked":
                    if time.monotonic() - started >= self.lock_wait:
                        raise CacheError(
                            f"cache {self.path} stayed locked by another process for"
                            f" {self.lock_wait:g} s (is another refgraph still running?);"
                            " try again later, or use another file with --cache"
                        ) from None
                    if not told:
                        told = True
                        log.warning(
                            "cache %s is locked by another process; waiting up to %g s",
                            self.path,
                            self.lock_wait,
                        )
                    self._sleep(delay)  # SQLite itself waited up to its busy timeout (1 s)
                    delay = min(delay * 2, 1.0)
                    continue
                if kind == "corrupt" and rebuild and not rebuilt and not self.readonly:
                    rebuilt = True
                    self._set_aside(exc)
                    continue
                raise self._error(exc, kind, doing) from None
            except OSError as exc:
                raise self._error(exc, "cannot open", doing) from None

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
            raise CacheError(f"cache {self.path} is corrupt and cannot be moved: {err}") from err
        message = f"cache {self.path} was corrupt ({exc}); moved to {target.name} and rebuilt"
        self.problems.append(Diagnostic(str(self.path), 0, "corrupt_cache", message, "warning"))
        log.warning("warning: %s", message)

    def _run(self, func: Callable[[sqlite3.Connection], T], doing: str) -> T:
        """Run ``func`` on the connection: locks waited for, a corrupt file rebuilt, any
        other fault a :class:`CacheError`."""
        with self._lock:

            def attempt() -> T:
                if self._conn is None:
                    self._conn = self._connect()  # after a set-aside
                return func(self._conn)

            if self._conn is None:
                raise CacheError(f"cache {self.path} is closed")
            return self._retry_locked(attempt, doing, rebuild=True)

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
            with _transaction(conn):
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
            with _transaction(conn):
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
            with _transaction(conn):
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

    def _write(self, func: Callable[[sqlite3.Connection], T], doing: str) -> T:
        if self.readonly:
            raise CacheError(f"cache {self.path}: cannot {doing}: opened read-only")
        return self._run(func, doing)

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
            with _transaction(conn):
                (n,) = conn.execute("SELECT count(*) FROM records").fetchone()
                conn.execute("DELETE FROM records")
                conn.execute("DELETE FROM replies")
            conn.execute("VACUUM")
            return int(n)

        return self._write(wipe, "clear it")

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
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
