from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import DATA, SEED, count_calls, distinct_works
from refgraph.library import merge, merge_references, same_work
from refgraph.model import Author, Diagnostic, Origin, ParseResult, Reference
from refgraph.sources import load_many, parse_text


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


# --------------------------------------------------------------------------- identity is evidence

IDENTITY = DATA / "identity"
LAMB_LINE, KANTARJIAN_2017_LINE = 123, 104


def _wrong_seed(tmp_path: Path) -> Path:
    """The seed with Lamb 2017 given Kantarjian 2017's PMID (a copy-paste error)."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count("PMID: 28819740") == 1
    path = tmp_path / "seed-wrong.txt"
    path.write_text(text.replace("PMID: 28819740", "PMID: 28687420"), encoding="utf-8")
    return path


def _conflicts(result: ParseResult) -> list[Diagnostic]:
    return [p for p in result.problems if p.kind == "pmid_conflict"]


def test_a_pmid_copied_inside_a_vancouver_list_keeps_both_works() -> None:
    lib = load_many([IDENTITY / "gemtuzumab-vancouver.txt"])
    # four citations: Wadleigh (wrong PMID), Giles, Rajvanshi (right PMID), Wadleigh again
    assert [(r.key, r.pmid, [o.line for o in r.origins]) for r in lib.references] == [
        ("Wadleigh2003", "11895761", [3, 6]),
        ("Giles2001", "11466696", [4]),
        ("Rajvanshi2002", "11895761", [5]),
    ]
    (conflict,) = _conflicts(lib)
    assert conflict.line == 5
    assert "Rajvanshi2002" in conflict.text and "Wadleigh2003 at line 3 (" in conflict.text
    rajvanshi = lib.references[2]
    assert rajvanshi.title.startswith("Hepatic sinusoidal obstruction")
    assert rajvanshi.journal == "Blood" and rajvanshi.volume == "99"
    # Wadleigh cited twice in one list with the same (wrong) PMID is one work, reported
    (dupe,) = [p for p in lib.problems if p.kind == "duplicate_pmid"]
    assert (dupe.line, dupe.text) == (6, "PMID 11895761 is cited again (first at line 3: "
                                         "Wadleigh2003)")


def test_a_pmid_copied_inside_a_livertox_monograph_keeps_both_works(tmp_path: Path) -> None:
    lib = load_many([_wrong_seed(tmp_path)])
    assert len(lib.references) == 10  # ten citations in, ten references out
    by_key = {r.key: r for r in lib.references}
    lamb, kantarjian = by_key["Lamb2017"], by_key["Kantarjian2017"]
    assert lamb.pmid == kantarjian.pmid == "28687420"
    assert (lamb.line, kantarjian.line) == (LAMB_LINE, KANTARJIAN_2017_LINE)
    assert lamb.annotation.startswith("Review of the history of development")
    assert kantarjian.annotation.startswith("Secondary analysis of liver related")
    assert "Review of the history" not in kantarjian.annotation
    (conflict,) = _conflicts(lib)
    assert (conflict.line, conflict.source) == (LAMB_LINE, str(tmp_path / "seed-wrong.txt"))
    assert f"Kantarjian2017 at line {KANTARJIAN_2017_LINE}" in conflict.text


def test_one_pmid_for_two_works_in_two_documents_keeps_both(tmp_path: Path) -> None:
    text = (IDENTITY / "gemtuzumab-vancouver.txt").read_text(encoding="utf-8").splitlines()
    wadleigh, rajvanshi = "1." + text[2][2:], "1." + text[4][2:]
    (tmp_path / "a.txt").write_text(f"References\n\n{wadleigh}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"References\n\n{rajvanshi}\n", encoding="utf-8")
    lib = load_many([tmp_path])
    assert [(r.key, r.source.rsplit("/", 1)[-1]) for r in lib.references] == [
        ("Wadleigh2003", "a.txt"), ("Rajvanshi2002", "b.txt"),
    ]  # fmt: skip
    (conflict,) = _conflicts(lib)
    assert conflict.source.endswith("b.txt") and f"{tmp_path / 'a.txt'}:3" in conflict.text


BIB = """@string{blood = "Blood"}
% two entries, one PMID: the first is right, the second a copy-paste error
@article{rajvanshi2002,
  author = {Rajvanshi, P. and Shulman, H. M. and Sievers, E. L. and McDonald, G. B.},
  title = {Hepatic sinusoidal obstruction after gemtuzumab ozogamicin (Mylotarg) therapy},
  journal = blood, year = 2002, volume = 99, pages = {2310--2314}, pmid = {11895761},
  annote = {(Report of 3 cases of SOS after gemtuzumab.)},
}
@article{wadleigh2003,
  author = {Wadleigh, M. and Richardson, P. G. and Zahrieh, D.},
  title = {Prior gemtuzumab ozogamicin exposure significantly increases the risk of
           veno-occlusive disease in patients who undergo myeloablative allogeneic stem cell
           transplantation},
  journal = blood, year = 2003, volume = 102, pages = {1578--1582}, pmid = {11895761},
  annote = {(Among 62 patients, prior gemtuzumab raised the rate of VOD.)},
}
"""

RIS = """TY  - JOUR
AU  - Rajvanshi, P
AU  - Shulman, HM
TI  - Hepatic sinusoidal obstruction after gemtuzumab ozogamicin (Mylotarg) therapy
T2  - Blood
PY  - 2002
VL  - 99
SP  - 2310
EP  - 4
AN  - 11895761
ER  -
TY  - JOUR
AU  - Wadleigh, M
AU  - Richardson, PG
TI  - Prior gemtuzumab ozogamicin exposure significantly increases the risk of veno-occlusive
  disease in patients who undergo myeloablative allogeneic stem cell transplantation
