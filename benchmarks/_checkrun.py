"""Helpers for the ``check`` benchmarks: a corpus of real records, a fake server process, runs.

- :func:`write_corpus`: ``n`` PubMed records cloned from the real recorded replies under
  ``tests/data/eutils`` (each clone gets its own PMID; everything else, abstracts, MeSH and
  reference lists included, is the real record) into one XML file for the fake server, plus
  a ``.bib`` of the same works (every verdict ``ok``).
- :func:`serve`: the fake E-utilities server of *this* checkout in its own process (so the
  CPU it spends is not counted against the client), with a per-reply latency.
- :func:`run_check_cli`: ``refgraph check`` of any checkout's ``src`` in a child process;
  returns wall time and the child's own CPU time (``RUSAGE_CHILDREN`` difference).
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDINGS = ROOT / "tests" / "data" / "eutils"
FIRST_PMID = 40_000_001

_PMID_RE = re.compile(rb"(<PMID[^>]*>)\d+(</PMID>)")
_OWN_IDS_RE = re.compile(rb"<ArticleIdList>.*?</ArticleIdList>", re.S)
_ID_RE = re.compile(rb'(<ArticleId IdType="([^"]+)">)([^<]*)(</ArticleId>)')
_DOI_RE = re.compile(rb'(<(?:ELocationID EIdType="doi"[^>]*|ArticleId IdType="doi")>)([^<]+)(<)')
_TITLE_END = b"</ArticleTitle>"
_VOLUME_RE = re.compile(rb"<Volume>[^<]*</Volume>")


def _templates() -> list[bytes]:
    from refgraph.testing._records import RecordStore

    store = RecordStore()
    store.load_dir(RECORDINGS)
    out = []
    for pmid in store.pmids():
        raw = store.raw(pmid) or b""
        if raw.startswith(b"<PubmedArticle") and not raw.startswith(b"<PubmedArticleSet"):
            out.append(raw)
    return out


def _clone(raw: bytes, pmid: str) -> bytes:
    """The record with PMID ``pmid``, its other ids, title and volume made unique."""
    new = pmid.encode()
    raw = _PMID_RE.sub(lambda m: m.group(1) + new + m.group(2), raw, count=1)
    raw = raw.replace(_TITLE_END, b" (" + new + b")" + _TITLE_END, 1)
    raw = _VOLUME_RE.sub(b"<Volume>" + new + b"</Volume>", raw, count=1)
    head, sep, tail = raw.partition(b"<PubmedData>")
    head = _DOI_RE.sub(lambda m: m.group(1) + m.group(2) + b"." + new + m.group(3), head, count=1)

    def own_id(m: re.Match[bytes]) -> bytes:
        kind, value = m.group(2), m.group(3)
        if kind == b"pubmed":
            value = new
        elif kind == b"pmc":
            value = b"PMC" + new
        else:
            value = value + b"." + new
        return m.group(1) + value + m.group(4)

    if sep:  # this record's own ids (the first ArticleIdList; later ones are its references)
        tail = _OWN_IDS_RE.sub(lambda m: _ID_RE.sub(own_id, m.group(0)), tail, count=1)
    return head + sep + tail


def write_corpus(n: int, folder: Path) -> tuple[Path, Path, list[str]]:
    """Write ``records.xml`` (n records) and ``refs.bib`` into ``folder``; return paths, PMIDs."""
    from refgraph.export.bibtex import write_bibtex
    from refgraph.pubmed.parse import parse_pubmed_xml, wrap_articles
    from refgraph.pubmed.reference import record_to_reference

    templates = _templates()
    pmids = [str(FIRST_PMID + i) for i in range(n)]
    articles = [_clone(templates[i % len(templates)], p) for i, p in enumerate(pmids)]
    folder.mkdir(parents=True, exist_ok=True)
    records_dir = folder / "records"
    records_dir.mkdir(exist_ok=True)
    reply = wrap_articles(articles)
    (records_dir / "records.xml").write_bytes(reply)
    records = parse_pubmed_xml(reply)
    refs = [record_to_reference(r, key=f"ref{i}") for i, r in enumerate(records)]
    bib = folder / "refs.bib"
    bib.write_text(write_bibtex(refs), encoding="utf-8")
    return records_dir, bib, pmids


class Served:
    """A fake server process: its ``url``, and after it stopped, what it served."""

    def __init__(self) -> None:
        self.url = ""
        self.requests = 0
        self.throttled = 0  # requests answered 429


@contextmanager
def serve(
    records_dir: Path, *, latency: float = 0.0, rate_limit: str = "3", key_rate_limit: str = "10"
) -> Iterator[Served]:
    """Run this checkout's fake server in a child process (its CPU is not the client's)."""
    command = [
        sys.executable,
        "-m",
        "refgraph.testing.fake_eutils",
        "--records",
        str(records_dir),
        "--rate-limit",
        rate_limit,
        "--key-rate-limit",
        key_rate_limit,
    ]
    if latency:
        command += ["--latency", str(latency)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    served = Served()
    try:
        assert proc.stdout is not None
        served.url = proc.stdout.readline().strip()
        if not served.url.startswith("http"):
            raise RuntimeError("the fake E-utilities server did not start")
        yield served
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
        found = re.search(r"served (\d+) requests, (\d+) answered 429", err or "")
        if found:
            served.requests, served.throttled = int(found.group(1)), int(found.group(2))


_DRIVER = """
import json, sys, time
from pathlib import Path
from refgraph.cache import RecordCache
from refgraph.check import run_check
from refgraph.eutils.client import EutilsClient
from refgraph.sources import load
bib, url, cache, key, start, count = sys.argv[1:7]
refs = list(load(Path(bib)).references)[int(start) : int(start) + int(count)]
print("ready", flush=True)
sys.stdin.readline()  # all processes start together
with EutilsClient(url, cache=RecordCache(cache), api_key=key) as client:
    began, cpu = time.perf_counter(), time.process_time()  # CPU of every thread
    report = run_check(refs, client)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu, "requests": client.request_count,
                      "counts": report.counts}), flush=True)
"""


def timed_checks(
    bib: Path, url: str, caches: list[Path], *, key: str = "", size: int, env: dict[str, str]
) -> list[dict[str, object]]:
    """``run_check`` of ``size`` references in each of ``len(caches)`` processes at once (a
    distinct slice each), timed in-process after loading (wall and CPU seconds, every thread
    counted); their JSON results. ``env["PYTHONPATH"]`` picks the checkout."""
    procs = []
    for n, cache in enumerate(caches):
        args = [str(bib), url, str(cache), key, str(n * size), str(size)]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", _DRIVER, *args],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:  # wait until every one has loaded its references
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = []
    for proc in procs:
        out, _ = proc.communicate(timeout=600)
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@dataclass(frozen=True)
class CheckRun:
    """One ``refgraph check`` child process: wall seconds, CPU seconds, exit code, stderr."""

    wall: float
    cpu: float
    code: int
    stderr: str


def run_check_cli(
    src: Path,
    bib: Path,
    url: str,
    cache: Path,
    *,
    extra_env: dict[str, str] | None = None,
    args: Sequence[str] = (),
) -> CheckRun:
    """``python -m refgraph check BIB --json`` with ``src`` first on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("NCBI_API_KEY", "REFGRAPH_CACHE")}
    env.update({"PYTHONPATH": str(src), "REFGRAPH_EUTILS_URL": url, **(extra_env or {})})
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "refgraph",
            "check",
            str(bib),
            "--json",
            "--cache",
            str(cache),
            *args,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return CheckRun(wall, cpu, proc.returncode, proc.stderr)
