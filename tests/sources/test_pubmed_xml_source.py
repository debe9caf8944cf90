"""PubMed XML input: the adapter over refgraph.pubmed.parse (line numbers, broken records)."""

from __future__ import annotations

from pathlib import Path

from refgraph.sources import pubmed_xml

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def test_references_point_at_their_pubmedarticle_line() -> None:
    path = CORPUS / "biopython-medline-pubmed-tests" / "pubmed2.xml"
    text = path.read_text(encoding="utf-8")
    result = pubmed_xml.parse(text, str(path))
    assert result.problems == () and len(result.references) == 2
    lines = text.splitlines()
    for ref in result.references:
        assert "<PubmedArticle" in lines[ref.line - 1]
        assert f">{ref.pmid}</PMID>" in text
    assert result.references[0].pmid == "11748933"
    assert result.references[0].pages == "244-255"


def test_one_broken_record_costs_only_itself() -> None:
    good = (CORPUS / "biopython-medline-pubmed-tests" / "pubmed4.xml").read_text(encoding="utf-8")
    start = good.index("<PubmedArticle>")
    end = good.index("</PubmedArticle>") + len("</PubmedArticle>")
    article = good[start:end]
    broken = article.replace("</ArticleTitle>", "</ArticleTitel>", 1)
    text = "<PubmedArticleSet>\n" + broken + "\n" + article + "\n</PubmedArticleSet>\n"
    result = pubmed_xml.parse(text, "b.xml")
    assert [r.pmid for r in result.references] == ["27797938"]
    assert result.references[0].line == 2 + article.count("\n") + 1
    assert [(p.line, p.kind) for p in result.problems] == [(2, "bad_entry")]


def test_malformed_file_gives_a_diagnostic_not_a_traceback() -> None:
    path = CORPUS / "jabref-importer-tests" / "MedlineImporterTestMalformedEntry.xml"
    result = pubmed_xml.parse(path.read_text(encoding="utf-8"), str(path))
    assert result.references == ()
    assert result.problems and result.problems[0].kind == "bad_entry"


def test_sniff() -> None:
    assert pubmed_xml.sniff('<?xml version="1.0"?>\n<PubmedArticleSet>')
    assert not pubmed_xml.sniff("<html><body>PubmedArticle</body></html>")


def _article() -> str:
    good = (CORPUS / "biopython-medline-pubmed-tests" / "pubmed4.xml").read_text(encoding="utf-8")
    return good[good.index("<PubmedArticle>") : good.index("</PubmedArticle>") + 16]


def test_empty_records_are_reported_not_read_as_nameless_references() -> None:
    """A million ``<PubmedArticle/>`` were a million empty references ('anon', 'anona' ...):
    90 s and 6.6 GB for a 16 MB file. Each is a problem at its line, after 20 a count."""
    article = _article()
    text = "<PubmedArticleSet>\n" + "<PubmedArticle/>\n" * 25 + article + "\n</PubmedArticleSet>"
    result = pubmed_xml.parse(text, "e.xml")
    assert [(r.pmid, r.line) for r in result.references] == [("27797938", 27)]
    assert [p.line for p in result.problems] == [*range(2, 22), 22]
    assert result.problems[-1].text.startswith("and 5 more record(s)")


def test_an_empty_record_in_a_broken_file_does_not_swallow_the_next() -> None:
    """Read record by record, ``<PubmedArticle/>`` was cut at the next record's end tag:
    an empty reference, the next record read twice and a false duplicate PMID."""
    article = _article()
    text = (f"<PubmedArticleSet>\n<PubmedArticle />\n{article}\n"
            "<PubmedArticle><x></PubmedArticle>\n</PubmedArticleSet>\n")  # fmt: skip
    result = pubmed_xml.parse(text, "b.xml")
    assert [(r.pmid, r.line) for r in result.references] == [("27797938", 3)]
    broken = 3 + article.count("\n") + 1
    assert sorted((p.line, p.text[:30]) for p in result.problems) == [
        (2, "a record with no PMID and no t"), (broken, "malformed PubMed XML: Opening ")
    ]
