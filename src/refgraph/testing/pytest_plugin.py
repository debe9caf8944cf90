"""pytest plugin: fixtures that start fake E-utilities servers (``refgraph.testing.fake_eutils``).

Enable it with ``pytest_plugins = ["refgraph.testing.pytest_plugin"]`` in a ``conftest.py``
(it is not registered automatically, so installing refgraph changes no one's test run).

The records it serves come from folders of PubMed XML that *your* project names, so the
plugin assumes nothing about your layout:

- override the ``eutils_record_folders`` fixture in your ``conftest.py``;
- or set the ``eutils_records`` ini option (paths relative to the rootdir, one per line), e.g.
  in ``pyproject.toml``: ``[tool.pytest.ini_options] eutils_records = ["tests/data/pubmed"]``;
- or pass ``--eutils-records=DIR`` on the command line (repeatable; replaces the ini option).

With none of these, the servers start empty (add records with :meth:`FakeEutils.add_records`).

Fixtures:

* ``fake_eutils``: a started server holding every configured record, rate limit off (fast
  tests); stopped after the test.
* ``fake_eutils_factory``: ``make(records=None, **FakeEutils options)`` starts more servers
  (for example with ``rate_limit=3``); all are stopped at teardown.
* ``eutils_recordings``: the configured records themselves (PMID -> element bytes), read once
  per session.
* ``eutils_record_folders``: the folders they come from (override it to name yours).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from refgraph.testing._records import RecordStore
from refgraph.testing.fake_eutils import FakeEutils

__all__ = [
    "eutils_record_folders",
    "eutils_recordings",
    "fake_eutils",
    "fake_eutils_factory",
    "record_folders",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "eutils_records",
        "folders of PubMed XML the fake E-utilities server serves (relative to the rootdir)",
        type="linelist",
        default=[],
    )
    parser.addoption(
        "--eutils-records",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of PubMed XML for the fake E-utilities server (repeatable)",
    )


def record_folders(config: pytest.Config) -> list[Path]:
    """The configured record folders: ``--eutils-records``, else the ``eutils_records`` ini."""
    given: list[str] = config.getoption("eutils_records") or config.getini("eutils_records")
    return [Path(config.rootpath) / folder for folder in given]


@pytest.fixture(scope="session")
def eutils_record_folders(pytestconfig: pytest.Config) -> list[Path]:
    """The folders of PubMed XML to serve (override this fixture to name your own)."""
    return record_folders(pytestconfig)


@pytest.fixture(scope="session")
def eutils_recordings(eutils_record_folders: list[Path]) -> Mapping[str, bytes]:
    """PMID -> raw record bytes from the configured folders (first copy of a PMID wins)."""
    store = RecordStore()
    for folder in eutils_record_folders:
        if not folder.is_dir():
            raise pytest.UsageError(f"eutils_records: not a folder: {folder}")
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
    """A started fake holding every configured record, rate limit off."""
    return fake_eutils_factory(eutils_recordings, rate_limit=None, key_rate_limit=None)
