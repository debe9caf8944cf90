"""Forms met in the real lists of the tuning split (``tests/data/reallists/``) after the
fourth outside check: each test is a rule for every list of its kind, on a small made-up
example."""

from __future__ import annotations

from refgraph.sources import text
from refgraph.sources._fields import read_fields


def test_the_editors_of_a_book_are_its_names() -> None:
    # NLM writes an edited book's editors where the authors go: "Surname AB, editors."
    for names in ("Roe A.B., Poe C., van Doe D., editors", "Roe AB, Poe C, van Doe D, editors",
                  "Roe AB, Poe C, van Doe D, eds"):  # fmt: skip
        fields = read_fields(f"{names}. A Book about Things. Ex Press; Boston, MA, USA: 2025.")
        assert fields is not None
        assert [a.last for a in fields.authors] == ["Roe", "Poe", "van Doe"], names
        assert fields.year == "2025"


def test_a_source_naming_its_volume_before_its_journal_is_read() -> None:
    # "Vol. N, Journal. Publisher; Year [cited ...]. p. X-Y." (a reference manager's Vancouver)
    fields = read_fields("Roe AB, Poe C. A title about hands [Internet]. Vol. 37, Hand Ex Clinics. "
                         "W.B. Saunders; 2021 [citado 30 de agosto de 2023]. p. 167-87. "
                         "Disponible en: https://doi.org/10.1000/x1")  # fmt: skip
    assert fields is not None
    assert (fields.journal, fields.year, fields.volume, fields.pages) == (
        "Hand Ex Clinics", "2021", "37", "167-187")
    short = read_fields("Roe AB, Poe C. A title [Internet]. Vol. 6, Sci. Ex. 2021. Available "
                        "from: https://example.org/1")  # fmt: skip
    assert short is not None and (short.journal, short.volume) == ("Sci. Ex", "6")


def test_and_in_another_language_after_an_initial_joins_two_names() -> None:
    for word in ("y", "e", "und", "en"):
        fields = read_fields(f"Roe, G {word} Poe, B. Un título [Patente]. Lugar: 2017.")
        assert fields is not None and [a.last for a in fields.authors] == ["Roe", "Poe"], word
    # after a surname, "y" is a particle of a Spanish double surname
    fields = read_fields("Ortega y Gasset, J. Un título. Madrid: 1930.")
    assert fields is not None and fields.authors[0].last == "Ortega y Gasset"


def test_a_place_ending_the_title_is_not_part_of_the_journal() -> None:
    # "..., Phys. Rev. Lett" takes the abbreviation before it; a place is no abbreviation
    fields = read_fields("Roe A, Poe B. Features of patients in Wuhan, China. Lancet. 2020; "
                         "395(10223):497–506.")  # fmt: skip
    assert fields is not None and fields.journal == "Lancet"


def test_a_month_after_a_stray_semicolon_keeps_the_volume() -> None:
    fields = read_fields("Roe A, Poe B. A title [A translated title.]. Recenti Ex Med. 2020; "
                         "Apr;111(4):198-201.")  # fmt: skip
    assert fields is not None
    assert (fields.journal, fields.year, fields.volume, fields.pages) == (
        "Recenti Ex Med", "2020", "111", "198-201")


def test_a_year_then_volume_source_that_lost_its_semicolon_is_read() -> None:
    fields = read_fields("Roe J.N., Poe G.J. Multimodal things. Nat. Ex. 2022 28:1773–1784.",
                         tagger=False)
    assert fields is not None
    assert (fields.journal, fields.year, fields.volume, fields.pages) == (
        "Nat. Ex", "2022", "28", "1773-1784")


def test_a_volume_and_year_without_pages_is_the_source() -> None:
    fields = read_fields("Roe Anna, Poe Ben. 2012. Collaborative care for things. Ex Database of "
                         "Systematic Reviews 10 (2012).")  # fmt: skip
    assert fields is not None
    assert (fields.journal, fields.year, fields.volume) == (
        "Ex Database of Systematic Reviews", "2012", "10")


def test_an_access_note_between_title_and_journal_ends_the_title() -> None:
    fields = read_fields("Roe J.N., Poe G.J. Multimodal things. [(accessed on 21 October 2025)];"
                         "Ex Med. 2022;28:1773–1784.", tagger=False)  # fmt: skip
    assert fields is not None and (fields.journal, fields.volume) == ("Ex Med", "28")


def test_published_online_before_a_date_is_no_journal() -> None:
    fields = read_fields("Roe ME, Poe P. A title: a meta-analysis. Br J Ex. Published online June "
                         "2008;159(3):669‐676.")  # fmt: skip
    assert fields is not None
    assert (fields.journal, fields.year, fields.volume) == ("Br J Ex", "2008", "159")
    ama = read_fields("Roe ME, Poe P. A title: a meta-analysis. JAMA Ex Open. Published online "
                      "March 5, 2020. doi:10.1001/x.2020.1")  # fmt: skip
    assert ama is not None and (ama.journal, ama.year) == ("JAMA Ex Open", "2020")


def test_a_heading_in_nested_emphasis_is_a_heading() -> None:
    result = text.parse("**_Citations_**\n</br> Roe R, Poe G. A title. Nat Ex. 2017 Apr;14(4):"
                        "417-419. PMID: 28263959.\n", "<test>")  # fmt: skip
    assert [r.first_author for r in result.references] == ["Roe"]
