"""JabRef's importer cases: refgraph's readers against JabRef's expected BibTeX.

For each input (PubMed XML, MEDLINE text, .nbib, RIS) that has an expected ``.bib``, the
input is read with refgraph's own reader and the ``.bib`` with refgraph's BibTeX reader;
the bibliographic fields author, title, journal, year, volume, number, pages, doi and pmid
must agree, compared as follows (the same rule for every case):

- ``author``: the list of ``Last Initials`` forms (JabRef writes full forenames).
- ``journal``: JabRef's journal is the full title (MEDLINE ``JT``); refgraph keeps the
  abbreviation in ``journal`` and the full title in ``journal_full``: either may match.
- ``pages``: JabRef keeps MEDLINE's abbreviated range (``454-81``); refgraph expands it
  (``454-481``), so JabRef's value is expanded before comparing.
- entries are paired in document order.

Every other disagreement is deliberate and listed in :data:`DIFFERENCES` with refgraph's
value and the reason; the test checks refgraph gives exactly that value.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.model import Reference
from refgraph.sources import bibtex, load
from refgraph.text import expand_pages

CASES_DIR = Path(__file__).resolve().parent.parent / "data" / "corpus" / "jabref-importer-tests"
CASES = sorted(
    p for p in CASES_DIR.iterdir() if p.suffix != ".bib" and p.with_suffix(".bib").exists()
)
FIELDS = ("author", "title", "journal", "year", "volume", "number", "pages", "doi", "pmid")

_NO_AUTHOR_LIST = "JabRef keeps only personal authors"

#: (case, entry index, field) -> (refgraph's value, why it differs from JabRef on purpose)
DIFFERENCES: dict[tuple[str, int, str], tuple[str, str]] = {
    ("MedlineImporterTestArticleID.xml", 0, "author"): (
        "Rhein J and Bahr NC and Hemmert AC and Cloud JL and Bellamkonda S and Oswald C and "
        "Lo E and Nabeta H and Kiggundu R and Akampurira A and Musubire A and Williams DA and "
        "Meya DB and Boulware DR and ASTRO-CM Team",
        "a CollectiveName is a group author ({ASTRO-CM Team}), not a person 'Team, ASTRO-CM'",
    ),
    ("MedlineImporterTestBookArticleSet.xml", 0, "author"): (
        "National Collaborating Centre for Chronic Conditions (UK)",
        "group author kept whole; JabRef splits it into '(UK), NCCFCC'",
    ),
    ("MedlineImporterTestBookArticleSet.xml", 0, "title"): (
        "Title for some article",
        "a chapter's own title is the title; the book title goes to extra['booktitle']",
    ),
    ("MedlineImporterTestBookArticleSet.xml", 0, "pages"): (
        "1223321",
        "no pagination: the ELocationID stands in as the page (article-number convention)",
    ),
    ("MedlineImporterTestBookArticleSet.xml", 1, "pages"): (
        "",
        "pagination '1831' sits in the book part's <Pagination>; pubmedxml reads only"
        " article pagination (a pubmedxml decision)",
    ),
    ("MedlineImporterTestPubmedBook.xml", 0, "author"): (
        "National Collaborating Centre for Chronic Conditions (UK) and Williams DA",
        "group author kept whole; JabRef splits it into '(UK), NCCFCC'",
    ),
    ("MedlineImporterTestKeywordSingleEntry.xml", 0, "author"): (
        "",
        "Koop CE is a PersonalNameSubject (the article is about him), not an author",
    ),
    ("MedlineImporterTestMathML.xml", 0, "pages"): (
        "20200021",
        "no pagination: the ELocationID (article number) stands in as the page",
    ),
    ("MedlineImporterTestNbib.xml", 0, "author"): (
        "Gibb FW Jr and Zamm itt NN and Beckett GJ and Strachan MW",
        "initials are PubMed's <Initials> and the suffix is kept; JabRef derives them from"
        " the forename",
    ),
    ("MedlinePlainImporterStringOutOfBounds.txt", 0, "pmid"): (
        "27433151",
        "the PMID line is valid; only the following 'SO  invalid line' is reported",
    ),
    ("MedlinePlainImporterStringOutOfBounds.txt", 1, "pmid"): (
        "27394443",
        "the PMID line is valid; only the following invalid line is reported",
    ),
    ("NbibImporterTest.nbib", 0, "author"): (
        "Shruthi BS and Vinodhkumar P and Selvamani and corporater",
        "CN (corporate author) is a group author in the author list",
    ),
    ("NbibImporterTest.nbib", 0, "doi"): (
        "10.4103/2277-9175.180636",
        "LID '... [doi]' is the DOI; JabRef files it under location-id only",
    ),
    ("RisImporterTest1.ris", 0, "author"): (
        "Cocke and Harrison WLM",
        "A2 names are editors (extra['editor']), and a TY inside a record starts a new record",
    ),
    ("RisImporterTest1.ris", 0, "title"): (
        "Editorial: Open Source and Empirical Software Engineering:",
        "repeated TI/T1 are not concatenated; the first title is the title",
    ),
    ("RisImporterTest1.ris", 0, "journal"): (
        "kmptne",
        "JA (abbreviation) is the journal; the later JO belongs to the next TY record",
    ),
    ("RisImporterTestDoiAndJournalTitle.ris", 0, "author"): (
        "author S",
        "RIS 'some author' (no comma) reads First Last; BibTeX reads an all-lower-case name"
        " as von + Last, so the .bib's surname is 'some author'",
    ),
    ("RisImporterTest3.ris", 0, "number"): ("", "M1 is not an issue number (kept as ris-m1)"),
    ("RisImporterTest5a.ris", 0, "number"): ("", "M1 holds a copyright note, not an issue"),
    ("RisImporterTest6.ris", 0, "title"): (
        "Chelation: Harnessing and Enhancing Heavy Metal Detoxification—A Review",
        "the em dash is kept as a character; JabRef writes it as '--'",
    ),
    ("RisImporterTest6.ris", 0, "number"): ("", "AN 'PMC3654245' is the PMCID, not an issue"),
    ("RisImporterTest7.ris", 0, "author"): (
        "Smith B and Doe J and Brown J",
        "A2 names are editors (extra['editor']), not authors",
    ),
    ("RisImporterTestDOI.ris", 0, "number"): ("1", "IS is the issue; JabRef puts AN there"),
    ("RisImporterTestDOI.ris", 0, "pmid"): ("26957754", "AN of a PubMed RIS export is the PMID"),
}
#: Cases where refgraph finds more records than JabRef (and why).
EXTRA_RECORDS = {"RisImporterTest1.ris": "a TY line before ER starts a new record (reported)"}


def _authors(ref: Reference) -> str:
    return " and ".join(a.short() for a in ref.authors)


def _value(ref: Reference, field: str) -> str:
    if field == "author":
        return _authors(ref)
    if field == "number":
        return ref.issue
    return str(getattr(ref, field))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bibliographic_fields_agree_with_jabref(case: Path) -> None:
    ours = load(case).references
    expected = case.with_suffix(".bib")
    theirs = bibtex.parse(expected.read_text(encoding="utf-8-sig"), str(expected)).references
    if case.name in EXTRA_RECORDS:
        assert len(ours) > len(theirs)
    else:
        assert len(ours) == len(theirs) or (not theirs and len(ours) == 1)
    for i, (ref, want) in enumerate(zip(ours, theirs, strict=False)):
        for field in FIELDS:
            got = _value(ref, field)
            if (case.name, i, field) in DIFFERENCES:
                value, reason = DIFFERENCES[case.name, i, field]
                assert got == value, reason
                continue
            jabref = _value(want, field)
            if field == "pages":
                jabref = expand_pages(jabref)
            if field == "journal":
                assert jabref in (ref.journal, ref.journal_full), (field, got, jabref)
            else:
                assert got == jabref, (field, got, jabref)


def test_every_listed_difference_names_a_real_case() -> None:
    names = {p.name for p in CASES}
    assert {case for case, _, _ in DIFFERENCES} <= names
    assert all(field in FIELDS for _, _, field in DIFFERENCES)
