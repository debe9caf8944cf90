"""EndNote's tagged format (.enw, Refer/BibIX), as Google Scholar and EndNote export it."""

from __future__ import annotations

from refgraph.sources import detect_format, parse_text
from refgraph.sources import refer as reader

#: Google Scholar's "EndNote" link gives this shape (no PMID), EndNote's export the second.
EXPORT = """%0 Journal Article
%T Inotuzumab ozogamicin versus standard therapy for acute lymphoblastic leukemia
%A Kantarjian, Hagop M
%A DeAngelo, Daniel J
%A Stelljes, Matthias
%J New England Journal of Medicine
%V 375
%N 8
%P 740-753
%@ 0028-4793
%D 2016
%I Mass Medical Soc

%0 Journal Article
%A Lamb, Y. N.
%T Inotuzumab Ozogamicin: First Global
   Approval
%J Drugs
%D 2017
%V 77
%N 14
%P 1603-10
%R 10.1007/s40265-017-0802-5
%M 28819740
%U https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5594743/
%X Inotuzumab ozogamicin is a CD22-directed antibody-drug conjugate.
"""


def test_an_endnote_export_reads_record_by_record() -> None:
    result = parse_text(EXPORT, "citations.enw")
    assert result.format == "refer"
    scholar, lamb = result.references
    assert [a.last for a in scholar.authors] == ["Kantarjian", "DeAngelo", "Stelljes"]
    assert (scholar.journal, scholar.year, scholar.volume, scholar.issue, scholar.pages) == (
        "New England Journal of Medicine", "2016", "375", "8", "740-753")
    assert scholar.pmid == "" and dict(scholar.extra)["issn"] == "0028-4793"
    assert lamb.title == "Inotuzumab Ozogamicin: First Global Approval"
    assert (lamb.pmid, lamb.pmcid, lamb.pages) == ("28819740", "PMC5594743", "1603-1610")
    assert lamb.doi == "10.1007/s40265-017-0802-5" and lamb.origin.line == 14
    assert dict(lamb.extra)["abstract"].startswith("Inotuzumab ozogamicin is")
    assert [(p.line, p.kind) for p in result.problems] == [(1, "no_pmid")]


def test_the_sniffer_wants_tagged_fields_from_the_first_line() -> None:
    assert reader.sniff(EXPORT)
    assert not reader.sniff("100% of patients\n%A note\n")
    assert not reader.sniff("TY  - JOUR\nAU  - Doe, J\nER  - \n")
    assert detect_format("1. Doe J. A title. Blood. 2019;1:2. PMID: 123.\n") != "refer"


def test_a_field_given_twice_is_reported_not_dropped() -> None:
    """A second %M (or %T) in one record went without a word; authors may repeat."""
    text = "%0 Journal Article\n%A Smith, J\n%A Doe, J\n%T Title\n%M 12345678\n%M 23456789\n"
    result = reader.parse(text, "r.enw")
    assert [r.pmid for r in result.references] == ["12345678"]
    assert [(p.kind, p.line) for p in result.problems] == [("duplicate_field", 6)]
