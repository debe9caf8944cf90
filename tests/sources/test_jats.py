"""JATS/NXML reader: the eight real PMC articles, identifiers from pub-ids, safety."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from refgraph.errors import ParseError, UnreadableInputError
from refgraph.sources import detect_format, jats

PMC = Path(__file__).resolve().parents[2] / "training" / "pmc-jats"
FILES = sorted(PMC.glob("*.nxml"))


def _expected(path: Path) -> list[dict[str, str]]:
    """Per <ref>: its pub-ids, read independently with a plain XPath walk."""
    root = etree.parse(
        str(path), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    ).getroot()
    out = []
    for ref in root.iter("ref"):
        ids = {}
        for pid in ref.iter("pub-id"):
            ids.setdefault(pid.get("pub-id-type"), (pid.text or "").strip())
        out.append(ids)
    return out


def test_the_eight_articles_hold_350_references() -> None:
    assert len(FILES) == 8
    total = sum(len(jats.parse(p.read_text(encoding="utf-8"), str(p)).references) for p in FILES)
    assert total == 350


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_reference_keeps_its_pub_ids(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert jats.sniff(text)
    assert detect_format(text, str(path)) == "jats"
    result = jats.parse(text, str(path))
    expected = _expected(path)
    assert len(result.references) == len(expected)
    for ref, ids in zip(result.references, expected, strict=True):
        assert ref.pmid == ids.get("pmid", "").lstrip("0")
        if "doi" in ids:
            assert ref.doi.lower() == ids["doi"].lower()
        assert ref.origin is not None and ref.origin.path == str(path)
    no_pmid = [p for p in result.problems if p.kind == "no_pmid"]
    assert len(no_pmid) == sum(1 for ids in expected if "pmid" not in ids)


def test_fields_come_from_the_markup() -> None:
    result = jats.parse((PMC / "mds526.nxml").read_text(encoding="utf-8"), "mds526.nxml")
    first = result.references[0]
    assert [a.short() for a in first.authors] == ["Parkin DM", "Boyd L", "Walker LC"]
    assert first.title.startswith("The fraction of cancer attributable to lifestyle")
    assert (first.journal, first.year, first.volume, first.issue, first.pages) == (
        "Br J Cancer",
        "2011",
        "105",
        "Suppl 2",
        "S77-S81",
    )
    assert first.doi == "10.1038/bjc.2011.489"  # from the <comment> link: no doi pub-id
    assert first.pmid == "22158327"
    assert result.references[1].et_al is True
    assert first.key == "Parkin2011"


def test_plain_text_mixed_citation_is_read_as_text_and_keeps_its_ids() -> None:
    xml = (
        '<?xml version="1.0"?><article><back><ref-list><ref id="r1"><mixed-citation>Lamb YN. '
        "Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603–10."
        '<pub-id pub-id-type="pmid">28819740</pub-id></mixed-citation></ref>'
        '<ref id="r2"><mixed-citation>Smith, J. (2019). A study of things. Journal of Stuff, '
        "12(3), 45-67.</mixed-citation></ref></ref-list></back></article>"
    )
    result = jats.parse(xml, "a.xml")
    lamb, smith = result.references
    assert (lamb.journal, lamb.year, lamb.pages) == ("Drugs", "2017", "1603-1610")
    assert lamb.pmid == "28819740"
    assert (smith.journal, smith.volume, smith.issue) == ("Journal of Stuff", "12", "3")
    assert smith.get_extra("x-read-by") == "tagger"


def test_a_doctype_is_never_fetched() -> None:
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS//EN" '
        '"http://127.0.0.1:9/never-fetched.dtd">\n<article><back><ref-list><ref>'
        "<element-citation publication-type='journal'><source>Lancet</source>"
        "<year>2001</year></element-citation>"
        "</ref></ref-list></back></article>"
    )
    assert jats.parse(xml, "d.nxml").references[0].journal == "Lancet"


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE article [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
        '<!DOCTYPE article [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_entities_are_refused_whole(doctype: str) -> None:
    xml = f'<?xml version="1.0"?>\n{doctype}\n<article><ref-list><ref/></ref-list></article>'
    with pytest.raises(UnreadableInputError, match=r"e\.nxml: XML declares entities"):
        jats.parse(xml, "e.nxml")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE article [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
        '<!DOCTYPE article SYSTEM "http://127.0.0.1:9/never-fetched.dtd" [<!ENTITY c "x">]>',
    ],
)
def test_cli_exits_2_on_entities_with_one_line_and_writes_nothing(
    tmp_path: Path, doctype: str
) -> None:
    from click.testing import CliRunner

    from refgraph.cli import cli

    path = tmp_path / "article.nxml"
    path.write_text(
        f'<?xml version="1.0"?>\n{doctype}\n<article><back><ref-list><ref><mixed-citation>'
        "Lamb YN. Title. Drugs. 2017;77:1603-10. PMID: 28819740.</mixed-citation></ref>"
        "</ref-list></back></article>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(out), "--offline"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "entities" in lines[0]
    assert str(path) in lines[0]
    assert not out.exists() or not any(out.iterdir())


def test_malformed_xml_is_a_parse_error_with_its_line() -> None:
    with pytest.raises(ParseError, match=r"m.nxml:3: malformed JATS XML"):
        jats.parse('<?xml version="1.0"?>\n<article>\n<ref-list><ref></article>', "m.nxml")


def test_a_document_without_references_says_so() -> None:
    result = jats.parse("<article><body><p>Hi</p></body></article>", "n.nxml")
    assert result.references == ()
    assert [p.kind for p in result.problems] == ["fragment"]


def test_bookshelf_book_part_with_annotated_references() -> None:
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE book-part-wrapper PUBLIC "-//NLM//DTD BITS Book '
        'Interchange DTD v2.0 20151225//EN" "BITS-book2.dtd">\n<book-part-wrapper>'
        '<book-part book-part-type="chapter"><back><ref-list><title>References</title>'
        '<ref id="r1"><mixed-citation publication-type="journal"><person-group>'
        "<name><surname>Lamb</surname><given-names>YN</given-names></name></person-group>. "
        "<article-title>Inotuzumab ozogamicin: first global approval</article-title>. "
        "<source>Drugs</source>. <year>2017</year>;<volume>77</volume>:<fpage>1603</fpage>"
        '–<lpage>10</lpage>. <pub-id pub-id-type="pmid">28819740</pub-id></mixed-citation>'
        "<note><p>(Review of the history of development of inotuzumab.)</p></note></ref>"
        "</ref-list></back></book-part></book-part-wrapper>"
    )
    assert jats.sniff(xml)
    (ref,) = jats.parse(xml, "book.xml").references
    assert (ref.first_author, ref.journal, ref.pages, ref.pmid) == ("Lamb", "Drugs",
                                                                     "1603-1610", "28819740")
    assert ref.annotation == "(Review of the history of development of inotuzumab.)"


def test_citation_alternatives_are_one_reference_read_from_the_element_citation() -> None:
    xml = (
        '<article><back><ref-list><ref id="r1"><citation-alternatives>'
        '<mixed-citation publication-type="journal">Smith J. A title. Blood. 2019;12:45-67.'
        '</mixed-citation><element-citation publication-type="journal"><person-group>'
        "<name><surname>Smith</surname><given-names>J</given-names></name></person-group>"
        "<article-title>A title</article-title><source>Blood</source><year>2019</year>"
        "<volume>12</volume><fpage>45</fpage><lpage>67</lpage>"
        '<pub-id pub-id-type="pmid">12345678</pub-id></element-citation>'
        "</citation-alternatives></ref></ref-list></back></article>"
    )
    (ref,) = jats.parse(xml, "alt.xml").references
    assert (ref.first_author, ref.journal, ref.pages, ref.pmid) == ("Smith", "Blood", "45-67",
                                                                     "12345678")
    assert ref.get_extra("x-read-by") == ""


@pytest.mark.parametrize(
    ("month", "expected"),
    [("08", "Aug"), ("8", "Aug"), ("August", "Aug"), ("Aug", "Aug"), ("Spring", "Spring"),
     ("13", "")],
)  # fmt: skip
def test_months_are_read_with_the_one_month_table(month: str, expected: str) -> None:
    xml = ("<article><back><ref-list><ref id='r1'><element-citation publication-type='journal'>"
           "<article-title>T</article-title><source>Blood</source><year>2017</year>"
           f"<month>{month}</month><volume>1</volume><fpage>2</fpage></element-citation></ref>"
           "</ref-list></back></article>")  # fmt: skip
    (ref,) = jats.parse(xml, "m.nxml").references
    assert ref.month == expected


def test_a_page_range_keeps_discontinuous_pages() -> None:
    xml = ("<article><back><ref-list><ref id='r1'><element-citation publication-type='journal'>"
           "<article-title>T</article-title><source>Hepatology</source><year>1999</year>"
           "<volume>30</volume><fpage>571</fpage><lpage>81</lpage>"
           "<page-range>571-81, 600-2</page-range></element-citation></ref>"
           "</ref-list></back></article>")  # fmt: skip
    (ref,) = jats.parse(xml, "p.nxml").references
    assert ref.pages == "571-581, 600-602"
