"""Shared fixtures. Sockets are blocked except to 127.0.0.1 (pytest-socket, see pyproject)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# `make test` is deterministic: every property test draws the same examples on every run
# (no example database, a derandomised seed). A separate, long profile is for fuzzing.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile("ci")

pytest_plugins = ["refgraph.testing.pytest_plugin"]

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "refs" / "inotuzumab-ozogamicin.txt"
SEED_PMIDS = (
    "22357140", "27292104", "27959739", "27101934", "28687420",
    "28677896", "28819740", "29352703", "28859185", "29913470",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's API key, cache or NCBI URL."""
    for var in ("NCBI_API_KEY", "REFGRAPH_EMAIL", "REFGRAPH_CACHE", "REFGRAPH_EUTILS_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def data_dir() -> Path:
    return DATA
