"""Forms met in an outside check of the general reader on real lists it had not seen
(``tests/data/reallists/``, split ``fresh``): each test is a rule for every list of its kind."""

from __future__ import annotations

from refgraph.sources import text
from refgraph.sources._fields import read_fields


def test_an_online_journal_s_medium_and_access_date_are_no_field() -> None:
    # NLM's form for a journal on the Internet, in English and as a Spanish locale writes it
    for citation in (
        "Deivasigamani S, Azad A. The insertional anatomy. Hand [Internet]. 2023 Jan 1 "
        "[cited 2023 Aug 30];18(1):145-52.",
        "Deivasigamani S, Azad A. The insertional anatomy. Hand [Internet]. 2023 Jan 1 "
        "[citado 30 de agosto de 2023];18(1):145-52.",
    ):
        fields = read_fields(citation, tagger=False)
        assert fields is not None
        assert (fields.journal, fields.year, fields.volume, fields.pages) == (
            "Hand", "2023", "18", "145-152")  # fmt: skip
    fields = read_fields("Boyer M, Roy JS. Reducing noise. Sensors (Basel) [Internet]. "
                         "2023;23(6):2927.", tagger=False)  # fmt: skip
    assert fields is not None and fields.journal == "Sensors (Basel)"


def test_the_year_a_web_page_was_read_on_is_not_its_year_in_any_language() -> None:
    for note in ("[cited 2025 Sep 27]", "[citado el 27 de septiembre de 2025]",
                 "[cité le 27 sept 2025]", "[zitiert am 27.09.2025]"):  # fmt: skip
        fields = read_fields(f"Difference between FIR and IIR filters [Internet]. GeeksforGeeks. "
                             f"2024 {note}. Available from: https://example.org/fir", tagger=False)
        assert fields is not None and fields.year == "2024", note
        assert fields.journal == "", note  # a web page names no journal


def test_a_rule_for_the_authors_repeats_the_authors_before() -> None:
    result = text.parse(
        "World Health Organisation. 1978. “Erklärung von Alma-Ata.” 1978.\n\n"
        "———. 1986. “Ottawa-Charta Zur Gesundheitsförderung.” 1986.\n\n"
        "---. 2005. International Health Regulations. Geneva: WHO.\n",
        "lit.md",
    )
    assert [(r.first_author, r.year) for r in result.references] == [
        ("World Health Organisation", "1978"),
        ("World Health Organisation", "1986"),
        ("World Health Organisation", "2005"),
    ]


def test_organisations_are_read_as_one_author() -> None:
    for citation, author in (
        ("Robert Koch-Institut. 2019. “Allgemeines Zur Gesundheitsberichterstattung.” 2019.",
         "Robert Koch-Institut"),  # a compound whose last part names an organisation
        ("Die Bundesregierung. 2013. “Globale Gesundheitspolitik Gestalten.” 2013.",
         "Die Bundesregierung"),
        ("United Nations. 2015. “Millennium Development Goals.” 2015.", "United Nations"),
        # sentence case, with the acronym of its words after it
        ("Agence nationale de sécurité du médicament et des produits de santé (ANSM). "
         "Antibiothérapie par voie générale. Recommandations de bonne pratique, Novembre 2011.",
         "Agence nationale de sécurité du médicament et des produits de santé (ANSM)"),
    ):
        fields = read_fields(citation, tagger=False)
        assert fields is not None and fields.authors, citation
        assert fields.authors[0].collective == author, citation


def test_a_surname_with_initials_in_brackets_is_no_organisation() -> None:
    from refgraph.sources._names import is_group

    assert not is_group("Smith (JS)")
    assert not is_group("Mary Jones (XYZ)")  # no acronym of its words


def test_an_author_date_citation_without_volume_names_the_journal_after_its_quoted_title() -> None:
    fields = read_fields("Fried, LP, ME Bentley, and HC Spencer. 2010. “Global Health Is Public "
                         "Health.” The Lancet. doi:10.1016/S0140-6736(10)60203-6", tagger=False)
    assert fields is not None and (fields.journal, fields.year) == ("The Lancet", "2010")
    web = read_fields("Die Bundesregierung. 2018. “Die Deutsche Nachhaltigkeitsstrategie.” 2018. "
                      "https://www.bundesregierung.de/x.", tagger=False)  # fmt: skip
    assert web is not None and web.journal == ""  # a web page's date is no journal


def test_a_first_line_with_a_year_or_a_quoted_title_is_no_author_line() -> None:
    # the line broke inside the journal's name: it is no author list ending at the break
    result = text.parse("Beaglehole, R, and R Bonita. 2010. “What Is Global Health?” *Global "
                        "Health\nAction*. https://doi.org/10.3402/gha.v3i0.5142 .\n", "lit.md")
    assert [r.journal for r in result.references] == ["Global Health Action"]


