"""PubMed's "Abstract (text)" format (Save / Send to file, efetch rettype=abstract)."""

from __future__ import annotations

from dataclasses import replace

from conftest import DATA
from refgraph.sources import detect_format, load, parse_text
from refgraph.sources import pubmed_abstract as reader

REAL = DATA / "sources" / "pubmed-abstract-efetch-science-2009.txt"

#: The layout of a recent export (what each paragraph is), with made-up content.
RECENT = """1. J Hepatol Case Rep. 2023 Jul;77(7):689-697. doi:\x20
10.1016/j.jhcr.2023.01.002. Epub 2023 Jun 12.

A made-up trial of drug X: five-year follow-up of the ALPHA study.

Doe JA(1)(2), van der Berg K(2), ALPHA Study Group.

Author information:
(1)Department of Hepatology, Some University, Some City, Country.
(2)Another Institute, Other City, Country.

Comment in
    J Hepatol Case Rep. 2023 Jul;77(7):700-701. doi: 10.1016/j.jhcr.2023.01.009.

BACKGROUND: Drug X was compared with placebo (NCT01234567).
RESULTS: Follow-up confirmed the benefit.

Copyright © 2023 The Authors. Published by Someone.

Conflict of interest statement: None declared.

DOI: 10.1016/j.jhcr.2023.01.002
PMCID: PMC10000001
PMID: 37000001 [Indexed for MEDLINE]


2. Hepatol Notes. 2021;5:e12. doi: 10.1000/hn.2021.12.

An unsigned editorial.

DOI: 10.1000/hn.2021.12
PMID: 37000002
"""


def _plain(refs):  # type: ignore[no-untyped-def]
    return [replace(r, origins=()) for r in refs]


def test_a_real_efetch_abstract_reply_reads_record_by_record() -> None:
    result = load(REAL)
    assert result.format == "pubmed-abstract"
    refs = result.references
    assert [r.pmid for r in refs] == ["20007881", "19965397", "19965390", "19797661", "19608888"]
    assert [r.origin.line for r in refs] == [1, 11, 21, 53, 90]
    selman = refs[3]
    assert selman.journal == "Science" and selman.year == "2009" and selman.month == "Oct"
    assert (selman.volume, selman.issue, selman.pages) == ("326", "5949", "140-144")
    assert selman.doi == "10.1126/science.1177221" and selman.pmcid == "PMC4954603"
    assert selman.title == "Ribosomal protein S6 kinase 1 signaling regulates mammalian life span."
    assert len(selman.authors) == 22 and selman.authors[0].last == "Selman"
    assert selman.authors[-1].last == "Withers" and selman.authors[-1].initials == "DJ"
    abstract = dict(selman.extra)["abstract"]
    assert abstract.startswith("Caloric restriction (CR) protects")
    assert "Erratum" not in abstract and "Comment in" not in abstract  # linked records
    assert "Institute of Healthy Ageing" not in abstract  # affiliations
    assert refs[2].authors[0].last == "Rosengren" and dict(refs[2].extra)["epub"] == "2009 Nov 19"
    assert refs[0].title == (
        "Human evolution. What's for dinner? Researchers seek our ancestors' answers.")
    assert [p.kind for p in result.problems] == []


def test_each_paragraph_of_a_recent_record_goes_where_it_belongs() -> None:
    result = parse_text(RECENT, "export.txt")
    assert result.format == "pubmed-abstract"
    first, second = result.references
    assert first.journal == "J Hepatol Case Rep" and first.doi == "10.1016/j.jhcr.2023.01.002"
    assert (first.year, first.volume, first.issue, first.pages) == ("2023", "77", "7", "689-697")
    assert [a.last or a.collective for a in first.authors] == [
        "Doe", "van der Berg", "ALPHA Study Group"]  # fmt: skip
    assert first.pmcid == "PMC10000001" and first.trials == ("NCT01234567",)
    extra = dict(first.extra)
    assert extra["abstract"] == ("BACKGROUND: Drug X was compared with placebo (NCT01234567). "
                                 "RESULTS: Follow-up confirmed the benefit.")  # fmt: skip
    assert extra["epub"] == "2023 Jun 12"
    assert second.authors == () and second.title == "An unsigned editorial."
    assert second.pmid == "37000002" and second.journal == "Hepatol Notes"
    assert result.problems == ()


def test_nothing_around_the_records_is_dropped() -> None:
    text = "Search: drug X[tiab]\n\n" + RECENT + "\nnull\n"
    result = parse_text(text, "export.txt", "pubmed-abstract")
    assert [r.pmid for r in result.references] == ["37000001", "37000002"]
    assert [(p.line, p.kind, p.text) for p in result.problems] == [
        (1, "fragment", "Search: drug X[tiab]"), (36, "fragment", "null")]  # fmt: skip


def test_a_record_without_a_pmid_is_kept_and_reported() -> None:
    text = RECENT.replace("PMID: 37000002\n", "")
    result = parse_text(text, "export.txt", "pubmed-abstract")
    assert len(result.references) == 2 and result.references[1].pmid == ""
    assert [(p.line, p.kind) for p in result.problems] == [(27, "no_pmid")]


def test_other_numbered_lists_are_not_taken_for_it() -> None:
    vancouver = (
        "1. Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603-10.\n"
        "PMID: 28819740\n\n"
        "2. Kantarjian HM, DeAngelo DJ. Inotuzumab ozogamicin versus standard therapy. "
        "N Engl J Med. 2016;375:740-53.\nPMID: 27292104\n"
    )
    assert not reader.sniff(vancouver)
    assert detect_format(vancouver) != "pubmed-abstract"
    assert reader.sniff(REAL.read_text(encoding="utf-8")) and reader.sniff(RECENT)
