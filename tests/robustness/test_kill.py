"""SIGKILL while writing the .bib, the cache or a build output: never a partial file.

Each scenario starts a real subprocess and kills it with SIGKILL at several moments, one of
them the instant a temporary file of the atomic write shows up in the output folder (so the
kill lands inside the write). Afterwards every file is either byte-identical to what was there
before or the complete new version, and the next run succeeds.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import livertox_corpus
from benchmarks.records import record_set

from refgraph.cache import RecordCache
from refgraph.cache.records import store_xml
from refgraph.testing import FakeEutils
from robustness import ROOT, popen_refgraph, refgraph_env, run_refgraph

DEADLINE = 20.0  # seconds any single subprocess may take before the test gives up


def _kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], after: float) -> bool:
    """SIGKILL ``proc`` once ``ready()`` holds or ``after`` seconds passed; True if killed."""
    start = time.monotonic()
    while proc.poll() is None:
        elapsed = time.monotonic() - start
        if ready() or elapsed >= after:
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=DEADLINE)
            return proc.returncode == -signal.SIGKILL
        if elapsed > DEADLINE:  # pragma: no cover - a hung child
            proc.kill()
            raise AssertionError("subprocess did not finish in time")
        time.sleep(0.001)
    proc.communicate()
    return False


def _temp_in(folder: Path) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            with os.scandir(folder) as entries:
                return any(e.name.endswith(".tmp") for e in entries)
        except FileNotFoundError:
            return False

    return ready


def _never() -> bool:
    return False


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _no_temps(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")], "a .tmp was left"


def test_kill_while_writing_the_bib(tmp_path: Path) -> None:
    src, out = tmp_path / "big.txt", tmp_path / "out" / "big.bib"
    src.write_text(livertox_corpus(30, seed=5), encoding="utf-8")
    first = run_refgraph("parse", str(src), "-o", str(out), "-q")
    assert first.returncode == 0, first.stderr
    out.chmod(0o664)  # the user's choice: every rewrite keeps it
    old = out.read_bytes()
    src.write_text(livertox_corpus(2500, seed=5), encoding="utf-8")
    states, killed_mid_write = [], 0
    # late kills first: "when the temp file appears" is the one that lands mid-write
    for after, ready in [*[(60.0, _temp_in(out.parent))] * 4, (0.3, _never), (1.0, _never)]:
        if ready is not _never and killed_mid_write:
            continue  # tried until one kill landed mid-write (load can make a write quick)
        proc = popen_refgraph("parse", str(src), "-o", str(out), "-q")
        mid_write = _kill_when(proc, ready, after)
        killed_mid_write += mid_write and ready is not _never
        states.append((out.read_bytes(), _mode(out)))
    assert killed_mid_write, "no kill landed while the .bib was being written"
    final = run_refgraph("parse", str(src), "-o", str(out), "-q")
    assert final.returncode == 0, final.stderr
    new = out.read_bytes()
    assert new.count(b"@article{") >= 2400 and new != old
    for state, mode in states:
        assert state in (old, new), "a partial .bib was left behind"
        assert mode == 0o664
    assert _mode(out) == 0o664
    _no_temps(out.parent)  # the next run removed what the killed ones left


_FILLER = """
import sys
from refgraph.cache import RecordCache
from refgraph.testing import FakeEutils
path, start = sys.argv[1], int(sys.argv[2])
cache = RecordCache(path)
batch = 0
while True:
    first = start + batch * 500
    cache.put_rows([(str(first + i), b"<PubmedArticle>" + str(first + i).encode() * 4000
                     + b"</PubmedArticle>", None) for i in range(500)], "")
    print(first, flush=True)
    batch += 1
