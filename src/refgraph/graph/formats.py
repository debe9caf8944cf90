"""Write the follow-up graph in any of its formats: the text ones of
:mod:`refgraph.graph.export` and the HTML page of :mod:`refgraph.graph.html`."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import networkx as nx

from refgraph.errors import ConfigError
from refgraph.graph.export import to_dot, to_gexf, to_graphml, to_json, to_mermaid
from refgraph.graph.html import render_graph_html

__all__ = ["FORMATS", "write_graph"]


def _html(graph: nx.MultiDiGraph) -> str:
    return render_graph_html(graph)


#: format name -> writer
FORMATS: Mapping[str, Callable[[nx.MultiDiGraph], str]] = {
    "html": _html,
    "graphml": to_graphml,
    "gexf": to_gexf,
    "dot": to_dot,
    "json": to_json,
    "mermaid": to_mermaid,
}


def write_graph(graph: nx.MultiDiGraph, fmt: str) -> str:
    """Return ``graph`` in format ``fmt`` (one of :data:`FORMATS`)."""
    try:
        writer = FORMATS[fmt]
    except KeyError:
        choices = ", ".join(FORMATS)
        raise ConfigError(f"unknown graph format {fmt!r}; use one of {choices}") from None
    return writer(graph)
