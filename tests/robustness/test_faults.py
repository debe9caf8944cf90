"""A fake server failing 30% of requests: ``build`` still gets every record, same results."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from refgraph.testing import FakeEutils
from robustness import SEED, SNAPSHOT, build_outputs, lone_seed, run_refgraph

SEED_NAME = SEED.name

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


# -- hostile servers: bounded time, no traceback, no leak, nothing poisoned ------------------

SECRET = "hostile-test-KEY-5c1d"
#: Patience settings for these runs (a pyproject.toml in the working folder): a hostile server
#: must end the run in a few seconds here, as the defaults end it well within a minute.
PATIENT = "[tool.refgraph]\ntimeout = 1.0\npatience = 3.0\n"


def _hostile_build(
    tmp: Path, fake: FakeEutils, name: str, cache: str = "c.sqlite"
) -> tuple[object, float]:
    seed = lone_seed(tmp / "in")
    (tmp / "pyproject.toml").write_text(PATIENT, encoding="utf-8")
    started = time.monotonic()
    res = run_refgraph(
        "build", str(seed), "-o", str(tmp / name), "--cache", str(tmp / cache),
        "--batch-size", "5", cwd=tmp, timeout=60,
        env={"REFGRAPH_EUTILS_URL": fake.url, "NCBI_API_KEY": SECRET},
    )  # fmt: skip
    return res, time.monotonic() - started


@pytest.mark.parametrize("mode", ["retry_after_long", "drip", "redirect", "huge"])
def test_a_hostile_server_ends_the_build_with_a_partial_report(
    tmp_path: Path, mode: str, fake_eutils_factory: Callable[..., FakeEutils]
) -> None:
    elsewhere = fake_eutils_factory({}, rate_limit=None)
    with FakeEutils(records_dir=SNAPSHOT, rate_limit=None, key_rate_limit=None) as fake:
        fake.set_faults(mode, delay=0.5, location=elsewhere.url + "efetch.fcgi",
                        size=300 * 2**20)  # fmt: skip
        res, seconds = _hostile_build(tmp_path, fake, "out")
    assert res.returncode in (0, 1), res.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in res.stderr  # type: ignore[attr-defined]
    assert seconds < 30, seconds
    build = json.loads((tmp_path / "out" / "build.json").read_text(encoding="utf-8"))
    assert len(build["missing"]) == 10  # every record unchecked, with the report written
    assert elsewhere.requests == []  # nothing (and no key) went to the other host
    assert SECRET not in res.stdout + res.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize("mode", ["comment_article", "cdata_article", "ns_root"])
def test_odd_replies_never_poison_the_cache(tmp_path: Path, mode: str) -> None:
    with FakeEutils(records_dir=SNAPSHOT, rate_limit=None, key_rate_limit=None) as fake:
        healthy, _ = _hostile_build(tmp_path, fake, "healthy", "healthy.sqlite")
        fake.set_faults(mode)
        odd, _ = _hostile_build(tmp_path, fake, "out")
        assert fake.faults_injected >= 2
    for res in (healthy, odd):
        assert res.returncode == 0, res.stderr  # type: ignore[attr-defined]
    assert build_outputs(tmp_path / "out") == build_outputs(tmp_path / "healthy")
    # a later run from that cache alone (offline) is as healthy
    again = run_refgraph("build", str(tmp_path / "in" / SEED_NAME), "-o", str(tmp_path / "again"),
                         "--cache", str(tmp_path / "c.sqlite"), "--offline")  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert build_outputs(tmp_path / "again") == build_outputs(tmp_path / "healthy")


def test_check_of_2000_references_at_50_percent_faults_ends_with_a_full_report(
    tmp_path: Path,
) -> None:
    """Issue 11: every reference gets a verdict or ``unchecked`` (with the reason); exit 0 or 1,
    never 2, and in bounded time."""
    from benchmarks.generate import livertox_corpus
    from benchmarks.records import record_set

    corpus = tmp_path / "in" / "big.txt"
    corpus.parent.mkdir()
    corpus.write_text(livertox_corpus(2000, seed=5), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.refgraph]\ntimeout = 2.0\npatience = 20.0\n", encoding="utf-8"
    )
    with FakeEutils(record_set(2000, seed=5), rate_limit=None, key_rate_limit=None) as fake:
        fake.set_faults(list(RETRYABLE), rate=0.5, seed=11)
        started = time.monotonic()
        res = run_refgraph(
            "check",
            str(corpus),
            "--json",
            "--cache",
            str(tmp_path / "c.sqlite"),
            cwd=tmp_path,
            timeout=120,
            env={"REFGRAPH_EUTILS_URL": fake.url},
        )
        seconds = time.monotonic() - started
        injected = fake.faults_injected
    assert res.returncode in (0, 1), res.stderr
    assert "Traceback" not in res.stderr
    assert injected > 5 and seconds < 90
    report = json.loads(res.stdout)
    verdicts = [r["verdict"] for r in report["results"]]
    assert len(verdicts) == 2000
    assert set(verdicts) <= {"ok", "unchecked", "retracted", "mismatch", "not_found", "no_pmid"}
    assert verdicts.count("ok") > 1000  # most batches got through their retries
    for result in report["results"]:
        if result["verdict"] == "unchecked":
            assert "gave up after" in result["notes"][0] or "patience" in result["notes"][0]
