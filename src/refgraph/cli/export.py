"""``refgraph export``: references in the formats other tools read."""

from __future__ import annotations

from typing import Any

import click

import refgraph
from refgraph.cli._common import (
    Choice,
    eutils_options,
    info,
    inputs_argument,
    load_inputs,
    report_problems,
    settings_from,
    write_output,
)

__all__ = ["export_command"]


@click.command("export")
@inputs_argument
@click.option(
    "-f",
    "--format",
    "export_format",
    required=True,
    type=Choice(list(refgraph.EXPORT_FORMATS)),
    help="bibtex, biblatex (with annotation), csljson (Pandoc/Zotero), ris, nbib (MEDLINE).",
)
@click.option(
    "-o",
    "--output",
    default="-",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Output file (default: stdout); written atomically.",
)
@click.option("--ascii", "ascii_only", is_flag=True, help="BibTeX: spell accents as LaTeX.")
@click.option("--enrich", is_flag=True,
              help="Fill missing fields from PubMed first (the records `build` uses for its"
                   " .enriched.bib: cache, snapshot, --index, then E-utilities).")  # fmt: skip
@eutils_options
def export_command(**kwargs: Any) -> None:
    """Export references as BibTeX, biblatex, CSL-JSON, RIS or MEDLINE (.nbib).

    \b
    Examples:
      refgraph export refs/inotuzumab-ozogamicin.txt -f csljson -o refs.json
      refgraph export refs/ -f biblatex --ascii -o refs.bib
    """
    result = load_inputs(kwargs["inputs"], kwargs["fmt"], outputs=[kwargs["output"]])
    report_problems(result.problems)
    refs = list(result.references)
    if kwargs["enrich"]:
        settings = settings_from(kwargs, kwargs["inputs"])
        with refgraph.open_record_source(settings) as client:
            enriched = refgraph.enrich_references(refs, client)
        refs = list(enriched.references)
        info(enriched.summary_line())
    text = refgraph.export_references(refs, kwargs["export_format"], ascii=kwargs["ascii_only"])
    write_output(text, kwargs["output"])
