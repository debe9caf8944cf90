"""Every output command sees what ``build`` sees: the same records, so the same graph.

``graph``, ``render`` and ``export --enrich`` get their PubMed records the way ``build``
does (the cache, the snapshot beside the input, ``--index``, then E-utilities) through one
function (:func:`refgraph.link_library`), so on the same input each draws the same graph.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import ROOT, SEED
from refgraph.cli import cli


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result


def _embedded(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" class="rg-data">(.*?)</script>', html,
                      re.S)  # fmt: skip
    assert found, "no embedded graph"
    data: dict[str, object] = json.loads(found.group(1))
    return data


def _bands(html: str) -> list[str]:
    return [str(b["label"]) for b in _embedded(html)["bands"]]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    cache = str(out / "cache.sqlite")
    run("build", str(SEED), "-o", str(out / "out"), "--offline", "--cache", cache, "--quiet")
    return out


def test_graph_command_draws_builds_graph(built: Path) -> None:
    cache = str(built / "cache.sqlite")
    as_json = run("graph", str(SEED), "--format", "json", "--offline", "--cache", cache)
    assert json.loads(as_json.stdout) == json.loads((built / "out" / "graph.json").read_text())
    page = built / "graph.html"
    run("graph", str(SEED), "--offline", "--cache", cache, "-o", str(page))
    assert _embedded(page.read_text()) == _embedded((built / "out" / "graph.html").read_text())


def test_render_embeds_builds_graph_with_every_trial_band(built: Path) -> None:
    cache = str(built / "cache.sqlite")
    html = run("render", str(SEED), "-t", "bibliography.html", "-q", "--offline",
               "--cache", cache).stdout  # fmt: skip
    from_build = (built / "out" / "bibliography.html").read_text()
    assert _embedded(html) == _embedded(from_build)
    assert _bands(html) == ["INO-VATE (NCT01564784)", "NCT01232556", "NCT01371630",
                            "Other publications"]  # fmt: skip
    relations = {e["relation"] for e in _embedded(html)["edges"]}  # type: ignore[attr-defined]
    assert "comment_on" in relations


def test_render_groups_by_trial_from_the_pubmed_records(built: Path) -> None:
    md = run("render", str(SEED), "-t", "bibliography.md", "--group-by", "trial", "-q",
             "--offline", "--cache", str(built / "cache.sqlite")).stdout  # fmt: skip
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    # NCT01232556 and NCT01371630 come from the records' DataBank lists, not from the text
    assert headings == ["## INO-VATE (NCT01564784)", "## NCT01232556", "## NCT01371630",
                        "## Other references"]  # fmt: skip


def test_export_enrich_is_builds_enriched_bib(built: Path) -> None:
    cache = str(built / "cache.sqlite")
    plain = run("export", str(SEED), "-f", "bibtex", "-q").stdout
    enriched = run("export", str(SEED), "-f", "bibtex", "--enrich", "-q", "--offline",
                   "--cache", cache).stdout  # fmt: skip
    assert plain == (built / "out" / "inotuzumab-ozogamicin.bib").read_text()
    assert enriched == (built / "out" / "inotuzumab-ozogamicin.enriched.bib").read_text()
    assert "x-pubmed-fields" in enriched and "x-pubmed-fields" not in plain


def test_without_records_every_command_says_so_and_still_agrees(tmp_path: Path) -> None:
    alone = tmp_path / "seed.txt"  # no pubmed/ snapshot beside it, nothing cached
    shutil.copyfile(SEED, alone)
    cache = str(tmp_path / "empty.sqlite")
    run("build", str(alone), "-o", str(tmp_path / "out"), "--offline", "--cache", cache,
        "--quiet")  # fmt: skip
    graph = run("graph", str(alone), "--format", "json", "--offline", "--cache", cache)
    assert "10 of 10 PubMed records unavailable" in graph.stderr
    assert json.loads(graph.stdout) == json.loads((tmp_path / "out" / "graph.json").read_text())
    html = run("render", str(alone), "-t", "bibliography.html", "--offline", "--cache",
               cache).stdout  # fmt: skip
    assert _bands(html) == _bands((tmp_path / "out" / "bibliography.html").read_text())
    assert len(_bands(html)) == 2  # INO-VATE (named in the text) and the rest


def test_index_is_used_by_every_command(tmp_path: Path) -> None:
    alone = tmp_path / "seed.txt"
    shutil.copyfile(SEED, alone)
    index = tmp_path / "index"
    run("pubmed", "index", str(ROOT / "refs" / "pubmed"), "--out", str(index), "--workers", "0")
    opts = ["--offline", "--cache", str(tmp_path / "empty.sqlite"), "--index", str(index)]
    run("build", str(alone), "-o", str(tmp_path / "out"), "--quiet", *opts)
    graph = run("graph", str(alone), "--format", "json", *opts)
    assert "unavailable" not in graph.stderr
    assert json.loads(graph.stdout) == json.loads((tmp_path / "out" / "graph.json").read_text())
    html = run("render", str(alone), "-t", "bibliography.html", "-q", *opts).stdout
    assert len(_bands(html)) == 4
    assert _embedded(html) == _embedded((tmp_path / "out" / "bibliography.html").read_text())


def test_render_check_is_builds_bibliography_with_its_check_section(built: Path) -> None:
    html = run("render", str(SEED), "-t", "bibliography.html", "--check", "-q", "--offline",
               "--cache", str(built / "cache.sqlite")).stdout  # fmt: skip
    assert html == (built / "out" / "bibliography.html").read_text()
    assert 'id="check"' in html and html.count('data-verdict="ok"') == 10
