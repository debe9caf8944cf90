"""Test support: a faithful local fake of NCBI E-utilities (and its pytest plugin).

``FakeEutils``, ``RecordedRequest`` and ``FAULT_MODES`` are loaded lazily, so that
``python -m refgraph.testing.fake_eutils`` does not import the module twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from refgraph.testing.fake_eutils import FAULT_MODES, FakeEutils, RecordedRequest

__all__ = ["FAULT_MODES", "FakeEutils", "RecordedRequest"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from refgraph.testing import fake_eutils

        return getattr(fake_eutils, name)
    raise AttributeError(f"module 'refgraph.testing' has no attribute {name!r}")
