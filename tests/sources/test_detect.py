"""Format detection: the text formats are recognised and never misfire on the others."""

from __future__ import annotations

import pytest

from conftest import DATA, SEED
from refgraph.errors import UnknownFormatError
from refgraph.sources import bookshelf, detect_format, livertox, parse_text, pmids, vancouver

CORPUS = DATA / "corpus"
TEXT_SNIFFERS = [livertox.sniff, bookshelf.sniff, vancouver.sniff, pmids.sniff]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (SEED, "livertox"),
        (DATA / "sources" / "livertox-page-breaks.txt", "livertox"),
        (DATA / "sources" / "bookshelf-inotuzumab.txt", "bookshelf"),
        (DATA / "sources" / "vancouver-inotuzumab.txt", "vancouver"),
        (DATA / "sources" / "pmids-mixed.txt", "pmids"),
    ],
    ids=lambda v: getattr(v, "name", v),
)
def test_text_formats_are_detected(path: object, expected: str) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert detect_format(text, str(path)) == expected


OTHER_FORMATS = [
    "jabref-importer-tests/RisImporterTest1.ris",
    "jabref-importer-tests/NbibImporterTest.nbib",
    "jabref-importer-tests/MedlinePlainImporterTestCompleteEntry.txt",
    "jabref-importer-tests/MedlineImporterTestArticleID.xml",
    "real-bib-exports-with-pmid/jabref-testjabref.bib",
    "biopython-medline-pubmed-tests/pubmed_result1.txt",
    "biopython-medline-pubmed-tests/pubmed1.xml",
]


@pytest.mark.parametrize("name", OTHER_FORMATS)
def test_text_sniffers_do_not_misfire_on_other_formats(name: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8", errors="replace")
    assert [s.__module__ for s in TEXT_SNIFFERS if s(text)] == []


@pytest.mark.parametrize(
    "text",
    [
        "@article{k, title={x}, pmid={22357140}}\n",
        "TY  - JOUR\nTI  - Title\nER  - \n",
        "PMID- 22357140\nTI  - Title\n",
        '<?xml version="1.0"?>\n<PubmedArticleSet></PubmedArticleSet>\n',
    ],
)
def test_sniffers_leave_structured_formats_alone(text: str) -> None:
    assert [s.__module__ for s in TEXT_SNIFFERS if s(text)] == []


def test_prose_alone_is_unknown() -> None:
    with pytest.raises(UnknownFormatError, match="--from"):
        detect_format("Just some notes about a drug.\nNothing else.\n", "notes.md")


def test_the_older_livertox_web_form_is_read_as_livertox_without_from() -> None:
    path = DATA / "sources" / "livertox-web-older.txt"
    text = path.read_text(encoding="utf-8")
    assert detect_format(text, str(path)) == "livertox"
    auto, explicit = parse_text(text, str(path)), parse_text(text, str(path), "livertox")
    assert [r.as_dict() for r in auto.references] == [r.as_dict() for r in explicit.references]
    first = auto.references[0]
    assert (first.first_author, first.journal, first.year, first.volume, first.pages) == (
        "Kantarjian", "Lancet Oncol", "2012", "13", "403-411"
    )  # fmt: skip
    assert first.annotation.startswith("Among 49 patients")
    assert all(r.annotation for r in auto.references) and len(auto.references) == 5
    # no PMID in this form: each citation says so; "Drug Class: ..." after the list is no problem
    assert [p.kind for p in auto.problems] == ["no_pmid"] * 5


def test_text_with_pubmed_pmid_but_no_livertox_signs_is_left_to_the_general_reader() -> None:
    readme = (
        "DNAWorks\n========\n\nThis program is based on this publication:\n\n"
        "  Hoover DM, Lubkowski J. DNAWorks: an automated method. Nucleic Acids Res. 2002 "
        "May\n  15;30(10):e43. PubMed PMID: 12000848; PubMed Central PMCID: PMC115297.\n"
    )
    assert not livertox.sniff(readme)
    result = parse_text(readme, "README.txt")
    assert [(r.pmid, r.pmcid) for r in result.references] == [("12000848", "PMC115297")]


def test_text_that_starts_like_a_citation_but_has_no_year_is_read_not_refused() -> None:
    assert detect_format("Smith AB, Jones C. A title. Some Journal.\n", "list.txt") == "text"
