"""PubMed records in the cache: rows <-> ``PubmedRecord`` through the PubMed codec.

- :func:`store_articles`: records read from a reply or a snapshot file, each stored once
  (raw XML and its JSON form in one row, one transaction per batch).
- :func:`load_records`: cached records, from their JSON when the codec version matches,
  else re-read from their XML (and the new JSON written back). A row that cannot be read
  either way is *unusable*: reported with a reason, so the client fetches it again, and
  never fatal.
- :func:`import_snapshot`: a folder of PubMed XML files (an offline snapshot) into the cache,
  each file split with the XML parser; a file that cannot be used becomes a diagnostic.
- :class:`RecordCache`: the cache file with these as methods, what callers open.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from refgraph.cache.db import CacheDB
from refgraph.errors import StoreError
from refgraph.model import Diagnostic, PubmedRecord
from refgraph.pubmed.parse import RECORD_JSON_VERSION
from refgraph.pubmed.record_json import record_from_json, record_to_json
from refgraph.pubmed.safexml import declares_entity, safe_parser
from refgraph.pubmed.split import ParsedArticle, UnreadableRecord, read_articles, root_name

__all__ = [
    "Lookup",
    "RecordCache",
    "import_snapshot",
    "load_records",
    "paused_gc",
    "read_xml_records",
    "store_articles",
    "store_xml",
]

log = logging.getLogger("refgraph.cache")


def store_articles(
    cache: CacheDB, articles: Iterable[ParsedArticle], fetched_at: float | None = None
) -> int:
    """Store records read from XML (raw XML + JSON, one row each, one transaction)."""
    rows = [(a.pmid, a.xml, record_to_json(a.record)) for a in articles]
    return cache.put_rows(rows, RECORD_JSON_VERSION, fetched_at)


@dataclass
class Lookup:
    """What :func:`load_records` found: records by PMID, and unusable rows with a reason."""

    records: dict[str, PubmedRecord] = field(default_factory=dict)
    unusable: dict[str, str] = field(default_factory=dict)


def _parse(xml: bytes) -> etree._Element:
    """The root of stored or imported PubMed XML; ``ValueError`` says why it is unusable (it
    declares entities, or it is not well-formed)."""
    if declares_entity(xml):
        raise ValueError("declares XML entities; refused")
    try:
        return etree.fromstring(xml, safe_parser(remove_comments=True))
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"is not well-formed XML ({exc})") from None


def _read_xml(xml: bytes) -> PubmedRecord:
    try:
        root = _parse(xml)
    except ValueError as exc:
        raise UnreadableRecord(f"the cached XML {exc}") from None
    articles = read_articles(root)
    if len(articles) != 1:
        raise UnreadableRecord(f"the cached XML holds {len(articles)} records, not one")
    return articles[0].record


def load_records(cache: CacheDB, pmids: Sequence[str], max_age_days: float | None = None) -> Lookup:
    """Return the cached, fresh enough records of ``pmids`` (see the module docstring)."""
    found = Lookup()
    rows = cache.get_rows(pmids, max_age_days, RECORD_JSON_VERSION)
    if not rows:
        return found
    stale: dict[str, float] = {}
    xml: dict[str, bytes] = {}
    with paused_gc(len(rows) > 100):
        for pmid, row in rows.items():
            if row.parsed is not None:
                try:
                    record = record_from_json(row.parsed)
                except ValueError as exc:
                    log.debug("PMID %s: cached JSON unreadable (%s); reading its XML", pmid, exc)
                else:
                    if record.pmid == pmid:
                        found.records[pmid] = record
                        continue
            stale[pmid] = row.fetched_at
            if row.xml is not None:
                xml[pmid] = row.xml
        lacking = [p for p in stale if p not in xml]
        if lacking:
            xml.update({p: data for p, (data, _) in cache.get_many(lacking).items()})
        fresh: list[tuple[str, float, str]] = []
        for pmid, when in stale.items():
            try:
                record = _read_xml(xml.get(pmid, b""))
            except UnreadableRecord as exc:
                found.unusable[pmid] = f"cached record unusable: {exc}"
                continue
            if record.pmid != pmid:
                found.unusable[pmid] = f"cached record unusable: it is PMID {record.pmid}"
                continue
            found.records[pmid] = record
            fresh.append((pmid, when, record_to_json(record)))
    if fresh:
        try:  # the JSON is only a speed-up: a cache that cannot take it is no error
            cache.put_parsed(fresh, RECORD_JSON_VERSION)
        except StoreError as exc:
            log.debug("parsed records not written back: %s", exc)
    return found


def store_xml(cache: CacheDB, items: Iterable[bytes], fetched_at: float | None = None) -> int:
    """Store records given as XML (each a ``PubmedArticle``, or a whole set) after reading
    them with the XML parser; ``ValueError`` when one cannot be used. Returns the count."""
    articles = [a for data in items for a in read_xml_records(data)]
    return store_articles(cache, articles, fetched_at)


def read_xml_records(data: bytes) -> list[ParsedArticle]:
    """Read PubMed XML (a set or one article); ``ValueError`` says why it cannot be used."""
    if not data.strip():
        raise ValueError("empty file")
    try:
        root = _parse(data)
    except ValueError as exc:
        raise ValueError(f"the file {exc}") from None
    if root_name(root) != "PubmedArticleSet" and root.tag not in (
        "PubmedArticle",
        "PubmedBookArticle",
    ):
        raise ValueError(f"not PubMed XML (root element <{root.tag}>)")
    return read_articles(root)


def _file_articles(path: Path) -> list[ParsedArticle]:
    """Read one snapshot file; ``ValueError``/``OSError`` explain why it cannot be used."""
    return read_xml_records(path.read_bytes())


def import_snapshot(cache: CacheDB, folder: str | Path, *, overwrite: bool = True) -> int:
    """Load every ``*.xml`` file of ``folder`` (one or many records each); return the count.

    With ``overwrite=False`` records already cached are kept (a file named ``<pmid>.xml``
    for a cached PMID is not even read). A file that cannot be used is skipped; it becomes a
    :class:`~refgraph.model.Diagnostic` in ``cache.problems`` and a log line.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise StoreError(f"{folder}: not a folder")
    files = sorted(folder.glob("*.xml"))
    known = set() if overwrite else cache.pmids()
    loaded: dict[str, ParsedArticle] = {}
    for file in files:
        if not overwrite and file.stem in known:
            continue
        try:
            articles = _file_articles(file)
        except (OSError, ValueError) as exc:
            _problem(cache, file, f"skipped: {exc}")
            continue
        if not articles:
            _problem(cache, file, "skipped: no PubMed records")
        for article in articles:
            if overwrite or article.pmid not in known:
                loaded[article.pmid] = article
    stamp = min((f.stat().st_mtime for f in files), default=time.time())
    return store_articles(cache, loaded.values(), fetched_at=stamp)


