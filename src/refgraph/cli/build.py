"""``refgraph build``: the main job, parse -> check (+ enrich) -> graph -> render, in one run."""

from __future__ import annotations

from typing import Any

import click

import refgraph
from refgraph.cli._common import (  # the shared helpers every command imports
    eutils_options,
    inputs_argument,
    load_inputs,
    progress_bar,
    report_problems,
    require_references,
    settings_from,
)

__all__ = ["build_command"]


@click.command("build")
@inputs_argument
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write everything into (created if needed).",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any problem was found.")
@eutils_options
def build_command(
    inputs: tuple[str, ...],
    fmt: str | None,
    out_dir: str,
    strict: bool,
    **kwargs: Any,
) -> None:
    """Parse, check, enrich, link and render the inputs into one folder.

    Writes the .bib, an enriched .bib, the check report (JSON and text), the follow-up graph
    (HTML, GraphML, JSON) and the annotated bibliography (LiverTox text, Markdown, HTML).

    \b
    Example:
      refgraph build refs/inotuzumab-ozogamicin.txt -o out --offline
    """
    settings = settings_from(kwargs, inputs)
    parsed = load_inputs(inputs, fmt, outputs=refgraph.build_output_paths(inputs, out_dir))
    require_references(parsed, inputs)
    report_problems(parsed.problems)
    with progress_bar() as progress:
        report = refgraph.run_build(inputs, out_dir, settings, parsed=parsed, progress=progress)
    for line in report.summary_lines():
        click.echo(line)
    if strict and report.found_problems:
        raise SystemExit(1)
