"""``refgraph check`` against the fake E-utilities server (real socket, real recorded records)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from refgraph.cache import RecordCache
from refgraph.cache.records import store_xml
from refgraph.check import run_check
from refgraph.cli import cli
from refgraph.eutils.client import EutilsClient
from refgraph.export.bibtex import write_bibtex
from refgraph.model import Reference
from refgraph.pubmed.parse import parse_pubmed_xml, wrap_articles
from refgraph.pubmed.reference import record_to_reference
from refgraph.sources.bibtex import parse as parse_bibtex
from refgraph.testing import FakeEutils

DATA = Path(__file__).resolve().parent.parent / "data"
ROOT = DATA.parent.parent


@pytest.fixture(scope="module")
def fake() -> FakeEutils:
    with FakeEutils(records_dir=DATA / "eutils") as server:
        yield server  # type: ignore[misc]


def cited(fake: FakeEutils, pmid: str, key: str) -> Reference:
    raw = fake.record(pmid)
    assert raw is not None
    [record] = parse_pubmed_xml(wrap_articles([raw]))
    ref = record_to_reference(record, key=key)
    return replace(ref, keywords=(), publication_types=(), extra=())


def library(fake: FakeEutils) -> list[Reference]:
    return [
        cited(fake, "29768149", "correct"),
        replace(cited(fake, "29915538", "wrongpmid"), pmid="26568896"),
        Reference(key="unknown", pmid="99999999", title="A study nobody wrote",
                  journal="Imaginary J", year="2020", volume="1", pages="1-2"),
        cited(fake, "31844417", "retracted"),
        cited(fake, "35649368", "erratum"),
        cited(fake, "34529508", "comment"),
        replace(cited(fake, "38799617", "nopmid"), pmid=""),
    ]  # fmt: skip


EXPECTED = {
    "correct": "ok",
    "wrongpmid": "mismatch",
    "unknown": "not_found",
    "retracted": "retracted",
    "erratum": "ok",
    "comment": "ok",
    "nopmid": "no_pmid",
}


@pytest.fixture
def bib(fake: FakeEutils, tmp_path: Path) -> Path:
    path = tmp_path / "library.bib"
    path.write_text("% my library\n\n" + write_bibtex(library(fake)), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def check_json(fake: FakeEutils, bib: Path, tmp_path: Path, *extra: str) -> tuple[int, dict]:
    code, out, _ = run(
        "check", str(bib), "--from", "bibtex", "--json", "--eutils-url", fake.url,
        "--cache", str(tmp_path / "cache.sqlite"), *extra,
    )  # fmt: skip
    return code, json.loads(out)


def test_verdicts_notes_and_verified_suggestions(
    fake: FakeEutils, bib: Path, tmp_path: Path
) -> None:
    code, data = check_json(fake, bib, tmp_path)
    assert code == 1
    results = {r["key"]: r for r in data["results"]}
    assert [r["key"] for r in data["results"]] == list(EXPECTED)
    assert {k: r["verdict"] for k, r in results.items()} == EXPECTED
    assert results["wrongpmid"]["suggestion"] == {
        "pmid": "29915538", "verified": True, "via": "ecitmatch"
    }  # fmt: skip
    assert {d["field"] for d in results["wrongpmid"]["differences"]} >= {"title", "journal"}
    assert results["nopmid"]["suggestion"]["pmid"] == "38799617"
    assert results["unknown"]["suggestion"] is None
    assert results["correct"]["suggestion"] is None
    assert any("erratum published: PMID 35767954" in n for n in results["erratum"]["notes"])
    assert any("retraction notice: PMID 40251503" in n for n in results["retracted"]["notes"])
    assert any(
        "PubMed lists this record as a comment and an editorial (on PMID 34473563)" in n
        and "treats it as a study" in n
        for n in results["comment"]["notes"]
    ), results["comment"]["notes"]
    assert data["summary"]["mismatch"] == 1 and data["summary"]["total"] == 7


def test_html_report_has_every_verdict_the_json_has(
    fake: FakeEutils, bib: Path, tmp_path: Path
) -> None:
    page = tmp_path / "report" / "check.html"
    code, _, err = run("check", str(bib), "--from", "bibtex", "--eutils-url", fake.url,
                       "--cache", str(tmp_path / "cache.sqlite"), "--html", str(page))  # fmt: skip
    assert code == 1 and f"wrote {page}" in err
    html = page.read_text(encoding="utf-8")
    for key, verdict in EXPECTED.items():
        assert f'id="refgraph-check-{key}" data-verdict="{verdict}"' in html
    assert 'data-suggested="29915538"' in html and 'data-suggested="38799617"' in html
    assert "https://pubmed.ncbi.nlm.nih.gov/40251503/" in html  # the retraction notice
    code, _, err = run("check", str(bib), "--from", "bibtex", "--offline", "--html", str(bib))
    assert code == 2 and "% my library" in bib.read_text()  # never over its input


def test_server_failing_half_its_requests_gives_the_same_verdicts(
    fake: FakeEutils, tmp_path: Path
) -> None:
    refs = library(fake)
    with FakeEutils(records_dir=DATA / "eutils", rate_limit=None) as flaky:
        flaky.set_faults(["http500", "http503", "truncated_xml", "error_backend"], rate=0.5, seed=7)
        with EutilsClient(
            flaky.url, cache=RecordCache(tmp_path / "c.sqlite"), rate=50.0, backoff=0.01,
            max_tries=10,
        ) as client:  # fmt: skip
            report = run_check(refs, client)
        assert flaky.faults_injected > 0
    assert {r.key: r.verdict for r in report.results} == EXPECTED
    by_key = {r.key: r for r in report.results}
    assert by_key["wrongpmid"].suggestion is not None
    assert by_key["wrongpmid"].suggestion.pmid == "29915538"


def test_fix_rewrites_only_verified_pmids_and_keeps_a_backup(
    fake: FakeEutils, bib: Path, tmp_path: Path
) -> None:
    before = bib.read_text(encoding="utf-8")
    code, _, err = run(
        "check", str(bib), "--from", "bibtex", "--fix", "--eutils-url", fake.url,
        "--cache", str(tmp_path / "cache.sqlite"),
    )  # fmt: skip
    assert code == 1
    assert "wrongpmid: PMID 26568896 -> 29915538" in err
    assert "nopmid: PMID (none) -> 38799617" in err
    assert Path(str(bib) + ".bak").read_text(encoding="utf-8") == before
    after = bib.read_text(encoding="utf-8")
    assert after.startswith("% my library\n")
    refs = {r.key: r.pmid for r in parse_bibtex(after, str(bib)).references}
    assert refs["wrongpmid"] == "29915538" and refs["nopmid"] == "38799617"
    assert refs["unknown"] == "99999999"  # no verified suggestion: untouched
    # only the two PMIDs changed
    assert len(after) - len(before) == len("\n  pmid = {38799617},")
    code, data = check_json(fake, bib, tmp_path)
    assert {r["key"]: r["verdict"] for r in data["results"]}["wrongpmid"] == "ok"


def test_seed_checks_clean_offline_against_the_shipped_snapshot(tmp_path: Path) -> None:
    seed = ROOT / "refs" / "inotuzumab-ozogamicin.txt"
    code, out, _ = run(
        "check", str(seed), "--from", "livertox", "--offline",
        "--cache", str(tmp_path / "c.sqlite"),
    )  # fmt: skip
    assert code == 0, out
    assert out.rstrip().endswith("10 references: 10 ok")


def test_offline_without_cache_leaves_references_unchecked_and_exits_1(
    bib: Path, tmp_path: Path
) -> None:
    # issue 10: offline with nothing cached used to exit 2 with no verdict at all
    empty = str(tmp_path / "empty.sqlite")
    code, out, err = run("check", str(bib), "--from", "bibtex", "--offline", "--json",
                         "--cache", empty)  # fmt: skip
    assert code == 1, err
    results = {r["key"]: r for r in json.loads(out)["results"]}
    assert {k: r["verdict"] for k, r in results.items()} == {
        k: ("no_pmid" if v == "no_pmid" else "unchecked") for k, v in EXPECTED.items()
    }
    assert "not available (offline" in results["correct"]["notes"][0]
    assert any("no suggestion offline" in n for n in results["nopmid"]["notes"])


def test_offline_with_the_records_cached_gives_every_verdict(
    fake: FakeEutils, bib: Path, tmp_path: Path
) -> None:
    # issue 10: `check wrong.bib --offline` with the records cached (but not the searches
    # for better PMIDs) prints the verdicts; a mismatch keeps its verdict, exit 1
    cache = tmp_path / "records.sqlite"
    with RecordCache(cache) as store:
        store_xml(store, [raw for p in ("29768149", "26568896", "31844417", "35649368",
                                        "34529508") if (raw := fake.record(p))])
    code, out, err = run("check", str(bib), "--from", "bibtex", "--offline", "--cache",
                         str(cache))  # fmt: skip
    assert code == 1, err
    assert "mismatch" in out and "no suggestion offline" in out
    code, out, _ = run("check", str(bib), "--from", "bibtex", "--offline", "--json",
                       "--cache", str(cache))  # fmt: skip
    results = {r["key"]: r for r in json.loads(out)["results"]}
    assert {k: r["verdict"] for k, r in results.items()} == {**EXPECTED, "unknown": "unchecked"}
    assert results["wrongpmid"]["suggestion"] is None
    assert any("no suggestion offline" in n for n in results["wrongpmid"]["notes"])


def test_unusable_input_exits_2(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "missing.bib"))
    assert code == 2
    assert "missing.bib" in err


def test_strict_fails_on_missing_pmid_even_when_the_rest_is_ok(
    fake: FakeEutils, tmp_path: Path
) -> None:
    bib = tmp_path / "two.bib"
    good = cited(fake, "29768149", "correct")
    bib.write_text(write_bibtex([good, replace(cited(fake, "38799617", "x"), pmid="")]))
    code, data = check_json(fake, bib, tmp_path)
    assert code == 0
    assert data["summary"]["no_pmid"] == 1
    code, _ = check_json(fake, bib, tmp_path, "--strict")
    assert code == 1


def test_fix_needs_a_single_bib_input(tmp_path: Path) -> None:
    seed = ROOT / "refs" / "inotuzumab-ozogamicin.txt"
    code, _, err = run("check", str(seed), "--fix", "--offline")
    assert code == 2
    assert "--fix" in err


def test_wrong_bib_offline_with_the_snapshot_beside_it_prints_every_verdict(
    tmp_path: Path,
) -> None:
    # issue 10: Lamb 2017 given Kantarjian 2017's PMID, checked offline against the
    # snapshot folder beside the file: verdicts, the mismatch, exit 1 (never 2)
    from refgraph.sources import livertox

    seed = ROOT / "refs" / "inotuzumab-ozogamicin.txt"
    refs = list(livertox.parse(seed.read_text(encoding="utf-8"), str(seed)).references)
    refs = [replace(r, pmid="28687420") if r.key == "Lamb2017" else r for r in refs]
    folder = tmp_path / "lib"
    (folder / "pubmed").mkdir(parents=True)
    for xml in (ROOT / "refs" / "pubmed").glob("*.xml"):
        (folder / "pubmed" / xml.name).write_bytes(xml.read_bytes())
    wrong = folder / "wrong.bib"
    wrong.write_text(write_bibtex(refs), encoding="utf-8")
    code, out, err = run("check", str(wrong), "--offline", "--json",
                         "--cache", str(tmp_path / "c.sqlite"))  # fmt: skip
    assert code == 1, err
    results = {r["key"]: r for r in json.loads(out)["results"]}
    assert len(results) == 10
    assert results["Lamb2017"]["verdict"] == "mismatch"
    assert any("no suggestion offline" in n for n in results["Lamb2017"]["notes"])
    assert all(r["verdict"] == "ok" for k, r in results.items() if k != "Lamb2017")
