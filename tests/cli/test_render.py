"""``refgraph render``, ``refgraph templates`` end to end."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from conftest import SEED
from refgraph.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_render_livertox_to_stdout_with_problems_on_stderr() -> None:
    result = run("render", str(SEED), "-t", "livertox")
    assert result.exit_code == 0
    assert result.stdout.count("PubMed PMID:") == 10
    assert "orphan_annotation" in result.stderr


def test_render_writes_the_output_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "refs.md"
    result = run("render", str(SEED), "-t", "bibliography.md", "-o", str(out), "-q",
                 "--group-by", "trial", "--title", "Seed")  # fmt: skip
    assert result.exit_code == 0 and result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Seed\n\n## INO-VATE (NCT01564784)\n")  # from the snapshot
    assert not list(out.parent.glob(".*.tmp"))


def test_html_embeds_the_graph_by_default_and_not_with_no_graph(tmp_path: Path) -> None:
    with_graph = run("render", str(SEED), "-t", "bibliography.html", "-q").stdout
    without = run("render", str(SEED), "-t", "bibliography.html", "-q", "--no-graph").stdout
    assert 'class="graph"' in with_graph and 'class="graph"' not in without
    assert without.count('<li id="ref-') == 10


def test_sort_and_no_annotations() -> None:
    out = run("render", str(SEED), "-t", "vancouver", "--sort", "year", "--no-annotations",
              "-q").stdout  # fmt: skip
    assert out.startswith("1. Kantarjian H, Thomas D")
    assert "Among 49 patients" not in out


def test_user_templates_and_paths(tmp_path: Path) -> None:
    (tmp_path / "entry.livertox.txt.j2").write_text("* {{ entry.ref.pmid }}\n")
    out = run("render", str(SEED), "-t", "livertox", "--templates", str(tmp_path), "-q").stdout
    assert out.splitlines()[0] == "* 22357140"
    own = tmp_path / "count.txt.j2"
    own.write_text("{{ entries|length }} references\n")
    assert run("render", str(SEED), "-t", str(own), "-q").stdout == "10 references\n"


def test_template_errors_are_one_line_messages(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt.j2"
    bad.write_text("{{ entries[0].ref.nope }}")
    result = run("render", str(SEED), "-t", str(bad), "-q")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: bad.txt.j2:1: undefined field")
    missing = run("render", str(SEED), "-t", "nosuch", "-q")
    assert missing.exit_code == 2 and "template 'nosuch' not found" in missing.stderr  # unusable
    typo = run("render", str(SEED), "-t", "vancover", "-q")
    assert typo.exit_code == 2 and "did you mean 'vancouver'?" in typo.stderr
    assert run("render", str(SEED), "-q").exit_code == 2  # neither --template nor --csl


def test_csl_styles_and_unknown_style(tmp_path: Path) -> None:
    out = run("render", str(SEED), "--csl", "apa", "-q", "--no-annotations").stdout
    assert "Lamb, Y. N. (2017). Inotuzumab ozogamicin: first global approval." in out
    html = tmp_path / "apa.html"
    assert run("render", str(SEED), "--csl", "apa", "-q", "-o", str(html)).exit_code == 0
    assert html.read_text().startswith('<ol class="csl-bibliography">')
    bad = run("render", str(SEED), "--csl", "no-such-style", "-q")
    assert bad.exit_code == 2 and "CSL style 'no-such-style' not found" in bad.stderr


def test_templates_list_and_copy(tmp_path: Path) -> None:
    listing = run("templates", "list").stdout
    assert "livertox.txt.j2" in listing and "thebibliography.tex.j2" in listing
    copied = run("templates", "copy", "vancouver", str(tmp_path))
    assert copied.exit_code == 0
    assert (tmp_path / "vancouver.txt.j2").is_file()
    mine = run("templates", "list", "--templates", str(tmp_path)).stdout
    assert any(line.startswith("vancouver.txt.j2") and str(tmp_path) in line
               for line in mine.splitlines())  # fmt: skip
    again = run("templates", "copy", "vancouver", str(tmp_path))
    assert again.exit_code == 1 and "already exists" in again.stderr
