"""The edge collector of the graph builder: evidence merging, conflicts and the edge rules.

Every edge has ``relation``, ``evidence`` (``field: phrase`` items joined by `` | ``) and
``via`` (where the evidence came from: ``annotation``, ``pubmed``, ``elink``,
``inferred``; several joined by ``+``). When an annotation and PubMed metadata give the same
relation the two pieces of evidence sit on one edge (``annotation+pubmed``); when they give
different typed relations the annotation's is kept, PubMed's reading goes into the edge's
``conflict`` attribute and a ``relation_conflict`` problem is listed. Before the edges reach
the graph, :func:`refgraph.graph.rules.forbidden` vets each one: a forbidden typed relation
becomes a plain ``cites`` (with ``forbidden`` saying why) and a ``forbidden_relation``
problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from operator import itemgetter
from typing import Any

import networkx as nx

from refgraph.graph.rules import ALLOWED, TIMED, forbidden, too_early

__all__ = [
    "CONTENT_RELATIONS", "EdgeSet", "NodeRow", "add_edges", "add_node_rows", "add_nodes",
    "fill_edgeless",
]

#: relations that say what a publication *is* to another (not genre, not a citation)
CONTENT_RELATIONS = ("pooled_analysis_of", "secondary_analysis_of", "follow_up_of",
                     "update_of", "erratum_for", "retraction_of")
_ALLOWED = frozenset((relation, s, t) for relation, (sources, targets) in ALLOWED.items()
                     for s in sources for t in targets)
_NO_EDGES: dict[tuple[str, str], list[Any]] = {}  # read only: a node without edges


class EdgeSet:
    """Collects edges; evidence from several sources merges deterministically.

    ``by_source`` maps each edge's source node to its edges, ``(v, relation)`` to
    ``[source, evidence, attributes, merged]``, in the order they were added: most edges have
    one piece of evidence, kept as it came; a second one moves them all into ``merged``
    (evidence texts by source) and clears ``source``. ``attributes`` is the edge's attribute
    dict in the graph to be: ``relation``, ``evidence`` and ``via`` (those of the entry as
    long as it has one piece of evidence; :meth:`finish` joins several), then the extra
    attributes. Grouped by source node, :meth:`finish` sorts each node's few
    edges instead of all of them (see :attr:`edges` for the flat view).
    """

    __slots__ = ("by_source", "unvetted")

    def __init__(self) -> None:
        self.by_source: dict[str, dict[tuple[str, str], list[Any]]] = {}
        #: typed edges not from an annotation's own cross-reference (those are checked for
        #: dates where they are made, see :meth:`vet`)
        self.unvetted: list[tuple[str, str, str]] = []

    @property
    def edges(self) -> dict[tuple[str, str, str], list[Any]]:
        """``(u, v, relation)`` -> entry, for every edge (a new dict of the same entries;
        grouped by source node, each node's edges in the order they were added)."""
        return {(u, v, relation): entry for u, group in self.by_source.items()
                for (v, relation), entry in group.items()}

    def add(self, u: str, v: str, relation: str, evidence: str, source: str,
            extra: dict[str, Any] | None = None, *, dated: bool = False) -> None:
        """Add evidence for an edge; of several ``extra`` values per name the first is kept.

        ``dated``: the caller has checked that the source is not too early for a typed
        relation (:func:`~refgraph.graph.rules.too_early`).
        """
        if u == v:
            return
        group = self.by_source.get(u)
        if group is None:
            group = self.by_source[u] = {}
        entry = group.get((v, relation))
        if entry is None:
            data = {"relation": relation, "evidence": evidence, "via": source}
            if extra:
                for name, value in extra.items():
                    data.setdefault(name, value)
            group[v, relation] = [source, evidence, data, None]
            if not dated and relation != "cites" and relation != "reports":
                self.unvetted.append((u, v, relation))
            return
        merged: dict[str, set[str]] | None = entry[3]
        if merged is None:
            merged = entry[3] = {entry[0]: {entry[1]}}
            entry[0] = None
        texts = merged.get(source)
        if texts is None:
            merged[source] = {evidence}
        else:
            texts.add(evidence)
        if extra:
            kept = entry[2]
            for name, value in extra.items():
                kept.setdefault(name, value)

    def add_attributes(self, u: str, v: str, data: dict[str, Any], *,
                       dated: bool = False) -> None:
        """:meth:`add` with the edge's attribute dict given whole, kept and not copied:
        ``relation``, ``evidence`` and ``via`` (the source), then the extra attributes."""
        relation = data["relation"]
        group = self.by_source.get(u)
        if group is None:
            group = self.by_source[u] = {}
        if u == v or (v, relation) in group:
            self.add(u, v, relation, data["evidence"], data["via"], data, dated=dated)
            return
        group[v, relation] = [data["via"], data["evidence"], data, None]
        if not dated and relation != "cites" and relation != "reports":
            self.unvetted.append((u, v, relation))

    def sources(self, u: str, v: str, relation: str) -> set[str]:
        """The sources of the evidence for an edge (empty when there is no such edge)."""
        entry = self.by_source.get(u, _NO_EDGES).get((v, relation))
        if entry is None:
            return set()
        return set(entry[3]) if entry[3] is not None else {entry[0]}

    def move(self, u: str, v: str, relation: str, to: str) -> None:
        """Move edge ``(u, v, relation)`` and its evidence onto ``(u, v, to)``."""
        entry = self.by_source.get(u, _NO_EDGES).pop((v, relation), None)
        if entry is None:
            return
        source, evidence, extra, merged = entry
        pieces = ([(s, t) for s in sorted(merged) for t in sorted(merged[s])]
                  if merged is not None else [(source, evidence)])
        for name, text in pieces:
            self.add(u, v, to, text, name, extra)

    def annotated_relations(self, u: str, v: str) -> list[str]:
        """The content relations an annotation gave from ``u`` to ``v``."""
        return [r for r in CONTENT_RELATIONS if "annotation" in self.sources(u, v, r)]

    def vet(self, kinds: Mapping[str, str], years: Mapping[str, int]) -> list[tuple[str, str]]:
        """Turn forbidden typed edges into ``cites``; return ``(edge source node, why)``.

        ``kinds`` are work types (``unknown`` ones may be left out). Without any known work
        type only the edges not checked for dates when made need looking at. (Downgrades of
        one source node's edges go in the order they were added; those of different nodes
        never meet.)
        """
        allowed = _ALLOWED
        get_kind, get_year = kinds.get, years.get
        known = any(kind != "unknown" for kind in kinds.values())
        by_source = self.by_source
        keys = (list(self.edges) if known else
                [k for k in self.unvetted if (k[1], k[2]) in by_source.get(k[0], _NO_EDGES)])
        bad = []
        for key in keys:
            u, v, relation = key
            if relation == "cites" or relation == "reports":
                continue
            if (too_early(get_year(u, 0), get_year(v, 0)) and relation in TIMED) or (
                    known and (relation, get_kind(u, "unknown"), get_kind(v, "unknown"))
                    not in allowed):
                bad.append(key)
        problems = []
        for key in bad:
            u, v, relation = key
            why = forbidden(relation, get_kind(u, "unknown"), get_kind(v, "unknown"),
                            get_year(u, 0), get_year(v, 0))
            problems.append((u, self.downgrade(key, why)))
        return problems

    def downgrade(self, key: tuple[str, str, str], why: str) -> str:
        """Turn the forbidden edge ``key`` into ``cites`` (noting why); return the problem."""
        u, v, relation = key
        group = self.by_source[u]
        entry = group.pop((v, relation))
        entry[2] = {**entry[2], "forbidden": f"{relation}: {why}"}
        if (v, "cites") in group:  # merge the evidence into the existing mention
            group[v, relation] = entry
            self.move(u, v, relation, "cites")
        else:
            group[v, "cites"] = entry
            entry[2]["relation"] = "cites"
        return f"{u} -> {v}: {relation} is not allowed ({why}); kept as cites"

    def add_downgraded(self, u: str, v: str, relation: str, evidence: str, source: str,
                       extra: dict[str, Any], why: str) -> str:
        """:meth:`add` the typed edge ``(u, v, relation)`` (its date checked by the caller)
        and :meth:`downgrade` it at once with ``why``; return the problem.

        Unless the typed edge already holds evidence, the evidence goes straight to the
        ``cites`` edge, as the two steps would put it.
        """
        if u == v or (v, relation) in self.by_source.get(u, _NO_EDGES):
            self.add(u, v, relation, evidence, source, extra, dated=True)
            return self.downgrade((u, v, relation), why)
        self.add(u, v, "cites", evidence, source, {**extra, "forbidden": f"{relation}: {why}"})
        return f"{u} -> {v}: {relation} is not allowed ({why}); kept as cites"

    def finish(self, graph: nx.MultiDiGraph, *, edgeless: bool = False) -> None:
        """Add the edges to ``graph`` in sorted order, sources and evidence joined.

        ``edgeless``: the caller vouches that ``graph`` has no edges yet; when every edge's
        two ends are nodes of it, the edges go in by source node in the order the sources
        were first added here (the order their entries sit in memory, see
        :func:`fill_edgeless`), with the same result.
        """
        if edgeless and fill_edgeless(graph, self.by_source):
            return
        add_edges(graph, self._rows())

    def _rows(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """The edges sorted by source node, target and relation, ready for the graph."""
        for u, group in sorted(self.by_source.items(), key=itemgetter(0)):
            for v, relation, data in _sorted_group(group):
                yield u, v, relation, data


def _sorted_group(
    group: dict[tuple[str, str], list[Any]],
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """One source node's edges sorted by target and relation: ``(v, relation, attributes)``,
    the sources and evidence of an edge with several joined into its attributes."""
    for (v, relation), entry in sorted(group.items()) if len(group) > 1 else group.items():
        data, merged = entry[2], entry[3]
        if merged is not None:  # else data holds the one source and evidence
            if len(merged) == 1:
                ((source, texts),) = merged.items()
                evidence = (next(iter(texts)) if len(texts) == 1
                            else " | ".join(text for text in sorted(texts) if text))
            else:
                sources = sorted(merged)
                source = "+".join(sources)
                evidence = " | ".join(
                    text for name in sources for text in sorted(merged[name]) if text)
            data["relation"], data["evidence"], data["via"] = relation, evidence, source
        yield v, relation, data


def fill_edgeless(graph: nx.MultiDiGraph,
                  by_source: Mapping[str, dict[tuple[str, str], list[Any]]]) -> bool:
    """Put the edges of ``by_source`` into ``graph``, a plain MultiDiGraph without edges,
    in the order of ``by_source``, as :func:`add_edges` would put them in sorted order;
    return False (the graph left without edges) when an edge's end is not a node of it or
    the graph is of another class.

    Each source's edges go in sorted, so its successors are in the same order either way;
    a node's predecessors, which sorted rows would give in sorted order, are sorted
    afterwards where there are several. In the order the sources were collected their
    entries and targets lie together in memory; in sorted order each was a cache miss in
    a large library.
    """
    succ, pred = getattr(graph, "_succ", None), getattr(graph, "_pred", None)
    if type(graph) is not nx.MultiDiGraph or type(succ) is not dict or type(pred) is not dict:
        return False
    crowded = []  # predecessor dicts given a second entry
    done: list[str] = []
    for u, group in by_source.items():
        out = succ.get(u)
        if out is None:
            return _undo(succ, pred, done)
        done.append(u)
        for v, relation, data in _sorted_group(group):
            keys = out.get(v)
            if keys is None:
                into = pred.get(v)
                if into is None:
                    return _undo(succ, pred, done)
                if len(into) == 1:
                    crowded.append(into)
                out[v] = into[u] = {relation: data}
            else:
                keys[relation] = data
    first = itemgetter(0)
    for into in crowded:
        items = sorted(into.items(), key=first)
        into.clear()
        into.update(items)
    clear = getattr(nx, "_clear_cache", None)
    if clear is not None:
        clear(graph)
    return True


def _undo(succ: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]],
          sources: list[str]) -> bool:
    """Take out the edges :func:`fill_edgeless` put in from ``sources``; return False."""
    for u in sources:
        out = succ[u]
        for v in out:
            del pred[v][u]
        out.clear()
    return False


#: a node for :func:`add_node_rows`: its name, its attribute dict, and new empty dicts for
#: its successors and its predecessors
NodeRow = tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]


