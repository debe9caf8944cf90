"""The edge collector's fast paths give what the plain calls give."""

from __future__ import annotations

from typing import Any

import networkx as nx

from refgraph.graph.edges import (
    EdgeSet,
    add_edges,
    add_node_rows,
    add_nodes,
    fill_edgeless,
)


def _layout(graph: nx.MultiDiGraph) -> tuple[object, ...]:
    """Everything about a graph, in its own orders (nodes, successors, predecessors)."""
    return (
        list(graph.nodes(data=True)),
        list(graph.edges(keys=True, data=True)),
        [(u, list(graph.succ[u])) for u in graph],
        [(u, list(graph.pred[u])) for u in graph],
        [(u, v, list(keys)) for u, nbrs in graph.adj.items() for v, keys in nbrs.items()],
    )


ROWS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("a", "b", "cites", {"relation": "cites", "evidence": "x"}),
    ("a", "b", "follow_up_of", {"relation": "follow_up_of", "cue": "further"}),
    ("b", "new1", "reports", {"relation": "reports"}),  # a node the graph does not have
    ("new2", "new2", "cites", {"relation": "cites"}),  # a new node, a self-loop
    ("new1", "a", "cites", {}),
    ("c", "a", "update_of", {"relation": "update_of", "alternatives": ("d",)}),
]


def _graph(cls: type[nx.MultiDiGraph] = nx.MultiDiGraph) -> nx.MultiDiGraph:
    graph = cls()
    graph.add_nodes_from([("c", {"kind": "reference"}), ("a", {"pmid": "1"}), ("b", {})])
    return graph


def test_add_edges_puts_the_rows_where_add_edge_would() -> None:
    fast, plain = _graph(), _graph()
    add_edges(fast, [(u, v, k, dict(d)) for u, v, k, d in ROWS])
    for u, v, key, data in ROWS:
        plain.add_edge(u, v, key, **data)
    assert _layout(fast) == _layout(plain)
    assert nx.utils.graphs_equal(fast, plain)
    fast.add_edge("a", "b", "cites", evidence="y")  # still an ordinary graph afterwards
    assert fast["a"]["b"]["cites"] == {"relation": "cites", "evidence": "y"}
    assert fast.in_degree("a") == 2 and sorted(nx.descendants(fast, "c")) == ["a", "b", "new1"]


def test_add_edges_on_another_graph_class_calls_add_edge() -> None:
    calls = []

    class Counting(nx.MultiDiGraph):  # type: ignore[misc]
        def add_edge(self, u: str, v: str, key: str | None = None, **attr: Any) -> Any:
            calls.append((u, v, key))
            return super().add_edge(u, v, key, **attr)

    graph = _graph(Counting)
    add_edges(graph, [(u, v, k, dict(d)) for u, v, k, d in ROWS])
    assert calls == [(u, v, k) for u, v, k, _ in ROWS]
    plain = _graph()
    add_edges(plain, [(u, v, k, dict(d)) for u, v, k, d in ROWS])
    assert _layout(graph) == _layout(plain)


NODES: list[tuple[str, dict[str, Any]]] = [
    ("k2", {"kind": "reference", "pmid": "2"}),
    ("a", {"pmid": "9", "title": "again"}),  # a node the graph has: its data updated
    ("k1", {}),
    ("k3", {"kind": "reference", "label": "K 2016"}),
]


def test_add_nodes_puts_the_rows_where_add_nodes_from_would() -> None:
    fast, plain = _graph(), _graph()
    rows = [(node, dict(data)) for node, data in NODES]
    add_nodes(fast, rows)
    plain.add_nodes_from([(node, dict(data)) for node, data in NODES])
    assert _layout(fast) == _layout(plain)
    assert nx.utils.graphs_equal(fast, plain)
    assert fast.nodes["k2"] is rows[0][1]  # kept, not copied
    add_edges(fast, [(u, v, k, dict(d)) for u, v, k, d in ROWS])  # an ordinary graph after
    add_edges(plain, [(u, v, k, dict(d)) for u, v, k, d in ROWS])
    fast.add_node("k1", kind="reference")
    plain.add_node("k1", kind="reference")
    assert _layout(fast) == _layout(plain)


def test_add_node_rows_keeps_the_adjacency_dicts_given() -> None:
    fast, plain = _graph(), _graph()
    rows = [(node, dict(data), {}, {}) for node, data in NODES]
    add_node_rows(fast, rows)
    plain.add_nodes_from([(node, dict(data)) for node, data in NODES])
    assert _layout(fast) == _layout(plain)
    new = [row for row in rows if row[0] not in ("a", "b", "c")]
    assert all(fast._succ[node] is out and fast._pred[node] is into
               for node, _, out, into in new)
    assert fast._succ["a"] is not rows[[r[0] for r in rows].index("a")][2]  # already there
    add_edges(fast, [(u, v, k, dict(d)) for u, v, k, d in ROWS])
    add_edges(plain, [(u, v, k, dict(d)) for u, v, k, d in ROWS])
    assert _layout(fast) == _layout(plain)


