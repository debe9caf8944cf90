"""``refgraph graph`` (the follow-up graph in six formats) and ``refgraph discover``.

Records come from the cache, the offline snapshot beside the inputs, or E-utilities; when
some cannot be had, the graph still holds the annotation links, and stderr says so.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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
from refgraph.config import Settings
from refgraph.model import PubmedRecord, Reference

__all__ = ["discover_command", "graph_command"]

_FORMATS = ("html", "graphml", "gexf", "dot", "json", "mermaid")


def _records(
    settings: Settings, references: Sequence[Reference], citations: bool
) -> tuple[dict[str, PubmedRecord], dict[str, list[str]]]:
    """Fetch what can be fetched; say on stderr what could not."""
    from refgraph.errors import EutilsError
    from refgraph.eutils.client import EutilsClient

    pmids = sorted({ref.pmid for ref in references if ref.pmid})
    if not pmids:
        return {}, {}
    cited: dict[str, list[str]] = {}
    try:
        with EutilsClient.from_settings(settings) as client:
            result = client.fetch_records(pmids, partial=True)
            records = dict(result.records.items())
            if citations:
                for citing, targets in client.elink(pmids, "pubmed_pubmed_refs").items():
                    cited.setdefault(citing, []).extend(targets)
                for target, citers in client.elink(pmids, "pubmed_pubmed_citedin").items():
                    for citing in citers:
                        cited.setdefault(citing, []).append(target)
    except EutilsError as exc:
        click.echo(f"note: no PubMed records ({exc}); the graph has annotation links only",
                   err=True)
        return {}, {}
    lacking = [p for p in pmids if p not in records]
    if lacking:
        where = "offline: not in the cache or snapshot" if settings.offline else "not fetched"
        click.echo(f"note: {len(lacking)} of {len(pmids)} PubMed records unavailable ({where}):"
                   f" {', '.join(lacking[:10])}{' ...' if len(lacking) > 10 else ''};"
                   " for them the graph has annotation links only", err=True)
    return records, cited


@click.command("graph")
@inputs_argument
@click.option("--format", "out_format", type=click.Choice(_FORMATS), default="html",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here (atomically) instead of stdout.")
@click.option("--citations", is_flag=True, help="Add elink references/cited-by among entries.")
@click.option("--title", default=None, help="Title of the HTML page.")
@eutils_options
def graph_command(inputs: tuple[str, ...], fmt: str | None, out_format: str,
                  output: Path | None, citations: bool, title: str | None,
                  **kwargs: Any) -> None:
    """Link the references into a graph of trials, follow-ups and comments.

    \b
    Example:
      refgraph graph refs/inotuzumab-ozogamicin.txt --offline -o graph.html
      refgraph graph refs/ --format dot | dot -Tsvg > graph.svg
    """
    from refgraph.files import atomic_write
    from refgraph.graph import build_graph
    from refgraph.graph.formats import write_graph
    from refgraph.graph.html import render_graph_html

    settings = settings_from(kwargs, snapshot_dirs=snapshot_dirs_for(inputs))
    parsed = load_inputs(inputs, fmt)
    report_problems(parsed.problems)
    records, cited = _records(settings, parsed.references, citations)
    built = build_graph(parsed.references, records, citations=cited)
    report_problems(built.problems)
    graph = built.graph
    if out_format == "html":
        text = render_graph_html(graph, title=title or _default_title(inputs))
    else:
        text = write_graph(graph, out_format)
    if output is None:
        click.echo(text, nl=False)
        return
    atomic_write(output, text)
    click.echo(f"wrote {output}: {graph.number_of_nodes()} nodes, "
               f"{graph.number_of_edges()} edges ({out_format})", err=True)


def _default_title(inputs: Sequence[str]) -> str:
    names = [Path(i).stem for i in inputs if i != "-"]
    return f"Follow-up graph: {', '.join(names)}" if names else "Follow-up graph"


@click.command("discover")
@inputs_argument
@click.option("--json", "as_json", is_flag=True, help="Print the suggestions as JSON.")
@eutils_options
def discover_command(inputs: tuple[str, ...], fmt: str | None, as_json: bool,
                     **kwargs: Any) -> None:
    """List PubMed publications of the cited trials that the bibliography lacks.

    \b
    Example:
      refgraph discover refs/inotuzumab-ozogamicin.txt --json
    """
    from refgraph.eutils.client import EutilsClient
    from refgraph.graph import build_graph
    from refgraph.graph.discover import discover

    settings = settings_from(kwargs, snapshot_dirs=snapshot_dirs_for(inputs))
    parsed = load_inputs(inputs, fmt)
    report_problems(parsed.problems)
    with EutilsClient.from_settings(settings) as client:
        pmids = sorted({ref.pmid for ref in parsed.references if ref.pmid})
        fetched = client.fetch_records(pmids, partial=True) if pmids else None
        records = dict(fetched.records.items()) if fetched else {}
        graph = build_graph(parsed.references, records).graph
        suggestions = discover(graph, parsed.references, client)
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in suggestions], indent=2, ensure_ascii=False))
        return
    if not suggestions:
        click.echo("no missing publications found for the cited trials", err=True)
    for s in suggestions:
        click.echo(f"{s.trial_label}\tPMID {s.pmid}\t{s.relation}\t{s.first_author} {s.year}"
                   f"\t{s.title}\t({s.found_by})")
