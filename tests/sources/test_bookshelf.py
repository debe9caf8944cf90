"""LiverTox text copied from the NCBI Bookshelf web page."""

from __future__ import annotations

import pytest

from conftest import DATA, SEED
from refgraph.model import ParseResult
from refgraph.sources import bookshelf, livertox


@pytest.fixture(scope="module")
def page() -> ParseResult:
    text = (DATA / "sources" / "bookshelf-inotuzumab.txt").read_text(encoding="utf-8")
    return bookshelf.parse(text, "web.txt")


def test_references_in_order_with_prose_and_footer_ignored(page: ParseResult) -> None:
    assert [r.pmid for r in page.references] == [
        "22357140", "27292104", "27959739", "28000001", "28819740", "29913470",
    ]  # fmt: skip
    assert page.problems == ()
    assert page.format == "bookshelf"


def test_links_and_epub_are_taken_out(page: ParseResult) -> None:
    ref = page.references[1]
    assert (ref.key, ref.pmcid, ref.volume, ref.issue, ref.pages) == (
        "Kantarjian2016", "PMC5594743", "375", "8", "740-753",
    )  # fmt: skip
    assert ref.get_extra("epub") == "2016 Jun 12"
    assert ref.journal == "N Engl J Med"
    assert ref.authors[6].last == "Gökbuget"


def test_annotation_on_the_next_line_even_when_wrapped(page: ParseResult) -> None:
    assert page.references[0].annotation.startswith("Among 49 patients")
    lamb = page.references[4]
    assert lamb.annotation.endswith("inotuzumab ozogamicin shortly after its approval in the US")
    assert (lamb.month, lamb.issue) == ("Sep", "14")


def test_group_author(page: ParseResult) -> None:
    ref = page.references[3]
    assert ref.authors[0].collective == "NIH Consensus Development Panel on Hepatotoxicity"
    assert ref.key == "NIHConsensus2017"
    assert ref.title == "Drug-induced liver injury: a consensus statement"


def test_anonymous_work_keyed_from_journal(page: ParseResult) -> None:
    ref = page.references[-1]
    assert (ref.key, ref.authors, ref.pages) == ("MedLett2018", (), "e90-e91")


def test_orphan_annotation_reported() -> None:
    text = (
        "References updated: 10 July 2018\n(An annotation without a citation.)\n"
        "Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603–10. "
        "[PubMed: 28819740]\n"
    )
    result = bookshelf.parse(text, "x.txt")
    assert [(p.kind, p.line) for p in result.problems] == [("orphan_annotation", 2)]
    assert [r.pmid for r in result.references] == ["28819740"]


def test_sniff_tells_bookshelf_from_pdf_text() -> None:
    web = (DATA / "sources" / "bookshelf-inotuzumab.txt").read_text(encoding="utf-8")
    pdf = SEED.read_text(encoding="utf-8")
    assert bookshelf.sniff(web) and not livertox.sniff(web)
    assert not bookshelf.sniff(pdf)


def test_a_markdown_link_named_pubmed_is_no_bookshelf_text() -> None:
    """``[PubMed: 33051641](https://pubmed...)`` in a README is a link: the general reader's
    (the Bookshelf reader took such a list and lost its second citation)."""
    from refgraph.sources import detect_format, parse_text

    text = (
        "### jdock\n**Maozi Chen, Zhiwei Feng**, Siyi Wang. **MCCS, a scoring function-based "
        "method**. *Briefings in Bioinformatics*. 2020. [DOI: 10.1093/bib/bbaa239]"
        "(https://doi.org/10.1093/bib/bbaa239) [PubMed: 33051641]"
        "(https://pubmed.ncbi.nlm.nih.gov/33051641/)\n\n### idock\nHongjian Li, Kwong-Sak "
        "Leung, and Man-Hon Wong. **idock: A Multithreaded Virtual Screening Tool**. *2012 IEEE "
        "Symposium (CIBCB)*, pp.77-84, 2012. [DOI: 10.1109/CIBCB.2012.6217214]\n"
    )
    assert not bookshelf.sniff(text)
    assert bookshelf.sniff("Kantarjian HM. N Engl J Med 2016;375:740-53. [PubMed: 27292104]")
    assert bookshelf.sniff("Kantarjian HM. N Engl J Med 2016. [PubMed: 27292104](Annotation.)")
    assert detect_format(text, "README.md") == "text"
    refs = parse_text(text, "README.md").references
    assert [(r.first_author, r.pmid, r.doi) for r in refs] == [
        ("Chen", "33051641", "10.1093/bib/bbaa239"), ("Li", "", "10.1109/CIBCB.2012.6217214"),
    ]  # fmt: skip
