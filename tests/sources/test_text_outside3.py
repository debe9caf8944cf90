"""Forms met in the real lists of the tuning split (``tests/data/reallists/``) after the
fourth outside check: each test is a rule for every list of its kind, on a small made-up
example."""

from __future__ import annotations

from refgraph.sources._fields import read_fields


def test_the_editors_of_a_book_are_its_names() -> None:
    # NLM writes an edited book's editors where the authors go: "Surname AB, editors."
    for names in ("Roe A.B., Poe C., van Doe D., editors", "Roe AB, Poe C, van Doe D, editors",
                  "Roe AB, Poe C, van Doe D, eds"):  # fmt: skip
        fields = read_fields(f"{names}. A Book about Things. Ex Press; Boston, MA, USA: 2025.")
        assert fields is not None
        assert [a.last for a in fields.authors] == ["Roe", "Poe", "van Doe"], names
        assert fields.year == "2025"
