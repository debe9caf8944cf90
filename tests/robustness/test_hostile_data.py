"""Hostile data, not hostile servers: control characters and deep nesting in the input.

No traceback, every output written, and nothing in any output that its format forbids
(control characters in XML, LaTeX, a terminal). `make fuzz` runs these too (marked fuzz).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import scale
from refgraph.cli import cli
from refgraph.export import export_text
from refgraph.graph import build_graph
from refgraph.graph.formats import write_graph
from refgraph.model import Author, Reference
from refgraph.render import render
from refgraph.text import has_controls
from robustness import refgraph_env

pytestmark = pytest.mark.fuzz

# PDF debris (\x01, \x08, \x7f, \x9b) and a terminal escape (colour, then clear screen)
DIRT = "\x01\x1b[31m\x08\x1b[2J\x7f\x9b"
BIB = f"""@article{{Dirty2019,
  author = {{Sm\x01ith, J{DIRT}ohn and Doe, Jane}},
  title = {{Inotuzumab{DIRT} ozogamicin in relapsed ALL: a phase 2 study}},
  journal = {{Blood\x1b[0m}}, year = {{2019}}, volume = {{12}}, pages = {{45--67}},
  pmid = {{27292104}},
  annote = {{(Among 63 patients{DIRT} [Kantarjian 2016].)}},
}}
"""
LIVERTOX = (
    "REFERENCES\n\nKantarjian HM, DeAngelo DJ. Inotuzumab\x01 ozogamicin versus standard "
    "therapy for acute lymphoblastic leukemia. N Engl J Med. 2016;375:740-53. PubMed PMID: "
    f"27292104.\n\n(Among 326 patients{DIRT} with ALL.)\n"
)
#: 350 nested accents, 1,000 nested braces: a 4 KB file
ACCENTS, BRACES = "\\'" * 350 + "e", "{" * 1000 + "x" + "}" * 1000
BRACED_ACCENTS = "\\'{" * 350 + "e" + "}" * 350
PARENS = "(" * 1000 + "x" + ")" * 1000
DEEP = f"""@article{{Deep2020,
  author = {{Sm{ACCENTS}th, John}},
  title = {{A title {BRACES}}},
  journal = {{Blood}}, year = {{2020}}, pmid = {{12345678}},
  annote = {{{BRACED_ACCENTS} [Smith 2019] {PARENS}}},
}}
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _clean(name: str, data: str) -> None:
    assert "Traceback" not in data, name
    assert not has_controls(data), f"{name} holds control characters"


@pytest.mark.parametrize(("name", "text"), [("dirty.bib", BIB), ("dirty.txt", LIVERTOX),
                                             ("deep.bib", DEEP)])  # fmt: skip
def test_build_writes_every_output_whole_and_clean(tmp_path: Path, name: str, text: str) -> None:
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = _run("build", str(src), "-o", str(out), "--offline",
                                "--cache", str(tmp_path / "c.sqlite"))  # fmt: skip
    assert code == 0, stderr
    _clean("stdout", stdout)
    _clean("stderr", stderr)
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 12 and "build.json" in files
    for path in out.iterdir():
        _clean(path.name, path.read_text(encoding="utf-8"))
    for graph_file in ("graph.graphml",):
        etree.parse(str(out / graph_file))  # well-formed XML 1.0
    if name.startswith("dirty"):
        assert "control_characters" in stderr
        assert "Inotuzumab ozogamicin" in (out / "bibliography.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csljson", "ris", "nbib"])
@pytest.mark.parametrize("name", ["dirty.bib", "deep.bib"])
def test_export_every_format(tmp_path: Path, fmt: str, name: str) -> None:
    src = tmp_path / name
    src.write_text(BIB if name == "dirty.bib" else DEEP, encoding="utf-8")
    code, stdout, stderr = _run("export", str(src), "-f", fmt)
    assert code == 0, stderr
    _clean(fmt, stdout)
    if fmt == "csljson":
        assert json.loads(stdout)


@pytest.mark.parametrize("template", ["livertox", "vancouver", "ama", "bibliography.md",
                                      "bibliography.html", "thebibliography"])  # fmt: skip
def test_render_every_shipped_template(tmp_path: Path, template: str) -> None:
    for name, text in (("dirty.bib", BIB), ("deep.bib", DEEP)):
        src = tmp_path / name
        src.write_text(text, encoding="utf-8")
        # offline: the HTML template's graph would ask NCBI for the records (blocked in the
        # tests, so the client spent 17 s per file in its retries)
        code, stdout, stderr = _run("render", str(src), "-t", template, "--offline")
        assert code == 0, stderr
        _clean(f"{template} of {name}", stdout)


