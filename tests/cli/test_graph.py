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
        relations = [d["relation"] for d in graph.get_edge_data("Kantarjian2016a",
                                                                "Kantarjian2016").values()]
        assert "comment_on" in relations
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


def _family_list(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A numbered Vancouver list (no annotations) of the six trial families, and records."""
    from tests.graph._families import all_records, references

    from refgraph.render import render

    records = all_records()
    path = tmp_path / "trials.txt"
    path.write_text("References\n\n" + render(references(records), "vancouver"),
                    encoding="utf-8")
    return path, {p: record_to_xml(r).encode() for p, r in records.items()}


def _typed(out: str) -> set[tuple[str, str, str]]:
    data = json.loads(out)
    pmid = {n["id"]: n.get("pmid") for n in data["nodes"]}
    return {(pmid[e["source"]], pmid[e["target"]], e["relation"]) for e in data["edges"]
            if e["relation"] not in ("reports", "cites")}


def test_a_plain_numbered_list_gets_typed_relations_from_pubmed(
    fake_eutils_factory: Callable[..., FakeEutils], tmp_path: Path
) -> None:
    from tests.graph._families import families

    listing, records = _family_list(tmp_path)
    fake = fake_eutils_factory(records, rate_limit=None, key_rate_limit=None)
    code, out, err = run("graph", str(listing), "--format", "json", "--eutils-url", fake.url,
                         "--cache", str(tmp_path / "c.sqlite"))
    assert code == 0, err
    typed = _typed(out)
    expected = {edge for fam in families() for edge in fam.expected}
    assert len(expected & typed) / len(expected) >= 0.9
    assert ("28889792", "26027431", "follow_up_of") in typed  # typed by its abstract
    code, out, _ = run("graph", str(listing), "--format", "json", "--no-abstracts",
                       "--eutils-url", fake.url, "--cache", str(tmp_path / "c.sqlite"))
    assert code == 0
    without = _typed(out)
    assert ("28889792", "26027431", "follow_up_of") not in without
    assert ("31562797", "26027431", "follow_up_of") in without  # typed by its title


def test_offline_citations_come_from_the_cache(
    fake_eutils_factory: Callable[..., FakeEutils], tmp_path: Path
) -> None:
    fake = seed_fake(fake_eutils_factory,
                     links={("28819740", "pubmed_pubmed_refs"): ["27292104"]})
    cache = str(tmp_path / "c.sqlite")
    code, _, _ = run("graph", str(SEED), "--format", "json", "--eutils-url", fake.url,
                     "--cache", cache)
    assert code == 0
    asked = len(fake.requests)
    code, out, _ = run("graph", str(SEED), "--format", "json", "--offline", "--cache", cache)
    assert code == 0 and len(fake.requests) == asked
    cites = [(e["source"], e["target"], e["via"]) for e in json.loads(out)["edges"]
             if e["relation"] == "cites"]
    assert cites == [("Lamb2017", "Kantarjian2016", "elink")]
    code, out, _ = run("graph", str(SEED), "--format", "json", "--offline", "--no-citations",
                       "--cache", cache)
    assert not [e for e in json.loads(out)["edges"] if e["relation"] == "cites"]


def test_discover_ranks_a_missing_final_report_first_and_adds_it_to_a_bib(
    fake_eutils_factory: Callable[..., FakeEutils], tmp_path: Path
) -> None:
    from refgraph.model import PubmedRecord
    from refgraph.sources import load

    final = PubmedRecord(
        pmid="30920645", year="2019", title="Inotuzumab ozogamicin versus standard of care:"
        " Final report and long-term survival follow-up from the randomized, phase 3 INO-VATE"
        " study.", publication_types=("Journal Article",), journal="Cancer",
        medline_ta="Cancer", databanks=(("ClinicalTrials.gov", "NCT01564784"),))
    pro = PubmedRecord(
        pmid="29508899", year="2018", title="Patient-reported outcomes from a phase 3"
        " randomized controlled trial of inotuzumab ozogamicin", medline_ta="Cancer",
        publication_types=("Journal Article",), databanks=(("ClinicalTrials.gov",
                                                           "NCT01564784"),))
    fake = seed_fake(fake_eutils_factory,
                     searches={"NCT01564784[si]": ["29508899", "30920645", "27292104"]})
    fake.add_records({r.pmid: record_to_xml(r).encode() for r in (final, pro)})
    bib = tmp_path / "suggested.bib"
    bib.write_text("@article{Keep2000,\n  title = {Kept as it was},\n  pmid = {1},\n}\n",
                   encoding="utf-8")
    code, out, err = run("discover", str(SEED), "--json", "--add", str(bib),
                         "--eutils-url", fake.url, "--cache", str(tmp_path / "c.sqlite"))
    assert code == 0, err
    found = json.loads(out)
    assert [(s["pmid"], s["relation"], s["rank"]) for s in found] == [
        ("30920645", "follow_up_of", 1), ("29508899", "secondary_analysis_of", 2)]
    text = bib.read_text(encoding="utf-8")
    assert text.startswith("@article{Keep2000,\n  title = {Kept as it was},")
    added = load(bib).references
    assert [r.pmid for r in added] == ["1", "30920645", "29508899"]
    assert "follow_up_of Kantarjian2016" in added[1].get_extra("refgraph-suggestion")
    code, _, err = run("discover", str(SEED), "--add", str(bib), "--eutils-url", fake.url,
                       "--cache", str(tmp_path / "c.sqlite"))
    assert "nothing to add" in err and bib.read_text(encoding="utf-8") == text
