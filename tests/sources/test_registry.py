"""The format registry and folder expansion (``refgraph.sources``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SEED_PMIDS
from refgraph.errors import UnknownFormatError
from refgraph.sources import FORMATS, detect_format, expand_inputs, load_many, parse_text


def test_every_registered_format_module_has_the_interface() -> None:
    import importlib

    for name, module_name in FORMATS.items():
        module = importlib.import_module(module_name)
        assert name == module.NAME
        assert callable(module.sniff) and callable(module.parse)


def test_folder_expansion_skips_hidden_files_and_snapshot_folders(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "refs", tmp_path / "refs")
    (tmp_path / "refs" / ".hidden.bib").write_text("@article{x, title={t}}")
    found = [p.relative_to(tmp_path).as_posix() for p in expand_inputs([tmp_path / "refs"])]
    assert found == ["refs/inotuzumab-ozogamicin.bib", "refs/inotuzumab-ozogamicin.txt"]
    # a file named explicitly is always read, even inside a snapshot folder
    explicit = tmp_path / "refs" / "pubmed" / "27292104.xml"
    assert expand_inputs([explicit]) == [explicit]


def test_a_folder_of_monographs_is_one_library_that_remembers_every_origin() -> None:
    library = load_many([ROOT / "refs"])
    assert [r.pmid for r in library.references] == list(SEED_PMIDS)
    for ref in library.references:
        assert [Path(o.path).suffix for o in ref.origins] == [".bib", ".txt"]


def test_unknown_text_names_the_formats_and_the_way_out() -> None:
    with pytest.raises(UnknownFormatError, match="--from"):
        detect_format("just some words\nand more words\n", "notes.txt")


def test_empty_input_is_a_diagnostic_not_a_crash() -> None:
    result = parse_text("   \n", "empty.txt")
    assert result.references == () and result.problems[0].kind == "empty"
