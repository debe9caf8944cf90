"""CSL-JSON and Better BibTeX JSON readers: every modelled field, identifiers, et al."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.errors import ParseError
from refgraph.export.csljson import write_csljson
from refgraph.model import Author, Reference
from refgraph.sources import csljson, detect_format, parse_text, zoterojson


def _read(data_dir, name: str) -> str:
    return (data_dir / "sources" / name).read_text(encoding="utf-8")


def test_zotero_csl_json_gives_every_field(data_dir) -> None:
    text = _read(data_dir, "zotero-csl.json")
    assert detect_format(text, "x.json") == "csl-json"
    nejm, lamb, nih = csljson.parse(text, "z.json").references
    assert [a.short() for a in nejm.authors] == ["Kantarjian HM", "DeAngelo DJ", "Gökbuget N"]
    assert nejm.et_al is True  # {"literal": "others"}
    assert (nejm.journal, nejm.journal_full) == ("N Engl J Med",
                                                 "The New England Journal of Medicine")
    assert (nejm.year, nejm.month, nejm.volume, nejm.issue, nejm.pages) == (
        "2016", "Aug", "375", "8", "740-753")  # the month as every reader stores it
    assert (nejm.pmid, nejm.pmcid, nejm.doi) == ("27292104", "PMC7138196",
                                                 "10.1056/NEJMoa1509277")
    assert nejm.line == 2
    assert (lamb.key, lamb.pmid, lamb.pages, lamb.year) == ("lamb2017", "28819740",
                                                            "1603-1610", "2017")
    assert lamb.authors == (Author(last="Lamb", initials="YN"),)
    assert nih.entry_type == "incollection"
    assert nih.authors[0].collective == "NIH Consensus Development Panel on Acupuncture"
    assert nih.get_extra("publisher") == "National Institutes of Health"
    assert nih.get_extra("address") == "Bethesda"
    assert nih.get_extra("editor") == "Smith A"
    assert nih.get_extra("url") == "https://example.org/acupuncture"


def test_refgraph_csl_json_reads_back_to_the_same_fields() -> None:
    ref = Reference(
        key="Kantarjian2016", pmid="27292104", authors=(Author(last="Kantarjian", initials="HM"),),
        et_al=True, title="Inotuzumab", journal="N Engl J Med", journal_full="New Engl J Med",
        year="2016", volume="375", issue="8", pages="740-753", doi="10.1056/x", pmcid="PMC1",
        annotation="Among 326 patients", keywords=("ALL",),
    )
    (back,) = csljson.parse(write_csljson([ref]), "r.json").references
    for field in ("key", "pmid", "authors", "et_al", "title", "journal", "journal_full", "year",
                  "volume", "issue", "pages", "doi", "pmcid", "annotation", "keywords"):
        assert getattr(back, field) == getattr(ref, field), field


def test_better_bibtex_json_reads_extra_ids_and_creators(data_dir) -> None:
    text = _read(data_dir, "better-bibtex.json")
    assert detect_format(text, "lib.json") == "zotero-json"
    result = zoterojson.parse(text, "lib.json")
    nejm, chapter = result.references  # the attachment is not a reference
    assert nejm.key == "kantarjianInotuzumabOzogamicinStandard2016"
    assert (nejm.pmid, nejm.pmcid, nejm.doi) == ("27292104", "PMC7138196",
                                                 "10.1056/NEJMoa1509277")
    assert nejm.et_al is True
    assert [a.short() for a in nejm.authors] == ["Kantarjian HM", "DeAngelo DJ"]
    assert (nejm.journal, nejm.year, nejm.pages) == ("N Engl J Med", "2016", "740-753")
    assert nejm.get_extra("note") == "Phase 3 INO-VATE trial"
    assert nejm.keywords == ("Leukemia", "Inotuzumab")
    assert chapter.entry_type == "incollection"
    assert chapter.journal == "Infectious diseases of livestock"
    assert chapter.get_extra("editor") == "Coetzer JAW"
    assert result.problems == ()


def test_zotero_api_array_with_data_wrappers() -> None:
    text = ('[{"key": "X", "data": {"itemType": "journalArticle", "title": "T", '
            '"publicationTitle": "Blood", "date": "2019", "extra": "PMID: 123"}}]')
    (ref,) = zoterojson.parse(text, "api.json").references
    assert (ref.title, ref.journal, ref.year, ref.pmid) == ("T", "Blood", "2019", "123")


@pytest.mark.parametrize("module", [csljson, zoterojson])
def test_bad_json_is_a_parse_error_with_its_line(module) -> None:
    with pytest.raises(ParseError, match=r"bad\.json:3: malformed JSON"):
        module.parse('[\n{"type": "book",\n "title": }]', "bad.json")


def test_items_that_are_not_objects_are_bad_entries() -> None:
    result = csljson.parse('[{"type": "book", "title": "A"}, 3]', "x.json")
    assert len(result.references) == 1
    assert [p.kind for p in result.problems] == ["bad_entry"]


def test_sniffing_tells_the_two_json_forms_apart() -> None:
    assert csljson.sniff('[{"id": "a", "type": "book", "issued": {"raw": "2001"}}]')
    assert not csljson.sniff('{"items": [{"itemType": "book", "title": "x"}]}')
    assert zoterojson.sniff('{"items": [{"itemType": "book", "title": "x"}]}')
    assert not zoterojson.sniff('[{"id": "a", "type": "book", "issued": {"raw": "2001"}}]')
    assert not csljson.sniff('{"name": "package", "version": "1.0"}')


@pytest.mark.parametrize(("date", "year", "month"), [
    ("2017-08-15", "2017", "Aug"), ("August 15, 2017", "2017", "Aug"), ("2017 Sept", "2017", "Sep"),
    ("15/08/2017", "2017", ""), ("Spring 2016", "2016", ""),
])  # fmt: skip
def test_zotero_and_csl_dates_give_year_and_month(date: str, year: str, month: str) -> None:
    zotero = f'[{{"itemType": "journalArticle", "title": "T", "date": "{date}"}}]'
    csl = f'[{{"type": "article-journal", "title": "T", "issued": {{"raw": "{date}"}}}}]'
    for module, text in ((zoterojson, zotero), (csljson, csl)):
        (ref,) = module.parse(text, "d.json").references
        assert (ref.year, ref.month) == (year, month), module.NAME
    parts = '[{"type": "article-journal", "title": "T", "issued": {"date-parts": [[2016, 8]]}}]'
    assert csljson.parse(parts, "p.json").references[0].month == "Aug"


def test_a_lone_surrogate_escape_is_replaced_and_reported_not_a_crash() -> None:
    """JSON may spell half a UTF-16 pair (``\\ud800``); no output can encode it (parse --json
    and the .bib died with a UnicodeEncodeError traceback). A whole pair is one character."""
    text = (
        '[{"id": "a", "title": "Half \\ud800 a pair, \\ud83d\\ude00 whole",\n'
        ' "author": [{"family": "Sm\\udc00ith", "given": "J"}], "PMID": "12345678"}]'
    )
    result = parse_text(text, "s.json", "csl-json")
    (ref,) = result.references
    assert ref.title == "Half \ufffd a pair, \U0001f600 whole"
    assert ref.authors[0].last == "Sm\ufffdith"
    assert [(p.kind, p.line) for p in result.problems] == [("bad_character", 1)]
    assert result.problems[0].text.startswith("2 lone surrogate")  # two halves alone, one pair
    write_csljson([ref]).encode("utf-8")
    zotero = '[{"itemType": "journalArticle", "title": "Z\\udfff"}]'
    result = parse_text(zotero, "z.json", "zotero-json")
    assert result.references[0].title == "Z\ufffd"
    assert [p.kind for p in result.problems] == ["bad_character"]


@pytest.mark.parametrize(
    ("pmid", "note"),
    [('"\\u0662\\u0667\\u0662\\u0669"', ""), ("1e20", ""), ("9" * 5000, ""),
     ('""', "PMID: 12x"), ('"abc"', "")],
    ids=["arabic-indic-digits", "a-float", "5000-digits", "bad-in-note", "letters"],
)  # fmt: skip
def test_a_pmid_that_is_none_is_kept_and_reported_never_dropped(pmid: str, note: str) -> None:
    """A PMID no PubMed ID can be went nowhere (and 5,000 digits, over Python's int limit,
    were a ValueError traceback): it is kept as text and reported, as every reader does."""
    text = f'[{{"id": "a", "title": "T", "PMID": {pmid}, "note": "{note}"}}]'
    result = parse_text(text, "p.json", "csl-json")
    (ref,) = result.references
    assert ref.pmid == "" and ref.get_extra("pmid")
    assert [p.kind for p in result.problems] == ["bad_pmid"]
    kept = ref.get_extra("pmid")
    zotero = f'[{{"itemType": "journalArticle", "title": "Z", "extra": "PMID: {kept}"}}]'
    assert [p.kind for p in parse_text(zotero, "z.json", "zotero-json").problems] == ["bad_pmid"]


def test_a_good_pmid_wins_over_a_bad_one_beside_it() -> None:
    text = '[{"id": "a", "title": "T", "PMID": "abc", "note": "PMID: 27292104"}]'
    assert parse_text(text, "p.json", "csl-json").references[0].pmid == "27292104"
    zotero = '[{"itemType": "journalArticle", "title": "Z", "extra": "PMID: 12x\\nPMID: 27292104"}]'
    assert parse_text(zotero, "z.json", "zotero-json").references[0].pmid == "27292104"


@settings(max_examples=examples(60))
@given(
    st.text(alphabet=st.sampled_from("10.56/xab}{:-"), min_size=1, max_size=16),
    st.text(alphabet=st.sampled_from("PMC12x-"), min_size=1, max_size=10),
)
def test_a_doi_or_pmcid_that_is_not_one_is_kept(doi: str, pmcid: str) -> None:
    # "DOI": "see note" was dropped without a word (the BibTeX reader keeps it as an extra)
    ref = Reference(key="K", title="T", doi=doi, pmcid=pmcid)
    (back,) = csljson.parse(write_csljson([ref]), "odd.json").references
    assert back.doi or dict(back.extra)["doi"] == doi
    assert back.pmcid or dict(back.extra)["pmcid"] == pmcid
