"""``refgraph enrich``: fill a .bib file from PubMed, keeping what the user wrote.

Only entries that change are rewritten (each one as :func:`refgraph.export.bibtex.write_bibtex`
writes it); everything else in the file (other entries, comments, ``@string``, ``@preamble``,
spacing) is kept byte for byte, so running it twice changes nothing the second time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from refgraph.cli._common import eutils_options, report_problems, settings_from

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
    from refgraph.bibedit import splice_entries
    from refgraph.cli._common import snapshot_dirs_for
    from refgraph.enrich import enrich
    from refgraph.errors import ConfigError
    from refgraph.eutils.client import EutilsClient
    from refgraph.export.bibtex import write_bibtex
    from refgraph.files import atomic_write, read_input
    from refgraph.sources.bibtex import parse

    if output and in_place:
        raise ConfigError("use either -o/--output or --in-place, not both")
    settings = settings_from(kwargs, snapshot_dirs=snapshot_dirs_for([input_path]))
    text, _ = read_input(input_path)
    parsed = parse(text, str(Path(input_path)))
    report_problems(parsed.problems)
    with EutilsClient.from_settings(settings) as client:
        report = enrich(parsed.references, client, overwrite=overwrite)
    for conflict in report.conflicts:
        click.echo(f"{input_path}: conflict: {conflict.format()}", err=True)
    changed = {
        i: (old, write_bibtex([new]))
        for i, (old, new) in enumerate(zip(parsed.references, report.references, strict=True))
        if new != old
    }
    result = splice_entries(text, changed) if changed else text
    if in_place or output:
        target = input_path if in_place else str(output)
        if not (in_place and result == text):
            atomic_write(target, result, backup=in_place)
    else:
        click.echo(result, nl=False)
    click.echo(report.summary_line(), err=True)
