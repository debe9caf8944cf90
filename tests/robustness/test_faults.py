"""A fake server failing 30% of requests: ``build`` still gets every record, same results."""

from __future__ import annotations

import json
from pathlib import Path

from refgraph.testing import FakeEutils
from robustness import SNAPSHOT, build_outputs, lone_seed, run_refgraph

#: Failures from the contract that the client retries (transport and body level).
RETRYABLE = (
    "http500_json",
    "http502",
    "http503",
    "http504",
    "http429",
    "error_backend",
    "error_viewer_timeout",
    "empty",
    "prolog_only",
    "truncated",
    "truncated_xml",
    "html",
    "connection_reset",
)
BATCH = "1"  # one PMID per request: ten efetch requests for the seed, so faults do hit


def _online_build(seed: Path, out: Path, cache: Path, fake: FakeEutils) -> dict[str, object]:
    res = run_refgraph(
        "build", str(seed), "-o", str(out), "--cache", str(cache), "--batch-size", BATCH,
        env={"REFGRAPH_EUTILS_URL": fake.url, "NCBI_API_KEY": "fault-test-key"},
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return json.loads((out / "build.json").read_text(encoding="utf-8"))


def test_build_survives_30_percent_failures(tmp_path: Path) -> None:
    seed = lone_seed(tmp_path / "in")
    with FakeEutils(records_dir=SNAPSHOT, rate_limit=None, key_rate_limit=None) as fake:
        healthy = _online_build(seed, tmp_path / "healthy", tmp_path / "h.sqlite", fake)
        healthy_requests = len(fake.requests)
        fake.clear_requests()
        fake.set_faults(list(RETRYABLE), rate=0.3, seed=7)
        faulty = _online_build(seed, tmp_path / "faulty", tmp_path / "f.sqlite", fake)
        injected = fake.faults_injected
        faulty_requests = len(fake.requests)
        modes = {r.fault for r in fake.requests if r.fault}
    assert healthy["missing"] == faulty["missing"] == []
    assert healthy["check"] == faulty["check"]
    assert build_outputs(tmp_path / "faulty") == build_outputs(tmp_path / "healthy")
    # faults were really injected, every one cost exactly one retry, and nothing more was asked
    assert injected >= 2, modes
    assert faulty_requests == healthy_requests + injected
    assert faulty["requests"] == faulty_requests
    # within the retry budget: at most 6 tries per request (Settings.max_tries)
    assert faulty_requests <= 6 * healthy_requests
