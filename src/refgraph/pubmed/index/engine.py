"""Where index tasks run: one :class:`concurrent.futures.Executor` for every engine.

- ``workers=0``: :class:`SerialExecutor`, every task run in this process at ``submit``.
- ``engine="dask"`` (the default when ``dask.distributed`` is installed): a ``LocalCluster``
  of ``workers`` processes with one thread each (the XML parser holds the GIL), bound to
  127.0.0.1, dashboard off, every port chosen by the OS so parallel runs never clash; or,
  with ``scheduler="tcp://host:8786"``, the workers of a running ``dask scheduler``.
  Either way the code sees ``Client.get_executor()``: ``dask.distributed`` futures behind the
  ``concurrent.futures.Executor`` interface.
- ``engine="processes"`` (the default without Dask): a ``ProcessPoolExecutor``.

Tasks are plain module-level functions with picklable arguments and results; they read and
write files, so with a remote scheduler the index, the input files and the staging folder
must be on a filesystem every worker sees at the same path.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from refgraph.errors import ConfigError

__all__ = ["ENGINES", "EngineInfo", "SerialExecutor", "dask_available", "open_executor"]

ENGINES = ("auto", "dask", "processes", "serial")
P = ParamSpec("P")
T = TypeVar("T")


class SerialExecutor(Executor):
    """Run each task at ``submit``, in this process (``--workers 0``)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future, as a pool does
            future.set_exception(exc)
        return future


@dataclass(frozen=True)
class EngineInfo:
    """What an executor runs on, for messages and benchmark notes."""

    engine: str  # "serial" | "processes" | "dask-local" | "dask-remote"
    workers: int
    address: str = ""

    def describe(self) -> str:
        where = f" at {self.address}" if self.address else ""
        return f"{self.engine}, {self.workers} worker(s){where}"


def dask_available() -> bool:
    """True when ``dask.distributed`` can be imported (``refgraph[scale]``)."""
    return importlib.util.find_spec("distributed") is not None


def _default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)  # fmt: skip


#: Dask settings for a cluster that runs long CPU-bound tasks with no dashboard: no
#: statistical profiler (it samples every worker thread's stack each 10 ms) and slower
#: event-loop ticks and system/memory monitors. An idle 1-worker cluster took 3.3 % of a
#: core with Dask's defaults, 0.7 % with these; a build's CPU overhead over the serial build
#: grows with its wall-clock time, so on a loaded machine that was most of it.
_QUIET = {
    "distributed.worker.daemon": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
}


@contextlib.contextmanager
def _dask(workers: int, scheduler: str | None) -> Iterator[tuple[Executor, EngineInfo]]:
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set(_QUIET):
        if scheduler:
            with Client(scheduler, timeout="30s") as client:
                count = len(client.scheduler_info().get("workers", {}))
                yield client.get_executor(), EngineInfo("dask-remote", count, scheduler)
            return
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            scheduler_port=0, dashboard_address="127.0.0.1:0", silence_logs=40,
        )  # fmt: skip
        try:
            with Client(cluster) as client:
                info = EngineInfo("dask-local", workers, cluster.scheduler_address)
                yield client.get_executor(), info
        finally:
            cluster.close()


@contextlib.contextmanager
def open_executor(
    workers: int | None = None, *, scheduler: str | None = None, engine: str = "auto"
) -> Iterator[tuple[Executor, EngineInfo]]:
    """Yield ``(executor, info)`` for the engine asked for; shut it down afterwards.

    Raises :class:`~refgraph.errors.ConfigError` for an unknown engine, a negative worker
    count, ``--scheduler`` without Dask, or Dask asked for but not installed.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if workers is not None and workers < 0:
        raise ConfigError("--workers must be 0 (serial) or more")
    if scheduler and engine not in ("auto", "dask"):
        raise ConfigError("--scheduler needs the Dask engine")
    if (scheduler or engine == "dask") and not dask_available():
        raise ConfigError(
            "Dask is not installed: pip install 'refgraph[scale]' (or use --workers 0)"
        )
    count = _default_workers() if workers is None else workers
    if not scheduler and (count == 0 or engine == "serial"):
        yield SerialExecutor(), EngineInfo("serial", 0)
    elif scheduler or engine == "dask" or (engine == "auto" and dask_available()):
        with _dask(count, scheduler) as pair:
            yield pair
    else:
        with ProcessPoolExecutor(max_workers=count) as pool:
            yield pool, EngineInfo("processes", count)


def gather(futures: list[Future[Any]]) -> list[Any]:
    """Results of ``futures`` in order; the first failure is raised after all have ended."""
    from concurrent.futures import wait

    wait(futures)
    return [f.result() for f in futures]
