"""EndNote XML (EndNote, Mendeley, Covidence, Rayyan exports)."""

from __future__ import annotations

import pytest

from refgraph.errors import UnreadableInputError
from refgraph.sources import detect_format, parse_text

S = '<style face="normal" font="default" size="100%">'
#: EndNote's own layout (one line, values in <style>, PubMed's PMCID in custom2), two
#: records around real works.
EXPORT = (
    '<?xml version="1.0" encoding="UTF-8" ?><xml><records><record><database name="refs.enl" '
    'path="/tmp/refs.enl">refs.enl</database><source-app name="EndNote" version="20.0">EndNote'
    '</source-app><rec-number>1</rec-number><ref-type name="Journal Article">17</ref-type>'
    f"<contributors><authors><author>{S}Kantarjian, H. M.</style></author><author>{S}DeAngelo,"
    f" D. J.</style></author></authors></contributors><titles><title>{S}Inotuzumab Ozogamicin "
    f"versus Standard </style><style face=\"italic\" font=\"default\" size=\"100%\">Therapy"
    f"</style></title><secondary-title>{S}The New England journal of medicine</style>"
    f"</secondary-title></titles><periodical><full-title>{S}The New England journal of "
    f"medicine</style></full-title><abbr-1>{S}N Engl J Med</style></abbr-1></periodical>"
    f"<pages>{S}740-53</style></pages><volume>{S}375</style></volume><number>{S}8</style>"
    f"</number><keywords><keyword>{S}Humans</style></keyword></keywords><dates><year>{S}2016"
    f"</style></year></dates><accession-num>{S}27292104</style></accession-num><abstract>{S}"
    f"BACKGROUND: ...</style></abstract><urls><related-urls><url>{S}https://doi.org/10.1056/x"
    f"</style></url></related-urls></urls><custom2>{S}PMC5594743</style></custom2>"
    f"<electronic-resource-num>{S}10.1056/NEJMoa1509277</style></electronic-resource-num>"
    '</record><record><rec-number>2</rec-number><ref-type name="Book">6</ref-type><titles>'
    f"<title>{S}LiverTox</style></title></titles><dates><year>{S}2012</style></year></dates>"
    "</record></records></xml>"
)


def test_an_endnote_xml_export_reads_record_by_record() -> None:
    result = parse_text(EXPORT, "library.xml")
    assert result.format == "endnote-xml"
    article, book = result.references
    assert article.title == "Inotuzumab Ozogamicin versus Standard Therapy"
    assert [(a.last, a.initials) for a in article.authors] == [("Kantarjian", "HM"),
                                                              ("DeAngelo", "DJ")]  # fmt: skip
    assert (article.journal, article.journal_full) == (
        "N Engl J Med", "The New England journal of medicine")
    assert (article.year, article.volume, article.issue, article.pages) == (
        "2016", "375", "8", "740-753")
    assert (article.pmid, article.pmcid, article.doi) == (
        "27292104", "PMC5594743", "10.1056/NEJMoa1509277")
    assert article.keywords == ("Humans",) and article.entry_type == "article"
    assert book.entry_type == "book" and book.pmid == ""
    assert [p.kind for p in result.problems] == ["no_pmid"]


def test_entities_are_refused_and_other_xml_is_not_taken_for_it() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><records><record>' \
           "<titles><title>&a;</title></titles></record></records></xml>"
    with pytest.raises(UnreadableInputError, match="entities"):
        parse_text(bomb, "x.xml", "endnote-xml")
    assert detect_format("<PubmedArticleSet><PubmedArticle></PubmedArticle></PubmedArticleSet>")\
        == "pubmed-xml"
