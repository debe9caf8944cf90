"""Helpers shared by the command modules: options, settings, loading inputs, reporting."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

import refgraph
from refgraph import Diagnostic, ParseResult, Settings

__all__ = [
    "eutils_options",
    "inputs_argument",
    "load_inputs",
    "progress_bar",
    "report_problems",
    "require_references",
    "settings_from",
    "strict_exit",
    "write_output",
]

F = TypeVar("F", bound=Callable[..., Any])

_FORMAT_CHOICE = click.Choice(list(refgraph.INPUT_FORMATS))


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
        click.option(
            "--index",
            "pubmed_index",
            type=click.Path(file_okay=False, exists=True),
            default=None,
            help="A local PubMed index (`refgraph pubmed index`) to read records from first; "
            "PMIDs it lacks come from E-utilities ($REFGRAPH_PUBMED_INDEX).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def settings_from(
    kwargs: dict[str, Any], inputs: Sequence[str] = (), **extra: Any
) -> Settings:
    """Resolve settings from the eutils options (popped from ``kwargs``) and ``extra``; the
    offline snapshots that travel with ``inputs`` are used too."""
    names = (
        "eutils_url",
        "cache_path",
        "offline",
        "refresh",
        "max_age_days",
        "email",
        "batch_size",
        "pubmed_index",
    )
    overrides: dict[str, Any] = {name: kwargs.pop(name, None) for name in names}
    if inputs:
        overrides["snapshot_dirs"] = refgraph.snapshot_dirs(inputs)
    overrides.update(extra)
    return refgraph.resolve_settings(overrides)


def load_inputs(
    inputs: Sequence[str], fmt: str | None, *, outputs: Sequence[str | Path | None] = ()
) -> ParseResult:
    """Load files/folders (``-`` = stdin) into one merged library.

    ``outputs`` are the files the command will write: one that is an input is refused
    before anything is read (exit 2). Given a folder (or several inputs), every file gets a
    line on stderr: read, with how many references in which format, or skipped, with the
    reason.
    """
    wanted = [o for o in outputs if o is not None]
    if wanted:
        refgraph.refuse_overwriting_inputs(wanted, refgraph.expand_inputs(inputs))
    many = len(inputs) > 1 or any(i != "-" and os.path.isdir(i) for i in inputs)

    def summary(path: str, decision: str) -> None:
        click.echo(f"{path}: {decision}", err=True)

    return refgraph.load(inputs, fmt, on_file=summary if many else None)


def require_references(parsed: ParseResult, inputs: Sequence[str]) -> None:
    """Refuse inputs that hold no reference at all (exit 2)."""
    if not parsed.references:
        raise refgraph.SourceError(f"{', '.join(inputs)}: no references found")


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr when stderr is a terminal; nothing otherwise."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total or 1)
            bar.update(tasks[stage], completed=done, total=total or 1)

        yield update


def write_output(text: str, output: str) -> None:
    """Print ``text`` (``-``) or write it atomically to the file ``output``."""
    if output == "-":
        click.echo(text, nl=False)
        return
    refgraph.atomic_write(output, text)
    click.echo(f"wrote {output}", err=True)


def report_problems(problems: Sequence[Diagnostic], *, quiet: bool = False) -> None:
    """Print problems to stderr as ``path:line: warning: kind: text`` (a skipped file was
    told in the summary of :func:`load_inputs` already)."""
    if quiet:
        return
    for problem in problems:
        if problem.kind != "skipped":
            click.echo(problem.format(), err=True)


def strict_exit(problems: Sequence[Diagnostic], strict: bool) -> None:
    """Exit 1 when ``--strict`` and there were problems."""
    if strict and problems:
        raise SystemExit(1)
