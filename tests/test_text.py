"""The one page expander, month table and folding (refgraph.text)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.text import (
    MONTHS,
    _expand_pages_general,
    abbreviate_pages,
    expand_pages,
    fold,
    month_number,
    normalize_month,
    squash,
    terminal_safe,
)


@pytest.mark.parametrize(
    ("given_pages", "expected"),
    [
        ("740-53", "740-753"),
        ("403–11", "403-411"),
        ("403--11", "403-411"),
        ("403 - 11", "403-411"),
        ("e387–e398", "e387-e398"),
        ("e387-98", "e387-e398"),
        ("e90–e91", "e90-e91"),
        ("2101", "2101"),
        ("583–6", "583-586"),
        ("1603—10", "1603-1610"),
        ("99-101", "99-101"),
        ("99-1", "99-1"),
        ("117-26", "117-126"),
        ("D48-53", "D48-D53"),
        ("S12-S15", "S12-S15"),
        ("S1-10", "S1-S10"),
        ("865-878.e8", "865-878.e8"),
        ("iii-iv", "iii-iv"),
        ("740-53, 760", "740-753, 760"),
        ("571-81; 600-2", "571-581, 600-602"),
        ("571-81;600-2", "571-581, 600-602"),
        ("571-581, 600-602", "571-581, 600-602"),
        ("123-45.", "123-145"),
        ("Suppl  2", "Suppl 2"),
        ("", ""),
    ],
)
def test_expand_pages(given_pages: str, expected: str) -> None:
    assert expand_pages(given_pages) == expected


@given(st.text(alphabet="0123456789-–—e .,;S", max_size=12))
@settings(max_examples=examples(400))
def test_page_short_cuts_read_like_the_general_steps(pages: str) -> None:
    assert expand_pages(pages) == _expand_pages_general(pages)


@given(st.text(alphabet="0123456789-–—eDS .,;iv", max_size=16))
@example("– –")  # make fuzz: dashes apart by a space were two dashes once, one dash twice
@settings(max_examples=examples(400))
def test_expanded_pages_read_back_as_themselves(pages: str) -> None:
    once = expand_pages(pages)
    assert expand_pages(once) == once


@pytest.mark.parametrize("pages", ["740-53", "0740-53", "740–53", "99-101", "980-20", "2101"])
def test_page_short_cuts_agree_on_common_ranges(pages: str) -> None:
    assert expand_pages(pages) == _expand_pages_general(pages)


@pytest.mark.parametrize(
    ("pages", "short"),
    [("740-753", "740-53"), ("98-102", "98-102"), ("12-12", "12"), ("e387-e398", "e387-e398"),
     ("571-581, 600-602", "571-81, 600-2")],
)
def test_abbreviate_pages_inverts_the_expansion(pages: str, short: str) -> None:
    assert abbreviate_pages(pages) == short
    assert expand_pages(short) == pages or pages == "12-12"


@pytest.mark.parametrize(
    ("raw", "month"),
    [("01", "Jan"), ("9", "Sep"), ("December", "Dec"), ("aug", "Aug"), ("Sept.", "Sep"),
     ("sept", "Sep"), ("Jul-Aug", "Jul"), ("Spring", ""), ("13", ""), ("Mayday", ""), ("", "")],
)
def test_normalize_month(raw: str, month: str) -> None:
    assert normalize_month(raw) == month
    assert month_number(raw) == (MONTHS.index(month) + 1 if month else 0)


def test_fold_and_squash() -> None:
    assert fold("Gökbuget") == fold("GOKBUGET") == "gokbuget"
    assert squash(" a\u00a0 b\n") == "a b"


@given(st.text(alphabet=st.sampled_from("ab \t\n\u00a0\u2009\x1f\x00é")) | st.text())
@settings(max_examples=examples(500))
def test_squash_short_cuts_read_like_split_and_join(text: str) -> None:
    assert squash(text) == " ".join(text.split())


def test_terminal_safe_spells_out_controls_and_bidi_overrides_only() -> None:
    assert terminal_safe("Gökbuget N. Blood\t2016") == "Gökbuget N. Blood\t2016"
    assert terminal_safe("a\x1b[2J\nb\rc\x07\x9b") == "a\\x1b[2J\\nb\\rc\\x07\\x9b"
    assert terminal_safe("x \u202eevil\u2066 \u05e9\u05dc\u05d5\u05dd") == (
        "x \\u202eevil\\u2066 \u05e9\u05dc\u05d5\u05dd"  # Hebrew itself is left alone
    )
