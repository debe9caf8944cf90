"""Building and updating the index: every engine gives the tables of the reference fold."""

from __future__ import annotations

import contextlib
import shutil
import socket
from pathlib import Path

import pytest
from tests.pubmed.index.conftest import BUCKETS, PARTITION, reference_fold

from refgraph.errors import PubmedFileError
from refgraph.pubmed.index import build_index, open_executor, update_index
from refgraph.pubmed.index.keys import record_keys
from refgraph.pubmed.index.store import PubmedIndex
from refgraph.pubmed.record_json import record_to_json
from refgraph.testing.baseline import Synthetic


def _build(syn: Synthetic, out: Path, workers: int = 0, engine: str = "auto",
           updates: bool = True) -> PubmedIndex:  # fmt: skip
    with open_executor(workers, engine=engine) as (pool, _):
        build_index(syn.baseline, syn.updates if updates else None, out, pool,
                    partition_size=PARTITION, lookup_buckets=BUCKETS)  # fmt: skip
    return PubmedIndex(out)


def _tables(index: PubmedIndex) -> dict[str, object]:
    return {name: index.table(name) for name in ("records", "keys", "lookup")}


def _files(syn: Synthetic) -> list[Path]:
    return sorted(syn.baseline.glob("*.xml.gz")) + sorted(syn.updates.glob("*.xml.gz"))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}  # fmt: skip


@pytest.fixture(scope="module")
def serial(synthetic: Synthetic, tmp_path_factory: pytest.TempPathFactory) -> PubmedIndex:
    return _build(synthetic, tmp_path_factory.mktemp("serial") / "index")


def test_serial_index_equals_the_reference_fold(serial: PubmedIndex, synthetic: Synthetic) -> None:
    fold = reference_fold(_files(synthetic))
    records = serial.table("records")
    got = {str(p): (f, r) for p, f, r in zip(*(records.column(c).to_pylist()
                                             for c in ("pmid", "file", "record")), strict=True)}
    assert got == {p: (f, record_to_json(r) if r else None) for p, (f, r) in fold.items()}
    lookup = serial.table("lookup")
    rows = set(zip(*(lookup.column(c).to_pylist() for c in ("kind", "key", "detail", "pmid")),
                   strict=True))  # fmt: skip
    expected = {(k, v, d, int(p)) for p, (_, r) in fold.items() if r for k, v, d in record_keys(r)}
    assert rows == expected
    assert serial.table("keys").num_rows == len(expected)


def test_updates_delete_readd_and_keep_the_last_copy(
    serial: PubmedIndex, synthetic: Synthetic
) -> None:
    names = sorted(p.name for p in synthetic.updates.glob("*.xml.gz"))
    entries = serial.entries([str(p) for p in (*synthetic.readded, *synthetic.twice,
                                               *synthetic.deleted_same_file)])  # fmt: skip
    assert synthetic.readded and not entries[str(synthetic.readded[0])].deleted
    assert entries[str(synthetic.deleted_same_file[0])].deleted
    assert entries[str(synthetic.deleted_same_file[0])].file == names[1]
    twice = entries[str(synthetic.twice[0])].record()
    assert "revision 21," in twice.title  # the second copy in the file wins
    paper, notice = next(iter(synthetic.retracted.items()))
    assert serial.records([str(paper)])[str(paper)].is_retracted
    assert serial.lookup("link", [str(notice)])[str(notice)] == [(str(paper), "RetractionIn")]
    paper, trial = next(iter(synthetic.trials.items()))
    assert serial.lookup("trial", [trial]) == {trial: [(str(paper), "")]}


@pytest.mark.parametrize("engine", ["processes", "dask"])
def test_process_pool_and_local_cluster_give_the_serial_tables(
    engine: str, serial: PubmedIndex, synthetic: Synthetic, tmp_path: Path
) -> None:
    with contextlib.ExitStack() as stack:
        # Dask's default HTTP port taken (as by a parallel run): no clash, no warning.
        busy = stack.enter_context(socket.socket())
        with contextlib.suppress(OSError):
            busy.bind(("127.0.0.1", 8787))
            busy.listen()
        other = _build(synthetic, tmp_path / "index", workers=2, engine=engine)
    mine, theirs = _tables(other), _tables(serial)
    for name, table in mine.items():
        assert table.equals(theirs[name]), name  # type: ignore[attr-defined]
    assert other.manifest.files == serial.manifest.files


