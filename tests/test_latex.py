"""LaTeX decoding and encoding: nesting without recursion, control characters never written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.latex import _Decoder, decode_latex, encode_latex


@pytest.mark.parametrize(("text", "decoded"), [
    (r"G{\"o}kbuget", "Gökbuget"), (r"\'e \'{e} {\'\i} \c{c} \v{s}\'{c}", "é é í ç šć"),
    (r"\emph{in vivo} and \textbf {bold}", "in vivo and bold"), (r"a}b {a", "ab a"),
    (r"\unknown{x} \\ \& \%", r"\unknownx   & %"), (r"$\alpha$-cells", "α-cells"),
])  # fmt: skip
def test_decoding(text: str, decoded: str) -> None:
    assert decode_latex(text) == decoded


@pytest.mark.parametrize("depth", [350, 1000, 20000])
def test_deep_nesting_decodes_without_recursion(depth: int) -> None:
    assert decode_latex("{" * depth + "x" + "}" * depth) == "x"
    assert decode_latex("{" * depth + "x") == "x"  # unclosed: the text is kept
    accents = decode_latex("\\'" * depth + "e")
    assert accents.startswith("é") and len(accents) == depth  # one accent per level
    braced = decode_latex("\\\"{" * depth + "o" + "}" * depth)
    assert braced.startswith("ö") and len(braced) == depth


def test_control_characters_are_never_encoded() -> None:
    assert encode_latex("A\x01 title\x1b[31m in red\x7f") == "A title in red"
    assert encode_latex("Gök\x08buget", ascii=True) == 'G{\\"o}kbuget'


@settings(max_examples=examples(200))
@given(st.text(st.sampled_from("ab Å{}{}}{\n\t-'\"é"), max_size=30))
def test_text_with_only_braces_decodes_as_the_decoder_reads_it(text: str) -> None:
    # decode_latex's shortcut for text without commands, math or ties: the braces go
    assert decode_latex(text) == _Decoder(text).run()
    assert decode_latex(text) == text.replace("{", "").replace("}", "")


_UNICODE_SPACES = "\u2009\u202f\u2003\u3000\u2028\u2029"


@settings(max_examples=examples(60))
@given(
    st.text(st.sampled_from(f"ab &{_UNICODE_SPACES}"), min_size=1, max_size=12).filter(
        lambda s: s.split() != []
    ),
    st.booleans(),
)
def test_unicode_spaces_are_spaces(title: str, ascii: bool) -> None:
    # thin, narrow no-break and em spaces, U+2028/U+2029 (PubMed titles, text pasted from
    # Word) were kept: pdflatex stops with "Unicode character U+2009 not set up for use
    # with LaTeX", --ascii or not. Every reader reads them as a space, so spaces they are.
    from refgraph.export.bibtex import write_bibtex
    from refgraph.model import Reference
    from refgraph.sources import bibtex

    text = write_bibtex([Reference(key="K", title=title, annotation=title)], ascii=ascii)
    assert not any(c in text for c in _UNICODE_SPACES)
    (back,) = bibtex.parse(text, "k.bib").references
    assert back.title == back.annotation == " ".join(title.split())
