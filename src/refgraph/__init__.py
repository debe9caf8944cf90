"""refgraph: parse, check, link and render PubMed-bearing reference lists.

The package reads as the pipeline: ``sources`` -> ``model`` -> ``store``/``cache`` ->
``eutils`` -> ``check``/``enrich`` -> ``graph`` -> ``render``/``export`` -> ``cli``.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
