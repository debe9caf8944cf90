"""Where the graph page draws each node and edge (pure geometry, no I/O).

- **A true time axis.** x is the publication date: each year is a slot of equal width, so
  2012 -> 2016 is four times 2016 -> 2017; publications of one year spread across their
  year's slot (by month when known). A run of :data:`BREAK_YEARS` or more empty years is
  drawn as a marked break instead of empty slots.
- **Bands.** Each trial is a band (a header with its name, its publications in lanes);
  other publications share a last band. A publication's label sits under it; it goes in
  the first lane of its band where that label does not run into the one before, so labels
  never overlap and an edge between two works of one lane runs clear of both labels.
- **Unique labels.** Two works that would show the same label ("Kantarjian 2016") get the
  suffix of their citation keys ("Kantarjian 2016" and "Kantarjian 2016a"), else their key.
- **Edges clear of labels.** :mod:`refgraph.graph.routes` draws each edge from rim to rim,
  never on a label's side, the ends at one node spread apart.

All sizes are CSS pixels at zoom 1; the page scales them (never below legible label size
for graphs of a few hundred nodes).
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from refgraph.graph.groups import trial_groups
from refgraph.graph.routes import RADIUS, edge_paths

__all__ = [
    "BREAK_YEARS",
    "FONT",
    "TimeAxis",
    "label_width",
    "layout_graph",
    "time_axis",
    "unique_labels",
]

FONT = 12  # label font size
ROW = 44  # lane height: the node, its label under it, and air
HEAD = 28  # band header (the trial's name)
BAND_GAP = 12
PAD = 14
AXIS = 36  # the year labels above the bands
BREAK_YEARS = 6  # this many empty years in a row or more: a break, not empty slots
BREAK_WIDTH = 40
LABEL_DROP = RADIUS + FONT + 1  # from a publication's centre down to its label's baseline


#: Advance widths (em) of DejaVu Sans, the widest of the usual sans-serif fonts (and the one
#: system-ui resolves to on Debian), measured in Chromium; other fonts come out narrower.
_EM_WIDTHS = {
    0.29: "'ijlIJ", 0.34: " ,./:;\\|", 0.39: "frt()[]-!", 0.5: '"*_`', 0.56: "sczo?L",
    0.61: "eFkvxyPTYa", 0.64: "ESbdghnpqu$0123456789{}K", 0.7: "AVBRXZC", 0.79: "UHND&GOQ",
    0.86: "w#+<=>^~M", 1.0: "%mW@",
}
_WIDTH = {c: em for em, chars in _EM_WIDTHS.items() for c in chars}


def label_width(text: str, size: float = FONT) -> float:
    """A label's width in pixels, estimated on the safe side (DejaVu Sans' advance widths;
    0.7 em for other letters, 1 em for CJK).

    >>> 95 < label_width("Kantarjian 2016") < 100
    True
    """
    em = sum(_WIDTH.get(c, 1.0 if ord(c) >= 0x2E80 else 0.7) for c in text)
    return em * size + 2


# -- labels ----------------------------------------------------------------------------------

_SUFFIX = re.compile(r"[a-z]{1,2}$")


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def unique_labels(labels: Mapping[str, str]) -> dict[str, str]:
    """Return ``node -> label`` with no two nodes sharing a label.

    A label shared by several nodes gets, for each, the letter suffix its citation key
    adds to the label (key ``Kantarjian2016a`` for label ``Kantarjian 2016`` gives
    ``Kantarjian 2016a``); a node whose key does not extend the label that way gets its key
    in parentheses.

    >>> unique_labels({"Kantarjian2016": "Kantarjian 2016", "Kantarjian2016a": "Kantarjian 2016",
    ...                "Lamb2017": "Lamb 2017"})
    {'Kantarjian2016': 'Kantarjian 2016', 'Kantarjian2016a': 'Kantarjian 2016a', 'Lamb2017': 'Lamb 2017'}
    >>> unique_labels({"x1": "Li 2020", "x2": "Li 2020"})
    {'x1': 'Li 2020 (x1)', 'x2': 'Li 2020 (x2)'}
    """  # noqa: E501
    by_label: dict[str, list[str]] = defaultdict(list)
    for node, label in labels.items():
        by_label[label].append(node)
    out = dict(labels)
    for label, nodes in by_label.items():
        if len(nodes) < 2:
            continue
        base = _compact(label)
        wanted: dict[str, str] = {}
        for node in nodes:
            key = _compact(node)
            rest = key[len(base):] if key.startswith(base) else None
            if rest == "":
                wanted[node] = label
            elif rest and _SUFFIX.fullmatch(rest):
                wanted[node] = f"{label}{rest}"
            else:
                wanted[node] = f"{label} ({node})"
        counts: dict[str, int] = defaultdict(int)
        for text in wanted.values():
            counts[text] += 1
        for node, text in wanted.items():
            out[node] = text if counts[text] == 1 else f"{label} ({node})"
    totals: dict[str, int] = defaultdict(int)
    for text in out.values():
        totals[text] += 1
    return {node: text if totals[text] == 1 else f"{text} ({node})" for node, text in out.items()}


# -- the time axis ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """Year -> x. ``starts`` maps each drawn year to its slot's left edge; ``breaks`` are the
    gaps drawn instead of runs of empty years (``(x, first year, last year)``)."""

    starts: Mapping[int, float]
    year_width: float
    breaks: tuple[tuple[float, int, int], ...]
    undated_x: float | None
    end: float

    def x(self, year: int, fraction: float = 0.5) -> float:
        """The x of a date ``fraction`` of the way through ``year`` (0 = undated)."""
        start = self.starts.get(year)
        if start is None:
            start = self.undated_x if self.undated_x is not None else self.end
        return start + fraction * self.year_width


def time_axis(years: Iterable[int], undated: bool, left: float, target: float = 840) -> TimeAxis:
    """Lay out the years from the first to the last one present, ``target`` px wide or so.

    >>> axis = time_axis([2012, 2016, 2017], False, 0)
    >>> round(axis.starts[2016] - axis.starts[2012]) == round(4 * axis.year_width)
    True
    """
    present = sorted(set(years) - {0})
    slots: list[int] = []
    gaps: list[tuple[int, int]] = []
    for year in present:
        if slots and year - slots[-1] - 1 >= BREAK_YEARS:
            gaps.append((slots[-1] + 1, year - 1))
        elif slots:
            slots.extend(range(slots[-1] + 1, year))
        slots.append(year)
    count = len(slots) + (1 if undated else 0)
    width = min(220.0, max(72.0, target / max(count, 1)))
    starts: dict[int, float] = {}
    breaks: list[tuple[float, int, int]] = []
    x = float(left)
    gap_at = {first - 1: (first, last) for first, last in gaps}
    for i, year in enumerate(slots):
        starts[year] = x = left + i * width + BREAK_WIDTH * len(breaks)
        x += width
        if year in gap_at:
            breaks.append((x, *gap_at[year]))
            x += BREAK_WIDTH
    undated_x = x if undated else None
    if undated:
        x += width
    return TimeAxis(starts, width, tuple(breaks), undated_x, x)


# -- bands and lanes -------------------------------------------------------------------------


def _spread(members: Sequence[tuple[str, int, int]], axis: TimeAxis,
            cites: Mapping[str, Collection[str]]) -> dict[str, float]:  # fmt: skip
    """x of each ``(node, year, month)``: the middle of its month when known; else the free
    part of its year, after the works of that year it follows up or comments on
    (``cites``: node -> the works its edges point to) and before those that follow it up."""
    by_year: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for node, year, month in members:
        by_year[year].append((node, month))
    xs: dict[str, float] = {}
    for year, items in by_year.items():
        placed = {n: (m - 0.5) / 12 for n, m in items if 1 <= m <= 12}
        unknown = [n for n, m in items if not 1 <= m <= 12]
        if not placed:
            count = len(unknown)
            placed = {n: 0.5 if count == 1 else 0.1 + 0.8 * i / (count - 1)
                      for i, n in enumerate(unknown)}  # fmt: skip
            unknown = []
        for node in unknown:
            after = [placed[t] for t in cites.get(node, ()) if t in placed]
            before = [f for n, f in placed.items() if node in cites.get(n, ())]
            low, high = max(after, default=0.0), min(before, default=1.0)
            grid = [c / 20 for c in range(1, 20)]
            options = [c for c in grid if low < c < high] or grid
            placed[node] = max(options, key=lambda c: (min(abs(c - f) for f in placed.values()),
                                                       -c))  # fmt: skip
        for node, fraction in placed.items():
            xs[node] = axis.x(year, fraction)
    return xs


def _lanes(xs: Mapping[str, float], widths: Mapping[str, float]) -> dict[str, int]:
    """The lowest lane where each node's label clears the label before it (interval
    partitioning, O(n log n))."""
    order = sorted(xs, key=lambda n: (xs[n], n))
    busy: list[tuple[float, int]] = []  # (right end, lane) of labels still in the way
    free: list[int] = []
    lanes: dict[str, int] = {}
    count = 0
    for node in order:
        left = xs[node] - max(widths[node] / 2, RADIUS) - 4
        while busy and busy[0][0] < left:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, count = count, count + 1
        lanes[node] = lane
        heapq.heappush(busy, (xs[node] + max(widths[node] / 2, RADIUS), lane))
    return lanes


def _bands(graph: nx.MultiDiGraph, refs: Mapping[str, Mapping[str, Any]]
           ) -> list[tuple[str, str, list[str]]]:  # fmt: skip
    placed: set[str] = set()
    bands = []
    for group in trial_groups(graph):
        members = [m for m, _, _ in group.members if m in refs and m not in placed]
        placed.update(members)
        bands.append((group.trial, group.label, members))
    rest = sorted(set(refs) - placed)
    if rest:
        bands.append(("", "Other publications", rest))
    return bands


def _date(data: Mapping[str, Any]) -> tuple[int, int]:
    def number(value: Any) -> int:
        text = str(value or "")[:4]
        return int(text) if text.isdigit() else 0

    return number(data.get("year")), number(data.get("month"))


# -- the whole layout ------------------------------------------------------------------------


def layout_graph(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Return where everything goes: ``nodes`` (id -> x, y, label), ``bands``, ``ticks``,
    ``breaks``, ``edges`` (path per edge, in ``graph.edges`` order), ``width``, ``height``.

    Every graph node and edge is placed exactly once; the size is that of the drawing
    (no empty margin beyond :data:`PAD`).
    """
    refs = {n: d for n, d in graph.nodes(data=True) if d.get("kind") != "trial"}
    labels = unique_labels({n: str(d.get("label") or n) for n, d in graph.nodes(data=True)})
    dates = {n: _date(d) for n, d in refs.items()}
    axis = time_axis((y for y, _ in dates.values()), any(y == 0 for y, _ in dates.values()),
                     PAD + 8)  # fmt: skip
    widths = {n: label_width(labels[n]) for n in refs}
    pos: dict[str, tuple[float, float]] = {}
    bands: list[dict[str, Any]] = []
    right = axis.end
    top = float(AXIS)
    cites: dict[str, set[str]] = defaultdict(set)
    for u, v in graph.edges():
        if u in refs and v in refs:
            cites[u].add(v)
    for trial, label, members in _bands(graph, refs):
        xs = _spread([(m, *dates[m]) for m in members], axis, cites)
        lanes = _lanes(xs, widths)
        for member in members:
            pos[member] = (xs[member], top + HEAD + ROW * (lanes[member] + 0.5))
            right = max(right, xs[member] + widths[member] / 2)
        height = HEAD + ROW * (max(lanes.values(), default=0) + 1) + 4
        if trial:
            pos[trial] = (PAD + 14, top + HEAD / 2)
        right = max(right, PAD + 30 + 1.1 * label_width(label, FONT + 1))  # bold
        bands.append({"trial": trial, "label": label, "y": top, "h": height})
        top += height + BAND_GAP
    for node in graph.nodes:  # a trial outside every band (none today): its own band
        if node not in pos:
            pos[node] = (PAD + 14, top + HEAD / 2)
            bands.append({"trial": node, "label": labels[node], "y": top, "h": HEAD + 4})
            top += HEAD + 4 + BAND_GAP
    paths = edge_paths(list(graph.edges()), pos, {n for n in graph.nodes if n not in refs})
    ticks: list[dict[str, Any]] = [{"year": year, "x": x, "w": axis.year_width}
                                   for year, x in axis.starts.items()]  # fmt: skip
    if axis.undated_x is not None:
        ticks.append({"year": "undated", "x": axis.undated_x, "w": axis.year_width})
    return {
        "nodes": {n: {"x": round(x, 1), "y": round(y, 1), "label": labels[n]}
                  for n, (x, y) in pos.items()},
        "bands": bands,
        "ticks": ticks,
        "breaks": [{"x": x, "from": first, "to": last} for x, first, last in axis.breaks],
        "edges": paths,
        "width": round(right + PAD, 1),
        "height": round(top - BAND_GAP + PAD, 1),
    }
