"""Forms met in the real lists of the tuning split (``tests/data/reallists/``) after the
seventh outside check: each test is a rule for every list of its kind, on a small made-up
example."""

from __future__ import annotations

from refgraph.sources import detect_format, parse_text, text


def test_wikipedia_back_link_marks_are_not_part_of_the_citation() -> None:
    # a Wikipedia article copied as text: "^" or "^ a b" before each citation, the last
    # letter glued to the author, wrapped lines indented
    doc = ("   1. ^Roe, Anna (2015). \"A study of hand injury\". Hand Ex. 14 (2): 1-6.\n"
           "   2. ^ a bDoe, David; Moe, Eve (2021). \"Another study of foot injury\". Foot\n"
           "      Ex. 3 (1): 5-9. doi:10.1000/foot.9.\n"
           "   3. ^ a b c Loe, F. (1999). A Book of Hands. London: Press.\n"
           "   4. ↑ Poe, G. (1998). \"A fourth study\". Foot Ex. 18 (1): 1-2.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year) for r in refs] == [
        ("Roe", "2015"), ("Doe", "2021"), ("Loe", "1999"), ("Poe", "1998")]


def test_a_text_dumps_link_underscores_after_a_comma_or_full_stop_are_spaces() -> None:
    # html2text writes a link's words joined by "_": "Stigler,_Stephen", "J._Amer._Stat."
    doc = ("1. Stigler,_Stephen (1973). \"Studies in the history\". J._Hist._Stat. 60 (3): "
           "439-445. doi:10.1000/a_b.1.\n"
           "2. Roe,_Anna (2015). \"A study\". Hand Ex. 14 (2): 1-6.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.journal, r.doi) for r in refs] == [
        ("Stigler", "J. Hist. Stat.", "10.1000/a_b.1"), ("Roe", "Hand Ex", "")]


def test_a_mis_decoded_dash_in_a_page_range_is_the_dash() -> None:
    # UTF-8 read as Latin-1 (the control characters dropped) or as Windows-1252
    doc = ("1. Roe A (2015). \"A study\". Hand Ex. 14 (2): 210\u00e2223.\n"
           "2. Doe D (2021). \"Another\". Foot Ex. 3 (1): 5\u00e2\u0080\u00939.\n"
           "3. Loe F (1999). \"A third\". Foot Ex. 19 (1): 471\u00e2\u20ac\u201c472.\n"
           "4. Instituto Nacional de C\u00e2ncer (2020). Controle do c\u00e2ncer. INCA.\n")
    refs = text.parse(doc, "<test>").references
    assert [r.pages for r in refs[:3]] == ["210-223", "5-9", "471-472"]
    assert refs[3].first_author.startswith("Instituto Nacional de C\u00e2ncer")


def test_an_author_manuscripts_unnumbered_pubmed_tagged_list_is_not_a_bookshelf_page() -> None:
    # an NIH-PA manuscript's PDF as text: unnumbered NLM citations with "[PubMed: N]" (as
    # Bookshelf pages have them) and the manuscript's page furniture inside the list
    doc = ("References\n"
           "Roe A, Poe C. A study of hand injury. J. Hand Ex. 2015; 14:1-6. [PubMed: 11111111]\n"
           "Doe D. Another study of foot injury. Am. J. Foot Ex. 2021; 3:5-9.\n"
           "J Theor Ex. Author manuscript; available in PMC 2012 May 7.\n"
           "NIH-PA Author Manuscript\n"
           "Loe F. A third study. Foot Ex. 1999; 19:471-472. [PubMed: 33333333]\n")
    assert detect_format(doc) == "text"
    refs = parse_text(doc).references
    assert [(r.first_author, r.journal, r.pmid) for r in refs] == [
        ("Roe", "J. Hand Ex", "11111111"), ("Doe", "Am. J. Foot Ex", ""),
        ("Loe", "Foot Ex", "33333333")]


