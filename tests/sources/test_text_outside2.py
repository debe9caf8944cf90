"""Forms met in the fourth outside check on real lists (``tests/data/reallists/``, split
``fresh2``): each test is a rule for every list of its kind, on a small made-up example."""

from __future__ import annotations

from refgraph.ids import normalize_doi
from refgraph.sources import bookshelf, text
from refgraph.sources._fields import read_fields
from refgraph.sources._identifiers import identifiers


def test_a_doi_typeset_with_unicode_hyphens_is_the_doi_with_ascii_hyphens() -> None:
    # page copies of journals set "-" as U+2010 (or the non-breaking U+2011) everywhere
    assert normalize_doi("doi: 10.1002/1097-0215(2001)9:3<1::AID\u2010IJC1>3.0.CO;2\u20117") == (
        "10.1002/1097-0215(2001)9:3<1::AID-IJC1>3.0.CO;2-7"
    )
    fields = read_fields("Roe A. A title. Int J Cancer. 2000;89(3):271\u2010279. "
                         "doi: 10.1002/x\u20101", tagger=False)  # fmt: skip
    assert fields is not None and fields.doi == "10.1002/x-1"


def test_an_nih_manuscript_footer_s_date_is_not_a_pmcid() -> None:
    footer = "J Example. Author manuscript; available in PMC 2024 June 13."
    assert identifiers(footer)[2] == ""
    # the bare spaced form Wikipedia writes is still one
    assert identifiers("Roe A. A title. J Ex. 2017;1:2. PMC 5721660.")[2] == "PMC5721660"


def test_a_list_number_written_as_a_link_is_the_number_and_the_link_s_ids_stay() -> None:
    result = text.parse(
        "# References\n"
        "[[1]](https://doi.org/10.1000/xyz1)  Roe A, Poe B. A title. J Ex. 2000; 31(1):96–100.\n"
        " \n"
        "[[2](https://pubmed.ncbi.nlm.nih.gov/123456/) Doe C. Two. Ann Ex. 2020; 5:1-2.\n"
        "\n"
        "[3](https://pmc.ncbi.nlm.nih.gov/articles/PMC7167192/) Moe D. Three. Ex J. 2019;2:3.\n",
        "<test>",
    )
    refs = result.references
    assert [r.first_author for r in refs] == ["Roe", "Doe", "Moe"]
    assert (refs[0].doi, refs[1].pmid, refs[2].pmcid) == ("10.1000/xyz1", "123456", "PMC7167192")


def test_a_numbered_list_tagged_pubmed_n_is_a_manuscript_s_list_not_bookshelf_text() -> None:
    manuscript = (
        "REFERENCES\n\n"
        "[1]. Roe Anna and Poe Ben. 2017. A title. Depression and anxiety 34, 7 (2017), 603–609. "
        "[PubMed: 28661072]\n\n"
        "[2]. Doe Carl. 2015. Another title. Psychiatric journal 38, 3 (2015), 218.\n"
    )
    assert not bookshelf.sniff(manuscript)
    listed = (
        "Roe A. A title. J Ex. 2017;34:603-9. [PubMed: 28661072]\n"
        "(Annotation of the citation above).\n"
    )
    assert bookshelf.sniff(listed)
    refs = text.parse(manuscript, "<test>").references
    assert [r.pmid for r in refs] == ["28661072", ""]


def test_a_name_ending_in_a_bare_initial_makes_the_whole_list_surname_first() -> None:
    from refgraph.sources._names import read_names

    authors = read_names("Roe Anna, Poe Ben C, and de Vries Carl")[0]
    assert [a.last for a in authors] == ["Roe", "Poe", "de Vries"]
    # given names first stay given names first
    assert [a.last for a in read_names("Anna Roe, Ben Poe")[0]] == ["Roe", "Poe"]


def test_a_list_that_writes_names_surname_first_reads_its_names_without_initials_so() -> None:
    # ACM's format in a PMC manuscript: "Munson Sean A" shows the order; "Archer Janine" alone
    # cannot, but the list writes every name one way
    listed = (
        "[1]. Roe Anna B and Poe Ben. 2017. A title. Depression and anxiety 34, 7 (2017), 6–9.\n\n"
        "[2]. Archer Janine, Bower Peter, and Gask Linda. 2012. Collaborative care. Cochrane "
        "Database of Systematic Reviews 10 (2012).\n\n"
        "[3]. Doe Carl D and Moe Dan. 2015. Another title. Psychiatric journal 38, 3 (2015), "
        "218.\n\n[5]. Davison Gerald C. 2000. Stepped care. J Ex 68, 4 (2000), 580.\n\n"
        "[4]. Canzian Luca and Musolesi Mirco. 2015. Trajectories of depression. In "
        "Proceedings of a conference. 1293–1304.\n"
    )
    refs = text.parse(listed, "<test>").references
    assert [r.first_author for r in refs] == ["Roe", "Archer", "Doe", "Davison", "Canzian"]
    assert refs[1].authors[1].first == "Peter"
    # given names first stay so where no name shows the other order
    plain = text.parse("1. Nathan Wetter and Elizabeth Hubbard. A title. J Ex. 2001;3:4-5.\n"
                       "2. Ann Roe, Ben Poe. Two. J Ex. 2002;4:5-6.\n", "<test>").references
    assert [r.first_author for r in plain] == ["Wetter", "Roe"]


