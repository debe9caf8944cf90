"""The on-disk layout of a local PubMed index, its manifest, and its input files.

::

    INDEX/
      manifest.json                       what the index holds (written last, atomically)
      records/part-000123.g0002.parquet   PMIDs [123*W, 124*W): one row per PMID, sorted
      keys/part-000123.g0002.parquet      lookup key rows of those PMIDs, by hash bucket
      lookup/bucket-0007.g0002.parquet    key rows of every partition in bucket 7, sorted
      .lock                               one writer at a time (flock)

``W`` is the partition size (PMIDs per partition, default :data:`PARTITION_SIZE`). Data
files carry the generation that wrote them and are never rewritten: a build or update writes
new files, then replaces ``manifest.json`` in one ``os.replace`` (readers see the old index
or the new one, never a mix), then deletes files no manifest names. A run that fails deletes
what it wrote and leaves the manifest, so the index stays as it was.

Input files are ordered baseline first, then updates, each by the number in the name
(``pubmed26n0001.xml.gz`` < ``pubmed26n1335.xml.gz``), whatever order a folder lists them in.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from refgraph.errors import PubmedIndexError

__all__ = [
    "FORMAT",
    "LOOKUP_BUCKETS",
    "MANIFEST",
    "PARTITION_SIZE",
    "FileEntry",
    "Manifest",
    "baseline_year",
    "file_md5",
    "list_inputs",
    "read_manifest",
    "require_pyarrow",
    "write_manifest",
]

#: 3: the records table carries the check columns (:mod:`.columns`).
FORMAT = 3
MANIFEST = "manifest.json"
#: PMIDs per partition: at most 50,000 records (~65 MB of record JSON) per reduce task, which
#: keeps a worker well under 1 GB; the 2026 baseline (PMIDs up to ~41 M) makes ~820 of them.
PARTITION_SIZE = 50_000
#: Hash buckets of the lookup tables.
LOOKUP_BUCKETS = 64
_NAME = re.compile(r"(\d+)")
_YEAR = re.compile(r"^pubmed(\d\d)n\d+", re.IGNORECASE)
_SUFFIXES = (".xml.gz", ".xml")


@dataclass(frozen=True)
class FileEntry:
    """One input file applied to the index."""

    name: str
    kind: str  # "baseline" | "update"
    size: int
    md5: str
    records: int
    deletions: int
    path: str = ""
    mtime_ns: int = 0


@dataclass
class Manifest:
    """Everything ``manifest.json`` holds (see the module docstring)."""

    parser_version: str
    baseline_year: str
    partition_size: int = PARTITION_SIZE
    lookup_buckets: int = LOOKUP_BUCKETS
    generation: int = 0
    files: list[FileEntry] = field(default_factory=list)
    partitions: dict[int, dict[str, Any]] = field(default_factory=dict)
    lookup: dict[int, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    format: int = FORMAT

    @property
    def last_file(self) -> str:
        return self.files[-1].name if self.files else ""

    @property
    def record_count(self) -> int:
        return sum(int(p["records"]) for p in self.partitions.values())

    @property
    def deleted_count(self) -> int:
        return sum(int(p["deleted"]) for p in self.partitions.values())

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_file"] = self.last_file
        data["partitions"] = {str(k): v for k, v in sorted(self.partitions.items())}
        data["lookup"] = {str(k): v for k, v in sorted(self.lookup.items())}
        return data


def require_pyarrow() -> None:
    """Raise a :class:`~refgraph.errors.PubmedIndexError` with the install line when the
    optional ``pyarrow`` (``refgraph[pubmed]``) is missing."""
    import importlib.util

    if importlib.util.find_spec("pyarrow") is None:
        raise PubmedIndexError("the PubMed index needs pyarrow: pip install 'refgraph[pubmed]'")


def read_manifest(index: Path, *, any_format: bool = False) -> Manifest | None:
    """Return the manifest of ``index``, ``None`` when there is none yet.

    An index of another format is refused, unless ``any_format`` (a build reads it to
    rebuild it, with the files it names).
    """
    path = index / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT and not any_format:
            raise PubmedIndexError(
                f"{path}: index format {data.get('format')!r}, this refgraph reads {FORMAT};"
                " rebuild it with `refgraph pubmed index`"
            )
        data.pop("last_file", None)
        data["files"] = [FileEntry(**f) for f in data["files"]]
        data["partitions"] = {int(k): v for k, v in data["partitions"].items()}
        data["lookup"] = {int(k): v for k, v in data["lookup"].items()}
        return Manifest(**data)
    except (ValueError, KeyError, TypeError) as exc:
        raise PubmedIndexError(f"{path}: unreadable index manifest ({exc})") from None


def write_manifest(index: Path, manifest: Manifest) -> None:
    """Replace ``index/manifest.json`` atomically (temp file, fsync, ``os.replace``)."""
    text = json.dumps(manifest.as_dict(), indent=1, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(dir=index, prefix=".manifest-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, index / MANIFEST)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _order(path: Path) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in _NAME.split(path.name))


def list_inputs(folder: Path) -> list[Path]:
    """The ``*.xml.gz`` / ``*.xml`` files of ``folder`` in file-number order.

    Raises :class:`~refgraph.errors.PubmedIndexError` when the folder does not exist.
    """
    if not folder.is_dir():
        raise PubmedIndexError(f"{folder}: no such folder of PubMed files")
    found = [p for p in folder.iterdir() if p.is_file() and p.name.endswith(_SUFFIXES)]
    return sorted(found, key=_order)


def baseline_year(names: list[str]) -> str:
    """The two-digit release year of NLM's file names (``pubmed26n0001`` -> ``"26"``)."""
    years = sorted({m.group(1) for n in names if (m := _YEAR.match(n))})
    return years[-1] if years else ""


def file_md5(path: Path) -> str:
    """The MD5 hex digest of a file's bytes (what NCBI's ``.md5`` files give)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "md5").hexdigest()
