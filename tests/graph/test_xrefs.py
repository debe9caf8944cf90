"""Cross-references in annotations and their resolution."""

from __future__ import annotations

import pytest

from refgraph.graph import build_graph
from refgraph.graph.xrefs import XrefIndex, find_xrefs, resolve
from refgraph.model import Author, Reference

from ._seed import seed_records, seed_references


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("a trial [Kantarjian 2016] mentions", ["Kantarjian 2016"]),
        ("[Kantarjian \n2016]", ["Kantarjian 2016"]),
        ("[Castaigne 2012; Sievers 2001]", ["Castaigne 2012", "Sievers 2001"]),
        ("as Smith et al. 2019 found", ["Smith et al. 2019"]),
        ("as Smith et al. (2019) found", ["Smith et al. 2019"]),
        ("Smith and Jones 2019 found", ["Smith and Jones 2019"]),
        ("[Smith and Jones 2019]", ["Smith and Jones 2019"]),
        ("[Gökbuget 2020]", ["Gökbuget 2020"]),
        ("In 2016 [81% vs 29%] Among 326 patients", []),
    ],
)
def test_find_xrefs_forms(text: str, labels: list[str]) -> None:
    assert [x.label for x in find_xrefs(text)] == labels


def _ref(key: str, last: str, year: str, **kw: object) -> Reference:
    return Reference(key=key, authors=(Author(last=last),), year=year, **kw)  # type: ignore[arg-type]


def test_unique_candidate_resolves() -> None:
    refs = [_ref("Smith2016", "Smith", "2016"), _ref("Lee2018", "Lee", "2018")]
    res = resolve(find_xrefs("[Smith 2016]")[0], "Lee2018", XrefIndex(refs))
    assert (res.target, res.status, res.alternatives) == ("Smith2016", "resolved", ())


def test_entry_never_resolves_to_itself() -> None:
    refs = [_ref("Smith2016", "Smith", "2016", annotation="Follow up of [Smith 2016].")]
    res = resolve(find_xrefs("[Smith 2016]")[0], "Smith2016", XrefIndex(refs))
    assert res.target is None and res.status == "unresolved"
    result = build_graph(refs)
    assert result.graph.number_of_edges() == 0
    assert [p.kind for p in result.problems] == ["unresolved_xref"]


def test_self_is_excluded_so_the_other_namesake_is_chosen() -> None:
    result = build_graph(seed_references())  # no records
    edges = set(result.graph.edges(keys=True))
    assert ("Kantarjian2016a", "Kantarjian2016", "follow_up_of") in edges


def test_ambiguous_with_deciding_evidence_chooses_and_records_alternatives() -> None:
    result = build_graph(seed_references(), seed_records())
    data = result.graph.get_edge_data("Kantarjian2017", "Kantarjian2016", "secondary_analysis_of")
    assert data["alternatives"] == ("Kantarjian2016a",)
    assert "trial report (publication type)" in data["reasons"]
    assert "shares a trial with the citing entry" in data["reasons"]
    assert not result.graph.has_edge("Kantarjian2017", "Kantarjian2016a")
    assert not [p for p in result.problems if p.kind == "ambiguous_xref"]


def test_ambiguous_without_deciding_evidence_is_reported_not_guessed() -> None:
    refs = [
        _ref("Smith2016", "Smith", "2016", title="Liver injury"),
        _ref("Smith2016a", "Smith", "2016", title="Kidney injury"),
        Reference(key="Lee2018", authors=(Author(last="Lee"),), year="2018",
                  annotation="(Further follow up of [Smith 2016].)", origins=()),
    ]
    result = build_graph(refs)
    assert result.graph.number_of_edges() == 0
    assert [p.kind for p in result.problems] == ["ambiguous_xref"]
    assert "Smith2016, Smith2016a" in result.problems[0].text


def test_later_candidate_loses_to_earlier_one() -> None:
    refs = [
        _ref("Smith2016", "Smith", "2016", month="Jan", title="Liver injury"),
        _ref("Smith2016a", "Smith", "2016", month="Dec", title="Kidney injury"),
        _ref("Lee2016", "Lee", "2016", month="Jun", annotation="(Long-term results [Smith 2016].)"),
    ]
    result = build_graph(refs)
    assert set(result.graph.edges(keys=True)) == {("Lee2016", "Smith2016", "follow_up_of")}


