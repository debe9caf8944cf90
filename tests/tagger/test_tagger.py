"""The citation field tagger: fields, values, confidence and the Reference it gives."""

from __future__ import annotations

import pytest

from refgraph.tagger import LABELS, MODEL_PATH, TaggedCitation, tag_citation, tag_citations
from refgraph.tagger.fields import clean_value, split_names, to_reference
from refgraph.tagger.tokens import tokenize

# (citation, expected clean values) in styles the NLM rule does not read.
CASES = [
    (
        "Smith, J. A., & Doe, A. (2019). Liver injury after statins: a cohort study. "
        "Journal of Hepatology, 12(3), 45-67. https://doi.org/10.1016/j.jhep.2019.01.002",
        {
            "year": "2019",
            "journal": "Journal of Hepatology",
            "volume": "12",
            "issue": "3",
            "pages": "45-67",
            "doi": "10.1016/j.jhep.2019.01.002",
        },
    ),
    (
        "Rich KM, Wanyoike F (2010) An assessment of the regional and national socio-economic "
        "impacts of the 2007 Rift Valley fever outbreak in Kenya. Am J Trop Med Hyg 83: 52–57.",
        {"year": "2010", "journal": "Am J Trop Med Hyg", "volume": "83", "pages": "52-57"},
    ),
    (
        "Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603–10. "
        "PubMed PMID: 28819740.",
        {
            "title": "Inotuzumab ozogamicin: first global approval",
            "journal": "Drugs",
            "year": "2017",
            "volume": "77",
            "pages": "1603-1610",
            "pmid": "28819740",
        },
    ),
    (
        "[12] S. E. Han, G. Chen, Toward efficient light trapping, Nano Lett. 10 (2010) 1012.",
        {"number": "12", "year": "2010", "volume": "10", "journal": "Nano Lett"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=["apa", "plos", "livertox", "elsevier"])
def test_tagger_reads_fields_of_common_styles(text: str, expected: dict[str, str]) -> None:
    tagged = tag_citation(text)
    assert {label: tagged.get(label) for label in expected} == expected


def test_fields_cover_the_text_in_order_with_spans() -> None:
    text = CASES[2][0]
    tagged = tag_citation(text)
    starts = [f.start for f in tagged.fields]
    assert starts == sorted(starts)
    for f in tagged.fields:
        assert text[f.start : f.end] == f.raw
        assert f.label in LABELS
        assert 0.0 <= f.confidence <= 1.0
    assert tagged.labels[0] == "author"


def test_score_is_high_for_a_clean_citation_and_lower_for_noise() -> None:
    clean = tag_citation(CASES[2][0])
    noise = tag_citation("qwerty 12 zz; 7 (x) ppp 99 lorem ipsum: 3")
    assert clean.score > 0.8
    assert noise.score < clean.score


def test_identifier_tails_are_fields() -> None:
    tagged = tag_citation(
        "Ananthakrishnan AN. Epidemiology and risk factors for IBD. Nat Rev Gastroenterol "
        "Hepatol. 2015 Apr;12(4):205-17. doi: 10.1038/nrgastro.2015.34. PMID: 25732745; "
        "PMCID: PMC4321234."
    )
    assert tagged.get("doi") == "10.1038/nrgastro.2015.34"
    assert tagged.get("pmid") == "25732745"
    assert tagged.get("pmcid") == "PMC4321234"


def test_empty_and_whitespace_text_gives_no_fields() -> None:
    assert tag_citation("   ") == TaggedCitation("", (), 0.0)
    assert tag_citations(["", "x"])[0].fields == ()


def test_newlines_inside_a_citation_are_spaces() -> None:
    a = tag_citation("Lamb YN. Inotuzumab ozogamicin.\nDrugs. 2017;77:1603–10.")
    b = tag_citation("Lamb YN. Inotuzumab ozogamicin. Drugs. 2017;77:1603–10.")
    assert a == b


def test_to_reference_maps_fields_and_records_the_reading() -> None:
    ref = to_reference(tag_citation(CASES[0][0]))
    assert [a.short() for a in ref.authors] == ["Smith JA", "Doe A"]
    assert (ref.journal, ref.year, ref.volume, ref.issue, ref.pages) == (
        "Journal of Hepatology",
        "2019",
        "12",
        "3",
        "45-67",
    )
    assert ref.key == "Smith2019"
    assert ref.get_extra("x-read-by") == "tagger"
    assert 0.0 < float(ref.get_extra("x-tagger-score")) <= 1.0


def test_a_book_keeps_publisher_and_place_in_extra() -> None:
    ref = to_reference(
        tag_citation(
            "Murphy FA, Gibbs EPJ, Horzinek MC, Studdert MJ (1999) Veterinary Virology. "
            "USA: Elsevier. pp 469–475."
        )
    )
    assert ref.entry_type == "book"
    assert ref.get_extra("publisher") == "Elsevier"
    assert ref.pages == "469-475"


@pytest.mark.parametrize(
    ("names", "expected", "et_al"),
    [
        ("Kantarjian HM, Gökbuget N, et al.", ["Kantarjian HM", "Gökbuget N"], True),
        ("Romero, C., Paunesku, D., & Dweck, C.", ["Romero C", "Paunesku D", "Dweck C"], False),
        ("Lee, L. L., W. E. Howard, and R. E. Marsh", ["Lee LL", "Howard WE", "Marsh RE"], False),
        ("Adams, Nicholson B.", ["Adams NB"], False),
        ("Smith, Alan; Jones, Carl", ["Smith A", "Jones C"], False),
        ("World Health Organization", ["World Health Organization"], False),
    ],
)
def test_split_names_reads_common_author_forms(
    names: str, expected: list[str], et_al: bool
) -> None:
    authors, found_et_al = split_names(names)
    assert [a.short() for a in authors] == expected
    assert found_et_al is et_al


@pytest.mark.parametrize(
    ("label", "raw", "value"),
    [
        ("pages", "pp. 233-41.", "233-241"),
        ("pages", "e387–e398", "e387-e398"),
        ("volume", "Vol. 9,", "9"),
        ("issue", "(Suppl 2):", "Suppl 2"),
        ("doi", "https://doi.org/10.1000/abc.", "10.1000/abc"),
        ("pmcid", "PMCID: PMC7304353.", "PMC7304353"),
        ("title", "“Why do cells age?”", "Why do cells age?"),
        ("journal", "(Lancet Oncol.)", "Lancet Oncol"),
    ],
)
def test_clean_value(label: str, raw: str, value: str) -> None:
    assert clean_value(label, raw) == value


def test_tokens_keep_links_whole_and_split_punctuation() -> None:
    text = "Drugs. 2017;77:1603–10. doi: 10.1007/s40265-017-0802-x. http://x.org/a_(b)."
    words = [text[a:b] for a, b in tokenize(text)]
    assert "10.1007/s40265-017-0802-x" in words
    assert "http://x.org/a_(b)" in words
    assert words[:6] == ["Drugs", ".", "2017", ";", "77", ":"]


def test_the_model_ships_in_the_package_and_is_small() -> None:
    assert MODEL_PATH.is_file()
    assert MODEL_PATH.stat().st_size < 4 * 1024 * 1024


def test_as_dict_is_json_ready() -> None:
    import json

    data = tag_citation(CASES[2][0]).as_dict()
    assert json.loads(json.dumps(data)) == data
    assert {f["label"] for f in data["fields"]} >= {"author", "title", "journal", "pmid"}
    assert 0.0 <= data["score"] <= 1.0