def test_mla_volume_dot_issue_before_the_year_is_the_volume_and_the_issue() -> None:
    # Google Scholar's MLA: "*Journal* Volume.Issue (Year): pages" (no "vol." or "no.")
    doc = ("1. Roe, Anna, et al. \"A Study of Hand Injury.\" *Hand Ex* 353.6294 (2016): 78–82.\n"
           "2. Doe, David. \"Another Study.\" *Foot Ex Methods* 18.1 (2021): 9–14.\n"
           "3. Loe, Fay, and Poe Gil. \"A Third.\" *Foot Ex* 624 (2023): 343–354.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.journal, r.volume, r.issue, r.pages) for r in refs] == [
        ("Hand Ex", "353", "6294", "78-82"), ("Foot Ex Methods", "18", "1", "9-14"),
        ("Foot Ex", "624", "", "343-354")]


def test_an_organisation_named_by_a_dutch_or_german_compound_is_one_author() -> None:
    # "...centrum", "...instituut" written in one word; another name for it in brackets
    doc = ("1. Integraal Kankercentrum Nederland. Colorectaal carcinoom. 2014.\n"
           "2. Zorginstituut Nederland (Dutch institute of healthcare). Richtlijn voor "
           "economische evaluaties. 2016.\n"
           "3. Rijksinstituut voor Volksgezondheid en Milieu. Jaarverslag. 2018.\n"
           "4. Landeszentrum Gesundheit Nordrhein-Westfalen. Bericht. 2020.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year) for r in refs] == [
        ("Integraal Kankercentrum Nederland", "2014"),
        ("Zorginstituut Nederland (Dutch institute of healthcare)", "2016"),
        ("Rijksinstituut voor Volksgezondheid en Milieu", "2018"),
        ("Landeszentrum Gesundheit Nordrhein-Westfalen", "2020")]


def test_a_journal_after_the_titles_comma_with_no_volume_yet_is_the_journal() -> None:
    # natbib author-year ("Title, Journal Volume(Issue): pages") for articles online first:
    # nothing after the journal but a stray full stop, "p." before a DOI, a link's label
    doc = ("Roe, A. and Poe, C. (2024). A study of hand injury in older adults, Hand "
           "Research p. doi.org/10.1000/hand.1.\n"
           "Doe, D. (2021). Another study of foot injury, Biometrics . Available at: "
           "https://doi.org/10.1000/foot.2.\n"
           "Loe, F. (2015). The third study of the foot, BMJ 350.\n"
           "Moe, G. (1987). Statistical analysis with missing data, Wiley, New York.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.journal) for r in refs] == [
        ("Roe", "Hand Research"), ("Doe", "Biometrics"), ("Loe", "BMJ"), ("Moe", "")]


def test_a_two_word_surname_before_the_initial_v_keeps_v_as_the_initial() -> None:
    # "V" is a suffix only after initials ("Gates WH V"); "Ivetić Tkalčević V" is V. Ivetić
    # Tkalčević (two surnames, as Croatian and Spanish names have them)
    doc = ("1. Ivetić Tkalčević V, Bošnjak B. A study of hand injury. Hand Ex. 2006;5:1-6.\n"
           "2. Gates WH III, Roe A. Another study. Foot Ex. 2001;3:5-9.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.authors[0].last, r.authors[0].initials, r.authors[0].suffix) for r in refs] == [
        ("Ivetić Tkalčević", "V", ""), ("Gates", "WH", "III")]


def test_an_organisations_acronym_before_a_word_names_the_organisation() -> None:
    # UK Harvard: "NHS Digital (2025) *Title.*" - not a person "N. H. S. Digital"
    doc = ("NHS Digital (2025) *Mental health services monthly statistics.*  \n"
           "Available at: https://digital.nhs.uk/data (Accessed: 25 February 2026).\n\n"
           "WHO Europe (2019) *Hepatitis in the European region.*  \n"
           "Available at: https://www.who.int/europe (Accessed: 2 March 2026).\n\n"
           "Roe A (2015) A study of hand injury. Hand Ex 14: 1-6.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year) for r in refs] == [
        ("NHS Digital", "2025"), ("WHO Europe", "2019"), ("Roe", "2015")]


def test_researchgates_journal_volume_pages_after_full_stops_is_the_source() -> None:
    # ResearchGate's "Cite": "Surname, Given & Surname, Given. (Year). Title. Journal. Vol.
    # pages. DOI"
    doc = ("Roe, Anna & Poe, Carl. (2012). A study of hand injury in older adults. Journal of "
           "hand research. 15. 244-7. 10.1000/hand.15.\n\n"
           "Doe, David. (2020). Another study of foot injury. Foot Ex. 3. e12.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.journal, r.volume, r.pages) for r in refs] == [
        ("Roe", "Journal of hand research", "15", "244-247"), ("Doe", "Foot Ex", "3", "e12")]


