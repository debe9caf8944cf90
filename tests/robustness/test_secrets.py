"""The API key from the environment reaches NCBI and nothing else: no output, cache or log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from refgraph.testing import FakeEutils
from robustness import ROOT, SNAPSHOT, lone_seed, refgraph_env

SECRET = "k3y-S3CR3T-7f0c9a1e5b2d4c68"

#: Runs the CLI with every logger at DEBUG written to a file (the CLI has no --verbose).
_WITH_LOGGING = """
import logging, sys
logging.basicConfig(filename=sys.argv[1], level=logging.DEBUG, force=True)
from refgraph.cli import main
main(sys.argv[2:])
"""


def test_api_key_never_written(tmp_path: Path) -> None:
    seed = lone_seed(tmp_path / "in")
    out, cache, log = tmp_path / "out", tmp_path / "cache.sqlite", tmp_path / "debug.log"
    with FakeEutils(records_dir=SNAPSHOT, rate_limit=None, key_rate_limit=None) as fake:
        # one 503 makes the client retry, and the retry is logged (with its URL and reason)
        fake.set_faults("http503", on=[0])
        res = subprocess.run(
            [sys.executable, "-c", _WITH_LOGGING, str(log),
             "build", str(seed), "-o", str(out), "--cache", str(cache), "--batch-size", "3"],
            cwd=ROOT, capture_output=True, timeout=120, check=False,
            env=refgraph_env({"NCBI_API_KEY": SECRET, "REFGRAPH_EUTILS_URL": fake.url}),
        )  # fmt: skip
        sent = [r.params.get("api_key") for r in fake.requests]
    assert res.returncode == 0, res.stderr.decode()
    # the key did reach the server, on every request
    assert sent and all(value == [SECRET] for value in sent)
    # ... and the run did log (so the grep below is not vacuous)
    assert log.stat().st_size > 0
    assert b"efetch" in log.read_bytes()
    written = [p for p in out.rglob("*") if p.is_file()]
    assert len(written) >= 10
    companions = [cache.with_name(cache.name + s) for s in ("-wal", "-shm")]
    files = [*written, cache, *(p for p in companions if p.exists()), log]
    needle = SECRET.encode()
    leaks = [str(p) for p in files if needle in p.read_bytes()]
    assert leaks == []
    assert needle not in res.stdout and needle not in res.stderr
    # nor anywhere else in the temporary folder (the build's temp files included)
    for folder, _, names in os.walk(tmp_path):
        for name in names:
            assert needle not in (Path(folder) / name).read_bytes(), name
