"""Forms met in the real lists of the tuning split (``tests/data/reallists/``) after the
fifth outside check: each test is a rule for every list of its kind, on a small made-up
example."""

from __future__ import annotations

from refgraph.sources import text


def _read(doc: str, *names: str) -> list[tuple[object, ...]]:
    """The named fields of each reference read from ``doc``."""
    return [tuple(getattr(r, n) for n in names) for r in text.parse(doc, "<test>").references]


def test_a_list_number_inside_a_link_per_printed_line_is_the_number() -> None:
    # a PDF turned into Markdown: every printed line of a reference is a link to the same
    # address, the list number "[n]" inside the first link's text
    url = "(http://ref.example.org/S0000(23)00001-9/rf%s)"
    doc = ("**References**\n\n"
           "[[1] Roe AB, Poe C, Moe D, et al. A population-based study of the risk of hand injury]"
           + url % "05" + "\n[and foot injury in older adults. Hand Ex 2015;14:1–6.]" + url % "05"
           + "\n\n[[2] Doe D, Moe E. Another study of the risk of hand injury in young adults in "
           "the]" + url % "10" + "\n[community. Foot Ex 1999;19:471–2.]" + url % "10" + "\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year, r.volume, r.journal) for r in refs] == [
        ("Roe", "2015", "14", "Hand Ex"), ("Doe", "1999", "19", "Foot Ex")]


def test_a_list_number_glued_to_a_lowercase_name_particle_is_still_a_number() -> None:
    # text copied from a PMC page: no space after the list number, and a surname that opens
    # with a lowercase particle ("an der", "van", "de")
    doc = ("References\n"
           "1.Roe A, Poe B. A first title. J Ex. 2016;6:258–268.\n"
           "2.an der Moe M, Doe U. A second title. J Ex. 2020;117:603–609.\n"
           "3.Poe A, Roe B. A third title. J Ex. 2011;22:68–73.\n"
           "4.van den Loe J. A fourth title. J Ex. 2019;23:193–197.\n"
           "5.de la Voe P. A fifth title. J Ex. 2014;2:133–152.\n")
    assert _read(doc, "first_author", "year") == [
        ("Roe", "2016"), ("an der Moe", "2020"), ("Poe", "2011"), ("van den Loe", "2019"),
        ("de la Voe", "2014")]


def test_a_full_stop_after_nlm_names_ends_them_before_a_title_word_and_comma() -> None:
    # "Surname INITIALS, ..." names end at their full stop even when the title opens with a
    # word and a comma ("Sertraline, citalopram and ..."), which reads like one more name
    doc = ("- Den Roe-Poe D, Moe DJ, Ter Loe PGJ. **Sertraline, citalopram and paroxetine in "
           "lactation.** 2024. PMC1115071.\n"
           "- Voe D, Zoe D. **Lithium, valproate and mood in pregnancy.** 2023. PMC1115072.\n")
    refs = text.parse(doc, "<test>").references
    assert [(r.first_author, r.year) for r in refs] == [("Den Roe-Poe", "2024"),
                                                        ("Voe", "2023")]
    assert [len(r.authors) for r in refs] == [3, 2]


def test_an_identifier_a_note_gives_for_another_work_is_not_the_citations() -> None:
    # a research note after the citation names the papers it was found through, each with
    # its own PMCID; those identifiers belong to those papers
    doc = ("- Roe AJ, Poe R. **Oestrogen for severe postnatal low mood.** Lancet 1996;347:930–933. "
           "PMID 8598756. *(Found second-hand via Moe 2002 (PMC3181677) and Doe/Voe 2025 "
           "(PMC11882533); not in the corpus.)*\n"
           "- Loe A. **Another study.** J Ex 2020;1:2–3. → see Zoe et al. 2019 (PMID 123456)\n"
           "- Koe B. **A third study.** J Ex 2002 (PMC3181678).\n")
    assert _read(doc, "first_author", "pmid", "pmcid") == [
        ("Roe", "8598756", ""), ("Loe", "", ""), ("Koe", "", "PMC3181678")]


def test_a_link_line_before_the_references_heading_is_no_reference() -> None:
    # the end of a paper before its reference list: a supplementary-data link is the paper's
    # own DOI, not a citation; under the heading a bare DOI line still is one
    doc = ("**Appendix A. Supplementary data**\n\n"
           "[Supplementary data to this article can be found online at https://doi.]"
           "(https://doi.org/10.1016/j.ex.2023.102640)\n\n"
           "**References**\n\n"
           "1. Roe AB, Poe C. A title. J Ex 2015;14:1–6.\n\n"
           "2. https://doi.org/10.1016/j.ex.2019.000001\n")
    assert _read(doc, "first_author", "doi") == [
        ("Roe", ""), ("", "10.1016/j.ex.2019.000001")]


def test_a_dash_before_the_identifier_link_and_an_arrow_note_are_not_the_source() -> None:
    # literature notes: "**Title.** Journal Year. — [PMID n](link)", sometimes with a reader's
    # note after an arrow, on the same line or the next
    doc = ("85. Roe RD, et al. **A trial of drug A versus drug B.** N Engl J Med 2012. — "
           "[PMID 22335736](https://pubmed.ncbi.nlm.nih.gov/22335736/)\n"
           "    → **A 73.4% vs B 63.4%.** The model reproduces the result (model 80.0).\n\n"
           "86. Poe IE, et al. **Double-blind study of drug A.** JAMA 1983. — "
           "[PMID 6131148](https://pubmed.ncbi.nlm.nih.gov/6131148/) → the early recurrence\n")
    assert _read(doc, "first_author", "journal", "year", "pmid") == [
        ("Roe", "N Engl J Med", "2012", "22335736"), ("Poe", "JAMA", "1983", "6131148")]


def test_stops_left_where_identifiers_stood_and_a_trial_registration_are_no_source() -> None:
    # "Journal. 2014. doi: 10.x/y ." leaves "2014. ."; a registration after the identifiers
    doc = ("1. Roe SD, Poe R. Beyond the effect: evaluating preferences. Stat Ex Res. 2014. "
           "doi: 10.1177/0962280214550516 .\n"
           "2. Moe S, Doe HK, et al. A protocol for the MAMA trial. BMJ Ex 2021. "
           "doi:10.1136/bmjopen-2021-052922. PMC8719185. Trial reg NCT04685148.\n")
    assert _read(doc, "first_author", "journal", "year") == [
        ("Roe", "Stat Ex Res", "2014"), ("Moe", "BMJ Ex", "2021")]


def test_a_doubted_journal_is_not_swapped_for_a_tagger_reading_that_is_odder() -> None:
    # "bioRxiv" starts lower case, so the journal is doubted; the tagger's reading that takes
    # in the end of the title is a worse journal and is not taken
    doc = ("- Roe WB, Poe KF, Moe PF, Doe KC, Loe BL, Voe LT, et al. **Postpartum estrogen "
           "withdrawal induces deficits in affective behaviors and increases ΔFosB in D1 and "
           "D2 neurons in the nucleus accumbens core in mice.** bioRxiv 2022. "
           "doi:10.1101/2022.09.08.505352. bio_19e16aa06bff.\n")
    assert _read(doc, "first_author", "journal", "year") == [("Roe", "bioRxiv", "2022")]