def test_a_wikipedia_citation_with_volume_and_issue_but_no_pages_has_its_journal() -> None:
    # CS1: ""Title". *Journal*. **24** (2). doi:..." (no pages)
    doc = ('1. Roe, Anna (1996). "A study of hand injury". *Hand Ex*. **24** (2). '
           "doi:10.1000/hand.24.\n"
           '2. Doe, David (2001). "Another". *Foot Ex*. **3** (1): 5–9.\n')
    refs = text.parse(doc, "<test>").references
    assert [(r.journal, r.volume, r.issue) for r in refs] == [
        ("Hand Ex", "24", "2"), ("Foot Ex", "3", "1")]


def test_a_particle_among_a_brazilian_names_initials_is_part_of_the_initials() -> None:
    # "Barros MB de A" (Marilisa Berti de Azevedo Barros): PubMed writes Barros MBA
    doc = ("1. Barros MB de A, Medina L de PB, Lima MG. A study of hand injury. Rev Ex. "
           "2021;30:e1.\n"
           "2. Sousa NF da S, Roe A. Another study. Foot Ex. 2022;3:5-9.\n")
    refs = text.parse(doc, "<test>").references
    assert [[(a.last, a.initials) for a in r.authors] for r in refs] == [
        [("Barros", "MBA"), ("Medina", "LPB"), ("Lima", "MG")], [("Sousa", "NFS"), ("Roe", "A")]]


def test_medlines_volume_with_a_supplement_is_the_volume_and_the_supplement_its_issue() -> None:
    # "2015;18 Suppl 2:83-96" as PubMed and Vancouver write it
    doc = ("1. Roe A, Poe C. A study of hand injury. Rev Ex. 2015;18 Suppl 2:83-96.\n"
           "2. Doe D. Another study. Foot Ex. 2010;40 Suppl:12-3.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.volume, r.issue, r.pages) for r in refs] == [
        ("18", "Suppl 2", "83-96"), ("40", "Suppl", "12-13")]


def test_an_accent_a_pdf_wrote_as_a_character_of_its_own_is_put_back_on_its_letter() -> None:
    # TeX-set PDFs: "Tomaˇsev" (the caron before), "Mu¨ller", "Franc¸ois" (after)
    doc = ("1. Tomaˇsev N, Roe A. A study of hand injury. Hand Ex. 2019;572:116-9.\n"
           "2. Mu¨ller K, Franc¸ois R. Another study. Foot Ex. 2021;3:5-9.\n")
    refs = text.parse(doc, "<test>").references
    assert [[a.last for a in r.authors] for r in refs] == [
        ["Tomašev", "Roe"], ["Müller", "François"]]


def test_a_citation_ending_in_its_web_address_is_complete_before_the_next_one() -> None:
    # unnumbered author-year PDF text: a "URL:" line ends a citation, the next starts with
    # an organisation and its year
    doc = ("Roe, A. and Poe, C. (2024). Data thinning for convolution-closed\n"
           "distributions, Journal of Hand Research 25(57): 1–35.\n"
           "URL: http://jhr.org/papers/v25/23-0446.html\n"
           "NICE (2013). Guide to the methods of technology appraisal, London:\n"
           "NICE. Available at: https://www.nice.org.uk/process/pmg9\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year) for r in refs] == [("Roe", "2024"), ("NICE", "2013")]


def test_sciences_own_source_line_is_the_volume_issue_and_pages() -> None:
    # as Science's pages cite it: "Science 01 May 2020: Vol. 368, Issue 6490, pp. 489-493"
    doc = ("1. Anna Roe, Carl Poe. A study of hand injury, Science 01 May 2020: Vol. 368, "
           "Issue 6490, pp. 489-493. doi: <https://doi.org/10.1000/hand.1>\n"
           "2. David Doe. Another study. Science Vol. 12, Issue 3, pp. 5-9.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.journal, r.year, r.volume, r.issue, r.pages) for r in refs] == [
        ("Science", "2020", "368", "6490", "489-493"), ("Science", "", "12", "3", "5-9")]
