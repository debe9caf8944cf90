"""A worker killed mid-run: the run fails or recovers, and a rerun gives the same index."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from tests.pubmed.index.conftest import BUCKETS, PARTITION

from refgraph.pubmed.index import build_index, open_executor
from refgraph.pubmed.index.store import PubmedIndex
from refgraph.testing.baseline import Synthetic, write_baseline


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    """Files big enough (500 records) that a map task runs for a while."""
    return write_baseline(tmp_path_factory.mktemp("larger"), files=3, records=500, updates=1,
                          edge=False)  # fmt: skip


@pytest.fixture(scope="module")
def expected(larger: Synthetic, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("expected") / "index"
    with open_executor(0) as (pool, _):
        _run(larger, index, pool)
    return index


def _run(syn: Synthetic, index: Path, pool: Executor) -> None:
    build_index(syn.baseline, syn.updates, index, pool, partition_size=PARTITION * 10,
                lookup_buckets=BUCKETS)  # fmt: skip


def _when_mapping(index: Path, kill: object, done: list[bool]) -> threading.Thread:
    """Call ``kill()`` once the first map task has staged its output: the staging folder
    exists only while a run is under way, so the kill lands mid-run."""

    def watch() -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if any(index.glob(".staging*/map-*")):
                kill()  # type: ignore[operator]
                done.append(True)
                return
            time.sleep(0.002)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def _tables(index: Path) -> list[object]:
    opened = PubmedIndex(index)
    return [opened.table(n) for n in ("records", "keys", "lookup")]


def test_killed_process_pool_worker_fails_the_run_and_a_rerun_gives_the_same_index(
    larger: Synthetic, expected: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"

    def kill() -> None:
        victim = multiprocessing.active_children()[0]
        os.kill(victim.pid or 0, signal.SIGKILL)

    with ProcessPoolExecutor(2) as pool:
        killed: list[bool] = []
        watcher = _when_mapping(index, kill, killed)
        with pytest.raises(BrokenProcessPool):
            _run(larger, index, pool)
        watcher.join()
    assert killed
    assert not (index / "manifest.json").exists()  # nothing half-written
    with ProcessPoolExecutor(2) as pool:
        _run(larger, index, pool)
    for got, want in zip(_tables(index), _tables(expected), strict=True):
        assert got.equals(want)  # type: ignore[attr-defined]


def test_killed_dask_worker_is_replaced_and_the_index_is_the_same(
    larger: Synthetic, expected: Path, tmp_path: Path
) -> None:
    from distributed import Client, LocalCluster

    index = tmp_path / "index"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=50) as cluster, \
            Client(cluster) as client:  # fmt: skip
        pids = list(client.run(os.getpid).values())
        killed: list[bool] = []
        watcher = _when_mapping(index, lambda: os.kill(pids[0], signal.SIGKILL), killed)
        _run(larger, index, client.get_executor())
        watcher.join()
        assert killed
        _run(larger, index, client.get_executor())  # the rerun: nothing left to do
    for got, want in zip(_tables(index), _tables(expected), strict=True):
        assert got.equals(want)  # type: ignore[attr-defined]
