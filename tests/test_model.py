from __future__ import annotations

import dataclasses

import pytest

from refgraph.model import (
    Author,
    CommentCorrection,
    Diagnostic,
    Origin,
    ParseResult,
    PubmedRecord,
    Reference,
    fold,
    initials_of,
)


def test_model_is_immutable() -> None:
    ref = Reference(key="A2020", title="T")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.title = "other"  # type: ignore[misc]


def test_author_short_forms() -> None:
    assert Author(last="Kantarjian", initials="HM").short() == "Kantarjian HM"
    assert Author(last="Smith", first="John Paul", suffix="Jr").short() == "Smith JP Jr"
    assert Author(collective="ASPIRE Investigators").short() == "ASPIRE Investigators"


def test_initials_handle_hyphens_and_dots() -> None:
    assert initials_of("Jean-Pierre") == "JP"
    assert initials_of("H. M.") == "HM"
    assert initials_of("HM") == "HM"  # already initials (Vancouver, PMC given-names)
    assert initials_of("JOHN") == "J"  # a name in capitals is a name
    assert initials_of("") == ""


def test_fold_is_accent_and_case_insensitive() -> None:
    assert fold("GÖKBUGET") == fold("gokbuget")


def test_reference_extra_fields_keep_order_and_replace_in_place() -> None:
    ref = Reference(key="k", extra=(("a", "1"), ("b", "2")))
    ref2 = ref.with_extra("a", "9").with_extra("c", "3")
    assert ref2.extra == (("a", "9"), ("b", "2"), ("c", "3"))
    assert ref2.get_extra("b") == "2"
    assert ref.extra == (("a", "1"), ("b", "2"))


def test_reference_json_shape_has_the_documented_keys() -> None:
    ref = Reference(
        key="Lamb2017",
        pmid="28819740",
        authors=(Author(last="Lamb", initials="YN"),),
        origins=(Origin("refs/a.txt", 123), Origin("refs/b.txt", 7)),
    )
    data = ref.as_dict()
    for key in ("key", "pmid", "authors", "title", "journal", "year", "volume", "issue",
                "pages", "doi", "pmcid", "annotation", "source", "line"):
        assert key in data
    assert data["authors"] == ["Lamb YN"]
    assert (data["source"], data["line"]) == ("refs/a.txt", 123)
    assert len(data["origins"]) == 2  # type: ignore[arg-type]


def test_diagnostic_formats_like_a_compiler() -> None:
    d = Diagnostic("refs/x.txt", 64, "fragment", "factors for this\ncomplication")
    assert d.format() == "refs/x.txt:64: warning: fragment: factors for this complication"


def test_parse_results_add_up() -> None:
    a = ParseResult((Reference(key="a"),), (), "livertox")
    b = ParseResult((Reference(key="b"),), (Diagnostic("f", 1, "fragment", "x"),), "bibtex")
    total = a + b
    assert [r.key for r in total.references] == ["a", "b"]
    assert total.format == "mixed" and len(total.problems) == 1


def test_pubmed_record_retraction_from_either_signal() -> None:
    by_type = PubmedRecord(pmid="1", publication_types=("Retracted Publication",))
    by_link = PubmedRecord(pmid="2", comments_corrections=(CommentCorrection("RetractionIn", "3"),))
    assert by_type.is_retracted and by_link.is_retracted
    assert not PubmedRecord(pmid="4").is_retracted
    assert by_link.links("RetractionIn")[0].pmid == "3"


def test_first_page_falls_back_to_article_number() -> None:
    assert PubmedRecord(pmid="1", pages="117-126").first_page == "117"
    assert PubmedRecord(pmid="1", elocation="e36667").first_page == "e36667"
