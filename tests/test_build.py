"""The main job end to end, as a library call (``refgraph.build.run_build``)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from conftest import ROOT, SEED, SEED_PMIDS
from refgraph.build import run_build
from refgraph.config import resolve_settings
from refgraph.sources import load, load_many
from refgraph.testing.fake_eutils import FakeEutils

SNAPSHOT = ROOT / "refs" / "pubmed"
EXPECTED_FILES = {
    "inotuzumab-ozogamicin.bib", "inotuzumab-ozogamicin.enriched.bib", "check.json",
    "check.txt", "check.html", "graph.html", "graph.graphml", "graph.json",
    "bibliography.livertox.txt", "bibliography.md", "bibliography.html", "build.json",
}  # fmt: skip


def _settings(tmp_path: Path, **overrides: object) -> object:
    values = {"cache_path": tmp_path / "cache.sqlite", **overrides}
    return resolve_settings(values, environ={}, cwd=tmp_path)


def _edges(graph_json: Path) -> set[tuple[str, str, str]]:
    data = json.loads(graph_json.read_text())
    g = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    pmid = {n: d.get("pmid") or n for n, d in g.nodes(data=True)}
    return {(pmid[u], pmid[v], d["relation"]) for u, v, d in g.edges(data=True)}


def test_seed_builds_offline_from_the_shipped_snapshot(tmp_path: Path) -> None:
    settings = _settings(tmp_path, offline=True, snapshot_dirs=(SNAPSHOT,))
    report = run_build([SEED], tmp_path / "out", settings)

    assert {p.name for p in report.files} == EXPECTED_FILES
    assert all((tmp_path / "out" / name).stat().st_size > 0 for name in EXPECTED_FILES)
    assert report.references == 10 and report.requests == 0 and report.missing == ()
    assert report.check.counts == {"ok": 10}
    assert [p.kind for p in report.problems] == [
        "fragment",
        "orphan_annotation",
        "orphan_annotation",
    ]
    # the .bib reads back to the same ten references, annotations included
    bib = load(tmp_path / "out" / "inotuzumab-ozogamicin.bib")
    assert [r.pmid for r in bib.references] == list(SEED_PMIDS)
    assert bib.references[2].annotation.startswith("Further follow up of patients")
    # the enriched .bib gained what PubMed knows and the citation lacked
    enriched = load(tmp_path / "out" / "inotuzumab-ozogamicin.enriched.bib").references
    assert enriched[1].doi and "x-pubmed-fields" in dict(enriched[1].extra)
    # the follow-up graph links the studies of the INO-VATE trial
    edges = _edges(tmp_path / "out" / "graph.json")
    assert ("27959739", "27292104", "follow_up_of") in edges
    assert ("28687420", "27292104", "secondary_analysis_of") in edges
    reports = {u for u, v, rel in edges if rel == "reports" and v == "NCT01564784"}
    assert {"27292104", "28687420"} <= reports
    check = json.loads((tmp_path / "out" / "check.json").read_text())
    assert [r["verdict"] for r in check["results"]] == ["ok"] * 10
    assert "10 references: 10 ok" in (tmp_path / "out" / "check.txt").read_text()
    livertox = (tmp_path / "out" / "bibliography.livertox.txt").read_text()
    assert "Lancet Haematol. 2017;4:e387–e398. PubMed PMID: 28687420." in livertox


def test_offline_without_records_still_builds_and_says_what_is_missing(tmp_path: Path) -> None:
    lonely = tmp_path / "in" / "seed.txt"
    lonely.parent.mkdir()
    shutil.copy(SEED, lonely)  # no pubmed/ snapshot beside it
    report = run_build([lonely], tmp_path / "out", _settings(tmp_path, offline=True))
    assert set(report.missing) == set(SEED_PMIDS)
    assert report.check.counts == {"unchecked": 10}
    assert any("not available" in line for line in report.summary_lines())
    assert (tmp_path / "out" / "graph.html").exists()
    # without records only annotation cross-references link the studies
    assert ("27959739", "27292104", "follow_up_of") in _edges(tmp_path / "out" / "graph.json")


def test_online_build_fetches_once_then_runs_from_the_cache(
    tmp_path: Path, fake_eutils_factory: Callable[..., FakeEutils]
) -> None:
    fake = fake_eutils_factory(records_dir=SNAPSHOT, rate_limit=None)
    settings = _settings(tmp_path, eutils_url=fake.url, email="dev@example.org")
    first = run_build([SEED], tmp_path / "out1", settings)
    assert first.check.counts == {"ok": 10} and first.requests >= 1
    fetched = [r for r in fake.requests if r.endpoint == "efetch"]
    assert sorted(i for r in fetched for i in r.ids) == sorted(SEED_PMIDS)
    assert all(r.params.get("email") == ["dev@example.org"] for r in fake.requests)
    second = run_build([SEED], tmp_path / "out2", settings)
    assert second.requests == 0
    for name in ("inotuzumab-ozogamicin.bib", "graph.json", "bibliography.md"):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes()


def test_many_inputs_make_one_library(tmp_path: Path) -> None:
    folder = tmp_path / "refs"
    (folder / "pubmed").mkdir(parents=True)
    for f in SNAPSHOT.glob("*.xml"):
        shutil.copy(f, folder / "pubmed" / f.name)
    shutil.copy(SEED, folder / "a.txt")
    shutil.copy(SEED, folder / "b.txt")
    settings = _settings(tmp_path, offline=True, snapshot_dirs=(folder / "pubmed",))
    report = run_build([folder / "a.txt", folder / "b.txt"], tmp_path / "out", settings)
    assert report.references == 10  # the same works cited twice are one reference each
    assert [r.pmid for r in load(tmp_path / "out" / "library.bib").references] == list(SEED_PMIDS)
    merged = load_many([folder / "a.txt", folder / "b.txt"]).references
    assert all(
        [o.path for o in r.origins] == [str(folder / "a.txt"), str(folder / "b.txt")]
        for r in merged
    )


def test_empty_input_is_unusable(tmp_path: Path) -> None:
    from refgraph.errors import SourceError

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(SourceError, match="no references"):
        run_build([empty], tmp_path / "out", _settings(tmp_path, offline=True))
    assert not (tmp_path / "out").exists()


def test_a_pmid_given_to_two_works_reaches_every_output_twice(tmp_path: Path) -> None:
    """Lamb 2017 given Kantarjian 2017's PMID: ten citations in, ten references everywhere."""
    text = SEED.read_text(encoding="utf-8").replace("PMID: 28819740", "PMID: 28687420")
    wrong = tmp_path / "seed-wrong.txt"
    wrong.write_text(text, encoding="utf-8")
    settings = _settings(tmp_path, offline=True, snapshot_dirs=(SNAPSHOT,))
    report = run_build([wrong], tmp_path / "out", settings)  # type: ignore[arg-type]
    out = tmp_path / "out"
    assert report.references == 10
    assert [p.kind for p in report.problems].count("pmid_conflict") == 1
    verdicts = {r.key: r.verdict for r in report.check.results}
    assert len(verdicts) == 10
    assert (verdicts["Lamb2017"], verdicts["Kantarjian2017"]) == ("mismatch", "ok")
    check = json.loads((out / "check.json").read_text())
    assert {r["key"] for r in check["results"]} == set(verdicts)
    for name in ("seed-wrong.bib", "seed-wrong.enriched.bib"):
        assert (out / name).read_text().count("\n@") + 1 == 10, name
    enriched = (out / "seed-wrong.enriched.bib").read_text().split("@article{Lamb2017,")[1]
    lamb = enriched.split("\n}\n")[0]
    assert "Lancet" not in lamb and "doi" not in lamb  # nothing filled from the wrong record
    graph = json.loads((out / "graph.json").read_text())
    nodes = {n["id"]: n for n in graph["nodes"] if n.get("kind") == "reference"}
    assert set(nodes) == set(verdicts)
    assert nodes["Lamb2017"]["annotation"].startswith("Review of the history")
    assert not nodes["Kantarjian2017"]["annotation"].startswith("Review of the history")
    for name in ("bibliography.md", "bibliography.livertox.txt", "bibliography.html"):
        page = (out / name).read_text()
        assert "first global approval" in page and "Hepatic adverse event profile" in page
