"""``refgraph enrich``: fill a .bib file from PubMed, keeping what the user wrote.

Only the fields that enrichment fills (or, with ``--overwrite``, replaces) are written, each
in place of its old value or after the entry's last field; everything else in the file
(other fields and entries, comments, ``@string``, ``@preamble``, spacing) stays byte for
byte, so running it twice changes nothing the second time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

import refgraph
from refgraph.cli._common import eutils_options, info, report_problems, settings_from

__all__ = ["enrich_command"]


@click.command("enrich")
@click.argument("input_path", metavar="INPUT.bib", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here.")
@click.option("--in-place", is_flag=True, help="Rewrite INPUT.bib (keeps INPUT.bib.bak).")
@click.option("--overwrite", is_flag=True, help="Replace your values where PubMed disagrees.")
@eutils_options
def enrich_command(
    input_path: str, output: str | None, in_place: bool, overwrite: bool, **kwargs: Any
) -> None:
    """Fill DOI, PMCID, full authors, title, journal, issue, MeSH... from PubMed.

    Your values are never replaced (unless --overwrite); disagreements are reported on
    stderr. Fields that came from PubMed are listed in x-pubmed-fields.

    \b
    Example:
      refgraph enrich refs/library.bib --in-place
    """
    if output and in_place:
        raise refgraph.ConfigError("use either -o/--output or --in-place, not both")
    if output:
        hint = "; --in-place rewrites it (keeping a .bak)"
        refgraph.refuse_overwriting_inputs([output], [input_path], hint)
    settings = settings_from(kwargs, [input_path])
    text = refgraph.read_text(input_path)
    with refgraph.open_record_source(settings) as client:
        done = refgraph.enrich_bib(text, client, name=str(Path(input_path)), overwrite=overwrite)
    report, edited = done.report, done.edit
    report_problems(done.problems)
    for conflict in report.conflicts:
        click.echo(f"{input_path}: conflict: {conflict.format()}", err=True)
    for line in edited.skipped:
        click.echo(f"{input_path}: not written: {line}", err=True)
    if in_place:
        if edited.text != text:
            refgraph.atomic_write(input_path, edited.text, backup=True)
    elif output:
        refgraph.atomic_write(output, edited.text)
    else:
        click.echo(edited.text, nl=False)
    info(report.summary_line())
