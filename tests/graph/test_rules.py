"""The edge rules: which relation may join which kinds of works."""

from __future__ import annotations

import pytest

from refgraph.graph import build_graph
from refgraph.graph.rules import ALLOWED, forbidden, work_type
from refgraph.model import Author, Reference


@pytest.mark.parametrize(("types", "title", "kind"), [
    (("Journal Article", "Randomized Controlled Trial"), "", "report"),
    (("Letter", "Comment"), "", "comment"),
    (("Editorial",), "", "comment"),
    (("Review", "Meta-Analysis"), "", "review"),
    (("Published Erratum",), "", "notice"),
    (("Retraction of Publication", "Letter"), "", "notice"),
    ((), "Correction to: A trial", "notice"),
    ((), "Re: A trial of X", "comment"),
    ((), "A trial of X", "unknown"),
])
def test_work_type(types: tuple[str, ...], title: str, kind: str) -> None:
    assert work_type(types, title) == kind


@pytest.mark.parametrize(("relation", "source", "target", "years", "allowed"), [
    ("follow_up_of", "report", "report", (2019, 2012), True),
    ("follow_up_of", "report", "report", (2012, 2019), False),  # a follow-up comes later
    ("follow_up_of", "comment", "report", (2016, 2016), True),  # a letter with more data
    ("follow_up_of", "review", "report", (2019, 2012), False),
    ("secondary_analysis_of", "report", "comment", (2019, 2012), False),
    ("pooled_analysis_of", "review", "report", (2014, 2012), True),
    ("pooled_analysis_of", "report", "review", (2014, 2012), False),
    ("erratum_for", "notice", "report", (2012, 2012), True),
    ("erratum_for", "report", "report", (2012, 2012), False),
    ("comment_on", "comment", "report", (2016, 2016), True),
    ("update_of", "notice", "review", (2020, 2010), False),
    ("reports", "report", "trial", (0, 0), True),
    ("reports", "report", "report", (0, 0), False),
    ("follow_up_of", "trial", "report", (0, 0), False),
    ("cites", "report", "report", (2010, 2020), True),  # anything may cite anything
    ("follow_up_of", "unknown", "unknown", (0, 0), True),  # never forbidden on missing data
])
def test_forbidden(relation: str, source: str, target: str, years: tuple[int, int],
                   allowed: bool) -> None:
    assert (forbidden(relation, source, target, *years) == "") is allowed


def test_every_typed_relation_has_a_rule() -> None:
    from refgraph.graph.cues import RELATIONS

    assert set(RELATIONS) - {"reports"} == set(ALLOWED)


def test_a_forbidden_annotation_relation_is_kept_as_cites_and_reported() -> None:
    refs = [
        Reference(key="Smith2020", authors=(Author(last="Smith"),), year="2020"),
        Reference(key="Lee2016", authors=(Author(last="Lee"),), year="2016",
                  annotation="(Long-term results of a trial [Smith 2020].)"),
    ]
    result = build_graph(refs)
    (edge,) = result.graph.edges(keys=True, data=True)
    assert edge[:3] == ("Lee2016", "Smith2020", "cites")
    assert edge[3]["forbidden"] == (
        "follow_up_of: follow_up_of from a work of 2016 to a later one (2020)")
    assert [p.kind for p in result.problems] == ["forbidden_relation"]
