"""Plain PMID lists."""

from __future__ import annotations

from conftest import DATA, SEED_PMIDS
from refgraph.sources import pmids


def test_mixed_separators_labels_and_comments() -> None:
    text = (DATA / "sources" / "pmids-mixed.txt").read_text(encoding="utf-8")
    result = pmids.parse(text, "p.txt")
    assert tuple(r.pmid for r in result.references) == SEED_PMIDS
    assert [r.line for r in result.references][:4] == [2, 3, 3, 3]
    assert result.references[0].key == "pmid22357140"
    assert result.problems == ()


def test_bad_tokens_reported_once_per_line() -> None:
    result = pmids.parse("123\nabc 0 456 x1\n", "p.txt")
    assert [r.pmid for r in result.references] == ["123", "456"]
    assert [(p.kind, p.line, p.text) for p in result.problems] == [
        ("bad_pmid", 2, "not a PMID: abc 0 x1"),
    ]


def test_leading_zeros_dropped() -> None:
    assert pmids.parse("0027292104", "p").references[0].pmid == "27292104"


def test_sniff() -> None:
    assert pmids.sniff("# list\n22357140\n27292104, 27959739\n")
    assert pmids.sniff("PMID: 22357140\n")
    assert not pmids.sniff("# nothing\n\n")
    assert not pmids.sniff("22357140 is cited\n")
    assert not pmids.sniff("PMID- 22357140\nTI  - Title\n")
