"""The follow-up graph as one self-contained, offline HTML page (inline SVG + vanilla JS).

Where things go is :mod:`refgraph.graph.layout` (pure): x is the publication date on a true
time axis, each trial is a labelled band holding its publications in lanes, other
publications share a last band, labels are unique and never covered by an arrowhead. The
page template (``templates/graph.html.j2``) draws it, with zoom and pan (wheel, drag, pinch,
buttons), labels whenever they are legible, hover (or tap) details with each edge's
evidence, click-through to PubMed and relation filters; citations among the works that
PubMed records are drawn thin and hidden until their toggle is ticked. The data travels as
JSON in ``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and the
script builds the DOM with ``textContent`` only, so titles are inert.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from refgraph.graph.layout import FONT, LABEL_DROP, layout_graph
from refgraph.graph.styles import RELATION_STYLES
from refgraph.jinja import get_template, make_environment, render_template
from refgraph.sandbox import LimitedSandbox
from refgraph.version import __version__

__all__ = ["GRAPH_TEMPLATE", "graph_html_fragment", "graph_layout", "render_graph_html"]

#: The template of the graph page and its embeddable fragment (a user folder may replace it).
GRAPH_TEMPLATE = "graph.html.j2"


def graph_layout(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Return the view model the page draws: nodes with x/y and unique labels, edges with
    their paths, bands, year ticks, axis breaks, relation styles.

    Every graph node and edge appears exactly once.
    """
    placed = layout_graph(graph)
    where = placed["nodes"]
    nodes = []
    for node, data in graph.nodes(data=True):
        is_trial = data.get("kind") == "trial"
        pmid = str(data.get("pmid") or "")
        nodes.append({
            "id": node,
            "kind": "trial" if is_trial else "reference",
            "label": where[node]["label"],
            "x": where[node]["x"],
            "y": where[node]["y"],
            "pmid": pmid,
            "year": int(data.get("year") or 0) if not is_trial else 0,
            "citation": str(data.get("citation") or data.get("label") or node),
            "annotation": str(data.get("annotation") or ""),
            "url": (f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid
                    else str(data.get("url") or "")),
        })  # fmt: skip
    edges = [
        {"s": u, "t": v, "relation": key, "via": str(d.get("via", "")),
         "evidence": str(d.get("evidence", ""))[:900],
         "alternatives": list(d.get("alternatives", ())),
         "conflict": str(d.get("conflict", "")), "forbidden": str(d.get("forbidden", "")),
         "citation": _is_citation(key, d), "d": path}
        for (u, v, key, d), path in zip(graph.edges(keys=True, data=True), placed["edges"],
                                        strict=True)
    ]  # fmt: skip
    order = list(RELATION_STYLES)
    present = sorted({e["relation"] for e in edges if not e["citation"]},
                     key=lambda r: (order.index(r) if r in order else len(order), r))  # fmt: skip
    return {
        "nodes": nodes,
        "edges": edges,
        "bands": placed["bands"],
        "ticks": placed["ticks"],
        "breaks": placed["breaks"],
        "width": placed["width"],
        "height": placed["height"],
        "font": FONT,
        "drop": LABEL_DROP,
        "styles": {r: {"colour": c, "dash": d} for r, (c, _, d) in RELATION_STYLES.items()},
        "relations": present,
        "citations": sum(1 for e in edges if e["citation"]),
    }


def _is_citation(relation: str, data: dict[str, Any]) -> bool:
    """A citation PubMed knows of (ReferenceList, elink), not one the annotation makes:
    drawn thin and hidden until asked for."""
    return relation == "cites" and "annotation" not in str(data.get("via", ""))


def _safe_json(data: Any) -> str:
    """Return JSON that cannot end a ``<script>`` element or open a comment or CDATA."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _template(
    template_dirs: Sequence[str | os.PathLike[str]],
) -> tuple[LimitedSandbox, jinja2.Template]:
    dirs = [Path(d) for d in template_dirs]
    env = make_environment(dirs)
    return env, get_template(env, GRAPH_TEMPLATE, dirs)


def graph_html_fragment(
    graph: nx.MultiDiGraph,
    *,
    uid: str | None = None,
    template_dirs: Sequence[str | os.PathLike[str]] = (),
) -> str:
    """Return a ``<div>`` with the interactive graph, for embedding in another HTML page.

    The fragment carries its own style, data and script; several may share one page. Its
    element id is derived from the graph's content, so the same graph always renders to the
    same bytes; pass ``uid`` to embed one graph twice on a page. ``template_dirs`` are
    searched for ``graph.html.j2`` before the shipped templates.
    """
    _, template = _template(template_dirs)
    text = _safe_json(graph_layout(graph))
    uid = uid or "refgraph-graph-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    data = Markup(text)  # escaped by _safe_json
    return str(template.module.fragment(uid, data))  # type: ignore[attr-defined]


def render_graph_html(
    graph: nx.MultiDiGraph,
    *,
    title: str = "Follow-up graph",
    template_dirs: Sequence[str | os.PathLike[str]] = (),
) -> str:
    """Return a complete, self-contained HTML page showing ``graph`` (works offline)."""
    env, template = _template(template_dirs)
    fragment = Markup(graph_html_fragment(graph, template_dirs=template_dirs))
    counts = {
        "references": sum(1 for _, d in graph.nodes(data=True) if d.get("kind") != "trial"),
        "trials": sum(1 for _, d in graph.nodes(data=True) if d.get("kind") == "trial"),
        "edges": graph.number_of_edges(),
    }
    context = {"title": title, "graph_body": fragment, "counts": counts,
               "generator": f"refgraph {__version__}"}  # fmt: skip
    return render_template(env, template, context, GRAPH_TEMPLATE)
