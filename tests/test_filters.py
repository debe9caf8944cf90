"""Table-driven tests of the template filters (the formatting rules of every style)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.filters import (
    FILTERS,
    authors_ama,
    authors_livertox,
    authors_nlm,
    doi_url,
    journal_nlm,
    latex_escape,
    latex_label,
    markdown_escape,
    pages_livertox,
    pages_nlm,
    pubmed_url,
    sentence,
)
from refgraph.model import Author, Reference


def _ref(n: int, *, et_al: bool = False) -> Reference:
    people = tuple(Author(last=f"Name{i}", initials="AB") for i in range(n))
    return Reference(key="k", authors=people, et_al=et_al)


@pytest.mark.parametrize(
    ("count", "et_al", "expected_names", "expected_et_al"),
    [
        (0, False, 0, False),
        (1, False, 1, False),
        (6, False, 6, False),
        (7, False, 6, True),
        (30, False, 6, True),
        (3, True, 3, True),  # cut short in the source: kept as cited
    ],
    ids=["none", "one", "six", "seven", "thirty", "cited-et-al"],
)
def test_authors_nlm_lists_six_then_et_al(
    count: int, et_al: bool, expected_names: int, expected_et_al: bool
) -> None:
    text = authors_nlm(_ref(count, et_al=et_al))
    parts = [p for p in text.split(", ") if p]
    assert len([p for p in parts if p != "et al."]) == expected_names
    assert text.endswith("et al.") is expected_et_al


@pytest.mark.parametrize(
    ("count", "et_al", "expected"),
    [
        (7, False, "Name0 AB, Name1 AB, Name2 AB, Name3 AB, Name4 AB, Name5 AB, Name6 AB"),
        (8, False, "Name0 AB, Name1 AB, Name2 AB, Name3 AB, Name4 AB, Name5 AB, Name6 AB, et al."),
        (2, True, "Name0 AB, Name1 AB, et al."),
    ],
    ids=["seven-all", "eight-cut", "cited-et-al"],
)
def test_authors_livertox_lists_seven_then_et_al(count: int, et_al: bool, expected: str) -> None:
    assert authors_livertox(_ref(count, et_al=et_al)) == expected


def test_authors_ama_cuts_more_than_six_to_three() -> None:
    assert authors_ama(_ref(6)).count(",") == 5
    assert authors_ama(_ref(7)) == "Name0 AB, Name1 AB, Name2 AB, et al"


def test_author_forms_use_collective_and_suffix() -> None:
    people = (Author(last="Smith", initials="J", suffix="Jr"), Author(collective="Panel"))
    ref = Reference(key="k", authors=people)
    assert authors_nlm(ref) == "Smith J Jr, Panel"


@pytest.mark.parametrize(
    ("pages", "nlm", "livertox"),
    [
        ("740-753", "740-53", "740–53"),
        ("403-411", "403-11", "403–11"),
        ("583-586", "583-6", "583–6"),
        ("1603-1610", "1603-10", "1603–10"),
        ("98-102", "98-102", "98–102"),
        ("100-109", "100-9", "100–9"),
        ("2101", "2101", "2101"),
        ("e387-e398", "e387-e398", "e387–e398"),
        ("e90-e91", "e90-e91", "e90–e91"),
        ("S12-S19", "S12-S19", "S12–S19"),
        ("", "", ""),
    ],
)
def test_pages_are_abbreviated_nlm_style(pages: str, nlm: str, livertox: str) -> None:
    assert pages_nlm(pages) == nlm
    assert pages_livertox(pages) == livertox


def test_journal_nlm_drops_periods_and_falls_back_to_full_title() -> None:
    assert journal_nlm(Reference(key="k", journal="Lancet Oncol.")) == "Lancet Oncol"
    assert journal_nlm(Reference(key="k", journal_full="The Lancet")) == "The Lancet"


def test_urls() -> None:
    assert pubmed_url("1") == "https://pubmed.ncbi.nlm.nih.gov/1/"
    assert doi_url("10.1/a b(c)") == "https://doi.org/10.1/a%20b%28c%29"
    assert '"' not in doi_url('10.1/"onmouseover=x')


@pytest.mark.parametrize(
    ("text", "expected"),
    [("A title", "A title."), ("A title.", "A title."), ("A title..", "A title."),
     ("Why?", "Why?"), ("et al.", "et al."), ("  two\n lines ", "two lines."), ("", "")],
)  # fmt: skip
def test_sentence_ends_with_one_full_stop(text: str, expected: str) -> None:
    assert sentence(text) == expected


HOSTILE = r"<script>alert(1)</script> \input{/etc/passwd} 100% & a_b *bold* [link](x) #1 ~$^"


def test_markdown_escape_makes_metacharacters_literal() -> None:
    out = markdown_escape(HOSTILE)
    for raw in ("*bold*", "[link]", "<script>", "a_b"):
        assert raw not in out
    assert r"\*bold\*" in out and r"\[link\]" in out and r"\<script\>" in out
    assert markdown_escape("1. not a list") == r"1\. not a list"
    assert markdown_escape("# not a heading").startswith(r"\#")


def test_markdown_escape_of_commonmark_renders_text_back() -> None:
    # every escaped character is ASCII punctuation, which CommonMark unescapes to itself
    out = markdown_escape(HOSTILE)
    unescaped = out.replace("\\\\", "\x00").replace("\\", "").replace("\x00", "\\")
    assert unescaped == " ".join(HOSTILE.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50% & $5 #1 a_b", r"50\% \& \$5 \#1 a\_b"),
        (r"\input{x}", r"\textbackslash{}input\{x\}"),
        ("~^", r"\textasciitilde{}\textasciicircum{}"),
        ("Gökbuget", r"G{\"{o}}kbuget"),
        ("Ç ñ é", r"{\c{C}} {\~{n}} {\'{e}}"),
        ("ß æ ø ł", r"{\ss} {\ae} {\o} {\l}"),
        ("α ≥ 5 µg", r"\ensuremath{\alpha} \ensuremath{\geq} 5 \ensuremath{\mu}g"),
        ("740–53 — “x”", "740--53 --- ``x''"),
        ("\u4e2d", "[U+4E2D]"),
        ("plain", "plain"),
    ],
)
def test_latex_escape(text: str, expected: str) -> None:
    assert latex_escape(text) == expected


def test_latex_label_keeps_keys_usable_in_bibitem() -> None:
    assert latex_label("Smith2020a") == "Smith2020a"
    assert latex_label("x{y}%z") == "x+7b+y+7d++25+z"


@settings(max_examples=examples(200))
@given(st.text(max_size=8), st.text(max_size=8))
def test_latex_label_gives_each_key_its_own_label(a: str, b: str) -> None:
    # "k 1", "k,1", "k%1" and "k-1" were all \bibitem{k-1}: one label, the others uncitable
    assert re.fullmatch(r"[A-Za-z0-9:._/+-]*", latex_label(a))
    assert (latex_label(a) == latex_label(b)) == (a == b)


def test_every_filter_is_registered_and_documented() -> None:
    for name, func in FILTERS.items():
        assert func.__name__ == name
        assert func.__doc__ and ">>>" in func.__doc__
