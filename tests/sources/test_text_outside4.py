"""Forms met in the real lists of the tuning split (``tests/data/reallists/``) after the
fifth outside check: each test is a rule for every list of its kind, on a small made-up
example."""

from __future__ import annotations

from refgraph.sources import text


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