"""


def _expected(pmid: str) -> bytes:
    return b"<PubmedArticle>" + pmid.encode() * 4000 + b"</PubmedArticle>"


def test_kill_while_filling_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    start = 1_000_000
    for moment in (0.3, 0.9, 1.7):
        proc = subprocess.Popen(
            [sys.executable, "-c", _FILLER, str(cache), str(start)],
            cwd=ROOT, env=refgraph_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        assert proc.stdout is not None
        proc.stdout.readline()  # one batch committed: the process is filling
        time.sleep(moment / 3)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=DEADLINE)
        assert proc.returncode == -signal.SIGKILL
        with sqlite3.connect(cache) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            rows = conn.execute("SELECT pmid, xml FROM records").fetchall()
        conn.close()
        # whole transactions only: 500-record batches, every record complete
        assert rows and len(rows) % 500 == 0
        assert all(bytes(xml) == _expected(pmid) for pmid, xml in rows)
        start = max(int(pmid) for pmid, _ in rows) + 1
    with RecordCache(cache) as reopened:  # the next run succeeds
        assert reopened.put_rows([("1", _expected("1"), None)], "") == 1
        assert reopened.get_many(["1"])["1"][0] == _expected("1")


def test_kill_while_build_writes_outputs(tmp_path: Path) -> None:
    n = 800
    src, out, cache = tmp_path / "big.txt", tmp_path / "out", tmp_path / "cache.sqlite"
    with RecordCache(cache) as store:
        store_xml(store, record_set(n, seed=2).values())
    build = ("build", str(src), "-o", str(out), "--offline", "--cache", str(cache), "--quiet")
    src.write_text(livertox_corpus(20, seed=2), encoding="utf-8")
    first = run_refgraph(*build)
    assert first.returncode == 0, first.stderr
    for path in out.iterdir():
        path.chmod(0o640 if path.suffix == ".json" else 0o664)
    modes = {p.name: _mode(p) for p in out.iterdir()}
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    src.write_text(livertox_corpus(n, seed=2), encoding="utf-8")
    states, killed_mid_write = [], 0
    for after, ready in [*[(60.0, _temp_in(out))] * 4, (1.0, _never)]:
        if ready is not _never and killed_mid_write:
            continue  # tried until one kill landed mid-write (load can make a write quick)
        proc = popen_refgraph(*build)
        mid_write = _kill_when(proc, ready, after)
        killed_mid_write += mid_write and ready is not _never
        states.append({p.name: p.read_bytes() for p in out.iterdir() if p.suffix != ".tmp"})
        assert {p.name: _mode(p) for p in out.iterdir() if p.suffix != ".tmp"} == modes
    assert killed_mid_write, "no kill landed while an output was being written"
    final = run_refgraph(*build)
    assert final.returncode == 0, final.stderr
    assert "800 references: 800 ok" in final.stdout
    new = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.endswith(".tmp")}
    assert set(new) == set(old)
    for state in states:
        assert set(state) == set(old)
        for name, data in state.items():
            assert data in (old[name], new[name]), f"{name} is partial"
    assert {p.name: _mode(p) for p in out.iterdir()} == modes
    _no_temps(out)


def test_kill_while_enrich_rewrites_the_bib_in_place(tmp_path: Path) -> None:
    n = 600
    src, bib, cache = tmp_path / "big.txt", tmp_path / "lib.bib", tmp_path / "cache.sqlite"
    with RecordCache(cache) as store:
        store_xml(store, record_set(n, seed=3).values())
    src.write_text(livertox_corpus(n, seed=3), encoding="utf-8")
    assert run_refgraph("parse", str(src), "-o", str(bib), "-q").returncode == 0
    bib.chmod(0o664)
    old = bib.read_bytes()
    enrich = ("enrich", str(bib), "--in-place", "--offline", "--cache", str(cache))
    states, killed_mid_write = [], 0
    # the rewrite takes milliseconds: a loaded machine may finish it before the temp file is
    # seen, so that kill is tried a few times, from the original file each time
    for after, ready in [*[(60.0, _temp_in(tmp_path))] * 4, (0.5, _never)]:
        if ready is not _never and killed_mid_write:
            continue
        if bib.read_bytes() != old:
            bib.write_bytes(old)
        proc = popen_refgraph(*enrich)
        mid_write = _kill_when(proc, ready, after)
        killed_mid_write += mid_write and ready is not _never
        states.append((bib.read_bytes(), _mode(bib)))
    assert killed_mid_write, "no kill landed while the .bib was being rewritten"
    final = run_refgraph(*enrich)
    assert final.returncode == 0, final.stderr
    new = bib.read_bytes()
    assert new != old and new.count(b"x-pubmed-fields") >= n // 2
    for state, mode in states:
        assert state in (old, new) and mode == 0o664
    bak = tmp_path / "lib.bib.bak"
    assert bak.read_bytes() in (old, new) and _mode(bak) == 0o664 and _mode(bib) == 0o664
    _no_temps(tmp_path)


def test_kill_while_check_fix_rewrites_the_bib(
    tmp_path: Path, fake_eutils_factory: Callable[..., FakeEutils]
) -> None:
    n = 400
    fake = fake_eutils_factory(record_set(n, seed=4), rate_limit=None, key_rate_limit=None)
    src, bib = tmp_path / "big.txt", tmp_path / "lib.bib"
    src.write_text(livertox_corpus(n, seed=4), encoding="utf-8")
    assert run_refgraph("parse", str(src), "-o", str(bib), "-q").returncode == 0
    text = bib.read_text(encoding="utf-8")
    pmids = re.findall(r"pmid = \{(\d+)\}", text)
    wrong = dict(itertools.pairwise(pmids[:41]))  # 40 copy-paste errors
    bib.write_text(re.sub(r"pmid = \{(\d+)\}",
                          lambda m: f"pmid = {{{wrong.get(m.group(1), m.group(1))}}}", text),
                   encoding="utf-8")  # fmt: skip
    bib.chmod(0o664)
    old = bib.read_bytes()
    fix = ("check", str(bib), "--fix", "--json", "--eutils-url", fake.url,
           "--cache", str(tmp_path / "cache.sqlite"))  # fmt: skip
    states, killed_mid_write = [], 0
    for after, ready in [*[(60.0, _temp_in(tmp_path))] * 4, (0.8, _never)]:
        if ready is not _never and killed_mid_write:
            continue  # tried until one kill landed mid-write, from the original file each time
        if bib.read_bytes() != old:
            bib.write_bytes(old)
        proc = subprocess.Popen(  # the report of 400 references would fill a pipe: discard it
            [sys.executable, "-m", "refgraph", *fix], cwd=ROOT, env=refgraph_env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        mid_write = _kill_when(proc, ready, after)
        killed_mid_write += mid_write and ready is not _never
        states.append((bib.read_bytes(), _mode(bib)))
    assert killed_mid_write, "no kill landed while the .bib was being rewritten"
    final = run_refgraph(*fix)
    assert final.returncode in (0, 1), final.stderr
    new = bib.read_bytes()
    assert new != old and re.findall(rb"pmid = \{(\d+)\}", new) == [p.encode() for p in pmids]
    for state, mode in states:
        assert state in (old, new) and mode == 0o664
    assert _mode(bib) == 0o664 and _mode(tmp_path / "lib.bib.bak") == 0o664
    _no_temps(tmp_path)
