"""Format detection: the text formats are recognised and never misfire on the others."""

from __future__ import annotations

import pytest

from conftest import DATA, SEED
from refgraph.errors import UnknownFormatError
from refgraph.sources import bookshelf, detect_format, livertox, pmids, vancouver

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
