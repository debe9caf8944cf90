"""Where the graph page draws things (pure): unique labels, a true time axis, labels that
never overlap and no arrowhead on a label, edges long enough to see, no empty margin."""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEED, examples
from refgraph.graph import build_graph
from refgraph.graph.layout import (
    FONT,
    LABEL_DROP,
    PAD,
    label_width,
    layout_graph,
    time_axis,
    unique_labels,
)
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.pubmed.parse import parse_pubmed_xml
from refgraph.sources import load_many

Box = tuple[float, float, float, float]  # left, top, right, bottom


@functools.cache
def _seed() -> nx.MultiDiGraph:
    """The seed's graph as ``build`` draws it: the shipped snapshot's records."""
    records: dict[str, PubmedRecord] = {}
    for path in sorted((ROOT / "refs" / "pubmed").glob("*.xml")):
        records.update((r.pmid, r) for r in parse_pubmed_xml(path.read_bytes(), path.name))
    return build_graph(load_many([SEED]).references, records).graph


def seed_graph() -> nx.MultiDiGraph:
    return _seed().copy()


def _label_boxes(graph: nx.MultiDiGraph, placed: dict) -> Iterator[tuple[str, Box]]:  # type: ignore[type-arg]
    for node, data in graph.nodes(data=True):
        if data.get("kind") == "trial":
            continue
        where = placed["nodes"][node]
        half = label_width(where["label"]) / 2
        base = where["y"] + LABEL_DROP
        yield node, (where["x"] - half, base - FONT, where["x"] + half, base + 3)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _ends(path: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """The end point of a cubic path and its last control point."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    return (numbers[6], numbers[7]), (numbers[4], numbers[5])


def _arrowhead(path: str, length: float = 9.0) -> list[tuple[float, float]]:
    """Points along the arrowhead: from the tip back towards the last control point."""
    (x, y), (cx, cy) = _ends(path)
    dist = math.hypot(cx - x, cy - y) or 1.0
    return [(x + (cx - x) * t * length / dist, y + (cy - y) * t * length / dist)
            for t in (0.0, 0.5, 1.0)]  # fmt: skip


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _library(n: int, years: int, same_label: int = 0) -> list[Reference]:
    def xref(i: int) -> str:
        return f"Follow up of a trial [Author{(i * 7) % 97} {1990 + (i * 7) % years}]"

    refs = [Reference(key=f"Author{i:04d}", pmid=str(i + 1), year=str(1990 + i % years),
                      authors=(Author(last=f"Author{i % 97}"),), title=f"Work {i}",
                      annotation=xref(i))
            for i in range(n)]  # fmt: skip
    twins = [Reference(key=f"Smith2020{chr(97 + i)}", pmid=str(10_000 + i), year="2020",
                       authors=(Author(last="Smith"),)) for i in range(same_label)]  # fmt: skip
    return refs + twins


# -- labels ------------------------------------------------------------------------------------


def test_seed_labels_are_unique_and_follow_the_keys() -> None:
    placed = layout_graph(seed_graph())
    labels = {n: v["label"] for n, v in placed["nodes"].items()}
    assert labels["Kantarjian2016"] == "Kantarjian 2016"
    assert labels["Kantarjian2016a"] == "Kantarjian 2016a"
    assert len(set(labels.values())) == len(labels)


def test_labels_unique_whatever_the_keys() -> None:
    labels = unique_labels({"a": "Li 2020", "b": "Li 2020", "Li2020c": "Li 2020",
                            "Li2020": "Li 2020", "c": "Li 2020 (a)"})  # fmt: skip
    assert len(set(labels.values())) == 5
    assert labels["Li2020"] == "Li 2020" and labels["Li2020c"] == "Li 2020c"


# -- the time axis -----------------------------------------------------------------------------


def test_x_is_the_year_spaced_by_time() -> None:
    graph = seed_graph()
    placed = layout_graph(graph)
    ticks = {t["year"]: t["x"] for t in placed["ticks"]}
    width = placed["ticks"][0]["w"]
    assert ticks[2016] - ticks[2012] == pytest.approx(4 * (ticks[2017] - ticks[2016]))
    assert ticks[2017] - ticks[2016] == pytest.approx(width)
    for node, data in graph.nodes(data=True):
        if data.get("kind") == "trial":
            continue
        x = placed["nodes"][node]["x"]
        assert ticks[data["year"]] <= x < ticks[data["year"]] + width, node
        if data.get("month"):  # placed in its month
            assert x == pytest.approx(ticks[data["year"]] + (data["month"] - 0.5) / 12 * width,
                                      abs=0.1)  # fmt: skip


def test_a_long_empty_stretch_is_a_marked_break_not_empty_slots() -> None:
    axis = time_axis([1975, 2012, 2016], False, 0)
    assert axis.breaks and axis.breaks[0][1:] == (1976, 2011)
    assert 1990 not in axis.starts
    assert axis.starts[2016] - axis.starts[2012] == pytest.approx(4 * axis.year_width)


def test_a_work_of_unknown_month_comes_after_what_it_follows_up() -> None:
    placed = layout_graph(seed_graph())["nodes"]
    assert placed["Kantarjian2016a"]["x"] > placed["Kantarjian2016"]["x"]  # the letter on it


# -- labels, arrowheads, edges, margins --------------------------------------------------------


@pytest.mark.parametrize("graph", [seed_graph(), build_graph(_library(400, 12, 5)).graph],
                         ids=["seed", "400-works"])  # fmt: skip
def test_labels_never_overlap_and_no_arrowhead_touches_a_label(graph: nx.MultiDiGraph) -> None:
    placed = layout_graph(graph)
    boxes = list(_label_boxes(graph, placed))
    by_row: dict[float, list[tuple[str, Box]]] = {}
    for node, box in boxes:
        by_row.setdefault(box[1], []).append((node, box))
    for row in by_row.values():
        row.sort(key=lambda item: item[1][0])
        for (a, box_a), (b, box_b) in itertools.pairwise(row):
            assert not _overlap(box_a, box_b), (a, b)
    for path in placed["edges"]:
        for point in _arrowhead(path):
            hit = [n for n, box in boxes if _inside(point, box)]
            assert not hit, (path, hit)


def test_the_seeds_headline_edges_are_long_enough_to_see() -> None:
    graph = seed_graph()
    placed = layout_graph(graph)
    for (u, v, key), path in zip(graph.edges(keys=True), placed["edges"], strict=True):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
        chord = math.hypot(numbers[6] - numbers[0], numbers[7] - numbers[1])
        if key != "reports":
            assert chord >= 40, (u, v, key, chord)


def test_the_drawing_has_no_empty_margin() -> None:
    graph = seed_graph()
    placed = layout_graph(graph)
    rights = [box[2] for _, box in _label_boxes(graph, placed)]
    assert max(rights) + PAD == pytest.approx(placed["width"], abs=1)
    bottom = max(b["y"] + b["h"] for b in placed["bands"])
    assert bottom + PAD == pytest.approx(placed["height"], abs=1)
    assert set(placed["nodes"]) == set(graph.nodes)
    assert len(placed["edges"]) == graph.number_of_edges()


@settings(max_examples=examples(25), deadline=None)
@given(st.lists(st.tuples(st.integers(1950, 2025), st.integers(0, 12),
                          st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZÅÖ ",
                                  min_size=1, max_size=18)),
                min_size=1, max_size=40))  # fmt: skip
def test_any_library_places_every_node_once_with_unique_labels(
    works: list[tuple[int, int, str]],
) -> None:
    refs = [Reference(key=f"k{i}", pmid=str(i + 1), year=str(year), month=str(month or ""),
                      authors=(Author(last=name.strip() or "X"),))
            for i, (year, month, name) in enumerate(works)]  # fmt: skip
    graph = build_graph(refs).graph
    placed = layout_graph(graph)
    labels = [v["label"] for v in placed["nodes"].values()]
    assert len(labels) == len(set(labels)) == graph.number_of_nodes()
    assert all(0 <= v["x"] <= placed["width"] and 0 <= v["y"] <= placed["height"]
               for v in placed["nodes"].values())  # fmt: skip
