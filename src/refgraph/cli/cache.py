"""``refgraph cache``: load PubMed snapshots into the record cache, show it, clear it."""

from __future__ import annotations

from typing import Any

import click

import refgraph
from refgraph.cli._common import report_problems, settings_from

__all__ = ["cache_group"]

_cache_option = click.option(
    "--cache",
    "cache_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite cache file (default: $REFGRAPH_CACHE, else the user cache dir).",
)


def _open(kwargs: dict[str, Any]) -> refgraph.RecordCache:
    settings = settings_from(kwargs)
    return refgraph.RecordCache(settings.resolved_cache_path())


@click.group("cache")
def cache_group() -> None:
    """Manage the cache of PubMed records.

    \b
    Example:
      refgraph cache import refs/pubmed
      refgraph cache info
    """


@cache_group.command("import")
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False))
@_cache_option
def import_command(folders: tuple[str, ...], **kwargs: Any) -> None:
    """Load PubMed XML files (one or many records each) from FOLDERS into the cache.

    \b
    Example:
      refgraph cache import refs/pubmed --cache /tmp/pubmed.sqlite
    """
    with _open(kwargs) as cache:
        total = 0
        for folder in folders:
            count = cache.import_dir(folder)
            click.echo(f"{folder}: loaded {count} record(s)")
            total += count
        report_problems(cache.problems)
        click.echo(f"loaded {total} record(s) into {cache.path}")


# info and clear: two commands of the same shape (declaration, docstring, one call)
@cache_group.command("info")
@_cache_option
def info_command(**kwargs: Any) -> None:
    """Show the cache file, its record count and its size.

    \b
    Example:
      refgraph cache info
    """
    with _open(kwargs) as cache:
        stats = cache.stats()
    click.echo(f"path:    {stats['path']}")
    click.echo(f"records: {stats['records']}")
    click.echo(f"replies: {stats['replies']}")
    click.echo(f"size:    {stats['size_bytes']:,} bytes")


@cache_group.command("clear")
@_cache_option
def clear_command(**kwargs: Any) -> None:
    """Delete every cached record and reply.

    \b
    Example:
      refgraph cache clear
    """
    with _open(kwargs) as cache:
        count = cache.clear()
        path = cache.path
    click.echo(f"removed {count} record(s) from {path}")
