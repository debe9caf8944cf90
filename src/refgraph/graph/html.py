"""The follow-up graph as one self-contained, offline HTML page (inline SVG + vanilla JS).

The layout is computed here (pure): x is the publication year, each trial is a labelled
band holding its publications (lanes per year), other publications share a last band. The
page template (``templates/graph.html.j2``) draws it, with zoom/pan on the wheel, labels
when zoomed in, hover details (each edge's evidence, field by field, and any conflict),
click-through to PubMed and relation filters. Citations among the works that PubMed
records (ReferenceList, elink) are drawn thin and are off until their toggle is ticked. The data
travels as JSON in ``<script type="application/json">`` with ``<``, ``>`` and ``&``
escaped, and the script builds the DOM with ``textContent`` only, so titles are inert.
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

from refgraph.graph.groups import trial_groups
from refgraph.graph.styles import RELATION_STYLES
from refgraph.jinja import get_template, make_environment, render_template
from refgraph.sandbox import LimitedSandbox

__all__ = ["GRAPH_TEMPLATE", "graph_html_fragment", "graph_layout", "render_graph_html"]

#: The template of the graph page and its embeddable fragment (a user folder may replace it).
GRAPH_TEMPLATE = "graph.html.j2"

COLUMN = 160  # px between years
ROW = 26  # px between lanes
BAND_GAP = 30
LEFT = 190  # room for band labels
TOP = 60  # room for the year axis


def graph_layout(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Return the view model the page draws: nodes with x/y, edges, bands, year ticks, styles.

    Every graph node and edge appears exactly once.
    """
    refs = {n: d for n, d in graph.nodes(data=True) if d.get("kind") != "trial"}
    years = sorted({int(d.get("year") or 0) for d in refs.values()} - {0})
    undated = any(not d.get("year") for d in refs.values())
    column = {year: LEFT + 40 + i * COLUMN for i, year in enumerate(years)}
    undated_x = LEFT + 40 + len(years) * COLUMN
    placed: dict[str, tuple[float, float]] = {}
    bands: list[dict[str, Any]] = []
    top = TOP
    groups = [(g.trial, g.label, [m for m, _, _ in g.members]) for g in trial_groups(graph)]
    rest = sorted(set(refs) - {m for _, _, members in groups for m in members})
    for trial, label, members in [*groups, ("", "Other publications", rest)]:
        members = [m for m in members if m not in placed]
        if not members and trial == "":
            continue
        lanes: dict[int, int] = {}
        for member in sorted(members, key=lambda m: (int(refs[m].get("year") or 0), m)):
            year = int(refs[member].get("year") or 0)
            lane = lanes.get(year, 0)
            lanes[year] = lane + 1
            x = column.get(year, undated_x) + (lane % 4) * 30
            placed[member] = (x, top + ROW / 2 + lane * ROW)
        height = max(lanes.values(), default=1) * ROW
        if trial:
            placed[trial] = (LEFT - 20, top + ROW / 2 + 14)
        bands.append({"trial": trial, "label": label, "y": top, "h": height})
        top += height + BAND_GAP
    nodes: list[dict[str, Any]] = []
    for node, data in graph.nodes(data=True):
        at_x, at_y = placed.get(node, (LEFT - 20, top))
        is_trial = data.get("kind") == "trial"
        pmid = str(data.get("pmid") or "")
        nodes.append({
            "id": node,
            "kind": "trial" if is_trial else "reference",
            "label": str(data.get("label") or node),
            "x": at_x,
            "y": at_y,
            "pmid": pmid,
            "year": int(data.get("year") or 0) if not is_trial else 0,
            "citation": str(data.get("citation") or data.get("label") or node),
            "annotation": str(data.get("annotation") or ""),
            "url": (f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid
                    else str(data.get("url") or "")),
        })
    edges = [
        {"s": u, "t": v, "relation": key, "via": str(d.get("via", "")),
         "evidence": str(d.get("evidence", ""))[:900],
         "alternatives": list(d.get("alternatives", ())),
         "conflict": str(d.get("conflict", "")), "forbidden": str(d.get("forbidden", "")),
         "citation": _is_citation(key, d)}
        for u, v, key, d in graph.edges(keys=True, data=True)
    ]
    present = sorted({e["relation"] for e in edges if not e["citation"]},
                     key=list(RELATION_STYLES).index)
    ticks: list[dict[str, Any]] = [{"year": y, "x": x} for y, x in column.items()]
    if undated:
        ticks.append({"year": "undated", "x": undated_x})
    return {
        "nodes": nodes,
        "edges": edges,
        "bands": bands,
        "ticks": ticks,
        "width": undated_x + COLUMN,
        "height": top + ROW,
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
    context = {"title": title, "graph_body": fragment, "counts": counts}
    return render_template(env, template, context, GRAPH_TEMPLATE)
