"""Reference tables: PubMed's CSV export, and CSV/TSV sheets with a header."""

from __future__ import annotations

from conftest import DATA
from refgraph.sources import detect_format, load, parse_text
from refgraph.sources import table as reader

PUBMED_CSV = DATA / "sources" / "pubmed-csv-colrev.csv"


def test_pubmed_csv_export_reads_every_column_where_it_belongs() -> None:
    result = load(PUBMED_CSV)
    assert result.format == "table" and result.problems == ()
    refs = result.references
    assert len(refs) == 10 and [r.origin.line for r in refs] == list(range(2, 12))
    wang = refs[1]
    assert wang.pmid == "35108106" and wang.pmcid == "PMC8971973"
    assert wang.title == "A Longitudinal Study of Fitbit Usage Behavior Among College Students"
    assert [a.last for a in wang.authors] == ["Wang", "Lizardo", "Hachen"]
    assert wang.authors[2].initials == "DS"
    assert (wang.journal, wang.year, wang.month) == ("Cyberpsychol Behav Soc Netw", "2022", "Mar")
    assert (wang.volume, wang.issue, wang.pages) == ("25", "3", "181-188")
    assert wang.doi == "10.1089/cyber.2021.0047" and dict(wang.extra)["epub"] == "2022 Feb 2"
    assert dict(refs[4].extra)["nihmsid"] == "NIHMS1660153"
    assert refs[0].pages == "1-13" and refs[0].volume == ""  # "2022 Jan 31:1-13", ahead of print
    assert refs[5].journal == "Minerva Pediatr (Torino)"
    assert refs[9].authors[-1].last == "Timko" and len(refs[9].authors) == 17


def test_a_sheet_with_its_own_header_delimiter_and_order() -> None:
    sheet = (
        "Year\tDOI\tTitle\tPubMed ID\tNotes\n"
        "2017\t10.1007/s40265-017-0802-5\tInotuzumab ozogamicin: first approval\t28819740\tx\n"
        "\n"
        "2016\t\tInotuzumab ozogamicin versus standard therapy\tPMID: 27292104\t\n"
        "\t\t\t\tonly a note\n"
        "2012\t10.1016/S1470-2045(11)70386-2\tA phase 2 study\t\t\n"
    )
    result = parse_text(sheet, "sheet.tsv")
    assert result.format == "table"
    assert [r.pmid for r in result.references] == ["28819740", "27292104", ""]
    assert [r.origin.line for r in result.references] == [2, 4, 6]
    assert result.references[2].doi == "10.1016/S1470-2045(11)70386-2"
    assert [(p.line, p.kind) for p in result.problems] == [(5, "unparsed"), (6, "no_pmid")]


def test_excel_semicolons_quoted_line_breaks_and_a_bad_pmid() -> None:
    sheet = (
        'PMID;Title;Journal\n'
        '28819740;"Inotuzumab ozogamicin:\nfirst global approval";Drugs\n'
        'PMC5594743;Other;Lancet\n'
    )
    result = parse_text(sheet, "sheet.csv")
    first, second = result.references
    assert first.title == "Inotuzumab ozogamicin: first global approval"
    assert second.origin.line == 4 and second.pmid == ""
    assert dict(second.extra)["pmid"] == "PMC5594743"
    assert [(p.line, p.kind) for p in result.problems] == [(4, "bad_pmid")]


def test_only_tables_with_a_header_naming_a_work_are_taken() -> None:
    assert not reader.sniff("27292104\n28819740\n")  # a PMID list
    assert not reader.sniff("name,age\nAnna,3\n")
    assert not reader.sniff("Smith J, Doe A. A title. Blood. 2019;12:45-67. PMID: 1.\n")
    assert detect_format("PMID\n27292104\n") == "pmids"  # one column: a PMID list
    assert reader.sniff("pmid,title\n1,x\n") and reader.sniff("\ufeffTitle;DOI\nx;10.1/y\n")