def _problem(cache: CacheDB, file: Path, message: str) -> None:
    problem = Diagnostic(str(file), 0, "bad_entry", message)
    cache.problems.append(problem)
    log.warning("%s", problem.format())


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def paused_gc(pause: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector while many small, acyclic records are built.

    Building 10,000 records triggers dozens of collections that find nothing to free. The
    pause is counted, so overlapping pauses from several threads end with the collector in
    the state it was in before the first.
    """
    global _gc_pauses, _gc_was_enabled
    if not pause:
        yield
        return
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                if not gc.get_freeze_count():  # (never unfreeze what the host froze)
                    # what the pause built is old now: into the oldest generation at once
                    # (freeze + unfreeze move lists, no walk); else the first young
                    # collection walks every object built during the pause, to find nothing
                    gc.freeze()
                    gc.unfreeze()
                gc.enable()


class RecordCache(CacheDB):
    """The record cache: an SQLite file of PubMed records and E-utilities replies.

    Rows, replies and faults: :class:`~refgraph.cache.db.CacheDB`; records through the
    PubMed codec: the functions of this module, also as methods.

    Example:
        >>> import tempfile, pathlib
        >>> cache = RecordCache(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
        >>> cache.records(["27292104"]).records
        {}
        >>> cache.close()
    """

    def import_dir(self, folder: str | Path, *, overwrite: bool = True) -> int:
        """Load a snapshot folder of PubMed XML files (:func:`import_snapshot`)."""
        return import_snapshot(self, folder, overwrite=overwrite)

    def records(self, pmids: Sequence[str], max_age_days: float | None = None) -> Lookup:
        """The cached records of ``pmids`` and the unusable ones (:func:`load_records`)."""
        return load_records(self, pmids, max_age_days)