def test_unresolved_xref_is_reported_with_its_line() -> None:
    from refgraph.model import Origin

    refs = [Reference(key="Lee2018", authors=(Author(last="Lee"),), year="2018",
                      annotation="(See [Castaigne 2012].)", origins=(Origin("a.txt", 7),))]
    (problem,) = build_graph(refs).problems
    assert (problem.kind, problem.source, problem.line) == ("unresolved_xref", "a.txt", 7)
    assert "Castaigne 2012" in problem.text


def test_two_author_form_requires_the_second_author() -> None:
    refs = [
        Reference(key="SmithJones", authors=(Author(last="Smith"), Author(last="Jones")),
                  year="2019"),
        Reference(key="SmithBrown", authors=(Author(last="Smith"), Author(last="Brown")),
                  year="2019"),
        _ref("Lee2020", "Lee", "2020", annotation="(Updated results of Smith and Jones 2019.)"),
    ]
    result = build_graph(refs)
    assert set(result.graph.edges(keys=True)) == {("Lee2020", "SmithJones", "follow_up_of")}


def test_et_al_form_resolves() -> None:
    refs = [_ref("Smith2019", "Smith", "2019"),
            _ref("Lee2020", "Lee", "2020",
                 annotation="(A post hoc analysis of Smith et al. 2019.)")]
    edges = set(build_graph(refs).graph.edges(keys=True))
    assert edges == {("Lee2020", "Smith2019", "secondary_analysis_of")}


def test_a_label_resolves_in_its_own_document_first() -> None:
    """Two monographs of one folder each cite their own "[Smith 2016]"."""
    from refgraph.model import Origin

    def ref(key: str, last: str, doc: str, **kw: object) -> Reference:
        return Reference(key=key, authors=(Author(last=last),), year="2016",
                         origins=(Origin(doc, 1),), **kw)  # type: ignore[arg-type]

    refs = [
        ref("SmithA", "Smith", "a.txt"), ref("SmithB", "Smith", "b.txt"),
        ref("LeeA", "Lee", "a.txt", annotation="(Further follow up of a trial [Smith 2016].)"),
        ref("LeeB", "Lee", "b.txt", annotation="(Post hoc analysis of [Smith 2016].)"),
    ]
    result = build_graph(refs)
    assert set(result.graph.edges(keys=True)) == {
        ("LeeA", "SmithA", "follow_up_of"), ("LeeB", "SmithB", "secondary_analysis_of")}
    data = result.graph.get_edge_data("LeeA", "SmithA", "follow_up_of")
    assert data["reasons"] == ("only candidate in the same document as the citing entry",)
    assert data["alternatives"] == ("SmithB",)
    assert result.problems == ()


def test_candidate_facts_are_computed_once_per_candidate() -> None:
    refs = [_ref("Smith2016", "Smith", "2016", title="A randomized trial"),
            _ref("Smith2016a", "Smith", "2016", title="Letter", pages="12")]
    index = XrefIndex(refs)
    first = index.own_evidence("Smith2016")
    assert index.own_evidence("Smith2016") is first  # cached, not recomputed
    assert first == (1, ("trial-like title",))
    assert index.own_evidence("Smith2016a") == (-1, ("single-page item",))


def test_a_label_with_more_namesakes_than_are_weighed_is_ambiguous_and_named_briefly() -> None:
    """A document of 3,000 "Smith 2016" each citing "[Smith 2016]" weighed every namesake
    for every label (35 s) and named all of them in each problem (400 MB): beyond
    MOST_WEIGHED candidates a label is ambiguous, its problem names ten and counts the rest."""
    from refgraph.graph.xrefs import MOST_WEIGHED

    many = MOST_WEIGHED + 6
    refs = [_ref(f"Smith2016n{i:03d}", "Smith", "2016", title="Liver injury", pages="1-9")
            for i in range(many)]  # fmt: skip
    refs[-1] = _ref(refs[-1].key, "Smith", "2016", title="A randomized trial", pages="1-9")
    refs.append(Reference(key="Lee2018", authors=(Author(last="Lee"),), year="2018",
                          annotation="(Further follow up of [Smith 2016].)"))  # fmt: skip
    result = build_graph(refs)
    assert result.graph.number_of_edges() == 0  # the trial-like title is not weighed
    (problem,) = result.problems
    assert problem.kind == "ambiguous_xref"
    assert f"Smith2016n009 and {many - 10} more and nothing decides" in problem.text
    assert "Smith2016n010" not in problem.text
    del refs[MOST_WEIGHED - 1 : -2]  # as many as are weighed: the trial-like title decides
    assert [e[:2] for e in build_graph(refs).graph.edges] == [("Lee2018", refs[-2].key)]
