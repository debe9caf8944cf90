"""Queries over a built follow-up graph: trial groups and follow-ups (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from refgraph.graph.build import FOLLOW_UP_RELATIONS
from refgraph.graph.cues import TIE_BREAK

__all__ = ["TrialGroup", "follow_ups", "trial_groups"]

_RANK = {name: rank for rank, (name, _) in enumerate(TIE_BREAK)}


@dataclass(frozen=True, slots=True)
class TrialGroup:
    """The publications of one trial: primary report first, then the rest indented under it.

    ``members`` holds ``(reference key, relation to its parent, depth)``; the primary report
    has relation ``"primary"`` and depth 0; publications linked to the trial but to no other
    member hang under the primary report with relation ``"reports"``.
    """

    trial: str
    label: str
    primary: str | None
    members: tuple[tuple[str, str, int], ...]


def follow_ups(graph: nx.MultiDiGraph, key: str, depth: int = 1) -> list[str]:
    """Return the publications that follow up ``key`` (a citation key or a PMID), ``depth`` deep.

    Follow-up relations are :data:`FOLLOW_UP_RELATIONS`; the result is ordered by distance,
    then year, then key.
    """
    if key not in graph:
        key = next((n for n, d in graph.nodes(data=True) if d.get("pmid") == key), key)
    if key not in graph:
        return []
    found: dict[str, int] = {}
    frontier = [key]
    for level in range(1, depth + 1):
        nxt = []
        for node in frontier:
            for source, _, relation in graph.in_edges(node, keys=True):
                if relation in FOLLOW_UP_RELATIONS and source not in found and source != key:
                    found[source] = level
                    nxt.append(source)
        frontier = nxt
    return sorted(found, key=lambda n: (found[n], graph.nodes[n].get("year") or 0, n))


def _is_trial_report(data: Mapping[str, Any]) -> bool:
    types = data.get("publication_types", ())
    notice = any(t in ("Letter", "Comment", "Editorial", "Published Erratum") for t in types)
    return not notice and any(
        t.startswith(("Randomized Controlled Trial", "Clinical Trial")) for t in types
    )


def trial_groups(graph: nx.MultiDiGraph) -> list[TrialGroup]:
    """Return one :class:`TrialGroup` per trial node, ordered by label.

    The primary report is the earliest member that follows up no other member, preferring
    trial reports (publication types) over letters and reviews.
    """
    trials = sorted((n for n, d in graph.nodes(data=True) if d.get("kind") == "trial"),
                    key=lambda n: (graph.nodes[n]["label"], n))
    return [_trial_group(graph, trial) for trial in trials]


def _trial_group(graph: nx.MultiDiGraph, trial: str) -> TrialGroup:
    members = sorted({u for u, _, k in graph.in_edges(trial, keys=True) if k == "reports"})
    parent: dict[str, tuple[str, str]] = {}
    for member in members:
        links = [(v, k) for _, v, k in graph.out_edges(member, keys=True)
                 if v in members and k in _RANK and k != "cites"]
        if links:
            parent[member] = min(links, key=lambda link: (_RANK[link[1]], link[0]))

    def when(n: str) -> tuple[int, str]:
        return (graph.nodes[n].get("year") or 9999, n)

    label = graph.nodes[trial]["label"]
    if not members:
        return TrialGroup(trial, label, None, ())
    primary = min(members, key=lambda n: (n in parent, not _is_trial_report(graph.nodes[n]),
                                          *when(n)))
    children: dict[str, list[tuple[str, str]]] = {}
    for member in members:
        if member != primary:
            up, relation = parent.get(member, (primary, "reports"))
            children.setdefault(up, []).append((member, relation))
    out: list[tuple[str, str, int]] = []
    placed: set[str] = set()
    roots = [(primary, "primary", 0)]
    while roots:
        root = roots.pop(0)
        stack = [root]
        while stack:  # depth-first, children by date
            node, relation, depth = stack.pop()
            if node in placed:
                continue
            out.append((node, relation, depth))
            placed.add(node)
            kids = sorted(children.get(node, []), key=lambda c: when(c[0]), reverse=True)
            stack.extend((child, rel, depth + 1) for child, rel in kids)
        if not roots:  # members only reachable through a cycle: hang under the primary
            rest = sorted(set(members) - placed, key=when)
            roots = [(rest[0], "reports", 1)] if rest else []
    return TrialGroup(trial, label, primary, tuple(out))
