"""What follows a citation's identifiers: annotations and publication types, never dropped."""

from __future__ import annotations

from refgraph.sources import text, vancouver
from refgraph.sources._trailing import trailing

_CITED = "Kantarjian HM, DeAngelo DJ. Inotuzumab ozogamicin. N Engl J Med. 2016;375(8):740-53."


def test_an_annotation_after_the_pmid_is_the_references_annotation() -> None:
    assert trailing(f"{_CITED} PMID: 27292104. (Controlled trial in 326 adults.)").annotation == (
        "Controlled trial in 326 adults."
    )
    after = trailing(f"{_CITED} doi: 10.1056/NEJMoa1509277. This is the final report.")
    assert after.annotation == "This is the final report"


def test_an_annotation_that_links_somewhere_is_still_an_annotation() -> None:
    note = "(Case series of 12 patients, see https://example.org/cases for the tables.)"
    after = trailing(f"{_CITED} PMID: 27292104. {note}")
    assert after.annotation == note[1:-1]


def test_pubmed_link_labels_and_publication_types_are_not_an_annotation() -> None:
    after = trailing(f"{_CITED} PMID: 27292104 Free PMC article. Clinical Trial. Review.")
    assert (after.annotation, after.publication_types) == ("", ("Clinical Trial", "Review"))
    after = trailing(f"{_CITED} PMID: 27292104 [PubMed] [Google Scholar] No abstract available.")
    assert (after.annotation, after.publication_types) == ("", ())


def test_identifiers_links_and_sources_after_the_pmid_are_not_an_annotation() -> None:
    for rest in (
        "ISSN 1610-1987. S2CID 220523562",
        "Frontiers in Immunology 10, 2657 (2019)",
        "Erratum in: Lancet. 2017;389(10064):e4.",
        "full PDF: https://example.org/a.pdf",
        "PubMed Central PMCID: PMCPMC8776501",
    ):
        assert trailing(f"{_CITED} PMID: 27292104. {rest}").annotation == "", rest


def test_a_citation_run_on_after_the_identifiers_is_reported_not_swallowed() -> None:
    # (after a PMID the reader splits the run itself; after a DOI it does not)
    line = f"{_CITED} doi: 10.1056/NEJMoa1509277. Smith J, Doe K. Another trial. Blood. 2001;9:1."
    result = text.parse(f"1. {line}\n", "list.md")
    assert any(p.kind == "fragment" and "Smith J" in p.text for p in result.problems)


def test_a_numbered_list_keeps_the_annotations_written_after_its_citations() -> None:
    # both annotations were dropped without a word
    listing = (
        "References\n\n"
        f"1. {_CITED} PMID: 27292104.\n"
        "   (Controlled trial of inotuzumab versus chemotherapy in 326 adults.)\n"
        "2. Kantarjian HM, DeAngelo DJ. Inotuzumab versus standard of care. Cancer.\n"
        "   2019;125(14):2474-87. PMID: 30920645. The final report, with long-term survival.\n"
    )
    result = vancouver.parse(listing, "list.txt")
    assert [r.annotation for r in result.references] == [
        "Controlled trial of inotuzumab versus chemotherapy in 326 adults.",
        "The final report, with long-term survival",
    ]
    assert [r.pmid for r in result.references] == ["27292104", "30920645"]


PUBMED_PAGE = """\
inotuzumab ozogamicin

1
Cite
Share
Inotuzumab Ozogamicin versus Standard Therapy for Acute Lymphoblastic Leukemia.
Kantarjian HM, DeAngelo DJ, Stelljes M, Martinelli G, Liedtke M, Stock W, Advani AS.
N Engl J Med. 2016 Aug 25;375(8):740-53. doi: 10.1056/NEJMoa1509277. Epub 2016 Jun 12.
PMID: 27292104 Free PMC article. Clinical Trial.
BACKGROUND: The prognosis for adults with relapsed acute lymphoblastic leukemia is poor...

2
Cite
Share
Inotuzumab ozogamicin versus standard of care: final report of the INO-VATE study.
Kantarjian HM, DeAngelo DJ, Stelljes M, Liedtke M, Stock W, Advani AS.
Cancer. 2019 Jul 15;125(14):2474-2487. doi: 10.1002/cncr.32116. Epub 2019 Mar 28.
PMID: 30920645 Free PMC article. Clinical Trial.
Item in Clipboard
"""


def test_a_copy_of_pubmeds_results_page_reads_without_its_buttons() -> None:
    # the titles began "1 Cite Share", and the snippets were dropped
    result = text.parse(PUBMED_PAGE, "pubmed.txt")
    refs = result.references
    assert [r.title for r in refs] == [
        "Inotuzumab Ozogamicin versus Standard Therapy for Acute Lymphoblastic Leukemia",
        "Inotuzumab ozogamicin versus standard of care: final report of the INO-VATE study",
    ]
    assert [r.line for r in refs] == [6, 15]
    assert refs[0].annotation.startswith("BACKGROUND: The prognosis for adults")
    assert refs[0].annotation.endswith("is poor...")
    assert [r.publication_types for r in refs] == [("Clinical Trial",)] * 2
    assert [(p.line, p.text) for p in result.problems] == [(1, "inotuzumab ozogamicin")]
