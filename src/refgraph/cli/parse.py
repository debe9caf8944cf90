"""``refgraph parse``: reference lists (any supported format) -> one BibTeX library."""

from __future__ import annotations

import json

import click

import refgraph
from refgraph.cli._common import (
    info,
    inputs_argument,
    load_inputs,
    report_problems,
    require_references,
    strict_exit,
)

__all__ = ["parse_command"]


@click.command("parse")
@inputs_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write BibTeX here (atomically) instead of standard output.",
)
@click.option(
    "--json", "as_json", is_flag=True, help='Print {"references": [...], "problems": [...]}.'
)
@click.option("--ascii", is_flag=True, help='Spell accents as LaTeX (G{\\"o}kbuget), not UTF-8.')
@click.option("--biblatex", is_flag=True, help="Write biblatex fields (journaltitle, date, ...).")
@click.option("--strict", is_flag=True, help="Exit 1 when any problem was reported.")
def parse_command(
    inputs: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    as_json: bool,
    ascii: bool,
    biblatex: bool,
    strict: bool,
) -> None:
    """Parse reference lists that carry PubMed IDs into BibTeX.

    INPUT is a file or folder (``-`` for standard input): LiverTox text (PDF or Bookshelf
    copy), a numbered Vancouver list or any pasted reference list (text, Markdown, HTML,
    Word, PDF), BibTeX, MEDLINE/.nbib, RIS, PubMed XML and PubMed's Abstract (text) and CSV
    exports, Web of Science, Scopus, EndNote (.enw, XML), JATS, CSL-JSON or a list of PMIDs.
    Many inputs become one library: a work cited twice is one reference.

    \b
    Example:
      refgraph parse refs/inotuzumab-ozogamicin.txt -o refs/inotuzumab-ozogamicin.bib
      refgraph parse refs/ --json > library.json
    """
    result = load_inputs(inputs, fmt, outputs=[output])
    report_problems(result.problems)
    require_references(result, inputs)
    if output is not None or not as_json:
        dialect = "biblatex" if biblatex else "bibtex"
        text = refgraph.export_references(result.references, dialect, ascii=ascii)
        if output is not None:
            refgraph.atomic_write(output, text)
            info(f"wrote {len(result.references)} reference(s) to {output}")
        else:
            click.echo(text, nl=False)
    if as_json:
        payload = {
            "references": [ref.as_dict() for ref in result.references],
            "problems": [problem.as_dict() for problem in result.problems],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    strict_exit(result.problems, strict)