def _dirty_references() -> list[Reference]:
    """Control characters that did not come through a reader (library users build these)."""
    return [
        Reference(key="Dirty2019", pmid="27292104", authors=(Author(last=f"Sm{DIRT}ith"),),
                  title=f"A{DIRT} title\x00\ufffe", journal="Blood\x0b", year="2019",
                  annotation=f"Among 63 patients{DIRT}.", keywords=("a\x01",)),
        Reference(key="Later2020", pmid="2", title="Follow up", year="2020",
                  annotation="Further follow up of patients [Dirty 2019]."),
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot", "mermaid", "html"])
def test_every_graph_format_is_clean_even_for_library_built_references(fmt: str) -> None:
    graph = build_graph(_dirty_references()).graph
    text = write_graph(graph, fmt)
    if fmt in ("graphml", "gexf"):
        etree.fromstring(text.encode("utf-8"))
        _clean(fmt, text)
    elif fmt == "json":
        json.loads(text)
    else:
        _clean(fmt, text)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "ris", "nbib"])
def test_every_text_export_is_clean_for_library_built_references(fmt: str) -> None:
    _clean(fmt, export_text(_dirty_references(), fmt))


@pytest.mark.parametrize("template", ["bibliography.html", "thebibliography", "livertox"])
def test_templates_print_no_control_characters(template: str) -> None:
    _clean(template, render(_dirty_references(), template))


def test_one_line_livertox_text_parses_in_linear_time(tmp_path: Path) -> None:
    """A whole monograph's references on one line: 52 MB under `make fuzz`, 5 MB here.

    Every citation is read; the subprocess gets a deadline a quadratic reader could not
    meet (a linear one needs a few seconds) -- a bound, not a benchmark (see benchmarks/).
    """
    from benchmarks.bench_parse import one_line_corpus

    single, _, n = one_line_corpus(52_000_000 if scale() > 1 else 5_000_000)
    src = tmp_path / "one-line.txt"
    src.write_text(single, encoding="utf-8")
    out = tmp_path / "o.bib"
    done = subprocess.run(
        [sys.executable, "-m", "refgraph", "parse", "--from", "livertox", str(src), "-o", str(out)],
        env=refgraph_env(), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # the text repeats 2,000 works: each citation read, the repeats merged and reported
    assert out.read_text(encoding="utf-8").count("@article{") == 2000
    assert done.stderr.count("warning: duplicate_pmid") == n - 2000


@pytest.mark.parametrize(
    ("fmt", "line"),
    [("text", '[a]: http://x.org "' + "y" * 50), ("text", "word " * 12),
     ("text", "10.1000/" + "x" * 40 + "."), ("text", "et al. "), ("text", '"Title." '),
     ("text", "12(3):45-67. "), ("bibtex", "@article{a,")],
    ids=["unclosed-markdown-titles", "no-year-no-identifier", "broken-doi-lines", "et-al",
         "quoted-titles", "volume-pages", "bibtex-entries-never-closed"],
)
def test_one_endless_citation_parses_in_linear_time(tmp_path: Path, fmt: str, line: str) -> None:
    """64,000 lines that never end a citation (one entry growing a line at a time): the
    reader keeps what it joined, so each line costs its own length. Before, every line
    re-joined the whole entry, and every sentence end searched the text before it, or read
    700 characters of names after it; the .bib scanner looked for each entry's end from every
    entry start (each 35 s to many minutes here). Nothing is lost: what is no citation is
    reported at its line."""
    src = tmp_path / "endless.md"
    src.write_text((line + "\n") * (64_000 * scale()), encoding="utf-8")
    out = tmp_path / "o.bib"
    done = subprocess.run(
        [sys.executable, "-m", "refgraph", "parse", "--from", fmt, str(src), "-o", str(out)],
        env=refgraph_env(), capture_output=True, text=True, timeout=30 * scale(), check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1, 2), done.stderr  # 2: "no references found"
    assert "Traceback" not in done.stderr
    assert f"{src}:1: warning:" in done.stderr  # the text, reported at its line


@pytest.mark.parametrize(
    ("fmt", "head", "more"),
    [("medline", "PMID- 1\nTI  - start\n", "      more words\n"),
     ("ris", "TY  - JOUR\nTI  - start\n", "more words\n"),
     ("wos", "PT J\nTI start\n", "   more words\n"),
     ("refer", "%0 Journal Article\n%T start\n", "more words\n")],
    ids=["medline", "ris", "web-of-science", "endnote-refer"],
)
def test_one_endless_field_parses_in_linear_time(
    tmp_path: Path, fmt: str, head: str, more: str
) -> None:
    """A tagged record whose one field runs on for 200,000 continuation lines: each line is
    kept and the field joined once (it was joined again at every line: 4 times the lines
    took 10 times as long, minutes here). The whole value is kept."""
    lines = 200_000 * scale()
    src = tmp_path / "endless.txt"
    src.write_text(head + more * lines, encoding="utf-8")
    out = tmp_path / "o.bib"
    done = subprocess.run(
        [sys.executable, "-m", "refgraph", "parse", "--from", fmt, str(src), "-o", str(out)],
        env=refgraph_env(), capture_output=True, text=True, timeout=30 * scale(), check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    title = next(x for x in out.read_text(encoding="utf-8").split("\n") if "title = {" in x)
    assert title.count("more words") == lines
