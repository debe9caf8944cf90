"""The general reader (sources/text.py): every citation its own reference, in any style,
markup out of the fields, and each reference says how it was read."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.model import Reference
from refgraph.sources import parse_text, text
from refgraph.sources._fields import read_fields


def _read(source: str) -> tuple[list[Reference], list[tuple[str, int]]]:
    result = text.parse(source, "list.md")
    return list(result.references), [(p.kind, p.line) for p in result.problems]


def test_a_pmcid_tail_stays_with_its_citation() -> None:
    refs, problems = _read(
        "1. Smith AB, Jones C. A case. Cold Spring Harb Mol Case Stud. 2020 Jan;6(3):a005231.\n"
        "doi: 10.1101/mcs.a005231. Epub 2020 Jun 12. PMID: 32371413; PMCID: PMC7304353.\n"
        "2. Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603-10.\n"
        "PMID: 28819740.\n"
    )
    assert [(r.pmid, r.pmcid) for r in refs] == [("32371413", "PMC7304353"), ("28819740", "")]
    assert refs[0].pages == "a005231" and refs[0].doi == "10.1101/mcs.a005231"
    assert problems == []


def test_a_citation_without_pmid_before_one_with_is_two_references() -> None:
    refs, problems = _read(
        "Kantor ED, Rehm CD. Trends in prescription drug use. JAMA. 2015;314(17):1818-1830.\n"
        "Masnoon N, Shakib S. What is polypharmacy? BMC Geriatr. 2017 Oct 10;17(1):230. "
        "PMID: 29017448.\n"
    )
    assert [(r.first_author, r.pmid) for r in refs] == [("Kantor", ""), ("Masnoon", "29017448")]
    assert problems == [("no_pmid", 1)]


@pytest.mark.parametrize(
    ("line", "first_author"),
    [
        ("1.  Ananthakrishnan AN. Epidemiology and risk factors for IBD. Nat Rev Gastroenterol "
         "Hepatol. 2015;12(4):205-17.", "Ananthakrishnan"),
        ('<a id="2">[2]</a> Miller CR, Smith J. Title of a work. Blood. 2019;1:2-3.', "Miller"),
        ("[1]Zhang B, Lai RC. Topical application. Int J Mol Sci. 2021 Jan 13;22(2):720.", "Zhang"),
        ('[Wilham 2010]: http://www.ncbi.nlm.nih.gov/pubmed/20195489 "Wilham JM, Orrú CD. Rapid '
         'end-point quantitation of prion seeding activity. PLoS Pathog. 2010;6(12):e1001217."',
         "Wilham"),
        ("3.\tEdgar, Robert C. (2004), MUSCLE: multiple sequence alignment, Nucleic Acids "
         "Research 32(5), 1792-97.", "Edgar"),
    ],
)  # fmt: skip
def test_list_markers_and_markup_never_leak_into_fields(line: str, first_author: str) -> None:
    refs, _ = _read(f"## References\n\n{line}\n")
    assert [r.first_author for r in refs] == [first_author]


def test_a_heading_then_dash_bullets() -> None:
    refs, problems = _read(
        "## References\n- Ford J, Lee K. A study. Lancet. 2018;391:1-2.\n"
        "- Wu Z, Huang Y. Sex differences. Cell Commun Signal. 2024;22(1):167.\n"
    )
    assert [r.first_author for r in refs] == ["Ford", "Wu"]
    assert all(kind == "no_pmid" for kind, _ in problems)


STYLES = [
    # citation, first author, year, journal, volume, first page
    ("Bernstein, B. E., Birney, E., & Snyder, M. (2012). An integrated encyclopedia of DNA "
     "elements in the human genome. Nature, 489, 57–74.", "Bernstein", "2012", "Nature", "489",
     "57"),
    ("Torre LA, Bray F. Global cancer statistics, 2012. CA Cancer J Clin. 2015;65(2):87–108. "
     "doi:10.3322/caac.21262", "Torre", "2015", "CA Cancer J Clin", "65", "87"),
    ("Rendeiro, A. F. et al. The spatial landscape of lung pathology during COVID-19 "
     "progression. Nature 593, 564–569 (2021).", "Rendeiro", "2021", "Nature", "593", "564"),
    ('McNutt, Andrew T., and David Ryan Koes. "GNINA 1.0: molecular docking with deep '
     'learning." Journal of cheminformatics 13, no. 1 (2021): 43.', "McNutt", "2021",
     "Journal of cheminformatics", "13", "43"),
    ("Selye, Hans. “Stress and disease.” Science, vol. 122, no. 3171, 1955, pp. 625- 631.",
     "Selye", "1955", "Science", "122", "625"),
    ("Marinka Zitnik, Monica Agrawal, Jure Leskovec, Modeling polypharmacy side effects with "
     "graph convolutional networks, Bioinformatics, Volume 34, Issue 13, July 2018, Pages "
     "i457–i466", "Zitnik", "2018", "Bioinformatics", "34", "i457"),
    ("A comparison of results of meta-analyses of randomized control trials. E. M. Antman, "
     "J. Lau, T. C. Chalmers. Jama 1992: 268(2); 240-8.", "Antman", "1992", "Jama", "268", "240"),
    ("Palmblad M, van der Burgt YEM (2009). Improving mass measurement accuracy. J. "
     "Proteomics. 2009;72(4):722-4.", "Palmblad", "2009", "J. Proteomics", "72", "722"),
    ("Fonsêca  ALA,  Barbalho  IMP,  et  al.Blockchain in health information systems: a "
     "systematicreview.Int J Environ Res Public Health2024; 21: 1512.", "Fonsêca", "2024",
     "Int J Environ Res Public Health", "21", "1512"),
    ("Olson RD, Assaf R, Stevens RL. Nucleic Acids Res. 2022 Nov 9:gkac1003. doi: "
     "10.1093/nar/gkac1003. Epub ahead of print. PMID: 36350631.", "Olson", "2022",
     "Nucleic Acids Res", "", "gkac1003"),
    ("Lopes-Ramos CM, Quackenbush J. Gene regulatory network analysis. Cancer Res. 2018 Oct "
     "1;78(19):5538-5547. doi: 10.1158/0008-5472.CAN-18-0454. Erratum in: Cancer Res. 2019 Apr "
     "15;79(8):2084. doi: 10.1158/0008-5472.CAN-19-0678. PMID: 30275053.", "Lopes-Ramos",
     "2018", "Cancer Res", "78", "5538"),
    ("U.S. Census Bureau. Gazetteer Files. Accessed July 9, 2026. https://www.census.gov/",
     "U.S. Census Bureau", "", "", "", ""),
]  # fmt: skip


@pytest.mark.parametrize(("cited", "author", "year", "journal", "volume", "page"), STYLES,
                         ids=[s[1] for s in STYLES])  # fmt: skip
def test_fields_in_any_style(
    cited: str, author: str, year: str, journal: str, volume: str, page: str
) -> None:
    fields = read_fields(cited)
    assert fields is not None
    first = fields.authors[0].collective or fields.authors[0].last if fields.authors else ""
    got = (first, fields.year, fields.journal, fields.volume, fields.pages.split("-")[0])
    assert got == (author, year, journal, volume, page)


def test_the_erratum_doi_is_not_the_citations() -> None:
    fields = read_fields(STYLES[10][0])
    assert fields is not None and fields.doi == "10.1158/0008-5472.CAN-18-0454"


def test_a_doi_spelled_out_letter_by_letter_in_pdf_text_is_read() -> None:
    fields = read_fields(
        "Huang CY, Hunt E. Differential impact of the school context. Front Psychiatry. "
        "2023;14:1080085.  h t t p  s : /  / d o i  . o  r g /  1 0 .  3 3 8 9  / f  p s y t . \n"
        "2 0 2 3 . 1 0 8 0 0 8 5."
    )
    assert fields is not None and fields.doi == "10.3389/fpsyt.2023.1080085"


def test_markup_spanning_lines_is_undone() -> None:
    refs, _ = _read(
        "1. [Al-Otaibi NAS, Rahmoune H. Human leukemia cells proteomic signatures. Gigascience.\n"
        "2019 Mar 1;8(3):giy155. PMID: 30535373.](https://pmc.ncbi.nlm.nih.gov/articles/"
        "PMC6394207/)\n\n"
        '<div class="box">He D, Patro R. <a\n href="https://www.nature.com/articles/x">Alevin-fry'
        "</a> Nat Methods. 2022 Mar;19(3):316-322. PMID: 35277707.\n</div>\n"
    )
    assert [(r.first_author, r.pmid, r.pmcid) for r in refs] == [
        ("Al-Otaibi", "30535373", "PMC6394207"), ("He", "35277707", "")
    ]  # fmt: skip
    assert refs[1].origin is not None and refs[1].origin.line == 4


def test_a_list_mixing_styles_is_read_not_refused() -> None:
    mixed = (
        "Van Wilder L, De Smedt D. Polypharmacy and health. Prev Chronic Dis 2022;19:220062.\n"
        "Masnoon N, Caughey GE. What is polypharmacy? BMC Geriatr. 2017 Oct 10;17(1):230. "
        "PMID: 29017448; PMCID: PMC5635569.\n"
        "Zhang N, Ji J (2020) An increasing trend. Front. Pharmacol. 11:326.\n"
        "Lukashina, N., Spjuth, O. et al. SimVec. J Cheminform 14, 49 (2022).\n"
    )
    result = parse_text(mixed, "mixed.txt")
    assert result.format == "text"
    assert [r.first_author for r in result.references] == ["Van Wilder", "Masnoon", "Zhang",
                                                           "Lukashina"]  # fmt: skip
    assert result.references[1].pmcid == "PMC5635569"


def test_headings_leadins_and_labels_are_not_problems() -> None:
    _, problems = _read(
        "# How to cite\n\nIf you use this tool, please cite the following paper:\n\n"
        "Literature Search\n\nLamb YN. Title. Drugs. 2017;77:1603-10. PMID: 28819740.\n"
    )
    assert problems == []


def test_each_reference_says_how_it_was_read() -> None:
    refs, _ = _read(
        "Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603-10.\n\n"
        "Bernstein, B. E., & Snyder, M. (2012). An encyclopedia. Nature, 489, 57–74.\n\n"
        "- U.S. Census Bureau. Gazetteer Files. Accessed July 9, 2026. https://www.census.gov/\n"
    )
    readings = [r.reading for r in refs]
    assert all(r is not None for r in readings)
    assert [r.by for r in readings if r] == ["nlm", "general", "general"]
    assert readings[0] is not None and readings[0].confidence == 1.0
    assert readings[2] is not None and "year" in readings[2].doubtful


def test_the_tagger_reads_a_field_the_rules_doubt() -> None:
    fields = read_fields(
        "Baranski, A. et al. MAUI (MBI Analysis User Interface)---An image processing pipeline "
        "for Multiplexed Mass Based Imaging PLOS Computational Biology 17, e1008887 (2021)."
    )
    assert fields is not None and fields.rule == "general+tagger"
    assert fields.journal == "PLOS Computational Biology" and fields.volume == "17"
    assert 0.0 < fields.confidence <= 1.0


def test_the_json_shows_the_reading(tmp_path: object) -> None:
    path = tmp_path / "list.md"  # type: ignore[operator]
    path.write_text("Lamb YN. Title. Drugs. 2017;77:1603-10. PMID: 28819740.\n", encoding="utf-8")
    out = CliRunner().invoke(cli, ["parse", str(path), "--json", "-q"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    assert payload["references"][0]["read_by"] == {"by": "nlm", "confidence": 1.0,
                                                   "doubtful": []}  # fmt: skip
