"""The follow-up graph: which publications report, extend, analyse or correct which (no I/O).

:mod:`refgraph.graph.build` builds it; ``cues``, ``xrefs`` and ``trials`` find its edges;
``groups`` queries it; ``export`` (text formats) and ``html`` write it, ``formats`` picks
one of them, ``styles`` says how each relation is drawn. This package never imports
:mod:`refgraph.eutils`.
"""

from __future__ import annotations

from refgraph.graph.build import (
    COMMENTS_CORRECTIONS,
    FOLLOW_UP_RELATIONS,
    SAME_TRIAL_RELATIONS,
    GraphResult,
    build_graph,
)
from refgraph.graph.groups import TrialGroup, follow_ups, trial_groups

__all__ = [
    "COMMENTS_CORRECTIONS",
    "FOLLOW_UP_RELATIONS",
    "SAME_TRIAL_RELATIONS",
    "GraphResult",
    "TrialGroup",
    "build_graph",
    "follow_ups",
    "trial_groups",
]
