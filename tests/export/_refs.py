"""Shared material for the export tests: the seed's references and a Hypothesis strategy."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from refgraph.model import Author, Reference
from refgraph.sources import livertox

SEED = Path(__file__).resolve().parents[2] / "refs" / "inotuzumab-ozogamicin.txt"


def seed_references() -> list[Reference]:
    return list(livertox.parse(SEED.read_text(encoding="utf-8"), str(SEED)).references)


def bibliographic(ref: Reference, *, annotation: bool = True) -> tuple[object, ...]:
    """The fields every export must carry, authors in their short (NLM) form."""
    return (
        ref.pmid, ref.title, ref.journal, ref.year, ref.volume, ref.issue, ref.pages, ref.doi,
        ref.pmcid, tuple(a.short() for a in ref.authors), ref.annotation if annotation else "",
    )  # fmt: skip


_word = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzöéñ"), min_size=2, max_size=9)
_surname = _word.map(str.capitalize)
_initials = st.text(alphabet=st.sampled_from("ABCDEFGHJKLMNPRSTW"), min_size=1, max_size=3)
_sentence = st.lists(_word, min_size=1, max_size=12).map(" ".join).map(str.capitalize)
_digits = st.integers(min_value=1, max_value=99999).map(str)


@st.composite
def _pages(draw: st.DrawFn) -> str:
    first = draw(st.integers(min_value=1, max_value=5000))
    kind = draw(st.sampled_from(["single", "range", "e-range"]))
    if kind == "single":
        return str(first)
    last = first + draw(st.integers(min_value=1, max_value=120))
    return f"e{first}-e{last}" if kind == "e-range" else f"{first}-{last}"


@st.composite
def references(draw: st.DrawFn) -> Reference:
    """Plausible journal-article references (the shapes refgraph reads from citations)."""
    authors = tuple(
        Author(last=draw(_surname), initials=draw(_initials))
        for _ in range(draw(st.integers(min_value=0, max_value=9)))
    )
    pmid = draw(st.one_of(st.just(""), st.integers(1, 40_000_000).map(str)))
    return Reference(
        key="k" + draw(_digits),
        pmid=pmid,
        authors=authors,
        title=draw(_sentence),
        journal=draw(st.sampled_from(["N Engl J Med", "Lancet Oncol", "Drugs", "JAMA Oncol"])),
        year=str(draw(st.integers(1950, 2030))),
        volume=draw(st.one_of(st.just(""), _digits)),
        issue=draw(st.one_of(st.just(""), _digits)),
        pages=draw(st.one_of(st.just(""), _pages())),
        doi=draw(st.one_of(st.just(""), _digits.map(lambda d: f"10.1000/j.{d}"))),
        annotation=draw(st.one_of(st.just(""), _sentence)),
    )
