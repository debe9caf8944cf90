"""The fast .bib reader gives what the general (bibtexparser) path gives, or steps aside.

:func:`refgraph.sources.bibtex.parse` reads regular layouts with
:func:`refgraph.sources.bibtex_fast.scan` and everything else with bibtexparser
(:func:`refgraph.sources.bibtex.parse_general`). Property: on any text, both paths give
equal results (references with their lines, problems); on the layouts refgraph, Better
BibTeX and JabRef write, the fast path is the one taken.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, examples
from refgraph.export.bibtex import write_bibtex
from refgraph.model import Author, Reference
from refgraph.sources import bibtex
from refgraph.sources.bibtex_fast import scan

_CHARS = "abcdefghijklmnopqrstuvwxyzéüß ÅBCDÖ-.,:;&%$_{}~'\"#@()"
_word = st.text(st.sampled_from(_CHARS), min_size=1, max_size=14)
_refs = st.lists(
    st.builds(
        Reference,
        key=st.from_regex(r"[A-Za-z][A-Za-z0-9:_'-]{0,12}", fullmatch=True),
        pmid=st.one_of(st.just(""), st.integers(1, 99_999_999).map(str)),
        entry_type=st.sampled_from(["article", "book", "incollection", "misc"]),
        authors=st.lists(
            st.one_of(
                st.builds(Author, last=_word, first=_word), st.builds(Author, collective=_word)
            ),
            max_size=4,
        ).map(tuple),
        et_al=st.booleans(),
        title=_word,
        journal=_word,
        year=st.one_of(st.just(""), st.integers(1900, 2030).map(str), _word),
        month=st.sampled_from(["", "Aug", "Spring", "Jan"]),
        pages=st.sampled_from(["", "740-753", "e1-e9"]),
        annotation=_word,
        extra=st.lists(
            st.tuples(st.sampled_from(["abstract", "url", "note", "x-y"]), _word),
            max_size=2,
            unique_by=lambda kv: kv[0],
        ).map(tuple),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda r: r.key.lower(),
)


def _same(text: str) -> None:
    assert bibtex.parse(text, "x.bib") == bibtex.parse_general(text, "x.bib")


def _layouts(text: str) -> list[str]:
    """The same entries as refgraph, JabRef (aligned '=', '% Encoding', @Comment, CRLF) and
    a multi-line value (an abstract broken over lines) write them."""
    aligned = text.replace(" = ", "     = ").replace("@article", "@Article")
    jabref = "% Encoding: UTF-8\n\n" + aligned
    jabref += "\n@Comment{jabref-meta: databaseType:bibtex;}\n"
    multiline = text.replace("  title = {", "  title = {first line\n   second line ")
    return [text, jabref, jabref.replace("\n", "\r\n"), multiline]


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow])
@given(_refs, st.booleans())
def test_both_paths_read_refgraphs_layouts_alike(refs: list[Reference], ascii: bool) -> None:
    for text in _layouts(write_bibtex(refs, ascii=ascii)):
        _same(text)


def test_the_regular_layouts_take_the_fast_path() -> None:
    refs = [Reference(key="K1", authors=(Author(last="Kantarjian", initials="HM"),), title="T",
                      journal="J", year="2016", month="Aug", annotation="a & b\nc")]  # fmt: skip
    for text in _layouts(write_bibtex(refs)):
        assert scan(text) is not None, text
        _same(text)
    bbt = "@article{kantarjian_2016,\n  title = {{{INO-VATE}} trial},\n  author = {K, H},\n}\n"
    assert scan(bbt) is not None
    _same(bbt)


@pytest.mark.parametrize(
    "text",
    [
        '@string{nejm = "N Engl J Med"}\n@article{a,\n  journal = nejm,\n}\n',
        "@article{a,\n  title = {A} # { and B},\n}\n",
        '@article{a,\n  title = "Quoted",\n}\n',
        "@article(a,\n  title = {Parens},\n)\n",
        "@article{a,\n  title = {A},\n}\n@article{a,\n  title = {B},\n}\n",
        "@article{a,\n  title = {A},\n  Title = {B},\n}\n",
        "@article{a,\n  title = {Unclosed,\n}\n",
        "@article{a,\n  title = {a} and {b},\n}\n",
        "stray text\n@article{a,\n  title = {A},\n}\n",
        "@article{a, title = {On the first line}}\n",
        "@article{a,\n  title = {Esc \\{ brace},\n}\n",
    ],
    ids=[
        "string",
        "concat",
        "quoted",
        "parens",
        "dup-key",
        "dup-field",
        "unclosed",
        "two-groups",
        "stray",
        "one-line",
        "escaped-brace",
    ],
)
def test_anything_else_goes_the_general_way(text: str) -> None:
    assert scan(text) is None
    _same(text)


def test_real_files_read_alike_on_both_paths() -> None:
    files = sorted((DATA / "corpus").rglob("*.bib"))
    assert len(files) > 100
    fast = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        fast += scan(text) is not None
        _same(text)
    assert fast >= 10  # real exports in regular layouts do take the fast path


def test_shipped_bib_takes_the_fast_path() -> None:
    text = (Path(__file__).resolve().parents[2] / "refs" / "inotuzumab-ozogamicin.bib").read_text()
    assert scan(text) is not None
    _same(text)


def test_a_read_leaves_no_names_cached() -> None:
    # the cache of split names serves one read; kept, it held ~25 MB in a long-running process
    from refgraph.sources import bibnames

    text = write_bibtex(
        [Reference(key=f"K{i}", authors=(Author(last=f"N{i}"),)) for i in range(50)]
    )
    for read in (bibtex.parse, bibtex.parse_general):
        assert read(text, "n.bib").references[49].authors[0].last == "N49"
        assert bibnames._parse_name.cache_info().currsize == 0
