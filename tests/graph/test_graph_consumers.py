"""The graph exports as the tools people open them with read them: networkx (GraphML, GEXF,
node-link JSON), igraph (GraphML), Graphviz (DOT) and Chromium (the HTML page), for the seed
and for a hostile library (markup, quotes, backslashes, braces, non-ASCII, control characters,
newlines, a citation cycle between namesakes). Every node and edge comes back with every
attribute, and no reader warns.
"""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import warnings
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import pytest
from lxml import etree

from refgraph.graph import build_graph
from refgraph.graph.export import flat_graph, to_dot, to_gexf, to_graphml, to_json
from refgraph.graph.html import render_graph_html
from refgraph.model import Author, Reference
from systemtools import require_tools, tool_path

from ._seed import seed_records, seed_references

EVIL = (
    '<script>window.__xss = "x"</script><img src=x onerror="window.__xss=1">'
    " & 'quotes' \\ {braces} #1 50% ~ ]]> -- <!--"
)


def _hostile() -> list[Reference]:
    return [
        Reference(key="Ødegård2019", pmid="31000001", year="2019", month="Mar",
                  authors=(Author(last="Ødegård", first="Åse", initials="Å"),),
                  title=f"{EVIL}: the\x01 INO-VATE\x1b[2J trial\nsecond line",
                  journal='J "Quoted" & <Co>',
                  annotation=f"(Among 63 patients {EVIL} with ALL [Smith 2020].)"),
        Reference(key="Smith2020", pmid="31000002", year="2020",
                  authors=(Author(last="Smith", initials="J"),), et_al=True,
                  title="Further follow up of the Ødegård cohort: α ≥ 5 µg",
                  journal="Blood",
                  annotation="(Further follow up of patients [Ødegård 2019] \\input{x}.)"),
        Reference(key="Smith2020a", pmid="", year="2020",
                  authors=(Author(collective="R&D {Group} <b>"),),
                  title="A secondary analysis of [Smith 2020]", journal="Blood",
                  annotation="(A secondary analysis of the trial [Smith 2020].)"),
    ]  # fmt: skip


@pytest.fixture(scope="module", params=["seed", "hostile"])
def graph(request: pytest.FixtureRequest) -> nx.MultiDiGraph:
    if request.param == "seed":
        return build_graph(seed_references(), seed_records()).graph
    built = build_graph(_hostile()).graph
    assert built.number_of_edges() >= 2  # the hostile text is on edges too
    return built


def _same_value(got: Any, want: Any) -> bool:
    if isinstance(want, int | float) and not isinstance(want, bool):
        return float(got) == float(want)
    return bool(got == want)


def test_networkx_reads_every_format_back(graph: nx.MultiDiGraph) -> None:
    flat = flat_graph(graph)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        graphml = nx.read_graphml(io.BytesIO(to_graphml(graph).encode()))
        gexf = nx.read_gexf(io.BytesIO(to_gexf(graph).encode()))
        linked = nx.node_link_graph(json.loads(to_json(graph)), edges="edges")
    def edges(g: nx.MultiDiGraph) -> list[tuple[str, str, list[tuple[str, Any]]]]:
        return sorted((str(u), str(v), sorted((k, val) for k, val in d.items() if k != "id"))
                      for u, v, d in g.edges(data=True))  # fmt: skip

    for back in (graphml, gexf):
        assert dict(back.nodes(data=True)) == dict(flat.nodes(data=True))
        assert edges(back) == edges(flat)
    assert set(linked.nodes) == set(graph.nodes)
    assert linked.number_of_edges() == graph.number_of_edges()


def test_igraph_reads_the_graphml_back(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    flat = flat_graph(graph)
    path = tmp_path / "graph.graphml"
    path.write_text(to_graphml(graph), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = igraph.Graph.Read_GraphML(str(path))
    assert back.is_directed()
    assert back.vcount() == flat.number_of_nodes() and back.ecount() == flat.number_of_edges()
    names = back.vs["id"]
    for vertex in back.vs:
        want = flat.nodes[vertex["id"]]
        for name, value in vertex.attributes().items():
            if name == "id":
                continue
            if name in want:
                assert _same_value(value, want[name]), (vertex["id"], name)
            else:  # igraph fills an attribute a node lacks: '' or NaN
                assert value == "" or (isinstance(value, float) and math.isnan(value))
        assert set(want) <= set(vertex.attributes())
    got = sorted((names[e.source], names[e.target], e["relation"],
                  json.dumps({k: v for k, v in e.attributes().items() if k != "id" and v != ""},
                             sort_keys=True, ensure_ascii=False))
                 for e in back.es)  # fmt: skip
    want_edges = sorted((str(u), str(v), data["relation"],
                         json.dumps({k: v for k, v in data.items() if v != ""},
                                    sort_keys=True, ensure_ascii=False))
                        for u, v, data in flat.edges(data=True))  # fmt: skip
    assert got == want_edges


def test_graphviz_renders_the_dot_without_a_warning(graph: nx.MultiDiGraph) -> None:
    require_tools("dot")
    done = subprocess.run([str(tool_path("dot")), "-Tsvg"], input=to_dot(graph).encode(),
                          capture_output=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0 and done.stderr.decode() == ""
    svg = done.stdout.decode()
    drawn = etree.fromstring(done.stdout)
    ns = {"s": "http://www.w3.org/2000/svg"}
    nodes = set(drawn.xpath('//s:g[@class="node"]/s:title/text()', namespaces=ns))
    edges = drawn.xpath('//s:g[@class="edge"]/s:title/text()', namespaces=ns)
    assert {str(n) for n in graph.nodes} == {n for n in nodes if not n.startswith("year:")}
    work_edges = [e for e in edges if not e.startswith("year:")]  # the year axis is drawn too
    assert len(work_edges) == graph.number_of_edges()
    assert "<script" not in svg and "\x01" not in svg and "\x1b" not in svg
    for _, data in graph.nodes(data=True):
        label = str(data.get("label", ""))
        assert all(word in svg for word in re.findall(r"\w+", label)), label


def test_chromium_opens_the_page_without_errors_or_requests(
    graph: nx.MultiDiGraph, browser: Any, tmp_path: Path
) -> None:
    from browser import open_page

    opened = open_page(browser, render_graph_html(graph), tmp_path / "graph.html",
                       wait_for="[data-node]")  # fmt: skip
    try:
        assert opened.problems == [] and opened.network == []
        assert opened.page.locator("[data-node]").count() == graph.number_of_nodes()
        assert opened.page.locator("script").count() == 2  # the data and the page's own
        assert opened.page.evaluate("() => window.__xss === undefined")
    finally:
        opened.page.close()
