"""Namesakes looked up by document give what the scan of every namesake gave.

The oracle is :func:`refgraph.graph.xrefs.resolve_parts`, whose one-author path still scans
the candidates (``XrefIndex.candidates`` and ``in_documents_of``); :func:`resolve_one_author`
looks the citing entry's document up (:class:`refgraph.graph.namesakes.Namesakes`) and
keeps the resolution per surname, year and document; the graph builder uses
:func:`resolve_here`, which looks the label up in the table of the citing entry's document
(:func:`refgraph.graph.namesakes.by_document`) and falls back on :func:`resolve_one_author`.
All three must agree on every label from every entry, whatever the order of the questions.
"""

from __future__ import annotations

from random import Random

from benchmarks.generate import library
from hypothesis import given
from hypothesis import strategies as st

from refgraph.graph.namesakes import (
    ONLY_IN_DOCUMENT,
    by_document,
    by_name_year,
    name_year,
    name_year_groups,
    only_local,
    surname_key,
)
from refgraph.graph.xrefs import (
    Xref,
    XrefIndex,
    resolve_here,
    resolve_one_author,
    resolve_parts,
    xref_fields,
)
from refgraph.model import Author, Origin, Reference

SURNAMES = ("Smith", "Gökbuget", "O'Brien", "smith", "Ng")
DOCUMENTS = ("a.txt", "b.txt", "c.txt")


@st.composite
def libraries(draw: st.DrawFn) -> list[Reference]:
    """Small libraries where labels collide: few surnames, years and documents; entries
    read from no, one or several documents (a path twice, too); trial titles, letters."""
    refs = []
    for i in range(draw(st.integers(1, 14))):
        paths = draw(st.lists(st.sampled_from(DOCUMENTS), max_size=3))
        refs.append(Reference(
            key=f"k{i:02d}",
            authors=(Author(last=draw(st.sampled_from(SURNAMES))),),
            year=draw(st.sampled_from(("2012", "2013"))),
            title=draw(st.sampled_from(("A randomized trial", "Liver injury", ""))),
            pages=draw(st.sampled_from(("12", "1-9", ""))),
            publication_types=draw(st.sampled_from(((), ("Letter",), ("Clinical Trial",)))),
            origins=tuple(Origin(path, n + 1) for n, path in enumerate(paths)),
        ))
    return refs


def _agree(refs: list[Reference], questions: list[tuple[str, str]]) -> int:
    """Ask every question of one index (its caches filling up) and of the scan; return how
    many labels named several entries."""
    index, scan, tables, several = XrefIndex(refs), XrefIndex(refs), XrefIndex(refs), 0
    by_key = {ref.key: ref for ref in refs}
    for citing, label in questions:
        (fields,) = xref_fields(f"[{label}]")
        expected = resolve_parts(Xref(*fields), citing, scan)
        assert resolve_one_author(fields, citing, index) == expected, (citing, label)
        here = tables.labels_here(by_key[citing])
        assert resolve_here(fields, citing, here, tables) == expected, (citing, label)
        namesakes = index._by_name_year.get(name_year(fields[1], fields[2]))
        if namesakes is not None and len(namesakes.keys) > 1:
            several += 1
            candidates = [k for k in namesakes.keys if k != citing]
            assert index.local_namesakes(namesakes, citing) == index.in_documents_of(
                candidates, citing)
    return several


@given(libraries(), st.randoms(use_true_random=False))
def test_document_lookup_gives_the_scans_answer(refs: list[Reference], rng: Random) -> None:
    labels = [f"{surname} {year}" for surname in SURNAMES[:3] for year in ("2012", "2013")]
    questions = [(ref.key, label) for ref in refs for label in labels]
    rng.shuffle(questions)
    _agree(refs, questions)


def test_document_lookup_gives_the_scans_answer_on_the_ambiguous_generator() -> None:
    """The benchmark's folder of monographs with a small surname pool, so that labels name
    several works of the library: every label of every annotation resolves as before."""
    refs = library(3_000, surnames=40)
    questions = [(ref.key, f[0]) for ref in refs for f in xref_fields(ref.annotation)
                 if not f[3]]
    assert _agree(refs, questions) > len(questions) // 2  # most labels have namesakes


def test_namesakes_group_by_folded_surname_year_and_document() -> None:
    refs = [Reference(key=key, authors=(Author(last=last),), year="2012",
                      origins=tuple(Origin(p, 1) for p in paths))
            for key, last, paths in (("b", "Gökbuget", ("x", "y", "x")),
                                     ("a", "GOKBUGET", ("y",)), ("c", "Smith", ()))]
    groups = by_name_year(refs)
    assert surname_key("Gökbuget") == "gokbuget"
    namesakes = groups["gokbuget", "2012"]
    assert namesakes.keys == ["a", "b"]  # sorted
    grouped = namesakes.by_document({r.key: r for r in refs})
    assert {path: local.keys for path, local in grouped.items()} == {
        "y": ["a", "b"], "x": ["b"]}  # "b" is in "x" once although read there twice
    assert groups["smith", "2012"].by_document({r.key: r for r in refs}) == {}
    tables = by_document(refs, groups)
    both = only_local("b", ["a", "b"])
    assert tables == {"x": {("gokbuget", "2012"): both}, "y": {("gokbuget", "2012"): None}}
    assert both == ("b", ("a", "b"), ("a",), (ONLY_IN_DOCUMENT,), "resolved")


@given(libraries())
def test_tables_with_each_entrys_group_are_the_tables(refs: list[Reference]) -> None:
    """by_document given each entry's group (name_year_groups) makes the tables it makes
    looking the groups up; a label's resolution is dropped when a second entry of the
    document has its surname and year."""
    groups, owners = name_year_groups(refs)
    assert groups == by_name_year(refs)
    assert len(owners) == len(refs)
    for ref, group in zip(refs, owners, strict=True):
        assert (group is None) == (not ref.first_author)
        assert group is None or ref.key in group.keys
        assert group is None or group.candidates == tuple(group.keys)
    tables = by_document(refs, groups, owners)
    assert tables == by_document(refs, groups)
    for path, table in tables.items():
        here = [r for r in refs if path in {o.path for o in r.origins}]
        for (surname, year), parts in table.items():
            keys = [r.key for r in here if surname_key(r.first_author) == surname
                    and r.year == year]
            assert (parts is None) == (len(keys) > 1)
            if parts is not None:
                assert parts == only_local(keys[0], groups[surname, year].keys)
