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
