"""Every export format: re-read by networkx, parsed by pydot, rendered by Graphviz."""

from __future__ import annotations

import io
import json
import re
import subprocess

import networkx as nx
import pydot
import pytest

from refgraph.errors import ConfigError
from refgraph.graph import build_graph
from refgraph.graph.export import flat_graph, to_dot, to_gexf, to_graphml, to_json, to_mermaid
from refgraph.graph.formats import write_graph as export_graph
from refgraph.model import Reference
from systemtools import require_tools, tool_path

from ._seed import seed_records, seed_references


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    refs = [*seed_references(),
            Reference(key="Odd", pmid="5", year="2019",
                      title='A "quoted" title with <script>alert(1)</script> and \\ backslash')]
    return build_graph(refs, seed_records()).graph


def _same(original: nx.MultiDiGraph, back: nx.MultiDiGraph) -> None:
    flat = flat_graph(original)
    assert back.number_of_nodes() == original.number_of_nodes()
    assert back.number_of_edges() == original.number_of_edges()
    assert dict(back.nodes(data=True)) == dict(flat.nodes(data=True))
    assert _edges(back) == _edges(flat)


def _edges(graph: nx.MultiDiGraph) -> list[tuple[str, str, list[tuple[str, object]]]]:
    """Every edge as (u, v, its attributes but the GraphML id), sorted: keys may differ."""
    return sorted((str(u), str(v), sorted((k, val) for k, val in d.items() if k != "id"))
                  for u, v, d in graph.edges(data=True))  # fmt: skip


def test_graphml_round_trips(graph: nx.MultiDiGraph) -> None:
    text = to_graphml(graph)
    back = nx.read_graphml(io.BytesIO(text.encode()))
    _same(graph, back)
    ids = re.findall(r'<edge [^>]*\bid="([^"]+)"', text)
    assert len(ids) == graph.number_of_edges() == len(set(ids))  # GraphML ids are unique
    assert back.nodes["Kantarjian2017"]["publication_types"].startswith("Journal Article; ")


def test_gexf_round_trips(graph: nx.MultiDiGraph) -> None:
    _same(graph, nx.read_gexf(io.BytesIO(to_gexf(graph).encode())))


def test_json_is_node_link_data(graph: nx.MultiDiGraph) -> None:
    data = json.loads(to_json(graph))
    refs = [n for n in data["nodes"] if n["kind"] == "reference"]
    assert {n["pmid"] for n in refs} >= {"27292104", "27959739", "28687420"}
    assert all({"relation", "evidence", "via", "source", "target"} <= set(e)
               for e in data["edges"])
    back = nx.node_link_graph(data, edges="edges")
    assert back.number_of_edges() == graph.number_of_edges()


def _listed(data: dict[str, object]) -> dict[str, object]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def test_json_round_trips_every_attribute(graph: nx.MultiDiGraph) -> None:
    """Node-link JSON keeps every node and edge attribute (JSON has lists, not tuples)."""
    back = nx.node_link_graph(json.loads(to_json(graph)), edges="edges")
    assert {n: _listed(d) for n, d in back.nodes(data=True)} == {
        n: _listed(d) for n, d in graph.nodes(data=True)
    }
    want = [(u, v, k, _listed(d)) for u, v, k, d in sorted(graph.edges(keys=True, data=True))]
    assert sorted(back.edges(keys=True, data=True)) == want
    assert {d["via"] for _, _, d in back.edges(data=True)} >= {"annotation", "pubmed"}


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_every_export_keeps_the_edge_evidence_source(graph: nx.MultiDiGraph, fmt: str) -> None:
    text = export_graph(graph, fmt)
    if fmt == "json":
        back = nx.node_link_graph(json.loads(text), edges="edges")
    else:
        back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(text.encode()))
    got = {(str(u), str(v), d["relation"]): d["via"] for u, v, d in back.edges(data=True)}
    want = {(u, v, d["relation"]): d["via"] for u, v, d in graph.edges(data=True)}
    assert got == want and len(set(want.values())) >= 2


# pydot's grammar still calls pyparsing's camelCase names, deprecated in pyparsing 3.3
@pytest.mark.filterwarnings("ignore:.*deprecated - use:DeprecationWarning")
def test_dot_parses_with_pydot_and_renders_with_graphviz(graph: nx.MultiDiGraph) -> None:
    text = to_dot(graph)
    (parsed,) = pydot.graph_from_dot_data(text)
    relations = [e.get("label").strip('"') for e in parsed.get_edges()
                 if e.get("label") is not None]
    assert sorted(relations) == sorted(k for _, _, k in graph.edges(keys=True))
    assert "rankdir=LR" in text
    require_tools("dot")
    svg = subprocess.run([str(tool_path("dot")), "-Tsvg"], input=text.encode(),
                         capture_output=True, check=True, timeout=60).stdout.decode()
    assert "<svg" in svg and "follow_up_of" in svg and "2016" in svg
    assert "<script>" not in svg  # the hostile title is escaped text


def test_dot_puts_each_year_in_one_rank(graph: nx.MultiDiGraph) -> None:
    text = to_dot(graph)
    assert 'rank=same; "year:2016" "Kantarjian2016" "Kantarjian2016a"' in text


def test_mermaid_shape(graph: nx.MultiDiGraph) -> None:
    lines = to_mermaid(graph).splitlines()
    assert lines[0] == "graph LR"
    arrows = [line for line in lines if "-->|" in line or "-.->|" in line]
    assert len(arrows) == graph.number_of_edges()
    assert any("-->|follow_up_of|" in line for line in arrows)
    assert not any("<script>" in line for line in lines)


def test_unknown_format_is_a_config_error(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ConfigError, match="unknown graph format"):
        export_graph(graph, "png")


def test_every_export_carries_each_edges_evidence(graph: nx.MultiDiGraph) -> None:
    """The evidence (field: phrase) travels in every format: attribute, tooltip or comment."""
    follow = graph.get_edge_data("Kantarjian2016a", "Kantarjian2016", "follow_up_of")
    assert follow["evidence"].startswith("annotation: (Further follow up")
    mermaid = to_mermaid(graph)
    assert f"  %% follow_up_of (annotation): {follow['evidence']}" in mermaid
    dot = to_dot(graph)
    assert 'tooltip="follow_up_of (annotation): annotation: (Further follow up' in dot
    for text in (to_graphml(graph), to_gexf(graph), to_json(graph)):
        assert "DataBankList: ClinicalTrials.gov NCT01564784" in text
        assert "CommentsCorrections: PMID 27959739 CommentOn 27292104" in text


def test_mermaid_with_comments_still_parses_its_links(graph: nx.MultiDiGraph) -> None:
    lines = to_mermaid(graph).splitlines()
    links = [line for line in lines if "|" in line and not line.strip().startswith("%%")]
    assert len(links) == graph.number_of_edges()
    assert all(line.strip().startswith("%% ") for line in lines
               if line.strip().startswith("%%"))