def test_a_rule_for_the_authors_is_read_as_an_author_block() -> None:
    fields = read_fields("———. 2020b. “Soziale Determinanten von Gesundheit.” Gesundheitswesen. "
                         "https://doi.org/10.1055/a-1005-7082.", tagger=False)  # fmt: skip
    assert fields is not None
    assert (fields.authors, fields.year, fields.journal) == ((), "2020", "Gesundheitswesen")


def test_restructuredtext_citations_are_list_items() -> None:
    result = text.parse(
        "References\n----------\n\n"
        ".. [Greensides-et-al-2018]\n"
        "  Greensides D, Litch JA. Antenatal corticosteroids. Glob Health Sci Pract. 2018 Dec 27;"
        "6(4):644-656. doi: 10.9745/GHSP-D-18-00171. PMID: 30573455.\n\n"
        ".. [2] Oladapo OT, Vogel JP. Antenatal dexamethasone. N Engl J Med. 2020;383:2514-25.\n",
        "model.rst",
    )
    assert [(r.first_author, r.pmid) for r in result.references] == [
        ("Greensides", "30573455"), ("Oladapo", "")]  # fmt: skip


def test_a_number_and_a_hyphen_number_a_list() -> None:
    result = text.parse(
        "1- Lim WS, Van Der Eerden MM, Laing R et al. Defining community acquired pneumonia\n"
        "severity on presentation to hospital. Thorax 2003; 58(5): 377–82.\n"
        "2- Ewig S. Prediction of in-hospital death from community-acquired pneumonia. Eur "
        "Respir J 2013;\n41: 917–922 DOI: 10.1183/09031936.00065212\n",
        "refs.txt",
    )
    assert [(r.first_author, r.volume) for r in result.references] == [("Lim", "58"),
                                                                       ("Ewig", "41")]
    from refgraph.sources._markup import clean_line

    assert clean_line("3- and 4-year survival").marker == ""  # prose, not a list number


def test_a_bare_pmcid_is_read_with_or_without_a_space() -> None:
    for pmc in ("PMC 5721660", "PMC5721660"):
        fields = read_fields(f"Chicco D (December 2017). “Ten quick tips for machine learning.” "
                             f"BioData Mining. 10 (35): 35. {pmc}. PMID 29234465.", tagger=False)
        assert fields is not None and (fields.pmcid, fields.pmid) == ("PMC5721660", "29234465")


def test_catalogue_numbers_are_no_year() -> None:
    fields = read_fields("Schulz, Hannes; Behnke, Sven (1 November 2012). “Deep Learning”. KI - "
                         "Künstliche Intelligenz. 26 (4): 357–363. doi:10.1007/s13218-012-0198-z. "
                         "ISSN 1610-1987. S2CID 220523562.", tagger=False)  # fmt: skip
    assert fields is not None and (fields.year, fields.volume) == ("2012", "26")


def test_pubmed_central_s_mla_citation_is_read() -> None:
    for citation, want in (
        ("Folego, Guilherme et al. “Alzheimer's Disease Detection Through Whole-Brain 3D-CNN "
         "MRI.” Frontiers in bioengineering and biotechnology vol. 8 534592. 30 Oct. 2020, "
         "doi:10.3389/fbioe.2020.534592",
         ("2020", "Frontiers in bioengineering and biotechnology", "8", "", "534592")),
        ("Smith, John et al. “Sleep and memory.” Journal of sleep research vol. 12,3 (2020): "
         "45-67. doi:10.1111/jsr.1",
         ("2020", "Journal of sleep research", "12", "3", "45-67")),
    ):
        fields = read_fields(citation, tagger=False)
        assert fields is not None
        assert (fields.year, fields.journal, fields.volume, fields.issue, fields.pages) == want


def test_the_cochrane_library_s_citation_is_read() -> None:
    fields = read_fields(
        "Brownfoot FC, Gagliardi DI, Bain E, Middleton P, Crowther CA. Different corticosteroids "
        "and regimens for accelerating fetal lung maturation for women at risk of preterm birth. "
        "Cochrane Database of Systematic Reviews 2013, Issue 8. Art. No.: CD006764. DOI: "
        "10.1002/14651858.CD006764.pub3.",
        tagger=False,
    )
    assert fields is not None
    assert (fields.journal, fields.year, fields.issue, fields.pages) == (
        "Cochrane Database of Systematic Reviews", "2013", "8", "CD006764")  # fmt: skip


def test_a_spanish_or_portuguese_date_is_read_as_a_date() -> None:
    for citation, journal in (
        ("Alvial P, Bravo G, Bustos MP, et al. Quantitative functional evaluation of a 3D-printed "
         "prosthesis. Journal of Hand Therapy. 1 de enero de 2018;31(1):129-36.",
         "Journal of Hand Therapy"),
        ("Lee KH, Kim SJ. Three-dimensional printed prosthesis. Prosthet Orthot Int [Internet]. "
         "1 de febrero de 2018 [citado 12 de septiembre de 2023];42(1):107-11.",
         "Prosthet Orthot Int"),
        ("Silva AB, Souza CD. Um estudo transversal. Rev Saude Publica. 15 de março de "
         "2019;53:12.", "Rev Saude Publica"),
    ):
        fields = read_fields(citation, tagger=False)
        assert fields is not None and fields.journal == journal, citation
        assert fields.year in ("2018", "2019") and fields.month in ("Jan", "Feb", "Mar")


