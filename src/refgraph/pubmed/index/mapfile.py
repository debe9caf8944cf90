"""The map step: one baseline or update file -> staged index rows, by PMID partition.

:func:`read_events` streams one file (gzip or plain XML): the prolog is checked for entity
declarations first (refused, like every PubMed XML refgraph reads), then a safe lxml
``iterparse`` (no entities, no DTD, no network) yields each ``PubmedArticle`` /
``PubmedBookArticle`` through the record parser the cache uses
(:func:`refgraph.pubmed.element.record_from_element`) and each ``DeleteCitation`` PMID, in
document order, clearing every element once read. :func:`map_file` turns the events into
two staged Parquet tables per PMID partition: events (pmid, seq, pos, op, record JSON and
the check columns of :mod:`~refgraph.pubmed.index.columns`) and key rows
(:func:`~refgraph.pubmed.index.keys.record_keys`).

Files are gunzipped by ISA-L (``isal``, part of ``refgraph[pubmed]``) when it is installed:
the same bytes as :mod:`gzip` for about half the CPU time, a tenth of the map step's.

``seq`` is the file's place in the run (baseline files first, then updates, each by file
number) and ``pos`` the event's place in the file, so "the last event per PMID" is the
largest ``(seq, pos)``. A file that cannot be read to its end (a truncated gzip, an
``<!ENTITY`` prolog, broken XML) raises :class:`~refgraph.errors.PubmedFileError` naming
it; nothing of it is kept.
"""

from __future__ import annotations

import gc
import gzip
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from lxml import etree

from refgraph.errors import PubmedFileError
from refgraph.model import PubmedRecord
from refgraph.pubmed import safexml
from refgraph.pubmed.element import record_from_element
from refgraph.pubmed.index import columns as check_columns
from refgraph.pubmed.index.keys import record_keys
from refgraph.pubmed.record_json import record_to_json

#: gunzip: ISA-L's (``isal``, in ``refgraph[pubmed]``) when installed, the same stream in
#: about half the CPU time of the standard library's; and what either raises on bad data.
_GZIP: Any = gzip
_GZIP_ERRORS: tuple[type[BaseException], ...] = (EOFError, zlib.error, gzip.BadGzipFile)
try:
    from isal import igzip, isal_zlib

    _GZIP = igzip
    _GZIP_ERRORS += (cast(type[BaseException], isal_zlib.error),)
except ImportError:  # pragma: no cover - the standard library's gzip then
    pass


__all__ = ["OP_DELETE", "OP_RECORD", "MapResult", "map_file", "open_input", "read_events"]

OP_DELETE = 0
OP_RECORD = 1
_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
_HEAD_LIMIT = 1 << 20  # the prolog must end within the first MiB
_TEXT_CHUNK = 1 << 30  # bytes of record JSON in one Arrow chunk (32-bit offsets: < 2 GiB)
_ROOT = b"<PubmedArticleSet"


@dataclass
class MapResult:
    """What mapping one file gave: counts, touched partitions and their staged tables."""

    name: str
    seq: int
    records: int = 0
    deletions: int = 0
    skipped: list[str] = field(default_factory=list)
    staged: dict[int, tuple[str, str]] = field(default_factory=dict)  # part -> (events, keys)
    cpu_seconds: float = 0.0


def open_input(path: Path) -> IO[bytes]:
    """Open a baseline/update file for reading: gunzipped when it starts with gzip's magic."""
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    return cast(IO[bytes], _GZIP.open(path, "rb") if gzipped else path.open("rb"))


