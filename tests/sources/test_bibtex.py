"""BibTeX reader: fields, names, LaTeX, and bad input as diagnostics with line numbers."""

from __future__ import annotations

import logging

import pytest

from refgraph.latex import decode_latex, encode_latex
from refgraph.model import Author
from refgraph.sources import bibtex

JABREF_STYLE = """% exported by JabRef
@Article{Kantarjian2016,
  Author    = {Kantarjian, Hagop M. and DeAngelo, D. J. and Stelljes, Matthias and others},
  Title     = {Inotuzumab Ozogamicin versus Standard Therapy for {A}cute {L}ymphoblastic Leukemia},
  Journal   = {N Engl J Med},
  Year      = {2016},
  Month     = aug,
  Volume    = {375},
  Number    = {8},
  Pages     = {740--753},
  Doi       = {https://doi.org/10.1056/NEJMoa1509277},
  Pmid      = {27292104},
  Owner     = {tester},
  Timestamp = {2018.01.01},
}
"""


def _one(text: str) -> bibtex.Reference:
    result = bibtex.parse(text, "t.bib")
    assert result.problems == ()
    assert len(result.references) == 1
    return result.references[0]


def test_field_names_are_case_insensitive_and_mapped() -> None:
    ref = _one(JABREF_STYLE)
    assert ref.key == "Kantarjian2016"
    assert ref.pmid == "27292104"
    assert ref.title.endswith("for Acute Lymphoblastic Leukemia")
    assert (ref.journal, ref.year, ref.month) == ("N Engl J Med", "2016", "Aug")
    assert (ref.volume, ref.issue, ref.pages) == ("375", "8", "740-753")
    assert ref.doi == "10.1056/NEJMoa1509277"
    assert ref.et_al is True
    assert [a.short() for a in ref.authors] == ["Kantarjian HM", "DeAngelo DJ", "Stelljes M"]
    assert ref.line == 2 and ref.source == "t.bib"


def test_unknown_fields_are_kept_in_order() -> None:
    ref = _one(JABREF_STYLE)
    assert ref.extra == (("owner", "tester"), ("timestamp", "2018.01.01"))


def test_eprint_with_eprinttype_pubmed_gives_the_pmid() -> None:
    ref = _one("@article{a, eprint = {28859185}, eprinttype = {pubmed}, date = {2017-09}}")
    assert ref.pmid == "28859185"
    assert (ref.year, ref.month) == ("2017", "Sep")
    assert ref.extra == ()


def test_arxiv_eprint_is_not_a_pmid() -> None:
    ref = _one("@article{a, eprint = {1234.5678}, eprinttype = {arxiv}}")
    assert ref.pmid == ""
    assert ref.extra == (("eprint", "1234.5678"), ("eprinttype", "arxiv"))


def test_string_macros_are_expanded() -> None:
    ref = _one('@string{nejm = "N Engl J Med"}\n@article{a, journal = nejm # " (Boston)"}')
    assert ref.journal == "N Engl J Med (Boston)"


def test_latex_accents_and_escapes_are_decoded() -> None:
    ref = _one(
        r"@article{a, author = {G{\"o}kbuget, Nicola and M\"{u}ller, J. and {\'E}mile, Z},"
        r" title = {50\% of {B}-cell \& T-cell \textendash{} \emph{in vivo}}}"
    )
    assert [a.last for a in ref.authors] == ["Gökbuget", "Müller", "Émile"]
    assert ref.title == "50% of B-cell & T-cell – in vivo"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kantarjian, H. M.", Author(last="Kantarjian", first="H. M.", initials="HM")),
        ("Kantarjian, HM", Author(last="Kantarjian", first="H. M.", initials="HM")),
        ("Hagop M. Kantarjian", Author(last="Kantarjian", first="Hagop M.", initials="HM")),
        ("Ludwig van Beethoven", Author(last="van Beethoven", first="Ludwig", initials="L")),
        ("Gibb, Jr, Fraser W", Author(last="Gibb", first="Fraser W", initials="FW", suffix="Jr")),
        ("{NIH Consensus Panel}", Author(collective="NIH Consensus Panel")),
        ("{Smith and Jones}, A.", Author(last="Smith and Jones", first="A.", initials="A")),
        ("Selvamani", Author(last="Selvamani")),
    ],
    ids=["initials", "undotted", "first-last", "von", "suffix", "group", "braced-and", "mono"],
)
def test_author_forms(raw: str, expected: Author) -> None:
    authors, et_al = bibtex.parse_authors(raw)
    assert authors == (expected,)
    assert et_al is False


