"""A cache file that is truncated or not SQLite at all is set aside with a warning and rebuilt."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from robustness import SEED, build_outputs, run_refgraph


def _build(out: Path, cache: Path) -> tuple[str, str]:
    res = run_refgraph("build", str(SEED), "-o", str(out), "--offline", "--cache", str(cache))
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return res.stdout, res.stderr


@pytest.fixture(scope="module")
def reference_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A healthy build of the seed (offline, snapshot imported) and the cache it left."""
    tmp = tmp_path_factory.mktemp("healthy")
    _build(tmp / "out", tmp / "cache.sqlite")
    return tmp / "out", tmp / "cache.sqlite"


def _truncate(path: Path, healthy: Path) -> None:
    data = healthy.read_bytes()
    assert len(data) > 8192, "the healthy cache should span several pages"
    path.write_bytes(data[: len(data) // 2 + 100])  # mid-page, header intact


def _garbage(path: Path, healthy: Path) -> None:
    path.write_bytes(b"this is not a database\n" * 500)


def _header_only(path: Path, healthy: Path) -> None:
    path.write_bytes(healthy.read_bytes()[:100])


@pytest.mark.parametrize(
    ("command", "damage"),
    [("build", _truncate), ("build", _garbage), ("check", _truncate), ("check", _header_only)],
    ids=["build-truncated", "build-not-sqlite", "check-truncated", "check-header-only"],
)
def test_corrupt_cache_is_set_aside_and_rebuilt(
    tmp_path: Path, reference_build: tuple[Path, Path], damage: object, command: str
) -> None:
    healthy_out, healthy_cache = reference_build
    cache = tmp_path / "cache.sqlite"
    damage(cache, healthy_cache)  # type: ignore[operator]
    damaged = cache.read_bytes()
    if command == "build":
        out = tmp_path / "out"
        _, stderr = _build(out, cache)
        assert build_outputs(out) == build_outputs(healthy_out)
    else:
        res = run_refgraph("check", str(SEED), "--offline", "--cache", str(cache), "--json")
        assert res.returncode in (0, 1), res.stderr
        assert "Traceback" not in res.stderr
        stderr = res.stderr
        assert res.stdout.count('"verdict": "ok"') == 10
    # a warning on stderr names the file and where it went
    assert "corrupt" in stderr and str(cache) in stderr, stderr
    aside = sorted(tmp_path.glob("cache.sqlite.corrupt-*"))
    assert [p for p in aside if not p.name.endswith(("-wal", "-shm"))], list(tmp_path.iterdir())
    assert aside[0].read_bytes() == damaged  # set aside untouched, not deleted
    # the rebuilt cache is a sound SQLite file holding the seed's records
    with sqlite3.connect(cache) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] >= 10
    conn.close()
    if command == "build":  # the next run finds nothing wrong
        _, again = _build(tmp_path / "again", cache)
        assert "corrupt" not in again
        assert sorted(tmp_path.glob("cache.sqlite.corrupt-*")) == aside
