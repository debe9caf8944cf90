"""The format registry and folder expansion (``refgraph.sources``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SEED_PMIDS
from refgraph.errors import UnknownFormatError
from refgraph.model import ParseResult
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


def test_every_file_in_a_folder_gets_a_decision_and_none_aborts_the_run(tmp_path: Path) -> None:
    import docx

    shutil.copy(ROOT / "refs" / "inotuzumab-ozogamicin.txt", tmp_path / "monograph.txt")
    (tmp_path / "notes.txt").write_text("Remember to ask Anna about the dosing.\n")
    (tmp_path / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    (tmp_path / "list.md").write_text(
        "## References\n\n1.  Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. "
        "2017;77:1603-10. PMID: 28819740.\n"
    )
    document = docx.Document()
    document.add_paragraph("Ananthakrishnan AN. Epidemiology and risk factors for IBD. Nat Rev "
                           "Gastroenterol Hepatol. 2015;12(4):205-17. PMID: 25732745.")  # fmt: skip
    document.save(tmp_path / "manuscript.docx")
    told: dict[str, str] = {}
    library = load_many([tmp_path], on_file=lambda path, decision: told.update({path: decision}))
    decisions = {Path(p).name: d for p, d in told.items()}
    assert sorted(decisions) == ["broken.pdf", "figure.png", "list.md", "manuscript.docx",
                                 "monograph.txt", "notes.txt"]  # fmt: skip
    assert decisions["monograph.txt"] == "read: 10 references (livertox)"
    assert decisions["list.md"].startswith("read: 1 reference (")
    assert decisions["manuscript.docx"].startswith("read: 1 reference (")
    assert decisions["notes.txt"].startswith("skipped: cannot tell the format")
    assert decisions["figure.png"] == "skipped: not a reference list (.png file)"
    assert decisions["broken.pdf"].startswith("skipped: ")
    assert {"28819740", "25732745"} <= {r.pmid for r in library.references}
    skipped = sorted(Path(p.source).name for p in library.problems if p.kind == "skipped")
    assert skipped == ["broken.pdf", "figure.png", "notes.txt"]


def test_the_cli_prints_one_summary_line_per_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from refgraph.cli import cli

    shutil.copy(ROOT / "refs" / "inotuzumab-ozogamicin.txt", tmp_path / "monograph.txt")
    (tmp_path / "notes.txt").write_text("Remember to ask Anna about the dosing.\n")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path), "-o", str(tmp_path / "out.bib")])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert f"{tmp_path / 'monograph.txt'}: read: 10 references (livertox)" in lines
    notes = [line for line in lines if "notes.txt" in line]
    assert len(notes) == 1 and notes[0].startswith(f"{tmp_path / 'notes.txt'}: skipped: ")


def test_a_file_named_directly_that_cannot_be_read_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Remember to ask Anna about the dosing.\n")
    with pytest.raises(UnknownFormatError):
        load_many([path])


def test_load_reads_standard_input_for_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from refgraph.sources import load

    data = (ROOT / "refs" / "inotuzumab-ozogamicin.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = load("-")
    assert {r.pmid for r in result.references} == set(SEED_PMIDS)
    assert result.references[0].source == "<stdin>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert len(load_many(["-"]).references) == len(SEED_PMIDS)


def test_a_dash_with_standard_input_closed_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``refgraph parse - <&-`` (cron, some daemons): Python's sys.stdin is None, and reading
    its buffer was an AttributeError traceback."""
    import sys

    from refgraph.errors import UnreadableInputError
    from refgraph.sources import load

    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(UnreadableInputError, match="standard input is closed"):
        load("-")


def test_a_pipe_is_read_once_whatever_its_format(tmp_path: Path) -> None:
    """``refgraph build <(curl ...)`` hands refgraph a pipe: it has no size and cannot be read
    twice, so sniffing its first bytes for a PDF or Word file must not eat them."""
    import os
    import threading

    from refgraph.sources import load

    data = (ROOT / "refs" / "inotuzumab-ozogamicin.txt").read_bytes()
    fifo = tmp_path / "63"  # like /dev/fd/63: no file name ending to go by
    os.mkfifo(fifo)

    results: list[ParseResult] = []
    reader = threading.Thread(target=lambda: results.append(load(fifo)), daemon=True)
    reader.start()
    with fifo.open("wb") as handle:  # opens once the reader has opened its end
        handle.write(data)
    reader.join(timeout=5)
    if reader.is_alive():  # it opened the pipe a second time: give that an end, not a hang
        with fifo.open("wb"):
            pass
        reader.join(timeout=5)
    (result,) = results
    assert {r.pmid for r in result.references} == set(SEED_PMIDS)
    assert result.references[0].source == str(fifo)


def test_a_pdf_on_standard_input_is_read_as_a_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from benchmarks.pdfmaker import monograph_pdf

    from refgraph.sources import load

    seed = (ROOT / "refs" / "inotuzumab-ozogamicin.txt").read_text(encoding="utf-8")
    pdf = monograph_pdf(seed)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(pdf)))
    result = load("-")
    assert result.format == "livertox"
    assert {r.pmid for r in result.references} == set(SEED_PMIDS)


def test_a_folder_without_any_file_to_decide_on_is_refused(tmp_path: Path) -> None:
    from refgraph.errors import UnreadableInputError

    (tmp_path / ".DS_Store").write_text("x")  # hidden files are never inputs
    with pytest.raises(UnreadableInputError, match="holds no reference files"):
        expand_inputs([tmp_path])


def test_program_code_in_a_folder_is_skipped_not_read_as_citations(tmp_path: Path) -> None:
    """A folder of monographs often holds the scripts that made them: a script's dates and
    names would read as citations ("Smith J, 2020 ..."), so code and settings are skipped
    by their ending, with the reason, unless named directly."""
    shutil.copy(ROOT / "refs" / "inotuzumab-ozogamicin.txt", tmp_path / "monograph.txt")
    script = '# Smith J, Jones K. Written 2021 Mar 3.\nYEAR = 2020  # PMID 12345678\n'
    (tmp_path / "make_refs.py").write_text(script)
    (tmp_path / "settings.yaml").write_text("author: Smith J\nyear: 2019\n")
    told: dict[str, str] = {}
    library = load_many([tmp_path], on_file=lambda path, decision: told.update({path: decision}))
    decisions = {Path(p).name: d for p, d in told.items()}
    assert decisions["make_refs.py"] == "skipped: not a reference list (.py file)"
    assert decisions["settings.yaml"] == "skipped: not a reference list (.yaml file)"
    assert len(library.references) == 10
    named = load_many([tmp_path / "make_refs.py"])  # named directly: read as asked
    assert [r.pmid for r in named.references] == ["12345678"]
