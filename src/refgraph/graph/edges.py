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

from collections.abc import Mapping
from typing import Any

import networkx as nx

from refgraph.graph.rules import ALLOWED, TIMED, forbidden

__all__ = ["CONTENT_RELATIONS", "EdgeSet"]

#: relations that say what a publication *is* to another (not genre, not a citation)
CONTENT_RELATIONS = ("pooled_analysis_of", "secondary_analysis_of", "follow_up_of",
                     "update_of", "erratum_for", "retraction_of")
_ALLOWED = frozenset((relation, s, t) for relation, (sources, targets) in ALLOWED.items()
                     for s in sources for t in targets)


class EdgeSet:
    """Collects edges; evidence from several sources merges deterministically.

    ``edges`` maps ``(u, v, relation)`` to ``[source, evidence, extra attributes, merged]``:
    most edges have one piece of evidence, kept as it came; a second one moves them all into
    ``merged`` (evidence texts by source) and clears ``source``.
    """

    __slots__ = ("edges",)

    def __init__(self) -> None:
        self.edges: dict[tuple[str, str, str], list[Any]] = {}

    def add(self, u: str, v: str, relation: str, evidence: str, source: str,
            extra: dict[str, Any] | None = None) -> None:
        """Add evidence for an edge; of several ``extra`` values per name the first is kept."""
        if u == v:
            return
        key = (u, v, relation)
        entry = self.edges.get(key)
        if entry is None:
            self.edges[key] = [source, evidence, extra if extra is not None else {}, None]
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

    def sources(self, u: str, v: str, relation: str) -> set[str]:
        """The sources of the evidence for an edge (empty when there is no such edge)."""
        entry = self.edges.get((u, v, relation))
        if entry is None:
            return set()
        return set(entry[3]) if entry[3] is not None else {entry[0]}

    def move(self, u: str, v: str, relation: str, to: str) -> None:
        """Move edge ``(u, v, relation)`` and its evidence onto ``(u, v, to)``."""
        entry = self.edges.pop((u, v, relation), None)
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
        """Turn forbidden typed edges into ``cites``; return ``(edge source node, why)``."""
        bad = []
        for (u, v, relation) in self.edges:
            if relation in ("cites", "reports"):
                continue
            ku, kv = kinds.get(u, "unknown"), kinds.get(v, "unknown")
            if (relation, ku, kv) in _ALLOWED and (
                    relation not in TIMED or not (0 < years.get(u, 0) < years.get(v, 0))):
                continue
            bad.append((u, v, relation, forbidden(relation, ku, kv, years.get(u, 0),
                                                  years.get(v, 0))))
        problems = []
        for u, v, relation, why in bad:
            entry = self.edges[(u, v, relation)]
            entry[2] = {**entry[2], "forbidden": f"{relation}: {why}"}
            self.move(u, v, relation, "cites")
            problems.append((u, f"{u} -> {v}: {relation} is not allowed ({why});"
                                f" kept as cites"))
        return problems

    def finish(self, graph: nx.MultiDiGraph) -> None:
        """Add the edges to ``graph`` in sorted order, sources and evidence joined."""
        add_edge = graph.add_edge
        edges = self.edges
        for key in sorted(edges):
            source, evidence, extra, merged = edges[key]
            if merged is not None:
                if len(merged) == 1:
                    ((source, texts),) = merged.items()
                    evidence = (next(iter(texts)) if len(texts) == 1
                                else " | ".join(text for text in sorted(texts) if text))
                else:
                    sources = sorted(merged)
                    source = "+".join(sources)
                    evidence = " | ".join(
                        text for name in sources for text in sorted(merged[name]) if text)
            u, v, relation = key
            add_edge(u, v, relation, relation=relation, evidence=evidence, via=source,
                     **extra)
