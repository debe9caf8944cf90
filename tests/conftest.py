"""Shared fixtures. Sockets are blocked except to 127.0.0.1 (pytest-socket, see pyproject)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Hypothesis profiles. `make test` loads "ci" (this file): deterministic, every property test
# draws the same examples on every run (no example database, a derandomised seed, no
# deadline that load on a shared machine could break). `make fuzz` passes
# `--hypothesis-profile=fuzz --hypothesis-seed=N`: FUZZ_FACTOR times the examples of every
# property test (through `examples()`), random but reproducible from the printed seed.
FUZZ_FACTOR = 12
settings.register_profile(
    "ci", derandomize=True, database=None, print_blob=True, deadline=None, max_examples=100
)
settings.register_profile(
    "fuzz", database=None, print_blob=True, deadline=None, max_examples=100 * FUZZ_FACTOR
)
settings.load_profile("ci")


def examples(n: int) -> int:
    """Return ``n`` scaled by the loaded profile: ``n`` under "ci", ``n * FUZZ_FACTOR`` under fuzz.

    Property tests write ``@settings(max_examples=examples(300))`` instead of a fixed count,
    so the fuzz profile multiplies every test's examples rather than being overridden.
    """
    return max(1, n * settings().max_examples // 100)


def scale() -> int:
    """How many times larger the loaded profile's runs are than "ci" (1, or FUZZ_FACTOR)."""
    return max(1, settings().max_examples // 100)


pytest_plugins = ["refgraph.testing.pytest_plugin"]

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "refs" / "inotuzumab-ozogamicin.txt"
SEED_PMIDS = (
    "22357140", "27292104", "27959739", "27101934", "28687420",
    "28677896", "28819740", "29352703", "28859185", "29913470",
)  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every Hypothesis test ``fuzz``: `make fuzz` runs them (and the hostile attacks)."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.fuzz)


_STATS = re.compile(r"during generate phase .*?(\d+) passing, (\d+) failing", re.S)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Under the fuzz profile, print how many examples ran in all and the seed to repeat it."""
    if scale() == 1:
        return
    passing = failing = tests = 0
    for reports in terminalreporter.stats.values():
        for report in reports:
            stats = getattr(report, "__dict__", {}).get("_hypothesis_stats")
            for found in _STATS.finditer(stats or ""):
                tests += 1
                passing += int(found.group(1))
                failing += int(found.group(2))
    seed = terminalreporter.config.getoption("hypothesis_seed", None)
    terminalreporter.section("fuzz")
    terminalreporter.write_line(
        f"{passing + failing} generated examples in {tests} property tests, "
        f"{failing} failing; seed {seed} (repeat: make fuzz FUZZ_SEED={seed})"
    )


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's API key, cache or NCBI URL."""
    for var in ("NCBI_API_KEY", "REFGRAPH_EMAIL", "REFGRAPH_CACHE", "REFGRAPH_EUTILS_URL",
                "REFGRAPH_PUBMED_INDEX"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture(scope="session")
def eutils_record_folders() -> list[Path]:
    """What the fake E-utilities server of ``refgraph.testing`` serves: the recorded replies."""
    return [DATA / "eutils"]


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium, shared by the session (skips without it; fails under CI=true)."""
    from browser import launch

    with launch() as chromium:
        yield chromium


def distinct_works(count: int, pmid: str) -> list[Any]:
    """``count`` references given one ``pmid`` whose authors, titles, journals, years,
    volumes and pages all differ: works no comparison takes for one (keys ``W0``...)."""
    from refgraph.model import Author, Reference

    words = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa", "lambda",
             "sigma", "omega", "rho")  # fmt: skip

    def name(i: int) -> str:
        return "".join("bcdfghklmnprstvz"[(i * 5 + k * 3) % 16] + "aeiou"[(i + k) % 5]
                       for k in range(3)).title()  # fmt: skip

    return [Reference(key=f"W{i}", pmid=pmid, authors=(Author(last=name(i)),),
                      title=f"{words[i % 12]} {words[(i * 5 + 1) % 12]} study {i}",
                      journal=f"{words[i * 3 % 12]} journal", year=str(1900 + i),
                      volume=str(i + 1), pages=f"{i * 10 + 1}-{i * 10 + 9}")
            for i in range(count)]  # fmt: skip


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Count the calls of ``owner.name`` (a module's function) from now on: ``[n]``."""
    calls = [0]
    real = getattr(owner, name)

    def counted(*args: Any) -> Any:
        calls[0] += 1
        return real(*args)

    monkeypatch.setattr(owner, name, counted)
    return calls
