"""The map step of one file: staged tables per partition, and the collector left as found."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from refgraph.errors import PubmedFileError
from refgraph.pubmed.index.mapfile import map_file
from refgraph.testing.baseline import Synthetic


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _first_file(synthetic: Synthetic) -> Path:
    return sorted(synthetic.baseline.glob("*.xml.gz"))[0]


def test_map_file_stages_every_event_and_leaves_the_collector_on(
    synthetic: Synthetic, tmp_path: Path
) -> None:
    assert gc.isenabled()
    result = map_file(str(_first_file(synthetic)), 3, 150, str(tmp_path))
    assert gc.isenabled()
    assert result.records > 0 and result.staged
    events = [pq.read_table(e) for e, _ in result.staged.values()]
    assert sum(len(t) for t in events) == result.records + result.deletions
    assert all(set(t.column("seq").to_pylist()) == {3} for t in events)


@pytest.mark.usefixtures("collector_off")
def test_map_file_leaves_the_collector_off_when_it_was_off(
    synthetic: Synthetic, tmp_path: Path
) -> None:
    map_file(str(_first_file(synthetic)), 0, 150, str(tmp_path))
    assert not gc.isenabled()


def test_a_bad_file_leaves_the_collector_on(tmp_path: Path) -> None:
    bad = tmp_path / "pubmed26n0001.xml"
    bad.write_bytes(b"<PubmedArticleSet><PubmedArticle>")
    with pytest.raises(PubmedFileError):
        map_file(str(bad), 0, 150, str(tmp_path / "staging"))
    assert gc.isenabled()
