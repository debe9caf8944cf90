"""Never destroy what the user wrote: an output on an input is refused (exit 2), stdin names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from refgraph.cli import cli

BIB = ROOT / "refs" / "inotuzumab-ozogamicin.bib"


def _run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "lib.bib"
    shutil.copy(BIB, path)
    with path.open("a", encoding="utf-8") as handle:  # things only the user's file has
        handle.write('\n@string{nejm = "N Engl J Med"}\n% my own comment\n')
    return path


COMMANDS = {
    "build": lambda p: ("build", str(p), "-o", str(p.parent), "--offline"),
    "build-folder": lambda p: ("build", str(p.parent), "-o", str(p.parent), "--offline"),
    "export": lambda p: ("export", str(p), "-f", "bibtex", "-o", str(p)),
    "parse": lambda p: ("parse", str(p), "-o", str(p)),
    "parse-folder": lambda p: ("parse", str(p.parent), "-o", str(p)),
    "render": lambda p: ("render", str(p), "-o", str(p)),
    "graph": lambda p: ("graph", str(p), "--offline", "-o", str(p)),
    "enrich": lambda p: ("enrich", str(p), "--offline", "-o", str(p)),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_output_on_an_input_is_refused_and_the_input_kept(lib: Path, name: str) -> None:
    if name == "build-folder":  # building the folder "work" into itself writes work/work.bib
        lib = lib.rename(lib.parent / "work.bib")
    before = lib.read_bytes()
    code, _, err = _run(*COMMANDS[name](lib))
    assert code == 2, err
    assert "refusing to overwrite the input" in err and "Traceback" not in err
    assert lib.read_bytes() == before
    assert sorted(p.name for p in lib.parent.iterdir()) == [lib.name]  # nothing written


def test_an_output_through_a_symlink_to_an_input_is_refused(lib: Path) -> None:
    link = lib.parent / "link.bib"
    link.symlink_to(lib)
    before = lib.read_bytes()
    code, _, err = _run("parse", str(lib), "-o", str(link))
    assert code == 2 and "refusing to overwrite" in err and lib.read_bytes() == before


def test_build_from_standard_input_names_its_files_stdin(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = _run("build", "-", "--from", "bibtex", "-o", str(out), "--offline",
                        "--cache", str(tmp_path / "c.sqlite"), stdin=BIB.read_bytes())
    assert code == 0, err
    names = {p.name for p in out.iterdir()}
    assert {"stdin.bib", "stdin.enriched.bib"} <= names
    assert not any(n.startswith("-") for n in names)
