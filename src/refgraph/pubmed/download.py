"""Fetch NLM's PubMed baseline or update files: listing, resume, MD5 verification.

NLM publishes the files over HTTPS as plain folders (``baseline/``, ``updatefiles/``), each
``pubmedYYnNNNN.xml.gz`` beside a ``.md5`` file (``MD5(name)= <hex>``). :func:`download`
lists a folder, skips the files already present whose MD5 matches, resumes a partial
download (``name.part``, an HTTP ``Range`` request; a server that ignores it sends the whole
file again), verifies every file against its ``.md5`` and only then renames it into place.
A file that fails verification is deleted and fetched once more, then reported.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from refgraph.errors import PubmedIndexError

__all__ = ["DEFAULT_PUBMED_URL", "DownloadReport", "download", "list_remote"]

#: NLM's PubMed distribution (the folders ``baseline/`` and ``updatefiles/`` below it).
DEFAULT_PUBMED_URL = "https://ftp.ncbi.nlm.nih.gov/pubmed/"
_FILE = re.compile(r'href="(?:[^"]*/)?(pubmed\d\dn\d{4}\.xml\.gz)"')
_MD5 = re.compile(r"\b([0-9a-fA-F]{32})\b")
_CHUNK = 1 << 20


@dataclass
class DownloadReport:
    """What :func:`download` did: files fetched (or resumed), skipped, and failed."""

    fetched: list[str] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def summary_line(self) -> str:
        return (f"{len(self.fetched)} file(s) downloaded ({len(self.resumed)} resumed), "
                f"{len(self.skipped)} already present, {len(self.failed)} failed")  # fmt: skip


def _folder_url(base_url: str, updates: bool) -> str:
    return base_url.rstrip("/") + ("/updatefiles/" if updates else "/baseline/")


def list_remote(session: object, url: str) -> list[str]:
    """The ``pubmedYYnNNNN.xml.gz`` names linked from the folder page ``url``, sorted."""
    response = session.get(url, timeout=60)  # type: ignore[attr-defined]
    if response.status_code != 200:
        raise PubmedIndexError(f"{url}: HTTP {response.status_code} listing the PubMed files")
    return sorted(set(_FILE.findall(response.text)))


def _md5_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "md5").hexdigest()


def _expected_md5(session: object, url: str) -> str:
    response = session.get(url + ".md5", timeout=60)  # type: ignore[attr-defined]
    found = _MD5.search(response.text) if response.status_code == 200 else None
    if found is None:
        raise PubmedIndexError(f"{url}.md5: no MD5 checksum (HTTP {response.status_code})")
    return found.group(1).lower()


def _fetch(session: object, url: str, part: Path) -> bool:
    """Download ``url`` into ``part``, resuming it when it exists; True when resumed."""
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with session.get(url, headers=headers, stream=True, timeout=120) as response:  # type: ignore[attr-defined]
        if response.status_code == 416:  # nothing left to fetch: the part is complete
            return bool(have)
        if response.status_code not in (200, 206):
            raise PubmedIndexError(f"{url}: HTTP {response.status_code}")
        resumed = response.status_code == 206 and have > 0
        with part.open("ab" if resumed else "wb") as out:
            for chunk in response.iter_content(_CHUNK):
                out.write(chunk)
    return resumed


def download(
    folder: Path,
    *,
    updates: bool = False,
    base_url: str = DEFAULT_PUBMED_URL,
    limit: int | None = None,
    session: object | None = None,
    progress: Callable[[str], None] | None = None,
) -> DownloadReport:
    """Bring ``folder`` up to date with NLM's baseline (or, ``updates``, update) files.

    Raises :class:`~refgraph.errors.PubmedIndexError` when the listing cannot be had; a
    file that cannot be fetched or verified is listed in :attr:`DownloadReport.failed`.
    """
    import requests

    http = session or requests.Session()
    url = _folder_url(base_url, updates)
    names = list_remote(http, url)
    if limit is not None:
        names = names[:limit]
    folder.mkdir(parents=True, exist_ok=True)
    report = DownloadReport()
    for name in names:
        target, part = folder / name, folder / (name + ".part")
        try:
            expected = _expected_md5(http, url + name)
            if target.exists() and _md5_of(target) == expected:
                report.skipped.append(name)
                continue
            for attempt in range(2):
                resumed = _fetch(http, url + name, part)
                if _md5_of(part) == expected:
                    break
                part.unlink()
                if attempt:
                    raise PubmedIndexError(f"{name}: MD5 differs from {name}.md5 twice")
            part.replace(target)
            (folder / (name + ".md5")).write_text(f"MD5({name})= {expected}\n", encoding="ascii")
            report.fetched.append(name)
            if resumed:
                report.resumed.append(name)
            if progress:
                progress(name)
        except (PubmedIndexError, requests.RequestException) as exc:
            report.failed.append(f"{name}: {exc}")
    return report