def test_add_nodes_on_another_graph_class_calls_add_nodes_from() -> None:
    class Counting(nx.MultiDiGraph):  # type: ignore[misc]
        calls = 0

        def add_nodes_from(self, nodes: Any, **attr: Any) -> None:
            Counting.calls += 1
            super().add_nodes_from(nodes, **attr)

    graph, plain = _graph(Counting), _graph()
    add_nodes(graph, [(node, dict(data)) for node, data in NODES])
    add_nodes(plain, [(node, dict(data)) for node, data in NODES])
    assert Counting.calls == 2  # _graph's own call, then add_nodes'
    assert _layout(graph) == _layout(plain)


def _state(edges: EdgeSet) -> dict[tuple[str, str, str], list[Any]]:
    return {key: [entry[0], entry[1], dict(entry[2]), entry[3]]
            for key, entry in edges.edges.items()}


def test_add_downgraded_is_add_then_downgrade() -> None:
    extra = {"xref": "Li 2016", "cue": "further follow up"}
    cases = [
        [],  # nothing there yet
        [("u", "v", "cites", "annotation: earlier mention", "annotation")],  # merged into
        [("u", "v", "follow_up_of", "annotation of w: its update", "annotation")],  # moved
        [("u", "v", "cites", "elink: PMID 1 cites 2", "elink"),
         ("u", "v", "follow_up_of", "annotation: more", "annotation")],
    ]
    for before in cases:
        one, two = EdgeSet(), EdgeSet()
        for u, v, relation, evidence, source in before:
            one.add(u, v, relation, evidence, source)
            two.add(u, v, relation, evidence, source)
        one.add("u", "v", "follow_up_of", "annotation: Further follow up", "annotation",
                dict(extra), dated=True)
        said = one.downgrade(("u", "v", "follow_up_of"), "too early")
        assert two.add_downgraded("u", "v", "follow_up_of", "annotation: Further follow up",
                                  "annotation", dict(extra), "too early") == said
        assert _state(two) == _state(one), before
        assert two.unvetted == one.unvetted


def test_add_attributes_is_add() -> None:
    extra = {"xref": "Li 2016", "cue": "further follow up", "alternatives": ("x",)}
    calls = [("u", "v", "follow_up_of", "annotation: a", "annotation", False),
             ("u", "v", "follow_up_of", "annotation: b", "annotation", True),  # merged
             ("u", "v", "cites", "annotation: c", "annotation", True),
             ("w", "w", "cites", "annotation: d", "annotation", True),  # a self-loop
             ("w", "u", "update_of", "annotation: e", "annotation", True)]
    one, two = EdgeSet(), EdgeSet()
    for u, v, relation, evidence, source, dated in calls:
        one.add(u, v, relation, evidence, source, dict(extra), dated=dated)
        two.add_attributes(u, v, {"relation": relation, "evidence": evidence, "via": source,
                                  **extra}, dated=dated)
    assert _state(two) == _state(one)
    assert two.unvetted == one.unvetted == [("u", "v", "follow_up_of")]
    fast, plain = nx.MultiDiGraph(), nx.MultiDiGraph()
    two.finish(fast)
    one.finish(plain)
    assert _layout(fast) == _layout(plain)
    assert fast["u"]["v"]["follow_up_of"]["evidence"] == "annotation: a | annotation: b"


def test_finish_puts_the_rows_in_sorted_order() -> None:
    calls = [("b", "a", "cites", "x", "annotation"), ("c", "b", "update_of", "y", "pubmed"),
             ("a", "c", "cites", "z", "elink"), ("b", "c", "follow_up_of", "w", "annotation"),
             ("t", "a", "cites", "v", "elink"), ("b", "a", "cites", "u", "pubmed")]
    edges = EdgeSet()
    for u, v, relation, evidence, source in calls:
        edges.add(u, v, relation, evidence, source)
    graph = nx.MultiDiGraph()
    edges.finish(graph)
    layout = _layout(graph)
    assert [node for node, _ in layout[0]] == ["a", "c", "b", "t"]  # rows in sorted order
    assert len(layout[1]) == 5


def test_finish_edgeless_is_finish_in_sorted_order() -> None:
    """Edges put in by source in the order collected, predecessors sorted after, give the
    graph sorted rows give; with an end that is not a node nothing is left behind."""
    import random

    rng = random.Random(5)
    names = [f"n{i:02d}" for i in range(30)]
    relations = ("cites", "follow_up_of", "update_of")
    for case in range(60):
        edges = EdgeSet()
        for _ in range(rng.randint(0, 80)):
            u, v = rng.choice(names), rng.choice(names)
            edges.add(u, v, rng.choice(relations), f"e{rng.randint(0, 3)}",
                      rng.choice(("annotation", "pubmed")), {"x": case})
        nodes = sorted(names)
        if case % 3 == 0:  # a target, or a source, that is not a node of the graph
            nodes.remove(rng.choice(names))
        fast, plain = nx.MultiDiGraph(), nx.MultiDiGraph()
        for graph in (fast, plain):
            add_nodes(graph, [(name, {"i": name}) for name in nodes])
        edges.finish(fast, edgeless=True)
        edges.finish(plain)
        assert _layout(fast) == _layout(plain), case
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(["a", "b", "c"])
    edges = EdgeSet()
    for u, v in (("a", "b"), ("c", "b"), ("b", "a"), ("c", "x")):  # x: not a node
        edges.add(u, v, "cites", "t", "annotation")
    assert not fill_edgeless(graph, edges.by_source)
    assert graph.number_of_edges() == 0
    assert all(not graph.succ[n] and not graph.pred[n] for n in graph)