def test_scopus_csv_export_columns() -> None:
    header = (
        '"Authors","Author full names","Author(s) ID","Title","Year","Source title","Volume",'
        '"Issue","Art. No.","Page start","Page end","Cited by","DOI","Link","Abbreviated Source '
        'Title","PubMed ID","Document Type","Source","EID"\n'
    )
    rows = (
        '"Lamb Y.N.","Lamb, Yvette N. (1)","1","Inotuzumab ozogamicin: first global approval",'
        '"2017","Drugs","77","14","","1603","1610","90","10.1007/s40265-017-0802-5","https://x",'
        '"Drugs","28819740","Review","Scopus","2-s2.0-1"\n'
        '"Doe J.; Roe R.","Doe, Jane; Roe, Rick","2;3","An article numbered","2021",'
        '"Frontiers in Immunology","12","","600000","","","0","10.3389/fimmu.2021.600000","",'
        '"Front. Immunol.","","Article","Scopus","2-s2.0-2"\n'
    )
    lamb, doe = parse_text(header + rows, "scopus.csv").references
    assert (lamb.pmid, lamb.pages, lamb.journal, lamb.journal_full) == (
        "28819740", "1603-1610", "Drugs", "Drugs")
    assert [(a.last, a.initials) for a in doe.authors] == [("Doe", "J"), ("Roe", "R")]
    assert doe.pages == "600000" and doe.journal == "Front. Immunol." and doe.pmid == ""


def test_web_of_science_tab_delimited_export_columns() -> None:
    header = "PT\tAU\tTI\tSO\tJI\tPY\tVL\tIS\tBP\tEP\tAR\tDI\tPM\tUT\n"
    row = ("J\tKantarjian, HM; DeAngelo, DJ\tInotuzumab Ozogamicin versus Standard Therapy\t"
           "NEW ENGLAND JOURNAL OF MEDICINE\tN. Engl. J. Med.\t2016\t375\t8\t740\t753\t\t"
           "10.1056/NEJMoa1509277\t27292104\tWOS:000381893400006\n")  # fmt: skip
    (ref,) = parse_text(header + row, "savedrecs.txt").references
    assert (ref.pmid, ref.year, ref.volume, ref.issue, ref.pages) == (
        "27292104", "2016", "375", "8", "740-753")
    assert ref.journal == "N. Engl. J. Med." and ref.doi == "10.1056/NEJMoa1509277"
    assert [a.last for a in ref.authors] == ["Kantarjian", "DeAngelo"]


def test_a_long_cell_and_a_quote_left_open_give_data_and_a_message_not_a_traceback() -> None:
    long_title = "x" * 300_000  # over the csv module's default field limit
    result = parse_text(f"PMID,Title\n1,{long_title}\n2,ok\n", "big.csv")
    assert [r.pmid for r in result.references] == ["1", "2"]
    assert len(result.references[0].title) == 300_000
    result = parse_text('PMID,Title\n1,"open\n2,ok\n3,fine\n', "quote.csv")
    assert result.references[0].title.startswith("open")  # kept, not dropped
    assert [(p.line, p.kind) for p in result.problems] == [(2, "bad_entry")]
    assert "quote" in result.problems[0].text


def test_covidence_export_accession_numbers_that_are_pmids() -> None:
    sheet = (
        '"Title","Authors","Published Year","Journal","Volume","Issue","Pages",'
        '"Accession Number","DOI","Covidence #"\n'
        '"Inotuzumab ozogamicin: first global approval","Lamb, Y. N.","2017","Drugs","77",'
        '"14","1603-1610","28819740","10.1007/s40265-017-0802-5","#12"\n'
        '"An Embase record","Doe, J.","2020","Blood","1","2","3-4","L2015467890","",""\n'
    )
    lamb, embase = parse_text(sheet, "covidence.csv").references
    assert (lamb.pmid, lamb.year, lamb.pages) == ("28819740", "2017", "1603-1610")
    assert embase.pmid == "" and dict(embase.extra)["accession"] == "L2015467890"
