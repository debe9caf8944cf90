"""Rules fitted to the real lists must not cost other citations: forms from AnyStyle's
labelled references (``training/anystyle``, never used to tune the rules) that the rules
of the sixth outside check had broken, each on a small made-up example."""

from __future__ import annotations

from refgraph.model import Reference
from refgraph.sources import text


def _one(citation: str) -> Reference:
    (ref,) = text.parse(citation, "<test>").references
    return ref


def test_a_chapter_keeps_its_book_and_pages_not_the_publisher_s_town() -> None:
    # APA: "In A. Roe (Ed.), Book title (pp. 151-165). Place, ST: Publisher." The tagger's
    # book title is taken over the rules' "Mahwah, NJ: Erlbaum", and its pages with it
    ref = _one("Doe, J., & Poe, K. (2002). A study of hand injury in older adults. In A. Roe "
               "(Ed.), The handbook of hand injury (pp. 151-165). Mahwah, NJ: Erlbaum.")
    assert ref.pages == "151-165"
    assert "Erlbaum" not in ref.journal
    assert ref.journal.startswith("The handbook of hand injury")


def test_a_journal_without_a_letter_is_no_journal() -> None:
    # the rules read "36-37" as the journal; the tagger's conference name is taken
    ref = _one("Doe, J. A., Poe, B. O., A study of hand injury (abstract). Abstracts for the "
               "International Workshop on Hand Injury on the Early Years, Perth, Australia, pp. "
               "36-37. 1990.")
    assert ref.journal.startswith("Abstracts for the International Workshop on Hand Injury")
    assert ref.pages == "36-37"


def test_a_journal_is_not_cut_at_a_quote_or_a_volume_comma() -> None:
    ref = _one("Mark C. Doe, « A study of hand injury in older adults. », Journal of hand "
               "studies 20, no 3 (1995): 571–610.")
    assert ref.journal == "Journal of hand studies"
    ref = _one("ROE L., “A study of hand injury in older adults”, in Hand Research, 30, 2 "
               "(2010), pp. 125-144.")
    assert "30" not in ref.journal and "Hand Research" in ref.journal


def test_one_editor_before_the_title_is_a_person_not_a_body() -> None:
    # "A. Roe, editor." / "Jane A. Roe, ed.": the editor is the book's name, as a person;
    # "The Hand Society (Ed.)" stays a body
    for citation in ("A. Roe, editor. Models of hand injury. Morgan-Kaufmann, 1992.",
                     "Jane A. Roe, ed. Hand injury in history. New York: Hand Press, 2016."):
        (author, *_) = _one(citation).authors
        assert (author.last, author.collective) == ("Roe", ""), citation
    (body,) = _one("The Hand Society (Ed.). Hand injury in history. London: Hand Press, "
                   "2016.").authors
    assert body.collective == "The Hand Society"


def test_pages_after_a_volume_first_are_not_the_journal() -> None:
    # "Journal, Vol. 150, P. 27 - 48. 2006.": "P. 27 - 48" is the pages, not a journal
    ref = _one("Doe, E., Roe, H. C., A study of hand injury: evidence from older adults, "
               "Hand Research, Vol. 150, P. 27 - 48. 2006.")
    assert ref.journal == "Hand Research"
    assert ref.volume == "150"


def test_a_page_and_a_year_at_the_end_are_not_volume_and_pages() -> None:
    # "Journal, v. 24, p. 265. 1989.": ResearchGate's "Journal. 15. 244-7." shape (volume and
    # pages after full stops) must not take the page for a volume and the year for pages
    ref = _one("Doe, S. P., Roe, L. V., A study of hand injury in older adults (abstract). "
               "Hand Research, v. 24, p. 265. 1989.")
    assert (ref.volume, ref.pages, ref.year) == ("24", "265", "1989")
