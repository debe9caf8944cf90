"""The map step of one file: staged tables per partition, the record JSON column as Arrow
makes it, and the collector left as found."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.errors import PubmedFileError
from refgraph.pubmed.index import mapfile
from refgraph.pubmed.index.mapfile import _TextColumn, map_file
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


@given(st.lists(st.none() | st.text(max_size=20), max_size=40), st.sampled_from([1, 7, 1 << 30]))
@settings(max_examples=examples(200))
def test_text_column_is_the_arrow_array_of_its_values(
    values: list[str | None], chunk: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mapfile, "_TEXT_CHUNK", chunk)
        column = _TextColumn()
        for value in values:
            column.append(value)
        made = column.to_arrow()
    made.validate(full=True)
    assert made.type == pa.string()
    assert made.to_pylist() == values
    chunks = made.chunks if isinstance(made, pa.ChunkedArray) else [made]
    assert len(chunks) == 1 or chunk < 1 << 30  # chunked only past _TEXT_CHUNK bytes
    expected = pa.array(values, pa.string())
    assert pa.chunked_array(chunks, pa.string()).equals(pa.chunked_array([expected]))
