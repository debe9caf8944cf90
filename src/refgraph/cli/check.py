"""``refgraph check``: does every PMID resolve, and does it point to the paper cited?

Exit codes: 0 all ok; 1 any mismatch / not_found / retracted or a reference left unchecked
(its record not available), with ``--strict`` also any no_pmid, duplicate or input warning;
2 unusable input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

import refgraph
from refgraph import CheckReport
from refgraph.cli._common import (  # the shared helpers every command imports
    eutils_options,
    info,
    inputs_argument,
    load_inputs,
    progress_bar,
    report_problems,
    require_references,
    settings_from,
)
from refgraph.cli.pubmed import engine_options

__all__ = ["check_command"]

_STYLE = {"ok": "green", "mismatch": "bold red", "not_found": "red", "retracted": "bold red",
          "no_pmid": "yellow", "unchecked": "yellow"}  # fmt: skip


def _print_table(report: CheckReport) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, expand=False)
    for name in ("key", "PMID", "verdict", "details", "suggestion"):
        table.add_column(name, overflow="fold")
    for key, pmid, verdict, details, suggestion in refgraph.report_rows(report):
        table.add_row(key, pmid, f"[{_STYLE.get(verdict, '')}]{verdict}[/]", details, suggestion)
    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(table)
    console.print(report.summary_line(), highlight=False)


@click.command("check")
@inputs_argument
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 on any problem (no PMID, duplicates...).")
@click.option("--fix", is_flag=True, help="Write verified PMID suggestions into the .bib input.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report as a page to read (check.html): one row per "
                   "reference, filters by verdict; works offline.")  # fmt: skip
@click.option("--per-document", is_flag=True,
              help="With --index: check every input file on its own, in parallel; one report "
                   "per document and summary.json in -o DIR.")  # fmt: skip
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="The folder for --per-document reports.")  # fmt: skip
@engine_options
@eutils_options
def check_command(
    inputs: tuple[str, ...], fmt: str | None, as_json: bool, strict: bool, fix: bool,
    html_path: Path | None, per_document: bool, out_dir: Path | None, workers: int | None,
    scheduler: str | None, engine: str, **kwargs: Any,
) -> None:  # fmt: skip
    """Check that every PMID resolves and points to the work cited.

    \b
    Example:
      refgraph check refs/inotuzumab-ozogamicin.txt --offline
      refgraph check refs/ --html check.html
      refgraph check articles/ --index pubmed/index --per-document -o results/
    """
    if per_document:
        _per_document(inputs, fmt, out_dir, settings_from(kwargs, inputs),
                      workers=workers, scheduler=scheduler, engine=engine)  # fmt: skip
        return
    if fix and (len(inputs) != 1 or Path(inputs[0]).suffix.lower() != ".bib"):
        raise refgraph.ConfigError("--fix rewrites PMIDs in a single .bib input only")
    settings = settings_from(kwargs, inputs)
    parsed = load_inputs(inputs, fmt, outputs=[html_path])
    require_references(parsed, inputs)
    report_problems(parsed.problems)
    with progress_bar() as progress, refgraph.open_record_source(settings) as client:
        report = refgraph.check_references(parsed.references, client, progress=progress).report
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        _print_table(report)
    if html_path is not None:
        refgraph.atomic_write(html_path, refgraph.render_check(report, parsed.problems,
                                                               template_dirs=settings.template_dirs))
        info(f"wrote {html_path}")
    if fix:
        edited = refgraph.fix_pmids(inputs[0], report)
        for line in edited.changed:
            info(f"fixed {inputs[0]}: {line}")
        for line in edited.skipped:
            click.echo(f"not fixed {inputs[0]}: {line}", err=True)
        if not edited.changed:
            info("nothing to fix: no verified suggestion changes a PMID")
    if not report.ok or (strict and (not report.clean or parsed.problems)):
        raise SystemExit(1)


def _per_document(inputs: tuple[str, ...], fmt: str | None, out_dir: Path | None,
                  settings: Any, **engine: Any) -> None:  # fmt: skip
    if settings.pubmed_index is None or out_dir is None:
        raise refgraph.ConfigError("--per-document needs --index INDEX and -o DIR")
    with refgraph.open_executor(engine["workers"], scheduler=engine["scheduler"],
                       engine=engine["engine"]) as (pool, used), \
            refgraph.EutilsClient.from_settings(settings) as fallback:  # fmt: skip
        info(f"engine: {used.describe()}")
        report = refgraph.check_documents([Path(i) for i in inputs], settings.pubmed_index, out_dir,
                                 pool, fmt=fmt, fallback=fallback)  # fmt: skip
    click.echo(report.summary_line())
    if not report.ok:
        raise SystemExit(1)
