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

__all__ = ["discover_command", "graph_command"]


@click.command("graph")
@inputs_argument
@click.option("--format", "out_format", type=Choice(list(refgraph.GRAPH_FORMATS)),
              default="html", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here (atomically) instead of stdout.")
@click.option("--citations/--no-citations", default=True, show_default=True,
              help="Add the citations among the entries that PubMed knows (elink refs and"
                   " cited-by; offline: the cached ones). Thin and off by default in HTML.")
@click.option("--abstracts/--no-abstracts", default=True, show_default=True,
              help="Read trial numbers and relation cues in the records' abstracts too.")
@click.option("--title", default=None, help="Title of the HTML page.")
@eutils_options
def graph_command(inputs: tuple[str, ...], fmt: str | None, out_format: str,
                  output: Path | None, citations: bool, abstracts: bool, title: str | None,
                  **kwargs: Any) -> None:
    """Link the references into a graph of trials, follow-ups and comments.

    \b
    Example:
      refgraph graph refs/inotuzumab-ozogamicin.txt --offline -o graph.html
      refgraph graph refs/ --format dot | dot -Tsvg > graph.svg
    """
    settings = settings_from(kwargs, inputs)
    parsed = load_inputs(inputs, fmt, outputs=[output])
    report_problems(parsed.problems)
    with refgraph.open_record_source(settings) as client:
        linked = refgraph.link_library(parsed.references, client, citations=citations,
                                       abstracts=abstracts, offline=settings.offline)  # fmt: skip
    for note in linked.notes:
        info(f"note: {note}")
    report_problems(linked.graph.problems)
    graph = linked.graph.graph
    if out_format == "html":
        text = refgraph.render_graph_html(graph, title=title or _default_title(inputs),
                                          template_dirs=settings.template_dirs)  # fmt: skip
    else:
        text = refgraph.write_graph(graph, out_format)
    write_output(text, output, name="refgraph-graph.html", wrote=f"{graph.number_of_nodes()} nodes,"
                 f" {graph.number_of_edges()} edges ({out_format})")  # fmt: skip


def _default_title(inputs: Sequence[str]) -> str:
    names = [Path(i).stem for i in inputs if i != "-"]
    return f"Follow-up graph: {', '.join(names)}" if names else "Follow-up graph"


@click.command("discover")
@inputs_argument
@click.option("--json", "as_json", is_flag=True, help="Print the suggestions as JSON.")
@click.option("--add", "add_to", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Append the suggestions (their PubMed records, marked refgraph-suggestion)"
                   " to this .bib file, created if absent; entries already there are kept.")
@eutils_options
def discover_command(inputs: tuple[str, ...], fmt: str | None, as_json: bool,
                     add_to: Path | None, **kwargs: Any) -> None:
    """List PubMed publications of the cited trials that the bibliography lacks, ranked.

    A missing later report of a trial (final or long-term results) comes first.

    \b
    Example:
      refgraph discover refs/inotuzumab-ozogamicin.txt --json
      refgraph discover refs/ --add suggestions.bib
    """
    settings = settings_from(kwargs, inputs)
    parsed = load_inputs(inputs, fmt)
    report_problems(parsed.problems)
    with refgraph.open_record_source(settings) as client:
        suggestions = refgraph.discover_publications(parsed.references, client)
    if add_to is not None:
        _add_suggestions(add_to, suggestions)
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in suggestions], indent=2, ensure_ascii=False))
        return
    if not suggestions:
        info("no missing publications found for the cited trials")
    for s in suggestions:
        click.echo(f"{s.trial_label}\t{s.rank}\tPMID {s.pmid}\t{s.relation}"
                   f"\t{s.first_author} {s.year}\t{s.title}\t({s.found_by})")


def _add_suggestions(path: Path, suggestions: Sequence[Any]) -> None:
    """Append the suggestions' verified records to the .bib at ``path``."""
    added = refgraph.append_references(path, refgraph.suggestions_to_references(suggestions))
    if not added:
        info(f"{path}: nothing to add")
    else:
        info(f"added {len(added)} suggestion(s) to {path}")
