from __future__ import annotations

from refgraph.library import merge
from refgraph.model import Author, Origin, ParseResult, Reference


def _ref(key: str, pmid: str, path: str, line: int, annotation: str = "", **kw: str) -> Reference:
    return Reference(key=key, pmid=pmid, authors=(Author(last="Lamb"),), year="2017",
                     annotation=annotation, origins=(Origin(path, line),), **kw)  # type: ignore[arg-type]


def test_same_pmid_in_two_documents_is_one_reference_with_both_origins() -> None:
    a = ParseResult((_ref("Lamb2017", "28819740", "a.txt", 10, "Review A", volume="77"),))
    b = ParseResult((_ref("Lamb2017", "28819740", "b.txt", 20, "Review B", doi="10.1/x"),))
    lib = merge([a, b])
    assert len(lib.references) == 1
    ref = lib.references[0]
    assert ref.origins == (Origin("a.txt", 10), Origin("b.txt", 20))
    assert ref.volume == "77" and ref.doi == "10.1/x"  # gaps filled from the later citation
    assert ref.annotation == "Review A\n\nReview B"  # no annotation is lost
    assert lib.problems == ()  # citing a work in two documents is not a problem


def test_duplicate_pmid_in_one_document_is_reported() -> None:
    one = ParseResult((_ref("A", "1", "a.txt", 1), _ref("B", "1", "a.txt", 9)))
    lib = merge([one])
    assert len(lib.references) == 1
    (problem,) = lib.problems
    assert (problem.kind, problem.line) == ("duplicate_pmid", 9)


def test_different_works_with_one_key_get_unique_keys() -> None:
    a = ParseResult((_ref("Lamb2017", "1", "a.txt", 1),))
    b = ParseResult((_ref("Lamb2017", "2", "b.txt", 1),))
    assert [r.key for r in merge([a, b]).references] == ["Lamb2017", "Lamb2017a"]


def test_works_without_pmid_merge_by_title() -> None:
    a = ParseResult((_ref("X", "", "a.txt", 1, title="A Study."),))
    b = ParseResult((_ref("Y", "", "b.txt", 2, title="a study"),))
    assert len(merge([a, b]).references) == 1
