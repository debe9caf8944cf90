"""Helpers shared by the command modules: options, settings, loading inputs, reporting."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from refgraph.config import Settings, resolve_settings
from refgraph.model import Diagnostic, ParseResult

__all__ = [
    "eutils_options",
    "inputs_argument",
    "load_inputs",
    "report_problems",
    "settings_from",
    "snapshot_dirs_for",
]

F = TypeVar("F", bound=Callable[..., Any])

_FORMAT_CHOICE = click.Choice(
    ["livertox", "bookshelf", "vancouver", "bibtex", "medline", "ris", "pubmed-xml", "pmids"]
)


def inputs_argument(func: F) -> F:
    """``INPUT...`` (files or folders, ``-`` for stdin) plus ``--from FORMAT``."""
    func = click.option(
        "--from",
        "fmt",
        type=_FORMAT_CHOICE,
        default=None,
        help="Input format (default: detected from the content).",
    )(func)
    func = click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))(func)
    return func


def eutils_options(func: F) -> F:
    """Options for commands that talk to E-utilities (or its cache)."""
    options = [
        click.option("--eutils-url", default=None, help="E-utilities base URL (default: NCBI)."),
        click.option(
            "--cache",
            "cache_path",
            type=click.Path(dir_okay=False),
            default=None,
            help="SQLite cache file (default: the user cache dir).",
        ),
        click.option(
            "--offline",
            is_flag=True,
            default=None,
            help="Never use the network; only the cache and the shipped snapshot.",
        ),
        click.option(
            "--refresh", is_flag=True, default=None, help="Refetch records even when cached."
        ),
        click.option(
            "--max-age",
            "max_age_days",
            type=float,
            default=None,
            help="Refetch cached records older than this many days.",
        ),
        click.option(
            "--email", default=None, help="Contact e-mail sent to NCBI ($REFGRAPH_EMAIL)."
        ),
        click.option(
            "--batch-size",
            type=click.IntRange(1, 10000),
            default=None,
            help="PMIDs per request (default 200).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def settings_from(kwargs: dict[str, Any], **extra: Any) -> Settings:
    """Resolve settings from the eutils options (popped from ``kwargs``) and ``extra``."""
    names = (
        "eutils_url",
        "cache_path",
        "offline",
        "refresh",
        "max_age_days",
        "email",
        "batch_size",
    )
    overrides = {name: kwargs.pop(name, None) for name in names}
    overrides.update(extra)
    return resolve_settings(overrides)


def load_inputs(inputs: Sequence[str], fmt: str | None) -> ParseResult:
    """Load files/folders (``-`` = stdin) into one merged library."""
    from refgraph.files import decode_bytes
    from refgraph.library import merge
    from refgraph.sources import expand_inputs, load, parse_text

    results = []
    for item in inputs:
        if item == "-":
            text, _ = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
            results.append(parse_text(text, "<stdin>", fmt))
        else:
            paths = expand_inputs([item])
            if not paths and Path(item).is_dir():
                from refgraph.errors import UnreadableInputError

                raise UnreadableInputError(f"{item}: folder holds no reference files")
            results.extend(load(p, fmt) for p in paths)
    return merge(results)


def snapshot_dirs_for(inputs: Sequence[str]) -> tuple[Path, ...]:
    """Offline PubMed snapshots that travel with the inputs: a ``pubmed/`` folder of XML files
    beside an input file (``refs/pubmed/`` for ``refs/x.txt``) or inside an input folder."""
    found: list[Path] = []
    for item in inputs:
        if item == "-":
            continue
        p = Path(item)
        candidate = p / "pubmed" if p.is_dir() else p.parent / "pubmed"
        if candidate.is_dir() and any(candidate.glob("*.xml")) and candidate not in found:
            found.append(candidate)
    return tuple(found)


def report_problems(problems: Sequence[Diagnostic], *, quiet: bool = False) -> None:
    """Print problems to stderr as ``path:line: warning: kind: text``."""
    if quiet:
        return
    for problem in problems:
        click.echo(problem.format(), err=True)


def strict_exit(problems: Sequence[Diagnostic], strict: bool) -> None:
    """Exit 1 when ``--strict`` and there were problems."""
    if strict and problems:
        raise SystemExit(1)
