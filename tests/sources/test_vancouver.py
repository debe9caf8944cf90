"""Numbered Vancouver/NLM lists."""

from __future__ import annotations

import pytest

from conftest import DATA
from refgraph.model import ParseResult
from refgraph.sources import vancouver


@pytest.fixture(scope="module")
def listing() -> ParseResult:
    text = (DATA / "sources" / "vancouver-inotuzumab.txt").read_text(encoding="utf-8")
    return vancouver.parse(text, "list.txt")


def test_entries_in_order(listing: ParseResult) -> None:
    assert [(r.pmid, r.line) for r in listing.references] == [
        ("22357140", 3), ("27292104", 7), ("27959739", 11), ("9809737", 13),
        ("27101934", 15), ("28687420", 19), ("", 23), ("29913470", 24),
    ]  # fmt: skip


def test_full_nlm_fields(listing: ParseResult) -> None:
    ref = listing.references[1]
    assert (ref.year, ref.month, ref.volume, ref.issue, ref.pages) == (
        "2016", "Aug", "375", "8", "740-753",
    )  # fmt: skip
    assert (ref.doi, ref.pmcid) == ("10.1056/NEJMoa1509277", "PMC5594743")
    assert ref.get_extra("epub") == "2016 Jun 12"
    assert [a.short() for a in ref.authors][-1] == "Fan W"
    assert ref.et_al
    assert (
        ref.title
        == "Inotuzumab ozogamicin versus standard therapy for acute lymphoblastic leukemia"
    )


def test_doi_with_parentheses(listing: ParseResult) -> None:
    assert listing.references[0].doi == "10.1016/S1470-2045(11)70386-2"
    assert listing.references[0].pages == "403-411"


def test_group_author(listing: ParseResult) -> None:
    ref = listing.references[3]
    assert ref.authors[0].collective == "NIH Consensus Development Panel on Acupuncture"
    assert (ref.title, ref.journal, ref.pages) == ("Acupuncture", "JAMA", "1518-1524")


def test_wrapped_journal_and_date(listing: ParseResult) -> None:
    assert listing.references[4].journal == "Br J Haematol"
    assert listing.references[7].month == "Jun"
    assert listing.references[7].pages == "e90-e91"


def test_entry_without_pmid_is_reported(listing: ParseResult) -> None:
    assert [(p.kind, p.line) for p in listing.problems] == [("no_pmid", 23)]
    assert listing.references[6].first_author == "Lamb"


def test_wrapped_line_starting_with_an_out_of_sequence_number_does_not_split() -> None:
    text = (
        "1. Smith AB. Trial of drug X number\n"
        "3. Hepatology. 2015;61:100-9. PMID: 11111111.\n"
        "2. Jones CD. Another. Hepatology. 2016;62:200-9. PMID: 22222222.\n"
    )
    result = vancouver.parse(text, "x.txt")
    assert [r.pmid for r in result.references] == ["11111111", "22222222"]
    assert result.references[0].title == "Trial of drug X number 3"


def test_unreadable_entry_and_leading_fragment() -> None:
    text = "Some notes first\n1. Something odd PMID: 33333333\n2. No date here at all\n"
    result = vancouver.parse(text, "x.txt")
    assert [r.pmid for r in result.references] == ["33333333"]
    assert [(p.kind, p.line) for p in result.problems] == [
        ("fragment", 1), ("unparsed", 2), ("unparsed", 3),
    ]  # fmt: skip


def test_bracket_numbering() -> None:
    text = "[1] Lamb YN. Inotuzumab ozogamicin. Drugs. 2017;77:1603-10. PMID: 28819740.\n"
    assert vancouver.sniff(text)
    assert vancouver.parse(text, "x").references[0].pages == "1603-1610"


def test_sniff() -> None:
    text = (DATA / "sources" / "vancouver-inotuzumab.txt").read_text(encoding="utf-8")
    assert vancouver.sniff(text)
    assert not vancouver.sniff("Kantarjian H. Title. Lancet. 2012;13:403. PubMed PMID: 1.")
    assert not vancouver.sniff("1. buy milk\n2. call mum\n")
