"""Test support: a faithful local fake of NCBI E-utilities (and its pytest plugin)."""

from refgraph.testing.fake_eutils import FAULT_MODES, FakeEutils, RecordedRequest

__all__ = ["FAULT_MODES", "FakeEutils", "RecordedRequest"]
