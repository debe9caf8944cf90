"""The follow-up graph as text: node-link JSON, GraphML, GEXF, DOT and Mermaid (pure).

GraphML and GEXF take only scalar attributes, so tuples become ``"; "``-joined strings and
missing values become ``""``; networkx reads both back with the same nodes, edges and
attributes. DOT is a left-to-right timeline: one ``rank=same`` column per year. Every edge's
evidence (``field: phrase`` items) travels with it: an attribute in JSON, GraphML and GEXF,
the tooltip in DOT, a ``%%`` comment line after the edge in Mermaid.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from typing import Any

import networkx as nx

from refgraph.graph.styles import DEFAULT_STYLE, RELATION_STYLES
from refgraph.text import xml_text

__all__ = [
    "flat_graph",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "to_json",
    "to_mermaid",
]

def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (tuple, list, set, frozenset)):
        return xml_text("; ".join(str(v) for v in value))
    if isinstance(value, str):
        return xml_text(value)  # XML 1.0 forbids control characters, GraphML and GEXF too
    if isinstance(value, (int, float, bool)):
        return value
    return xml_text(str(value))


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy whose attributes are all strings or numbers (GraphML/GEXF-safe).

    Strings, node names included, lose what XML 1.0 forbids (:func:`refgraph.text.xml_text`).
    """
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(_scalar(node), **{k: _scalar(v) for k, v in data.items()})
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(_scalar(u), _scalar(v), key=_scalar(key),
                      **{k: _scalar(val) for k, val in data.items()})  # fmt: skip
    return flat


