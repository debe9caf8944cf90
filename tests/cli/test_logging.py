"""``refgraph -v --log-file``: requests are logged, the API key never is."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT, SEED
from refgraph.testing.fake_eutils import FakeEutils

SECRET = "k3y-THAT-must-never-leak-0123456789"


def test_log_file_records_requests_without_the_api_key(
    tmp_path: Path, fake_eutils_factory: Callable[..., FakeEutils]
) -> None:
    fake = fake_eutils_factory(records_dir=ROOT / "refs" / "pubmed", rate_limit=None,
                               key_rate_limit=None)
    seed = tmp_path / "seed.txt"  # no pubmed/ snapshot beside it: records come over HTTP
    seed.write_bytes(SEED.read_bytes())
    log = tmp_path / "refgraph.log"
    env = {**os.environ, "NCBI_API_KEY": SECRET, "REFGRAPH_EUTILS_URL": fake.url,
           "REFGRAPH_CACHE": str(tmp_path / "cache.sqlite")}
    res = subprocess.run(
        [sys.executable, "-m", "refgraph", "-vv", "--log-file", str(log), "check", str(seed)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert res.returncode == 0, res.stderr
    assert fake.requests, "the check must have gone over HTTP"
    assert all(r.params.get("api_key") == [SECRET] for r in fake.requests)  # it was used
    text = log.read_text()
    assert "efetch" in text  # the log is not empty
    assert SECRET not in text and SECRET not in res.stdout + res.stderr
    for path in tmp_path.rglob("*"):  # the rate-limit file under xdg-cache/ included
        assert SECRET not in str(path)
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path.name


def test_v_shows_each_request_and_vv_the_debug_lines(
    tmp_path: Path, fake_eutils_factory: Callable[..., FakeEutils]
) -> None:
    fake = fake_eutils_factory(records_dir=ROOT / "refs" / "pubmed", rate_limit=None,
                               key_rate_limit=None)
    seed = tmp_path / "seed.txt"
    seed.write_bytes(SEED.read_bytes())
    env = {**os.environ, "REFGRAPH_EUTILS_URL": fake.url}
    runs = {}
    for flag in ("-v", "-vv"):
        env["REFGRAPH_CACHE"] = str(tmp_path / f"cache{flag}.sqlite")  # cold: requests go out
        res = subprocess.run([sys.executable, "-m", "refgraph", flag, "check", str(seed)],
                             env=env, capture_output=True, text=True, timeout=120, check=False)
        assert res.returncode == 0, res.stderr
        runs[flag] = res.stderr
    info = [line for line in runs["-v"].splitlines() if " INFO " in line]
    assert any("efetch.fcgi: 10 id(s), HTTP 200 in" in line and "for the rate limit" in line
               for line in info), runs["-v"]  # endpoint, ids, status, wait
    assert " DEBUG " not in runs["-v"]
    assert "DEBUG records: 10 PMID(s) asked, 0 from the cache" in runs["-vv"]
    assert "DEBUG efetch.fcgi: try 1, POST db=pubmed" in runs["-vv"]
