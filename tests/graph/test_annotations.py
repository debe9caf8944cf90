"""The annotation pass gives the same edges, problems and trial mentions in any reading order.

:func:`refgraph.graph.annotations.add_annotations` reads the annotations in the order given
(the order the entries sit in memory) and adds their edges as if in key order; where
evidence from two annotations meets on one edge (a cue naming an edge between two cited
works: "[A 2012] and its final update [B 2019]") the first one's extra attributes are kept,
so the order matters there, and the edges of each source node must come in key order.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import networkx as nx
from benchmarks.generate import library

from refgraph.graph import build_graph
from refgraph.graph.annotations import (
    Found,
    _add_edge,
    _add_pairs,
    _by_slot,
    _label_trials,
    _Labels,
    _read,
    add_annotations,
    scan_annotations,
)
from refgraph.graph.edges import EdgeSet
from refgraph.graph.nodes import reference_date
from refgraph.graph.xrefs import XrefIndex
from refgraph.model import Reference

TEMPLATES = (
    "The ALFA-0701 trial [{a}] and its final update [{b}] showed benefit.",
    "Long-term results of the trial [{a}].",
    "a trial [{a}] whose final analysis of survival [{b}] showed",
    "the long-term results by {A} et al. {Y} were good.",
    "Post hoc analysis of [{a}; {b}].",
    "Updated results of [{a}] and a letter on [{b}].",
    "Trial; its final update [{a}].",
)


def _library(n: int, seed: int) -> list[Reference]:
    """Few surnames, cues that name edges between cited works, mostly of one document."""
    rng = random.Random(seed)
    refs = library(n, seed, per_document=20, surnames=25)
    out = []
    for i, ref in enumerate(refs):
        parts = []
        here = refs[i - i % 20:i - i % 20 + 20] if rng.random() < 0.9 else refs
        for _ in range(rng.randint(0, 3)):
            a, b = rng.choice(here), rng.choice(here)
            parts.append(rng.choice(TEMPLATES).format(
                a=f"{a.first_author} {a.year}", b=f"{b.first_author} {b.year}",
                A=a.first_author, Y=a.year))
        out.append(replace(ref, annotation=" ".join(parts)))
    return out


def _state(edges: EdgeSet, found: Found) -> tuple[Any, ...]:
    groups = {u: [(key, entry[0], entry[1], list(entry[2].items()), entry[3])
                  for key, entry in group.items()] for u, group in edges.by_source.items()}
    problems = sorted(found.problems, key=lambda d: (d.source, d.line, d.kind, d.text))
    return groups, edges.unvetted, problems, found.mentions


def _dates(refs: list[Reference]) -> dict[str, tuple[int, int]]:
    return {ref.key: reference_date(ref, None) for ref in refs}


def _pass(refs: list[Reference]) -> tuple[Any, ...]:
    """The annotation pass with the annotations in the order of ``refs``."""
    dates, edges = _dates(refs), EdgeSet()
    found = add_annotations(edges, refs, scan_annotations(refs), dict.fromkeys(dates), {},
                            dates)
    return _state(edges, found)


def _one_by_one(refs: list[Reference]) -> tuple[Any, ...]:
    """What the pass must give: each annotation's edges added in turn, in key order."""
    dates, edges, found = _dates(refs), EdgeSet(), Found()
    annotations = scan_annotations(sorted(refs, key=lambda r: r.key))
    index = XrefIndex(refs, dates=dates, labels=_Labels(annotations))
    whys: dict[tuple[str, int, int], str] = {}
    for key, note in annotations.items():
        out: list[Any] = []
        text, targets = _read(key, note, index, dates, whys, found.problems, out)
        own = iter(out)
        for edge in zip(own, own, own, own, strict=True):
            _add_edge(edges, edge, annotations, found.problems)
        if text is not None and targets is not None:
            by_slot = _by_slot(text, targets)
            _add_pairs(edges, key, text.pairs(), by_slot)
            _label_trials(found, key, note, by_slot)
    return _state(edges, found)


def test_reading_order_changes_nothing() -> None:
    refs = _library(600, 3)
    expected = _one_by_one(refs)
    groups = expected[0]
    assert sum(1 for group in groups.values() for row in group if row[4] is not None) > 10
    assert expected[3]  # trial acronyms labelling cited works
    assert _pass(sorted(refs, key=lambda r: r.key)) == expected
    for seed in range(3):
        shuffled = refs[:]
        random.Random(seed).shuffle(shuffled)
        assert _pass(shuffled) == expected


def test_build_in_any_order_gives_the_same_graph_layout() -> None:
    refs = _library(400, 5)
    shuffled = refs[:]
    random.Random(1).shuffle(shuffled)

    def layout(graph: nx.MultiDiGraph) -> list[Any]:
        return [list(graph.nodes(data=True)),
                [(u, v, k, list(d.items())) for u, v, k, d in graph.edges(keys=True, data=True)],
                [(v, list(graph.pred[v])) for v in graph]]

    one, two = build_graph(refs), build_graph(shuffled)
    assert layout(one.graph) == layout(two.graph)
    assert one.problems == two.problems