def add_nodes(graph: nx.MultiDiGraph, rows: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """``graph.add_nodes_from(rows)`` for new nodes, keeping each ``data`` dict itself.

    ``add_nodes_from`` copies each attribute dict twice; for a plain
    :class:`networkx.MultiDiGraph` the new nodes go into its dicts directly, as
    :func:`add_edges` does for edges (``tests/graph/test_edges.py`` compares the two ways).
    A node already in the graph, or any other graph class, gets ``add_nodes_from``.
    """
    add_node_rows(graph, ((node, data, {}, {}) for node, data in rows))


def add_node_rows(graph: nx.MultiDiGraph, rows: Iterable[NodeRow]) -> None:
    """:func:`add_nodes`, each new node's successor and predecessor dicts given: made where
    its data was made (the graph builder: in the order the entries were given), they lie
    where :func:`fill_edgeless` looks for them (in that order) instead of where the nodes
    were added (in key order). The two dicts must be new, empty and the node's own."""
    succ, pred, nodes = (getattr(graph, name, None) for name in ("_succ", "_pred", "_node"))
    if type(graph) is not nx.MultiDiGraph or not all(
            type(d) is dict for d in (succ, pred, nodes)):
        graph.add_nodes_from((node, data) for node, data, _, _ in rows)
        return
    assert succ is not None and pred is not None and nodes is not None  # for mypy
    for node, data, out, into in rows:
        if node in nodes:
            graph.add_nodes_from([(node, data)])
            continue
        succ[node], pred[node], nodes[node] = out, into, data
    clear = getattr(nx, "_clear_cache", None)
    if clear is not None:
        clear(graph)


def add_edges(graph: nx.MultiDiGraph,
              rows: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
    """``graph.add_edge(u, v, key, **data)`` for each row, in order, keeping ``data`` itself.

    A graph of hundreds of thousands of edges spends half its build in ``add_edge``, which
    copies each attribute dict twice; for a plain :class:`networkx.MultiDiGraph` the rows go
    into its adjacency dicts directly, as ``add_edge`` would put them (the class documents
    its dict-of-dict-of-dict-of-dict layout; ``tests/graph/test_edges.py`` compares the two
    ways). Any other graph class gets ``add_edge``.
    """
    succ, pred, nodes = (getattr(graph, name, None) for name in ("_succ", "_pred", "_node"))
    if type(graph) is not nx.MultiDiGraph or not all(
            type(d) is dict for d in (succ, pred, nodes)):
        for u, v, key, data in rows:
            graph.add_edge(u, v, key, **data)
        return
    assert succ is not None and pred is not None and nodes is not None  # for mypy
    for u, v, key, data in rows:
        out = succ.get(u)
        if out is None:
            out = succ[u] = {}
            pred[u], nodes[u] = {}, {}
        into = pred.get(v)  # succ and pred have the same nodes
        if into is None:
            succ[v], nodes[v] = {}, {}
            into = pred[v] = {}
        keys = out.get(v)
        if keys is None:
            out[v] = into[u] = {key: data}
        else:
            keys[key] = data
    clear = getattr(nx, "_clear_cache", None)
    if clear is not None:
        clear(graph)