def test_rerun_is_idempotent_and_update_merges_only_touched_partitions(
    serial: PubmedIndex, synthetic: Synthetic, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    with open_executor(0) as (pool, _):
        build_index(synthetic.baseline, None, index, pool, partition_size=PARTITION,
                    lookup_buckets=BUCKETS)  # fmt: skip
        before = _snapshot(index)
        again = build_index(synthetic.baseline, None, index, pool, partition_size=PARTITION,
                            lookup_buckets=BUCKETS)  # fmt: skip
        assert not again.mapped and _snapshot(index) == before
        report = update_index(index, synthetic.updates, pool)
    assert report.mapped == sorted(p.name for p in synthetic.updates.glob("*.xml.gz"))
    assert not report.rebuilt
    updated = PubmedIndex(index)
    untouched = set(updated.manifest.partitions) - set(report.partitions)
    for part in untouched:  # partitions no update touched keep their files
        assert before[updated.manifest.partitions[part]["records_file"]]
    for name, table in _tables(updated).items():
        assert table.equals(_tables(serial)[name]), name  # type: ignore[attr-defined]
    with open_executor(0) as (pool, _):
        assert not update_index(index, synthetic.updates, pool).mapped


@pytest.mark.parametrize(("case", "message"), [
    ("truncated", "truncated or corrupt gzip"),
    ("entity", "declares entities"),
])  # fmt: skip
def test_a_bad_file_fails_with_its_name_and_leaves_the_index(
    case: str, message: str, synthetic: Synthetic, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    _build(synthetic, index, updates=False)
    before = _snapshot(index)
    with open_executor(0) as (pool, _), pytest.raises(PubmedFileError, match=message) as err:
        update_index(index, synthetic.edge[case], pool)
    assert err.value.file.endswith(next(synthetic.edge[case].glob("*.xml.gz")).name)
    assert _snapshot(index) == before
    assert not list(index.glob(".staging*"))


def test_a_deletions_only_file_deletes(synthetic: Synthetic, tmp_path: Path) -> None:
    index = _build(synthetic, tmp_path / "index", updates=False).path
    with open_executor(0) as (pool, _):
        report = update_index(index, synthetic.edge["deletions-only"], pool)
    entries = PubmedIndex(index).entries([str(synthetic.first_pmid + 1)])
    assert entries[str(synthetic.first_pmid + 1)].deleted
    assert report.manifest.files[-1].deletions == 2 and report.manifest.files[-1].records == 0


def test_a_late_file_numbered_before_the_last_one_rebuilds(
    synthetic: Synthetic, tmp_path: Path
) -> None:
    index = _build(synthetic, tmp_path / "index").path
    with open_executor(0) as (pool, _):
        report = update_index(index, synthetic.edge["out-of-order"], pool)
    assert "sorts before" in report.rebuilt
    names = [f.name for f in report.manifest.files]
    assert names == sorted(names, key=lambda n: (n.replace(".xml.gz", ""),))
    late = next(synthetic.edge["out-of-order"].glob("*.xml.gz")).name
    assert names.index(late) == len(names) - 2  # applied between the two updates
    every = tmp_path / "all"
    shutil.copytree(synthetic.updates, every)
    shutil.copy(synthetic.edge["out-of-order"] / late, every / late)
    with open_executor(0) as (pool, _):
        build_index(synthetic.baseline, every, tmp_path / "fresh", pool,
                    partition_size=PARTITION, lookup_buckets=BUCKETS)  # fmt: skip
    for name, table in _tables(PubmedIndex(tmp_path / "fresh")).items():
        assert table.equals(_tables(PubmedIndex(index))[name]), name  # type: ignore[attr-defined]


def test_a_new_parser_version_rebuilds(
    synthetic: Synthetic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = _build(synthetic, tmp_path / "index", updates=False).path
    import refgraph.pubmed.index.build as build_module

    monkeypatch.setattr(build_module, "RECORD_JSON_VERSION", "999.test")
    with open_executor(0) as (pool, _):
        report = build_index(synthetic.baseline, None, index, pool, partition_size=PARTITION,
                             lookup_buckets=BUCKETS)  # fmt: skip
    assert "parser version" in report.rebuilt and len(report.mapped) == 3


def test_an_index_of_an_older_format_is_refused_for_reading_and_rebuilt(
    synthetic: Synthetic, tmp_path: Path
) -> None:
    import json

    from refgraph.errors import PubmedIndexError

    index = _build(synthetic, tmp_path / "index", updates=False).path
    manifest = index / "manifest.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "format": data["format"] - 1}))
    with pytest.raises(PubmedIndexError, match="rebuild it"):
        PubmedIndex(index)
    with open_executor(0) as (pool, _):
        report = build_index(synthetic.baseline, None, index, pool, partition_size=PARTITION,
                             lookup_buckets=BUCKETS)  # fmt: skip
    assert "index format" in report.rebuilt and len(report.mapped) == 3
    assert "first_author" in PubmedIndex(index).table("records").column_names
