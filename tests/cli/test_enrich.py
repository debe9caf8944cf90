"""``refgraph enrich`` against the fake E-utilities server with real recorded records."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.sources.bibtex import parse as parse_bibtex
from refgraph.testing import FakeEutils

DATA = Path(__file__).resolve().parent.parent / "data"
USER_TITLE = "Inhaled budesonide-formoterol as needed in mild asthma"  # PubMed's, reworded

LIBRARY = """% Hand-kept library: this comment must survive.
@preamble{"\\newcommand{\\noop}[1]{}"}

@article{obyrne2018,
  author = {O'Byrne, P. M. and others},
  title = {Inhaled budesonide-formoterol as needed in mild asthma},
  pmid = {29768149},
  annote = {Among 3849 patients with mild asthma ...},
  owner = {alice},
  rating = {5},
}

@article{li2019,
  pmid = {31844417},
  year = {2019},
}

@misc{nopmid,
  title = {Something without a PMID},
  howpublished = {a hallway conversation},
}
"""


@pytest.fixture(scope="module")
def fake() -> FakeEutils:
    with FakeEutils(records_dir=DATA / "eutils") as server:
        yield server  # type: ignore[misc]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def enrich_in_place(fake: FakeEutils, bib: Path, *extra: str) -> tuple[int, str, str]:
    cache = str(bib.parent / "cache.sqlite")
    return run("enrich", str(bib), "--in-place", "--eutils-url", fake.url, "--cache", cache, *extra)


def test_enrich_fills_keeps_user_values_and_second_run_is_a_no_op(
    fake: FakeEutils, tmp_path: Path
) -> None:
    bib = tmp_path / "library.bib"
    bib.write_text(LIBRARY, encoding="utf-8")
    code, _, err = enrich_in_place(fake, bib)
    assert code == 0, err
    first = bib.read_text(encoding="utf-8")
    assert Path(str(bib) + ".bak").read_text(encoding="utf-8") == LIBRARY
    # comments, @preamble and the untouched entry are kept byte for byte
    assert first.startswith(LIBRARY.split("@article{obyrne2018")[0])
    assert LIBRARY.split("@misc")[1] in first
    refs = {r.key: r for r in parse_bibtex(first, str(bib)).references}
    trial = refs["obyrne2018"]
    assert trial.title == USER_TITLE  # user's value kept
    assert trial.annotation.startswith("Among 3849 patients")
    assert ("owner", "alice") in trial.extra and ("rating", "5") in trial.extra
    assert trial.trials == ("NCT02149199",)
    assert trial.doi and trial.journal == "N Engl J Med" and len(trial.authors) > 1
    assert trial.authors[0].first == "Paul M"  # full first names from PubMed
    assert "title" not in trial.get_extra("x-pubmed-fields")
    assert "author" in trial.get_extra("x-pubmed-fields")
    assert f"obyrne2018: title: yours '{USER_TITLE}' (kept)" in err
    assert refs["li2019"].doi and refs["li2019"].pmcid
    assert "Retracted Publication" in refs["li2019"].publication_types
    assert "2 references" not in err and "3 references: 2 enriched" in err

    code, _, err = enrich_in_place(fake, bib)
    assert code == 0
    assert bib.read_text(encoding="utf-8") == first  # byte for byte
    assert "0 enriched" in err


def test_overwrite_replaces_user_values(fake: FakeEutils, tmp_path: Path) -> None:
    bib = tmp_path / "library.bib"
    bib.write_text(LIBRARY, encoding="utf-8")
    code, _, err = enrich_in_place(fake, bib, "--overwrite")
    assert code == 0
    refs = {r.key: r for r in parse_bibtex(bib.read_text(encoding="utf-8"), "x").references}
    assert refs["obyrne2018"].title.startswith("Inhaled Combined Budesonide-Formoterol")
    assert "(replaced by PubMed's)" in err


def test_output_file_and_stdout(fake: FakeEutils, tmp_path: Path) -> None:
    bib = tmp_path / "library.bib"
    bib.write_text(LIBRARY, encoding="utf-8")
    cache = str(tmp_path / "c.sqlite")
    out = tmp_path / "out.bib"
    code, _, _ = run("enrich", str(bib), "-o", str(out), "--eutils-url", fake.url, "--cache", cache)
    assert code == 0
    assert bib.read_text(encoding="utf-8") == LIBRARY
    code, stdout, _ = run("enrich", str(bib), "--eutils-url", fake.url, "--cache", cache)
    assert code == 0
    assert stdout == out.read_text(encoding="utf-8")


def test_output_and_in_place_together_is_an_error(tmp_path: Path) -> None:
    bib = tmp_path / "library.bib"
    bib.write_text(LIBRARY, encoding="utf-8")
    code, _, err = run("enrich", str(bib), "-o", str(tmp_path / "x.bib"), "--in-place")
    assert code == 2
    assert "not both" in err
