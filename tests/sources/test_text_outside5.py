"""Forms met in the real lists of the tuning split (``tests/data/reallists/``) after the
sixth outside check: each test is a rule for every list of its kind, on a small made-up
example."""

from __future__ import annotations

from refgraph.sources import text


def test_list_numbers_on_lines_of_their_own_in_pdf_text_are_the_numbers() -> None:
    # a journal PDF's text: each number alone on a line, the text before the heading is
    # not the first item, a DOI link before the next number
    doc = ("Data sharing\nData are available from the authors on request to the \n"
           "corresponding author.\nReferences\n1\nRoe AB, Poe C. A study of hand \n"
           "injury in older adults. Hand Ex 2015; 14: 1–6.\n2\nDoe D, Moe E. Another study "
           "of \nfoot injury. arXiv 2021; published online April 16, 2021. \n"
           "https://doi.org/10.48550/arXiv.2104.00001.\n"
           "3\nLoe F. A third study of hand injury in \nchildren. Foot Ex 1999; 19: 471–72.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year, r.doi) for r in refs] == [
        ("Roe", "2015", ""), ("Doe", "2021", "10.48550/arXiv.2104.00001"),
        ("Loe", "1999", "")]


def test_a_list_number_in_bold_is_the_number() -> None:
    # a PDF converted to Markdown: "**1.** Roe AB, ..." (also "__2.__", "*[3]*")
    doc = ("**1.** Roe AB, Poe C. A study of hand injury. Hand Ex. 2015; 14: 1–6.\n\n"
           "__2.__ Doe D. Another study of foot injury. Foot Ex. 2021; 3: 5–9.\n\n"
           "*[3]* Loe F. A third study. Foot Ex. 1999; 19: 471–72.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year) for r in refs] == [
        ("Roe", "2015"), ("Doe", "2021"), ("Loe", "1999")]


def test_a_page_turned_into_a_markdown_table_is_read_as_its_printed_lines() -> None:
    # a PDF-to-Markdown converter wrote the second page as a table, one printed line a row
    doc = ("**1.** Roe AB, Poe C. A study of hand injury. Hand Ex. 2015; 14: 1–6.\n\n"
           "|**2.**|Doe D, Moe E. Another study of foot injury in older|\n|---|---|\n"
           "||adults. Foot Ex. 2021; 3: 5–9. PMID:|\n||12345678|\n"
           "|**3.**|Loe F. A third study of hand injury in children. Foot|\n"
           "||Ex. 1999; 19: 471–72.|\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year, r.journal, r.pmid) for r in refs] == [
        ("Roe", "2015", "Hand Ex", ""), ("Doe", "2021", "Foot Ex", "12345678"),
        ("Loe", "1999", "Foot Ex", "")]


def test_a_doi_link_broken_at_a_line_end_and_joined_by_a_space_is_one_link() -> None:
    # a PDF's lines put into one: the DOI link broke where the printed line ended
    doc = ("1. Roe AB. A study of hand injury. Hand Ex. 2015; 14: 1–6. https://doi. "
           "org/10.1000/hand.2015.1 PMID: 11111111\n"
           "2. Doe D. Foot injury. Foot Ex. 2021; 3: 5–9. https:// doi.org/10.1000/foot.9\n"
           "3. Loe F. A third study. Foot Ex. 1999; 19: 471–72. https://doi.org/10. "
           "1000/foot.3 PMID: 33333333\n"
           "4. Moe G. A fourth study. Foot Ex. 1998; 18: 1–2. https://doi.org/10.1000/ "
           "c3cs60141b PMID: 44444444\n")
    refs = text.parse(doc, "<test>").references
    assert [r.doi for r in refs] == [
        "10.1000/hand.2015.1", "10.1000/foot.9", "10.1000/foot.3", "10.1000/c3cs60141b"]


def test_a_journals_running_footer_with_its_doi_link_is_no_citation() -> None:
    # a page break inside the list: the journal's footer, the page count, the running head
    doc = ("1. Roe AB. A study of hand injury. Hand Ex. 2015; 14: 1–6.\n\n"
           "HAND ONE | https://doi.org/10.1000/journal.hand.0290256 August 17, 2023\n\n"
           "16 / 18\n\n"
           "2. Doe D. Foot injury. Foot Ex. 2021; 3: 5–9. https://doi.org/10.1000/foot.9\n")
    result = text.parse(doc, "<test>")
    assert [(r.first_author, r.doi) for r in result.references] == [
        ("Roe", ""), ("Doe", "10.1000/foot.9")]
    assert not [p for p in result.problems if p.kind in ("fragment", "unparsed")]


def test_a_web_page_cited_by_its_sites_name_alone_is_by_that_site() -> None:
    # NLM web pages with no author and no title but the site's short name
    doc = ("1. Roe AB. A study of hand injury. Hand Ex. 2015; 14: 1–6.\n"
           "2. WHO [internet]. 2023 [cited April 2023 23]. https://www.who.int/x/y.\n"
           "3. Hand Data Tracker [Internet]. 2022 [cited 2023 Apr 1]. https://hand.example/z\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year) for r in refs] == [
        ("Roe", "2015"), ("WHO", "2023"), ("Hand Data Tracker", "2022")]


def test_a_pmc_address_without_its_host_names_the_pmcid() -> None:
    # copied from a PMC page, whose links leave out the host
    doc = ("1. Roe AB. A study of hand injury. Hand Ex [Internet]. 2015 [cited 2023 Apr 14];"
           "14(1):1–6. Available from: /pmc/articles/PMC1234567/\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.pmcid) for r in refs] == [("Roe", "PMC1234567")]
