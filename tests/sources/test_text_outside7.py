"""Forms met in the real lists of the tuning split (``tests/data/reallists/``) after the
eighth outside check: each test is a rule for every list of its kind, on a small made-up
example."""

from __future__ import annotations

from refgraph.sources import text
from refgraph.sources._latex import plain_latex


def test_a_latex_bibliography_pasted_as_text_is_read_without_its_markup() -> None:
    # a thebibliography block (by hand or a BibTeX .bbl): \bibitem[label]{key} starts each
    # citation, \newblock its blocks, {\em ...} the journal, accents as \"o or {\v{c}}
    doc = ("\\begin{thebibliography}{9}\n"
           "\\bibitem[Sch\\\"oner(1966)]{schoner1966}\n"
           "P.~H. Sch\\\"oner and A.~Ko{\\v{c}}i.\n"
           "\\newblock A solution of the orthogonal problem.\n"
           "\\newblock {\\em Psychometrika}, 31:1--10, 1966.\n"
           "\\bibitem{roe2006} C.~E. Roe and D. Garc\\'{\\i}a.\n"
           "\\newblock {\\em A Book of Processes}.\n"
           "\\newblock MIT Press, 2006.\n"
           "\\bibitem{doe2019}\n"
           "D. Doe, E. Moe, and F. Loe.\n"
           "\\newblock A second study of {X}-ray curves.\n"
           "\\newblock \\emph{Bioinformatics}, 35:2427--2433, 2019.\n"
           "\\end{thebibliography}\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year, r.journal, r.volume, r.pages) for r in refs] == [
        ("Schöner", "1966", "Psychometrika", "31", "1-10"),
        ("Roe", "2006", "", "", ""),
        ("Doe", "2019", "Bioinformatics", "35", "2427-2433")]
    assert refs[0].authors[1].last == "Koči"
    assert refs[1].authors[1].last == "García"


def test_a_latex_bibliography_leaves_the_text_around_it_alone() -> None:
    # a README with a LaTeX block: its own links keep their "/~user/" and "--"
    doc = ("1. Roe A. A study of hands. Hand Ex. 2015;14:1-6. "
           "http://www.stat.example.edu/~roe/a--b.html\n\n"
           "```latex\n\\begin{thebibliography}{9}\n\\bibitem{doe}\nD.~Doe.\n"
           "\\newblock A study.\n\\newblock {\\em Cell}, 17:188--190, 2019.\n"
           "\\end{thebibliography}\n```\n")
    parsed = text.parse(doc, "<test>")
    assert [(r.first_author, r.journal, r.pages) for r in parsed.references] == [
        ("Roe", "Hand Ex", "1-6"), ("Doe", "Cell", "188-190")]
    assert "http://www.stat.example.edu/~roe/a--b.html" in plain_latex(doc)


def test_given_initials_then_a_surname_then_et_al_end_the_authors() -> None:
    # "J. B. Burt et al. Title." (natbib, IEEE): a second initial, then the surname and "et al"
    doc = ("1. J. B. Roe et al. Hierarchy of a study across cortex. Nature Neuroscience, "
           "21:1251-1259, 2018.\n"
           "2. A. M. C. Doe et al. Another study. Cell, 17:188-190, 2019.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.et_al, r.journal) for r in refs] == [
        ("Roe", True, "Nature Neuroscience"), ("Doe", True, "Cell")]


def test_the_date_a_work_was_read_on_is_not_its_source() -> None:
    # ABNT: "Disponível em: <url>. Acesso em: 24 jun. 2026." after a book or a package; the
    # day, month and year read are no journal's date
    doc = ("1. ROE, K.; DOE, C. Thyroid Cancer. In: STATPEARLS [Internet]. Treasure Island "
           "(FL): StatPearls Publishing, 2023. Disponível em: https://www.ncbi.nlm.nih.gov/"
           "books/NBK1/. Acesso em: 24 jun. 2026.\n\n"
           "2. LOE, G. et al. *igraph*: network analysis. Version 2.0.3. [Software]. CRAN, 2024. "
           "Disponível em: https://CRAN.R-project.org/package=igraph. Acesso em: 24 jun. 2026.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year, r.journal) for r in refs] == [
        ("ROE", "2023", ""), ("LOE", "2024", "")]


def test_abnt_volume_and_issue_without_printed_pages() -> None:
    # ABNT: "v. 43, n. 7, e47, 2015" (an article number), "v. 21, n. 3, 2021" and "v. 10,
    # 2023" (no pages): the volume is the number after "v."
    doc = ("1. TSAI, W. H. et al. A study of thyroid cancer. *Frontiers in Medicine*, v. 10, "
           "2023. DOI: 10.3389/fmed.2023.1.\n\n"
           "2. ZHANG, B. et al. Integrated analysis of key genes. *Experimental Medicine*, v. 21, "
           "n. 3, 2021. DOI: 10.3892/em.2021.9.\n\n"
           "3. RITCHIE, M. E. et al. limma powers analyses. *Nucleic Acids Research*, v. 43, "
           "n. 7, e47, 2015. DOI: 10.1093/nar/gkv007.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.journal, r.volume, r.issue, r.pages, r.year) for r in refs] == [
        ("Frontiers in Medicine", "10", "", "", "2023"),
        ("Experimental Medicine", "21", "3", "", "2021"),
        ("Nucleic Acids Research", "43", "7", "e47", "2015")]