def test_a_doi_link_on_its_own_line_belongs_to_the_citation_above() -> None:
    result = text.parse(
        "[6] Oh, K., Chung, YC., Kim, K.W. (2019). Classification and visualization of\n"
        "Alzheimer's disease. Sci Rep 9, 18150.\n"
        "[https://doi.org/10.1038/s41598-019-54548-6](https://doi.org/10.1038/s41598-019-54548-6)"
        "\n\n[7] Kingma, D. P., and Ba, J. (2014) Adam: A Method for Stochastic Optimization.\n",
        "README.md",
    )
    assert [(r.first_author, r.doi) for r in result.references] == [
        ("Oh", "10.1038/s41598-019-54548-6"), ("Kingma", "")]  # fmt: skip


def test_an_author_date_head_starts_the_next_citation_without_blank_lines() -> None:
    result = text.parse(
        "Kohler, Stefan. 2019. “Die Vermessung Der Globalen Gesundheit.” Gesundheit Und\n"
        "Gesellschaft 19(2): 16–23.\n"
        "Die Bundesregierung. 2013. “Globale Gesundheitspolitik Gestalten.” 2013.\n"
        "https://www.bundesgesundheitsministerium.de/x.pdf.\n"
        "———. 2018a. “Die Deutsche Nachhaltigkeitsstrategie.” 2018. https://example.org/x.\n"
        "NHS England (2024) *ADHD services and policy updates.*\n"
        "Available at: https://www.england.nhs.uk/mental-health/adhd/\n",
        "lit.md",
    )
    assert [(r.first_author, r.year) for r in result.references] == [
        ("Kohler", "2019"), ("Die Bundesregierung", "2013"), ("Die Bundesregierung", "2018"),
        ("NHS England", "2024")]  # fmt: skip


def test_a_quoted_title_s_closing_quote_ends_a_citation() -> None:
    result = text.parse(
        "United Nations. 2015a. “Millennium Development Goals.” 2015. https://www.un.org/mdg/.\n"
        "———. 2015b. “Millenniums-Entwicklungsziele Bericht .”\n"
        "World Health Organisation. 1978. “Erklärung von Alma-Ata.” 1978.\n",
        "lit.md",
    )
    assert [(r.first_author, r.year) for r in result.references] == [
        ("United Nations", "2015"), ("United Nations", "2015"),
        ("World Health Organisation", "1978")]  # fmt: skip


def test_a_list_item_of_a_name_and_a_number_is_no_reference() -> None:
    result = text.parse("### Participación\n- Eduardo Poma: 33.33%\n- Rodrigo Gorbeña: 33.33%\n",
                        "README.md")  # fmt: skip
    assert result.references == ()
    assert [p.kind for p in result.problems] == ["unparsed", "unparsed"]


def test_an_author_list_broken_after_the_last_name_s_initials_goes_on() -> None:
    result = text.parse(
        "Koplan, JP, C Bond, MH Merson, KS Reddy, NK Sewankambo, and JN\n"
        "Wasserheit. 2009. “Towards a Common Definition of Global Health.” *Lancet*.\n",
        "lit.md",
    )
    assert [(r.first_author, r.year, r.journal) for r in result.references] == [
        ("Koplan", "2009", "Lancet")]  # fmt: skip


def test_pubmed_s_older_summary_numbers_with_a_colon() -> None:
    """PubMed's text exports before 2020 numbered records "1: Authors. Title. ..."; a wrapped
    line that starts with a volume and a supplement page ("40: S194, 2007") is no number."""
    listed = (
        "1: Kantarjian HM, DeAngelo DJ. Inotuzumab Ozogamicin versus Standard Therapy. N Engl "
        "J Med. 2016 Aug 25;375(8):740-53. PubMed PMID: 27292104.\n\n"
        "2: Lamb YN. Inotuzumab Ozogamicin: First Global Approval. Drugs. 2017 "
        "Sep;77(14):1603-1610. Review. PubMed PMID: 28819740.\n"
    )
    first, second = text.parse(listed, "summary.txt").references
    assert [a.last for a in first.authors] == ["Kantarjian", "DeAngelo"]
    assert [a.last for a in second.authors] == ["Lamb"] and second.pmid == "28819740"
    wrapped = ("- Glatt V, Shultz KL. Age-related changes in bone architecture. Bone\n"
               "  40: S194, 2007\n")  # fmt: skip
    (ref,) = text.parse(wrapped, "list.md").references
    assert ref.authors[0].last == "Glatt" and ref.volume == "40"
