"""Two ``refgraph build`` runs at once on one cache file: both succeed, same results."""

from __future__ import annotations

from pathlib import Path

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
