"""``refgraph graph`` and ``refgraph discover`` end to end (fake E-utilities over a socket)."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.pubmed.parse import parse_pubmed_xml
from refgraph.pubmed.write import record_to_xml
from refgraph.testing.fake_eutils import FakeEutils

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "refs" / "inotuzumab-ozogamicin.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def seed_fake(factory: Callable[..., FakeEutils], **options: object) -> FakeEutils:
    records = {}
    for path in (ROOT / "refs" / "pubmed").glob("*.xml"):
        for record in parse_pubmed_xml(path.read_bytes(), str(path)):
            records[record.pmid] = record_to_xml(record).encode()
    return factory(records, rate_limit=None, key_rate_limit=None, **options)


def test_offline_seed_uses_the_snapshot(tmp_path: Path) -> None:
    code, out, err = run("graph", str(SEED), "--offline", "--format", "json",
                         "--cache", str(tmp_path / "c.sqlite"))
    assert code == 0
    data = json.loads(out)
    edges = {(e["source"], e["target"], e["relation"]) for e in data["edges"]}
    assert ("Kantarjian2016a", "Kantarjian2016", "follow_up_of") in edges
    assert ("Kantarjian2017", "NCT01564784", "reports") in edges
    assert "unavailable" not in err


def test_offline_without_records_says_so_and_keeps_annotation_links(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    shutil.copyfile(SEED, seed)  # no pubmed/ folder beside it
    code, out, err = run("graph", str(seed), "--offline", "--format", "json",
                         "--cache", str(tmp_path / "c.sqlite"))
    assert code == 0
    assert "10 of 10 PubMed records unavailable (offline" in err
    relations = {e["relation"] for e in json.loads(out)["edges"]}
    assert {"follow_up_of", "secondary_analysis_of"} <= relations
    assert "comment_on" not in relations  # that one comes only from PubMed


@pytest.mark.parametrize("fmt", ["html", "graphml", "gexf", "dot", "json", "mermaid"])
def test_every_format_is_written_atomically(
    fmt: str, fake_eutils_factory: Callable[..., FakeEutils], tmp_path: Path
) -> None:
    fake = seed_fake(fake_eutils_factory)
    seed = tmp_path / "seed.txt"
    shutil.copyfile(SEED, seed)
    out = tmp_path / f"graph.{fmt}"
    code, stdout, err = run("graph", str(seed), "--format", fmt, "-o", str(out),
                            "--eutils-url", fake.url, "--cache", str(tmp_path / "c.sqlite"))
    assert code == 0 and stdout == ""
    assert f"wrote {out}" in err
    text = out.read_text(encoding="utf-8")
    if fmt == "graphml":
        graph = nx.read_graphml(io.StringIO(text))
        assert graph.has_edge("Kantarjian2016a", "Kantarjian2016", "comment_on")
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
        assert '<script type="application/json"' in text
        assert 'src="http' not in text and 'href="http' not in text  # no CDN, no remote assets
    assert not list(tmp_path.glob(".graph.*.tmp"))


def test_citations_add_cites_edges(
    fake_eutils_factory: Callable[..., FakeEutils], tmp_path: Path
) -> None:
    fake = seed_fake(fake_eutils_factory,
                     links={("28819740", "pubmed_pubmed_refs"): ["27292104", "1"]})
    code, out, _ = run("graph", str(SEED), "--format", "json", "--citations",
                       "--eutils-url", fake.url, "--cache", str(tmp_path / "c.sqlite"))
    assert code == 0
    cites = [(e["source"], e["target"], e["via"]) for e in json.loads(out)["edges"]
             if e["relation"] == "cites"]
    assert cites == [("Lamb2017", "Kantarjian2016", "elink")]


def test_discover_json(fake_eutils_factory: Callable[..., FakeEutils], tmp_path: Path) -> None:
    fake = seed_fake(fake_eutils_factory, searches={"NCT01564784[si]": ["27292104", "99"]})
    code, out, _ = run("discover", str(SEED), "--json", "--eutils-url", fake.url,
                       "--cache", str(tmp_path / "c.sqlite"))
    assert code == 0
    found = json.loads(out)
    assert [(s["pmid"], s["trial"], s["found_by"]) for s in found] == [
        ("99", "NCT01564784", "esearch NCT01564784[si]")]
