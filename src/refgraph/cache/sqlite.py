"""The SQLite file behind the record cache, and its faults told apart.

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
not the same as "problems found" (1). Several processes can share one file: WAL mode, short
``BEGIN IMMEDIATE`` transactions.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self, TypeVar

from refgraph.errors import CacheError
from refgraph.model import Diagnostic

__all__ = ["PAGE_SIZE", "SCHEMA", "CacheFile", "fault_kind", "transaction"]

log = logging.getLogger("refgraph.cache")

#: The tables of a new cache file. Rows hold whole records and replies (kilobytes each), so
#: they are rowid tables (a WITHOUT ROWID table suits rows far smaller than a page: SQLite's
#: own advice) in 16 KiB pages (:data:`PAGE_SIZE`): storing 10,000 efetch records costs half
#: the CPU of WITHOUT ROWID tables in 4 KiB pages. Files made by older versions (WITHOUT
#: ROWID, 4 KiB) are read and written by the same statements, unchanged.
SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    pmid TEXT PRIMARY KEY, xml BLOB NOT NULL, fetched_at REAL NOT NULL,
    parsed TEXT, parser_version TEXT
);
CREATE TABLE IF NOT EXISTS replies (
    key TEXT PRIMARY KEY, body BLOB NOT NULL, fetched_at REAL NOT NULL
);
"""
#: Page size of a new cache file (set before its first table; an existing file keeps its own).
PAGE_SIZE = 16384
#: Columns added since the first cache format: (name, SQL type), added by ALTER TABLE.
_ADDED_COLUMNS = (("parsed", "TEXT"), ("parser_version", "TEXT"))

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


class CacheFile:
    """An SQLite cache file opened with its faults told apart (see the module docstring).

    ``lock_wait`` bounds how long a lock held by another process is waited for;
    ``readonly`` opens the file for reading only (writes then raise :class:`CacheError`).
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
                conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only a new file takes it
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.executescript(SCHEMA)
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

    def _write(self, func: Callable[[sqlite3.Connection], T], doing: str) -> T:
        if self.readonly:
            raise CacheError(f"cache {self.path}: cannot {doing}: opened read-only")
        return self._run(func, doing)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
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


class transaction:
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