def test_and_others_sets_et_al_and_is_not_an_author() -> None:
    authors, et_al = bibtex.parse_authors("Smith, J. and others")
    assert [a.last for a in authors] == ["Smith"] and et_al


def test_unbalanced_braces_give_a_diagnostic_with_line_and_keep_the_rest() -> None:
    text = (
        "@article{good1, title = {One}, pmid = {1}}\n"
        "\n"
        "@article{bad, title = {unbalanced\n"
        "  year = 2000\n"
        "}\n"
        "@article{good2, title = {Two}, pmid = {2}}\n"
    )
    result = bibtex.parse(text, "b.bib")
    assert [r.key for r in result.references] == ["good1", "good2"]
    assert [(p.line, p.kind) for p in result.problems] == [(3, "bad_entry")]
    assert "unbalanced" in result.problems[0].text


def test_bibtexparser_logging_is_silenced_but_restored(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        bibtex.parse("@article{bad, title = {x\n@article{b, title={y}}", "b.bib")
    assert caplog.records == []
    assert logging.getLogger("bibtexparser").disabled is False


def test_duplicate_key_is_reported_and_the_entry_kept() -> None:
    result = bibtex.parse("@article{k, title={A}}\n@article{k, title={B}}\n", "d.bib")
    assert [r.title for r in result.references] == ["A", "B"]
    assert [(p.line, p.kind) for p in result.problems] == [(2, "duplicate_key")]


def test_duplicate_field_uses_the_first_and_keeps_the_second() -> None:
    result = bibtex.parse("@article{k, title={A}, title={B}}", "d.bib")
    (ref,) = result.references
    assert ref.title == "A" and ref.extra == (("title", "B"),)
    assert [p.kind for p in result.problems] == ["duplicate_field"]


def test_missing_comma_after_key_is_a_bad_entry() -> None:
    result = bibtex.parse("@article{nocomma title={x}}\n@article{ok, title={y}}", "m.bib")
    assert [r.key for r in result.references] == ["ok"]
    assert [(p.line, p.kind) for p in result.problems] == [(1, "bad_entry")]


@pytest.mark.parametrize("text", ["just some words", "{{{", "@@@@", "@article{"])
def test_unusable_content_gives_diagnostics_not_exceptions(text: str) -> None:
    result = bibtex.parse(text, "u.bib")
    assert result.references == ()
    assert result.problems and all(p.kind in {"bad_entry", "empty"} for p in result.problems)


def test_bad_pmid_is_reported_and_kept_in_extra() -> None:
    result = bibtex.parse("@article{k, pmid = {abc}}", "p.bib")
    assert [p.kind for p in result.problems] == ["bad_pmid"]
    assert result.references[0].extra == (("pmid", "abc"),)


def test_keywords_split_on_semicolon_before_comma() -> None:
    assert _one("@article{k, keywords = {Antibodies, Monoclonal; Humans}}").keywords == (
        "Antibodies, Monoclonal",
        "Humans",
    )
    assert _one("@article{k, keywords = {a, b}}").keywords == ("a", "b")
    assert _one("@article{k, keywords = {Antibodies, Monoclonal;}}").keywords == (
        "Antibodies, Monoclonal",
    )


def test_sniff() -> None:
    assert bibtex.sniff("% comment\n@Article{x,\n}")
    assert not bibtex.sniff("PMID- 123\nTI  - x")


@pytest.mark.parametrize(
    "text",
    ["Gökbuget – Đorđe ß Ø ł ǘ ç", "a\\b ~x^ {y} & % $ # _", "α-synuclein ≥ 5 µg ±1 °C"],
)
def test_latex_codec_round_trips_in_ascii(text: str) -> None:
    encoded = encode_latex(text, ascii=True)
    assert encoded.isascii()
    assert decode_latex(encoded) == text


def test_unknown_macros_are_kept_not_dropped() -> None:
    assert decode_latex(r"see \cite{x} and {\foo}") == r"see \citex and \foo"
