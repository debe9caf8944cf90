"""One PMID given to two works: both kept, ``check`` tells which one PubMed supports.

The seed with Lamb 2017 given Kantarjian 2017's PMID (28687420), in every format refgraph
reads for lists with PMIDs; checked against the shipped snapshot records, offline and through
the fake E-utilities server (which finds Lamb's right PMID by ECitMatch).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED, count_calls, distinct_works
from refgraph.check import check_library
from refgraph.check.results import CheckReport
from refgraph.cli import cli
from refgraph.pubmed.parse import parse_pubmed_xml
from refgraph.sources import load_many
from refgraph.testing import FakeEutils

SNAPSHOT = ROOT / "refs" / "pubmed"
WRONG, RIGHT = "28687420", "28819740"  # Kantarjian 2017's PMID, Lamb 2017's own

BIB = f"""@article{{Kantarjian2017,
  author = {{Kantarjian, H. M. and DeAngelo, D. J. and Advani, A. S.}},
  title = {{Hepatic adverse event profile of inotuzumab ozogamicin in adult patients with
    relapsed or refractory acute lymphoblastic leukaemia: results from the open-label,
    randomised, phase 3 INO-VATE study}},
  journal = {{Lancet Haematol}}, year = {{2017}}, volume = {{4}}, pages = {{e387--e398}},
  pmid = {{{WRONG}}},
}}

@article{{Lamb2017,
  author = {{Lamb, Y. N.}},
  title = {{Inotuzumab ozogamicin: first global approval}},
  journal = {{Drugs}}, year = {{2017}}, volume = {{77}}, pages = {{1603--1610}},
  pmid = {{{WRONG}}},
}}
"""
RIS = f"""TY  - JOUR
AU  - Kantarjian, HM
AU  - DeAngelo, DJ
TI  - Hepatic adverse event profile of inotuzumab ozogamicin in adult patients with relapsed or refractory acute lymphoblastic leukaemia: results from the open-label, randomised, phase 3 INO-VATE study
J2  - Lancet Haematol
PY  - 2017
VL  - 4
SP  - e387
EP  - e398
AN  - {WRONG}
ER  -
TY  - JOUR
AU  - Lamb, YN
TI  - Inotuzumab ozogamicin: first global approval
J2  - Drugs
PY  - 2017
VL  - 77
SP  - 1603
EP  - 10
AN  - {WRONG}
ER  -
"""  # noqa: E501
NBIB = f"""PMID- {WRONG}
TI  - Hepatic adverse event profile of inotuzumab ozogamicin in adult patients with
      relapsed or refractory acute lymphoblastic leukaemia: results from the open-label,
      randomised, phase 3 INO-VATE study.
DP  - 2017 Aug
VI  - 4
PG  - e387-e398
AU  - Kantarjian HM
TA  - Lancet Haematol

PMID- {WRONG}
TI  - Inotuzumab ozogamicin: first global approval.
DP  - 2017 Sep
VI  - 77
PG  - 1603-1610
AU  - Lamb YN
TA  - Drugs
"""


def _inputs(tmp_path: Path) -> dict[str, Path]:
    seed = tmp_path / "seed-wrong.txt"
    seed.write_text(SEED.read_text(encoding="utf-8").replace(f"PMID: {RIGHT}", f"PMID: {WRONG}"),
                    encoding="utf-8")
    out = {"livertox": seed}
    for name, text in (("bib", BIB), ("ris", RIS), ("nbib", NBIB)):
        out[name] = tmp_path / f"wrong.{name}"
        out[name].write_text(text, encoding="utf-8")
    return out


def _snapshot() -> dict[str, object]:
    records = {}
    for path in sorted(SNAPSHOT.glob("*.xml")):
        records.update({r.pmid: r for r in parse_pubmed_xml(path.read_bytes())})
    return records


def _verdicts(report: CheckReport) -> dict[str, str]:
    return {r.key: r.verdict for r in report.results}


@pytest.mark.parametrize("fmt", ["livertox", "bib", "ris", "nbib"])
def test_the_wrong_one_is_a_mismatch_and_the_right_one_ok(tmp_path: Path, fmt: str) -> None:
    lib = load_many([_inputs(tmp_path)[fmt]])
    results, _ = check_library(lib.references, _snapshot())
    report = CheckReport(tuple(results))
    verdicts = _verdicts(report)
    assert len(verdicts) == len(lib.references) == (10 if fmt == "livertox" else 2)
    assert (verdicts["Lamb2017"], verdicts["Kantarjian2017"]) == ("mismatch", "ok")
    by_key = {r.key: r for r in report.results}
    assert by_key["Lamb2017"].conflicts == ("Kantarjian2017",)
    (lamb,) = [n for n in by_key["Lamb2017"].notes if n.startswith("pmid_conflict")]
    (kantarjian,) = [n for n in by_key["Kantarjian2017"].notes if n.startswith("pmid_conflict")]
    assert f"PMID {WRONG} is also given to Kantarjian2017" in lamb
    assert "PubMed's record is Kantarjian2017, not this" in lamb
    assert "Lamb2017" in kantarjian and "PubMed's record is this one" in kantarjian
    assert report.conflicts == (("Kantarjian2017", "Lamb2017"),) and not report.duplicates
    assert "1 PMID conflict" in report.summary_line() and not report.clean


@pytest.mark.parametrize("fmt", ["livertox", "bib", "ris", "nbib"])
def test_check_online_suggests_the_verified_right_pmid(
    tmp_path: Path, fmt: str, fake_eutils_factory: Callable[..., FakeEutils]
) -> None:
    fake = fake_eutils_factory(records_dir=SNAPSHOT, rate_limit=None, key_rate_limit=None)
    path = _inputs(tmp_path)[fmt]
    result = CliRunner().invoke(cli, [
        "check", str(path), "--json", "--eutils-url", fake.url,
        "--cache", str(tmp_path / "c.sqlite")], catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    by_key = {r["key"]: r for r in data["results"]}
    assert len(by_key) == (10 if fmt == "livertox" else 2)
    lamb, kantarjian = by_key["Lamb2017"], by_key["Kantarjian2017"]
    assert (lamb["verdict"], kantarjian["verdict"]) == ("mismatch", "ok")
    assert lamb["suggestion"] == {"pmid": RIGHT, "verified": True, "via": "ecitmatch"}
    assert kantarjian["suggestion"] is None
    assert data["summary"]["conflicts"] == [["Kantarjian2017", "Lamb2017"]]
    assert "pmid_conflict" in result.stderr  # the input problem names both lines


def test_a_pmid_on_many_works_is_weighed_and_named_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """500 works given one PMID were 125,000 comparisons (16 s) and each note named all 499
    others: each work is weighed against 16, each note names three and counts the rest."""
    from refgraph.check import notes

    calls = count_calls(monkeypatch, notes, "same_work")
    found, _, conflicts = notes.duplicates(distinct_works(60, WRONG), {})
    assert calls[0] <= 60 * 16
    assert conflicts[0] == tuple(f"W{i}" for i in range(1, 60))  # every rival still listed
    assert found[0][0] == (f"pmid_conflict: PMID {WRONG} is also given to W1, W2, W3 and 56 "
                           "more, a different work; PubMed has no record to tell which is right")