def test_an_nlm_citation_ahead_of_print_names_its_journal_before_the_date() -> None:
    # PubMed's summary of a work with no volume yet: "Journal. 2019 Oct 7. pii: b7. doi: ...
    # [Epub ahead of print]"; a book's year alone names no journal
    doc = ("1. Zhou H, Lange K. A cooperative programming project. Hum Genet. 2019 Mar 26. "
           "doi: 10.1007/s00439-019-02001-z. [Epub ahead of print] PMID: 30915546\n"
           "2. Badel C, Oberto J. A plasmid synteny server. Bioinformatics. 2019 Oct 7. pii: "
           "btz745. doi: 10.1093/bioinformatics/btz745. [Epub ahead of print]\n"
           "3. Roe A. A book of hands. Second edition. London: Wiley; 2019.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year, r.journal) for r in refs] == [
        ("Zhou", "2019", "Hum Genet"), ("Badel", "2019", "Bioinformatics"), ("Roe", "2019", "")]


def test_a_pubmed_record_copied_from_its_page_reads_source_title_authors() -> None:
    # notes of pasted PubMed records: the link line, the source line (the journal alone on a
    # line in the newer page), the title, the authors with their affiliation numbers, then
    # the notes' own links and comments
    doc = ("### Tool one\n\n"
           "https://pubmed.ncbi.nlm.nih.gov/32271863/\n"
           "Bioinformatics\n"
           ". 2020 Jun 1;36(12):3874-3876. doi: 10.1093/bioinformatics/btaa233.\n"
           "gplas: a tool for plasmid analysis using short-read graphs\n"
           "Sergio Roe-Alonso 1, Martin Doe 2 3, Anita C Loe 1\n\n"
           "### Tool two\n\n"
           "https://www.ncbi.nlm.nih.gov/pubmed/31187446\n"
           "Genes Genomics. 2019 Sep;41(9):1077-1083. doi: 10.1007/s13258-019-00839-1. Epub "
           "2019 Jun 11.\n"
           "Comparison of assembly tools for plasmid metagenome analysis.\n"
           "Gupta SK1, Raza S1, Unno T2,3.\n"
           "https://link.springer.com/article/10.1007/s13258-019-00839-1\n"
           "we suggest that one tool may offer more diverse plasmids.\n")
    refs = text.parse(doc, "<test>").references
    got = [(r.first_author, r.year, r.journal, r.volume, r.pages, r.pmid, r.doi) for r in refs]
    assert got == [
        ("Roe-Alonso", "2020", "Bioinformatics", "36", "3874-3876", "32271863",
         "10.1093/bioinformatics/btaa233"),
        ("Gupta", "2019", "Genes Genomics", "41", "1077-1083", "31187446",
         "10.1007/s13258-019-00839-1")]
    assert [a.last for a in refs[0].authors] == ["Roe-Alonso", "Doe", "Loe"]
    assert [a.last for a in refs[1].authors] == ["Gupta", "Raza", "Unno"]


def test_a_title_in_capitals_wrapped_after_nlm_names_goes_on_with_its_line() -> None:
    # pandoc wraps at 72 columns: "... Mackay I. Multiple Quantitative Trait" / "Analysis
    # Using Bayesian Networks. Genetics. 2014 ..."; the first line is no author list whose
    # full stop was left out ("Mackay I. Multiple Quantitative Trait" is no name)
    doc = ("Roe M, Howell P, Balding DJ, Mackay I. Multiple Quantitative Trait\n"
           "Analysis Using Bayesian Networks. Genetics. 2014 Apr 11;198(1):129-137.\n"
           "PMID: 25236454\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.title, r.journal) for r in refs] == [
        ("Roe", "Multiple Quantitative Trait Analysis Using Bayesian Networks", "Genetics")]


def test_an_ieee_volume_with_its_transactions_letters() -> None:
    # IEEE's older Transactions numbered their volumes with letters: "vol. BME-32"
    doc = ('[1] J. Pan and W. J. Tompkins, "A real-time QRS detection algorithm," IEEE Trans. '
           "Biomed. Eng., vol. BME-32, no. 3, pp. 230-236, Mar. 1985.\n"
           '[2] A. Roe, "A study of pattern analysis," IEEE Trans. Pattern Anal. Mach. Intell., '
           "vol. PAMI-8, pp. 679-698, 1986.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.journal, r.volume, r.pages) for r in refs] == [
        ("IEEE Trans. Biomed. Eng.", "BME-32", "230-236"),
        ("IEEE Trans. Pattern Anal. Mach. Intell.", "PAMI-8", "679-698")]


def test_an_organisation_in_capitals_is_a_group_author() -> None:
    # ABNT writes authors in capitals, organisations too: "CANCER GENOME ATLAS RESEARCH
    # NETWORK. Title. *Cell*, v. 159, ..."; a person in capitals stays a person
    doc = ("1. CANCER GENOME ATLAS RESEARCH NETWORK. Integrated characterization of thyroid "
           "carcinoma. *Cell*, v. 159, n. 3, p. 676-690, 2014.\n\n"
           "2. WORLD HEALTH ORGANIZATION. Global tuberculosis report. Geneva: WHO, 2023.\n\n"
           "3. KANEHISA, M. et al. KEGG for taxonomy. *Nucleic Acids Research*, v. 51, n. D1, "
           "p. D587-D592, 2023.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.authors[0].collective, r.first_author) for r in refs] == [
        ("CANCER GENOME ATLAS RESEARCH NETWORK", "CANCER GENOME ATLAS RESEARCH NETWORK"),
        ("WORLD HEALTH ORGANIZATION", "WORLD HEALTH ORGANIZATION"), ("", "KANEHISA")]