def test_a_line_that_starts_surname_initials_et_al_starts_the_next_citation() -> None:
    # short sources one a line (<br>), each under the length a line is taken whole at
    listed = (
        "Roe AB et al. A short title. N Engl J Med. 2019.<br>"
        "Poe C et al. Another title—with a dash. Dtsch Arztebl Int 2013.<br>"
        "Doe D et al. Ein Titel. J. Klin. Endokrinol. 2019.<br>"
        "Moe E et al. A fourth. Anesthesiology. 2017."
    )
    refs = text.parse(listed, "<test>").references
    assert [(r.first_author, r.year) for r in refs] == [
        ("Roe", "2019"), ("Poe", "2013"), ("Doe", "2019"), ("Moe", "2017")
    ]


def test_a_pdf_page_s_footer_head_and_vertical_margin_inside_a_list_are_not_citations() -> None:
    margin = "\n".join("Author") + "\n\n" + "\n".join("Manuscript")
    listed = (
        "[1]. Roe Anna B and Poe Ben. 2017. A title that the page breaks. J Ex 34, 7 (2017), "
        "603–609.\n\n"
        "[2]. Doe Carl D, Moe Dan, and Zoe Eve. 2021. A qualitative exploration of the\n\n"
        "J Ex. Author manuscript; available in PMC 2024 June 13.\n\n"
        f"{margin}\n\n{margin}\n\n"
        "Kruzan et al.\n\nPage 27\n\n"
        "feasibility of an app. Translational medicine 11, 9 (2021), 1708–1716.\n"
    )
    result = text.parse(listed, "<test>")
    assert [(r.first_author, r.journal, r.pages) for r in result.references] == [
        ("Roe", "J Ex", "603-609"), ("Doe", "Translational medicine", "1708-1716")
    ]
    assert [p.kind for p in result.problems] == ["no_pmid", "no_pmid"]


def test_a_numbered_item_a_blank_line_cut_at_its_names_or_year_goes_on() -> None:
    listed = (
        "[1]. Roe Anna B, Poe Ben, Moe Carl,\n\n"
        "Doe Dan D, and Zoe Eve. 2008. A title. J Ex 26, 2 (2008), 161–181.\n\n"
        "[2]. Doe Carl D, Moe Dan, and Zoe Eve E. 2000.\n\n"
        "Treatment preferences. J Gen Ex 15, 8 (2000), 527–534. [PubMed: 10940143]\n\n"
        "[3]. Epstein Daniel A, Caldeira Clara, Lu Xi, Silva Lucas M, Williams\n\n"
        "Lucretia, Lee Jong Ho, et al. 2020. Mapping. Proceedings of the ACM on Interactive, "
        "Mobile and Ubiquitous Technologies 4, 4 (2020), 1–38.\n"
    )
    refs = text.parse(listed, "<test>").references
    assert [(r.first_author, r.year, r.pmid) for r in refs] == [
        ("Roe", "2008", ""), ("Doe", "2000", "10940143"), ("Epstein", "2020", "")
    ]
    assert (refs[2].authors[4].last, refs[2].authors[4].first) == ("Williams", "Lucretia")
    assert refs[2].journal.endswith("Interactive, Mobile and Ubiquitous Technologies")


def test_a_gbt_7714_citation_reads_its_chinese_names_journal_year_volume_and_pages() -> None:
    fields = read_fields("张三，李四，王五等.一个题名[J].中华医学杂志, 2004, 84(5):375-379")
    assert fields is not None and fields.rule == "gbt"
    assert [a.last for a in fields.authors] == ["张三", "李四", "王五"] and fields.et_al
    assert (fields.title, fields.journal, fields.year, fields.volume, fields.issue,
            fields.pages) == ("一个题名", "中华医学杂志", "2004", "84", "5", "375-379")  # fmt: skip
    english = read_fields("JJ Roe, MJ Poe etc.A title[J].J Ex Endocrinol, 2006, 91(12):5095-9")
    assert english is not None and english.authors[0].last == "Roe"
    assert (english.journal, english.volume, english.pages) == ("J Ex Endocrinol", "91", "5095-9")
    # an article number and no year: the journal, and no year out of the number
    bare = read_fields("WH Roe, LC Poe etc.A title[J].BMJ Open,bmjopen-2016-011713")
    assert bare is not None and (bare.journal, bare.year) == ("BMJ Open", "")
    book = read_fields("张三. 书名[M]. 北京: 人民卫生出版社, 2010: 12-15.")
    assert book is not None and (book.journal, book.year) == ("", "2010")
    assert book.authors[0].last == "张三"


def test_full_width_punctuation_in_a_citation_reads_as_ascii_punctuation() -> None:
    fields = read_fields("Roe G，Poe W，Doe S,et al．A title about dyspepsia. Gastroenterology , "
                         "2004 , 126 (4) :971-979")  # fmt: skip
    assert fields is not None and fields.authors[0].last == "Roe"
    assert (fields.journal, fields.year, fields.volume) == ("Gastroenterology", "2004", "126")


def test_an_acm_source_s_issue_may_be_a_range_or_a_conference_name() -> None:
    for source, issue in (("26, 2-4 (2008), 161–181", "2-4"), ("6, CSCW1 (2022), 1–32", "CSCW1"),
                          ("3, CSCW (2019), 1–29", "CSCW")):  # fmt: skip
        cited = f"Roe Anna and Poe Ben. 2008. A title. Journal of Human Services {source}."
        fields = read_fields(cited)
        assert fields is not None
        assert (fields.journal, fields.volume, fields.issue) == ("Journal of Human Services",
                                                                 source[:2].strip(","), issue)