class _Replay:
    """A readable (all ``iterparse`` needs) that gives ``head``, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            out, self._head = self._head, b""
            return out
        return self._stream.read(size)


def _checked_head(stream: IO[bytes], name: str) -> bytes:
    """Read up to the root element and refuse an entity declaration in the prolog."""
    head = b""
    while _ROOT not in head and len(head) < _HEAD_LIMIT:
        chunk = stream.read(65536)
        if not chunk:
            break
        head += chunk
    at = head.find(_ROOT)
    prolog = head if at < 0 else head[:at]
    if safexml.declares_entity(prolog):
        raise PubmedFileError(name, "the XML prolog declares entities; refusing to parse")
    if at < 0:
        raise PubmedFileError(name, "not a PubMed baseline/update file (no <PubmedArticleSet>)")
    return head


def read_events(path: str | Path) -> Iterator[tuple[int, str, PubmedRecord | None, int]]:
    """Yield ``(op, pmid, record or None, line)`` for each event of one file, in order.

    Raises :class:`~refgraph.errors.PubmedFileError` (naming the file) when the file is not
    gzip or XML, is truncated, declares entities, or is not well-formed.
    """
    path = Path(path)
    name = str(path)
    try:
        with open_input(path) as stream:
            head = _checked_head(stream, name)
            events = safexml.iterparse(cast(IO[bytes], _Replay(head, stream)), _TAGS)
            for _, el in events:
                if el.tag == "DeleteCitation":
                    for child in el:
                        if child.tag == "PMID":
                            yield OP_DELETE, (child.text or "").strip(), None, child.sourceline
                else:
                    record = record_from_element(el)
                    yield OP_RECORD, record.pmid, record, el.sourceline or 0
                el.clear(keep_tail=False)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
    except PubmedFileError:
        raise
    except etree.XMLSyntaxError as exc:
        raise PubmedFileError(name, f"malformed XML: {exc.msg or exc}") from None
    except _GZIP_ERRORS as exc:
        raise PubmedFileError(name, f"truncated or corrupt gzip: {exc}") from None
    except OSError as exc:
        raise PubmedFileError(name, f"cannot read: {exc.strerror or exc}") from None


def _write(table: Any, path: Path) -> None:
    """Stage ``table``: read once, whole, by the reduce step, so without the dictionary
    encoding (tried on every column, then given up on the record JSON) and the column
    statistics that only help a filtered read (together a quarter of the write's CPU; the
    files come out 8% smaller)."""
    import pyarrow.parquet as pq

    pq.write_table(table, path, compression="zstd", use_dictionary=False,
                   write_statistics=False)  # fmt: skip


class _TextColumn:
    """A string column (nulls allowed) kept as one growing UTF-8 buffer and its offsets, the
    layout of an Arrow string array, which is then made of them without a copy.

    The record JSON of a whole file (kilobytes a record) kept as ``str`` objects interleaves
    them with the XML parser's allocations on the C heap, which made every allocation after
    them slower: holding 30,000 of them cost 15-20 us/record of CPU in the map step; held in
    one buffer they cost nothing. Each chunk stays below 1 GiB, so its 32-bit offsets hold.
    """

    __slots__ = ("_chunks", "_data", "_nulls", "_offsets", "_valid")

    def __init__(self) -> None:
        self._chunks: list[Any] = []
        self._start()

    def _start(self) -> None:
        self._data = bytearray()
        self._offsets = array("i", [0])
        self._valid: list[bool] = []
        self._nulls = 0

    def append(self, text: str | None) -> None:
        if text is None:
            self._nulls += 1
            self._valid.append(False)
        else:
            self._data += text.encode()
            self._valid.append(True)
        self._offsets.append(len(self._data))
        if len(self._data) >= _TEXT_CHUNK:
            self._close_chunk()

    def _close_chunk(self) -> None:
        import pyarrow as pa

        # the validity bitmap of the nulls is the bit-packed values of a boolean array
        valid = pa.array(self._valid, pa.bool_()).buffers()[1] if self._nulls else None
        self._chunks.append(pa.StringArray.from_buffers(
            len(self._valid), pa.py_buffer(self._offsets), pa.py_buffer(self._data), valid,
            self._nulls))  # fmt: skip
        self._start()

    def to_arrow(self) -> Any:
        """The column as an Arrow string array (chunked past :data:`_TEXT_CHUNK` bytes)."""
        import pyarrow as pa

        if self._valid or not self._chunks:
            self._close_chunk()
        return self._chunks[0] if len(self._chunks) == 1 else pa.chunked_array(self._chunks)


def _rows(file: Path, partition_size: int, result: MapResult) -> tuple[
    dict[int, tuple[list[int], list[int], list[int], _TextColumn]],
    dict[int, list[tuple[Any, ...]]],
    dict[int, tuple[list[str], list[str], list[str], list[int], list[int]]],
]:  # fmt: skip
    """The staged rows of one file, by partition: events, check columns, key rows."""
    events: dict[int, tuple[list[int], list[int], list[int], _TextColumn]] = {}
    compared: dict[int, list[tuple[Any, ...]]] = {}
    keys: dict[int, tuple[list[str], list[str], list[str], list[int], list[int]]] = {}
    for pos, (op, pmid_text, record, line) in enumerate(read_events(file)):
        if not pmid_text.isdecimal() or not pmid_text.isascii():
            result.skipped.append(f"{file.name}:{line}: PMID {pmid_text!r} is not a number")
            continue
        pmid = int(pmid_text)
        part = pmid // partition_size
        columns = events.get(part)
        if columns is None:
            columns = events[part] = ([], [], [], _TextColumn())
            keys[part] = ([], [], [], [], [])
            compared[part] = []
        columns[0].append(pmid)
        columns[1].append(pos)
        columns[2].append(op)
        compared[part].append(check_columns.values(record))
        if record is None:
            columns[3].append(None)
            result.deletions += 1
            continue
        columns[3].append(record_to_json(record))
        result.records += 1
        kind, key, detail, kpmid, kpos = keys[part]
        for k, v, d in record_keys(record):
            kind.append(k)
            key.append(v)
            detail.append(d)
            kpmid.append(pmid)
            kpos.append(pos)
    return events, compared, keys


def map_file(path: str, seq: int, partition_size: int, staging: str) -> MapResult:
    """Map one file: parse it and stage its events and key rows per PMID partition.

    Staged files go to ``staging/map-<seq>/`` as ``events-<part>.parquet`` and
    ``keys-<part>.parquet``. A record whose PMID is not a number is skipped and named in
    :attr:`MapResult.skipped` (file and line); it cannot be placed in a PMID partition.
    """
    import time

    started = time.process_time()
    result = MapResult(Path(path).name, seq)
    collecting = gc.isenabled()
    gc.disable()  # what is made here is freed by reference counts; the collector would only
    # walk the growing row lists again and again (about 7% of the map step), and once more
    # at the first allocation after it is enabled while they live (1%): so it is paused
    # until the rows are gone, when _stage returns
    try:
        _stage(Path(path), seq, partition_size, Path(staging), result)
    finally:
        if collecting:
            gc.enable()
    result.cpu_seconds = time.process_time() - started
    return result


def _stage(file: Path, seq: int, partition_size: int, staging: Path, result: MapResult) -> None:
    """Read ``file`` and write its staged tables (see :func:`map_file`) into ``result``."""
    import pyarrow as pa

    events, compared, keys = _rows(file, partition_size, result)
    folder = staging / f"map-{seq:06d}"
    folder.mkdir(parents=True, exist_ok=True)
    types = check_columns.column_types()
    for part, (pmids, positions, ops, jsons) in events.items():
        events_path = folder / f"events-{part:06d}.parquet"
        keys_path = folder / f"keys-{part:06d}.parquet"
        by_column = zip(*compared[part], strict=True)
        _write(pa.table({
            "pmid": pa.array(pmids, pa.int64()), "seq": pa.array([seq] * len(pmids), pa.int32()),
            "pos": pa.array(positions, pa.int32()), "op": pa.array(ops, pa.int8()),
            "record": jsons.to_arrow(),
            **{name: pa.array(col, types[name])
               for name, col in zip(check_columns.COLUMNS, by_column, strict=True)},
        }), events_path)  # fmt: skip
        kind, key, detail, kpmid, kpos = keys[part]
        _write(pa.table({
            "kind": pa.array(kind, pa.string()), "key": pa.array(key, pa.string()),
            "detail": pa.array(detail, pa.string()), "pmid": pa.array(kpmid, pa.int64()),
            "seq": pa.array([seq] * len(kpmid), pa.int32()), "pos": pa.array(kpos, pa.int32()),
        }), keys_path)  # fmt: skip
        result.staged[part] = (str(events_path), str(keys_path))
