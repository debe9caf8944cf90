"""Hypothesis fuzzing of every parser: only documented errors, and BibTeX keeps what was read.

Inputs are arbitrary text and "structured-ish" text glued from format fragments (``@article{``,
``TY  - ``, ``PMID- ``, ``PubMed PMID:``, ``<PubmedArticle>``, unbalanced braces, NULs ...).
Every parser may report problems as diagnostics or raise a :class:`~refgraph.errors.RefgraphError`
subclass; anything else (``IndexError``, ``KeyError``, lxml errors ...) is a bug. Whatever any
reader produced must survive ``write_bibtex`` -> BibTeX reader unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.errors import RefgraphError
from refgraph.eutils import replies
from refgraph.export.bibtex import write_bibtex
from refgraph.keys import assign_keys
from refgraph.model import ParseResult, Reference
from refgraph.pubmed.parse import parse_pubmed_xml
from refgraph.sources import FORMATS, parse_text
from refgraph.sources import bibtex as bibtex_reader

FRAGMENTS = [
    "@article{", "@book{k,", "@string{a = ", "title = {", "author = ", "pmid = {", " and ", "}",
    "{", "}}", "{{", "#", '"', "=", ",", "%", "\\", "\\'e", "\\input{x}", "@comment{",
    "TY  - JOUR\n", "AU  - ", "TI  - ", "PY  - 2019\n", "ER  - \n", "ER  -",
    "PMID- 12345678\n", "TI  - ", "FAU - Smith, John\n", "AU  - Smith J\n", "DP  - 2017 Jan\n",
    "      continued line\n", "PubMed PMID: ", "PMID: 2735", "PubMed PMID:\n", "27292104",
    "Kantarjian HM, DeAngelo DJ, et al. ", "N Engl J Med. 2016;375:740-53. ", "doi: 10.1/x. ",
    "(Among 63 patients [Lamb 2017]).", "LiverTox: Drug  Page 3 of 9\n", "REFERENCES\n",
    "References updated: 10 July 2018\n", "1. ", "[1] ", "Available from: https://x\n",
    "<?xml version='1.0'?>", "<PubmedArticleSet>", "<PubmedArticle>", "</PubmedArticle>",
    "<MedlineCitation>", "<PMID Version=\"1\">", "</PMID>", "<ArticleTitle>", "</ArticleTitle>",
    "<AuthorList>", "<Author><LastName>", "</LastName></Author>", "<!DOCTYPE x [",
    "<!ENTITY a \"aaaa\">", "&a;", "&amp;", "&#x0;", "<![CDATA[", "]]>", "<ERROR>", "</ERROR>",
    "<eLinkResult>", "<LinkSetDb><Link><Id>", "</Id></Link>", "<eSummaryResult>", "<DocSum>",
    "<Id>1</Id>", "<eSearchResult><IdList>", "</IdList>", '{"header":', '"linksets":[', "]",
    '{"error":"API rate limit exceeded"}', "|", "||", "\n", "\n\n", "\r\n", "\t", " ", "\x00",
    "\ufeff", "é", "–", "\u2028", "𝔘",
]  # fmt: skip

TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join),
)
#: One small valid document per format; the fuzzer mutates these (insertions and deletions).
VALID = {
    "text": "## References\n\n* [Tool](https://pubmed.ncbi.nlm.nih.gov/12345678/)\n"
    "  > Smith J, Doe A. A title. *Blood*. 2019;12(3):45-67. doi: 10.1/x. PubMed PMID: 12345678.\n"
    "- Doe, A. (2018). Earlier. N Engl J Med, 375, 740-753. [[PubMed](https://pubmed.ncbi.nlm.nih"
    ".gov/27292104/)]\n<li>Roe B (2017) Other. Lancet 1: 2-3</li>\n",
    "bibtex": "@article{k1,\n  author = {Smith, John and Doe, J. A.},\n  title = {A {B} title},\n"
    "  journal = {Blood},\n  year = {2019},\n  pages = {45--67},\n  pmid = {12345678},\n}\n",
    "ris": "TY  - JOUR\nAU  - Smith, John\nTI  - A title\nJO  - Blood\nPY  - 2019\n"
    "SP  - 45\nAN  - 12345678\nER  - \n",
    "medline": "PMID- 12345678\nTI  - A title.\nFAU - Smith, John\nAU  - Smith J\n"
    "TA  - Blood\nDP  - 2019 Jan\nPG  - 45-67\n\n",
    "livertox": "REFERENCES\n\nSmith J, Doe A. A title of a trial. Blood. 2019;12(3):45-67. "
    "PubMed PMID: 12345678.\n\n(Among 63 patients [Doe 2018]).\n\nDoe A. Earlier work. "
    "N Engl J Med. 2018;375:740-53. PubMed PMID: 27292104.\n",
    "bookshelf": "Smith J, Doe A. A title of a trial. Blood. 2019;12(3):45-67. [PubMed: 12345678]"
    "\n\n(Among 63 patients).\n",
    "vancouver": "1. Smith J, Doe A. A title of a trial. Blood. 2019;12(3):45-67. PMID: 12345678."
    "\n2. Doe A. Earlier. N Engl J Med. 2018;375:740-53.\n",
    "pmids": "12345678\nPMID: 27292104\n",
    "jats": '<article><back><ref-list><ref id="r1"><element-citation publication-type="journal">'
    "<person-group><name><surname>Smith</surname><given-names>J</given-names></name>"
    "</person-group><article-title>A title</article-title><source>Blood</source>"
    "<year>2019</year><volume>12</volume><fpage>45</fpage><lpage>67</lpage>"
    '<pub-id pub-id-type="pmid">12345678</pub-id></element-citation></ref><ref id="r2">'
    "<mixed-citation>Doe A (2018) Earlier work. N Engl J Med 375: 740-53.</mixed-citation>"
    "</ref></ref-list></back></article>",
    "csl-json": '[{"id": "k1", "type": "article-journal", "title": "A title", "container-title":'
    ' "Blood", "author": [{"family": "Smith", "given": "John"}, {"literal": "others"}],'
    ' "issued": {"date-parts": [[2019, 1]]}, "page": "45-67", "PMID": "12345678"}]',
    "zotero-json": '{"items": [{"itemType": "journalArticle", "title": "A title",'
    ' "publicationTitle": "Blood", "date": "2019", "pages": "45-67", "extra": "PMID: 12345678",'
    ' "creators": [{"lastName": "Smith", "firstName": "John", "creatorType": "author"}]}]}',
    "pubmed-xml": '<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">12345678'
    "</PMID><Article><Journal><Title>Blood</Title></Journal><ArticleTitle>A title."
    "</ArticleTitle><AuthorList><Author><LastName>Smith</LastName><Initials>J</Initials>"
    "</Author></AuthorList></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>",
    "pubmed-abstract": "1. Blood. 2019 Jan;12(3):45-67. doi: 10.1/x. Epub\n2018 Dec 1.\n\n"
    "A title.\n\nSmith J(1), Doe A.\n\nAuthor information:\n(1)Somewhere.\n\nComment in\n"
    "    Blood. 2019;12:68.\n\nBACKGROUND: Text.\n\nDOI: 10.1/x\nPMCID: PMC1\n"
    "PMID: 12345678  [Indexed for MEDLINE]\n\n\n2. Lancet. 2018;1:2-3.\n\nOther.\n\n"
    "PMID: 27292104\n",
    "table": 'PMID,Title,Authors,Citation,Journal/Book,Publication Year,PMCID,DOI\n"12345678",'
    '"A title, with a comma","Smith J, Doe A.","Blood. 2019 Jan;12(3):45-67. doi: 10.1/x.",'
    '"Blood","2019","PMC1","10.1/x"\n27292104;x\n',
    "wos": "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\n   Doe, A\n"
    "TI A title\n   wrapped\nSO BLOOD\nJI Blood\nPY 2019\nVL 12\nBP 45\nEP 67\nDI 10.1/x\n"
    "PM 12345678\nUT WOS:1\nER\n\nPT J\nAU Roe, R\nTI Other\nER\n\nEF\n",
    "endnote-xml": '<?xml version="1.0" encoding="UTF-8" ?><xml><records><record><ref-type '
    'name="Journal Article">17</ref-type><contributors><authors><author><style>Smith, J.</style>'
    "</author></authors></contributors><titles><title>A title</title><secondary-title>Blood"
    "</secondary-title></titles><pages>45-67</pages><volume>12</volume><dates><year>2019</year>"
    "</dates><accession-num>12345678</accession-num></record><record><titles><title>Other"
    "</title></titles></record></records></xml>",
    "refer": "%0 Journal Article\n%A Smith, John\n%A Doe, A\n%T A title\n  wrapped\n%J Blood\n"
    "%V 12\n%N 3\n%P 45-67\n%D 2019\n%R 10.1/x\n%M 12345678\n\n%0 Book\n%T Other\n%D 2018\n",
}


@st.composite
def _mutated(draw: st.DrawFn, doc: str) -> str:
    """``doc`` with a few fragments inserted and slices deleted at drawn positions."""
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(doc)))
        if draw(st.booleans()):
            doc = doc[:at] + draw(st.sampled_from(FRAGMENTS)) + doc[at:]
        else:
            doc = doc[:at] + doc[at + draw(st.integers(1, 20)) :]
    return doc


# Formats added later are fuzzed by their own test below but not mixed into MUTATED, so the
# derandomised examples every other format draws stay the same.
MUTATED = st.sampled_from(
    sorted(set(VALID) - {"jats", "csl-json", "zotero-json", "text", "pubmed-abstract", "table",
                         "wos", "refer", "endnote-xml"})
).flatmap(
    lambda name: _mutated(VALID[name])
)
TEXT = st.one_of(TEXT, MUTATED, MUTATED)
FUZZ = settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow])


def _only_documented(func: Callable[[], Any]) -> Any:
    try:
        return func()
    except RefgraphError:
        return None


def _roundtrip(result: ParseResult | None) -> None:
    """Whatever a reader produced survives BibTeX: write, read back, same references."""
    if result is None or not result.references:
        event("no references")
        return
    event("references read")
    refs = assign_keys(list(result.references))  # as every command does before writing
    back = bibtex_reader.parse(write_bibtex(refs), "roundtrip.bib")
    assert not [p for p in back.problems if p.severity == "error"], back.problems

    def plain(ref: Reference) -> Reference:
        return replace(bibtex_reader.canonical_reference(ref), origins=())

    assert [plain(r) for r in back.references] == [plain(r) for r in refs]


@pytest.mark.parametrize("name", sorted(FORMATS))
@FUZZ
@given(data=st.data())
def test_format_parsers_raise_only_documented_errors(name: str, data: st.DataObject) -> None:
    """Every reader, through the entry every command uses (``parse_text`` with the format)."""
    sample = VALID[name]
    text = data.draw(st.one_of(TEXT, _mutated(sample), _mutated(sample)), label="text")
    result = _only_documented(lambda: parse_text(text, f"fuzz.{name}", name))
    assert result is None or isinstance(result, ParseResult)
    _roundtrip(result)


@FUZZ
@given(text=TEXT)
def test_auto_detection_raises_only_documented_errors(text: str) -> None:
    result = _only_documented(lambda: parse_text(text, "fuzz.txt"))
    assert result is None or isinstance(result, ParseResult)


@FUZZ
@given(text=TEXT, as_bytes=st.booleans())
def test_pubmed_xml_raises_only_documented_errors(text: str, as_bytes: bool) -> None:
    data: bytes | str = text.encode("utf-8", "surrogatepass") if as_bytes else text
    records = _only_documented(lambda: parse_pubmed_xml(data, "fuzz.xml"))
    assert records is None or all(r.pmid for r in records)


REPLY_PARSERS: dict[str, Callable[[bytes], Any]] = {
    "esummary": replies.parse_esummary,
    "elink_xml": lambda b: replies.parse_elink_xml(b, "pubmed_pubmed_citedin"),
    "elink_json": lambda b: replies.parse_elink_json(b, "pubmed_pubmed_citedin"),
    "ecitmatch": replies.parse_ecitmatch,
    "esearch": replies.parse_esearch,
    "check_xml": replies.check_xml,
    "check_json": replies.check_json,
    "error_text": replies.error_text,
}


@FUZZ
@given(text=TEXT, raw=st.binary(max_size=200))
def test_eutils_reply_parsers_raise_only_documented_errors(text: str, raw: bytes) -> None:
    for body in (text.encode("utf-8", "surrogatepass"), raw):
        for parse in REPLY_PARSERS.values():
            _only_documented(lambda p=parse, b=body: p(b))
