"""MEDLINE/.nbib export, read back by refgraph's own MEDLINE reader."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.export.nbib import write_nbib
from refgraph.model import Author, Reference
from refgraph.sources import medline

from ._refs import bibliographic, references, seed_references


def test_seed_round_trips_through_refgraphs_medline_reader() -> None:
    refs = seed_references()
    back = medline.parse(write_nbib(refs), "seed.nbib")
    assert back.problems == ()
    got = [(bibliographic(r), r.et_al) for r in back.references]
    assert got == [(bibliographic(r), r.et_al) for r in refs]


@settings(max_examples=examples(60))
@given(st.lists(references().filter(lambda r: bool(r.pmid)), min_size=1, max_size=5))
def test_generated_references_round_trip(refs: list[Reference]) -> None:
    back = medline.parse(write_nbib(refs), "gen.nbib")
    assert back.problems == ()
    got = [bibliographic(r) for r in back.references]
    assert got == [bibliographic(r) for r in refs]


def test_fields_follow_pubmed_layout() -> None:
    long_title = "word " * 30
    ref = Reference(key="K", pmid="27292104", title=long_title.strip(), journal="N Engl J Med",
                    year="2016", month="Aug", pages="740-753", doi="10.1056/x",
                    authors=(Author(last="Kantarjian", first="Hagop M", initials="HM"),
                             Author(collective="INO-VATE Investigators")),
                    annotation="A note")  # fmt: skip
    lines = write_nbib([ref]).splitlines()
    assert lines[0] == "PMID- 27292104"
    assert lines[2].startswith("TI  - word") and lines[3].startswith("      word")
    assert all(len(line) <= 80 for line in lines)
    for expected in ("FAU - Kantarjian, Hagop M", "AU  - Kantarjian HM",
                     "CN  - INO-VATE Investigators", "DP  - 2016 Aug", "PG  - 740-53",
                     "LID - 10.1056/x [doi]", "GN  - A note", "AID - 10.1056/x [doi]"):  # fmt: skip
        assert expected in lines


def test_et_al_is_a_note_never_an_author() -> None:
    ref = Reference(key="K", pmid="1", authors=(Author(last="Lamb", initials="YN"),), et_al=True)
    lines = write_nbib([ref]).splitlines()
    assert "AU  - et al" not in lines and "GN  - Author list incomplete (et al.)" in lines
    assert [ln for ln in lines if "Lamb" in ln] == ["FAU - Lamb, Y N", "AU  - Lamb YN"]
    back = medline.parse("\n".join(lines), "k.nbib").references[0]
    assert back.et_al and back.annotation == "" and len(back.authors) == 1


def test_older_exports_with_et_al_as_author_still_read() -> None:
    old = "PMID- 1\nTI  - T\nAU  - Lamb YN\nAU  - et al\n"
    back = medline.parse(old, "old.nbib").references[0]
    assert back.et_al and [a.short() for a in back.authors] == ["Lamb YN"]


def test_repeatable_tags_are_never_wrapped() -> None:
    ref = Reference(key="K", pmid="1", annotation="note " * 40, keywords=("kw " * 30,))
    lines = write_nbib([ref]).splitlines()
    assert [ln[:4] for ln in lines] == ["PMID", "OT  ", "GN  ", ""]
