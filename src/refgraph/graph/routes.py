"""The edges of the graph page: where each leaves and reaches its nodes, and its curve (pure).

Each edge is a cubic curve between points on the two nodes' rims. No rim point lies on the
side of a node's label (under a publication, right of a trial's hexagon), so neither an
arrowhead nor an edge's start covers a label; the ends at one node are spread apart, so
arrowheads never sit on one another. :mod:`refgraph.graph.layout` places the nodes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

__all__ = ["RADIUS", "RIMS", "TRIAL_RADIUS", "edge_paths", "spread_ports"]

RADIUS = 6  # a publication's circle
TRIAL_RADIUS = 9.0  # a trial's hexagon

#: The rim an edge may touch, as (low, high) angles in radians, clockwise from the right
#: (y grows downwards): a publication's label is under it, a trial's name right of it.
RIMS = {
    "reference": (math.radians(160), math.radians(380)),  # clear of the label, arrowhead too
    "trial": (math.radians(58), math.radians(302)),
}


def _to_rim(angle: float, rim: tuple[float, float]) -> float:
    """``angle`` moved into the rim an edge may touch (the nearer end when outside it)."""
    low, high = rim
    angle %= 2 * math.pi
    if angle < low:
        angle += 2 * math.pi
    if angle <= high:
        return angle
    return high if angle - high < low + 2 * math.pi - angle else low


def spread_ports(angles: Sequence[float], rim: tuple[float, float] = RIMS["reference"]
                 ) -> list[float]:  # fmt: skip
    """Rim angles for the edge ends at one node: each near its wanted direction, none on
    the label's side, and a little apart (one arrowhead never on another).

    >>> [round(math.degrees(a)) % 360 for a in spread_ports([math.pi, math.pi, 0.0])]
    [180, 220, 0]
    >>> round(math.degrees(spread_ports([math.radians(100)])[0]))  # down: off the label
    160
    """
    if not angles:
        return []
    low, high = rim
    wanted = [_to_rim(a, rim) for a in angles]
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    gap = min(math.radians(40), (high - low) / max(len(wanted) - 1, 1))
    placed = [wanted[i] for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    placed[-1] = min(placed[-1], high)
    for i in range(len(placed) - 2, -1, -1):
        placed[i] = min(placed[i], placed[i + 1] - gap)
    out = [0.0] * len(wanted)
    for slot, i in enumerate(order):
        out[i] = placed[slot]
    return out


def _path(a: tuple[float, float], pa: float, ra: float,
          b: tuple[float, float], pb: float, rb: float) -> str:  # fmt: skip
    """A cubic from the rim of ``a`` (angle ``pa``) to the rim of ``b`` (angle ``pb``),
    leaving and arriving along those angles."""
    x1, y1 = a[0] + ra * math.cos(pa), a[1] + ra * math.sin(pa)
    x2, y2 = b[0] + rb * math.cos(pb), b[1] + rb * math.sin(pb)
    reach = max(16.0, min(0.36 * math.hypot(x2 - x1, y2 - y1), 110.0))
    c1 = (x1 + reach * math.cos(pa), y1 + reach * math.sin(pa))
    c2 = (x2 + reach * math.cos(pb), y2 + reach * math.sin(pb))
    return (f"M{x1:.1f},{y1:.1f}C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f}"
            f" {x2:.1f},{y2:.1f}")  # fmt: skip


def edge_paths(edges: Sequence[tuple[str, str]], pos: Mapping[str, tuple[float, float]],
               trials: Collection[str] = ()) -> list[str]:  # fmt: skip
    """One SVG path per ``(source, target)`` (the arrowhead at the target): rim points
    spread per node by :func:`spread_ports`; a self-loop gets no path.

    >>> edge_paths([("a", "b")], {"a": (0, 0), "b": (100, 0)}).pop()
    'M8.0,-0.0C37.9,-0.0 61.1,0.0 91.0,0.0'
    """
    ends: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    for i, (u, v) in enumerate(edges):
        if u == v:
            continue
        (ux, uy), (vx, vy) = pos[u], pos[v]
        ends[u].append((i, 0, math.atan2(vy - uy, vx - ux)))
        ends[v].append((i, 1, math.atan2(uy - vy, ux - vx)))
    port: dict[tuple[int, int], float] = {}
    for node, items in ends.items():
        rim = RIMS["trial" if node in trials else "reference"]
        angles = spread_ports([a for _, _, a in items], rim)
        for (i, side, _), angle in zip(items, angles, strict=True):
            port[i, side] = angle
    paths = []
    for i, (u, v) in enumerate(edges):
        if u == v:
            paths.append("")
            continue
        ru = (TRIAL_RADIUS if u in trials else RADIUS) + 2
        rv = (TRIAL_RADIUS if v in trials else RADIUS) + 3
        paths.append(_path(pos[u], port[i, 0], ru, pos[v], port[i, 1], rv))
    return paths
