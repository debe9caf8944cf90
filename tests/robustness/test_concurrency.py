"""``refgraph build`` runs at once: one cache file shared safely, one NCBI budget shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.testing import FakeEutils
from robustness import SNAPSHOT, build_outputs, lone_seed, popen_refgraph


def test_two_builds_share_one_cache(tmp_path: Path) -> None:
    seed = lone_seed(tmp_path / "in")
    cache = tmp_path / "shared.sqlite"
    with FakeEutils(records_dir=SNAPSHOT, rate_limit=None, key_rate_limit=None) as fake:
        env = {"REFGRAPH_EUTILS_URL": fake.url}
        procs = [
            popen_refgraph(
                "build",
                str(seed),
                "-o",
                str(tmp_path / name),
                "--cache",
                str(cache),
                "--batch-size",
                "2",
                env=env,
            )
            for name in ("a", "b")
        ]
        results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
        requested = {pmid for r in fake.requests for pmid in r.ids}
    for code, stdout, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
        assert "10 references: 10 ok" in stdout
    assert len(requested) == 10  # both really went online (no snapshot beside the input)
    a, b = build_outputs(tmp_path / "a"), build_outputs(tmp_path / "b")
    assert a == b
    # the shared cache holds every record once and is sound
    import sqlite3

    with sqlite3.connect(cache) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == 10
    conn.close()


@pytest.mark.parametrize(("processes", "key", "batch"), [(2, "", "2"), (4, "a-shared-key", "1")])
def test_builds_at_once_share_the_rate_limit_no_429(
    tmp_path: Path, processes: int, key: str, batch: str
) -> None:
    """NCBI counts per IP (or key), not per process: runs at once never draw a 429."""
    seed = lone_seed(tmp_path / "in")
    with FakeEutils(records_dir=SNAPSHOT, rate_limit=3.0, key_rate_limit=10.0) as fake:
        env = {"REFGRAPH_EUTILS_URL": fake.url, **({"NCBI_API_KEY": key} if key else {})}
        procs = [
            popen_refgraph("build", str(seed), "-o", str(tmp_path / f"out{n}"), "--cache",
                           str(tmp_path / f"c{n}.sqlite"), "--batch-size", batch, env=env)
            for n in range(processes)
        ]  # fmt: skip
        results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
        statuses = [r.status for r in fake.requests]
    for code, _, stderr in results:
        assert code == 0, stderr
    assert len(statuses) == processes * 10 // int(batch)
    assert statuses.count(429) == 0
