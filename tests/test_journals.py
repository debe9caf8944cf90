"""Journal-name matching: abbreviations against full titles."""

from __future__ import annotations

import pytest

from refgraph.journals import is_abbreviation, journal_words, journals_match, matches_any

SAME = [
    ("N Engl J Med", "The New England journal of medicine"),
    ("N. Engl. J. Med.", "N Engl J Med"),
    ("N. Engl. J. Med.", "The New England journal of medicine"),
    ("Lancet Oncol", "The Lancet. Oncology"),
    ("Lancet Haematol", "The Lancet. Haematology"),
    ("Br J Haematol", "British journal of haematology"),
    ("Med Lett Drugs Ther", "The Medical letter on drugs and therapeutics"),
    ("JAMA Oncol", "JAMA oncology"),
    ("Drugs", "Drugs"),
    (
        "Proc Natl Acad Sci U S A",
        "Proceedings of the National Academy of Sciences of the United States of America",
    ),
    ("Cell Mol Biol Lett", "Cellular & molecular biology letters"),
    ("Rev Med Chil", "Revista médica de Chile"),
    ("lancet oncology", "LANCET ONCOLOGY"),
]  # fmt: skip

DIFFERENT = [
    ("Lancet Oncol", "Lancet Haematol"),
    ("J Med", "Journal of experimental medicine"),
    ("N Engl J Med", "JAMA"),
    ("Br J Haematol", "Blood"),
    ("Drugs", "Drug safety"),
    ("Lancet", "The Lancet. Oncology"),
    ("", "Lancet"),
]


@pytest.mark.parametrize(("a", "b"), SAME, ids=[a for a, _ in SAME])
def test_same_journal_matches_both_ways(a: str, b: str) -> None:
    assert journals_match(a, b)
    assert journals_match(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT, ids=[f"{a}|{b}" for a, b in DIFFERENT])
def test_different_journals_do_not_match(a: str, b: str) -> None:
    assert not journals_match(a, b)
    assert not journals_match(b, a)


def test_words_drop_stop_words_and_punctuation() -> None:
    assert journal_words("The Medical letter on drugs and therapeutics") == (
        "medical",
        "letter",
        "drugs",
        "therapeutics",
    )


@pytest.mark.parametrize(
    ("short", "word", "expected"),
    [("br", "british", True), ("haematol", "haematology", True), ("j", "journal", True),
     ("engl", "england", True), ("med", "journal", False), ("medx", "medical", False),
     ("medicine", "med", False)],
)  # fmt: skip
def test_abbreviation_rule(short: str, word: str, expected: bool) -> None:
    assert is_abbreviation(short, word) is expected


def test_matches_any_skips_empty_names() -> None:
    assert matches_any("N Engl J Med", ["", "The New England journal of medicine"])
    assert not matches_any("N Engl J Med", ["", "Blood"])
