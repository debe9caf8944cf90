"""Cross-reference labels: the usual bracket's fast reading is the general one."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from refgraph.graph.labels import _IN_BRACKETS, _make, xref_fields

NAMES = st.sampled_from(("Smith", "Among", "In", "Van", "Li", "O'Brien", "Gökbuget", "Lee Kim",
                         "de Vries", "Kantarjian", "A", "The", "Since", "Xu"))
YEARS = st.sampled_from(("2016", "1999", "2016a", "1899", "20166", "2101"))


def _general(text: str) -> list[tuple[str, str, str, str, bool, str, int]]:
    """What the general in-bracket regex reads in a text that is one bracket."""
    found = [_make(m, m.start()) for m in _IN_BRACKETS.finditer(text, 1, len(text) - 1)]
    return [f for f in found if f is not None]


@given(NAMES, YEARS, st.sampled_from((" ", "  ", ", ", " et al. ", " and Lee ")))
@example("Among", "2016", " ")
@example("Smith", "2016", " ")
def test_a_bracket_reads_as_the_general_regex_reads_it(name: str, year: str, gap: str) -> None:
    text = f"[{name}{gap}{year}]"
    assert xref_fields(text) == _general(text)


def test_the_usual_bracket() -> None:
    assert xref_fields("Follow up [Kantarjian 2016]; not [Among 2016]") == [
        ("Kantarjian 2016", "Kantarjian", "2016", "", False, "", 11)]
