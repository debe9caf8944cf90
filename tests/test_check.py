"""The pure core of ``refgraph check``: compare, notes, verdicts and duplicates."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import replace

import pytest

from refgraph.check import (
    CheckReport,
    check_library,
    compare,
    record_notes,
    title_similarity,
    treats_as_study,
)
from refgraph.check.run import check_references
from refgraph.model import Author, CommentCorrection, PubmedRecord, Reading, Reference
from refgraph.pubmed.source import FetchResult

TRIAL = PubmedRecord(
    pmid="27292104",
    title="Inotuzumab Ozogamicin versus Standard Therapy for Acute Lymphoblastic Leukemia.",
    journal="The New England journal of medicine",
    journal_abbrev="N Engl J Med",
    medline_ta="N Engl J Med",
    volume="375",
    issue="8",
    year="2016",
    epub_year="2016",
    pages="740-753",
    doi="10.1056/NEJMoa1509277",
    authors=(Author(last="Kantarjian", first="Hagop M", initials="HM"),
             Author(last="DeAngelo", first="Daniel J", initials="DJ")),
    publication_types=("Journal Article", "Randomized Controlled Trial"),
)  # fmt: skip
LETTER = PubmedRecord(
    pmid="27959739",
    title="Inotuzumab Ozogamicin for Acute Lymphoblastic Leukemia.",
    journal="The New England journal of medicine",
    medline_ta="N Engl J Med",
    volume="375",
    year="2016",
    pages="2101",
    authors=(Author(last="Kantarjian", initials="HM"),),
    publication_types=("Letter", "Comment"),
    comments_corrections=(CommentCorrection("CommentOn", "27292104"),),
)
CITED = Reference(
    key="kantarjian2016",
    pmid="27292104",
    authors=(Author(last="Kantarjian", initials="HM"), Author(last="DeAngelo", initials="DJ")),
    et_al=True,
    title="Inotuzumab ozogamicin versus standard therapy for acute lymphoblastic leukemia",
    journal="N Engl J Med",
    year="2016",
    volume="375",
    pages="740-753",
    annotation="Among 326 patients with refractory or relapsed ALL ...",
)


def fields_of(comparison: object) -> dict[str, str]:
    return {d.field: d.severity for d in comparison.differences}  # type: ignore[attr-defined]


def test_matching_citation_is_ok_without_differences() -> None:
    result = compare(CITED, TRIAL)
    assert result.verdict == "ok"
    assert result.differences == ()
    assert set(result.compared) == {"title", "author", "journal", "year", "volume", "pages"}


def test_letter_pmid_in_place_of_the_trial_is_a_mismatch() -> None:
    result = compare(CITED, LETTER)
    assert result.verdict == "mismatch"
    assert "pages" in fields_of(result)
    assert result.weight >= 3


@pytest.mark.parametrize(
    ("changes", "field", "note_part"),
    [
        ({"pages": "740-735"}, "pages", "page range"),
        ({"pages": "704-753"}, "pages", "typo"),
        ({"year": "2017"}, "year", "within one year"),
        ({"title": "Inotuzumab ozogamicin vs standard therapy for acute lymphoblastic leukaemia"},
         "title", None),
        ({"authors": (Author(last="Kantarijan", initials="H"),)}, "author", "misspelling"),
        ({"authors": (Author(last="DeAngelo", initials="DJ"),)}, "author", "author 2"),
    ],
    ids=["page-range", "page-typo", "year-off-by-one", "title-spelling", "author-typo",
         "second-author"],
)  # fmt: skip
def test_small_slips_stay_ok_with_a_note(
    changes: dict[str, object], field: str, note_part: str | None
) -> None:
    result = compare(replace(CITED, **changes), TRIAL)  # type: ignore[arg-type]
    assert result.verdict == "ok"
    if field == "title":  # 0.9+ similar: not even a difference
        assert "title" not in fields_of(result)
        return
    assert fields_of(result)[field] == "minor"
    assert any(note_part in n for n in result.notes), result.notes


def test_epub_year_is_accepted_and_said() -> None:
    record = replace(TRIAL, year="2017", epub_year="2016")
    result = compare(CITED, record)
    assert result.verdict == "ok"
    assert any("e-pub year" in n for n in result.notes)


def test_two_major_slips_make_a_mismatch() -> None:
    result = compare(replace(CITED, volume="374", pages="100-110"), TRIAL)
    assert result.verdict == "mismatch"
    assert fields_of(result) == {"volume": "major", "pages": "major"}


def test_one_major_slip_alone_is_ok_but_shown() -> None:
    result = compare(replace(CITED, volume="374"), TRIAL)
    assert result.verdict == "ok"
    assert [(d.field, d.cited, d.pubmed) for d in result.differences] == [("volume", "374", "375")]


def test_a_field_read_with_low_confidence_does_not_by_itself_make_a_mismatch() -> None:
    misread = replace(CITED, journal="Leukemia Blood", pages="100-110")
    assert compare(misread, TRIAL).verdict == "mismatch"  # journal and pages: two major slips
    doubtful = replace(misread, reading=Reading("general+tagger", 0.42, ("journal",)))
    result = compare(doubtful, TRIAL)
    assert result.verdict == "ok"
    assert fields_of(result) == {"journal": "minor", "pages": "major"}
    assert any("low confidence" in note for note in result.notes)


def test_different_title_alone_is_a_mismatch() -> None:
    result = compare(replace(CITED, title="Hepatic adverse event profile of a drug"), TRIAL)
    assert result.verdict == "mismatch"


def test_journal_abbreviation_matches_full_title_and_other_journal_does_not() -> None:
    full = replace(CITED, journal="The New England Journal of Medicine")
    assert "journal" not in fields_of(compare(full, TRIAL))
    other = replace(CITED, journal="Lancet Oncol")
    assert fields_of(compare(other, TRIAL))["journal"] == "major"


def test_accented_surname_matches_plain_record_name() -> None:
    record = replace(TRIAL, authors=(Author(last="Gokbuget", initials="N"),))
    cited = replace(CITED, authors=(Author(last="Gökbuget", initials="N"),))
    assert "author" not in fields_of(compare(cited, record))


def test_article_number_matches_elocation() -> None:
    record = replace(TRIAL, pages="", elocation="e36667")
    assert "pages" not in fields_of(compare(replace(CITED, pages="e36667"), record))


def test_pmid_only_citation_is_ok_with_note() -> None:
    result = compare(Reference(key="k", pmid="1"), TRIAL)
    assert result.verdict == "ok"
    assert result.compared == ()
    assert "nothing to compare" in result.notes[0]


def test_title_similarity_handles_truncation_and_case() -> None:
    assert title_similarity("Inotuzumab ozogamicin versus standard therapy", TRIAL.title) == 1.0
    assert title_similarity("A", "") == 0.0
    assert title_similarity("Hepatitis B reactivation", TRIAL.title) < 0.75


def test_letter_cited_as_study_gets_a_note_but_not_when_title_says_letter() -> None:
    notes = record_notes(CITED, LETTER)
    assert any("a comment and a letter (on PMID 27292104)" in n for n in notes), notes
    as_letter = replace(CITED, title="Inotuzumab for ALL (reply letter)", annotation="")
    assert not treats_as_study(as_letter)
    assert not any("treats it as a study" in n for n in record_notes(as_letter, LETTER))


def test_research_letter_alone_gets_no_notice_note() -> None:
    letter = replace(LETTER, publication_types=("Letter",), comments_corrections=())
    assert record_notes(CITED, letter) == ()


def test_links_become_notes() -> None:
    record = replace(
        TRIAL,
        comments_corrections=(
            CommentCorrection("ErratumIn", "35767954", "Blood. 2022"),
            CommentCorrection("CommentIn", "1"),
            CommentCorrection("CommentIn", "2"),
            CommentCorrection("UpdateIn", "", "Cochrane 2020"),
            CommentCorrection("ExpressionOfConcernIn", "3"),
        ),
    )
    notes = record_notes(CITED, record)
    assert "erratum published: PMID 35767954" in notes
    assert "commented on in: PMID 1, PMID 2" in notes
    assert "updated version: Cochrane 2020" in notes
    assert "expression of concern: PMID 3" in notes


@pytest.mark.parametrize(
    "record",
    [
        replace(TRIAL, publication_types=("Journal Article", "Retracted Publication")),
        replace(TRIAL, comments_corrections=(CommentCorrection("RetractionIn", "40251503"),)),
    ],
    ids=["publication-type", "retraction-link"],
)
def test_retraction_by_type_or_link(record: PubmedRecord) -> None:
    [result], _ = check_library([CITED], {record.pmid: record})
    assert result.verdict == "retracted"


def test_library_verdicts_in_input_order() -> None:
    refs = [
        CITED,
        replace(CITED, key="wrong", pmid="27959739"),
        replace(CITED, key="unknown", pmid="99999999"),
        replace(CITED, key="nopmid", pmid=""),
        replace(CITED, key="bad", pmid="12ab"),
    ]
    results, groups = check_library(refs, {TRIAL.pmid: TRIAL, LETTER.pmid: LETTER})
    assert [(r.key, r.verdict) for r in results] == [
        ("kantarjian2016", "ok"),
        ("wrong", "mismatch"),
        ("unknown", "not_found"),
        ("nopmid", "no_pmid"),
        ("bad", "not_found"),
    ]
    assert "different work" in results[1].notes[0]
    # all five cite the same work (author, year, journal, volume, first page) under 5 PMIDs
    assert groups == [("kantarjian2016", "wrong", "unknown", "nopmid", "bad")]


def test_same_pmid_twice_is_a_duplicate() -> None:
    refs = [CITED, replace(CITED, key="again")]
    results, groups = check_library(refs, {TRIAL.pmid: TRIAL})
    assert ("kantarjian2016", "again") in groups
    assert any("also cited as again" in n for n in results[0].notes)


def test_same_doi_under_two_pmids_is_a_duplicate() -> None:
    other = replace(TRIAL, pmid="5", title="Something else", volume="1", pages="1")
    other = replace(other, doi=TRIAL.doi)
    refs = [
        Reference(key="a", pmid=TRIAL.pmid),
        Reference(key="b", pmid="5"),
    ]
    results, groups = check_library(refs, {TRIAL.pmid: TRIAL, "5": other})
    assert groups == [("a", "b")]
    assert "the same work as b (PMID 5)" in results[0].notes[-1]


def test_report_summary_and_json_shape() -> None:
    results, groups = check_library(
        [CITED, Reference(key="x", pmid="1", title="Other")], {TRIAL.pmid: TRIAL}
    )
    report = CheckReport(tuple(results), tuple(groups))
    assert report.summary_line() == "2 references: 1 ok, 1 not_found"
    data = report.as_dict()
    first = data["results"][0]  # type: ignore[index]
    assert set(first) >= {"key", "pmid", "verdict", "notes", "differences", "suggestion"}
    assert data["summary"]["not_found"] == 1  # type: ignore[index]
    assert not report.ok


def test_check_references_pauses_the_cyclic_gc_while_it_fetches_and_checks() -> None:
    records = {str(1000 + i): replace(TRIAL, pmid=str(1000 + i)) for i in range(150)}
    refs = [replace(CITED, key=f"k{i}", pmid=p) for i, p in enumerate(records)]
    seen: list[bool] = []

    class Source:
        def fetch_records(self, pmids: Iterable[str], *, partial: bool = False) -> FetchResult:
            found = {p: records[p] for p in pmids}
            seen.append(gc.isenabled())
            return FetchResult(found, (), (), 0, len(found))

    was = gc.isenabled()
    gc.enable()
    try:
        run = check_references(refs, Source(), search=False)  # type: ignore[arg-type]
        assert gc.isenabled()  # as it was before
    finally:
        if not was:
            gc.disable()
    assert seen and not any(seen)
    assert run.report.results == tuple(check_library(refs, records)[0])
