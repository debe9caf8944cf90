"""The index as a record source: ``check --index`` gives what ``check`` gives against NCBI."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from refgraph.cli import cli
from refgraph.export.bibtex import write_bibtex
from refgraph.model import Reference
from refgraph.pubmed.index.source import IndexSource
from refgraph.pubmed.index.store import PubmedIndex
from refgraph.pubmed.parse import parse_pubmed_xml, wrap_articles
from refgraph.pubmed.reference import record_to_reference
from refgraph.pubmed.source import CitationQuery
from refgraph.testing import FakeEutils
from refgraph.testing.baseline import Synthetic

DATA = Path(__file__).resolve().parents[2] / "data" / "eutils"
PUBLISHER_PMID = "29768149"  # a real record that is not in the synthetic files


def _final_raw(syn: Synthetic) -> dict[str, bytes]:
    """The raw XML of every live record after all files (what NCBI would serve now)."""
    raw: dict[str, bytes | None] = {}
    for path in sorted(syn.baseline.glob("*.gz")) + sorted(syn.updates.glob("*.gz")):
        with gzip.open(path) as stream:
            for _, el in etree.iterparse(stream, tag=("PubmedArticle", "DeleteCitation")):
                if el.tag == "DeleteCitation":
                    raw.update({p.text or "": None for p in el.iter("PMID")})
                else:
                    raw[el.findtext("MedlineCitation/PMID") or ""] = etree.tostring(el)
    return {p: x for p, x in raw.items() if x is not None}


@pytest.fixture(scope="module")
def served(synthetic: Synthetic) -> dict[str, bytes]:
    records = _final_raw(synthetic)
    extra = FakeEutils(records_dir=DATA).record(PUBLISHER_PMID)
    assert extra is not None
    return {**records, PUBLISHER_PMID: extra}


def _ref(served: dict[str, bytes], pmid: str, key: str) -> Reference:
    [record] = parse_pubmed_xml(wrap_articles([served[pmid]]))
    return replace(record_to_reference(record, key=key), keywords=(), publication_types=(),
                   extra=())  # fmt: skip


def _library(syn: Synthetic, served: dict[str, bytes]) -> list[Reference]:
    first = str(syn.first_pmid)
    paper, _ = next(iter(syn.retracted.items()))
    erratum, _ = next(iter(syn.errata.items()))
    no_volume = replace(_ref(served, str(syn.first_pmid + 7), "titleonly"), pmid="", volume="")
    return [
        _ref(served, first, "correct"),
        replace(_ref(served, str(syn.first_pmid + 3), "wrongpmid"), pmid=str(syn.first_pmid + 4)),
        replace(_ref(served, str(syn.first_pmid + 5), "nopmid"), pmid=""),
        no_volume,
        _ref(served, str(paper), "retracted"),
        _ref(served, str(erratum), "erratum"),
        _ref(served, PUBLISHER_PMID, "publisher"),
        Reference(key="unknown", pmid="99999999", title="A study nobody wrote",
                  journal="Imaginary J", year="2020", volume="1", pages="1-2"),
    ]  # fmt: skip


def _check(bib: Path, *args: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(cli, ["check", str(bib), "--json", *args],
                                catch_exceptions=False)  # fmt: skip
    return result.exit_code, json.loads(result.stdout)


def test_check_with_the_index_gives_the_check_json_of_the_fake_ncbi(
    synthetic: Synthetic, served: dict[str, bytes], index: Path, tmp_path: Path,
    fake_eutils_factory: Callable[..., FakeEutils],
) -> None:  # fmt: skip
    fake = fake_eutils_factory(served, rate_limit=None, key_rate_limit=None)
    bib = tmp_path / "refs.bib"
    bib.write_text(write_bibtex(_library(synthetic, served)), encoding="utf-8")
    online = _check(bib, "--eutils-url", fake.url, "--cache", str(tmp_path / "a.sqlite"))
    fake.clear_requests()
    local = _check(bib, "--index", str(index), "--eutils-url", fake.url,
                   "--cache", str(tmp_path / "b.sqlite"))  # fmt: skip
    for a, b in zip(local[1]["results"], online[1]["results"], strict=True):  # type: ignore[call-overload]
        assert a == b
    assert local == online
    verdicts = {r["key"]: r["verdict"] for r in online[1]["results"]}  # type: ignore[index]
    assert verdicts["retracted"] == "retracted" and verdicts["wrongpmid"] == "mismatch"
    suggestions = {r["key"]: r["suggestion"] for r in online[1]["results"]}  # type: ignore[index]
    assert suggestions["wrongpmid"]["via"] == "ecitmatch"
    assert suggestions["titleonly"]["via"] == "esearch"
    # With the index, NCBI is asked only about what the files lack.
    asked = {pmid for request in fake.requests for pmid in request.ids}
    assert asked <= {PUBLISHER_PMID, "99999999"}


def test_offline_a_pmid_the_index_lacks_is_unchecked_and_a_deleted_one_names_its_file(
    synthetic: Synthetic, served: dict[str, bytes], index: Path, tmp_path: Path
) -> None:
    gone = synthetic.deleted_same_file[0]
    refs = [_ref(served, PUBLISHER_PMID, "publisher"),
            _ref(served, str(synthetic.first_pmid), "ok"),
            Reference(key="gone", pmid=str(gone), title="Deleted", journal="J", year="2020")]
    bib = tmp_path / "refs.bib"
    bib.write_text(write_bibtex(refs), encoding="utf-8")
    code, data = _check(bib, "--index", str(index), "--offline",
                        "--cache", str(tmp_path / "c.sqlite"))  # fmt: skip
    results = {r["key"]: r for r in data["results"]}  # type: ignore[attr-defined]
    assert results["publisher"]["verdict"] == "unchecked"
    assert results["ok"]["verdict"] == "ok"
    assert results["gone"]["verdict"] == "not_found"
    update = sorted(p.name for p in synthetic.updates.glob("*.xml.gz"))[1]
    assert any(f"deleted from PubMed (<DeleteCitation> in {update})" in n
               for n in results["gone"]["notes"])  # fmt: skip
    assert code == 1


def test_index_answers_citation_matches_trials_and_references(
    synthetic: Synthetic, index: Path
) -> None:
    source = IndexSource(PubmedIndex(index))
    record = source.fetch_records([str(synthetic.first_pmid)]).records[str(synthetic.first_pmid)]
    query = CitationQuery("q", record.journal, record.year, record.volume, record.first_page)
    assert source.ecitmatch([query])["q"].pmid == record.pmid
    miss = CitationQuery("m", record.journal, record.year, "999999", "1")
    assert source.ecitmatch([miss])["m"].status == "not_found"
    paper, trial = next(iter(synthetic.trials.items()))
    assert source.esearch(f"{trial}[si]") == (str(paper),)
    assert source.esearch(record.title, retmax=5)[0] == record.pmid
    refs = source.elink([record.pmid], "pubmed_pubmed_refs")
    assert refs == {record.pmid: record.references}
    with pytest.raises(Exception, match="offline"):
        source.fetch_records(["1"])


@pytest.mark.parametrize("workers", ["0", "2"])
def test_per_document_bulk_check_gives_each_document_its_own_check_json(
    workers: str, synthetic: Synthetic, served: dict[str, bytes], index: Path, tmp_path: Path
) -> None:
    library = _library(synthetic, served)
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    gone = Reference(key="gone", pmid=str(synthetic.deleted_same_file[0]), title="Deleted")
    for i in range(5):
        chosen = [*library[i : i + 4], *([gone] if i == 2 else [])]
        folder = docs / "sub" if i % 2 else docs
        (folder / f"doc{i}.bib").write_text(write_bibtex(chosen), encoding="utf-8")
    out = tmp_path / "results"
    result = CliRunner().invoke(cli, [
        "check", str(docs), "--index", str(index), "--per-document", "-o", str(out),
        "--workers", workers, "--engine", "processes", "--offline",
        "--cache", str(tmp_path / "c.sqlite")], catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 1  # mismatches, retractions and a deleted PMID among them
    summary = json.loads((out / "summary.json").read_text())
    assert len(summary["documents"]) == 5
    for doc in sorted(docs.rglob("*.bib")):
        name = doc.relative_to(docs)
        _, alone = _check(doc, "--index", str(index), "--offline",
                          "--cache", str(tmp_path / "c.sqlite"))  # fmt: skip
        assert json.loads((out / f"{name}.check.json").read_text()) == alone, name
    assert summary["totals"]["not_found"] >= 1
    assert not list(out.glob(".bulk-*"))


def test_build_and_graph_read_records_from_the_index_offline(
    synthetic: Synthetic, served: dict[str, bytes], index: Path, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(write_bibtex(_library(synthetic, served)[:3]), encoding="utf-8")
    cache = ["--cache", str(tmp_path / "c.sqlite"), "--offline"]
    without = CliRunner().invoke(cli, ["build", str(bib), "-o", str(tmp_path / "a"), *cache])
    result = CliRunner().invoke(cli, ["build", str(bib), "-o", str(tmp_path / "out"),
                                      "--index", str(index), *cache])  # fmt: skip
    assert without.exception is None and result.exception is None, result.stderr
    report = json.loads((tmp_path / "out" / "check.json").read_text())
    verdicts = [r["verdict"] for r in report["results"]]
    assert verdicts == ["ok", "mismatch", "no_pmid"]  # without the index: all unchecked
    assert report["results"][2]["suggestion"]["pmid"] == str(synthetic.first_pmid + 5)
    before = json.loads((tmp_path / "a" / "check.json").read_text())
    assert [r["verdict"] for r in before["results"]][:2] == ["unchecked", "unchecked"]
    graph = CliRunner().invoke(cli, ["graph", str(bib), "--format", "json", "--index",
                                     str(index), *cache])  # fmt: skip
    assert graph.exit_code == 0 and str(synthetic.first_pmid) in graph.stdout