T2  - Blood
PY  - 2003
VL  - 102
SP  - 1578
EP  - 82
AN  - 11895761
ER  -
TY  - JOUR
AU  - Rajvanshi, P
TI  - Hepatic sinusoidal obstruction after gemtuzumab ozogamicin (Mylotarg) therapy.
T2  - Blood
PY  - 2002
VL  - 99
SP  - 2310
AN  - 11895761
ER  -
"""

NBIB = """PMID- 11895761
TI  - Hepatic sinusoidal obstruction after gemtuzumab ozogamicin (Mylotarg) therapy.
DP  - 2002 Apr 1
VI  - 99
PG  - 2310-4
AU  - Rajvanshi P
TA  - Blood

PMID- 11895761
TI  - Prior gemtuzumab ozogamicin exposure significantly increases the risk of
      veno-occlusive disease in patients who undergo myeloablative allogeneic stem cell
      transplantation.
DP  - 2003 Sep 1
VI  - 102
PG  - 1578-82
AU  - Wadleigh M
TA  - Blood

PMID- 11895761
TI  - Hepatic sinusoidal obstruction after gemtuzumab ozogamicin (Mylotarg) therapy.
DP  - 2002 Apr 1
VI  - 99
PG  - 2310-4
AU  - Rajvanshi P
TA  - Blood
"""


@pytest.mark.parametrize(("text", "fmt", "lines"), [
    (BIB, "bibtex", (3, 9)), (RIS, "ris", (1, 12)), (NBIB, "medline", (1, 9)),
], ids=["bibtex", "ris", "nbib"])  # fmt: skip
def test_entries_sharing_a_pmid_in_one_file_are_kept_apart(
    text: str, fmt: str, lines: tuple[int, int]
) -> None:
    lib = merge([parse_text(text, f"lib.{fmt}", fmt)])
    keys = [r.key for r in lib.references]
    assert [k.lower() for k in keys] == ["rajvanshi2002", "wadleigh2003"]
    assert tuple(r.line for r in lib.references) == lines
    assert all(r.pmid == "11895761" for r in lib.references)
    (conflict,) = _conflicts(lib)
    assert conflict.line == lines[1] and f"{keys[0]} at line {lines[0]}" in conflict.text
    if fmt != "bibtex":  # the third record repeats Rajvanshi: merged, reported with its key
        (dupe,) = [p for p in lib.problems if p.kind == "duplicate_pmid"]
        assert dupe.text.endswith(f": {keys[0]})")
        assert len(lib.references[0].origins) == 2


def test_citations_that_agree_merge_despite_small_slips() -> None:
    full = _ref("Lamb2017", "28819740", "a.txt", 3, title="Inotuzumab ozogamicin: first "
                "global approval.", journal="Drugs", volume="77", pages="1603-1610")
    slips = _ref("", "28819740", "b.txt", 7, title="Inotuzumab ozogamicin: first global "
                 "approval", journal="Drugs", volume="77", pages="1630-1610")  # page typo
    bare = Reference(key="", pmid="28819740", origins=(Origin("c.txt", 1),))  # a PMID list
    refs, problems = merge_references([full, slips, bare])
    assert len(refs) == 1 and problems == []
    assert [o.path for o in refs[0].origins] == ["a.txt", "b.txt", "c.txt"]


def test_different_dois_under_one_pmid_are_a_conflict() -> None:
    a = _ref("A", "28819740", "a.txt", 1, doi="10.1007/s40265-017-0802-z")
    b = _ref("B", "28819740", "a.txt", 2, doi="10.1016/S2352-3026(17)30103-5")
    refs, problems = merge_references([a, b])
    assert [r.key for r in refs] == ["A", "B"]
    assert [p.kind for p in problems] == ["pmid_conflict"] and "DOI" in problems[0].text
    assert same_work(a, b) is None


def test_a_shared_doi_alone_merges_or_conflicts_like_a_pmid() -> None:
    a = _ref("", "", "a.txt", 1, doi="10.1/X", title="A study of X")
    b = _ref("", "", "b.txt", 4, doi="10.1/x", title="A study of X.")
    c = _ref("", "", "b.txt", 9, doi="10.1/x", title="Something else entirely, a review",
             journal="Drugs")
    refs, problems = merge_references([a, b, c])
    assert len(refs) == 2 and len(refs[0].origins) == 2
    (conflict,) = problems
    assert conflict.kind == "pmid_conflict" and conflict.text.startswith("DOI 10.1/x on two")


def test_a_bib_work_under_two_keys_is_one_reference_reachable_by_both() -> None:
    bib = "".join(
        f"@article{{{key},\n  author = {{Lamb, Y. N.}},\n  title = {{First global approval}},\n"
        f"  journal = {{Drugs}}, year = {{2017}},\n  pmid = {{28819740}},\n}}\n\n"
        for key in ("Lamb2017", "lamb_ino", "Lamb2017")
    )
    lib = merge([parse_text(bib, "lib.bib", "bibtex")])
    (ref,) = lib.references
    assert ref.key == "Lamb2017" and dict(ref.extra)["ids"] == "lamb_ino"  # biblatex aliases
    assert [o.line for o in ref.origins] == [1, 8, 15]
    texts = [p.text for p in lib.problems if p.kind == "duplicate_pmid"]
    assert "cited again as lamb_ino (kept as a key alias)" in texts[0]
    text_list = "1. Lamb YN. First global approval. Drugs. 2017;77:1603-10. PMID: 28819740.\n" * 2
    (from_text,) = merge([parse_text(text_list, "a.txt")]).references
    assert "ids" not in dict(from_text.extra)  # keys refgraph made up are no aliases


def test_one_pmid_on_many_works_is_weighed_and_reported_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A PMID filled down a column of 1,000 citations weighed each against every earlier
    one and reported every pair: half a million comparisons and problems, minutes. A
    citation is weighed against the first 16 works with it (an exact repeat still joins any)
    and its conflicts with three are reported, the rest counted; every work is kept."""
    from refgraph import library

    calls = count_calls(monkeypatch, library, "compare_citations")
    works = [replace(w, key="", origins=(Origin("a.txt", i + 1),))
             for i, w in enumerate(distinct_works(40, "12345678"))]  # fmt: skip
    again = replace(works[30], origins=(Origin("b.txt", 7),))  # the 31st work, cited again
    refs, problems = merge_references([*works, again])
    assert len(refs) == 40 and refs[30].origins == (Origin("a.txt", 31), Origin("b.txt", 7))
    assert calls[0] <= 40 * 16 + 40 * 3
    conflicts = [p for p in problems if p.kind == "pmid_conflict"]
    assert len(conflicts) == 1 + 2 + 3 * 37  # the repeat of the 31st: none new
    assert conflicts[-1].text.endswith("; 36 more work(s) have it too")
