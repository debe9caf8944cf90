"""The general reader (sources/text.py): every citation its own reference, in any style,
markup out of the fields, and each reference says how it was read."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.model import Reference
from refgraph.sources import parse_text, text
from refgraph.sources._fields import read_fields

REALLISTS = Path(__file__).resolve().parents[1] / "data" / "reallists"


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
    # in press: the journal is named, nothing else yet
    ("Bailey-Downs LC, Tucsek Z, Ungvari Z. Aging exacerbates obesity-induced oxidative stress. "
     "J Gerontol A Biol Sci Med Sci. In press", "Bailey-Downs", "", "J Gerontol A Biol Sci Med Sci",
     "", ""),
    # a web page: its date is the year before [cited ...], a version's number is no year
    ("Schijf L, Smithuis R. Radiology Assistant [Internet]. 2026 [cited 2026 Sep 15]. BI-RADS "
     "v2025 Manual. Available from: https://radiologyassistant.nl/", "Schijf", "2026", "", "", ""),
    # a journal's series after its abbreviated name
    ("Davis C. M., Allen A. R. (2021). Consequences of space radiation on the brain. J. Environ. "
     "Sci. Health, Part C 39, 180–218.", "Davis", "2021", "J. Environ. Sci. Health, Part C", "39",
     "180"),
    # PLOS: the year after the names, a volume that looks like a year
    ("Dhouib R, Ducret A, Hubert P, et al (2011) Watching intracellular lipolysis in mycobacteria. "
     "Biochim Biophys Acta 1811: 234–241.", "Dhouib", "2011", "Biochim Biophys Acta", "1811",
     "234"),
    # a page range is never the year
    ("Genovese, M. C., Banerjee, S. A phase II randomized study of ixekizumab in rheumatoid "
     "arthritis. Arthritis & Rheumatology. 66(7), 1693–1704.", "Genovese", "",
     "Arthritis & Rheumatology", "66", "1693"),
    # ABNT (Brazilian journals): capital surnames, "v. n. p." source
    ("DE SOUZA, M. A.; PEREIRA, J. Consumo de chá e pressão arterial. Rev Saude Publica, v. 40, "
     "n. 3, p. 1-9, 2006.", "DE SOUZA", "2006", "Rev Saude Publica", "40", "1"),
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


def test_a_numbered_item_cut_by_a_blank_line_mid_sentence_goes_on() -> None:
    refs, problems = _read(
        "12. R Core Team. R: A language and environment for statistical computing. R Foundation "
        "for Statistical\n\nComputing. Vienna, Austria; 2022.\n\n13. Hao Y, Hao S. Integrated "
        "analysis of multimodal single-cell data. Cell. 2021;184(13):3573-87.\n"
    )
    assert [(r.first_author, r.year) for r in refs] == [("R Core Team", "2022"), ("Hao", "2021")]
    assert [kind for kind, _ in problems] == ["no_pmid", "no_pmid"]


def test_a_blank_line_after_a_whole_item_still_ends_it() -> None:
    refs, _ = _read(
        "1. Smith J. A study of the liver. Hepatology. 2019;70(1):1-10.\n\nNotes on the list\n"
    )
    assert [r.first_author for r in refs] == ["Smith"]


def test_a_bullet_in_brackets_after_a_whole_citation_is_its_own() -> None:
    refs, _ = _read(
        "* Mann, Henry B.; Whitney, Donald R. (1947). On a test. Annals of Mathematical "
        "Statistics. 18 (1): 50-60. MR 0022058\n"
        "* (2023 January 2). The R Project for Statistical Computing. https://www.r-project.org/\n"
    )
    assert [(r.first_author, r.year) for r in refs] == [("Mann", "1947"), ("", "2023")]


def test_a_wrapped_citation_keeps_a_first_line_ending_in_a_colon() -> None:
    refs, problems = _read(
        "Hansen NF, Gartner JJ, Mei L, Samuels Y, Mullikin JC. Shimmer:\n"
        "detection of genetic alterations in tumors using next-generation sequence data.\n"
        "Bioinformatics. 2013 Jun 15;29(12):1498-503. PubMed PMID: 23620360.\n"
    )
    assert [(r.first_author, r.title[:8]) for r in refs] == [("Hansen", "Shimmer:")]
    assert problems == []


def test_a_wrapped_line_opening_with_the_year_in_brackets_is_no_list_number() -> None:
    refs, _ = _read(
        "* 9.\n  Fiorelli G, Orlando C, Benvenuti S, Franceschelli F, Bianchi S, et al.\n"
        "(1994) Characterization, regulation, and function of specific cell membrane\n"
        "receptors. J Bone Miner Res 9: 329-337.\n"
    )
    assert [(r.first_author, r.year, r.journal) for r in refs] == [
        ("Fiorelli", "1994", "J Bone Miner Res")
    ]


def test_one_citation_a_line_without_blank_lines() -> None:
    refs, _ = _read(
        "A comparison of results of meta-analyses of randomized control trials and "
        "recommendations of clinical experts. E. M. Antman, J. Lau, T. C. Chalmers. Jama 1992: "
        "268(2); 240-8.\n"
        "Empirical evidence for selective reporting of outcomes in randomized trials: comparison "
        "of protocols to published articles. An-Wen Chan, Douglas G Altman. JAMA 2004: 291(20); "
        "2457-65.\n"
        "Fletcher, R., Kalogeropoulos, A., Kleis Nielsen, R. (2020). Majority think UK government "
        "COVID-19 response worse than other developed countries. https://reutersinstitute.org/x\n"
        "Kleis Nielsen, R., Fletcher, R. (2020). Communications in the coronavirus crisis: lessons "
        "for the second wave. Reuters Institute, Oxford.\n"
    )
    assert [r.first_author for r in refs] == ["Antman", "Chan", "Fletcher", "Kleis Nielsen"]


def test_a_long_citation_line_keeps_its_identifier_lines() -> None:
    refs, _ = _read(
        "Tillman TW, Carhart R. An expanded test for speech discrimination utilizing CNC "
        "monosyllabic words. Northwestern University Auditory Test No 6. J Acoust Soc Am. "
        "1966;40:1-12.\n"
        "PMID: 5916364.\n"
        "Bench J, Kowal A, Bamford J. The BKB sentence lists for partially-hearing children. "
        "Br J Audiol. 1979;13:108-12.\n"
    )
    assert [(r.first_author, r.pmid) for r in refs] == [("Tillman", "5916364"), ("Bench", "")]


def test_double_spaced_text_is_read_as_if_single_spaced() -> None:
    lines = [
        "Hansen NF, Gartner JJ, Mei L, Samuels Y, Mullikin JC. Shimmer: detection of",
        "genetic alterations in tumors using next-generation sequence data.",
        "Bioinformatics. 2013 Jun 15;29(12):1498-503. PubMed PMID: 23620360.",
        "Kim S, Jeong K, Bhutani K, Lee J, Patel A, Scott E, Nam H, Lee H, Gleeson JG,",
        "Bafna V. Virmid: accurate detection of somatic mutations with sample impurity",
        "inference. Genome Biol. 2013 Aug 29;14(8):R90. PubMed PMID: 23987214.",
        "Koboldt DC, Zhang Q, Larson DE, Shen D, McLellan MD, Lin L, Miller CA, Mardis",
        "ER, Ding L, Wilson RK. VarScan 2: somatic mutation and copy number alteration",
        "discovery in cancer by exome sequencing. Genome Res. 2012 Mar;22(3):568-76.",
    ]
    refs, problems = _read("\n\n".join(lines) + "\n")
    assert [(r.first_author, r.pmid) for r in refs] == [
        ("Hansen", "23620360"), ("Kim", "23987214"), ("Koboldt", "")
    ]  # fmt: skip
    assert [kind for kind, _ in problems] == ["no_pmid"]


@pytest.mark.parametrize(
    "name",
    ["pmc-transplint-frontiers.md", "pmc-frontphysiol-apa.md",
     "pubmed-page-similar-articles-summary.txt"],
)  # fmt: skip
def test_a_double_spaced_copy_of_a_real_list_reads_like_the_list(name: str) -> None:
    """A blank line after every line (PMC and PubMed pages copied double-spaced): the
    marker-only, link and identifier lines show the blank lines separate nothing."""
    given = (REALLISTS / name).read_text(encoding="utf-8")
    spaced = "\n\n".join(given.split("\n"))
    want = parse_text(given, name).references
    got = parse_text(spaced, name).references
    assert len(want) >= 8
    assert [(r.first_author, r.pmid, r.doi) for r in got] == [
        (r.first_author, r.pmid, r.doi) for r in want
    ]


@pytest.mark.parametrize(
    "name", ["pubmed-page-similar-articles-summary.txt", "md-reference-definitions.md"]
)
def test_a_list_hard_wrapped_at_any_width_reads_like_the_list(name: str) -> None:
    """PubMed's summary form (title / authors / source lines) hard-wrapped: the title's
    second line comes before the authors, who are still read as the authors. Markdown
    reference definitions whose address or quoted citation goes on over lines."""
    given = (REALLISTS / name).read_text(encoding="utf-8")
    want = parse_text(given, name).references
    for width in (60, 72, 90):
        wrapped = "\n".join(
            part for line in given.split("\n")
            for part in (textwrap.wrap(line, width, break_on_hyphens=False) or [""])
        )  # fmt: skip
        got = parse_text(wrapped, name).references
        assert [(r.first_author, r.year, r.pmid, r.doi) for r in got] == [
            (r.first_author, r.year, r.pmid, r.doi) for r in want
        ], width
    assert sum(1 for r in want if r.first_author) >= 8


def test_blank_lines_between_whole_citations_still_separate_them() -> None:
    cited = ["Smith J. Liver injury from drug A. Hepatology. 2019;70:1-10.",
             "Jones K. Liver injury from drug B. J Hepatol. 2020;72:5-9."] * 4  # fmt: skip
    refs, _ = _read("\n\n".join(cited) + "\n")
    assert len(refs) == 8


def test_a_doi_the_line_broke_inside_is_one_doi() -> None:
    refs, _ = _read(
        "1. Smith J. A study of the liver. BMJ. 2019;365:l2. doi: 10.1136/bmj-\n2019-01234\n"
        "2. Dawson MA. Cancer epigenetics. Cell. 2012;150(1):12-27. doi: 10.1016/j.cell.\n"
        "2012.06.013. PMID: 22770212.\n"
        "3. Wang X. Title. Gut. 2018;67:1-9. doi: 10.1136/gutjnl-2017-1.\ndoi: 10.1/x.\n"
    )
    assert [r.doi for r in refs][:2] == ["10.1136/bmj-2019-01234", "10.1016/j.cell.2012.06.013"]
    assert refs[2].doi == "10.1136/gutjnl-2017-1"  # a whole DOI is never glued to the next
    (linked,), _ = _read(
        "1. Dawson MA. Cancer epigenetics. Cell. 2012;150(1):12-27. https://doi.org/10.1016/"
        "j.cell.\n2012.06.013. PMID: 22770212.\n"
    )
    assert linked.doi == "10.1016/j.cell.2012.06.013"


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


@pytest.mark.parametrize(
    "line",
    [
        "[Accessed April 17, 2013];Organ Procurement and Transplant Network website. "
        "http://optn.transplant.hrsa.gov/latestData/step2.asp.",
        "Organ Procurement and Transplant Network website. "
        "http://optn.transplant.hrsa.gov/latestData/step2.asp. Accessed 17 April 2013.",
    ],
)
def test_a_web_page_cited_with_the_date_it_was_read_is_a_reference(line: str) -> None:
    """Outside a numbered list, a line with a web address and an access date is a citation
    of that page (its title without the date), not a fragment."""
    text = (f"References\n{line}\n\nDelmonico FL, Dew MA. Living donor kidney transplantation."
            " Kidney Int. 2007;71(7):608-614.\n")  # fmt: skip
    refs = parse_text(text, "page.txt").references
    assert [(r.title, dict(r.extra).get("url")) for r in refs[:1]] == [
        ("Organ Procurement and Transplant Network website",
         "http://optn.transplant.hrsa.gov/latestData/step2.asp"),
    ]  # fmt: skip
    assert refs[1].first_author == "Delmonico"
    prose = parse_text("See http://x.org/a for the data.\n", "README.md", "text")
    assert prose.references == () and [p.kind for p in prose.problems] == ["fragment"]


def test_an_arxiv_preprint_cited_by_its_identifier_names_its_year() -> None:
    """``Authors, arXiv:2306.15427 [cs.LG]`` on a line of its own: a new-style arXiv
    identifier gives the year (YYMM) and is kept as the eprint; an old-style one gives none."""
    got = parse_text(
        "Lukas Gosch, Simon Geisler, Daniel Sturm, arXiv:2306.15427 [cs.LG]\n"
        "\nAnna Smith, Bo Li, arXiv:hep-th/9901001\n", "README.md", "text",
    )  # fmt: skip
    assert [(r.first_author, r.year, dict(r.extra).get("eprint")) for r in got.references] == [
        ("Gosch", "2023", "2306.15427"),
    ]
    assert [(p.kind, p.line) for p in got.problems] == [("no_pmid", 1), ("fragment", 3)]


def test_a_second_pmid_in_one_citation_is_reported_not_dropped() -> None:
    """Citations run together (a copy that lost its line breaks, a list pasted into one
    paragraph) read as one; its first PMID was kept and every other went without a word."""
    text = (
        "Smith J, Doe A. A study of things. Blood. 2019;12:45-67. PMID: 12345678 "
        "PMID: 23456789.\n\n"
        "Roe B. Another study. Lancet. 2018;3:1-9. PMID: 3456789 [PubMed: 3456789].\n"
    )
    result = parse_text(text, "run.txt", "text")
    assert [r.pmid for r in result.references] == ["12345678", "3456789"]
    ((line, said),) = [(p.line, p.text) for p in result.problems if p.kind == "extra_pmid"]
    assert line == 1 and said.startswith("PMID 23456789 not read")
