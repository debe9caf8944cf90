"""No crash on any corpus file: each loads, or says per entry what failed and where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from refgraph.errors import SourceError
from refgraph.sources import bibtex, detect_format, load, medline, parse_text, pubmed_xml, ris

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
SUFFIXES = {".bib", ".bibtex", ".biblatex", ".txt", ".nbib", ".ris", ".xml"}
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
BIB_FILES = [p for p in FILES if p.suffix.lower() in {".bib", ".bibtex", ".biblatex"}]


def _id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


def test_the_corpus_is_there() -> None:
    assert len(FILES) > 250
    assert len(BIB_FILES) > 200


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_every_file_loads_or_reports_per_entry(path: Path) -> None:
    try:
        result = load(path)
    except SourceError as exc:  # unknown format / undecodable: one clear line, not a crash
        assert str(path) in str(exc) or "format" in str(exc)
        return
    if not (result.references or result.problems):  # only @string/@comment/@preamble
        text = path.read_text(encoding="utf-8", errors="replace")
        kinds = {m.lower() for m in re.findall(r"^\s*@\s*(\w+)", text, re.MULTILINE)}
        assert kinds <= {"string", "comment", "preamble"}, kinds
    for problem in result.problems:
        assert problem.line >= 1, problem
        assert problem.source == str(path)
        assert problem.text.strip(), problem
    for ref in result.references:
        assert ref.line >= 1 and ref.source == str(path)


@pytest.mark.parametrize("path", BIB_FILES, ids=_id)
def test_bibtex_torture_files_parse_with_the_bibtex_reader(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    result = bibtex.parse(text, str(path))
    lines = text.count("\n") + 1
    for problem in result.problems:
        assert 1 <= problem.line <= lines, problem
        assert problem.kind in {
            "bad_entry",
            "duplicate_key",
            "duplicate_field",
            "bad_pmid",
            "empty",
        }
    for ref in result.references:
        assert 1 <= ref.line <= lines


def test_known_broken_bibtex_files_name_the_line() -> None:
    broken = CORPUS / "bibtex-tidy-test-bibliographies" / "others" / "example1.bib"
    text = broken.read_text(encoding="utf-8")
    result = bibtex.parse(text, str(broken))
    bad = [p for p in result.problems if p.kind == "bad_entry"]
    assert len(bad) == 2
    lines = text.splitlines()
    for problem in bad:  # each diagnostic points at the line where its block starts
        assert lines[problem.line - 1].lstrip().startswith("@"), problem
    assert len(result.references) == 7


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("jabref-importer-tests/NbibImporterTest.nbib", medline.NAME),
        ("jabref-importer-tests/MedlinePlainImporterTestCompleteEntry.txt", medline.NAME),
        ("jabref-importer-tests/RisImporterTestScopus.ris", ris.NAME),
        ("jabref-importer-tests/MedlineImporterTestNbib.xml", pubmed_xml.NAME),
        ("real-bib-exports-with-pmid/jabref-testjabref.bib", bibtex.NAME),
    ],
)
def test_formats_are_detected(name: str, fmt: str) -> None:
    path = CORPUS / name
    assert detect_format(path.read_text(encoding="utf-8-sig"), str(path)) == fmt


def test_real_export_with_pmids_keeps_every_pmid() -> None:
    path = CORPUS / "real-bib-exports-with-pmid" / "bbt-issue1436-3_pmid-subset-400.bib"
    text = path.read_text(encoding="utf-8")
    result = parse_text(text, str(path), "bibtex")
    assert len(result.references) == text.count("\n@") + (1 if text.startswith("@") else 0)
    assert sum(1 for r in result.references if r.pmid) == 400
