"""MEDLINE / .nbib reader."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from refgraph.export.nbib import write_nbib
from refgraph.model import Author, Reference
from refgraph.sources import medline, parse_text

RECORD = """PMID- 27292104
TI  - Inotuzumab Ozogamicin versus Standard Therapy for Acute Lymphoblastic
      Leukemia.
DP  - 2016 Aug 25
VI  - 375
IP  - 8
PG  - 740-53
LID - 10.1056/NEJMoa1509277 [doi]
AID - NEJMoa1509277 [pii]
FAU - Kantarjian, Hagop M
AU  - Kantarjian HM
FAU - Gibb, Fraser W, Jr
AU  - Gibb FW Jr
CN  - INO-VATE Investigators
PT  - Journal Article
PT  - Randomized Controlled Trial
SI  - ClinicalTrials.gov/NCT01564784
MH  - *Antibodies, Monoclonal, Humanized/adverse effects
OT  - CD22
TA  - N Engl J Med
JT  - The New England journal of medicine
PMC - PMC5123456
AB  - Background.

PMID- 29352703
TI  - Inotuzumab ozogamicin (Besponsa)--an antibody-drug conjugate for ALL.
PG  - 11-12
"""


def test_fields_of_a_record() -> None:
    result = medline.parse(RECORD, "r.nbib")
    assert result.problems == ()
    ref, second = result.references
    assert ref.pmid == "27292104" and ref.line == 1 and second.line == 25
    assert ref.title.startswith("Inotuzumab") and ref.title.endswith("Lymphoblastic Leukemia.")
    assert (ref.year, ref.month, ref.volume, ref.issue) == ("2016", "Aug", "375", "8")
    assert ref.pages == "740-753"
    assert (ref.doi, ref.pmcid) == ("10.1056/NEJMoa1509277", "PMC5123456")
    assert ref.authors == (
        Author(last="Kantarjian", first="Hagop M", initials="HM"),
        Author(last="Gibb", first="Fraser W", initials="FW", suffix="Jr"),
        Author(collective="INO-VATE Investigators"),
    )
    assert (ref.journal, ref.journal_full) == (
        "N Engl J Med",
        "The New England journal of medicine",
    )
    assert ref.publication_types == ("Journal Article", "Randomized Controlled Trial")
    assert ref.keywords == ("Antibodies, Monoclonal, Humanized", "CD22")
    assert ref.trials == ("NCT01564784",)
    assert ("abstract", "Background.") in ref.extra and ("pii", "NEJMoa1509277") in ref.extra
    assert second.pages == "11-12"


def test_bad_lines_and_missing_pmid_are_reported_with_lines() -> None:
    text = "PMID- 1\nthis is not a tag line\nTI  - A\n\nTI  - No id\n"
    result = medline.parse(text, "b.txt")
    assert [r.title for r in result.references] == ["A", "No id"]
    assert [(p.line, p.kind) for p in result.problems] == [(2, "bad_entry"), (5, "no_pmid")]


def test_sniff() -> None:
    assert medline.sniff(RECORD)
    assert medline.sniff("TI  - x\nAU  - Y Z\nDP  - 2001\n")
    assert not medline.sniff("Kantarjian HM, et al. Title. N Engl J Med. 2016.")


def test_line_numbers_count_newlines_only() -> None:
    """A record separator or NEL in a value (Python's splitlines breaks lines there; no
    editor does) moved every later line number down one."""
    text = ("PMID- 12345678\nTI  - First\x1etitle\u0085part\nDP  - 2019\n\n"
            "PMID- 1234567x\nTI  - Second\n")  # fmt: skip
    result = parse_text(text, "l.nbib", "medline")
    assert [r.line for r in result.references] == [1, 5]
    assert result.references[0].title == "First title part"
    assert [(p.kind, p.line) for p in result.problems] == [("bad_pmid", 5)]


@settings(max_examples=examples(60))
@given(
    st.text(alphabet=st.sampled_from("10.56/xab}{:-"), min_size=1, max_size=16),
    st.text(alphabet=st.sampled_from("PMC12x-"), min_size=1, max_size=10),
)
def test_a_doi_or_pmcid_that_is_not_one_is_kept(doi: str, pmcid: str) -> None:
    # "LID - see note [doi]" and "PMC - pending" were dropped without a word
    ref = Reference(key="K", pmid="1", title="T", doi=doi, pmcid=pmcid)
    (back,) = medline.parse(write_nbib([ref]), "odd.nbib").references
    assert back.doi or dict(back.extra)["doi"] == doi
    assert back.pmcid or dict(back.extra)["pmcid"] == pmcid
