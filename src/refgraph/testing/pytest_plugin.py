"""pytest plugin: fixtures that start fake E-utilities servers (``refgraph.testing.fake_eutils``).

Enable with ``pytest_plugins = ["refgraph.testing.pytest_plugin"]`` in ``conftest.py``.

* ``fake_eutils``: a started server holding every real recorded record under
  ``<rootdir>/tests/data/eutils``, with the rate limit off (fast tests); stopped after the test.
* ``fake_eutils_factory``: ``make(records=None, **FakeEutils options)`` starts more servers (for
  example with ``rate_limit=3``); all are stopped at teardown.
* ``eutils_recordings``: the recorded records themselves (PMID -> element bytes), read once per
  session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from refgraph.testing._records import RecordStore
from refgraph.testing.fake_eutils import FakeEutils

__all__ = ["eutils_recordings", "fake_eutils", "fake_eutils_factory"]


@pytest.fixture(scope="session")
def eutils_recordings(pytestconfig: pytest.Config) -> Mapping[str, bytes]:
    """PMID -> raw record bytes from ``tests/data/eutils`` (first copy of a PMID wins)."""
    folder = Path(pytestconfig.rootpath) / "tests" / "data" / "eutils"
    if not folder.is_dir():
        raise pytest.UsageError(f"recorded E-utilities replies not found: {folder}")
    store = RecordStore()
    store.load_dir(folder)
    return {pmid: store.raw(pmid) or b"" for pmid in store.pmids()}


@pytest.fixture
def fake_eutils_factory() -> Iterator[Callable[..., FakeEutils]]:
    """Start fake servers on demand: ``make(records=None, **options)``; all stop at teardown."""
    started: list[FakeEutils] = []

    def make(records: Mapping[str, bytes] | None = None, **options: Any) -> FakeEutils:
        fake = FakeEutils(records, **options)
        started.append(fake)
        return fake.start()

    yield make
    for fake in started:
        fake.stop()


@pytest.fixture
def fake_eutils(
    fake_eutils_factory: Callable[..., FakeEutils], eutils_recordings: Mapping[str, bytes]
) -> FakeEutils:
    """A started fake holding every recorded record, rate limit off."""
    return fake_eutils_factory(eutils_recordings, rate_limit=None, key_rate_limit=None)
