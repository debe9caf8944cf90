"""RIS export: what reference managers import, read back by refgraph's own RIS reader."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.export.ris import ris_author, write_ris
from refgraph.model import Author, Reference
from refgraph.sources import ris

from ._refs import bibliographic, references, seed_references


def test_seed_round_trips_through_refgraphs_ris_reader() -> None:
    refs = seed_references()
    back = ris.parse(write_ris(refs), "seed.ris")
    assert back.problems == ()
    assert [bibliographic(r) for r in back.references] == [bibliographic(r) for r in refs]


@settings(max_examples=examples(60))
@given(st.lists(references(), min_size=1, max_size=5))
def test_generated_references_round_trip(refs: list[Reference]) -> None:
    back = ris.parse(write_ris(refs), "gen.ris")
    assert back.problems == ()
    assert [bibliographic(r) for r in back.references] == [bibliographic(r) for r in refs]


def test_record_layout_and_page_split() -> None:
    ref = Reference(
        key="K", pmid="27292104", title="T", journal="N Engl J Med",
        journal_full="The New England journal of medicine", year="2016",
        volume="375", issue="8", pages="740-753", doi="10.1056/x", pmcid="PMC1",
    )  # fmt: skip
    lines = write_ris([ref]).splitlines()
    assert lines[0] == "TY  - JOUR" and lines[-2] == "ER  - " and lines[-1] == ""
    for expected in (
        "T2  - The New England journal of medicine", "J2  - N Engl J Med",
        "SP  - 740", "EP  - 753", "AN  - 27292104", "DO  - 10.1056/x", "C2  - PMC1",
    ):  # fmt: skip
        assert expected in lines


def test_multiline_annotation_stays_one_field() -> None:
    text = write_ris([Reference(key="K", annotation="one\ntwo\n\nthree")])
    assert "N1  - one two three" in text.splitlines()


def test_authors() -> None:
    assert ris_author(Author(last="Kantarjian", initials="HM")) == "Kantarjian, H. M."
    assert ris_author(Author(last="Goy", first="Andre")) == "Goy, Andre"
    assert ris_author(Author(collective="INO-VATE Investigators")) == "INO-VATE Investigators,"
    back = ris.parse(write_ris([Reference(key="K", authors=(
        Author(collective="INO-VATE Investigators"), Author(last="Goy", first="Andre")))]), "k")
    goy = Author(last="Goy", first="Andre", initials="A")
    assert back.references[0].authors == (Author(collective="INO-VATE Investigators"), goy)
