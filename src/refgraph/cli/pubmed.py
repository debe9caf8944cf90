"""``refgraph pubmed``: a local PubMed index from NLM's baseline and update files.

``index`` builds it (one task per file, on Dask when installed), ``update`` applies new
daily files, ``info`` shows what it holds, ``download`` fetches the files with resume and
MD5 checks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

import refgraph
from refgraph.cli._common import Choice, info

__all__ = ["engine_options", "pubmed_group"]

F = TypeVar("F", bound=Callable[..., Any])


def engine_options(func: F) -> F:
    """``--workers``, ``--scheduler``, ``--engine``: where index and bulk tasks run."""
    options = [
        click.option("--workers", type=click.IntRange(0), default=None,
                     help="Worker processes (default: one per CPU; 0 runs serially here)."),
        click.option("--scheduler", default=None, metavar="ADDR",
                     help="A running Dask scheduler, e.g. tcp://10.0.0.5:8786."),
        click.option("--engine", type=Choice(["auto", "dask", "processes", "serial"]),
                     default="auto", show_default=True,
                     help="auto: a Dask LocalCluster when dask.distributed is installed, "
                          "else a process pool."),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def _progress(stage: str, done: int, total: int) -> None:
    info(f"{stage} {total} task(s)...")


@click.group("pubmed")
def pubmed_group() -> None:
    """Work from a local copy of PubMed (NLM's annual baseline plus daily updates).

    \b
    Example:
      refgraph pubmed download pubmed/baseline
      refgraph pubmed index pubmed/baseline --out pubmed/index
      refgraph check refs/ --index pubmed/index
    """


@pubmed_group.command("index")
@click.argument("baseline", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.argument("updates", required=False,
                type=click.Path(file_okay=False, exists=True, path_type=Path))  # fmt: skip
@click.option("--out", "-o", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The index folder (created, or brought up to date).")  # fmt: skip
@click.option("--partition-size", type=click.IntRange(1000), default=None,
              help="PMIDs per partition (default 50,000).")  # fmt: skip
@engine_options
def index_command(
    baseline: Path, updates: Path | None, out: Path, partition_size: int | None,
    workers: int | None, scheduler: str | None, engine: str,
) -> None:  # fmt: skip
    """Build (or bring up to date) a PubMed index from BASELINE [and UPDATES] files.

    A rerun with the same files does nothing; a new parser version or baseline year rebuilds.

    \b
    Example:
      refgraph pubmed index pubmed/baseline pubmed/updates --out pubmed/index --workers 4
    """
    with refgraph.open_executor(workers, scheduler=scheduler, engine=engine) as (pool, used):
        info(f"engine: {used.describe()}")
        report = refgraph.build_index(baseline, updates, out, pool,
                                      partition_size=partition_size or refgraph.PARTITION_SIZE,
                                      progress=_progress)  # fmt: skip
    _report(report)


@pubmed_group.command("update")
@click.argument("index", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.argument("updates", type=click.Path(file_okay=False, exists=True, path_type=Path))
@engine_options
def update_command(
    index: Path, updates: Path, workers: int | None, scheduler: str | None, engine: str
) -> None:
    """Apply the new files of UPDATES to INDEX (maps only those, merges only touched partitions).

    \b
    Example:
      refgraph pubmed update pubmed/index pubmed/updates
    """
    with refgraph.open_executor(workers, scheduler=scheduler, engine=engine) as (pool, used):
        info(f"engine: {used.describe()}")
        report = refgraph.update_index(index, updates, pool, progress=_progress)
    _report(report)


def _report(report: Any) -> None:
    for line in report.manifest.skipped:
        click.echo(f"{line} (record skipped)", err=True)
    click.echo(report.summary_line())


@pubmed_group.command("info")
@click.argument("index", type=click.Path(file_okay=False, exists=True, path_type=Path))
def info_command(index: Path) -> None:
    """Show what INDEX holds: files applied, records, deletions, parser version.

    \b
    Example:
      refgraph pubmed info pubmed/index
    """
    m = refgraph.PubmedIndex(index).manifest
    click.echo(f"{index}: {m.record_count:,} records, {m.deleted_count:,} deleted PMIDs")
    click.echo(f"files: {len(m.files)} (last {m.last_file}), baseline year {m.baseline_year}")
    click.echo(f"parser version {m.parser_version}; {len(m.partitions)} partition(s) of"
               f" {m.partition_size:,} PMIDs; {len(m.lookup)} lookup bucket(s)")  # fmt: skip


@pubmed_group.command("download")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--updates", is_flag=True, help="The daily update files instead of the baseline.")
@click.option("--url", "base_url", default=None, metavar="URL",
              help="Where NLM's files are (default: NCBI's HTTPS mirror of ftp.ncbi.nlm.nih.gov"
                   "/pubmed/).")  # fmt: skip
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N files.")
def download_command(folder: Path, updates: bool, base_url: str | None, limit: int | None) -> None:
    """Download NLM's PubMed baseline (or update) files into FOLDER, with resume and MD5 checks.

    Files already present with the right MD5 are skipped; a partial download is resumed.

    \b
    Example:
      refgraph pubmed download pubmed/baseline
      refgraph pubmed download pubmed/updates --updates
    """
    report = refgraph.download_pubmed(folder, updates=updates,
                                      base_url=base_url or refgraph.DEFAULT_PUBMED_URL,
                      limit=limit, progress=info)  # fmt: skip
    for line in report.failed:
        click.echo(f"error: {line}", err=True)
    click.echo(report.summary_line())
    if report.failed:
        raise SystemExit(1)