def to_json(graph: nx.MultiDiGraph) -> str:
    """Return networkx node-link data (``nodes``, ``edges``) as indented JSON."""
    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False, default=list) + "\n"


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """Return GraphML that :func:`networkx.read_graphml` reads back.

    Every edge gets its own id (``e0``, ``e1``, ... in edge order): GraphML ids are unique
    in a document, so the relation (the multigraph key, shared by many edges) travels as
    the ``relation`` attribute only.
    """
    flat = flat_graph(graph)
    numbered = nx.MultiDiGraph()
    numbered.add_nodes_from(flat.nodes(data=True))
    numbered.add_edges_from(
        (u, v, f"e{n}", data) for n, (u, v, data) in enumerate(flat.edges(data=True))
    )
    buffer = io.BytesIO()
    nx.write_graphml(numbered, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def to_gexf(graph: nx.MultiDiGraph) -> str:
    """Return GEXF 1.2 that :func:`networkx.read_gexf` reads back."""
    buffer = io.BytesIO()
    nx.write_gexf(flat_graph(graph), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def _dot_escape(text: Any) -> str:
    return " ".join(xml_text(str(text)).split()).replace("\\", "\\\\").replace('"', '\\"')


def _dot_quote(text: Any) -> str:
    return f'"{_dot_escape(text)}"'


def _wrap(text: str, width: int = 28) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    shown = [_dot_escape(line) for line in lines[:3]]
    return "\\n".join(shown) + ("…" if len(lines) > 3 else "")


def to_dot(graph: nx.MultiDiGraph, *, title: str = "refgraph") -> str:
    """Return Graphviz DOT: a left-to-right timeline, one column (``rank=same``) per year.

    Year labels are chained by invisible edges so columns keep their order; trials are
    grey boxes; edges carry their relation as label, colour and line style.
    """
    out = [f"digraph {_dot_quote(title)} {{", "  rankdir=LR; newrank=true; nodesep=0.25;",
           '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontsize=10,'
           ' fontname="Helvetica"];', '  edge [fontsize=8, fontname="Helvetica"];']
    years: dict[int, list[str]] = {}
    for node, data in sorted(graph.nodes(data=True)):
        if data.get("kind") == "trial":
            reporting = [int(graph.nodes[u].get("year") or 0)
                         for u, _, k in graph.in_edges(node, keys=True) if k == "reports"]
            years.setdefault(min(reporting, default=0), []).append(node)
            label = _dot_quote(data.get("label", node))
            out.append(f'  {_dot_quote(node)} [label={label}, shape=hexagon, '
                       'fillcolor="#eeeeee"];')
            continue
        year = int(data.get("year") or 0)
        years.setdefault(year, []).append(node)
        quoted = f'"{_dot_escape(data.get("label", node))}\\n{_wrap(str(data.get("title", "")))}"'
        tooltip = _dot_quote(data.get("citation", ""))
        url = f"https://pubmed.ncbi.nlm.nih.gov/{data['pmid']}/" if data.get("pmid") else ""
        extra = f", URL={_dot_quote(url)}, target=_blank" if url else ""
        out.append(f"  {_dot_quote(node)} [label={quoted}, tooltip={tooltip}{extra}];")
    ordered = sorted(years)
    for year in ordered:
        name = _dot_quote(f"year:{year}")
        shown = str(year) if year else "undated"
        out.append(f'  {name} [label="{shown}", shape=plaintext, style="", fontsize=14];')
        members = " ".join(_dot_quote(n) for n in [f"year:{year}", *years[year]])
        out.append(f"  {{ rank=same; {members} }}")
    for before, after in itertools.pairwise(ordered):
        out.append(f'  {_dot_quote(f"year:{before}")} -> {_dot_quote(f"year:{after}")}'
                   " [style=invis, weight=10];")
    for u, v, key, data in sorted(graph.edges(keys=True, data=True)):
        colour, style, _ = RELATION_STYLES.get(key, DEFAULT_STYLE)
        tooltip = _dot_quote(f"{key} ({data.get('via', '')}): {data.get('evidence', '')}"[:2000])
        if key == "reports":
            head, tail, extra = u, v, ", constraint=false"
        else:  # drawn from the earlier publication to the later one, arrow kept on the target
            head, tail, extra = v, u, ", dir=back"
        out.append(f'  {_dot_quote(head)} -> {_dot_quote(tail)} [label="{key}", color="{colour}",'
                   f' fontcolor="{colour}", style={style}, tooltip={tooltip}{extra}];')
    out.append("}")
    return "\n".join(out) + "\n"


_MERMAID_ID = re.compile(r"[^A-Za-z0-9_]")


def _mermaid_text(text: str) -> str:
    text = " ".join(xml_text(str(text)).split())
    for char, entity in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("|", "#124;")):
        text = text.replace(char, entity)
    return text


def to_mermaid(graph: nx.MultiDiGraph) -> str:
    """Return a Mermaid flowchart (``graph LR``) with relation labels on the edges."""
    ids: dict[str, str] = {}
    lines = ["graph LR"]
    for node, data in sorted(graph.nodes(data=True)):
        ident = f"n{len(ids)}_{_MERMAID_ID.sub('_', node)[:30]}"
        ids[node] = ident
        label = _mermaid_text(data.get("label", node))
        if data.get("kind") == "trial":
            lines.append(f'  {ident}{{{{"{label}"}}}}')
        else:
            lines.append(f'  {ident}["{label}"]')
    for u, v, key, data in sorted(graph.edges(keys=True, data=True)):
        arrow = "-.->" if key in ("reports", "cites") else "-->"
        lines.append(f"  {ids[u]} {arrow}|{key}| {ids[v]}")
        evidence = " ".join(f"{key} ({data.get('via', '')}): {data.get('evidence', '')}".split())
        lines.append(f"  %% {evidence}")
    for relation, (colour, _, _) in RELATION_STYLES.items():
        positions = [str(i) for i, (_, _, k) in enumerate(
            sorted(graph.edges(keys=True))) if k == relation]
        if positions:
            lines.append(f"  linkStyle {','.join(positions)} stroke:{colour}")
    return "\n".join(lines) + "\n"
