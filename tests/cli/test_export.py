"""``refgraph export`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import SEED
from refgraph.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("fmt", "marker", "count"),
    [("bibtex", "@article{", 10), ("biblatex", "annotation = {", 10), ("ris", "TY  - JOUR", 10),
     ("nbib", "PMID- ", 10), ("csljson", '"type": "article-journal"', 10)],
)  # fmt: skip
def test_every_format_exports_the_seed(fmt: str, marker: str, count: int) -> None:
    result = run("export", str(SEED), "-f", fmt, "-q")
    assert result.exit_code == 0
    assert result.stdout.count(marker) == count


def test_output_file_and_ascii(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    assert run("export", str(SEED), "-f", "csljson", "-o", str(out), "-q").exit_code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 10
    ascii_bib = run("export", str(SEED), "-f", "bibtex", "--ascii", "-q").stdout
    assert ascii_bib.isascii() and "Gökbuget" not in ascii_bib
    assert "Gökbuget" in run("export", str(SEED), "-f", "bibtex", "-q").stdout


def test_exported_files_read_back(tmp_path: Path) -> None:
    for fmt, name in (("ris", "seed.ris"), ("nbib", "seed.nbib"), ("bibtex", "seed.bib")):
        path = tmp_path / name
        run("export", str(SEED), "-f", fmt, "-o", str(path), "-q")
        back = run("render", str(path), "-t", "vancouver", "--no-annotations")
        assert back.exit_code == 0, back.stderr
        assert back.stdout.count("PMID: ") == 10, fmt


def test_unknown_format_is_a_usage_error() -> None:
    result = run("export", str(SEED), "-f", "docx")
    assert result.exit_code == 2
