"""``refgraph check``: does every PMID resolve, and does it point to the paper cited?

Exit codes: 0 all ok; 1 any mismatch / not_found / retracted (with ``--strict`` also any
no_pmid, duplicate or input warning); 2 unusable input, or no network and no cache.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from refgraph.cli._common import (
    eutils_options,
    inputs_argument,
    load_inputs,
    report_problems,
    settings_from,
    snapshot_dirs_for,
)

__all__ = ["check_command"]

_STYLE = {"ok": "green", "mismatch": "bold red", "not_found": "red", "retracted": "bold red",
          "no_pmid": "yellow"}  # fmt: skip


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None] | None]:
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


def _print_table(report: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, expand=False)
    for name in ("key", "PMID", "verdict", "details", "suggestion"):
        table.add_column(name, overflow="fold")
    for r in report.results:
        details = [f"{d.field}: {d.cited!r} vs PubMed {d.pubmed!r}" for d in r.differences]
        details += list(r.notes)
        suggestion = r.suggestion.pmid if r.suggestion else ""
        verdict = f"[{_STYLE.get(r.verdict, '')}]{r.verdict}[/]"
        table.add_row(r.key, r.pmid, verdict, "\n".join(details), suggestion)
    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(table)
    console.print(report.summary_line(), highlight=False)


@click.command("check")
@inputs_argument
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 on any problem (no PMID, duplicates...).")
@click.option("--fix", is_flag=True, help="Write verified PMID suggestions into the .bib input.")
@eutils_options
def check_command(
    inputs: tuple[str, ...], fmt: str | None, as_json: bool, strict: bool, fix: bool, **kwargs: Any
) -> None:
    """Check that every PMID resolves and points to the work cited.

    \b
    Example:
      refgraph check refs/inotuzumab-ozogamicin.txt --offline
    """
    from refgraph.bibedit import rewrite_pmids
    from refgraph.check import fixes, run_check
    from refgraph.errors import ConfigError, SourceError
    from refgraph.eutils.client import EutilsClient
    from refgraph.files import atomic_write, read_input

    if fix and (len(inputs) != 1 or Path(inputs[0]).suffix.lower() != ".bib"):
        raise ConfigError("--fix rewrites PMIDs in a single .bib input only")
    settings = settings_from(kwargs, snapshot_dirs=snapshot_dirs_for(inputs))
    parsed = load_inputs(inputs, fmt)
    if not parsed.references:
        raise SourceError(f"{', '.join(inputs)}: no references found")
    report_problems(parsed.problems)
    with _progress() as progress, EutilsClient.from_settings(settings) as client:
        report = run_check(parsed.references, client, progress=progress)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        _print_table(report)
    changes = [(r.reference, pmid) for r, pmid in fixes(report) if r.reference is not None]
    if fix and changes:
        text, _ = read_input(inputs[0])
        new_text, log = rewrite_pmids(text, changes)
        atomic_write(inputs[0], new_text, backup=True)
        for line in log:
            click.echo(f"fixed {inputs[0]}: {line}", err=True)
    elif fix:
        click.echo("nothing to fix: no verified suggestion", err=True)
    if not report.ok or (strict and (not report.clean or parsed.problems)):
        raise SystemExit(1)
